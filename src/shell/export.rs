//! `export cli`, `export json` and `import`: the organization in and out of
//! the sandbox. The shell never touches a real file: `--to FILE` and
//! `import FILE` hand an `Effect` to the host, which does the I/O and, for
//! an import, gives the text back through `Shell::finish_import`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::{Effect, Outcome, Shell};
use crate::iam::model::{
    Account, Billing, Caller, InstanceState, ManagedPolicy, Org, Role, Tag, User,
};
use crate::iam::{ops, org_file};

mod providers;

const EXPORT_USAGE: &str = "usage: export cli|json [--to FILE]\n  export cli   a script of aws commands that rebuilds the organization\n  export json  the account as `aws iam get-account-authorization-details` prints it\n";

impl Shell {
    /// `export cli|json [--to FILE]`.
    pub(super) fn export(&mut self, args: &[String]) -> Outcome {
        let (format, to) = match args {
            [f] => (f.as_str(), None),
            [f, flag, path] if flag == "--to" => (f.as_str(), Some(path.clone())),
            _ => return Outcome::err(EXPORT_USAGE),
        };
        let (contents, what) = match format {
            "cli" => (script(&self.org, &self.home), "a script of aws commands"),
            "json" => match self.authorization_details() {
                Ok(text) => (text, "GetAccountAuthorizationDetails JSON"),
                Err(e) => return Outcome::err(format!("export: {e}\n")),
            },
            other => {
                return Outcome::err(format!(
                    "export: `{other}` is not a format: use cli or json\n{EXPORT_USAGE}"
                ));
            }
        };
        match to {
            None => Outcome::out(contents),
            Some(path) => {
                let lines = contents.lines().count();
                let mut o = Outcome::out(format!(
                    "Exported the organization to {path} as {what} ({lines} lines).\n"
                ));
                o.effect = Some(Effect::WriteFile { path, contents });
                o
            }
        }
    }

    /// The home account's GetAccountAuthorizationDetails response, as the
    /// AWS CLI prints JSON. Asked as the account's administrator: an export
    /// describes the whole account, whoever is acting.
    fn authorization_details(&mut self) -> Result<String, String> {
        let root = Caller::Root {
            account: self.home.clone(),
        };
        let response = ops::call(
            &mut self.org,
            &root,
            "iam",
            "GetAccountAuthorizationDetails",
            &Value::Object(Default::default()),
        )
        .map_err(|e| e.to_string())?;
        Ok(cli_json(&response))
    }

    /// `import FILE`: asks the host for the file; `finish_import` loads it.
    pub(super) fn import(&mut self, args: &[String]) -> Outcome {
        let [path] = args else {
            return Outcome::err(
                "usage: import NAME | FILE   (one of the course's organizations, or an organization file; `help import` lists them)\n",
            );
        };
        // A name of the course's organizations is read from them; anything
        // else is a real file, which only the host may read.
        if let Some(text) = self.named_orgs.get(path).cloned() {
            return self.finish_import(path, &text);
        }
        if !self.named_orgs.is_empty() && !path.contains(['.', '/']) {
            let names: Vec<&str> = self.named_orgs.keys().map(String::as_str).collect();
            return Outcome::err(format!(
                "import: no organization named `{path}`; the course's are {} (a file name with a dot or a slash reads a real file)\n",
                names.join(", ")
            ));
        }
        Outcome {
            ok: true,
            effect: Some(Effect::ReadFile { path: path.clone() }),
            ..Default::default()
        }
    }

    /// The second half of `import`: the host read `path` and hands over its
    /// text. The organization is replaced (undo brings the old one back), or,
    /// when the file has problems, each is reported as `path:line:col:
    /// message` and nothing changes.
    pub fn finish_import(&mut self, path: &str, text: &str) -> Outcome {
        let org = match org_file::from_ron(text) {
            Ok(org) => org,
            Err(errors) => {
                return Outcome::err(
                    errors
                        .iter()
                        .map(|e| format!("{path}:{e}\n"))
                        .collect::<String>(),
                );
            }
        };
        let before = std::mem::replace(&mut self.org, org);
        self.settle_home();
        let summary = self
            .org
            .accounts
            .get(&self.home)
            .map(summary)
            .unwrap_or_default();
        let changed = self.org != before;
        if changed {
            self.timeline.changed(before, format!("import {path}"));
        }
        let mut o = Outcome::out(format!(
            "Imported {path}: {summary}. `undo` goes back to what you had.\n"
        ));
        o.changed = changed;
        o
    }

    /// Keeps `home` naming an account of the organization: an imported file
    /// (or undoing one) may bring different accounts.
    pub(super) fn settle_home(&mut self) {
        if self.org.accounts.contains_key(&self.home) {
            return;
        }
        match self.org.accounts.keys().next() {
            Some(first) => self.home = first.clone(),
            None => self.org.add_account(&self.home.clone()),
        }
    }
}

fn summary(a: &Account) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    format!(
        "{}, {}, {} and {} in account {}",
        n(a.users.len(), "user", "users"),
        n(a.groups.len(), "group", "groups"),
        n(a.roles.len(), "role", "roles"),
        n(a.policies.len(), "managed policy", "managed policies"),
        a.id
    )
}

/// JSON as the AWS CLI prints it: four-space indent, non-ASCII as is, and
/// a final line break.
pub fn cli_json(v: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    v.serialize(&mut ser)
        .expect("a JSON value always serializes");
    let mut s = String::from_utf8(out).expect("serde_json writes UTF-8");
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------
// `export cli`

/// Quotes one word for a POSIX shell (and the sandbox's lexer): left bare
/// when that is safe, else in single quotes, with each `'` written `'\''`.
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-.,/:=@+%".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A policy document on one line, so a command stays one line: JSON cannot
/// hold a line break inside a string, so every line break is layout and the
/// lines can be trimmed and joined without changing the document.
pub fn one_line(doc: &str) -> String {
    if !doc.contains(['\n', '\r']) {
        return doc.to_string();
    }
    doc.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text that may hold line breaks (descriptions), on one line.
fn flatten(text: &str) -> (String, bool) {
    if text.contains(['\n', '\r']) {
        (text.replace("\r\n", " ").replace(['\n', '\r'], " "), true)
    } else {
        (text.to_string(), false)
    }
}

/// `--tags`: the CLI's shorthand when every key and value is a plain word,
/// else its JSON form, which takes anything.
fn tags_arg(tags: &[Tag]) -> String {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.:/+@-".contains(c))
    };
    if tags.iter().all(|t| plain(&t.key) && plain(&t.value)) {
        tags.iter()
            .map(|t| format!("Key={},Value={}", t.key, t.value))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        let list: Vec<Value> = tags
            .iter()
            .map(|t| serde_json::json!({"Key": t.key, "Value": t.value}))
            .collect();
        quote(&Value::Array(list).to_string())
    }
}

/// One command line being built: `aws iam create-user --user-name john ...`.
struct Cmd(String);

impl Cmd {
    fn new(service: &str, op: &str) -> Self {
        Cmd(format!("aws {service} {op}"))
    }

    fn arg(mut self, option: &str, value: &str) -> Self {
        let _ = write!(self.0, " {option} {}", quote(value));
        self
    }

    fn doc(mut self, option: &str, doc: &str) -> Self {
        let _ = write!(self.0, " {option} {}", quote(&one_line(doc)));
        self
    }

    fn path(self, path: &str) -> Self {
        if path == "/" {
            self
        } else {
            self.arg("--path", path)
        }
    }

    fn tags(mut self, tags: &[Tag]) -> Self {
        if !tags.is_empty() {
            let _ = write!(self.0, " --tags {}", tags_arg(tags));
        }
        self
    }

    fn flag(mut self, flag: &str) -> Self {
        self.0.push(' ');
        self.0.push_str(flag);
        self
    }

    /// `--region R`, for a resource outside the default region.
    fn region(self, region: Option<&str>) -> Self {
        match region {
            Some(r) => self.arg("--region", r),
            None => self,
        }
    }
}

/// The script under construction.
#[derive(Default)]
struct Script {
    out: String,
}

impl Script {
    fn section(&mut self, title: &str) {
        let _ = write!(self.out, "\n# {title}\n");
    }

    fn cmd(&mut self, c: Cmd) {
        self.out.push_str(&c.0);
        self.out.push('\n');
    }

    fn note(&mut self, text: &str) {
        for line in text.lines() {
            let _ = writeln!(self.out, "# {line}");
        }
    }

    /// `write NAME <<END`, the lines of `body`, `END`: a workspace file for
    /// the command that follows. `body` must end in a line break (`write`
    /// adds one otherwise) and hold no carriage return (a script's lines
    /// lose theirs).
    fn file(&mut self, name: &str, body: &str) {
        let mut end = "EOF".to_string();
        let mut n = 0;
        while body.lines().any(|l| l.trim() == end) {
            n += 1;
            end = format!("EOF{n}");
        }
        let _ = write!(self.out, "write {} <<{end}\n{body}{end}\n", quote(name));
    }
}

/// Whether `write` can recreate this text exactly.
fn writable(body: &str) -> bool {
    body.ends_with('\n') && !body.contains('\r')
}

/// A replayable script of `aws` commands that rebuilds account `home` of
/// `org` in an empty sandbox: managed policies first (boundaries and
/// attachments name them), then groups, users, roles (in an order where
/// every role a trust policy names exists already), instance profiles,
/// buckets and their objects, EC2 instances, Lambda functions and DynamoDB
/// tables with their items. Content a command line cannot carry (an
/// object's body, a function's package) is written to a workspace file
/// first, with the sandbox's `write`. What cannot be recreated as it was is
/// a `#` comment.
pub fn script(org: &Org, home: &str) -> String {
    let mut s = Script::default();
    let Some(account) = org.accounts.get(home) else {
        return format!("# iamtutor export: the organization has no account {home}\n");
    };
    s.note(&format!(
        "iamtutor export: aws commands that rebuild account {home} from an empty sandbox.\n\
         Replay it with `iamtutor run FILE`, in a sandbox whose account is {home}: the ARNs below name it.\n\
         AWS makes new ids, dates, access keys and MFA seeds; what cannot be recreated as it was is noted in a comment."
    ));
    header_notes(&mut s, org, account);
    policies(&mut s, account);
    groups(&mut s, account);
    users(&mut s, account);
    providers::providers(&mut s, account);
    roles(&mut s, account);
    instance_profiles(&mut s, account);
    buckets(&mut s, org, home);
    instances(&mut s, org, account);
    functions(&mut s, org, home);
    tables(&mut s, org, home);
    s.out
}

fn header_notes(s: &mut Script, org: &Org, account: &Account) {
    let others: Vec<&str> = org
        .accounts
        .keys()
        .filter(|k| **k != account.id)
        .map(String::as_str)
        .collect();
    if !others.is_empty() {
        s.note(&format!(
            "Not exported: account(s) {}. A script runs as one account's administrator.",
            others.join(", ")
        ));
    }
    if let Some(alias) = &account.alias {
        s.note(&format!(
            "The account alias `{alias}` is not set here: the sandbox has no CreateAccountAlias; keep it in an organization file."
        ));
    }
    for scp in account.scps.iter().flatten() {
        s.note(&format!(
            "Service control policy `{}` applies to this account: SCPs come from AWS Organizations, not from aws iam; keep it in an organization file.",
            scp.name
        ));
    }
    for rcp in account.rcps.iter().flatten() {
        s.note(&format!(
            "Resource control policy `{}` applies to this account's resources: RCPs come from AWS Organizations, not from aws iam; keep it in an organization file.",
            rcp.name
        ));
    }
}

/// Version ids in order of creation (`v2` before `v10`).
fn versions_in_order(p: &ManagedPolicy) -> Vec<&crate::iam::model::PolicyVersion> {
    let mut v: Vec<_> = p.versions.iter().collect();
    v.sort_by_key(|ver| {
        ver.id
            .trim_start_matches('v')
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    });
    v
}

fn policies(s: &mut Script, account: &Account) {
    if account.policies.is_empty() {
        return;
    }
    s.section("Customer managed policies");
    for p in account.policies.values() {
        let versions = versions_in_order(p);
        let Some((first, rest)) = versions.split_first() else {
            continue;
        };
        let mut c = Cmd::new("iam", "create-policy")
            .arg("--policy-name", &p.name)
            .path(&p.path);
        if !p.description.is_empty() {
            let (d, flattened) = flatten(&p.description);
            if flattened {
                s.note("The description below had line breaks; they are spaces here.");
            }
            c = c.arg("--description", &d);
        }
        s.cmd(c.doc("--policy-document", &first.doc.text).tags(&p.tags));
        let renumbered = versions
            .iter()
            .enumerate()
            .any(|(i, v)| v.id != format!("v{}", i + 1));
        if renumbered {
            let ids: Vec<&str> = versions.iter().map(|v| v.id.as_str()).collect();
            s.note(&format!(
                "Its versions were {}; replayed, they are numbered from v1 again.",
                ids.join(", ")
            ));
        }
        for v in rest {
            let mut c = Cmd::new("iam", "create-policy-version")
                .arg("--policy-arn", &p.arn)
                .doc("--policy-document", &v.doc.text);
            if v.id == p.default_version {
                c = c.flag("--set-as-default");
            }
            s.cmd(c);
        }
    }
}

/// `put-X-policy` for each inline policy and `attach-X-policy` for each
/// attached one.
fn permissions(
    s: &mut Script,
    kind: &str,
    name_option: &str,
    name: &str,
    inline: &BTreeMap<String, std::sync::Arc<crate::iam::model::PolicyDoc>>,
    attached: &[String],
) {
    for (policy_name, doc) in inline {
        s.cmd(
            Cmd::new("iam", &format!("put-{kind}-policy"))
                .arg(name_option, name)
                .arg("--policy-name", policy_name)
                .doc("--policy-document", &doc.text),
        );
    }
    for arn in attached {
        s.cmd(
            Cmd::new("iam", &format!("attach-{kind}-policy"))
                .arg(name_option, name)
                .arg("--policy-arn", arn),
        );
    }
}

fn groups(s: &mut Script, account: &Account) {
    if account.groups.is_empty() {
        return;
    }
    s.section("Groups");
    for g in account.groups.values() {
        s.cmd(
            Cmd::new("iam", "create-group")
                .arg("--group-name", &g.name)
                .path(&g.path),
        );
        permissions(s, "group", "--group-name", &g.name, &g.inline, &g.attached);
    }
}

fn users(s: &mut Script, account: &Account) {
    if account.users.is_empty() {
        return;
    }
    s.section("Users");
    for u in account.users.values() {
        let mut c = Cmd::new("iam", "create-user")
            .arg("--user-name", &u.name)
            .path(&u.path);
        if let Some(b) = &u.boundary {
            c = c.arg("--permissions-boundary", b);
        }
        s.cmd(c.tags(&u.tags));
        match &u.login_profile {
            Some(lp) if lp.password.contains(['\n', '\r']) => s.note(&format!(
                "{}'s password holds a line break, which a command line cannot: set one with aws iam create-login-profile --user-name {} --password ...",
                u.name,
                quote(&u.name)
            )),
            Some(lp) => {
                let mut c = Cmd::new("iam", "create-login-profile")
                    .arg("--user-name", &u.name)
                    .arg("--password", &lp.password);
                if lp.password_reset_required {
                    c = c.flag("--password-reset-required");
                }
                s.cmd(c);
            }
            None => {}
        }
        for key in &u.groups {
            let group = account.groups.get(key).map_or(key.as_str(), |g| &g.name);
            s.cmd(
                Cmd::new("iam", "add-user-to-group")
                    .arg("--group-name", group)
                    .arg("--user-name", &u.name),
            );
        }
        permissions(s, "user", "--user-name", &u.name, &u.inline, &u.attached);
        credential_notes(s, u);
    }
    let unassigned: Vec<&str> = account
        .mfa_devices
        .values()
        .filter(|d| d.user.is_none())
        .map(|d| d.name.as_str())
        .collect();
    if !unassigned.is_empty() {
        s.note(&format!(
            "Unassigned virtual MFA devices not recreated: {}. A new device gets a new seed: aws iam create-virtual-mfa-device --virtual-mfa-device-name NAME",
            unassigned.join(", ")
        ));
    }
}

/// Access keys and MFA devices: AWS makes the secrets, so they cannot be
/// recreated; say what there was and how to make new ones.
fn credential_notes(s: &mut Script, u: &User) {
    for k in &u.access_keys {
        s.note(&format!(
            "{} had access key {} ({}): a new key gets a new id and secret: aws iam create-access-key --user-name {}",
            u.name,
            k.id,
            k.status.as_str(),
            quote(&u.name)
        ));
    }
    for serial in &u.mfa_devices {
        s.note(&format!(
            "{} had MFA device {serial}: its seed cannot be recreated; enable a new device with aws iam enable-mfa-device",
            u.name
        ));
    }
}

/// The roles of this account a trust policy names (by role or session ARN),
/// as lower-case keys: they must exist before IAM accepts the policy.
fn trusted_roles(r: &Role, account: &str) -> BTreeSet<String> {
    let role_prefix = format!("arn:aws:iam::{account}:role/");
    let session_prefix = format!("arn:aws:sts::{account}:assumed-role/");
    let mut out = BTreeSet::new();
    for st in &r.trust.policy.statements {
        for p in st.principal.iter().flat_map(|b| &b.aws) {
            let name = if let Some(rest) = p.strip_prefix(&role_prefix) {
                rest.rsplit('/').next()
            } else if let Some(rest) = p.strip_prefix(&session_prefix) {
                rest.split('/').next()
            } else {
                None
            };
            if let Some(n) = name {
                out.insert(n.to_ascii_lowercase());
            }
        }
    }
    out
}

fn roles(s: &mut Script, account: &Account) {
    if account.roles.is_empty() {
        return;
    }
    s.section("Roles");
    // Roles whose trust policies name other roles come after those roles.
    // Roles that name each other (or themselves) cannot be ordered: they
    // start with a stand-in trust policy and get theirs once all exist.
    let deps: BTreeMap<&String, BTreeSet<String>> = account
        .roles
        .iter()
        .map(|(k, r)| {
            let mut d = trusted_roles(r, &account.id);
            d.retain(|n| account.roles.contains_key(n));
            (k, d)
        })
        .collect();
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut order: Vec<(&Role, bool)> = Vec::new();
    while created.len() < deps.len() {
        let ready: Vec<&String> = deps
            .iter()
            .filter(|(k, d)| !created.contains(k.as_str()) && d.is_subset(&created))
            .map(|(k, _)| *k)
            .collect();
        if ready.is_empty() {
            // A cycle: break it at its first role in name order.
            let (k, _) = deps
                .iter()
                .find(|(k, _)| !created.contains(k.as_str()))
                .expect("fewer created than there are roles");
            created.insert((*k).clone());
            order.push((&account.roles[*k], true));
            continue;
        }
        for k in ready {
            created.insert(k.clone());
            order.push((&account.roles[k], false));
        }
    }
    let deferred: Vec<&Role> = order.iter().filter(|(_, d)| *d).map(|(r, _)| *r).collect();
    let stand_in = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"sts:AssumeRole"}}]}}"#,
        account.id
    );
    for (r, defer) in order {
        if providers::reserved(&r.path) {
            providers::reserved_note(s, &r.name);
            continue;
        }
        if defer {
            s.note(&format!(
                "{}'s trust policy names a role that does not exist yet (or itself): it starts with a stand-in and gets its own once the roles exist.",
                r.name
            ));
        }
        let trust = if defer { &stand_in } else { &r.trust.text };
        let mut c = Cmd::new("iam", "create-role")
            .arg("--role-name", &r.name)
            .path(&r.path)
            .doc("--assume-role-policy-document", trust);
        if !r.description.is_empty() {
            let (d, flattened) = flatten(&r.description);
            if flattened {
                s.note("The description below had line breaks; they are spaces here.");
            }
            c = c.arg("--description", &d);
        }
        if r.max_session_duration != 3600 {
            c = c.arg(
                "--max-session-duration",
                &r.max_session_duration.to_string(),
            );
        }
        if let Some(b) = &r.boundary {
            c = c.arg("--permissions-boundary", b);
        }
        s.cmd(c.tags(&r.tags));
        permissions(s, "role", "--role-name", &r.name, &r.inline, &r.attached);
    }
    for r in deferred {
        s.cmd(
            Cmd::new("iam", "update-assume-role-policy")
                .arg("--role-name", &r.name)
                .doc("--policy-document", &r.trust.text),
        );
    }
}

fn instance_profiles(s: &mut Script, account: &Account) {
    if account.instance_profiles.is_empty() {
        return;
    }
    s.section("Instance profiles");
    for p in account.instance_profiles.values() {
        s.cmd(
            Cmd::new("iam", "create-instance-profile")
                .arg("--instance-profile-name", &p.name)
                .path(&p.path)
                .tags(&p.tags),
        );
        for key in &p.roles {
            let role = account.roles.get(key).map_or(key.as_str(), |r| &r.name);
            s.cmd(
                Cmd::new("iam", "add-role-to-instance-profile")
                    .arg("--instance-profile-name", &p.name)
                    .arg("--role-name", role),
            );
        }
    }
}

fn buckets(s: &mut Script, org: &Org, home: &str) {
    let mine: Vec<_> = org.buckets.values().filter(|b| b.account == home).collect();
    if mine.is_empty() {
        return;
    }
    s.section("S3 buckets");
    for b in mine {
        let mut c = Cmd::new("s3api", "create-bucket").arg("--bucket", &b.name);
        // us-east-1 is the default; any other region is named, as S3
        // requires, both as the endpoint and as the location constraint.
        if b.region != "us-east-1" {
            c = c.arg("--region", &b.region).arg(
                "--create-bucket-configuration",
                &format!("LocationConstraint={}", b.region),
            );
        }
        s.cmd(c);
        if let Some(p) = &b.policy {
            s.cmd(
                Cmd::new("s3api", "put-bucket-policy")
                    .arg("--bucket", &b.name)
                    .doc("--policy", &p.text),
            );
        }
        let region = (b.region != "us-east-1").then_some(b.region.as_str());
        for (n, (key, object)) in b.objects.iter().enumerate() {
            if !writable(&object.body) {
                s.note(&format!(
                    "Object s3://{}/{key} is not recreated: its content does not end in a line break or holds a carriage return, which a script's here-document cannot write.",
                    b.name
                ));
                continue;
            }
            let file = format!("{}.{}.body", b.name, n + 1);
            s.file(&file, &object.body);
            s.cmd(
                Cmd::new("s3api", "put-object")
                    .arg("--bucket", &b.name)
                    .arg("--key", key)
                    .arg("--body", &file)
                    .region(region)
                    .flag("--output text --query ETag"),
            );
        }
    }
}

/// Running and stopped instances of the account, launched again: new ids,
/// the same image, type, tags and instance profile.
fn instances(s: &mut Script, org: &Org, account: &Account) {
    let mine: Vec<_> = org
        .instances
        .values()
        .filter(|i| i.account == account.id)
        .collect();
    if mine.is_empty() {
        return;
    }
    s.section("EC2 instances");
    for i in mine {
        if matches!(
            i.state,
            InstanceState::Terminated | InstanceState::ShuttingDown
        ) {
            s.note(&format!("{} was terminated: not launched again.", i.id));
            continue;
        }
        let mut c = Cmd::new("ec2", "run-instances")
            .arg("--image-id", &i.image_id)
            .arg("--instance-type", &i.instance_type);
        if let Some(assoc) = &i.instance_profile {
            let exists = account
                .instance_profiles
                .values()
                .any(|p| p.arn(&account.id) == assoc.arn);
            if exists {
                c = c.arg("--iam-instance-profile", &format!("Arn={}", assoc.arn));
            } else {
                s.note(&format!(
                    "{}'s instance profile {} no longer exists: it is launched without one.",
                    i.id, assoc.arn
                ));
            }
        }
        if !i.tags.is_empty() {
            let tags: Vec<Value> = i
                .tags
                .iter()
                .map(|t| serde_json::json!({"Key": t.key, "Value": t.value}))
                .collect();
            let spec = serde_json::json!([{"ResourceType": "instance", "Tags": tags}]);
            c = c.arg("--tag-specifications", &spec.to_string());
        }
        let region = (i.region != "us-east-1").then_some(i.region.as_str());
        s.cmd(
            c.region(region)
                .flag("--query 'Instances[0].InstanceId' --output text"),
        );
        if matches!(i.state, InstanceState::Stopped | InstanceState::Stopping) {
            s.note(&format!(
                "{} was stopped; the instance above starts running: stop it with aws ec2 stop-instances --instance-ids <the id it printed>",
                i.id
            ));
        }
    }
}

/// The account's functions, created again with their role and settings.
/// The sandbox keeps no code, so each gets a stand-in package.
fn functions(s: &mut Script, org: &Org, home: &str) {
    let mine: Vec<_> = org
        .functions
        .values()
        .filter(|f| f.account == home)
        .collect();
    if mine.is_empty() {
        return;
    }
    s.section("Lambda functions");
    for f in mine {
        if let Err(why) = super::services::lambda_can_assume(org, &f.role) {
            s.note(&format!(
                "Function {} is not recreated: {why}, and Lambda refuses a role it cannot assume.",
                f.name
            ));
            continue;
        }
        s.note(&format!(
            "The sandbox keeps no function code: {} gets a stand-in package (its CodeSize and CodeSha256 change).",
            f.name
        ));
        let file = format!("{}.zip", f.name);
        s.file(
            &file,
            &format!("stand-in for the code of function {}\n", f.name),
        );
        let mut c = Cmd::new("lambda", "create-function")
            .arg("--function-name", &f.name)
            .arg("--runtime", &f.runtime)
            .arg("--handler", &f.handler)
            .arg("--role", &f.role)
            .arg("--zip-file", &format!("fileb://{file}"));
        if !f.description.is_empty() {
            let (d, flattened) = flatten(&f.description);
            if flattened {
                s.note("The description below had line breaks; they are spaces here.");
            }
            c = c.arg("--description", &d);
        }
        if f.timeout != 3 {
            c = c.arg("--timeout", &f.timeout.to_string());
        }
        if f.memory_size != 128 {
            c = c.arg("--memory-size", &f.memory_size.to_string());
        }
        let region = (f.region != "us-east-1").then_some(f.region.as_str());
        s.cmd(c.region(region).flag("--output text --query FunctionArn"));
    }
}

/// The account's tables, created again, then every item put back.
fn tables(s: &mut Script, org: &Org, home: &str) {
    let mine: Vec<_> = org.tables.values().filter(|t| t.account == home).collect();
    if mine.is_empty() {
        return;
    }
    s.section("DynamoDB tables");
    for t in mine {
        let keys: Vec<_> = t.key_attributes().collect();
        let definitions: Vec<Value> = keys
            .iter()
            .map(|k| serde_json::json!({"AttributeName": k.name, "AttributeType": k.kind.as_str()}))
            .collect();
        let schema: Vec<Value> = keys
            .iter()
            .zip(["HASH", "RANGE"])
            .map(|(k, kind)| serde_json::json!({"AttributeName": k.name, "KeyType": kind}))
            .collect();
        let mut c = Cmd::new("dynamodb", "create-table")
            .arg("--table-name", &t.name)
            .arg(
                "--attribute-definitions",
                &Value::Array(definitions).to_string(),
            )
            .arg("--key-schema", &Value::Array(schema).to_string());
        c = match t.billing {
            Billing::PayPerRequest => c.arg("--billing-mode", "PAY_PER_REQUEST"),
            Billing::Provisioned { read, write } => c.arg(
                "--provisioned-throughput",
                &format!("ReadCapacityUnits={read},WriteCapacityUnits={write}"),
            ),
        };
        let region = (t.region != "us-east-1").then_some(t.region.as_str());
        s.cmd(
            c.region(region)
                .flag("--output text --query TableDescription.TableArn"),
        );
        for item in t.items.values() {
            s.cmd(
                Cmd::new("dynamodb", "put-item")
                    .arg("--table-name", &t.name)
                    .arg("--item", &Value::Object(item.clone()).to_string())
                    .region(region),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::lexer;

    #[test]
    fn quoting_survives_the_lexer() {
        for word in [
            "john",
            "",
            "a b",
            "it's",
            "''",
            r#"{"a": "o'brien"}"#,
            "#not-a-comment",
            "$HOME",
            "back\\slash",
            "tab\there",
            "Key=a,Value=b",
        ] {
            let line = format!("cmd {}", quote(word));
            let words = lexer::split(&line).unwrap().words;
            assert_eq!(words, ["cmd", word], "{line}");
        }
        assert_eq!(
            quote("arn:aws:iam::111122223333:user/dev/john"),
            "arn:aws:iam::111122223333:user/dev/john"
        );
        assert_eq!(quote("it's"), r"'it'\''s'");
    }

    #[test]
    fn documents_go_on_one_line_unchanged_as_json() {
        let doc = "{\n    \"Version\": \"2012-10-17\",\r\n\n    \"Statement\": []\n}\n";
        let line = one_line(doc);
        assert!(!line.contains('\n'));
        assert_eq!(
            serde_json::from_str::<Value>(&line).unwrap(),
            serde_json::from_str::<Value>(doc).unwrap()
        );
        assert_eq!(one_line("{\"a\": 1}"), "{\"a\": 1}");
    }

    #[test]
    fn tags_use_shorthand_only_for_plain_words() {
        let t = |k: &str, v: &str| Tag {
            key: k.into(),
            value: v.into(),
        };
        assert_eq!(
            tags_arg(&[t("team", "web"), t("cost", "42")]),
            "Key=team,Value=web Key=cost,Value=42"
        );
        let json = tags_arg(&[t("team", "web dev")]);
        let words = lexer::split(&format!("x {json}")).unwrap().words;
        assert_eq!(
            serde_json::from_str::<Value>(&words[1]).unwrap(),
            serde_json::json!([{"Key": "team", "Value": "web dev"}])
        );
        assert!(tags_arg(&[t("empty", "")]).starts_with('\''));
    }

    #[test]
    fn cli_json_indents_four_spaces() {
        let v = serde_json::json!({"A": [1, {"B": "é"}], "C": {}, "D": []});
        assert_eq!(
            cli_json(&v),
            "{\n    \"A\": [\n        1,\n        {\n            \"B\": \"é\"\n        }\n    ],\n    \"C\": {},\n    \"D\": []\n}\n"
        );
    }
}
