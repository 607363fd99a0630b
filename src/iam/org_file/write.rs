//! Writing an organization file: pretty, and the same text for the same
//! organization.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::dates::time_value;
use super::file::CliProfile;
use super::position::{indent_len, is_blank};
use super::read::{mfa_serial, version_number};
use super::{
    DEFAULT_HANDLER, DEFAULT_IMAGE, DEFAULT_INSTANCE_TYPE, DEFAULT_MEMORY, DEFAULT_REGION,
    DEFAULT_RUNTIME, DEFAULT_SESSION, DEFAULT_TIMEOUT, federation, usage,
};
use crate::iam::model::{
    Account, Billing, Bucket, Function, Instance, InstanceState, KeyStatus, ManagedPolicy, Org,
    OrgPolicy, Organization, PolicyDoc, Role, ScalarType, Scp, Session, SessionKind, Table, Tag,
    User,
};

/// Writes an organization in the file format: pretty, and the same text for
/// the same organization (every collection in a fixed order). Fields equal to
/// the default a reader would give are left out, except ids and dates,
/// which are always written so that reading gives back exactly `org`.
pub fn to_ron(org: &Org) -> String {
    let mut w = Writer::default();
    w.out
        .push_str("// An iamtutor organization. The format: docs/org-format.md\n");
    w.open("Org(");
    w.time("now", org.now);
    w.field("id_counter", org.id_counter.to_string());
    w.records("accounts", org.accounts.values(), |w, a| {
        write_account(w, a, org.organization.is_some())
    });
    w.records("buckets", org.buckets.values(), write_bucket);
    w.records("sessions", org.sessions.values(), write_session);
    w.records("instances", org.instances.values(), write_instance);
    w.records("functions", org.functions.values(), write_function);
    w.records("tables", org.tables.values(), write_table);
    if let Some(o) = &org.organization {
        write_organization(&mut w, o);
    }
    w.depth -= 1;
    w.line(")");
    w.out
}

#[derive(Default)]
pub(super) struct Writer {
    pub(super) out: String,
    pub(super) depth: usize,
}

const INDENT: &str = "    ";

impl Writer {
    pub(super) fn line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    pub(super) fn open(&mut self, head: &str) {
        self.line(head);
        self.depth += 1;
    }

    pub(super) fn close(&mut self, tail: &str) {
        self.depth -= 1;
        self.line(tail);
    }

    pub(super) fn field(&mut self, key: &str, value: String) {
        self.line(&format!("{key}: {value},"));
    }

    pub(super) fn string(&mut self, key: &str, value: &str) {
        self.field(key, quote(value));
    }

    /// A string whose default is empty: written only when it is not.
    pub(super) fn text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.string(key, value);
        }
    }

    pub(super) fn time(&mut self, key: &str, t: i64) {
        self.field(key, time_value(t));
    }

    /// A flag whose default is false: written only when set.
    fn flag(&mut self, key: &str, on: bool) {
        if on {
            self.field(key, "true".into());
        }
    }

    /// `key: [ ... ]` with one record an item, each written by `record`;
    /// nothing at all when there are no items (the reader's default).
    pub(super) fn records<T>(
        &mut self,
        key: &str,
        items: impl ExactSizeIterator<Item = T>,
        mut record: impl FnMut(&mut Writer, T),
    ) {
        if items.len() == 0 {
            return;
        }
        self.open(&format!("{key}: ["));
        for item in items {
            record(self, item);
        }
        self.close("],");
    }

    /// Opens an IAM entity's record with what every one begins with: its
    /// name, its path (when not `/`) and its id.
    pub(super) fn entity(&mut self, record: &str, name: &str, path: &str, id: &str) {
        self.open(&format!("{record}("));
        self.string("name", name);
        self.path(path);
        self.string("id", id);
    }

    pub(super) fn path(&mut self, path: &str) {
        if path != "/" {
            self.string("path", path);
        }
    }

    pub(super) fn list(&mut self, key: &str, items: &[String]) {
        self.records(key, items.iter(), |w, item| {
            w.line(&format!("{},", quote(item)))
        });
    }

    pub(super) fn tags(&mut self, tags: &[Tag]) {
        if tags.is_empty() {
            return;
        }
        self.open("tags: {");
        for t in tags {
            self.line(&format!("{}: {},", quote(&t.key), quote(&t.value)));
        }
        self.close("},");
    }

    pub(super) fn inline(&mut self, inline: &BTreeMap<String, Arc<PolicyDoc>>) {
        if inline.is_empty() {
            return;
        }
        self.open("inline: {");
        for (name, doc) in inline {
            self.document(&quote(name), &doc.text);
        }
        self.close("},");
    }

    /// A policy document as a raw string: on one line when it has no line
    /// break; otherwise opening with a line break and indented one level
    /// deeper than `key`, which the reader's dedent rule takes off again.
    pub(super) fn document(&mut self, key: &str, text: &str) {
        let hashes = "#".repeat(hashes_needed(text));
        // The dedent rule gives back exactly the text written when at least
        // one non-blank line has no indentation of its own.
        let multi_line =
            text.contains('\n') && text.split('\n').any(|l| !is_blank(l) && indent_len(l) == 0);
        if !multi_line {
            if text.contains('\n') {
                // Every line indented or blank: the dedent rule would change
                // it, so write it escaped instead.
                self.field(key, quote(text));
            } else {
                self.field(key, format!("r{hashes}\"{text}\"{hashes}"));
            }
            return;
        }
        self.line(&format!("{key}: r{hashes}\""));
        for l in text.split('\n') {
            if l.is_empty() {
                self.out.push('\n');
            } else {
                self.depth += 1;
                self.line(l);
                self.depth -= 1;
            }
        }
        self.line(&format!("\"{hashes},"));
    }
}

/// The fewest `#` (at least one) such that the text never contains the
/// closing `"#...`.
fn hashes_needed(text: &str) -> usize {
    let mut n = 1;
    while text.contains(&format!("\"{}", "#".repeat(n))) {
        n += 1;
    }
    n
}

/// A RON string literal. Control characters are escaped so the file stays
/// plain text; everything else is written as it is.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_account(w: &mut Writer, a: &Account, in_org: bool) {
    w.open("Account(");
    w.string("id", &a.id);
    if let Some(alias) = &a.alias {
        w.string("alias", alias);
    }
    w.records("policies", a.policies.values(), write_policy);
    w.records("groups", a.groups.values(), |w, g| {
        w.entity("Group", &g.name, &g.path, &g.id);
        w.time("created", g.created);
        w.list("policies", &g.attached);
        w.inline(&g.inline);
        w.close("),");
    });
    w.records("users", a.users.values(), |w, u| write_user(w, a, u));
    w.records("roles", a.roles.values(), write_role);
    w.records("instance_profiles", a.instance_profiles.values(), |w, p| {
        w.entity("InstanceProfile", &p.name, &p.path, &p.id);
        w.time("created", p.created);
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|r| a.roles.get(r).map_or(r.clone(), |r| r.name.clone()))
            .collect();
        w.list("roles", &roles);
        w.tags(&p.tags);
        w.close("),");
    });
    w.records("mfa_devices", a.mfa_devices.values(), |w, d| {
        w.open("MfaDevice(");
        w.string("name", &d.name);
        w.path(&d.path);
        if d.serial != mfa_serial(&a.id, &d.path, &d.name) {
            w.string("serial", &d.serial);
        }
        w.string("seed", &d.seed);
        if let Some(t) = d.enabled {
            w.time("enabled", t);
        }
        w.tags(&d.tags);
        w.close("),");
    });
    federation::write_providers(w, a);
    write_guardrails(w, "scps", "Scp", a.scps.as_deref(), !in_org);
    write_guardrails(w, "rcps", "Rcp", a.rcps.as_deref(), !in_org);
    if let Some(p) = &a.password_policy {
        w.open("password_policy: PasswordPolicy(");
        w.field(
            "minimum_password_length",
            p.minimum_password_length.to_string(),
        );
        for (key, on) in [
            ("require_symbols", p.require_symbols),
            ("require_numbers", p.require_numbers),
            (
                "require_uppercase_characters",
                p.require_uppercase_characters,
            ),
            (
                "require_lowercase_characters",
                p.require_lowercase_characters,
            ),
            (
                "allow_users_to_change_password",
                p.allow_users_to_change_password,
            ),
        ] {
            if on {
                w.field(key, "true".into());
            }
        }
        if let Some(n) = p.max_password_age {
            w.field("max_password_age", n.to_string());
        }
        if let Some(n) = p.password_reuse_prevention {
            w.field("password_reuse_prevention", n.to_string());
        }
        if let Some(b) = p.hard_expiry {
            w.field("hard_expiry", b.to_string());
        }
        w.close("),");
    }
    if let Some(r) = &a.credential_report {
        w.open("credential_report: CredentialReport(");
        w.time("generated", r.generated);
        w.string("csv", &r.csv);
        w.close("),");
    }
    usage::write_access_reports(w, a);
    w.close("),");
}

fn write_policy(w: &mut Writer, p: &ManagedPolicy) {
    w.entity("Policy", &p.name, &p.path, &p.id);
    w.text("description", &p.description);
    w.time("created", p.created);
    let default_created = p
        .versions
        .iter()
        .find(|v| v.id == p.default_version)
        .map_or(p.created, |v| v.created);
    if p.updated != default_created {
        w.time("updated", p.updated);
    }
    w.tags(&p.tags);
    let only = match p.versions.as_slice() {
        [v] if v.id == "v1" && v.created == p.created && p.default_version == "v1" => Some(v),
        _ => None,
    };
    match only {
        Some(v) => w.document("document", &v.doc.text),
        None => {
            w.open("versions: [");
            for v in &p.versions {
                w.open("Version(");
                w.string("id", &v.id);
                w.time("created", v.created);
                w.document("document", &v.doc.text);
                w.close("),");
            }
            w.close("],");
            w.string("default_version", &p.default_version);
        }
    }
    let highest = p
        .versions
        .iter()
        .filter_map(|v| version_number(&v.id))
        .max()
        .unwrap_or(0);
    if p.next_version != highest + 1 {
        w.field("next_version", p.next_version.to_string());
    }
    w.close("),");
}

fn write_user(w: &mut Writer, a: &Account, u: &User) {
    w.entity("User", &u.name, &u.path, &u.id);
    w.time("created", u.created);
    let groups: Vec<String> = u
        .groups
        .iter()
        .map(|g| a.groups.get(g).map_or(g.clone(), |g| g.name.clone()))
        .collect();
    w.list("groups", &groups);
    w.list("policies", &u.attached);
    w.inline(&u.inline);
    if let Some(b) = &u.boundary {
        w.string("boundary", b);
    }
    w.tags(&u.tags);
    if let Some(l) = &u.login_profile {
        w.open("login_profile: LoginProfile(");
        w.string("password", &l.password);
        w.flag("password_reset_required", l.password_reset_required);
        w.time("created", l.created);
        if l.changed != l.created {
            w.time("changed", l.changed);
        }
        w.list("previous", &l.previous);
        w.close("),");
    }
    w.records("access_keys", u.access_keys.iter(), |w, k| {
        w.open("AccessKey(");
        w.string("id", &k.id);
        w.string("secret", &k.secret);
        if k.status == KeyStatus::Inactive {
            w.field("status", "Inactive".into());
        }
        w.time("created", k.created);
        if let Some(l) = &k.last_used {
            w.field(
                "last_used",
                format!(
                    "LastUsed(date: {}, service: {})",
                    time_value(l.date),
                    quote(&l.service)
                ),
            );
        }
        w.close("),");
    });
    w.list("mfa_devices", &u.mfa_devices);
    if let Some(t) = u.password_last_used {
        w.time("password_last_used", t);
    }
    usage::write_accessed(w, &u.accessed);
    w.close("),");
}

fn write_role(w: &mut Writer, r: &Role) {
    w.entity("Role", &r.name, &r.path, &r.id);
    w.time("created", r.created);
    w.text("description", &r.description);
    w.document("trust", &r.trust.text);
    if r.max_session_duration != DEFAULT_SESSION {
        w.field("max_session_duration", r.max_session_duration.to_string());
    }
    w.list("policies", &r.attached);
    w.inline(&r.inline);
    if let Some(b) = &r.boundary {
        w.string("boundary", b);
    }
    w.tags(&r.tags);
    if let Some(t) = r.last_used {
        w.time("last_used", t);
    }
    usage::write_accessed(w, &r.accessed);
    w.close("),");
}

fn write_bucket(w: &mut Writer, b: &Bucket) {
    w.open("Bucket(");
    w.string("name", &b.name);
    w.string("account", &b.account);
    if b.region != DEFAULT_REGION {
        w.string("region", &b.region);
    }
    w.time("created", b.created);
    if let Some(p) = &b.policy {
        w.document("policy", &p.text);
    }
    w.records("objects", b.objects.iter(), |w, (key, o)| {
        w.open("Object(");
        w.string("key", key);
        w.string("body", &o.body);
        w.time("modified", o.modified);
        w.close("),");
    });
    w.close("),");
}

fn write_session(w: &mut Writer, s: &Session) {
    w.open("Session(");
    w.string("access_key_id", &s.access_key_id);
    w.string("secret", &s.secret);
    w.string("token", &s.token);
    w.time("created", s.created);
    w.time("expires", s.expires);
    w.flag("mfa", s.mfa);
    match &s.kind {
        SessionKind::Role {
            account,
            role,
            session_name,
            policy,
            policy_arns,
            chained,
            source_identity,
            tags,
        } => {
            w.open("kind: Role(");
            w.string("account", account);
            w.string("role", role);
            w.string("session_name", session_name);
            if let Some(p) = policy {
                w.document("policy", &p.text);
            }
            w.list("policy_arns", policy_arns);
            w.flag("chained", *chained);
            if let Some(si) = source_identity {
                w.string("source_identity", si);
            }
            w.tags(tags);
            w.close("),");
        }
        SessionKind::User { account, user } => {
            w.open("kind: User(");
            w.string("account", account);
            w.string("user", user);
            w.close("),");
        }
    }
    w.close("),");
}

fn write_instance(w: &mut Writer, i: &Instance) {
    w.open("Instance(");
    w.string("id", &i.id);
    w.string("account", &i.account);
    if i.region != DEFAULT_REGION {
        w.string("region", &i.region);
    }
    w.string("reservation", &i.reservation);
    if i.image_id != DEFAULT_IMAGE {
        w.string("image_id", &i.image_id);
    }
    if i.instance_type != DEFAULT_INSTANCE_TYPE {
        w.string("instance_type", &i.instance_type);
    }
    if i.state != InstanceState::Running {
        w.field("state", state_name(i.state).into());
    }
    w.time("launched", i.launched);
    if let Some(p) = &i.instance_profile {
        w.string("instance_profile", &p.arn);
        w.string("profile_id", &p.id);
        w.string("association_id", &p.association_id);
    }
    w.tags(&i.tags);
    w.close("),");
}

/// An instance state as the file names it (what `InstanceState`'s
/// Deserialize reads back).
fn state_name(s: InstanceState) -> &'static str {
    match s {
        InstanceState::Pending => "Pending",
        InstanceState::Running => "Running",
        InstanceState::ShuttingDown => "ShuttingDown",
        InstanceState::Terminated => "Terminated",
        InstanceState::Stopping => "Stopping",
        InstanceState::Stopped => "Stopped",
    }
}

fn write_function(w: &mut Writer, f: &Function) {
    w.open("Function(");
    w.string("name", &f.name);
    w.string("account", &f.account);
    if f.region != DEFAULT_REGION {
        w.string("region", &f.region);
    }
    w.string("role", &f.role);
    if f.runtime != DEFAULT_RUNTIME {
        w.string("runtime", &f.runtime);
    }
    if f.handler != DEFAULT_HANDLER {
        w.string("handler", &f.handler);
    }
    w.text("description", &f.description);
    if f.timeout != DEFAULT_TIMEOUT {
        w.field("timeout", f.timeout.to_string());
    }
    if f.memory_size != DEFAULT_MEMORY {
        w.field("memory_size", f.memory_size.to_string());
    }
    if f.code_size != 0 {
        w.field("code_size", f.code_size.to_string());
    }
    w.string("code_sha256", &f.code_sha256);
    w.time("last_modified", f.last_modified);
    w.string("revision_id", &f.revision_id);
    w.close("),");
}

fn write_table(w: &mut Writer, t: &Table) {
    w.open("Table(");
    w.string("name", &t.name);
    w.string("account", &t.account);
    if t.region != DEFAULT_REGION {
        w.string("region", &t.region);
    }
    w.string("id", &t.id);
    w.time("created", t.created);
    w.string("partition_key", &t.partition_key.name);
    if t.partition_key.kind != ScalarType::S {
        w.string("partition_key_type", t.partition_key.kind.as_str());
    }
    if let Some(s) = &t.sort_key {
        w.string("sort_key", &s.name);
        if s.kind != ScalarType::S {
            w.string("sort_key_type", s.kind.as_str());
        }
    }
    if let Billing::Provisioned { read, write } = t.billing {
        w.string("billing", "PROVISIONED");
        w.field("read_capacity", read.to_string());
        w.field("write_capacity", write.to_string());
    }
    w.records("items", t.items.values(), |w, item| {
        // One line of JSON: serde_json escapes every line break.
        let text = serde_json::Value::Object(item.clone()).to_string();
        let hashes = "#".repeat(hashes_needed(&text));
        w.line(&format!("r{hashes}\"{text}\"{hashes},"));
    });
    w.close("),");
}

/// An account's or the root's SCPs or RCPs. In an organization the
/// documents are in its `policies`, so each entry is a name.
fn write_guardrails(
    w: &mut Writer,
    key: &str,
    record: &str,
    list: Option<&[Scp]>,
    with_documents: bool,
) {
    let Some(list) = list else {
        return;
    };
    if list.is_empty() {
        w.field(key, "[]".into());
        return;
    }
    w.open(&format!("{key}: ["));
    for s in list {
        if with_documents {
            w.open(&format!("{record}("));
            w.string("name", &s.name);
            w.document("document", &s.doc.text);
            w.close("),");
        } else {
            w.line(&format!("{record}(name: {}),", quote(&s.name)));
        }
    }
    w.close("],");
}

fn write_organization(w: &mut Writer, o: &Organization) {
    w.open("organization: Organization(");
    w.string("id", &o.id);
    w.string("management_account", &o.management_account);
    w.string("root_id", &o.root_id);
    let mut policies: Vec<&OrgPolicy> = o.policies.values().filter(|p| !p.aws_managed).collect();
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    w.records("policies", policies.iter(), |w, p| {
        w.open("OrgPolicy(");
        w.string("name", &p.name);
        w.string("type", p.kind.api_name());
        w.string("id", &p.id);
        w.text("description", &p.description);
        w.document("document", &p.doc.text);
        w.close("),");
    });
    write_guardrails(w, "root_scps", "Scp", Some(&o.root_scps), false);
    write_guardrails(w, "root_rcps", "Rcp", Some(&o.root_rcps), false);
    w.close("),");
}

/// An organization file with the CLI profiles after the organization.
pub fn to_ron_with_profiles(org: &Org, profiles: &[CliProfile]) -> String {
    let text = to_ron(org);
    if profiles.is_empty() {
        return text;
    }
    let mut w = Writer {
        out: String::new(),
        depth: 1,
    };
    w.records("profiles", profiles.iter(), |w, p| {
        w.open("Profile(");
        w.string("name", &p.name);
        for (key, value) in [
            ("aws_access_key_id", &p.aws_access_key_id),
            ("aws_secret_access_key", &p.aws_secret_access_key),
            ("aws_session_token", &p.aws_session_token),
            ("region", &p.region),
            ("output", &p.output),
        ] {
            if let Some(v) = value {
                w.string(key, v);
            }
        }
        w.close("),");
    });
    // The organization's closing parenthesis is its last line.
    let end = text.trim_end().len() - 1;
    format!("{}{}{}", &text[..end], w.out, &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_count_avoids_the_text() {
        assert_eq!(hashes_needed("{}"), 1);
        assert_eq!(hashes_needed("\"#"), 2);
        assert_eq!(hashes_needed("x \"## y \"#"), 3);
    }
}
