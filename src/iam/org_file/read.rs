//! The second pass: the loader that builds the model from the file's
//! records, its decoding of raw values, the checks every kind of entity
//! shares, and the order in which the parts of an organization are read.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use ron::value::RawValue;

use super::dates::parse_iso8601;
use super::file::{OrgFile, Pairs, Raw};
use super::position::{Located, Source, dedent, escaped_offsets};
use super::{MANAGED_PER_ENTITY, OrgFileError, TAGS_PER_ENTITY};
use crate::iam::model::{Org, PolicyDoc, Tag};
use crate::iam::policy::{PolicyKind, counted_size};
use crate::iam::{aws_managed, time};

/// A name as written and where it stands.
pub(super) struct Name {
    pub(super) text: String,
    pub(super) offset: usize,
}

impl Name {
    pub(super) fn key(&self) -> String {
        self.text.to_ascii_lowercase()
    }
}

pub(super) struct Loader<'a> {
    pub(super) src: Source<'a>,
    pub(super) errors: Vec<OrgFileError>,
    pub(super) org: Org,
    /// Ids and access key ids the file gives; generated ones avoid them.
    pub(super) used_ids: BTreeSet<String>,
    /// Where each (kind, account, lower-case name) was first defined, for
    /// duplicate reports.
    pub(super) defined: BTreeMap<(&'static str, String, String), usize>,
}

/// What kind of entity a name belongs to, with AWS's maximum length.
#[derive(Clone, Copy)]
pub(super) struct Kind {
    pub(super) word: &'static str,
    pub(super) max: usize,
}

impl Kind {
    const fn new(word: &'static str, max: usize) -> Kind {
        Kind { word, max }
    }
}

pub(super) const USER: Kind = Kind::new("user", 64);
pub(super) const GROUP: Kind = Kind::new("group", 128);
pub(super) const ROLE: Kind = Kind::new("role", 64);
pub(super) const POLICY: Kind = Kind::new("policy", 128);
pub(super) const INSTANCE_PROFILE: Kind = Kind::new("instance profile", 128);
pub(super) const MFA_DEVICE: Kind = Kind::new("MFA device", 226);

/// An identity that holds policies, for messages and per-kind limits.
pub(super) struct Holder<'s> {
    pub(super) word: &'static str,
    pub(super) name: &'s str,
    pub(super) inline_limit: usize,
}

impl Holder<'_> {
    pub(super) fn label(&self) -> String {
        format!("{} `{}`", self.word, self.name)
    }
}

impl<'a> Loader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Loader {
            src: Source::new(text),
            errors: Vec::new(),
            org: Org::default(),
            used_ids: BTreeSet::new(),
            defined: BTreeMap::new(),
        }
    }

    pub(super) fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = self.src.line_col(offset);
        self.errors.push(OrgFileError {
            line,
            col,
            message: message.into(),
        });
    }

    pub(super) fn error(&mut self, raw: &RawValue, message: impl Into<String>) {
        let offset = self.src.offset(raw);
        self.error_at(offset, message);
    }

    // -- decoding raw values ------------------------------------------------

    pub(super) fn string(&mut self, raw: &RawValue, what: &str) -> Option<String> {
        match ron::from_str::<String>(raw.get_ron()) {
            Ok(s) => Some(s),
            Err(_) => {
                let found = raw.trim().get_ron().to_string();
                self.error(raw, format!("{what} must be a string, found `{found}`"));
                None
            }
        }
    }

    pub(super) fn opt_string(&mut self, raw: Option<&RawValue>, what: &str) -> Option<String> {
        raw.and_then(|r| self.string(r, what))
    }

    pub(super) fn name(&mut self, raw: &RawValue, what: &str) -> Option<Name> {
        let offset = self.src.offset(raw);
        self.string(raw, what).map(|text| Name { text, offset })
    }

    /// A date: an ISO 8601 string (`"2026-01-05T09:00:00Z"`), or a number of
    /// seconds since 1970 for instants outside years 0000 to 9999.
    pub(super) fn time(&mut self, raw: &RawValue, what: &str) -> Option<i64> {
        let s = raw.trim().get_ron();
        if s.starts_with('"') || s.starts_with('r') {
            let text = self.string(raw, what)?;
            let t = parse_iso8601(&text);
            if t.is_none() {
                self.error(
                    raw,
                    format!(
                        "{what} `{text}` is not a date: write ISO 8601 such as `2026-01-05T09:00:00Z`"
                    ),
                );
            }
            t
        } else {
            match ron::from_str::<i64>(s) {
                Ok(t) => Some(t),
                Err(_) => {
                    self.error(
                        raw,
                        format!(
                            "{what} must be a date such as `\"2026-01-05T09:00:00Z\"`, found `{s}`"
                        ),
                    );
                    None
                }
            }
        }
    }

    pub(super) fn time_or(&mut self, raw: Option<&RawValue>, what: &str, default: i64) -> i64 {
        match raw {
            Some(r) => self.time(r, what).unwrap_or(default),
            None => default,
        }
    }

    pub(super) fn opt_time(&mut self, raw: Option<&RawValue>, what: &str) -> Option<i64> {
        raw.and_then(|r| self.time(r, what))
    }

    /// A string with the file offset of each character: see [`Located`].
    /// Raw strings that open with a line break are dedented; see
    /// `docs/org-format.md`.
    pub(super) fn located(&mut self, raw: &RawValue, what: &str) -> Option<Located> {
        let base = self.src.offset(raw);
        let s = raw.trim().get_ron();
        if let Some(rest) = s.strip_prefix('r') {
            let hashes = rest.bytes().take_while(|&b| b == b'#').count();
            let open = 1 + hashes + 1;
            let close = 1 + hashes;
            if s.len() >= open + close && s.as_bytes()[open - 1] == b'"' {
                return Some(dedent(&s[open..s.len() - close], base + open));
            }
        } else if s.starts_with('"') {
            let text = self.string(raw, what)?;
            let end = base + s.len() - 1;
            let offsets = escaped_offsets(&s[1..s.len() - 1], base + 1, &text)
                .unwrap_or_else(|| vec![base; text.chars().count()]);
            return Some(Located { text, offsets, end });
        }
        self.error(
            raw,
            format!("{what} must be a string, such as r#\"{{ ... }}\"#, found `{s}`"),
        );
        None
    }

    pub(super) fn document(
        &mut self,
        raw: &RawValue,
        kind: PolicyKind,
        what: &str,
    ) -> Option<Arc<PolicyDoc>> {
        let located = self.located(raw, what)?;
        match PolicyDoc::parse(&located.text, kind) {
            Ok(doc) => Some(doc),
            Err(e) => {
                self.error_at(located.offset_at(e.pos), format!("{what}: {}", e.message));
                None
            }
        }
    }

    // -- checks ---------------------------------------------------------------

    /// Decodes and checks an entity's name, and reports a second entity of
    /// the same kind and name (ignoring case) in the same account. `None`
    /// means the entity is skipped.
    pub(super) fn entity_name(
        &mut self,
        raw: &RawValue,
        kind: Kind,
        account: &str,
    ) -> Option<Name> {
        let name = self.name(raw, &format!("{} name", kind.word))?;
        self.check_name(&name, kind.word, kind.max);
        let key = (kind.word, account.to_string(), name.key());
        if let Some(&first) = self.defined.get(&key) {
            let (line, col) = self.src.line_col(first);
            self.error_at(
                name.offset,
                format!(
                    "duplicate {} name `{}`: one is already defined at {line}:{col}, and IAM names are unique ignoring case",
                    kind.word, name.text
                ),
            );
            return None;
        }
        self.defined.insert(key, name.offset);
        Some(name)
    }

    /// AWS's rule for IAM names: 1 to `max` letters, digits and `_+=,.@-`.
    pub(super) fn check_name(&mut self, name: &Name, word: &str, max: usize) {
        let n = name.text.chars().count();
        let chars_ok = name
            .text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
        if n == 0 || n > max || !chars_ok {
            self.error_at(
                name.offset,
                format!(
                    "{word} name `{}` is not valid: use 1 to {max} letters, digits and `_+=,.@-`",
                    name.text
                ),
            );
        }
    }

    /// A path is `/`, or starts and ends with `/` with printable ASCII
    /// between; at most 512 characters.
    pub(super) fn path(&mut self, raw: Option<&RawValue>) -> String {
        let Some(raw) = raw else {
            return "/".into();
        };
        let Some(path) = self.string(raw, "path") else {
            return "/".into();
        };
        let ok = path == "/"
            || (path.len() >= 2
                && path.len() <= 512
                && path.starts_with('/')
                && path.ends_with('/')
                && path.chars().all(|c| ('!'..='~').contains(&c)));
        if !ok {
            self.error(
                raw,
                format!(
                    "path `{path}` is not valid: a path is `/` or starts and ends with `/`, such as `/engineering/`"
                ),
            );
        }
        path
    }

    /// The given id, or a new one from the organization's counter that the
    /// file does not already use.
    pub(super) fn id(&mut self, raw: Option<&RawValue>, prefix: &str) -> String {
        if let Some(id) = self.opt_string(raw, "id") {
            return id;
        }
        loop {
            let id = self.org.new_id(prefix);
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    pub(super) fn tags(&mut self, pairs: &Pairs<'_>, owner: &str) -> Vec<Tag> {
        let mut tags: Vec<Tag> = Vec::new();
        for (k, v) in &pairs.0 {
            let (Some(key), Some(value)) = (self.string(k, "tag key"), self.string(v, "tag value"))
            else {
                continue;
            };
            let klen = key.chars().count();
            if klen == 0 || klen > 128 {
                self.error(k, format!("tag key `{key}` must be 1 to 128 characters"));
            } else if key.to_ascii_lowercase().starts_with("aws:") {
                self.error(
                    k,
                    format!("tag key `{key}` starts with `aws:`, which AWS keeps for its own tags"),
                );
            }
            if value.chars().count() > 256 {
                self.error(
                    v,
                    format!("tag value of `{key}` is longer than 256 characters"),
                );
            }
            if tags.iter().any(|t| t.key.eq_ignore_ascii_case(&key)) {
                self.error(
                    k,
                    format!("{owner} has tag `{key}` twice (tag keys are unique ignoring case)"),
                );
                continue;
            }
            if tags.len() == TAGS_PER_ENTITY {
                self.error(
                    k,
                    format!("{owner} has more than {TAGS_PER_ENTITY} tags, AWS's limit"),
                );
            }
            tags.push(Tag { key, value });
        }
        tags
    }

    pub(super) fn inline(
        &mut self,
        pairs: &Pairs<'_>,
        holder: &Holder<'_>,
    ) -> BTreeMap<String, Arc<PolicyDoc>> {
        let mut out = BTreeMap::new();
        let mut total = 0;
        let mut last = None;
        for (k, v) in &pairs.0 {
            let Some(name) = self.name(k, "inline policy name") else {
                continue;
            };
            self.check_name(&name, "inline policy", POLICY.max);
            if out.contains_key(&name.text) {
                self.error_at(
                    name.offset,
                    format!(
                        "{} has two inline policies named `{}`",
                        holder.label(),
                        name.text
                    ),
                );
                continue;
            }
            let what = format!("inline policy `{}` of {}", name.text, holder.label());
            if let Some(doc) = self.document(v, PolicyKind::Identity, &what) {
                total += counted_size(&doc.text);
                last = Some(name.offset);
                out.insert(name.text, doc);
            }
        }
        if let Some(offset) = last.filter(|_| total > holder.inline_limit) {
            self.error_at(
                offset,
                format!(
                    "the inline policies of {} add up to {total} characters; AWS allows {} in all (white space not counted)",
                    holder.label(),
                    holder.inline_limit
                ),
            );
        }
        out
    }

    /// Resolves a policy reference: an ARN, or a bare name that is first a
    /// customer managed policy of `account`, then an AWS managed policy.
    fn resolve_policy(&self, account: &str, reference: &str) -> Result<String, String> {
        if reference.starts_with("arn:") {
            let owner = reference
                .strip_prefix("arn:aws:iam::")
                .and_then(|r| r.split_once(':'))
                .map(|(a, _)| a);
            return match (self.org.managed_policy(reference), owner) {
                (Some(p), Some(owner)) if owner == "aws" || owner == account => Ok(p.arn.clone()),
                (Some(_), Some(owner)) => Err(format!(
                    "policy `{reference}` belongs to account `{owner}`: attach only policies of account `{account}` or AWS managed ones"
                )),
                _ if owner == Some("aws") => Err(format!(
                    "`{reference}` is not an AWS managed policy that iamtutor knows"
                )),
                _ => Err(format!("no managed policy has the ARN `{reference}`")),
            };
        }
        if let Some(p) = self
            .org
            .accounts
            .get(account)
            .and_then(|a| a.policies.get(&reference.to_ascii_lowercase()))
        {
            return Ok(p.arn.clone());
        }
        match aws_managed::by_name(reference) {
            Some(p) => Ok(p.arn.clone()),
            None => Err(format!(
                "no managed policy named `{reference}`: neither a customer managed policy of account `{account}` nor an AWS managed policy"
            )),
        }
    }

    fn policy_ref(&mut self, raw: &RawValue, account: &str, what: &str) -> Option<String> {
        let reference = self.string(raw, what)?;
        match self.resolve_policy(account, &reference) {
            Ok(arn) => Some(arn),
            Err(message) => {
                self.error(raw, message);
                None
            }
        }
    }

    pub(super) fn attached(
        &mut self,
        raws: &[Raw<'_>],
        account: &str,
        holder: &Holder<'_>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            if i == MANAGED_PER_ENTITY {
                self.error(
                    raw,
                    format!(
                        "{} has more than {MANAGED_PER_ENTITY} managed policies attached, AWS's limit",
                        holder.label()
                    ),
                );
            }
            let Some(arn) = self.policy_ref(raw, account, "policy") else {
                continue;
            };
            if out.contains(&arn) {
                self.error(
                    raw,
                    format!("{} has policy `{arn}` attached twice", holder.label()),
                );
                continue;
            }
            out.push(arn);
        }
        out
    }

    pub(super) fn boundary(&mut self, raw: Option<&RawValue>, account: &str) -> Option<String> {
        self.policy_ref(raw?, account, "boundary")
    }

    // -- the organization ---------------------------------------------------

    pub(super) fn load(&mut self, file: &OrgFile<'_>) {
        self.org.now = match file.now {
            Some(raw) => self.time(raw, "now").unwrap_or(time::DEFAULT_NOW),
            None => time::DEFAULT_NOW,
        };
        self.org.id_counter = file.id_counter.unwrap_or(0);
        self.collect_ids(file);

        let mut accounts = Vec::new();
        for a in &file.accounts {
            if let Some(id) = self.account(a) {
                accounts.push((id, a));
            }
        }
        if let Some(o) = &file.organization {
            self.organization(o);
        }
        // Every account's managed policies first: an ARN may name a policy
        // of an account further down the file.
        for (id, a) in &accounts {
            for p in &a.policies {
                self.managed_policy(id, p);
            }
        }
        for (id, a) in &accounts {
            self.account_entities(id, a);
        }
        for p in &file.permission_sets {
            self.permission_set(p);
        }
        let mut seen = BTreeMap::new();
        for b in &file.buckets {
            self.bucket(b, &mut seen);
        }
        for s in &file.sessions {
            self.session(s);
        }
        let mut seen = BTreeMap::new();
        for i in &file.instances {
            self.instance(i, &mut seen);
        }
        for f in &file.functions {
            self.function(f);
        }
        for t in &file.tables {
            self.table(t);
        }
        if let Some(o) = &file.organization {
            self.check_organization(o);
        }
    }

    /// Ids the file gives, so that generated ones never collide with them.
    fn collect_ids(&mut self, file: &OrgFile<'_>) {
        let mut raws: Vec<Raw<'_>> = Vec::new();
        for a in &file.accounts {
            raws.extend(a.policies.iter().filter_map(|p| p.id));
            raws.extend(a.groups.iter().filter_map(|g| g.id));
            raws.extend(a.roles.iter().filter_map(|r| r.id));
            raws.extend(a.instance_profiles.iter().filter_map(|p| p.id));
            for u in &a.users {
                raws.extend(u.id);
                raws.extend(u.access_keys.iter().filter_map(|k| k.id));
            }
        }
        raws.extend(file.sessions.iter().filter_map(|s| s.access_key_id));
        for i in &file.instances {
            raws.push(i.id);
            raws.extend([i.reservation, i.association_id].into_iter().flatten());
        }
        raws.extend(file.functions.iter().filter_map(|f| f.revision_id));
        raws.extend(file.tables.iter().filter_map(|t| t.id));
        for raw in raws {
            if let Ok(id) = ron::from_str::<String>(raw.get_ron()) {
                self.used_ids.insert(id);
            }
        }
    }
}

/// Stands in for a trust policy with errors; never seen, since a file with
/// errors gives no organization.
pub(super) fn placeholder_trust() -> Arc<PolicyDoc> {
    PolicyDoc::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}]}"#,
        PolicyKind::Trust,
    )
    .expect("the placeholder trust policy is valid")
}

pub(super) fn mfa_serial(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:mfa{path}{name}")
}

/// `v3` -> 3. AWS's version ids are `v` and a positive number.
pub(super) fn version_number(id: &str) -> Option<u32> {
    let digits = id.strip_prefix('v')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}
