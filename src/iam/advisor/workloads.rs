//! Rule `keys-on-workload`: a machine (a server, a function, a build job)
//! signing in as an IAM user with a long-term access key, where a role
//! would hand it short-lived credentials that nobody stores.

use super::commands::{self, active_keys, camel, quoted_policy};
use super::{Finding, Rule, Scan};
use crate::iam::model::{InstanceState, User};

/// Tag keys that say a user stands for a piece of software.
const MACHINE_TAGS: &[&str] = &["runs-on", "service", "app", "application"];

/// Whole words of a user name that say "machine" (too short to look for
/// inside other words: `ci` is in "cinema").
const MACHINE_WORDS: &[&str] = &["app", "bot", "ci", "job", "ec2", "svc", "cron", "batch"];

/// Parts of a user name that say "machine" wherever they appear.
const MACHINE_PARTS: &[&str] = &[
    "server", "service", "lambda", "worker", "deploy", "function", "pipeline",
];

/// Where a machine user's code runs, as far as its name and tags tell: the
/// service principal its role should trust. EC2 unless Lambda is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    Ec2,
    Lambda,
}

impl Runtime {
    fn principal(self) -> &'static str {
        match self {
            Runtime::Ec2 => "ec2.amazonaws.com",
            Runtime::Lambda => "lambda.amazonaws.com",
        }
    }
}

/// Whether a user looks like a machine, by its tags or its name, and where
/// it runs.
fn machine(user: &User) -> Option<Runtime> {
    let name = user.name.to_ascii_lowercase();
    let by_tag = user
        .tags
        .iter()
        .any(|t| MACHINE_TAGS.contains(&t.key.to_ascii_lowercase().as_str()));
    let by_name = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| MACHINE_WORDS.contains(&w.trim_end_matches(|c: char| c.is_ascii_digit())))
        || MACHINE_PARTS.iter().any(|p| name.contains(p));
    if !by_tag && !by_name {
        return None;
    }
    let mentions_lambda = name.contains("lambda")
        || name.contains("function")
        || user.tags.iter().any(|t| {
            let v = t.value.to_ascii_lowercase();
            v.contains("lambda") || v.contains("function")
        });
    Some(if mentions_lambda {
        Runtime::Lambda
    } else {
        Runtime::Ec2
    })
}

pub(super) fn keys_on_workload(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let idle_instances: Vec<&str> = cx
        .org
        .instances
        .values()
        .filter(|i| {
            i.account == cx.account.id
                && i.state == InstanceState::Running
                && i.instance_profile.is_none()
        })
        .map(|i| i.id.as_str())
        .collect();
    for user in cx.account.users.values() {
        if user.login_profile.is_some() || active_keys(user).next().is_none() {
            continue;
        }
        let Some(runtime) = machine(user) else {
            continue;
        };
        let role = role_name(cx, user);
        let instances: &[&str] = if runtime == Runtime::Ec2 {
            &idle_instances
        } else {
            &[]
        };
        let mut f = Finding::new(
            Rule::KeysOnWorkload,
            &cx.account.id,
            vec![user.name.clone()],
        );
        f.summary = format!(
            "{} is a machine signing in with a long-term access key",
            user.name
        );
        f.why = format!(
            "Its name or tags say {} is software, not a person, and it has an access key and no password. That key sits in a file or variable on the machine, never expires and leaks with images and backups. A role trusted by {} gives the code temporary credentials that AWS renews; move its policies to the role, then delete the key and the user.",
            user.name,
            runtime.principal()
        );
        f.fix = build_role(cx, user, runtime, &role, instances);
        f.fix.extend(commands::delete_user(cx.account, user));
        out.push(f);
        for id in instances {
            let mut f = Finding::new(
                Rule::KeysOnWorkload,
                &cx.account.id,
                vec![(*id).to_string(), user.name.clone()],
            );
            f.summary = format!(
                "instance {id} runs without an instance profile while {} holds access keys",
                user.name
            );
            f.why = format!(
                "Code on an instance with no instance profile has no role, so it can only reach AWS with a stored key, very likely {}'s. Give the instance a role through an instance profile; the fix for {} builds the same role and then deletes the user.",
                user.name, user.name
            );
            f.fix = build_role(cx, user, runtime, &role, &[id]);
            out.push(f);
        }
    }
}

/// `app-server` → `AppServerRole`, or with a number when the account
/// already has a role of that name.
fn role_name(cx: &Scan<'_>, user: &User) -> String {
    let base = format!("{}Role", camel(&user.name));
    let mut name = base.clone();
    let mut i = 2;
    while cx.account.roles.contains_key(&name.to_ascii_lowercase())
        || cx
            .account
            .instance_profiles
            .contains_key(&name.to_ascii_lowercase())
    {
        name = format!("{base}{i}");
        i += 1;
    }
    name
}

/// The role that replaces the user: trusted by the runtime's service, with
/// the user's own and its groups' policies, and for EC2 an instance profile
/// given to each instance that has none.
fn build_role(
    cx: &Scan<'_>,
    user: &User,
    runtime: Runtime,
    role: &str,
    instances: &[&str],
) -> Vec<String> {
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{}"}},"Action":"sts:AssumeRole"}}]}}"#,
        runtime.principal()
    );
    let mut fix = vec![format!(
        "aws iam create-role --role-name {role} --assume-role-policy-document '{trust}'"
    )];
    let groups = user.groups.iter().filter_map(|g| cx.account.groups.get(g));
    let mut attached: Vec<&String> = user.attached.iter().collect();
    let mut inline: Vec<(&String, &String)> =
        user.inline.iter().map(|(n, d)| (n, &d.text)).collect();
    for g in groups {
        attached.extend(&g.attached);
        inline.extend(g.inline.iter().map(|(n, d)| (n, &d.text)));
    }
    attached.dedup();
    for arn in attached {
        fix.push(format!(
            "aws iam attach-role-policy --role-name {role} --policy-arn {arn}"
        ));
    }
    for (name, text) in inline {
        fix.push(format!(
            "aws iam put-role-policy --role-name {role} --policy-name {name} --policy-document {}",
            quoted_policy(text)
        ));
    }
    if runtime == Runtime::Ec2 {
        fix.push(format!(
            "aws iam create-instance-profile --instance-profile-name {role}"
        ));
        fix.push(format!(
            "aws iam add-role-to-instance-profile --instance-profile-name {role} --role-name {role}"
        ));
        for id in instances {
            fix.push(format!(
                "aws ec2 associate-iam-instance-profile --instance-id {id} --iam-instance-profile Name={role}"
            ));
        }
    }
    fix
}
