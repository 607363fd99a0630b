//! The sandbox's own commands (everything that is not `aws ...`): one table
//! drives dispatch, `help` and completion, so they cannot disagree.

/// One sandbox command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "aws",
        usage: "aws <service> <operation> [options]",
        summary: "run an AWS CLI command against the sandbox (iam, sts, s3, s3api, ec2, lambda, dynamodb, cloudwatch, autoscaling, elbv2)",
        example: "aws iam create-user --user-name john",
    },
    Builtin {
        name: "as",
        usage: "as <user | role/NAME | profile | admin>",
        summary: "act as another identity for the commands that follow",
        example: "as john",
    },
    Builtin {
        name: "whoami",
        usage: "whoami",
        summary: "show who the next command runs as",
        example: "whoami",
    },
    Builtin {
        name: "on",
        usage: "on <instance-id | function:NAME> aws ...",
        summary: "run a command as code on an EC2 instance or in a Lambda function, with its role's credentials",
        example: "on i-0123456789abcdef0 aws s3 ls s3://startup-reports",
    },
    Builtin {
        name: "why",
        usage: "why",
        summary: "explain the last access decision: every policy and statement the engine looked at",
        example: "why",
    },
    Builtin {
        name: "advise",
        usage: "advise [RULE]",
        summary: "what breaks a best practice here, why it matters and the commands that fix it",
        example: "advise shared-user",
    },
    Builtin {
        name: "matrix",
        usage: "matrix [ACTION[=RESOURCE] ...]",
        summary: "who can do what: every user and role against the actions the organization uses (F6 in the app browses it)",
        example: "matrix s3:GetObject iam:CreateUser",
    },
    Builtin {
        name: "paths",
        usage: "paths [USER | role/NAME]",
        summary: "how someone could gain power they were not given: privilege-escalation paths, step by step",
        example: "paths john",
    },
    Builtin {
        name: "changes",
        usage: "changes",
        summary: "what the last change did to access: who gained and who lost which action, cell by cell",
        example: "changes",
    },
    Builtin {
        name: "ls",
        usage: "ls",
        summary: "list the files of the sandbox workspace (kept in memory, never on disk)",
        example: "ls",
    },
    Builtin {
        name: "cat",
        usage: "cat <file>",
        summary: "print a workspace file",
        example: "cat policy.json",
    },
    Builtin {
        name: "write",
        usage: "write <file> <<EOF ... EOF",
        summary: "write a workspace file from the lines that follow, up to the end word",
        example: "write policy.json <<JSON",
    },
    Builtin {
        name: "rm",
        usage: "rm <file>",
        summary: "delete a workspace file",
        example: "rm policy.json",
    },
    Builtin {
        name: "history",
        usage: "history",
        summary: "list the commands typed so far",
        example: "history",
    },
    Builtin {
        name: "undo",
        usage: "undo",
        summary: "take back the last change to the organization",
        example: "undo",
    },
    Builtin {
        name: "redo",
        usage: "redo",
        summary: "put back the change that undo took back",
        example: "redo",
    },
    Builtin {
        name: "reset",
        usage: "reset",
        summary: "go back to the organization the sandbox started with (undo brings it back)",
        example: "reset",
    },
    Builtin {
        name: "save",
        usage: "save <name>",
        summary: "keep a copy of the organization under a name, in memory",
        example: "save before-cleanup",
    },
    Builtin {
        name: "load",
        usage: "load <name>",
        summary: "go back to a copy made with save (undo brings the current one back)",
        example: "load before-cleanup",
    },
    Builtin {
        name: "time",
        usage: "time [+DURATION]",
        summary: "show the sandbox's simulated clock, or move it forward (+90s, +15m, +2h, +1d)",
        example: "time +1h",
    },
    Builtin {
        name: "mfa-code",
        usage: "mfa-code <serial-number | device-name>",
        summary: "show the current six-digit code of a virtual MFA device, as an authenticator app would",
        example: "mfa-code arn:aws:iam::111122223333:mfa/john-phone",
    },
    Builtin {
        name: "export",
        usage: "export cli|json [--to FILE]",
        summary: "print the organization as a script of aws commands that rebuilds it, or as get-account-authorization-details JSON; --to writes a real file",
        example: "export cli --to startup.sh",
    },
    Builtin {
        name: "import",
        usage: "import FILE",
        summary: "replace the organization with one read from an organization file (undo brings yours back)",
        example: "import startup.ron",
    },
    Builtin {
        name: "help",
        usage: "help [command]",
        summary: "list the sandbox's commands, or explain one",
        example: "help as",
    },
];

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
    format!(
        "{}\n\n  {}\n\nExample:\n  {}\n",
        b.usage, b.summary, b.example
    )
}
