//! Reading the organization: its id, management account, root and policies
//! (SCPs and RCPs). Read after the accounts exist and before their entities,
//! so that an account's `scps` and `rcps` can name the organization's
//! policies.

use std::sync::Arc;

use ron::value::RawValue;

use super::file::{OrgPolicyFile, OrganizationFile};
use super::read::Loader;
use crate::iam::model::{OrgPolicy, OrgPolicyType, Organization, PolicyDoc, Scp};
use crate::iam::org_policy;
use crate::iam::policy::{PolicyKind, counted_chars};

impl Loader<'_> {
    pub(super) fn organization(&mut self, f: &OrganizationFile<'_>) {
        let id = self.string(f.id, "organization id").unwrap_or_default();
        if !org_policy::valid_org_id(&id) {
            self.error(
                f.id,
                format!("organization id `{id}` is not valid: `o-` and 10 to 32 lower-case letters or digits"),
            );
        }
        let management = self
            .string(f.management_account, "management account")
            .unwrap_or_default();
        if !self.org.accounts.contains_key(&management) {
            self.error(
                f.management_account,
                format!("management account `{management}` is not an account of this file"),
            );
        }
        let root_id = match f.root_id {
            Some(raw) => {
                let r = self.string(raw, "root id").unwrap_or_default();
                if !org_policy::valid_root_id(&r) {
                    self.error(
                        raw,
                        format!("root id `{r}` is not valid: `r-` and 4 to 32 lower-case letters or digits"),
                    );
                }
                r
            }
            None => format!(
                "r-{}",
                id.get(id.len().saturating_sub(4)..).unwrap_or("0000")
            ),
        };
        self.org.organization = Some(Organization::new(&id, &management, &root_id));
        for p in &f.policies {
            self.org_policy(p);
        }
        if let Some(list) = &f.root_scps {
            let list: Vec<_> = list.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ServiceControl);
            if let Some(o) = &mut self.org.organization {
                o.root_scps = out;
            }
        }
        if let Some(list) = &f.root_rcps {
            let list: Vec<_> = list.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ResourceControl);
            if let Some(o) = &mut self.org.organization {
                o.root_rcps = out;
            }
        }
    }

    fn org_policy(&mut self, p: &OrgPolicyFile<'_>) {
        let Some(name) = self.org_policy_name(p.name) else {
            return;
        };
        let Some(type_name) = self.string(p.kind, "policy type") else {
            return;
        };
        let Some(kind) = OrgPolicyType::parse(&type_name) else {
            self.error(
                p.kind,
                format!("policy type `{type_name}` is not valid: SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY"),
            );
            return;
        };
        if self
            .org
            .organization
            .as_ref()
            .is_some_and(|o| o.policies.contains_key(&name))
        {
            self.error(
                p.name,
                format!(
                    "policy `{name}` is defined twice: an organization's policy names are unique"
                ),
            );
            return;
        }
        let Some(doc) = self.guardrail_document(p.document, kind, &name) else {
            return;
        };
        let id = match p.id {
            Some(raw) => {
                let id = self.string(raw, "policy id").unwrap_or_default();
                let ok = id.strip_prefix("p-").is_some_and(|r| {
                    (8..=128).contains(&r.len())
                        && r.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                });
                if !ok {
                    self.error(
                        raw,
                        format!("policy id `{id}` is not valid: `p-` and 8 to 128 lower-case letters, digits or underscores"),
                    );
                }
                id
            }
            None => org_policy::new_policy_id(&mut self.org),
        };
        if let Some(o) = &mut self.org.organization {
            o.policies.insert(
                name.clone(),
                OrgPolicy {
                    id,
                    name,
                    description: p.description.clone(),
                    kind,
                    aws_managed: false,
                    doc,
                },
            );
        }
    }

    fn org_policy_name(&mut self, raw: &RawValue) -> Option<String> {
        let name = self.string(raw, "policy name")?;
        if name.is_empty() || name.chars().count() > 128 {
            self.error(
                raw,
                format!("policy name `{name}` is not valid: 1 to 128 characters"),
            );
            return None;
        }
        Some(name)
    }

    /// A document for an SCP or RCP, checked with AWS's rules for its type.
    fn guardrail_document(
        &mut self,
        raw: &RawValue,
        kind: OrgPolicyType,
        name: &str,
    ) -> Option<Arc<PolicyDoc>> {
        let (grammar, what) = match kind {
            OrgPolicyType::ServiceControl => (
                PolicyKind::ServiceControl,
                format!("service control policy `{name}`"),
            ),
            OrgPolicyType::ResourceControl => (
                PolicyKind::Resource,
                format!("resource control policy `{name}`"),
            ),
        };
        let doc = self.document(raw, grammar, &what)?;
        let size = doc.text.chars().count();
        if size > org_policy::MAX_POLICY_SIZE {
            self.error(
                raw,
                format!(
                    "{what} is {size} characters; AWS Organizations allows {}",
                    org_policy::MAX_POLICY_SIZE
                ),
            );
            return None;
        }
        if kind == OrgPolicyType::ResourceControl
            && let Err(why) = org_policy::check_rcp_rules(&doc.text, &doc)
        {
            self.error(raw, format!("{what}: {why}"));
            return None;
        }
        Some(doc)
    }

    /// The SCPs or RCPs of an account or of the root. In an organization, a
    /// name the organization knows needs no document, and a new one joins
    /// the organization's policies.
    pub(super) fn guardrails(
        &mut self,
        list: &[(&RawValue, Option<&RawValue>)],
        kind: OrgPolicyType,
    ) -> Vec<Scp> {
        let word = match kind {
            OrgPolicyType::ServiceControl => "SCP",
            OrgPolicyType::ResourceControl => "RCP",
        };
        let mut out: Vec<Scp> = Vec::new();
        for &(name_raw, doc_raw) in list {
            let Some(name) = self.string(name_raw, &format!("{word} name")) else {
                continue;
            };
            if out.iter().any(|s| s.name == name) {
                self.error(name_raw, format!("{word} `{name}` is attached twice here"));
                continue;
            }
            let known = self
                .org
                .organization
                .as_ref()
                .and_then(|o| o.policies.get(&name))
                .map(|p| (p.kind, p.doc.clone()));
            if let Some((k, _)) = &known
                && *k != kind
            {
                self.error(
                    name_raw,
                    format!(
                        "`{name}` is a policy of type {}, not a {word}",
                        k.api_name()
                    ),
                );
                continue;
            }
            let doc = match (doc_raw, known) {
                (None, Some((_, doc))) => doc,
                (None, None) => {
                    self.error(
                        name_raw,
                        format!("{word} `{name}` needs a document: the organization has no policy of that name"),
                    );
                    continue;
                }
                (Some(raw), known) => {
                    let Some(doc) = self.guardrail_document(raw, kind, &name) else {
                        continue;
                    };
                    match known {
                        Some((_, have))
                            if !counted_chars(&have.text).eq(counted_chars(&doc.text)) =>
                        {
                            self.error(
                                raw,
                                format!("{word} `{name}` has another document elsewhere in this file: an organization has one policy per name (leave the document out to use the one it has)"),
                            );
                            continue;
                        }
                        Some((_, have)) => have,
                        None => {
                            self.add_org_policy(&name, kind, &doc);
                            doc
                        }
                    }
                }
            };
            out.push(Scp { name, doc });
        }
        out
    }

    fn add_org_policy(&mut self, name: &str, kind: OrgPolicyType, doc: &Arc<PolicyDoc>) {
        if self.org.organization.is_none() {
            return;
        }
        let id = org_policy::new_policy_id(&mut self.org);
        if let Some(o) = &mut self.org.organization {
            o.policies.insert(
                name.to_string(),
                OrgPolicy {
                    id,
                    name: name.to_string(),
                    description: String::new(),
                    kind,
                    aws_managed: false,
                    doc: doc.clone(),
                },
            );
        }
    }

    pub(super) fn check_organization(&mut self, f: &OrganizationFile<'_>) {
        let Some(o) = &self.org.organization else {
            return;
        };
        let management = o.management_account.clone();
        let strays: Vec<String> = self
            .org
            .accounts
            .values()
            .filter(|a| a.rcps.is_some() && a.scps.is_none() && a.id != management)
            .map(|a| a.id.clone())
            .collect();
        for id in strays {
            self.error(
                f.id,
                format!("account {id} has `rcps` but no `scps`: in an organization, the member accounts are those with `scps` (write `scps: [Scp(name: \"FullAWSAccess\")]` for AWS's default)"),
            );
        }
    }
}
