//! Reading the services' state: S3 buckets, STS sessions, EC2 instances,
//! Lambda functions and DynamoDB tables.

use std::collections::BTreeMap;

use ron::value::RawValue;

use super::file::{
    BucketFile, FunctionFile, InstanceFile, SessionFile, SessionKindFile, TableFile,
};
use super::position::to_u32;
use super::read::Loader;
use super::{
    DEFAULT_CAPACITY, DEFAULT_HANDLER, DEFAULT_IMAGE, DEFAULT_INSTANCE_TYPE, DEFAULT_MEMORY,
    DEFAULT_REGION, DEFAULT_RUNTIME, DEFAULT_SESSION, DEFAULT_TIMEOUT, EMPTY_SHA256,
};
use crate::iam::json::Pos;
use crate::iam::model::{
    Billing, Bucket, Function, Instance, InstanceState, KeyAttribute, Org, ProfileAssociation,
    S3Object, ScalarType, Session, SessionKind, Table, check_attribute_value, function_arn,
    table_arn,
};
use crate::iam::policy::PolicyKind;

impl Loader<'_> {
    pub(super) fn bucket(&mut self, b: &BucketFile<'_>, seen: &mut BTreeMap<String, usize>) {
        let Some(name) = self.name(b.name, "bucket name") else {
            return;
        };
        let n = &name.text;
        let ok = (3..=63).contains(&n.len())
            && n.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
            && n.bytes().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && n.bytes().last().is_some_and(|c| c.is_ascii_alphanumeric());
        if !ok {
            self.error_at(
                name.offset,
                format!(
                    "bucket name `{n}` is not valid: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit"
                ),
            );
        }
        if let Some(&first) = seen.get(n) {
            let (line, col) = self.src.line_col(first);
            self.error_at(
                name.offset,
                format!("bucket `{n}` is already defined at {line}:{col}: bucket names are global"),
            );
            return;
        }
        seen.insert(n.clone(), name.offset);
        let account = match b.account {
            Some(raw) => {
                let Some(a) = self.string(raw, "account") else {
                    return;
                };
                if !self.org.accounts.contains_key(&a) {
                    self.error(
                        raw,
                        format!(
                            "bucket `{n}` belongs to account `{a}`, which the file does not define"
                        ),
                    );
                }
                a
            }
            None if self.org.accounts.len() == 1 => {
                self.org.accounts.keys().next().cloned().unwrap_or_default()
            }
            None => {
                self.error_at(
                    name.offset,
                    format!(
                        "bucket `{n}` needs an `account`: the file defines {} accounts",
                        self.org.accounts.len()
                    ),
                );
                return;
            }
        };
        let now = self.org.now;
        let created = self.time_or(b.created, "created", now);
        let policy = b.policy.and_then(|raw| {
            let what = format!("bucket policy of `{n}`");
            self.document(raw, PolicyKind::Resource, &what)
        });
        let mut objects = BTreeMap::new();
        for o in &b.objects {
            let Some(key) = self.string(o.key, "object key") else {
                continue;
            };
            if key.is_empty() || key.len() > 1024 {
                self.error(o.key, "object key must be 1 to 1024 bytes");
            }
            if objects.contains_key(&key) {
                self.error(o.key, format!("bucket `{n}` has object `{key}` twice"));
                continue;
            }
            let modified = self.time_or(o.modified, "modified", now);
            objects.insert(
                key,
                S3Object {
                    body: o.body.clone(),
                    modified,
                },
            );
        }
        self.org.buckets.insert(
            n.clone(),
            Bucket {
                name: n.clone(),
                account,
                region: b.region.clone().unwrap_or_else(|| DEFAULT_REGION.into()),
                created,
                policy,
                objects,
            },
        );
    }

    pub(super) fn session(&mut self, s: &SessionFile<'_>) {
        let access_key_id = match s.access_key_id {
            Some(raw) => {
                let Some(id) = self.string(raw, "access_key_id") else {
                    return;
                };
                if self.org.sessions.contains_key(&id) {
                    self.error(raw, format!("session `{id}` is defined twice"));
                    return;
                }
                id
            }
            None => loop {
                let id = self.org.new_access_key_id("ASIA");
                if self.used_ids.insert(id.clone()) {
                    break id;
                }
            },
        };
        let secret = match &s.secret {
            Some(x) => x.clone(),
            None => self.org.new_secret(),
        };
        let token = match &s.token {
            Some(x) => x.clone(),
            None => self.org.new_session_token(),
        };
        let now = self.org.now;
        let created = self.time_or(s.created, "created", now);
        let expires = self.time_or(s.expires, "expires", created + i64::from(DEFAULT_SESSION));
        let kind = match &s.kind {
            SessionKindFile::Role {
                account,
                role,
                session_name,
                policy,
                policy_arns,
                chained,
                source_identity,
                tags,
            } => {
                let tags = self.tags(tags, &format!("session `{access_key_id}`"));
                let policy = policy.and_then(|raw| {
                    let what = format!("session policy of `{access_key_id}`");
                    self.document(raw, PolicyKind::Identity, &what)
                });
                SessionKind::Role {
                    account: account.clone(),
                    role: role.to_ascii_lowercase(),
                    session_name: session_name.clone(),
                    policy,
                    policy_arns: policy_arns.clone(),
                    chained: *chained,
                    source_identity: source_identity.clone(),
                    tags,
                }
            }
            SessionKindFile::User { account, user } => SessionKind::User {
                account: account.clone(),
                user: user.clone(),
            },
        };
        self.org.sessions.insert(
            access_key_id.clone(),
            Session {
                access_key_id,
                secret,
                token,
                expires,
                kind,
                mfa: s.mfa,
                created,
            },
        );
    }
}

impl Loader<'_> {
    /// The account a resource belongs to: the one written, or the file's
    /// only account. `at` is where to point when it is missing.
    pub(super) fn owner(
        &mut self,
        raw: Option<&RawValue>,
        what: &str,
        at: usize,
    ) -> Option<String> {
        match raw {
            Some(raw) => {
                let a = self.string(raw, "account")?;
                if self.org.accounts.contains_key(&a) {
                    Some(a)
                } else {
                    self.error(
                        raw,
                        format!("{what} belongs to account `{a}`, which the file does not define"),
                    );
                    None
                }
            }
            None if self.org.accounts.len() == 1 => self.org.accounts.keys().next().cloned(),
            None => {
                self.error_at(
                    at,
                    format!(
                        "{what} needs an `account`: the file defines {} accounts",
                        self.org.accounts.len()
                    ),
                );
                None
            }
        }
    }

    /// The id the file gives, or a new one from the organization's counter
    /// that the file does not already use.
    fn given_or_new(
        &mut self,
        raw: Option<&RawValue>,
        what: &str,
        make: fn(&mut Org) -> String,
    ) -> String {
        if let Some(id) = self.opt_string(raw, what) {
            return id;
        }
        loop {
            let id = make(&mut self.org);
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    pub(super) fn instance(&mut self, f: &InstanceFile<'_>, seen: &mut BTreeMap<String, usize>) {
        let Some(id) = self.name(f.id, "instance id") else {
            return;
        };
        let hex = id.text.strip_prefix("i-").unwrap_or("");
        if !((hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit())) {
            self.error_at(
                id.offset,
                format!(
                    "instance id `{}` is not valid: write `i-` and 17 hex digits, such as `i-0abc1234567890def`",
                    id.text
                ),
            );
        }
        if let Some(&first) = seen.get(&id.text) {
            let (line, col) = self.src.line_col(first);
            self.error_at(
                id.offset,
                format!("instance `{}` is already defined at {line}:{col}", id.text),
            );
            return;
        }
        seen.insert(id.text.clone(), id.offset);
        let what = format!("instance `{}`", id.text);
        let Some(account) = self.owner(f.account, &what, id.offset) else {
            return;
        };
        let reservation = self.given_or_new(f.reservation, "reservation", |o| o.new_hex_id("r-"));
        let now = self.org.now;
        let launched = self.time_or(f.launched, "launched", now);
        let instance_profile = match f.instance_profile {
            Some(raw) => self.association(raw, f, &account, &what),
            None => {
                for raw in [f.profile_id, f.association_id].into_iter().flatten() {
                    self.error(
                        raw,
                        format!("{what} has no `instance_profile` for this to belong to"),
                    );
                }
                None
            }
        };
        let tags = self.tags(&f.tags, &what);
        let instance = Instance {
            id: id.text.clone(),
            account,
            region: f.region.clone().unwrap_or_else(|| DEFAULT_REGION.into()),
            reservation,
            image_id: f.image_id.clone().unwrap_or_else(|| DEFAULT_IMAGE.into()),
            instance_type: f
                .instance_type
                .clone()
                .unwrap_or_else(|| DEFAULT_INSTANCE_TYPE.into()),
            state: f.state.unwrap_or(InstanceState::Running),
            launched,
            instance_profile,
            tags,
        };
        self.org.instances.insert(id.text, instance);
    }

    /// An instance's instance profile: a name or ARN of a profile of its
    /// account. A saved file may name one that was deleted since (its ARN,
    /// with `profile_id`), as an instance keeps its association then.
    fn association(
        &mut self,
        raw: &RawValue,
        f: &InstanceFile<'_>,
        account: &str,
        what: &str,
    ) -> Option<ProfileAssociation> {
        let spec = self.string(raw, "instance profile")?;
        let acct = &self.org.accounts[account];
        let found = if spec.starts_with("arn:") {
            acct.instance_profiles
                .values()
                .find(|p| p.arn(account) == spec)
        } else {
            acct.instance_profiles.get(&spec.to_ascii_lowercase())
        }
        .map(|p| (p.arn(account), p.id.clone()));
        let given_id = self.opt_string(f.profile_id, "profile_id");
        let (arn, id) = match (found, given_id) {
            (Some((arn, id)), given) => (arn, given.unwrap_or(id)),
            (None, Some(id)) if spec.starts_with("arn:") => (spec, id),
            (None, _) => {
                self.error(
                    raw,
                    format!(
                        "{what} has instance profile `{spec}`, which account `{account}` does not have"
                    ),
                );
                return None;
            }
        };
        let association_id = self.given_or_new(f.association_id, "association_id", |o| {
            o.new_hex_id("iip-assoc-")
        });
        Some(ProfileAssociation {
            arn,
            id,
            association_id,
        })
    }

    pub(super) fn function(&mut self, f: &FunctionFile<'_>) {
        let Some(name) = self.name(f.name, "function name") else {
            return;
        };
        let n = &name.text;
        if !(1..=64).contains(&n.len())
            || !n
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.error_at(
                name.offset,
                format!(
                    "function name `{n}` is not valid: use 1 to 64 letters, digits, hyphens and underscores"
                ),
            );
        }
        let what = format!("function `{n}`");
        let Some(account) = self.owner(f.account, &what, name.offset) else {
            return;
        };
        let region = f.region.clone().unwrap_or_else(|| DEFAULT_REGION.into());
        let arn = function_arn(&region, &account, n);
        if self.org.functions.contains_key(&arn) {
            self.error_at(
                name.offset,
                format!("{what} is defined twice in account `{account}`, region `{region}`"),
            );
            return;
        }
        let role = self.function_role(f.role, &account, &what);
        let timeout = f.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if !(1..=900).contains(&timeout) {
            self.error_at(
                name.offset,
                format!("{what} has `timeout: {timeout}`: it must be 1 to 900 seconds"),
            );
        }
        let memory_size = f.memory_size.unwrap_or(DEFAULT_MEMORY);
        if !(128..=10240).contains(&memory_size) {
            self.error_at(
                name.offset,
                format!("{what} has `memory_size: {memory_size}`: it must be 128 to 10240 MB"),
            );
        }
        let now = self.org.now;
        let last_modified = self.time_or(f.last_modified, "last_modified", now);
        let revision_id = self.given_or_new(f.revision_id, "revision_id", Org::new_uuid);
        let Some(role) = role else {
            return;
        };
        let function = Function {
            name: n.clone(),
            account,
            region,
            role,
            runtime: f.runtime.clone().unwrap_or_else(|| DEFAULT_RUNTIME.into()),
            handler: f.handler.clone().unwrap_or_else(|| DEFAULT_HANDLER.into()),
            description: f.description.clone(),
            timeout,
            memory_size,
            code_size: f.code_size,
            code_sha256: f.code_sha256.clone().unwrap_or_else(|| EMPTY_SHA256.into()),
            last_modified,
            revision_id,
        };
        self.org.functions.insert(arn, function);
    }

    /// A function's execution role: a role name of its account, or a role
    /// ARN (kept as written: a role may be deleted while a function uses it).
    fn function_role(&mut self, raw: &RawValue, account: &str, what: &str) -> Option<String> {
        let spec = self.string(raw, "role")?;
        if spec.starts_with("arn:") {
            let ok = crate::iam::access::Arn::parse(&spec)
                .is_some_and(|a| a.service == "iam" && a.resource.starts_with("role/"));
            if !ok {
                self.error(
                    raw,
                    format!("{what} has role `{spec}`, which is not a role ARN"),
                );
                return None;
            }
            return Some(spec);
        }
        match self.org.accounts[account]
            .roles
            .get(&spec.to_ascii_lowercase())
        {
            Some(r) => Some(r.arn(account)),
            None => {
                self.error(
                    raw,
                    format!(
                        "{what} runs as role `{spec}`, which account `{account}` does not have"
                    ),
                );
                None
            }
        }
    }

    fn key_type(&mut self, raw: Option<&RawValue>, what: &str) -> ScalarType {
        let Some(raw) = raw else {
            return ScalarType::S;
        };
        let Some(s) = self.string(raw, what) else {
            return ScalarType::S;
        };
        ScalarType::parse(&s).unwrap_or_else(|| {
            self.error(
                raw,
                format!("{what} `{s}` is not valid: write \"S\" (string), \"N\" (number) or \"B\" (binary)"),
            );
            ScalarType::S
        })
    }

    fn key_attribute(
        &mut self,
        raw: &RawValue,
        kind: Option<&RawValue>,
        what: &str,
    ) -> KeyAttribute {
        let name = self.string(raw, what).unwrap_or_default();
        if name.is_empty() || name.len() > 255 {
            self.error(raw, format!("{what} must be 1 to 255 characters"));
        }
        KeyAttribute {
            name,
            kind: self.key_type(kind, &format!("{what} type")),
        }
    }

    pub(super) fn billing(&mut self, t: &TableFile<'_>, what: &str, at: usize) -> Billing {
        let mode = match t.billing {
            Some(raw) => {
                let mode = self.string(raw, "billing").unwrap_or_default();
                if mode != "PAY_PER_REQUEST" && mode != "PROVISIONED" {
                    self.error(
                        raw,
                        format!("billing `{mode}` is not valid: write \"PAY_PER_REQUEST\" or \"PROVISIONED\""),
                    );
                }
                mode
            }
            None => "PAY_PER_REQUEST".into(),
        };
        if mode == "PROVISIONED" {
            let read = t.read_capacity.unwrap_or(DEFAULT_CAPACITY);
            let write = t.write_capacity.unwrap_or(DEFAULT_CAPACITY);
            if read == 0 || write == 0 {
                self.error_at(at, format!("{what}: capacities must be at least 1"));
            }
            Billing::Provisioned { read, write }
        } else {
            if t.read_capacity.is_some() || t.write_capacity.is_some() {
                self.error_at(
                    at,
                    format!(
                        "{what} gives a read or write capacity, which only `billing: \"PROVISIONED\"` tables have"
                    ),
                );
            }
            Billing::PayPerRequest
        }
    }

    pub(super) fn table(&mut self, t: &TableFile<'_>) {
        let Some(name) = self.name(t.name, "table name") else {
            return;
        };
        let n = name.text.clone();
        if !(3..=255).contains(&n.len())
            || !n
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
        {
            self.error_at(
                name.offset,
                format!(
                    "table name `{n}` is not valid: use 3 to 255 letters, digits, `_`, `.` and `-`"
                ),
            );
        }
        let what = format!("table `{n}`");
        let Some(account) = self.owner(t.account, &what, name.offset) else {
            return;
        };
        let region = t.region.clone().unwrap_or_else(|| DEFAULT_REGION.into());
        let arn = table_arn(&region, &account, &n);
        if self.org.tables.contains_key(&arn) {
            self.error_at(
                name.offset,
                format!("{what} is defined twice in account `{account}`, region `{region}`"),
            );
            return;
        }
        let id = self.given_or_new(t.id, "id", Org::new_uuid);
        let now = self.org.now;
        let created = self.time_or(t.created, "created", now);
        let partition_key =
            self.key_attribute(t.partition_key, t.partition_key_type, "partition key");
        let sort_key = match t.sort_key {
            Some(raw) => Some(self.key_attribute(raw, t.sort_key_type, "sort key")),
            None => {
                if let Some(raw) = t.sort_key_type {
                    self.error(
                        raw,
                        format!("{what} has a `sort_key_type` but no `sort_key`"),
                    );
                }
                None
            }
        };
        if sort_key
            .as_ref()
            .is_some_and(|s| s.name == partition_key.name)
        {
            self.error_at(
                name.offset,
                format!(
                    "{what} uses `{}` as both partition and sort key",
                    partition_key.name
                ),
            );
        }
        let billing = self.billing(t, &what, name.offset);
        let mut table = Table {
            name: n,
            account,
            region,
            id,
            created,
            partition_key,
            sort_key,
            billing,
            items: BTreeMap::new(),
        };
        for raw in &t.items {
            self.item(raw, &mut table, &what);
        }
        self.org.tables.insert(arn, table);
    }

    /// One item: DynamoDB's JSON (`{"id": {"S": "1"}}`) in a string.
    pub(super) fn item(&mut self, raw: &RawValue, table: &mut Table, what: &str) {
        let Some(located) = self.located(raw, "item") else {
            return;
        };
        let value = match serde_json::from_str::<serde_json::Value>(&located.text) {
            Ok(v) => v,
            Err(e) => {
                let pos = Pos {
                    line: to_u32(e.line()),
                    col: to_u32(e.column().max(1)),
                };
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                self.error_at(
                    located.offset_at(pos),
                    format!("item of {what} is not JSON: {message}"),
                );
                return;
            }
        };
        let serde_json::Value::Object(item) = value else {
            self.error(
                raw,
                format!(
                    "item of {what} must be a JSON object such as {{\"id\": {{\"S\": \"1\"}}}}"
                ),
            );
            return;
        };
        for (attribute, v) in &item {
            if let Err(e) = check_attribute_value(v) {
                self.error(raw, format!("item of {what}, attribute `{attribute}`: {e}"));
                return;
            }
        }
        match table.item_key(&item) {
            Ok(key) if table.items.contains_key(&key) => {
                self.error(raw, format!("{what} has two items with the key {key}"));
            }
            Ok(key) => {
                table.items.insert(key, item);
            }
            Err(e) => self.error(raw, format!("item of {what}: {e}")),
        }
    }
}
