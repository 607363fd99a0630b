//! The argument table of an operation, built the way the CLI builds it: one
//! option per input member (`--` + `xform_name`), `--flag`/`--no-flag` for
//! booleans, the paging options of paginated operations, `--cli-input-json`
//! and `--generate-cli-skeleton`, and the CLI's customizations of the
//! operations we carry (`ec2 run-instances --count`, `lambda create-function
//! --zip-file`, the streaming `outfile`, ...).

use super::model::{Kind, Operation, Service, Shape};
use super::names::xform_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgKind {
    /// An input member, its value unpacked by the member's shape.
    Member {
        member: String,
        shape: String,
        streaming: bool,
    },
    /// One half of a boolean member's `--flag` / `--no-flag` pair.
    Flag {
        member: String,
        value: bool,
    },
    CliInputJson,
    GenerateCliSkeleton,
    StartingToken,
    PageSize {
        kind: Kind,
    },
    MaxItems {
        kind: Kind,
    },
    /// The positional file a streaming response body is written to.
    Outfile,
    /// `iam create-virtual-mfa-device --outfile` / `--bootstrap-method`.
    Custom {
        choices: Vec<String>,
    },
    /// `ec2 run-instances --count N` or `MIN:MAX`.
    Count,
    /// `lambda create-function --zip-file fileb://...`.
    ZipFile {
        member: String,
    },
}

#[derive(Debug, Clone)]
pub struct Arg {
    /// Without the dashes: `user-name`, or `outfile` for the positional.
    pub name: String,
    pub kind: ArgKind,
    pub required: bool,
    /// Takes any number of words (`nargs='*'`).
    pub list: bool,
    /// Accepted but not shown (the raw paging tokens, like `--marker`).
    pub hidden: bool,
}

impl Arg {
    pub fn positional(&self) -> bool {
        self.kind == ArgKind::Outfile
    }

    pub fn is_flag(&self) -> bool {
        matches!(self.kind, ArgKind::Flag { .. })
    }

    /// How argparse names it in messages: `--user-name`, or `outfile`.
    pub fn cli_name(&self) -> String {
        if self.positional() {
            self.name.clone()
        } else {
            format!("--{}", self.name)
        }
    }
}

/// The CLI's argument renames (`awscli/customizations/argrename.py`) for
/// the operations we carry.
fn renamed(service: &str, op: &str, name: &str) -> Option<&'static str> {
    match (service, op, name) {
        ("iam", "enable-mfa-device" | "resync-mfa-device", "authentication-code1") => {
            Some("authentication-code-1")
        }
        ("iam", "enable-mfa-device" | "resync-mfa-device", "authentication-code2") => {
            Some("authentication-code-2")
        }
        ("ec2", _, "no-disable-api-termination") => Some("enable-api-termination"),
        _ => None,
    }
}

/// The operation's output body is a blob (`s3api get-object`, `lambda
/// invoke`): the CLI writes it to a file named on the command line.
pub fn streaming_output(service: &Service, op: &Operation) -> Option<String> {
    let output = service.shape(op.output.as_deref()?);
    let payload = output.payload.as_ref()?;
    let member = output.member(payload)?;
    (service.shape(&member.shape).kind == Kind::Blob).then(|| payload.clone())
}

pub fn arguments(service: &Service, op: &Operation) -> Vec<Arg> {
    let mut args = Vec::new();
    let paginator = op.paginator.as_ref();
    let paging_inputs: Vec<&String> = paginator
        .map(|p| p.input_token.iter().chain(p.limit_key.iter()).collect())
        .unwrap_or_default();
    if let Some(input) = op.input.as_deref().map(|n| service.shape(n)) {
        for member in &input.members {
            let shape = service.shape(&member.shape);
            let required = input.required.contains(&member.name);
            let hidden = paging_inputs.contains(&&member.name);
            let flags = Flags {
                required,
                hidden,
                streaming: member.streaming,
            };
            member_args(service, op, &member.name, shape, flags, &mut args);
        }
    }
    customize(service, op, &mut args);
    if streaming_output(service, op).is_none() {
        args.push(plain("cli-input-json", ArgKind::CliInputJson));
    }
    if let Some(p) = paginator {
        let limit = p
            .limit_key
            .as_deref()
            .and_then(|k| op.input.as_deref().map(|i| (service.shape(i), k)))
            .and_then(|(input, k)| input.member(k).map(|m| service.shape(&m.shape).kind))
            .unwrap_or(Kind::Integer);
        // The paging options shadow a member of the same name (IAM's own
        // `--max-items`), which stays reachable only with --no-paginate.
        args.retain(|a| {
            !matches!(
                a.name.as_str(),
                "starting-token" | "page-size" | "max-items"
            )
        });
        args.push(plain("starting-token", ArgKind::StartingToken));
        if p.limit_key.is_some() {
            args.push(plain("page-size", ArgKind::PageSize { kind: limit }));
        }
        args.push(plain("max-items", ArgKind::MaxItems { kind: limit }));
    }
    args.push(plain("generate-cli-skeleton", ArgKind::GenerateCliSkeleton));
    args
}

fn plain(name: &str, kind: ArgKind) -> Arg {
    Arg {
        name: name.to_owned(),
        kind,
        required: false,
        list: false,
        hidden: false,
    }
}

struct Flags {
    required: bool,
    hidden: bool,
    streaming: bool,
}

fn member_args(
    service: &Service,
    op: &Operation,
    member: &str,
    shape: &Shape,
    flags: Flags,
    args: &mut Vec<Arg>,
) {
    let Flags {
        required,
        hidden,
        streaming,
    } = flags;
    let base = xform_name(member);
    let name = |n: String| {
        renamed(&service.cli, &op.cli, &n)
            .map(str::to_owned)
            .unwrap_or(n)
    };
    if shape.kind == Kind::Boolean {
        for (n, value) in [(base.clone(), true), (format!("no-{base}"), false)] {
            args.push(Arg {
                name: name(n),
                kind: ArgKind::Flag {
                    member: member.to_owned(),
                    value,
                },
                required: false,
                list: false,
                hidden,
            });
        }
        return;
    }
    args.push(Arg {
        name: name(base),
        kind: ArgKind::Member {
            member: member.to_owned(),
            shape: shape.name.clone(),
            streaming,
        },
        required,
        list: shape.kind == Kind::List,
        hidden,
    });
}

/// The handful of CLI customizations that touch our operations.
fn customize(service: &Service, op: &Operation, args: &mut Vec<Arg>) {
    if streaming_output(service, op).is_some() {
        args.push(Arg {
            name: "outfile".into(),
            kind: ArgKind::Outfile,
            required: true,
            list: false,
            hidden: false,
        });
    }
    match (service.cli.as_str(), op.name.as_str()) {
        ("iam", "CreateVirtualMFADevice") => {
            for (name, choices) in [
                ("outfile", vec![]),
                (
                    "bootstrap-method",
                    vec!["QRCodePNG".to_owned(), "Base32StringSeed".to_owned()],
                ),
            ] {
                args.push(Arg {
                    name: name.into(),
                    kind: ArgKind::Custom { choices },
                    required: true,
                    list: false,
                    hidden: false,
                });
            }
        }
        ("ec2", "RunInstances") => {
            args.retain(|a| a.name != "min-count" && a.name != "max-count");
            args.push(plain("count", ArgKind::Count));
        }
        ("lambda", "CreateFunction") => {
            for a in args.iter_mut().filter(|a| a.name == "code") {
                a.required = false;
            }
            args.push(plain(
                "zip-file",
                ArgKind::ZipFile {
                    member: "Code".into(),
                },
            ));
        }
        _ => {}
    }
}
