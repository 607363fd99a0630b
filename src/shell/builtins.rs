//! The sandbox's own commands (everything that is not `aws ...`): one table
//! drives dispatch, `help` and completion, so they cannot disagree.

/// One sandbox command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
    /// More for `help NAME`, after the summary; empty for most.
    pub note: &'static str,
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "aws",
        usage: "aws <service> <operation> [options]",
        summary: "run an AWS CLI command against the sandbox (iam, sts, s3, s3api, ec2, lambda, dynamodb, cloudwatch, autoscaling, elbv2)",
        example: "aws iam create-user --user-name john",
        note: "",
    },
    Builtin {
        name: "as",
        usage: "as <user | role/NAME | profile | admin>",
        summary: "act as another identity for the commands that follow",
        example: "as john",
        note: "A sandbox extension, not an AWS command: `as` acts as a user without keys, and steps into a role directly, whatever its trust policy says (it tells you when the trust policy would refuse). The real ways: a profile with the user's keys (`aws configure set ... --profile NAME`, then `as NAME`), and `aws sts assume-role --role-arn ARN --role-session-name NAME` for a role.",
    },
    Builtin {
        name: "whoami",
        usage: "whoami",
        summary: "show who the next command runs as",
        example: "whoami",
        note: "",
    },
    Builtin {
        name: "on",
        usage: "on <instance-id | function:NAME> aws ...",
        summary: "run a command as code on an EC2 instance or in a Lambda function, with its role's credentials",
        example: "on i-0123456789abcdef0 aws s3 ls s3://startup-reports",
        note: "",
    },
    Builtin {
        name: "why",
        usage: "why",
        summary: "explain the last access decision: every policy and statement the engine looked at",
        example: "why",
        note: "",
    },
    Builtin {
        name: "advise",
        usage: "advise [RULE]",
        summary: "what breaks a best practice here, why it matters and the commands that fix it",
        example: "advise shared-user",
        note: "",
    },
    Builtin {
        name: "matrix",
        usage: "matrix [ACTION[=RESOURCE] ...]",
        summary: "who can do what: every user and role against the actions the organization uses (F6 in the app browses it)",
        example: "matrix s3:GetObject iam:CreateUser",
        note: "",
    },
    Builtin {
        name: "paths",
        usage: "paths [USER | role/NAME]",
        summary: "how someone could gain power they were not given: privilege-escalation paths, step by step",
        example: "paths john",
        note: "",
    },
    Builtin {
        name: "changes",
        usage: "changes",
        summary: "what the last change did to access: who gained and who lost which action, cell by cell",
        example: "changes",
        note: "",
    },
    Builtin {
        name: "ls",
        usage: "ls",
        summary: "list the files of the sandbox workspace (kept in memory, never on disk)",
        example: "ls",
        note: "",
    },
    Builtin {
        name: "cat",
        usage: "cat <file>",
        summary: "print a workspace file",
        example: "cat policy.json",
        note: "",
    },
    Builtin {
        name: "write",
        usage: "write <file> <<EOF ... EOF",
        summary: "write a workspace file from the lines that follow, up to the end word",
        example: "write policy.json <<JSON",
        note: "",
    },
    Builtin {
        name: "edit",
        usage: "edit FILE",
        summary: "open a workspace file (a new one if missing) in the policy editor; Ctrl-S saves, checking JSON first, Esc closes",
        example: "edit policy.json",
        note: "The editor opens in the app (the sandbox and labs of `iamtutor`). A script run with `iamtutor run` has no editor: `edit` fails there with a note to use `write FILE <<EOF` instead.",
    },
    Builtin {
        name: "rm",
        usage: "rm <file>",
        summary: "delete a workspace file",
        example: "rm policy.json",
        note: "",
    },
    Builtin {
        name: "history",
        usage: "history",
        summary: "list the commands typed so far",
        example: "history",
        note: "",
    },
    Builtin {
        name: "undo",
        usage: "undo",
        summary: "take back the last change to the organization",
        example: "undo",
        note: "",
    },
    Builtin {
        name: "redo",
        usage: "redo",
        summary: "put back the change that undo took back",
        example: "redo",
        note: "",
    },
    Builtin {
        name: "reset",
        usage: "reset",
        summary: "go back to the organization the sandbox started with (undo brings it back)",
        example: "reset",
        note: "",
    },
    Builtin {
        name: "save",
        usage: "save <name>",
        summary: "keep a copy of the organization under a name, in memory",
        example: "save before-cleanup",
        note: "",
    },
    Builtin {
        name: "load",
        usage: "load <name>",
        summary: "go back to a copy made with save (undo brings the current one back)",
        example: "load before-cleanup",
        note: "",
    },
    Builtin {
        name: "time",
        usage: "time [+DURATION]",
        summary: "show the sandbox's simulated clock, or move it forward (+90s, +15m, +2h, +1d)",
        example: "time +1h",
        note: "",
    },
    Builtin {
        name: "mfa-code",
        usage: "mfa-code <serial-number | device-name>",
        summary: "show the current six-digit code of a virtual MFA device, as an authenticator app would",
        example: "mfa-code arn:aws:iam::111122223333:mfa/john-phone",
        note: "",
    },
    Builtin {
        name: "token",
        usage: "token oidc --sub SUBJECT [--issuer HOST] [--aud AUD] [--tag K=V] [--to FILE] | token saml --provider ARN --role ARN --sub NAME [--to FILE] | token saml-metadata --issuer URL [--to FILE]",
        summary: "make the web identity token, SAML assertion or SAML metadata an identity provider would hand out, for assume-role-with-web-identity / -with-saml",
        example: "token oidc --issuer token.actions.githubusercontent.com --sub repo:acme/web:ref:refs/heads/main --aud sts.amazonaws.com --to gh.jwt",
        note: "A sandbox extension, not an AWS command. A real token is signed by the identity provider (GitHub, Okta, Entra ID, IAM Identity Center) after someone signs in there, and STS checks that signature against the provider's keys; the sandbox has no provider, so `token` writes an unsigned one and the sandbox checks no signature, only the claims: the issuer must have an IAM identity provider in the role's account, the audience must be one of its client ids, the token must not have expired (`time` moves the clock), and the role's trust policy decides with the claims as condition keys (`token.actions.githubusercontent.com:sub`, `saml:aud`, ...). `--tag K=V` adds session tags (the `https://aws.amazon.com/tags` claim, or PrincipalTag attributes). `--to FILE` keeps it in the workspace, to pass as `--web-identity-token file://FILE` or `--saml-assertion file://FILE`; `token saml-metadata --issuer URL --to idp.xml` writes metadata for `aws iam create-saml-provider --saml-metadata-document file://idp.xml`.",
    },
    Builtin {
        name: "export",
        usage: "export cli|json [--to FILE]",
        summary: "print the organization as a script of aws commands that rebuilds it, or as get-account-authorization-details JSON; --to writes a real file",
        example: "export cli --to startup.sh",
        note: "",
    },
    Builtin {
        name: "import",
        usage: "import NAME | FILE",
        summary: "replace the organization with one of the course's, by name, or one read from an organization file (undo brings yours back)",
        example: "import startup",
        note: "",
    },
    Builtin {
        name: "help",
        usage: "help [command]",
        summary: "list the sandbox's commands, or explain one",
        example: "help as",
        note: "",
    },
];

/// What `edit` says where there is no editor (a script).
pub const EDIT_ELSEWHERE: &str = "the policy editor opens in the app (the sandbox and labs of `iamtutor`); in a script, write the file with `write FILE <<EOF` instead";

pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// `help` with no argument.
pub fn overview() -> String {
    let width = BUILTINS.iter().map(|b| b.name.len()).max().unwrap_or(0);
    let mut s = String::from(
        "Sandbox commands (try `help <command>`; AWS commands have `aws <service> <operation> help`):\n",
    );
    for b in BUILTINS {
        s.push_str(&format!("  {:width$}  {}\n", b.name, b.summary));
    }
    s
}

/// `help <command>`.
pub fn detail(b: &Builtin) -> String {
    let note = if b.note.is_empty() {
        String::new()
    } else {
        format!("\n  {}\n", b.note)
    };
    format!(
        "{}\n\n  {}\n{note}\nExample:\n  {}\n",
        b.usage, b.summary, b.example
    )
}

/// `help import`: the detail, and the organizations it reads by name.
pub fn import_detail(names: &[&str]) -> String {
    let b = find("import").expect("import is a builtin");
    let list = if names.is_empty() {
        "  No organizations by name here: give the path of an organization file (see docs/org-format.md).\n".to_string()
    } else {
        format!(
            "  By name, the course's organizations: {}.\n  Any other word with a dot or a slash is a real organization file (see docs/org-format.md).\n",
            names.join(", ")
        )
    };
    format!(
        "{}\n\n  {}\n\n{list}\nExample:\n  {}\n",
        b.usage, b.summary, b.example
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::model::Org;
    use crate::shell::Shell;

    #[test]
    fn edit_is_listed_and_explained_and_a_script_is_told_where_it_works() {
        let mut sh = Shell::new(Org::new());
        let all = sh.run("help").stdout;
        assert!(all.contains("\n  edit "), "{all}");
        let one = sh.run("help edit").stdout;
        assert!(one.starts_with("edit FILE\n"), "{one}");
        assert!(one.contains("The editor opens in the app"), "{one}");
        assert!(one.contains("`iamtutor run`"), "{one}");
        let o = sh.run("edit policy.json");
        assert!(!o.ok);
        assert_eq!(o.stderr, format!("edit: {EDIT_ELSEWHERE}\n"));
    }

    #[test]
    fn help_import_lists_the_organizations_by_name() {
        let mut sh = Shell::new(Org::new());
        assert!(
            sh.run("help import")
                .stdout
                .contains("No organizations by name here")
        );
        std::sync::Arc::make_mut(&mut sh.named_orgs).insert("startup".into(), String::new());
        std::sync::Arc::make_mut(&mut sh.named_orgs).insert("l8-messy".into(), String::new());
        let help = sh.run("help import").stdout;
        assert!(
            help.contains("By name, the course's organizations: l8-messy, startup."),
            "{help}"
        );
        let o = sh.run("import nothing");
        assert!(!o.ok);
        assert!(
            o.stderr.contains("no organization named `nothing`"),
            "{}",
            o.stderr
        );
        // A file name still goes to the host.
        assert!(sh.run("import ./startup.ron").effect.is_some());
    }

    #[test]
    fn brief_usage_keeps_one_line_where_the_cli_prints_seven() {
        let mut sh = Shell::new(Org::new());
        let full = sh.run("aws iam create-user --username john");
        assert!(
            full.stderr.contains("usage: aws [options]"),
            "{}",
            full.stderr
        );
        sh.brief_usage = true;
        let brief = sh.run("aws iam create-user --username john");
        assert_eq!(brief.code, full.code);
        assert_eq!(
            brief.stderr,
            "\naws: [ERROR]: An error occurred (ParamValidation): the following arguments are required: --user-name\n\
             (iamtutor) `aws iam create-user help` lists its options\n\
             (iamtutor) did you mean --user-name? (you wrote --username)\n"
        );
        let s3 = sh.run("aws s3 cp");
        assert!(
            s3.stderr
                .contains("(iamtutor) the sandbox's `aws s3` commands are ls, cp, rm, mb, rb"),
            "{}",
            s3.stderr
        );
        assert!(!s3.stderr.contains("usage: aws"), "{}", s3.stderr);
    }
}
