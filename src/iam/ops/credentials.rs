//! A user's long-term credentials: the console password (login profile),
//! access keys, and virtual MFA devices with real TOTP codes.
//!
//! Every call here is authorized against the user's ARN, except the virtual
//! MFA device calls that act on the device itself (create, delete, list),
//! which AWS authorizes against `arn:aws:iam::ACCOUNT:mfa/PATH/NAME`.

use serde::Deserialize;
use serde_json::{Value, json};

use super::totp::{codes_match, token_code_valid};
use super::{Ctx, OpResult, TagInput, date, input, merge_tags, not_truncated, tags_json, users};
use crate::iam::error::AwsError;
use crate::iam::model::{AccessKey, Caller, KeyStatus, LoginProfile, MfaDevice};

/// Access keys per user (fixed by AWS).
pub const ACCESS_KEYS_PER_USER: usize = 2;
/// MFA devices a user can have enabled at once (AWS allows eight of any kind).
pub const MFA_DEVICES_PER_USER: usize = 8;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateLoginProfile" => input(v).and_then(|i| create_login_profile(cx, i)),
        "GetLoginProfile" => input(v).and_then(|i| get_login_profile(cx, i)),
        "UpdateLoginProfile" => input(v).and_then(|i| update_login_profile(cx, i)),
        "DeleteLoginProfile" => input(v).and_then(|i| delete_login_profile(cx, i)),
        "CreateAccessKey" => input(v).and_then(|i| create_access_key(cx, i)),
        "ListAccessKeys" => input(v).and_then(|i| list_access_keys(cx, i)),
        "UpdateAccessKey" => input(v).and_then(|i| update_access_key(cx, i)),
        "DeleteAccessKey" => input(v).and_then(|i| delete_access_key(cx, i)),
        "GetAccessKeyLastUsed" => input(v).and_then(|i| get_access_key_last_used(cx, i)),
        "CreateVirtualMFADevice" => input(v).and_then(|i| create_virtual_mfa_device(cx, i)),
        "EnableMFADevice" => input(v).and_then(|i| enable_mfa_device(cx, i)),
        "ResyncMFADevice" => input(v).and_then(|i| resync_mfa_device(cx, i)),
        "DeactivateMFADevice" => input(v).and_then(|i| deactivate_mfa_device(cx, i)),
        "DeleteVirtualMFADevice" => input(v).and_then(|i| delete_virtual_mfa_device(cx, i)),
        "ListMFADevices" => input(v).and_then(|i| list_mfa_devices(cx, i)),
        "ListVirtualMFADevices" => input(v).and_then(|i| list_virtual_mfa_devices(cx, i)),
        _ => return None,
    })
}

// ---------------------------------------------------------------- parameters

/// AWS's length and pattern checks for one member. `echo` is false for
/// sensitive members (passwords), whose value AWS leaves out of the message.
fn check(
    value: &str,
    param: &str,
    (min, max): (usize, usize),
    allowed: impl Fn(char) -> bool,
    pattern: &str,
    echo: bool,
) -> Result<(), AwsError> {
    let shown = if echo {
        format!("Value '{value}' at '{param}'")
    } else {
        format!("Value at '{param}'")
    };
    let n = value.chars().count();
    let failed = if n < min {
        format!("Member must have length greater than or equal to {min}")
    } else if n > max {
        format!("Member must have length less than or equal to {max}")
    } else if !value.chars().all(allowed) {
        format!("Member must satisfy regular expression pattern: {pattern}")
    } else {
        return Ok(());
    };
    Err(AwsError::validation(format!(
        "1 validation error detected: {shown} failed to satisfy constraint: {failed}"
    )))
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// AWS's `existingUserNameType`: the credential calls accept up to 128
/// characters (and then answer NoSuchEntity), not the 64 of CreateUser.
fn existing_user_name(v: &str) -> Result<(), AwsError> {
    check(v, "userName", (1, 128), name_char, "[\\w+=,.@-]+", true)
}

fn access_key_id(v: &str) -> Result<(), AwsError> {
    check(
        v,
        "accessKeyId",
        (16, 128),
        |c| c.is_ascii_alphanumeric() || c == '_',
        "[\\w]+",
        true,
    )
}

fn serial_number(v: &str) -> Result<(), AwsError> {
    check(
        v,
        "serialNumber",
        (9, 256),
        |c| c.is_ascii_alphanumeric() || "_+=/:,.@-".contains(c),
        "[\\w+=/:,.@-]+",
        true,
    )
}

fn auth_code(v: &str, param: &str) -> Result<(), AwsError> {
    check(v, param, (6, 6), |c| c.is_ascii_digit(), "[\\d]+", true)
}

/// A password as the API accepts it (`passwordType`), before any policy.
fn password_shape(v: Option<&str>) -> Result<&str, AwsError> {
    let Some(p) = v else {
        return Err(AwsError::validation(
            "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
        ));
    };
    check(
        p,
        "password",
        (1, 128),
        |c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}'),
        "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        false,
    )?;
    Ok(p)
}

/// AWS's default password policy, in force while an account has set none
/// (UpdateAccountPasswordPolicy sets a custom one): at least 8 characters and
/// at least three of uppercase letters, lowercase letters, digits and
/// non-alphanumeric characters.
pub fn meets_default_password_policy(p: &str) -> bool {
    let kinds = [
        p.chars().any(|c| c.is_ascii_uppercase()),
        p.chars().any(|c| c.is_ascii_lowercase()),
        p.chars().any(|c| c.is_ascii_digit()),
        p.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    p.chars().count() >= 8 && kinds.iter().filter(|k| **k).count() >= 3
}

/// The account's password policy (or AWS's default rules) for a new
/// password.
fn password_policy(cx: &Ctx<'_>, p: &str) -> Result<(), AwsError> {
    super::password_policy::enforce(cx.account().password_policy.as_ref(), p)
}

/// The user a call is about, validated, authorized and found: the pattern
/// every call on a user's credentials follows.
fn user_for(
    cx: &Ctx<'_>,
    name: Option<String>,
    op: &str,
    action: &str,
) -> Result<(String, String), AwsError> {
    let name = users::target_name(cx, name, op)?;
    // The login profile calls take AWS's `userNameType` (64 characters);
    // the others its `existingUserNameType` (128).
    if op.contains("LoginProfile") {
        crate::iam::ops::validate::user_name(&name)?;
    } else {
        existing_user_name(&name)?;
    }
    cx.authorize(action, &users::arn_for(cx, &name))?;
    let u = users::find(cx, &name)?;
    Ok((name.to_ascii_lowercase(), u.name.clone()))
}

/// Whether a list call without UserName was made by the root user: AWS then
/// lists the root user's own credentials, which iamtutor does not model.
fn root_without_name(cx: &Ctx<'_>, name: &Option<String>) -> bool {
    name.is_none() && matches!(cx.caller, Caller::Root { .. })
}

// ------------------------------------------------------------ login profiles

fn login_profile_not_found(name: &str) -> AwsError {
    AwsError::no_such_entity(format!("Login Profile for User {name} cannot be found."))
}

fn login_profile_json(name: &str, p: &LoginProfile) -> Value {
    json!({
        "UserName": name,
        "CreateDate": date(p.created),
        "PasswordResetRequired": p.password_reset_required,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateLoginProfile {
    user_name: Option<String>,
    password: Option<String>,
    password_reset_required: Option<bool>,
}

fn create_login_profile(cx: &mut Ctx<'_>, i: CreateLoginProfile) -> OpResult {
    let password = password_shape(i.password.as_deref())?.to_string();
    let (key, name) = user_for(
        cx,
        i.user_name,
        "CreateLoginProfile",
        "iam:CreateLoginProfile",
    )?;
    if cx.account().users[&key].login_profile.is_some() {
        return Err(AwsError::already_exists(format!(
            "Login Profile for user {name} already exists."
        )));
    }
    password_policy(cx, &password)?;
    let profile = LoginProfile {
        created: cx.now(),
        password_reset_required: i.password_reset_required.unwrap_or(false),
        password,
        changed: cx.now(),
        previous: Vec::new(),
    };
    let out = json!({ "LoginProfile": login_profile_json(&name, &profile) });
    cx.account_mut()
        .users
        .get_mut(&key)
        .expect("found above")
        .login_profile = Some(profile);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OptionalUser {
    user_name: Option<String>,
}

fn get_login_profile(cx: &mut Ctx<'_>, i: OptionalUser) -> OpResult {
    let (key, name) = user_for(cx, i.user_name, "GetLoginProfile", "iam:GetLoginProfile")?;
    let p = cx.account().users[&key]
        .login_profile
        .as_ref()
        .ok_or_else(|| login_profile_not_found(&name))?;
    // The password itself never leaves the engine.
    Ok(json!({ "LoginProfile": login_profile_json(&name, p) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateLoginProfile {
    user_name: String,
    password: Option<String>,
    password_reset_required: Option<bool>,
}

fn update_login_profile(cx: &mut Ctx<'_>, i: UpdateLoginProfile) -> OpResult {
    if i.password.is_some() {
        password_shape(i.password.as_deref())?;
    }
    let (key, name) = user_for(
        cx,
        Some(i.user_name),
        "UpdateLoginProfile",
        "iam:UpdateLoginProfile",
    )?;
    if cx.account().users[&key].login_profile.is_none() {
        return Err(login_profile_not_found(&name));
    }
    if let Some(p) = &i.password {
        password_policy(cx, p)?;
        let profile = cx.account().users[&key].login_profile.as_ref();
        super::password_policy::refuse_reuse(
            cx.account().password_policy.as_ref(),
            profile.expect("checked above"),
            p,
        )?;
    }
    let now = cx.now();
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    let profile = user.login_profile.as_mut().expect("checked above");
    if let Some(p) = i.password {
        super::password_policy::set_password(profile, p, now);
    }
    if let Some(r) = i.password_reset_required {
        profile.password_reset_required = r;
    }
    Ok(json!({}))
}

fn delete_login_profile(cx: &mut Ctx<'_>, i: OptionalUser) -> OpResult {
    let (key, name) = user_for(
        cx,
        i.user_name,
        "DeleteLoginProfile",
        "iam:DeleteLoginProfile",
    )?;
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    if user.login_profile.take().is_none() {
        return Err(login_profile_not_found(&name));
    }
    Ok(json!({}))
}

// --------------------------------------------------------------- access keys

fn access_key_not_found(id: &str) -> AwsError {
    AwsError::no_such_entity(format!("The Access Key with id {id} cannot be found."))
}

fn access_key_metadata(name: &str, k: &AccessKey) -> Value {
    json!({
        "UserName": name,
        "AccessKeyId": k.id,
        "Status": k.status.as_str(),
        "CreateDate": date(k.created),
    })
}

fn create_access_key(cx: &mut Ctx<'_>, i: OptionalUser) -> OpResult {
    let (key, name) = user_for(cx, i.user_name, "CreateAccessKey", "iam:CreateAccessKey")?;
    if cx.account().users[&key].access_keys.len() >= ACCESS_KEYS_PER_USER {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for AccessKeysPerUser: {ACCESS_KEYS_PER_USER}"
        )));
    }
    let k = AccessKey {
        id: cx.org.new_access_key_id("AKIA"),
        secret: cx.org.new_secret(),
        status: KeyStatus::Active,
        created: cx.now(),
        last_used: None,
    };
    // The only time AWS ever shows the secret.
    let out = json!({ "AccessKey": {
        "UserName": name,
        "AccessKeyId": k.id,
        "Status": k.status.as_str(),
        "SecretAccessKey": k.secret,
        "CreateDate": date(k.created),
    }});
    cx.account_mut()
        .users
        .get_mut(&key)
        .expect("found above")
        .access_keys
        .push(k);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListForUser {
    user_name: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_access_keys(cx: &mut Ctx<'_>, i: ListForUser) -> OpResult {
    let _ = (i.marker, i.max_items);
    if root_without_name(cx, &i.user_name) {
        return Ok(not_truncated(json!({ "AccessKeyMetadata": [] })));
    }
    let (key, name) = user_for(cx, i.user_name, "ListAccessKeys", "iam:ListAccessKeys")?;
    let keys: Vec<Value> = cx.account().users[&key]
        .access_keys
        .iter()
        .map(|k| access_key_metadata(&name, k))
        .collect();
    Ok(not_truncated(json!({ "AccessKeyMetadata": keys })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateAccessKey {
    user_name: Option<String>,
    access_key_id: String,
    status: String,
}

fn update_access_key(cx: &mut Ctx<'_>, i: UpdateAccessKey) -> OpResult {
    access_key_id(&i.access_key_id)?;
    let status = match i.status.as_str() {
        "Active" => KeyStatus::Active,
        "Inactive" => KeyStatus::Inactive,
        // In AWS's enum, but only AWS itself marks a key expired.
        "Expired" => {
            return Err(AwsError::invalid_input(
                "An access key cannot be set to Expired: use Active or Inactive.",
            ));
        }
        other => {
            return Err(AwsError::validation(format!(
                "1 validation error detected: Value '{other}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]"
            )));
        }
    };
    let (key, _) = user_for(cx, i.user_name, "UpdateAccessKey", "iam:UpdateAccessKey")?;
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    let k = user
        .access_keys
        .iter_mut()
        .find(|k| k.id == i.access_key_id)
        .ok_or_else(|| access_key_not_found(&i.access_key_id))?;
    k.status = status;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DeleteAccessKey {
    user_name: Option<String>,
    access_key_id: String,
}

fn delete_access_key(cx: &mut Ctx<'_>, i: DeleteAccessKey) -> OpResult {
    access_key_id(&i.access_key_id)?;
    let (key, _) = user_for(cx, i.user_name, "DeleteAccessKey", "iam:DeleteAccessKey")?;
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    let before = user.access_keys.len();
    user.access_keys.retain(|k| k.id != i.access_key_id);
    if user.access_keys.len() == before {
        return Err(access_key_not_found(&i.access_key_id));
    }
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AccessKeyId {
    access_key_id: String,
}

fn get_access_key_last_used(cx: &mut Ctx<'_>, i: AccessKeyId) -> OpResult {
    access_key_id(&i.access_key_id)?;
    let owner = cx
        .account()
        .users
        .values()
        .find(|u| u.access_keys.iter().any(|k| k.id == i.access_key_id));
    // AWS does not reveal whether a key exists: an unknown key is refused as
    // if the caller lacked permission, with this wording (no colon after
    // "perform", and the key instead of an ARN).
    let Some(owner) = owner else {
        return Err(AwsError::new(
            "AccessDenied",
            format!(
                "User: {} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key {}",
                cx.org.caller_arn(cx.caller),
                i.access_key_id
            ),
        ));
    };
    cx.authorize("iam:GetAccessKeyLastUsed", &owner.arn(&cx.account))?;
    let k = owner
        .access_keys
        .iter()
        .find(|k| k.id == i.access_key_id)
        .expect("found above");
    // The model records the service but not the region: IAM and STS calls
    // are answered in us-east-1, which is what AWS reports for them.
    let last = match &k.last_used {
        Some(l) => json!({
            "LastUsedDate": date(l.date),
            "ServiceName": l.service,
            "Region": "us-east-1",
        }),
        None => json!({ "ServiceName": "N/A", "Region": "N/A" }),
    };
    Ok(json!({ "UserName": owner.name, "AccessKeyLastUsed": last }))
}

/// AWS's Query API sends every blob, the MFA seed included, in standard
/// padded base64.
pub(super) use crate::iam::tokens::base64;

// ---------------------------------------------------------------- MFA devices

fn mfa_not_found(serial: &str) -> AwsError {
    AwsError::no_such_entity(format!(
        "MFA Device with serial number {serial} does not exist."
    ))
}

/// The key of the account's virtual MFA device with this serial number.
fn device_key(cx: &Ctx<'_>, serial: &str) -> Result<String, AwsError> {
    cx.account()
        .mfa_devices
        .iter()
        .find(|(_, d)| d.serial == serial)
        .map(|(k, _)| k.clone())
        .ok_or_else(|| mfa_not_found(serial))
}

/// A virtual MFA device's path: AWS checks it with its own wording here
/// rather than the pattern message of users and groups.
fn mfa_path(p: &str) -> Result<(), AwsError> {
    if p.chars().count() > 512 {
        return Err(AwsError::validation(
            "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
        ));
    }
    let ok = p.starts_with('/')
        && p.ends_with('/')
        && p.chars().all(|c| ('\u{21}'..='\u{7f}').contains(&c));
    if ok {
        Ok(())
    } else {
        Err(AwsError::validation(
            "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.",
        ))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateVirtualMfaDevice {
    #[serde(rename = "VirtualMFADeviceName")]
    virtual_mfa_device_name: String,
    path: Option<String>,
    tags: Option<Vec<TagInput>>,
}

fn create_virtual_mfa_device(cx: &mut Ctx<'_>, i: CreateVirtualMfaDevice) -> OpResult {
    let name = i.virtual_mfa_device_name;
    check(
        &name,
        "virtualMFADeviceName",
        (1, usize::MAX),
        name_char,
        "[\\w+=,.@-]+",
        true,
    )?;
    let path = i.path.unwrap_or_else(|| "/".into());
    mfa_path(&path)?;
    let serial = format!("arn:aws:iam::{}:mfa{path}{name}", cx.account);
    serial_number(&serial)?;
    cx.authorize("iam:CreateVirtualMFADevice", &serial)?;
    let key = name.to_ascii_lowercase();
    if cx.account().mfa_devices.contains_key(&key) {
        return Err(AwsError::already_exists("MFA device already exists."));
    }
    let mut tags = Vec::new();
    merge_tags(&mut tags, i.tags.as_deref().unwrap_or_default())?;
    let device = MfaDevice {
        name,
        path,
        serial,
        seed: cx.org.new_mfa_seed(),
        user: None,
        enabled: None,
        tags,
    };
    // AWS sends the seed as a blob: the Base64 encoding of the Base32 text.
    // The QR code PNG is left out: a terminal cannot show it, and the seed
    // carries the same secret.
    let mut out = json!({
        "SerialNumber": device.serial,
        "Base32StringSeed": base64(device.seed.as_bytes()),
    });
    if !device.tags.is_empty() {
        out["Tags"] = tags_json(&device.tags);
    }
    cx.account_mut().mfa_devices.insert(key, device);
    Ok(json!({ "VirtualMFADevice": out }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct MfaCodes {
    user_name: String,
    serial_number: String,
    authentication_code1: String,
    authentication_code2: String,
}

impl MfaCodes {
    fn validate(&self) -> Result<(), AwsError> {
        existing_user_name(&self.user_name)?;
        serial_number(&self.serial_number)?;
        auth_code(&self.authentication_code1, "authenticationCode1")?;
        auth_code(&self.authentication_code2, "authenticationCode2")
    }

    fn check_codes(&self, seed: &str, now: i64) -> Result<(), AwsError> {
        if codes_match(
            seed,
            now,
            &self.authentication_code1,
            &self.authentication_code2,
        ) {
            Ok(())
        } else {
            Err(AwsError::new(
                "InvalidAuthenticationCode",
                "Authentication code for device is not valid.",
            ))
        }
    }
}

fn enable_mfa_device(cx: &mut Ctx<'_>, i: MfaCodes) -> OpResult {
    i.validate()?;
    let (user, _) = user_for(
        cx,
        Some(i.user_name.clone()),
        "EnableMFADevice",
        "iam:EnableMFADevice",
    )?;
    let key = device_key(cx, &i.serial_number)?;
    let device = &cx.account().mfa_devices[&key];
    if device.user.is_some() {
        return Err(AwsError::already_exists("MFA Device is already in use."));
    }
    if cx.account().users[&user].mfa_devices.len() >= MFA_DEVICES_PER_USER {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for MFADevicesPerUser: {MFA_DEVICES_PER_USER}"
        )));
    }
    i.check_codes(&device.seed, cx.now())?;
    let now = cx.now();
    let account = cx.account_mut();
    let device = account.mfa_devices.get_mut(&key).expect("found above");
    device.user = Some(user.clone());
    device.enabled = Some(now);
    let u = account.users.get_mut(&user).expect("found above");
    u.mfa_devices.push(i.serial_number);
    Ok(json!({}))
}

fn resync_mfa_device(cx: &mut Ctx<'_>, i: MfaCodes) -> OpResult {
    i.validate()?;
    let (user, _) = user_for(
        cx,
        Some(i.user_name.clone()),
        "ResyncMFADevice",
        "iam:ResyncMFADevice",
    )?;
    if !cx.account().users[&user]
        .mfa_devices
        .contains(&i.serial_number)
    {
        return Err(mfa_not_found(&i.serial_number));
    }
    let key = device_key(cx, &i.serial_number)?;
    // The simulated device never drifts, so resynchronizing only checks the
    // codes, as AWS does before it records the new offset.
    i.check_codes(&cx.account().mfa_devices[&key].seed, cx.now())?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DeactivateMfaDevice {
    user_name: Option<String>,
    serial_number: String,
}

fn deactivate_mfa_device(cx: &mut Ctx<'_>, i: DeactivateMfaDevice) -> OpResult {
    serial_number(&i.serial_number)?;
    let (user, _) = user_for(
        cx,
        i.user_name,
        "DeactivateMFADevice",
        "iam:DeactivateMFADevice",
    )?;
    if !cx.account().users[&user]
        .mfa_devices
        .contains(&i.serial_number)
    {
        return Err(mfa_not_found(&i.serial_number));
    }
    let key = device_key(cx, &i.serial_number)?;
    let account = cx.account_mut();
    let u = account.users.get_mut(&user).expect("found above");
    u.mfa_devices.retain(|s| *s != i.serial_number);
    // The virtual device stays, unassigned, until DeleteVirtualMFADevice.
    let device = account.mfa_devices.get_mut(&key).expect("found above");
    device.user = None;
    device.enabled = None;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct SerialNumber {
    serial_number: String,
}

fn delete_virtual_mfa_device(cx: &mut Ctx<'_>, i: SerialNumber) -> OpResult {
    serial_number(&i.serial_number)?;
    // The serial number of a virtual device is its ARN.
    cx.authorize("iam:DeleteVirtualMFADevice", &i.serial_number)?;
    let key = device_key(cx, &i.serial_number)?;
    if cx.account().mfa_devices[&key].user.is_some() {
        return Err(AwsError::delete_conflict("MFA device is still in use."));
    }
    cx.account_mut().mfa_devices.remove(&key);
    Ok(json!({}))
}

fn list_mfa_devices(cx: &mut Ctx<'_>, i: ListForUser) -> OpResult {
    let _ = (i.marker, i.max_items);
    if root_without_name(cx, &i.user_name) {
        return Ok(not_truncated(json!({ "MFADevices": [] })));
    }
    let (user, name) = user_for(cx, i.user_name, "ListMFADevices", "iam:ListMFADevices")?;
    let account = cx.account();
    let devices: Vec<Value> = account.users[&user]
        .mfa_devices
        .iter()
        .map(|serial| {
            let enabled = account
                .mfa_devices
                .values()
                .find(|d| d.serial == *serial)
                .and_then(|d| d.enabled)
                .unwrap_or_default();
            json!({
                "UserName": name,
                "SerialNumber": serial,
                "EnableDate": date(enabled),
            })
        })
        .collect();
    Ok(not_truncated(json!({ "MFADevices": devices })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListVirtualMfaDevices {
    assignment_status: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_virtual_mfa_devices(cx: &mut Ctx<'_>, i: ListVirtualMfaDevices) -> OpResult {
    let _ = (i.marker, i.max_items);
    // Without AssignmentStatus AWS lists every device.
    let wanted = i.assignment_status.as_deref().unwrap_or("Any");
    let keep = |assigned: bool| match wanted {
        "Assigned" => Ok(assigned),
        "Unassigned" => Ok(!assigned),
        "Any" => Ok(true),
        other => Err(AwsError::validation(format!(
            "1 validation error detected: Value '{other}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Assigned, Unassigned, Any]"
        ))),
    };
    keep(true)?;
    cx.authorize(
        "iam:ListVirtualMFADevices",
        &format!("arn:aws:iam::{}:mfa/", cx.account),
    )?;
    let account = cx.account();
    let mut devices = Vec::new();
    for d in account.mfa_devices.values() {
        let user = d.user.as_ref().and_then(|u| account.users.get(u));
        if !keep(user.is_some())? {
            continue;
        }
        let mut v = json!({ "SerialNumber": d.serial });
        if let Some(u) = user {
            v["User"] = super::groups::member_json(u, &cx.account);
            v["EnableDate"] = date(d.enabled.unwrap_or_default());
        }
        devices.push(v);
    }
    Ok(not_truncated(json!({ "VirtualMFADevices": devices })))
}

/// Is `code` the current one-time code of MFA device `serial`, and is that
/// device enabled for the calling user? Used by STS calls that take
/// SerialNumber and TokenCode.
pub fn mfa_code_valid(
    org: &crate::iam::model::Org,
    caller: &crate::iam::model::Caller,
    serial: &str,
    code: &str,
) -> bool {
    let crate::iam::model::Caller::User { account, user, .. } = caller else {
        return false;
    };
    org.account(account).is_some_and(|a| {
        a.mfa_devices.values().any(|d| {
            d.serial == serial
                && d.user.as_deref() == Some(user.as_str())
                && token_code_valid(&d.seed, org.now, code)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy_needs_length_and_three_kinds() {
        assert!(meets_default_password_policy("Passw0rd"));
        assert!(meets_default_password_policy("pass word1"));
        assert!(!meets_default_password_policy("Pass0rd"));
        assert!(!meets_default_password_policy("password1"));
        assert!(!meets_default_password_policy("PASSWORDpassword"));
    }
}
