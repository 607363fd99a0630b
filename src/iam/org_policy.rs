//! The policies of AWS Organizations: AWS's grammar rules for SCPs and RCPs
//! beyond the IAM policy language, AWS's two managed policies, and keeping
//! the copies attached to accounts and the root in step with the
//! organization's list.

use std::sync::Arc;

use super::model::{
    FULL_AWS_ACCESS, Org, OrgPolicy, OrgPolicyType, Organization, PolicyDoc, RCP_FULL_AWS_ACCESS,
    Scp,
};
use super::policy::PolicyKind;

/// AWS Organizations' limit on an SCP's or RCP's size, in characters; all
/// characters count, white space included.
pub const MAX_POLICY_SIZE: usize = 5120;

/// AWS's message for content that breaks the policy type's rules.
pub const MALFORMED: &str =
    "The provided policy document does not meet the requirements of the specified policy type.";

/// Parses and checks a policy's content for its type. The error says what
/// is wrong after AWS's own sentence.
pub fn parse(text: &str, kind: OrgPolicyType) -> Result<Arc<PolicyDoc>, String> {
    let size = text.chars().count();
    if size > MAX_POLICY_SIZE {
        return Err(format!(
            "{MALFORMED} The policy is {size} characters; the limit is {MAX_POLICY_SIZE}."
        ));
    }
    let grammar = match kind {
        OrgPolicyType::ServiceControl => PolicyKind::ServiceControl,
        OrgPolicyType::ResourceControl => PolicyKind::Resource,
    };
    let doc = PolicyDoc::parse(text, grammar).map_err(|e| format!("{MALFORMED} {}", e.message))?;
    if kind == OrgPolicyType::ResourceControl {
        check_rcp(text, &doc).map_err(|why| format!("{MALFORMED} {why}"))?;
    }
    Ok(doc)
}

/// Checks an RCP already parsed with the resource-policy grammar against
/// the rules only RCPs have.
pub fn check_rcp_rules(text: &str, doc: &PolicyDoc) -> Result<(), String> {
    check_rcp(text, doc)
}

/// AWS's RCP rules: version 2012-10-17, only Deny (Allow is reserved for
/// RCPFullAWSAccess), `"Principal": "*"` and never NotPrincipal, and no
/// NotAction.
fn check_rcp(text: &str, doc: &PolicyDoc) -> Result<(), String> {
    let p = &doc.policy;
    if p.version != super::policy::Version::V2012 || !p.version_given {
        return Err("An RCP must have \"Version\": \"2012-10-17\".".into());
    }
    for s in &p.statements {
        let which = s.sid.as_deref().map_or_else(
            || format!("statement {}", s.index + 1),
            |sid| format!("statement `{sid}`"),
        );
        if s.effect != super::policy::Effect::Deny {
            return Err(format!(
                "{which}: an RCP statement must have \"Effect\": \"Deny\" (only AWS's RCPFullAWSAccess allows)."
            ));
        }
        if s.action.negated {
            return Err(format!("{which}: RCPs do not support NotAction."));
        }
        match &s.principal {
            Some(b) if b.negated => {
                return Err(format!("{which}: RCPs do not support NotPrincipal."));
            }
            Some(b) if b.any && principal_is_star(text, s) => {}
            _ => {
                return Err(format!(
                    "{which}: an RCP statement must have \"Principal\": \"*\" (narrow it with conditions)."
                ));
            }
        }
    }
    Ok(())
}

/// `"Principal": "*"` exactly, not `{"AWS": "*"}`: the statement's text is
/// read, since the parsed form treats both alike.
fn principal_is_star(text: &str, s: &super::policy::Statement) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let start = char_index(text, s.pos.line, s.pos.col);
    let end = char_index(text, s.end.line, s.end.col).max(start);
    let body: String = chars[start..end.min(chars.len())]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    body.contains("\"Principal\":\"*\"")
}

/// The character index of a 1-based line and column, counted as the JSON
/// reader counts them.
fn char_index(text: &str, line: u32, col: u32) -> usize {
    let (mut l, mut c) = (1, 1);
    for (i, ch) in text.chars().enumerate() {
        if l == line && c == col {
            return i;
        }
        if ch == '\n' {
            l += 1;
            c = 1;
        } else {
            c += 1;
        }
    }
    text.chars().count()
}

/// AWS's managed policy of a type, as the organization lists it.
pub fn aws_managed(kind: OrgPolicyType) -> OrgPolicy {
    let (name, text, description) = match kind {
        OrgPolicyType::ServiceControl => (
            "FullAWSAccess",
            FULL_AWS_ACCESS,
            "Allows access to every operation",
        ),
        OrgPolicyType::ResourceControl => (
            "RCPFullAWSAccess",
            RCP_FULL_AWS_ACCESS,
            "Allows access to every operation",
        ),
    };
    let grammar = match kind {
        OrgPolicyType::ServiceControl => PolicyKind::ServiceControl,
        OrgPolicyType::ResourceControl => PolicyKind::Resource,
    };
    OrgPolicy {
        id: format!("p-{name}"),
        name: name.into(),
        description: description.into(),
        kind,
        aws_managed: true,
        doc: PolicyDoc::parse(text, grammar).expect("AWS's managed policy parses"),
    }
}

impl Organization {
    /// An organization with AWS's defaults: both managed policies exist and
    /// are attached to the root.
    pub fn new(id: &str, management_account: &str, root_id: &str) -> Organization {
        let mut o = Organization {
            id: id.into(),
            management_account: management_account.into(),
            root_id: root_id.into(),
            root_scps: Vec::new(),
            root_rcps: Vec::new(),
            policies: Default::default(),
        };
        for kind in [
            OrgPolicyType::ServiceControl,
            OrgPolicyType::ResourceControl,
        ] {
            let p = aws_managed(kind);
            let attached = Scp {
                name: p.name.clone(),
                doc: p.doc.clone(),
            };
            match kind {
                OrgPolicyType::ServiceControl => o.root_scps.push(attached),
                OrgPolicyType::ResourceControl => o.root_rcps.push(attached),
            }
            o.policies.insert(p.name.clone(), p);
        }
        o
    }
}

/// A new policy id: `p-` and 8 lower-case hex digits, from the
/// organization's deterministic generator, unused so far.
pub fn new_policy_id(org: &mut Org) -> String {
    loop {
        let hex = org.new_hex_id("");
        let id = format!("p-{}", &hex[..8]);
        let taken = org
            .organization
            .as_ref()
            .is_some_and(|o| o.policy_by_id(&id).is_some());
        if !taken {
            return id;
        }
    }
}

/// Is `id` an organization id as AWS writes them (`o-` and 10 to 32
/// lower-case letters or digits)?
pub fn valid_org_id(id: &str) -> bool {
    id.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// Is `id` a root id (`r-` and 4 to 32 lower-case letters or digits)?
pub fn valid_root_id(id: &str) -> bool {
    id.strip_prefix("r-").is_some_and(|rest| {
        (4..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// The targets a policy is attached to, as (target id, is the root).
pub fn targets(org: &Org, policy: &OrgPolicy) -> Vec<String> {
    let Some(o) = &org.organization else {
        return Vec::new();
    };
    let on = |list: &[Scp]| list.iter().any(|s| s.name == policy.name);
    let mut out = Vec::new();
    let root = match policy.kind {
        OrgPolicyType::ServiceControl => &o.root_scps,
        OrgPolicyType::ResourceControl => &o.root_rcps,
    };
    if on(root) {
        out.push(o.root_id.clone());
    }
    for (id, a) in &org.accounts {
        let list = match policy.kind {
            OrgPolicyType::ServiceControl => a.scps.as_deref(),
            OrgPolicyType::ResourceControl => a.rcps.as_deref(),
        };
        if list.is_some_and(on) {
            out.push(id.clone());
        }
    }
    out
}

/// After a policy's content changed, every attached copy follows.
pub fn sync_copies(org: &mut Org, name: &str, doc: &Arc<PolicyDoc>) {
    let fix = |list: &mut Vec<Scp>| {
        for s in list.iter_mut().filter(|s| s.name == name) {
            s.doc = doc.clone();
        }
    };
    if let Some(o) = &mut org.organization {
        fix(&mut o.root_scps);
        fix(&mut o.root_rcps);
    }
    for a in org.accounts.values_mut() {
        if let Some(l) = &mut a.scps {
            fix(l);
        }
        if let Some(l) = &mut a.rcps {
            fix(l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RCP: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "OrgOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#;

    #[test]
    fn an_rcp_with_deny_and_star_principal_is_accepted() {
        assert!(parse(RCP, OrgPolicyType::ResourceControl).is_ok());
    }

    #[test]
    fn rcp_rules_refuse_allow_notaction_and_named_principals() {
        let allow = RCP.replace("\"Deny\"", "\"Allow\"");
        let e = parse(&allow, OrgPolicyType::ResourceControl).unwrap_err();
        assert!(e.starts_with(MALFORMED) && e.contains("Deny"), "{e}");
        let not_action = RCP.replace("\"Action\"", "\"NotAction\"");
        assert!(
            parse(&not_action, OrgPolicyType::ResourceControl)
                .unwrap_err()
                .contains("NotAction")
        );
        let aws_star = RCP.replace("\"Principal\": \"*\"", "\"Principal\": {\"AWS\": \"*\"}");
        assert!(
            parse(&aws_star, OrgPolicyType::ResourceControl)
                .unwrap_err()
                .contains("Principal")
        );
        let named = RCP.replace(
            "\"Principal\": \"*\"",
            "\"Principal\": {\"AWS\": \"arn:aws:iam::777788889999:root\"}",
        );
        assert!(parse(&named, OrgPolicyType::ResourceControl).is_err());
        let no_version = RCP.replace("\"Version\": \"2012-10-17\", ", "");
        assert!(
            parse(&no_version, OrgPolicyType::ResourceControl)
                .unwrap_err()
                .contains("Version")
        );
    }

    #[test]
    fn an_scp_may_not_name_a_principal_and_both_are_capped_at_5120_characters() {
        assert!(parse(RCP, OrgPolicyType::ServiceControl).is_err());
        let big = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{}"}}]}}"#,
            "a".repeat(5100)
        );
        let e = parse(&big, OrgPolicyType::ServiceControl).unwrap_err();
        assert!(e.contains("5120"), "{e}");
        assert!(parse(FULL_AWS_ACCESS, OrgPolicyType::ServiceControl).is_ok());
    }

    #[test]
    fn a_new_organization_attaches_both_managed_policies_to_the_root() {
        let o = Organization::new("o-a1b2c3d4e5", "111111111111", "r-ab12");
        assert_eq!(o.root_scps[0].name, "FullAWSAccess");
        assert_eq!(o.root_rcps[0].name, "RCPFullAWSAccess");
        assert_eq!(o.policies["FullAWSAccess"].id, "p-FullAWSAccess");
        assert_eq!(
            o.policy_arn(&o.policies["RCPFullAWSAccess"]),
            "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess"
        );
    }
}
