//! Tab completion for the sandbox: commands, AWS services, operations and
//! options, and the values people type most (entity names, policy ARNs,
//! action names, workspace files, profiles).

use super::{Shell, builtins, cli};
use crate::iam::{aws_managed, catalog};

/// Candidates for the word that ends at the end of `line`: replace the
/// text from byte `start` with one of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

fn keep(prefix: &str, items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = items
        .into_iter()
        .filter(|c| c.starts_with(prefix))
        .collect();
    out.sort();
    out.dedup();
    out
}

impl Shell {
    /// Completes the last word of `line` (the cursor is at its end).
    pub fn complete(&self, line: &str) -> Completion {
        let start = line.rfind([' ', '\t']).map_or(0, |i| i + 1);
        let current = &line[start..];
        let words: Vec<&str> = line[..start].split_whitespace().collect();
        let candidates = match words.as_slice() {
            [] => keep(
                current,
                builtins::BUILTINS.iter().map(|b| b.name.to_string()),
            ),
            ["on", target, rest @ ..] => self.complete_aws_or_word(target, rest, current),
            ["on"] => keep(current, self.workloads()),
            ["aws", rest @ ..] => self.complete_aws(rest, current),
            ["as"] => {
                let mut names = self.user_names();
                names.extend(self.role_names().into_iter().map(|r| format!("role/{r}")));
                names.extend(self.profiles.keys().cloned());
                names.push("admin".into());
                keep(current, names)
            }
            ["cat" | "rm"] => keep(current, self.files.keys().cloned()),
            ["help"] => keep(
                current,
                builtins::BUILTINS.iter().map(|b| b.name.to_string()),
            ),
            ["mfa-code"] => keep(
                current,
                self.org
                    .accounts
                    .values()
                    .flat_map(|a| a.mfa_devices.values())
                    .map(|d| d.name.clone()),
            ),
            _ => Vec::new(),
        };
        Completion { start, candidates }
    }

    fn complete_aws_or_word(&self, _target: &str, rest: &[&str], current: &str) -> Vec<String> {
        match rest {
            [] => keep(current, ["aws".to_string()]),
            ["aws", more @ ..] => self.complete_aws(more, current),
            _ => Vec::new(),
        }
    }

    fn complete_aws(&self, words: &[&str], current: &str) -> Vec<String> {
        let positional: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !w.starts_with("--"))
            .collect();
        match positional.as_slice() {
            [] => {
                let mut s: Vec<String> = cli::services().into_iter().map(String::from).collect();
                s.extend(["s3".to_string(), "configure".to_string()]);
                return keep(current, s);
            }
            [service] if !current.starts_with("--") && words.last() == Some(service) => {
                return keep(current, cli::operations(service));
            }
            _ => {}
        }
        let (Some(service), Some(op)) = (positional.first(), positional.get(1)) else {
            return Vec::new();
        };
        if current.starts_with("--") {
            let mut names: Vec<String> = cli::options(service, op)
                .into_iter()
                .map(|o| o.name)
                .collect();
            names.extend(cli::global_options().into_iter().map(|o| o.name));
            return keep(current, names);
        }
        let Some(option) = words.last().filter(|w| w.starts_with("--")) else {
            return Vec::new();
        };
        if let Some(info) = cli::options(service, op)
            .into_iter()
            .find(|o| o.name == *option)
            && !info.enum_values.is_empty()
        {
            return keep(current, info.enum_values);
        }
        match *option {
            "--user-name" => keep(current, self.user_names()),
            "--group-name" => keep(current, self.group_names()),
            "--role-name" => keep(current, self.role_names()),
            "--instance-profile-name" => keep(current, self.profile_names()),
            "--policy-arn" | "--permissions-boundary" => keep(current, self.policy_arns()),
            "--role-arn" => keep(current, self.role_arns()),
            "--profile" => keep(current, self.profiles.keys().cloned()),
            "--output" => keep(current, ["json", "text", "table"].map(String::from)),
            "--action-names" => catalog::catalog()
                .complete(current)
                .into_iter()
                .map(String::from)
                .collect(),
            "--policy-document"
            | "--assume-role-policy-document"
            | "--policy"
            | "--cli-input-json" => keep(current, self.files.keys().map(|f| format!("file://{f}"))),
            _ => Vec::new(),
        }
    }

    fn home_account(&self) -> Option<&crate::iam::model::Account> {
        self.org.account(&self.home)
    }

    fn user_names(&self) -> Vec<String> {
        self.home_account()
            .map(|a| a.users.values().map(|u| u.name.clone()).collect())
            .unwrap_or_default()
    }

    fn group_names(&self) -> Vec<String> {
        self.home_account()
            .map(|a| a.groups.values().map(|g| g.name.clone()).collect())
            .unwrap_or_default()
    }

    fn role_names(&self) -> Vec<String> {
        self.home_account()
            .map(|a| a.roles.values().map(|r| r.name.clone()).collect())
            .unwrap_or_default()
    }

    fn profile_names(&self) -> Vec<String> {
        self.home_account()
            .map(|a| {
                a.instance_profiles
                    .values()
                    .map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn role_arns(&self) -> Vec<String> {
        self.org
            .accounts
            .iter()
            .flat_map(|(id, a)| a.roles.values().map(move |r| r.arn(id)))
            .collect()
    }

    fn policy_arns(&self) -> Vec<String> {
        let mut arns: Vec<String> = self
            .home_account()
            .map(|a| a.policies.values().map(|p| p.arn.clone()).collect())
            .unwrap_or_default();
        arns.extend(aws_managed::all().map(|p| p.arn.clone()));
        arns
    }

    fn workloads(&self) -> Vec<String> {
        let mut out: Vec<String> = self.org.instances.keys().cloned().collect();
        out.extend(
            self.org
                .functions
                .values()
                .map(|f| format!("function:{}", f.name)),
        );
        out
    }
}
