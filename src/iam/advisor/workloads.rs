//! Rule `keys-on-workload`: a machine (a server, a function, a build job)
//! signing in as an IAM user with a long-term access key, where a role
//! would hand it short-lived credentials that nobody stores.

use super::commands::{self, active_keys, camel, quoted_policy};
use super::narrow::Use;
use super::{Finding, Rule, Scan};
use crate::iam::model::{Instance, InstanceState, User};

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

/// A machine user that signs in with a long-term key: no console password,
/// an active access key, and a name or tag that says software.
pub(super) fn is_workload_user(user: &User) -> bool {
    user.login_profile.is_none() && active_keys(user).next().is_some() && machine(user).is_some()
}

pub(super) fn keys_on_workload(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let idle: Vec<&Instance> = cx
        .org
        .instances
        .values()
        .filter(|i| {
            i.account == cx.account.id
                && i.state == InstanceState::Running
                && i.instance_profile.is_none()
        })
        .collect();
    for user in cx.account.users.values() {
        if !is_workload_user(user) {
            continue;
        }
        let Some(runtime) = machine(user) else {
            continue;
        };
        let role = role_name(cx, user);
        let instances: Vec<&str> = if runtime == Runtime::Ec2 {
            its_instances(&idle, user)
        } else {
            Vec::new()
        };
        let instances = instances.as_slice();
        let mut f = Finding::new(
            Rule::KeysOnWorkload,
            &cx.account.id,
            vec![user.name.clone()],
        );
        f.summary = format!(
            "{} is a machine signing in with a long-term access key",
            user.name
        );
        let mut why = format!(
            "Its name or tags say {} is software, not a person, and it has an access key and no password. That key sits in a file or variable on the machine, never expires and leaks with images and backups. A role trusted by {} gives the code temporary credentials that AWS renews; the fix gives the role the user's policies, then deletes the key and the user.",
            user.name,
            runtime.principal()
        );
        if narrows(cx, user) {
            why.push_str(" A policy that allows a whole service on every resource goes to the role narrowed: the service's everyday reads and writes on the account's own resources, no deleting and no administration.");
        }
        let held = super::people::holdings(user);
        if !held.is_empty() {
            why.push_str(&format!(
                " Deleting the user also removes {}, so nothing else is reported about it.",
                commands::and_list(&held)
            ));
        }
        f.why = why;
        f.fix = build_role(cx, user, runtime, &role, instances);
        f.fix.extend(commands::delete_user(cx.account, user));
        out.push(f);
        for id in instances {
            let mut f = Finding::new(
                Rule::KeysOnWorkload,
                &cx.account.id,
                // The user first: its finding (which builds the role) comes
                // before the instance's in the list.
                vec![user.name.clone(), (*id).to_string()],
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

/// The running instances without a profile whose code is likely the
/// user's: those whose tags name the user (`{"app": "app-server"}`) when any
/// do, else all of them.
fn its_instances<'a>(idle: &[&'a Instance], user: &User) -> Vec<&'a str> {
    let named: Vec<&str> = idle
        .iter()
        .filter(|i| {
            i.tags
                .iter()
                .any(|t| t.value.eq_ignore_ascii_case(&user.name))
        })
        .map(|i| i.id.as_str())
        .collect();
    if named.is_empty() {
        idle.iter().map(|i| i.id.as_str()).collect()
    } else {
        named
    }
}

/// Whether any inline policy of the user or its groups is narrowed on the
/// way to the role.
fn narrows(cx: &Scan<'_>, user: &User) -> bool {
    let evidence = super::plan::user_evidence(user);
    let groups = user.groups.iter().filter_map(|g| cx.account.groups.get(g));
    user.inline
        .values()
        .chain(groups.flat_map(|g| g.inline.values()))
        .any(|d| cx.narrower.narrow(&d.text, Use::Data, &evidence).is_some())
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
    let mut inline: Vec<(&String, &std::sync::Arc<crate::iam::model::PolicyDoc>)> =
        user.inline.iter().collect();
    for g in groups {
        attached.extend(&g.attached);
        inline.extend(g.inline.iter());
    }
    let mut seen = Vec::new();
    attached.retain(|a| {
        let new = !seen.contains(a);
        seen.push(*a);
        new
    });
    for arn in attached {
        fix.push(format!(
            "aws iam attach-role-policy --role-name {role} --policy-arn {arn}"
        ));
    }
    let evidence = super::plan::user_evidence(user);
    let mut names: Vec<&String> = Vec::new();
    for (name, doc) in inline {
        // Two groups may hold inline policies of one name: the role keeps one.
        if names.contains(&name) {
            continue;
        }
        names.push(name);
        let text = cx
            .narrower
            .narrow(&doc.text, Use::Data, &evidence)
            .unwrap_or_else(|| doc.text.clone());
        fix.push(format!(
            "aws iam put-role-policy --role-name {role} --policy-name {name} --policy-document {}",
            quoted_policy(&text)
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
