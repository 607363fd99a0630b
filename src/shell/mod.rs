//! The sandbox: an offline AWS CLI for IAM and STS, plus the service calls
//! the course needs, over an in-memory organization. Pure like the engine:
//! no terminal, no files, no clock. Real files are only ever read or written
//! by the host, when a command asks for it through an `Effect`.

pub mod builtins;
pub mod cli;
pub mod complete;
pub mod export;
pub mod identity;
pub mod lexer;
pub mod script;
pub mod services;
pub mod session;
mod token;
pub mod undo;
mod views;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::iam::access_diff::{self, AccessDiff};
use crate::iam::access_grid::Grid;
use crate::iam::error::AwsError;
use crate::iam::eval::Evaluation;
use crate::iam::model::{Caller, Org};
use crate::iam::{call, explain, ops, time};

use identity::{Acting, Profile};
use undo::{Timeline, Version};

/// Above this many users and roles, access is not compared after every
/// command: two grids of a large organization take longer than a keystroke
/// should.
pub(crate) const MAX_TRACKED_PRINCIPALS: usize = 300;

pub(crate) fn access_comparable(org: &Org) -> bool {
    let principals: usize = org
        .accounts
        .values()
        .map(|a| a.users.len() + a.roles.len())
        .sum();
    principals <= MAX_TRACKED_PRINCIPALS
}

/// What one command produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub ok: bool,
    /// The organization changed: views of it should redraw.
    pub changed: bool,
    /// The access decision the command ended on, for the "why?" pane.
    pub evaluation: Option<Evaluation>,
    /// Something only the host may do (the shell never touches real files).
    pub effect: Option<Effect>,
    /// Access gained and lost by this command's change, when the shell
    /// tracks access (`Shell::track_access`) and the organization is small
    /// enough to compare on every command.
    pub access: Option<AccessDiff>,
    /// The exit status a process would end with: 0 on success; for `aws`
    /// commands the AWS CLI's own (252 usage, 253 credentials, 254 service
    /// error); 1 for other failures.
    pub code: i32,
}

impl Outcome {
    fn out(text: impl Into<String>) -> Self {
        Outcome {
            stdout: text.into(),
            ok: true,
            ..Default::default()
        }
    }

    fn err(text: impl Into<String>) -> Self {
        Self::fail(text, 1)
    }

    fn fail(text: impl Into<String>, code: i32) -> Self {
        Outcome {
            stderr: text.into(),
            ok: false,
            code,
            ..Default::default()
        }
    }
}

/// Work for the host: reading or writing a real file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    WriteFile {
        path: String,
        contents: String,
    },
    /// `import`: the host reads the file and hands its text to
    /// `Shell::finish_import`.
    ReadFile {
        path: String,
    },
}

/// The sandbox's whole state.
#[derive(Debug, Clone)]
pub struct Shell {
    pub org: Org,
    /// The account bare names refer to, and where the administrator acts.
    pub home: String,
    pub acting: Acting,
    pub profiles: BTreeMap<String, Profile>,
    /// The workspace: in-memory files for policy documents and downloads.
    pub files: BTreeMap<String, String>,
    pub history: Vec<String>,
    pub last_evaluation: Option<Evaluation>,
    /// Compare access before and after every change (the app does; scripts
    /// and tests that do not read it are spared the work).
    pub track_access: bool,
    /// Print the AWS CLI's usage block after a parse error as one line
    /// saying where the help is (the app's panes are narrow; the command
    /// line keeps the CLI's exact text).
    pub brief_usage: bool,
    /// Organizations that `import NAME` reads by name, as organization-file
    /// text: the course's, handed over by the app that builds the shell.
    /// Shared, so that copies of a shell (undo, a saved sandbox) cost
    /// nothing for them.
    pub named_orgs: std::sync::Arc<BTreeMap<String, String>>,
    /// The access grid of the organization as it is now, from the last
    /// comparison, with the timeline's number of that state: the next
    /// comparison starts from it instead of building it again.
    kept_grid: Option<(u64, std::sync::Arc<Grid>)>,
    /// Copies kept with `save NAME`.
    saved: BTreeMap<String, Version>,
    /// Undo, redo and where the sandbox started.
    timeline: Timeline,
}

impl Shell {
    pub fn new(org: Org) -> Self {
        let home = org
            .accounts
            .keys()
            .next()
            .cloned()
            .unwrap_or_else(|| crate::iam::model::DEFAULT_ACCOUNT.to_string());
        let mut org = org;
        org.add_account(&home);
        Shell {
            timeline: Timeline::new(&org),
            org,
            home,
            acting: Acting::Admin,
            profiles: BTreeMap::new(),
            files: BTreeMap::new(),
            history: Vec::new(),
            last_evaluation: None,
            track_access: false,
            brief_usage: false,
            named_orgs: Default::default(),
            kept_grid: None,
            saved: BTreeMap::new(),
        }
    }

    /// Runs one command (a here-document may make it span lines). A command
    /// that fails leaves the organization as it was.
    pub fn run(&mut self, input: &str) -> Outcome {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Outcome::out("");
        }
        self.history.push(trimmed.to_string());
        let words = match lexer::split(trimmed) {
            Ok(w) => w,
            Err(e) => return Outcome::err(format!("iamtutor: {e}\n")),
        };
        self.run_split(&words, trimmed)
    }

    /// Runs a command already split into words: the host's way in for
    /// arguments a real shell has split, which may hold line breaks that a
    /// command line cannot.
    pub fn run_words(&mut self, words: &lexer::Words) -> Outcome {
        self.run_split(words, &words.words.join(" "))
    }

    /// Runs a command split into words; `line` is how undo names it.
    fn run_split(&mut self, words: &lexer::Words, line: &str) -> Outcome {
        if words.words.is_empty() {
            return Outcome::out("");
        }
        // undo and redo move along the history themselves.
        let manages_history = matches!(words.words[0].as_str(), "undo" | "redo");
        let before = self.org.clone();
        let mut outcome = self.dispatch(words);
        if self.brief_usage && outcome.code == cli::PARAM_VALIDATION_RC {
            let aws = match words.words.as_slice() {
                [first, rest @ ..] if first == "aws" => Some(rest),
                [first, _, second, rest @ ..] if first == "on" && second == "aws" => Some(rest),
                _ => None,
            };
            if let Some(args) = aws {
                let s3 = cli::front(args).is_ok_and(|f| f.command.as_deref() == Some("s3"));
                let help = if s3 {
                    format!(
                        "the sandbox's `aws s3` commands are {}",
                        services::S3_SUBCOMMANDS.join(", ")
                    )
                } else {
                    cli::help_pointer(args)
                };
                outcome.stderr = cli::brief_usage(&outcome.stderr, &help);
            }
        }
        // What was used stays recorded whatever the command did: a refused
        // call is an attempt too, and usage alone is no change to undo.
        let mut before = before;
        crate::iam::usage::carry(&self.org, &mut before);
        if !outcome.ok {
            self.org = before;
        } else if self.org != before && !manages_history {
            outcome.changed = true;
            // The grid kept is of `before` when no other state came between.
            let kept = self
                .kept_grid
                .take()
                .filter(|(id, _)| *id == self.timeline.current);
            let after = if self.track_access
                && access_comparable(&before)
                && access_comparable(&self.org)
            {
                let (diff, after) =
                    access_diff::diff_orgs_kept(&before, kept.as_ref().map(|k| &*k.1), &self.org);
                outcome.access = Some(diff);
                Some(after)
            } else {
                None
            };
            self.timeline.changed(before, line.to_string());
            self.kept_grid = after.map(|g| (self.timeline.current, std::sync::Arc::new(g)));
        }
        let accounts = self.org.accounts.len();
        self.settle_home();
        if self.org.accounts.len() != accounts {
            self.kept_grid = None;
        }
        if outcome.evaluation.is_some() {
            self.last_evaluation.clone_from(&outcome.evaluation);
        }
        outcome
    }

    fn dispatch(&mut self, w: &lexer::Words) -> Outcome {
        let args = &w.words;
        let rest = &args[1..];
        match args[0].as_str() {
            "aws" => {
                let caller = self.acting_caller();
                self.aws(rest, caller)
            }
            "on" => self.on(rest),
            "as" => self.as_cmd(rest),
            "whoami" => self.whoami(),
            "why" => match &self.last_evaluation {
                Some(e) => Outcome::out(explain::why_text(e)),
                None => Outcome::out(
                    "No access decision yet: run a command as someone (try `as john`), then ask why.\n",
                ),
            },
            "ls" => self.ls(),
            "cat" => self.cat(rest),
            "write" => self.write(rest, w.heredoc.as_deref()),
            "rm" => self.rm(rest),
            "history" => Outcome::out(
                self.history
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{:5}  {l}\n", i + 1))
                    .collect::<String>(),
            ),
            "undo" => self.undo(),
            "redo" => self.redo(),
            "reset" => {
                let now = std::mem::replace(&mut self.org, self.timeline.initial.org.clone());
                crate::iam::usage::carry(&now, &mut self.org);
                Outcome::out(
                    "The organization is back to where the sandbox started. `undo` brings your work back.\n",
                )
            }
            "save" => self.save(rest),
            "load" => self.load(rest),
            "time" => self.time(rest),
            "mfa-code" => self.mfa_code(rest),
            "token" => self.token(rest),
            "export" => self.export(rest),
            "changes" => self.changes(),
            "advise" => self.advise(rest),
            "matrix" => self.matrix(rest),
            "paths" => self.paths(rest),
            "import" => self.import(rest),
            // The editor is the app's: a script can only be told so.
            "edit" => Outcome::err(format!("edit: {}\n", builtins::EDIT_ELSEWHERE)),
            "help" => match rest.first() {
                None => Outcome::out(builtins::overview()),
                Some(name) => match builtins::find(name) {
                    Some(b) if b.name == "import" => {
                        let names: Vec<&str> = self.named_orgs.keys().map(String::as_str).collect();
                        Outcome::out(builtins::import_detail(&names))
                    }
                    Some(b) => Outcome::out(builtins::detail(b)),
                    None => Outcome::err(format!("help: no sandbox command `{name}`\n")),
                },
            },
            other => Outcome::err(unknown_command(other)),
        }
    }

    /// Runs `aws ...` as `caller` (None: the acting identity could not be
    /// resolved, and the error says why).
    fn aws(&mut self, args: &[String], caller: Result<Caller, AwsError>) -> Outcome {
        // `aws configure` and `aws s3` are the CLI's own commands, not a
        // service model's; the global options work with them as with any.
        if let Ok(front) = cli::front(args) {
            match front.command.as_deref() {
                Some("configure") => return self.configure(front.profile, &front.rest),
                Some("s3") => return self.s3(&front, caller),
                _ => {}
            }
        }
        let files = &self.files;
        let parsed = cli::parse(args, &|name| files.get(name).cloned());
        let mut call = match parsed {
            Ok(cli::Command::Help(text)) => return Outcome::out(text),
            Ok(cli::Command::Call(call)) => call,
            Err(e) => return Outcome::fail(e.message, e.code),
        };
        // A profile's region and output apply unless the command line says.
        if let Some(p) = self.profile_settings(call.profile.as_deref()) {
            if call.region.is_none() {
                call.region.clone_from(&p.region);
            }
            let given = cli::front(args).is_ok_and(|f| f.output.is_some());
            if !given {
                match p.output.as_deref() {
                    Some("text") => call.output = cli::OutputFormat::Text,
                    Some("table") => call.output = cli::OutputFormat::Table,
                    _ => {}
                }
            }
        }
        let caller = match self.caller_for(call.profile.as_deref(), caller) {
            Ok(c) => c,
            Err(e) => {
                let e = identity::credential_error(&e, &call.operation);
                return Outcome::fail(e.message, e.code);
            }
        };
        let mut evaluation = None;
        self.record_key_use(call.profile.as_deref(), &caller, &call.service);
        let region = call.region.as_deref().unwrap_or(services::DEFAULT_REGION);
        let result = cli::paginate(&call, |input| {
            // The command's copy (`run_split`'s `before`) undoes a failed
            // call: any failed page fails the command.
            let t = call::call_traced_with(
                &mut self.org,
                &caller,
                region,
                &call.service,
                &call.operation,
                input,
                call::Backup::HeldByCaller,
            );
            if t.evaluation.is_some() {
                evaluation = t.evaluation;
            }
            t.result
        });
        let mut outcome = match result {
            Ok(mut response) => {
                let notice = self.write_outfile(&call, &mut response);
                match cli::render(
                    &response,
                    call.output,
                    call.query.as_deref(),
                    &call.operation,
                ) {
                    Ok(text) => Outcome::out(text + &notice),
                    Err(e) => Outcome::fail(e.message, e.code),
                }
            }
            Err(e) => {
                let mut err = cli::service_error(&e.code, &e.message, &call.operation, &[]);
                if e.code == "NoSuchEntity"
                    && let Some(meant) = self.meant_policy_arn(&call.input)
                {
                    err = err.with_hint(format!("did you mean {meant}?"));
                }
                Outcome::fail(err.message, err.code)
            }
        };
        outcome.evaluation = evaluation;
        outcome
    }

    /// `aws s3 ...`: the high-level S3 commands, as `caller` (or the
    /// `--profile` given).
    fn s3(&mut self, front: &cli::Front, caller: Result<Caller, AwsError>) -> Outcome {
        // Missing or half-set credentials stop the CLI before any request;
        // keys AWS refuses fail each request the command makes.
        let caller = self.caller_for(front.profile.as_deref(), caller);
        if let Err(e) = &caller
            && identity::before_any_request(e)
        {
            let e = identity::credential_error(e, "ListBuckets");
            return Outcome::fail(e.message, e.code);
        }
        let profile_region = self
            .profile_settings(front.profile.as_deref())
            .and_then(|p| p.region.clone());
        let region = front
            .region
            .as_deref()
            .or(profile_region.as_deref())
            .unwrap_or(services::DEFAULT_REGION)
            .to_string();
        if let Ok(c) = &caller {
            self.record_key_use(front.profile.as_deref(), c, "s3");
        }
        // As for any command, `run_split` holds the organization's copy.
        let done = services::s3_command_held(
            &mut self.org,
            caller.as_ref(),
            &region,
            &front.rest,
            &mut self.files,
        );
        let mut outcome = match done.result {
            Ok(text) => Outcome::out(text),
            Err(e) => Outcome {
                stdout: e.stdout,
                ..Outcome::fail(e.message, e.status)
            },
        };
        outcome.evaluation = done.evaluation;
        outcome
    }

    /// The CLI writes some responses' payload to a file rather than the
    /// screen (`--outfile` of create-virtual-mfa-device, the outfile of
    /// get-object and invoke); here the file goes to the workspace.
    fn write_outfile(&mut self, call: &cli::Call, response: &mut Value) -> String {
        let Some(path) = call.custom.get("outfile") else {
            return String::new();
        };
        let text = match call.operation.as_str() {
            "CreateVirtualMFADevice" => {
                let method = call
                    .custom
                    .get("bootstrap-method")
                    .map_or("Base32StringSeed", String::as_str);
                let device = &mut response["VirtualMFADevice"];
                let seed = device["Base32StringSeed"].as_str().unwrap_or_default();
                // The API returns the seed base64-encoded; the file holds the
                // Base32 text an authenticator app takes.
                let text = cli::b64::decode(seed)
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_default();
                if let Value::Object(m) = device {
                    m.shift_remove("Base32StringSeed");
                    m.shift_remove("QRCodePNG");
                }
                if method != "Base32StringSeed" {
                    return format!(
                        "(iamtutor) the sandbox has no QR code to write; use --bootstrap-method Base32StringSeed, or `mfa-code {}`\n",
                        device["SerialNumber"].as_str().unwrap_or_default()
                    );
                }
                text
            }
            _ => {
                let body = response
                    .as_object_mut()
                    .and_then(|m| m.shift_remove("Body").or_else(|| m.shift_remove("Payload")));
                match body {
                    Some(Value::String(s)) => s,
                    Some(other) => other.to_string(),
                    None => String::new(),
                }
            }
        };
        self.files.insert(path.clone(), text);
        String::new()
    }

    fn on(&mut self, args: &[String]) -> Outcome {
        let (Some(target), Some("aws")) = (args.first(), args.get(1).map(String::as_str)) else {
            return Outcome::err(
                "usage: on <instance-id | function:NAME> aws <service> <operation> ...\n",
            );
        };
        match services::workload_caller(&self.org, target) {
            Ok(caller) => self.aws(&args[2..], Ok(caller)),
            // The code is there but has no credentials: the CLI on it says
            // so in its own words, and ours say why.
            Err(e) if services::workload_runs(&self.org, target) => self.aws(
                &args[2..],
                Err(AwsError::new(
                    "NoCredentials",
                    format!("{}\n{e}", services::NO_CREDENTIALS),
                )),
            ),
            Err(e) => Outcome::err(format!("on: {e}\n")),
        }
    }

    fn ls(&self) -> Outcome {
        if self.files.is_empty() {
            return Outcome::out("The workspace is empty. Make a file with `write NAME <<JSON`.\n");
        }
        Outcome::out(
            self.files
                .iter()
                .map(|(name, text)| format!("{:>8}  {name}\n", text.len()))
                .collect::<String>(),
        )
    }

    fn cat(&self, args: &[String]) -> Outcome {
        let Some(name) = args.first() else {
            return Outcome::err("usage: cat <file>\n");
        };
        match self.files.get(name) {
            Some(text) if text.ends_with('\n') => Outcome::out(text.clone()),
            Some(text) => Outcome::out(format!("{text}\n")),
            None => Outcome::err(format!(
                "cat: {name}: no such file in the workspace (see `ls`)\n"
            )),
        }
    }

    fn write(&mut self, args: &[String], body: Option<&str>) -> Outcome {
        let (Some(name), Some(body)) = (args.first(), body) else {
            return Outcome::err(
                "usage: write <file> <<EOF, then the lines of the file, then a line with just EOF\n",
            );
        };
        if name.contains('/') || name.is_empty() {
            return Outcome::err(format!(
                "write: `{name}`: workspace file names cannot contain `/`\n"
            ));
        }
        let mut text = body.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let n = text.lines().count();
        self.files.insert(name.clone(), text);
        let lines = if n == 1 {
            "1 line".to_string()
        } else {
            format!("{n} lines")
        };
        Outcome::out(format!("wrote {name} ({lines})\n"))
    }

    fn rm(&mut self, args: &[String]) -> Outcome {
        let Some(name) = args.first() else {
            return Outcome::err("usage: rm <file>\n");
        };
        match self.files.remove(name) {
            Some(_) => Outcome::out(""),
            None => Outcome::err(format!("rm: {name}: no such file in the workspace\n")),
        }
    }

    fn save(&mut self, args: &[String]) -> Outcome {
        let Some(name) = args.first() else {
            let names: Vec<&str> = self.saved.keys().map(String::as_str).collect();
            return Outcome::out(if names.is_empty() {
                "Nothing saved yet: `save NAME` keeps a copy of the organization.\n".to_string()
            } else {
                format!("Saved: {}\n", names.join(", "))
            });
        };
        let kept = self.timeline.keep(&self.org);
        self.saved.insert(name.clone(), kept);
        Outcome::out(format!("Saved the organization as `{name}`.\n"))
    }

    fn load(&mut self, args: &[String]) -> Outcome {
        let Some(name) = args.first() else {
            return Outcome::err("usage: load <name>\n");
        };
        match self.saved.get(name) {
            Some(kept) => {
                let now = std::mem::replace(&mut self.org, kept.org.clone());
                crate::iam::usage::carry(&now, &mut self.org);
                Outcome::out(format!(
                    "Loaded `{name}`. `undo` goes back to what you had.\n"
                ))
            }
            None => Outcome::err(format!("load: nothing saved as `{name}` (see `save`)\n")),
        }
    }

    fn time(&mut self, args: &[String]) -> Outcome {
        if let Some(step) = args.first() {
            match parse_duration(step) {
                Some(secs) => self.org.now += secs,
                None => {
                    return Outcome::err(format!(
                        "time: `{step}` is not a step forward; write +90s, +15m, +2h or +1d\n"
                    ));
                }
            }
        }
        Outcome::out(format!("{}\n", time::iso8601(self.org.now)))
    }

    fn mfa_code(&self, args: &[String]) -> Outcome {
        let Some(which) = args.first() else {
            return Outcome::err("usage: mfa-code <serial-number | device-name>\n");
        };
        let device = self
            .org
            .accounts
            .values()
            .flat_map(|a| a.mfa_devices.values())
            .find(|d| d.serial == *which || d.name.eq_ignore_ascii_case(which));
        match device {
            Some(d) => Outcome::out(format!("{}\n", ops::totp(&d.seed, self.org.now))),
            None => Outcome::err(format!("mfa-code: no virtual MFA device `{which}`\n")),
        }
    }
}

fn unknown_command(name: &str) -> String {
    let nearest = builtins::BUILTINS
        .iter()
        .map(|b| (crate::iam::policy::edit_distance(b.name, name), b.name))
        .min()
        .filter(|(d, _)| *d <= 2)
        .map(|(_, n)| format!(" Did you mean `{n}`?"))
        .unwrap_or_default();
    format!("{name}: command not found.{nearest} Type `help` for the sandbox's commands.\n")
}

/// `+90s`, `+15m`, `+2h`, `+1d` (the plus is optional) in seconds.
fn parse_duration(s: &str) -> Option<i64> {
    let s = s.strip_prefix('+').unwrap_or(s);
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = n.parse().ok()?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(mult)
        .filter(|v| *v > 0 && *v <= 10 * 365 * 86_400)
}

/// The response of a call, for callers that want it as data.
pub fn response_of(outcome: &Outcome) -> Option<Value> {
    serde_json::from_str(&outcome.stdout).ok()
}
