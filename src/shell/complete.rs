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

/// Options the CLI adds to every operation (input from JSON, paging),
/// offered after the operation's own.
const CLI_OWN: [&str; 5] = [
    "--cli-input-json",
    "--generate-cli-skeleton",
    "--max-items",
    "--page-size",
    "--starting-token",
];

/// The options of `aws SERVICE OP` that start with `current`: the
/// operation's required ones first, then its optional ones (the CLI's own
/// input and paging options last), then the global ones, each group in
/// alphabetical order. Options already on the line are not offered again.
fn option_names(service: &str, op: &str, words: &[&str], current: &str) -> Vec<String> {
    let options = cli::options(service, op);
    let group = |items: Vec<String>| {
        let mut items: Vec<String> = items
            .into_iter()
            .filter(|n| n.starts_with(current) && !words.contains(&n.as_str()))
            .collect();
        items.sort();
        items.dedup();
        items
    };
    let (required, optional): (Vec<_>, Vec<_>) = options.into_iter().partition(|o| o.required);
    let (own, cli_own): (Vec<_>, Vec<_>) = optional
        .into_iter()
        .partition(|o| !CLI_OWN.contains(&o.name.as_str()));
    let mut out = group(required.into_iter().map(|o| o.name).collect());
    let mut seen: Vec<String> = out.clone();
    for names in [
        own.into_iter().map(|o| o.name).collect(),
        cli_own.into_iter().map(|o| o.name).collect(),
        cli::global_options().into_iter().map(|o| o.name).collect(),
    ] {
        for n in group(names) {
            if !seen.contains(&n) {
                seen.push(n.clone());
                out.push(n);
            }
        }
    }
    out
}

/// Policy ARNs for `current`: those it begins, and those whose policy name
/// it begins once the path is set aside, so that `.../policy/AWSLambdaB`
/// reaches `.../policy/service-role/AWSLambdaBasicExecutionRole` and a bare
/// name (`AdministratorA`) reaches its ARN.
fn policy_arns_for(current: &str, arns: Vec<String>) -> Vec<String> {
    let named = |arn: &str, prefix: &str| {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        !prefix.is_empty()
            && name
                .to_ascii_lowercase()
                .starts_with(&prefix.to_ascii_lowercase())
    };
    let typed_name = if "arn:".starts_with(current) || current.starts_with("arn:") {
        // After `policy/`: the part after the account's `policy/`.
        // After `policy/` with no path written yet: the name so far.
        current
            .split_once(":policy/")
            .filter(|(_, rest)| !rest.contains('/'))
            .map(|(owner, rest)| (format!("{owner}:policy/"), rest))
    } else {
        Some((String::new(), current))
    };
    let mut out: Vec<String> = arns
        .into_iter()
        .filter(|a| {
            a.starts_with(current)
                || typed_name
                    .as_ref()
                    .is_some_and(|(owner, name)| a.starts_with(owner.as_str()) && named(a, name))
        })
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
            ["cat" | "rm" | "edit"] => keep(current, self.files.keys().cloned()),
            ["import"] => keep(current, self.named_orgs.keys().cloned()),
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
            return option_names(service, op, words, current);
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
            "--policy-arn" | "--permissions-boundary" => {
                policy_arns_for(current, self.policy_arns())
            }
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

    /// For a request whose policy ARN names no policy: the real ARN that
    /// was probably meant (the same name under a path such as
    /// `service-role/`, in another account, or a letter or two off).
    pub(super) fn meant_policy_arn(&self, input: &serde_json::Value) -> Option<String> {
        let given = ["PolicyArn", "PermissionsBoundary"]
            .iter()
            .find_map(|k| input.get(*k).and_then(serde_json::Value::as_str))?;
        let known = self.policy_arns();
        if known.iter().any(|a| a == given) {
            return None;
        }
        let name = |arn: &str| arn.rsplit('/').next().unwrap_or(arn).to_ascii_lowercase();
        let owner = |arn: &str| arn.split(':').nth(4).unwrap_or("").to_string();
        let wanted = name(given);
        let bound = (wanted.chars().count() / 6).max(2);
        known
            .into_iter()
            .map(|arn| {
                let d = cli::case_sensitive_distance(&wanted, &name(&arn));
                // A name in the account written comes before one elsewhere.
                let elsewhere = usize::from(owner(&arn) != owner(given));
                (d, elsewhere, arn)
            })
            .filter(|(d, _, _)| *d <= bound)
            .min()
            .map(|(_, _, arn)| arn)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::org_file;

    fn startup() -> Shell {
        let text = include_str!("../../assets/orgs/startup.ron");
        Shell::new(org_file::from_ron(text).expect("startup loads"))
    }

    fn at(list: &[String], name: &str) -> usize {
        list.iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{name} in {list:?}"))
    }

    #[test]
    fn options_come_required_then_optional_then_global() {
        let sh = startup();
        let c = sh.complete("aws iam attach-user-policy --").candidates;
        assert_eq!(&c[..2], ["--policy-arn", "--user-name"], "required first");
        assert_eq!(c[2], "--cli-input-json", "then the optional ones: {c:?}");
        assert!(
            at(&c, "--generate-cli-skeleton") < at(&c, "--debug"),
            "{c:?}"
        );
        let c = sh.complete("aws iam list-users --").candidates;
        // The operation's own before the CLI's input and paging options.
        assert!(
            at(&c, "--path-prefix") < at(&c, "--cli-input-json"),
            "{c:?}"
        );
        assert!(at(&c, "--starting-token") < at(&c, "--ca-bundle"), "{c:?}");
        assert!(
            at(&c, "--output") < at(&c, "--query"),
            "globals alphabetical"
        );
        let c = sh.complete("aws iam create-user --p").candidates;
        assert_eq!(c, ["--path", "--permissions-boundary", "--profile"]);
    }

    #[test]
    fn options_on_the_line_are_not_offered_again() {
        let sh = startup();
        let c = sh
            .complete("aws iam attach-user-policy --user-name john --")
            .candidates;
        assert_eq!(c[0], "--policy-arn");
        assert!(!c.contains(&"--user-name".to_string()), "{c:?}");
    }

    #[test]
    fn policy_arns_reach_service_role_paths_and_bare_names() {
        let sh = startup();
        let line = "aws iam attach-role-policy --role-name R --policy-arn ";
        let c = sh.complete(&format!("{line}arn:aws:iam::aws:policy/AWSLambdaB"));
        assert_eq!(
            c.candidates,
            ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
        );
        let all = sh
            .complete(&format!("{line}arn:aws:iam::aws:policy/"))
            .candidates;
        assert!(all.iter().any(|a| a.contains("/service-role/")), "{all:?}");
        let c = sh.complete(&format!("{line}administratora")).candidates;
        assert_eq!(c, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
        // A path written out keeps to that path.
        let c = sh
            .complete(&format!(
                "{line}arn:aws:iam::aws:policy/service-role/AWSLambda"
            ))
            .candidates;
        assert_eq!(
            c,
            ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
        );
    }

    #[test]
    fn a_near_miss_policy_arn_gets_the_real_one() {
        let mut sh = startup();
        let o = sh.run(
            "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",
        );
        assert_eq!(o.code, 254);
        assert!(
            o.stderr.ends_with(
                "(iamtutor) did you mean arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole?\n"
            ),
            "{}",
            o.stderr
        );
        let o = sh.run(
            "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess",
        );
        assert!(
            o.stderr
                .contains("did you mean arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess?")
        );
        // Nothing close: AWS's words alone.
        let o = sh.run(
            "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/Nothing",
        );
        assert!(!o.stderr.contains("(iamtutor)"), "{}", o.stderr);
    }

    #[test]
    fn import_completes_the_named_organizations() {
        let mut sh = startup();
        std::sync::Arc::make_mut(&mut sh.named_orgs).insert("startup".into(), String::new());
        std::sync::Arc::make_mut(&mut sh.named_orgs).insert("l2-office".into(), String::new());
        assert_eq!(sh.complete("import st").candidates, ["startup"]);
        assert!(
            sh.complete("help ed")
                .candidates
                .contains(&"edit".to_string())
        );
    }
}
