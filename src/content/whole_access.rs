//! What someone may do as a whole, for lab goals that one request cannot
//! decide: "read metrics and nothing more" (CloudWatchFullAccess answers
//! every single reading request the way the right policy does, and more),
//! "the same access as before" (a narrower policy passes every request a
//! goal happens to name), "the next hire gets it too" (a policy put on each
//! member instead of the group passes every goal about today's members).
//!
//! Both questions are answered on a copy of the organization with a *stand-in*:
//! an extra user who holds only what the story describes, the reference
//! policies or membership of one group, and nothing else. The engine then
//! decides for the stand-in exactly as for anyone.
//!
//! Whole access is sampled, not proven. The requests compared are every
//! action an Allow statement of the principal's own policies, of a resource's
//! policy, or of the reference could match (wildcards expanded over the
//! action catalog), each on `*` and on every resource of a kind the action
//! works on: the organization's own (buckets and their objects, instances,
//! tables, functions, users, roles), the ARNs the policies themselves name,
//! and one resource that exists nowhere, so that a grant on "every bucket"
//! shows up as a bucket the story never mentions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::iam::access_grid::{self, Column};
use crate::iam::catalog::{Action, catalog};
use crate::iam::model::{Auth, Caller, Org, PolicyDoc, User};
use crate::iam::pattern;
use crate::iam::policy::{Effect, Policy, PolicyKind};
use crate::iam::principal::Layer;

/// The region and names given to resources that exist nowhere.
const REGION: &str = "us-east-1";
pub const ELSEWHERE: &str = "iamtutor-elsewhere";

/// One request compared: an action on a resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Request {
    pub action: String,
    pub resource: String,
}

/// How a principal's whole access compares with a stand-in's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// How many requests were compared.
    pub compared: usize,
    /// Allowed to the principal, not to the stand-in.
    pub beyond: Vec<Request>,
    /// Allowed to the stand-in, not to the principal.
    pub short: Vec<Request>,
}

/// A copy of `org` with one more user in account `home`: named after
/// `base` (with a number when that name is taken), in `groups` (which must
/// exist), holding the managed policies `attached` and the inline
/// documents `inline`. Returns the copy and the user's name.
pub fn with_stand_in(
    org: &Org,
    home: &str,
    base: &str,
    groups: &[&str],
    attached: Vec<String>,
    inline: Inline,
) -> Result<(Org, String), String> {
    let mut copy = org.clone();
    let account = copy
        .accounts
        .get_mut(home)
        .ok_or_else(|| format!("account {home} is missing"))?;
    let name = (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|n| !account.users.contains_key(n))
        .expect("some numbered name is free");
    let mut member_of = Vec::new();
    for g in groups {
        let key = g.to_ascii_lowercase();
        if !account.groups.contains_key(&key) {
            return Err(format!("there is no group {g}"));
        }
        member_of.push(key);
    }
    let user = User {
        name: name.clone(),
        path: "/".into(),
        id: "AIDASTANDIN000000000".into(),
        created: org.now,
        login_profile: None,
        access_keys: Vec::new(),
        mfa_devices: Vec::new(),
        tags: Vec::new(),
        inline,
        attached,
        boundary: None,
        groups: member_of,
        password_last_used: None,
        accessed: Default::default(),
    };
    account.users.insert(name.clone(), user);
    Ok((copy, name))
}

/// The caller for a user of `account`, signing with an access key.
pub fn user_caller(account: &str, name: &str) -> Caller {
    Caller::User {
        account: account.to_string(),
        user: name.to_ascii_lowercase(),
        auth: Auth::AccessKey,
    }
}

/// Inline policies by name.
pub type Inline = BTreeMap<String, Arc<PolicyDoc>>;

/// The reference a goal gives, read: managed policy ARNs stay ARNs (they
/// must exist in `org`), JSON documents become inline policies.
pub fn reference(org: &Org, policies: &[String]) -> Result<(Vec<String>, Inline), String> {
    let mut attached = Vec::new();
    let mut inline = BTreeMap::new();
    for (i, p) in policies.iter().enumerate() {
        let text = p.trim();
        if text.starts_with('{') {
            let doc = PolicyDoc::parse(text, PolicyKind::Identity)
                .map_err(|e| format!("the reference policy {} is not valid: {e}", i + 1))?;
            inline.insert(format!("Reference{}", i + 1), doc);
        } else if org.managed_policy(text).is_some() {
            attached.push(text.to_string());
        } else {
            return Err(format!(
                "`{text}` is neither a managed policy nor a JSON policy"
            ));
        }
    }
    Ok((attached, inline))
}

/// Compares what `principal` may do in `org` with what a stand-in holding
/// only `reference` (as [`reference`] reads it) may do in the same
/// organization. The stand-in lives in the principal's own account (`home`
/// for the root user of no account), so that a bucket of another account
/// is as far from one as from the other.
pub fn compare(
    org: &Org,
    home: &str,
    principal: &Caller,
    reference_policies: &[String],
) -> Result<Comparison, String> {
    let account = match principal {
        Caller::Root { account } | Caller::User { account, .. } => account.as_str(),
        Caller::RoleSession { account, .. } => account.as_str(),
        Caller::Service(_) | Caller::Federated { .. } => home,
    };
    let (attached, inline) = reference(org, reference_policies)?;
    let (copy, name) = with_stand_in(org, account, "story-reference", &[], attached, inline)?;
    let stand_in = user_caller(account, &name);
    let mut docs: Vec<&Policy> = Vec::new();
    for caller in [principal, &stand_in] {
        let p = copy.principal(caller)?;
        docs.extend(p.identity.iter().map(|r| &r.doc.policy));
    }
    docs.extend(resource_policies(&copy));
    let probes = probes(&copy, account, &docs);
    let columns: Vec<Column> = probes
        .iter()
        .map(|r| Column::new(r.action.clone(), r.resource.clone()))
        .collect();
    let g = access_grid::compute_for(&copy, &[principal.clone(), stand_in.clone()], &columns);
    if g.callers.len() != 2 {
        return Err("the principal could not be resolved".into());
    }
    let mut out = Comparison {
        compared: probes.len(),
        beyond: Vec::new(),
        short: Vec::new(),
    };
    for (c, request) in probes.into_iter().enumerate() {
        match (g.get(0, c).is_allowed(), g.get(1, c).is_allowed()) {
            (true, false) if !story_grants(&copy, &stand_in, &request) => out.beyond.push(request),
            (false, true) => out.short.push(request),
            _ => {}
        }
    }
    Ok(out)
}

/// Whether the stand-in was refused only on the resource's side although
/// the story's own policies allow the request: a trust or bucket policy
/// that names the principal itself (`user/sarah` rather than her account)
/// lets her in and not a stranger holding the same policies, and doing
/// what the story's policies allow is no more than the story.
fn story_grants(org: &Org, stand_in: &Caller, request: &Request) -> bool {
    let Ok(e) = org.explain(
        stand_in,
        &request.action,
        &request.resource,
        &crate::iam::context::Context::new(),
    ) else {
        return false;
    };
    e.decision == crate::iam::eval::Decision::ImplicitDeny
        && e.decided_by == Some(Layer::Resource)
        && e.matched_statements()
            .any(|(p, s)| p.layer == Layer::Identity && s.effect == Effect::Allow)
}

/// The resource-based policies of the organization that can grant access
/// by themselves: bucket policies and role trust policies.
fn resource_policies(org: &Org) -> Vec<&Policy> {
    let buckets = org
        .buckets
        .values()
        .filter_map(|b| b.policy.as_deref().map(|d| &d.policy));
    let trusts = org
        .accounts
        .values()
        .flat_map(|a| a.roles.values().map(|r| &r.trust.policy));
    buckets.chain(trusts).collect()
}

/// The requests worth comparing for these policies, sorted, each once.
fn probes(org: &Org, home: &str, docs: &[&Policy]) -> Vec<Request> {
    let cat = catalog();
    let mut actions: BTreeMap<String, Option<&Action>> = BTreeMap::new();
    let mut named: BTreeSet<String> = known_resources(org);
    for doc in docs {
        for s in &doc.statements {
            // Resources named by any statement, Deny ones included: where a
            // Deny fences off a bucket, that bucket is worth asking about.
            for r in s.resource.iter().flat_map(|b| &b.patterns) {
                if !r.has_variables {
                    named.insert(instantiate(&r.text));
                }
            }
            if s.effect != Effect::Allow {
                continue;
            }
            if s.action.negated {
                for svc in &cat.services {
                    for a in &svc.actions {
                        actions.insert(a.full_name().to_string(), Some(a));
                    }
                }
                continue;
            }
            for p in &s.action.patterns {
                if pattern::has_wildcard(&p.text) {
                    for a in cat.actions_matching(&p.text) {
                        actions.insert(a.full_name().to_string(), Some(a));
                    }
                } else {
                    let found = cat.action(&p.text);
                    let name = found.map_or(p.text.clone(), |a| a.full_name().to_string());
                    actions.entry(name).or_insert(found);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    for (name, action) in actions {
        out.insert(Request {
            action: name.clone(),
            resource: "*".into(),
        });
        let service = name.split_once(':').map_or("", |(s, _)| s);
        let templates: Vec<&str> = match action {
            Some(a) => a
                .resources
                .iter()
                .filter_map(|t| {
                    cat.service(service)
                        .and_then(|s| s.resource_type(t))
                        .map(|rt| rt.arn.as_str())
                })
                .collect(),
            None => Vec::new(),
        };
        for t in templates {
            let glob = template_glob(t);
            out.insert(Request {
                action: name.clone(),
                resource: elsewhere(t, home),
            });
            // Only resources of this kind: an object's ARN also fits the
            // bucket's template, yet s3:ListBucket never acts on an object.
            let of_kind = |r: &&String| {
                pattern::matches(&glob, r, false)
                    && cat
                        .service(service)
                        .is_some_and(|s| literal_len(&glob) >= most_specific(s, r))
            };
            for r in named.iter().filter(of_kind) {
                out.insert(Request {
                    action: name.clone(),
                    resource: r.clone(),
                });
            }
        }
        // An action the catalog does not know is asked about on the ARNs
        // of its own service that the policies name.
        if action.is_none() {
            let prefix = format!("arn:aws:{}:", service.to_ascii_lowercase());
            for r in named.iter().filter(|r| r.starts_with(&prefix)) {
                out.insert(Request {
                    action: name.clone(),
                    resource: r.clone(),
                });
            }
        }
    }
    out.into_iter().collect()
}

/// Every resource the organization holds, by ARN: buckets, their objects
/// (and one more object in each), instances, tables, functions, users,
/// groups and roles.
fn known_resources(org: &Org) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for b in org.buckets.values() {
        out.insert(format!("arn:aws:s3:::{}", b.name));
        out.insert(format!("arn:aws:s3:::{}/{ELSEWHERE}", b.name));
        for key in b.objects.keys() {
            out.insert(format!("arn:aws:s3:::{}/{key}", b.name));
        }
    }
    for i in org.instances.values() {
        out.insert(crate::iam::model::instance_arn(
            &i.region, &i.account, &i.id,
        ));
    }
    out.extend(org.tables.values().map(|t| t.arn()));
    out.extend(org.functions.values().map(|f| f.arn()));
    for (id, a) in &org.accounts {
        out.extend(a.users.values().map(|u| u.arn(id)));
        out.extend(a.groups.values().map(|g| g.arn(id)));
        out.extend(a.roles.values().map(|r| r.arn(id)));
    }
    out
}

/// A resource pattern made into one resource it covers: `*` becomes a name
/// nobody uses and `?` one letter, so `arn:aws:s3:::reports/*` gives an
/// object of the reports bucket.
fn instantiate(pattern: &str) -> String {
    pattern.replace('*', ELSEWHERE).replace('?', "x")
}

/// An ARN template of the catalog (`arn:${Partition}:s3:::${BucketName}`) as
/// a pattern that matches every ARN of that kind.
fn template_glob(template: &str) -> String {
    fill(template, |_| "*".to_string())
}

/// How many characters of a pattern are not wildcards: the more, the more
/// specific the kind of resource it stands for.
fn literal_len(glob: &str) -> usize {
    glob.chars().filter(|c| !matches!(c, '*' | '?')).count()
}

/// The specificity of the most specific resource type of `service` whose
/// template `arn` fits: an object's ARN fits `bucket` and `object`, and is
/// an object.
fn most_specific(service: &crate::iam::catalog::Service, arn: &str) -> usize {
    service
        .resource_types
        .iter()
        .map(|rt| template_glob(&rt.arn))
        .filter(|g| pattern::matches(g, arn, false))
        .map(|g| literal_len(&g))
        .max()
        .unwrap_or(0)
}

/// An ARN of that kind that no organization holds.
fn elsewhere(template: &str, home: &str) -> String {
    fill(template, |name| match name {
        "Partition" => "aws".into(),
        "Region" => REGION.into(),
        "Account" => home.into(),
        _ => ELSEWHERE.into(),
    })
}

/// Replaces each `${Name}` of a template.
fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str(&value(&rest[start + 2..start + end]));
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::Shell;

    fn shell(cmds: &[&str]) -> Shell {
        let mut s = Shell::new(Org::new());
        for c in cmds {
            let o = s.run(c);
            assert!(o.ok, "{c}: {}", o.stderr);
        }
        s
    }

    fn compared(s: &Shell, principal: &str, reference: &[&str]) -> Comparison {
        let caller = s.org.resolve_principal(principal, &s.home).unwrap();
        let refs: Vec<String> = reference.iter().map(|r| r.to_string()).collect();
        compare(&s.org, &s.home, &caller, &refs).unwrap()
    }

    const READ_METRICS: &str = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";

    #[test]
    fn the_same_policy_is_the_same_access() {
        let s = shell(&[
            "aws iam create-user --user-name lena",
            &format!("aws iam attach-user-policy --user-name lena --policy-arn {READ_METRICS}"),
        ]);
        let c = compared(&s, "lena", &[READ_METRICS]);
        assert!(c.beyond.is_empty() && c.short.is_empty(), "{c:?}");
        assert!(c.compared > 50, "{}", c.compared);
    }

    #[test]
    fn a_broader_policy_goes_beyond_and_a_narrower_one_falls_short() {
        let s = shell(&[
            "aws iam create-user --user-name lena",
            "aws iam attach-user-policy --user-name lena --policy-arn arn:aws:iam::aws:policy/CloudWatchFullAccess",
            "aws iam create-user --user-name tom",
            r#"aws iam put-user-policy --user-name tom --policy-name One --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudwatch:GetMetricData","Resource":"*"}]}'"#,
        ]);
        let lena = compared(&s, "lena", &[READ_METRICS]);
        assert!(
            lena.beyond
                .iter()
                .any(|r| r.action == "cloudwatch:PutMetricAlarm"),
            "{:?}",
            lena.beyond
        );
        let tom = compared(&s, "tom", &[READ_METRICS]);
        assert!(tom.beyond.is_empty(), "{:?}", tom.beyond);
        assert!(
            tom.short
                .iter()
                .any(|r| r.action == "cloudwatch:ListMetrics"),
            "{:?}",
            tom.short
        );
    }

    #[test]
    fn listing_a_bucket_is_not_asked_about_its_objects() {
        // One statement for the bucket and its objects, as AWS's own
        // examples write it: s3:ListBucket on an object ARN means nothing.
        let s = shell(&[
            "aws iam create-user --user-name ann",
            r#"aws iam put-user-policy --user-name ann --policy-name Read --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
        ]);
        let c = compared(
            &s,
            "ann",
            &[
                r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::startup-reports"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::startup-reports/*"}]}"#,
            ],
        );
        assert!(c.beyond.is_empty(), "{:?}", c.beyond);
        assert!(c.short.is_empty(), "{:?}", c.short);
        // A log stream's ARN fits the log group's template too, and is a
        // log stream.
        let cat = catalog();
        let logs = cat.service("logs").unwrap();
        let stream = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:1";
        let group = logs.resource_type("log-group").unwrap();
        assert!(literal_len(&template_glob(&group.arn)) < most_specific(logs, stream));
    }

    #[test]
    fn every_bucket_is_more_than_one_bucket() {
        let one_bucket = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#;
        let s = shell(&[
            "aws iam create-user --user-name ann",
            r#"aws iam put-user-policy --user-name ann --policy-name All --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'"#,
            "aws iam create-user --user-name bo",
            &format!(
                "aws iam put-user-policy --user-name bo --policy-name One --policy-document '{one_bucket}'"
            ),
        ]);
        let ann = compared(&s, "ann", &[one_bucket]);
        assert!(
            ann.beyond
                .iter()
                .any(|r| r.resource == format!("arn:aws:s3:::{ELSEWHERE}/{ELSEWHERE}")),
            "{:?}",
            ann.beyond
        );
        let bo = compared(&s, "bo", &[one_bucket]);
        assert!(bo.beyond.is_empty() && bo.short.is_empty(), "{bo:?}");
    }

    #[test]
    fn a_reference_must_be_a_policy() {
        let s = shell(&["aws iam create-user --user-name ann"]);
        let caller = s.org.resolve_principal("ann", &s.home).unwrap();
        let bad = ["arn:aws:iam::aws:policy/NoSuchPolicy".to_string()];
        assert!(compare(&s.org, &s.home, &caller, &bad).is_err());
        let broken = ["{\"Version\": ".to_string()];
        assert!(compare(&s.org, &s.home, &caller, &broken).is_err());
    }

    #[test]
    fn a_stand_in_takes_a_free_name_and_joins_its_groups() {
        let s = shell(&[
            "aws iam create-group --group-name Team",
            "aws iam create-user --user-name new-member",
        ]);
        let (org, name) = with_stand_in(
            &s.org,
            &s.home,
            "new-member",
            &["Team"],
            Vec::new(),
            BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(name, "new-member-2");
        assert_eq!(org.user(&s.home, &name).unwrap().groups, vec!["team"]);
        assert!(
            s.org.user(&s.home, &name).is_none(),
            "the original is untouched"
        );
        assert!(
            with_stand_in(
                &s.org,
                &s.home,
                "x",
                &["Nobody"],
                Vec::new(),
                BTreeMap::new()
            )
            .is_err()
        );
    }

    #[test]
    fn templates_give_patterns_and_resources_nobody_holds() {
        let t = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
        assert_eq!(template_glob(t), "arn:*:ec2:*:*:instance/*");
        assert_eq!(
            elsewhere(t, "111122223333"),
            format!("arn:aws:ec2:us-east-1:111122223333:instance/{ELSEWHERE}")
        );
        assert_eq!(
            instantiate("arn:aws:s3:::b/*"),
            format!("arn:aws:s3:::b/{ELSEWHERE}")
        );
    }
}
