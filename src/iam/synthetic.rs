//! Large, generated organizations for benchmarks and stress tests: the same
//! seed always gives the same organization. Actions are real ones from the
//! catalog so that the policies look like policies people write.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::catalog::catalog;
use super::model::{DEFAULT_ACCOUNT, Group, Org, PolicyDoc, User};
use super::ops::new_managed_policy;
use super::policy::PolicyKind;

/// A small deterministic generator (SplitMix64); the caller gives the seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SERVICES: [&str; 6] = ["s3", "ec2", "iam", "dynamodb", "lambda", "cloudwatch"];

/// `n` real action names, spread over the services the course uses.
pub fn actions(n: usize) -> Vec<String> {
    let cat = catalog();
    let lists: Vec<Vec<String>> = SERVICES
        .iter()
        .map(|s| {
            cat.service(s)
                .map(|svc| {
                    svc.actions
                        .iter()
                        .map(|a| format!("{}:{}", svc.prefix, a.name))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while out.len() < n && lists.iter().any(|l| i < l.len()) {
        for l in &lists {
            if out.len() < n
                && let Some(a) = l.get(i)
            {
                out.push(a.clone());
            }
        }
        i += 1;
    }
    out
}

/// `n` resource ARNs: S3 objects, EC2 instances, DynamoDB tables.
pub fn resources(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match i % 3 {
            0 => format!("arn:aws:s3:::bucket-{}/data/{i}.csv", i % 4),
            1 => format!("arn:aws:ec2:us-east-1:{DEFAULT_ACCOUNT}:instance/i-{i:017x}"),
            _ => format!("arn:aws:dynamodb:us-east-1:{DEFAULT_ACCOUNT}:table/T{i}"),
        })
        .collect()
}

fn statement(g: &mut Gen, actions: &[String]) -> String {
    let effect = if g.below(8) == 0 { "Deny" } else { "Allow" };
    let n = 1 + g.below(4);
    let acts: Vec<String> = (0..n)
        .map(|_| {
            let a = g.pick(actions);
            // Some statements use a wildcard over a verb, as people do.
            if g.below(4) == 0 {
                let (svc, name) = a.split_once(':').unwrap_or(("s3", "Get"));
                // The verb is the first capitalised word: "Get" of "GetObject".
                let verb_len = name
                    .char_indices()
                    .skip(1)
                    .find(|(_, c)| c.is_uppercase())
                    .map_or(name.len(), |(i, _)| i);
                let verb = &name[..verb_len];
                format!("{svc}:{verb}*")
            } else {
                a.clone()
            }
        })
        .collect();
    let resource = match g.below(4) {
        0 => "*".to_string(),
        1 => format!("arn:aws:s3:::bucket-{}/*", g.below(4)),
        2 => format!("arn:aws:ec2:us-east-1:{DEFAULT_ACCOUNT}:instance/*"),
        _ => format!(
            "arn:aws:dynamodb:us-east-1:{DEFAULT_ACCOUNT}:table/T{}",
            g.below(20)
        ),
    };
    let condition = if g.below(10) == 0 {
        r#","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#
    } else {
        ""
    };
    let acts = serde_json::to_string(&acts).expect("strings serialize");
    format!(r#"{{"Effect":"{effect}","Action":{acts},"Resource":"{resource}"{condition}}}"#)
}

/// An organization of one account with the given numbers of users, groups and
/// customer managed policies, wired together at random from `seed`.
pub fn org(users: usize, groups: usize, policies: usize, seed: u64) -> Org {
    let mut g = Gen(seed);
    let acts = actions(200);
    let mut org = Org::new();
    let now = org.now;
    let account = DEFAULT_ACCOUNT;
    let mut arns = Vec::with_capacity(policies);
    let mut built = BTreeMap::new();
    for i in 0..policies {
        let n = 1 + g.below(4);
        let stmts: Vec<String> = (0..n).map(|_| statement(&mut g, &acts)).collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            stmts.join(",")
        );
        let doc: Arc<PolicyDoc> =
            PolicyDoc::parse(&text, PolicyKind::Identity).expect("generated policies are valid");
        let name = format!("Policy{i:03}");
        let arn = format!("arn:aws:iam::{account}:policy/{name}");
        arns.push(arn.clone());
        let id = org.new_id("ANPA");
        built.insert(
            name.to_ascii_lowercase(),
            new_managed_policy(name, "/".into(), id, arn, doc, now),
        );
    }
    let mut group_keys = Vec::with_capacity(groups);
    let mut built_groups = BTreeMap::new();
    for i in 0..groups {
        let name = format!("Group{i:02}");
        let attached = (0..1 + g.below(4))
            .map(|_| g.pick(&arns).clone())
            .collect::<Vec<_>>();
        let mut attached_unique = Vec::new();
        for a in attached {
            if !attached_unique.contains(&a) {
                attached_unique.push(a);
            }
        }
        let id = org.new_id("AGPA");
        group_keys.push(name.to_ascii_lowercase());
        built_groups.insert(
            name.to_ascii_lowercase(),
            Group {
                name,
                path: "/".into(),
                id,
                created: now,
                inline: BTreeMap::new(),
                attached: attached_unique,
            },
        );
    }
    let mut built_users = BTreeMap::new();
    for i in 0..users {
        let name = format!("user{i:04}");
        let mut member = Vec::new();
        for _ in 0..1 + g.below(3) {
            let k = g.pick(&group_keys).clone();
            if !member.contains(&k) {
                member.push(k);
            }
        }
        let attached = if g.below(5) == 0 {
            vec![g.pick(&arns).clone()]
        } else {
            Vec::new()
        };
        let id = org.new_id("AIDA");
        let tags = if g.below(2) == 0 {
            vec![super::model::Tag {
                key: "team".into(),
                value: "blue".into(),
            }]
        } else {
            Vec::new()
        };
        built_users.insert(
            name.clone(),
            User {
                name,
                path: "/".into(),
                id,
                created: now,
                login_profile: None,
                access_keys: Vec::new(),
                mfa_devices: Vec::new(),
                tags,
                inline: BTreeMap::new(),
                attached,
                boundary: None,
                groups: member,
                password_last_used: None,
                accessed: Default::default(),
            },
        );
    }
    let acct = org
        .accounts
        .get_mut(account)
        .expect("Org::new has the default account");
    acct.policies = built;
    acct.groups = built_groups;
    acct.users = built_users;
    org
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_org_and_the_sizes_asked_for() {
        let a = org(50, 5, 20, 7);
        let b = org(50, 5, 20, 7);
        assert_eq!(a, b);
        assert_ne!(a, org(50, 5, 20, 8));
        let acct = &a.accounts[DEFAULT_ACCOUNT];
        assert_eq!(
            (acct.users.len(), acct.groups.len(), acct.policies.len()),
            (50, 5, 20)
        );
        assert_eq!(actions(200).len(), 200);
        assert_eq!(resources(20).len(), 20);
    }
}
