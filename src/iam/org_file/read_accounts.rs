//! Reading an account: its managed policies, groups, users (login profiles,
//! access keys, MFA devices), roles and instance profiles.

use std::sync::Arc;

use ron::value::RawValue;

use super::file::{
    AccessKeyFile, AccountFile, GroupFile, InstanceProfileFile, MfaDeviceFile, PolicyFile,
    RoleFile, UserFile, VersionFile,
};
use super::read::{
    GROUP, Holder, INSTANCE_PROFILE, Loader, MFA_DEVICE, POLICY, ROLE, USER, mfa_serial,
    placeholder_trust, version_number,
};
use super::{
    ACCESS_KEYS_PER_USER, DEFAULT_SESSION, INLINE_SIZE_GROUP, INLINE_SIZE_ROLE,
    MANAGED_POLICY_SIZE, MAX_SESSION, MFA_DEVICES_PER_USER, TRUST_POLICY_SIZE, VERSIONS_PER_POLICY,
};
use super::{GROUPS_PER_USER, INLINE_SIZE_USER};
use crate::iam::model::{
    AccessKey, Account, Group, InstanceProfile, KeyStatus, LastUsed, LoginProfile, ManagedPolicy,
    MfaDevice, OrgPolicyType, PolicyDoc, PolicyVersion, Role, User, policy_arn,
};
use crate::iam::policy::{PolicyKind, counted_size};

impl Loader<'_> {
    pub(super) fn account(&mut self, a: &AccountFile<'_>) -> Option<String> {
        let id = self.name(a.id, "account id")?;
        if id.text.len() != 12 || !id.text.bytes().all(|b| b.is_ascii_digit()) {
            self.error_at(
                id.offset,
                format!(
                    "account id `{}` is not valid: an account id is 12 digits",
                    id.text
                ),
            );
        }
        if self.org.accounts.contains_key(&id.text) {
            self.error_at(id.offset, format!("account `{}` is defined twice", id.text));
            return None;
        }
        let alias = self.opt_string(a.alias, "alias");
        if let (Some(alias), Some(raw)) = (&alias, a.alias) {
            let ok = (3..=63).contains(&alias.len())
                && alias
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !alias.starts_with('-')
                && !alias.ends_with('-');
            if !ok {
                self.error(
                    raw,
                    format!(
                        "account alias `{alias}` is not valid: use 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"
                    ),
                );
            }
        }
        self.org.accounts.insert(
            id.text.clone(),
            Account {
                id: id.text.clone(),
                alias,
                ..Default::default()
            },
        );
        Some(id.text)
    }

    pub(super) fn account_mut(&mut self, id: &str) -> &mut Account {
        self.org
            .accounts
            .get_mut(id)
            .expect("accounts are created before their entities")
    }

    pub(super) fn managed_policy(&mut self, account: &str, p: &PolicyFile<'_>) {
        let Some(name) = self.entity_name(p.name, POLICY, account) else {
            return;
        };
        let path = self.path(p.path);
        let id = self.id(p.id, "ANPA");
        let now = self.org.now;
        let created = self.time_or(p.created, "created", now);
        let tags = self.tags(&p.tags, &format!("policy `{}`", name.text));
        let label = format!("managed policy `{}`", name.text);

        let mut versions: Vec<PolicyVersion> = Vec::new();
        match (p.document, p.versions.is_empty()) {
            (Some(doc), true) => {
                if let Some(doc) = self.policy_document(doc, &label) {
                    versions.push(PolicyVersion {
                        id: "v1".into(),
                        doc,
                        created,
                    });
                }
            }
            (Some(doc), false) => self.error(
                doc,
                format!("{label} has both `document` and `versions`: give one or the other"),
            ),
            (None, true) => self.error_at(
                name.offset,
                format!("{label} has no `document` (or `versions`)"),
            ),
            (None, false) => {
                for (i, v) in p.versions.iter().enumerate() {
                    self.version(v, i, created, &label, &mut versions);
                }
            }
        }
        if p.versions.len() > VERSIONS_PER_POLICY {
            self.error_at(
                name.offset,
                format!(
                    "{label} has {} versions; AWS keeps at most {VERSIONS_PER_POLICY}",
                    p.versions.len()
                ),
            );
        }
        // A policy with errors is still added, so that references to it
        // don't report it missing as well; the file is refused anyway.
        let expected = p.versions.len().max(1);
        let default_version = match p.default_version {
            Some(raw) => match self.string(raw, "default_version") {
                Some(v) => {
                    if versions.len() == expected && !versions.iter().any(|x| x.id == v) {
                        self.error(raw, format!("{label} has no version `{v}`"));
                    }
                    v
                }
                None => "v1".into(),
            },
            None => {
                if p.versions.len() > 1 {
                    self.error_at(
                        name.offset,
                        format!("{label} has several versions: say which is the `default_version`"),
                    );
                }
                versions
                    .first()
                    .map_or_else(|| "v1".into(), |v| v.id.clone())
            }
        };
        let highest = versions
            .iter()
            .filter_map(|v| version_number(&v.id))
            .max()
            .unwrap_or(0);
        let next_version = p.next_version.unwrap_or(highest + 1);
        if next_version <= highest {
            self.error_at(
                name.offset,
                format!(
                    "{label} has `next_version: {next_version}` but already has version `v{highest}`: AWS never reuses a version id"
                ),
            );
        }
        let default_created = versions
            .iter()
            .find(|v| v.id == default_version)
            .map_or(created, |v| v.created);
        let updated = self.time_or(p.updated, "updated", default_created);
        let arn = policy_arn(account, &path, &name.text);
        let policy = ManagedPolicy {
            name: name.text.clone(),
            path,
            id,
            arn,
            description: p.description.clone(),
            created,
            updated,
            versions,
            default_version,
            next_version,
            tags,
        };
        self.account_mut(account)
            .policies
            .insert(name.key(), policy);
    }

    pub(super) fn version(
        &mut self,
        v: &VersionFile<'_>,
        index: usize,
        created: i64,
        label: &str,
        versions: &mut Vec<PolicyVersion>,
    ) {
        let id = match v.id {
            Some(raw) => {
                let Some(id) = self.string(raw, "version id") else {
                    return;
                };
                if version_number(&id).is_none() {
                    self.error(
                        raw,
                        format!(
                            "version id `{id}` is not valid: version ids are `v1`, `v2` and so on"
                        ),
                    );
                    return;
                }
                if versions.iter().any(|x| x.id == id) {
                    self.error(raw, format!("{label} has version `{id}` twice"));
                    return;
                }
                id
            }
            None => format!("v{}", index + 1),
        };
        let created = self.time_or(v.created, "created", created);
        let what = format!("version `{id}` of {label}");
        if let Some(doc) = self.policy_document(v.document, &what) {
            versions.push(PolicyVersion { id, doc, created });
        }
    }

    /// A managed policy's document: identity grammar and AWS's size limit.
    fn policy_document(&mut self, raw: &RawValue, what: &str) -> Option<Arc<PolicyDoc>> {
        let doc = self.document(raw, PolicyKind::Identity, what)?;
        let size = counted_size(&doc.text);
        if size > MANAGED_POLICY_SIZE {
            self.error(
                raw,
                format!(
                    "{what} is {size} characters; AWS allows {MANAGED_POLICY_SIZE} (white space not counted)"
                ),
            );
        }
        Some(doc)
    }

    pub(super) fn account_entities(&mut self, account: &str, a: &AccountFile<'_>) {
        self.providers(account, &a.oidc_providers, &a.saml_providers);
        for g in &a.groups {
            self.group(account, g);
        }
        let mut users = Vec::new();
        for u in &a.users {
            if let Some(key) = self.user(account, u) {
                users.push((key, u));
            }
        }
        for r in &a.roles {
            self.role(account, r);
        }
        for p in &a.instance_profiles {
            self.instance_profile(account, p);
        }
        for d in &a.mfa_devices {
            self.mfa_device(account, d);
        }
        // Devices are linked after all are declared, so a user may name a
        // device listed further down the file.
        for (key, u) in users {
            self.link_mfa(account, &key, u);
        }
        if let Some(scps) = &a.scps {
            let list: Vec<_> = scps.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ServiceControl);
            self.account_mut(account).scps = Some(out);
        }
        if let Some(rcps) = &a.rcps {
            let list: Vec<_> = rcps.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ResourceControl);
            self.account_mut(account).rcps = Some(out);
        }
        if let Some(p) = &a.password_policy {
            self.account_mut(account).password_policy = Some(crate::iam::model::PasswordPolicy {
                // UpdateAccountPasswordPolicy's default when the length is left out.
                minimum_password_length: p.minimum_password_length.unwrap_or(6),
                require_symbols: p.require_symbols,
                require_numbers: p.require_numbers,
                require_uppercase_characters: p.require_uppercase_characters,
                require_lowercase_characters: p.require_lowercase_characters,
                allow_users_to_change_password: p.allow_users_to_change_password,
                max_password_age: p.max_password_age,
                password_reuse_prevention: p.password_reuse_prevention,
                hard_expiry: p.hard_expiry,
            });
        }
        if let Some(r) = &a.credential_report
            && let Some(generated) = self.time(r.generated, "credential report time")
        {
            self.account_mut(account).credential_report =
                Some(crate::iam::model::CredentialReport {
                    generated,
                    csv: r.csv.clone(),
                });
        }
        for r in &a.access_reports {
            if let Some(report) = self.access_report(r) {
                self.account_mut(account)
                    .access_reports
                    .insert(report.id.clone(), report);
            }
        }
    }

    pub(super) fn group(&mut self, account: &str, g: &GroupFile<'_>) {
        let Some(name) = self.entity_name(g.name, GROUP, account) else {
            return;
        };
        let path = self.path(g.path);
        let id = self.id(g.id, "AGPA");
        let now = self.org.now;
        let created = self.time_or(g.created, "created", now);
        let holder = Holder {
            word: "group",
            name: &name.text,
            inline_limit: INLINE_SIZE_GROUP,
        };
        let attached = self.attached(&g.policies, account, &holder);
        let inline = self.inline(&g.inline, &holder);
        let group = Group {
            name: name.text.clone(),
            path,
            id,
            created,
            inline,
            attached,
        };
        self.account_mut(account).groups.insert(name.key(), group);
    }

    pub(super) fn user(&mut self, account: &str, u: &UserFile<'_>) -> Option<String> {
        let name = self.entity_name(u.name, USER, account)?;
        let path = self.path(u.path);
        let id = self.id(u.id, "AIDA");
        let now = self.org.now;
        let created = self.time_or(u.created, "created", now);
        let holder = Holder {
            word: "user",
            name: &name.text,
            inline_limit: INLINE_SIZE_USER,
        };

        let mut groups: Vec<String> = Vec::new();
        for (i, raw) in u.groups.iter().enumerate() {
            if i == GROUPS_PER_USER {
                self.error(
                    raw,
                    format!(
                        "user `{}` is in more than {GROUPS_PER_USER} groups; a user can belong to at most {GROUPS_PER_USER}",
                        name.text
                    ),
                );
            }
            let Some(g) = self.string(raw, "group name") else {
                continue;
            };
            let key = g.to_ascii_lowercase();
            if !self.org.accounts[account].groups.contains_key(&key) {
                self.error(
                    raw,
                    format!(
                        "user `{}` is a member of group `{g}`, which account `{account}` does not have",
                        name.text
                    ),
                );
            } else if groups.contains(&key) {
                self.error(
                    raw,
                    format!("user `{}` is listed in group `{g}` twice", name.text),
                );
            } else {
                groups.push(key);
            }
        }
        let attached = self.attached(&u.policies, account, &holder);
        let inline = self.inline(&u.inline, &holder);
        let boundary = self.boundary(u.boundary, account);
        let tags = self.tags(&u.tags, &holder.label());
        let login_profile = u.login_profile.as_ref().map(|l| {
            let created = self.time_or(l.created, "created", now);
            LoginProfile {
                created,
                password_reset_required: l.password_reset_required,
                password: l.password.clone(),
                changed: self.time_or(l.changed, "changed", created),
                previous: l.previous.clone(),
            }
        });
        if u.access_keys.len() > ACCESS_KEYS_PER_USER {
            self.error_at(
                name.offset,
                format!(
                    "user `{}` has {} access keys; a user can have at most {ACCESS_KEYS_PER_USER}",
                    name.text,
                    u.access_keys.len()
                ),
            );
        }
        let mut access_keys = Vec::new();
        for k in &u.access_keys {
            if let Some(key) = self.access_key(k) {
                access_keys.push(key);
            }
        }
        let password_last_used = self.opt_time(u.password_last_used, "password_last_used");
        let accessed = self.accessed(&u.accessed, &format!("user `{}`", name.text));
        let user = User {
            name: name.text.clone(),
            path,
            id,
            created,
            login_profile,
            access_keys,
            mfa_devices: Vec::new(),
            tags,
            inline,
            attached,
            boundary,
            groups,
            password_last_used,
            accessed,
        };
        let key = name.key();
        self.account_mut(account).users.insert(key.clone(), user);
        Some(key)
    }

    fn access_key(&mut self, k: &AccessKeyFile<'_>) -> Option<AccessKey> {
        let id = match k.id {
            Some(raw) => {
                let id = self.string(raw, "access key id")?;
                let ok = id.len() == 20
                    && id.starts_with("AKIA")
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if !ok {
                    self.error(
                        raw,
                        format!(
                            "access key id `{id}` is not valid: long-term key ids are `AKIA` and 16 more capital letters or digits"
                        ),
                    );
                }
                if self.access_key_taken(&id) {
                    self.error(raw, format!("access key id `{id}` is used twice"));
                    return None;
                }
                id
            }
            None => loop {
                let id = self.org.new_access_key_id("AKIA");
                if self.used_ids.insert(id.clone()) {
                    break id;
                }
            },
        };
        let secret = match &k.secret {
            Some(s) => s.clone(),
            None => self.org.new_secret(),
        };
        let now = self.org.now;
        let created = self.time_or(k.created, "created", now);
        let last_used = match &k.last_used {
            Some(l) => Some(LastUsed {
                date: self.time(l.date, "date")?,
                service: l.service.clone(),
            }),
            None => None,
        };
        Some(AccessKey {
            id,
            secret,
            status: k.status.unwrap_or(KeyStatus::Active),
            created,
            last_used,
        })
    }

    fn access_key_taken(&self, id: &str) -> bool {
        self.org.accounts.values().any(|a| {
            a.users
                .values()
                .any(|u| u.access_keys.iter().any(|k| k.id == id))
        })
    }

    pub(super) fn role(&mut self, account: &str, r: &RoleFile<'_>) {
        let Some(name) = self.entity_name(r.name, ROLE, account) else {
            return;
        };
        let path = self.path(r.path);
        let id = self.id(r.id, "AROA");
        let now = self.org.now;
        let created = self.time_or(r.created, "created", now);
        let what = format!("trust policy of role `{}`", name.text);
        let trust = self.document(r.trust, PolicyKind::Trust, &what);
        if let Some(t) = &trust {
            let size = counted_size(&t.text);
            if size > TRUST_POLICY_SIZE {
                self.error(
                    r.trust,
                    format!(
                        "{what} is {size} characters; AWS allows {TRUST_POLICY_SIZE} (white space not counted)"
                    ),
                );
            }
        }
        let max_session_duration = r.max_session_duration.unwrap_or(DEFAULT_SESSION);
        if !(DEFAULT_SESSION..=MAX_SESSION).contains(&max_session_duration) {
            self.error_at(
                name.offset,
                format!(
                    "role `{}` has `max_session_duration: {max_session_duration}`: it must be 3600 to 43200 seconds (1 to 12 hours)",
                    name.text
                ),
            );
        }
        let holder = Holder {
            word: "role",
            name: &name.text,
            inline_limit: INLINE_SIZE_ROLE,
        };
        let attached = self.attached(&r.policies, account, &holder);
        let inline = self.inline(&r.inline, &holder);
        let boundary = self.boundary(r.boundary, account);
        let tags = self.tags(&r.tags, &holder.label());
        let last_used = self.opt_time(r.last_used, "last_used");
        let accessed = self.accessed(&r.accessed, &format!("role `{}`", name.text));
        // A role whose trust policy has errors is still added, so that
        // instance profiles naming it don't report it missing as well.
        let trust = trust.unwrap_or_else(placeholder_trust);
        let role = Role {
            name: name.text.clone(),
            path,
            id,
            created,
            description: r.description.clone(),
            trust,
            max_session_duration,
            inline,
            attached,
            boundary,
            tags,
            last_used,
            accessed,
        };
        self.account_mut(account).roles.insert(name.key(), role);
    }

    pub(super) fn instance_profile(&mut self, account: &str, p: &InstanceProfileFile<'_>) {
        let Some(name) = self.entity_name(p.name, INSTANCE_PROFILE, account) else {
            return;
        };
        let path = self.path(p.path);
        let id = self.id(p.id, "AIPA");
        let now = self.org.now;
        let created = self.time_or(p.created, "created", now);
        let mut roles = Vec::new();
        for (i, raw) in p.roles.iter().enumerate() {
            let Some(role) = self.string(raw, "role name") else {
                continue;
            };
            if i == 1 {
                self.error(
                    raw,
                    format!(
                        "instance profile `{}` has a second role `{role}`: an instance profile holds one role",
                        name.text
                    ),
                );
                continue;
            }
            let key = role.to_ascii_lowercase();
            if self.org.accounts[account].roles.contains_key(&key) {
                roles.push(key);
            } else {
                self.error(
                    raw,
                    format!(
                        "instance profile `{}` holds role `{role}`, which account `{account}` does not have",
                        name.text
                    ),
                );
            }
        }
        let tags = self.tags(&p.tags, &format!("instance profile `{}`", name.text));
        let profile = InstanceProfile {
            name: name.text.clone(),
            path,
            id,
            created,
            roles,
            tags,
        };
        self.account_mut(account)
            .instance_profiles
            .insert(name.key(), profile);
    }

    fn mfa_device(&mut self, account: &str, d: &MfaDeviceFile<'_>) {
        let Some(name) = self.entity_name(d.name, MFA_DEVICE, account) else {
            return;
        };
        let path = self.path(d.path);
        let serial = d
            .serial
            .clone()
            .unwrap_or_else(|| mfa_serial(account, &path, &name.text));
        let seed = match &d.seed {
            Some(s) => s.clone(),
            None => self.org.new_mfa_seed(),
        };
        let enabled = self.opt_time(d.enabled, "enabled");
        let tags = self.tags(&d.tags, &format!("MFA device `{}`", name.text));
        let device = MfaDevice {
            name: name.text.clone(),
            path,
            serial,
            seed,
            user: None,
            enabled,
            tags,
        };
        self.account_mut(account)
            .mfa_devices
            .insert(name.key(), device);
    }

    /// Enables the devices a user lists: by device name (a virtual device is
    /// created when the account declares none of that name) or by serial
    /// number (an ARN that matches no declared device stands for a hardware
    /// device and is kept as written).
    fn link_mfa(&mut self, account: &str, user: &str, u: &UserFile<'_>) {
        let now = self.org.now;
        let mut serials: Vec<String> = Vec::new();
        for (i, raw) in u.mfa_devices.iter().enumerate() {
            let Some(entry) = self.name(raw, "MFA device") else {
                continue;
            };
            if i == MFA_DEVICES_PER_USER {
                self.error(
                    raw,
                    format!(
                        "user `{}` has more than {MFA_DEVICES_PER_USER} MFA devices, AWS's limit",
                        self.org.accounts[account].users[user].name
                    ),
                );
            }
            let found = self.org.accounts[account]
                .mfa_devices
                .iter()
                .find(|(k, d)| {
                    if entry.text.starts_with("arn:") {
                        d.serial == entry.text
                    } else {
                        **k == entry.key()
                    }
                })
                .map(|(k, _)| k.clone());
            let key = match found {
                Some(k) => k,
                None if entry.text.starts_with("arn:") => {
                    if serials.contains(&entry.text) {
                        self.error(raw, format!("MFA device `{}` is listed twice", entry.text));
                    } else {
                        serials.push(entry.text);
                    }
                    continue;
                }
                None => {
                    // A bare name that no device has: create the virtual
                    // device, as `create-virtual-mfa-device` would.
                    self.check_name(&entry, "MFA device", MFA_DEVICE.max);
                    let device = MfaDevice {
                        name: entry.text.clone(),
                        path: "/".into(),
                        serial: mfa_serial(account, "/", &entry.text),
                        seed: self.org.new_mfa_seed(),
                        user: None,
                        enabled: None,
                        tags: Vec::new(),
                    };
                    self.account_mut(account)
                        .mfa_devices
                        .insert(entry.key(), device);
                    entry.key()
                }
            };
            let device = self.account_mut(account).mfa_devices.get_mut(&key);
            let device = device.expect("the device was found or created above");
            match &device.user {
                Some(other) if other != user => {
                    let other = other.clone();
                    self.error(
                        raw,
                        format!(
                            "MFA device `{}` is already enabled for user `{other}`",
                            entry.text
                        ),
                    );
                    continue;
                }
                Some(_) => {
                    self.error(raw, format!("MFA device `{}` is listed twice", entry.text));
                    continue;
                }
                None => {}
            }
            device.user = Some(user.to_string());
            device.enabled.get_or_insert(now);
            serials.push(device.serial.clone());
        }
        if let Some(u) = self.account_mut(account).users.get_mut(user) {
            u.mfa_devices = serials;
        }
    }
}
