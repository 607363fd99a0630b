//! The credential report: GenerateCredentialReport and GetCredentialReport.
//!
//! IAM makes the report on request and keeps it: a second request within
//! four hours gets the same report back, so a report is a snapshot of the
//! account when it was generated, not of the account now. The sandbox makes
//! the report at once (AWS takes a few seconds), so no call ever meets
//! AWS's `ReportInProgress`.
//!
//! The CSV has AWS's columns in AWS's order, one row for the root user and
//! one per IAM user, with the values AWS documents for what does not apply
//! (`N/A`), for what IAM never recorded (`no_information`) and for what the
//! root user does not have (`not_supported`).

use serde::Deserialize;
use serde_json::{Value, json};

use super::credentials::base64;
use super::password_policy::expires_at;
use super::{Ctx, OpResult, date, input};
use crate::iam::error::AwsError;
use crate::iam::model::{Account, CredentialReport, KeyStatus, User, root_arn};
use crate::iam::time;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "GenerateCredentialReport" => input(v).and_then(|i| generate(cx, i)),
        "GetCredentialReport" => input(v).and_then(|i| get(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

/// How long IAM hands out the same report before a request makes a new one.
pub const REPORT_LIFETIME: i64 = 4 * 3600;

/// The report's columns, as AWS's credential report documents them.
pub const COLUMNS: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

const NA: &str = "N/A";

fn generate(cx: &mut Ctx<'_>, _: Empty) -> OpResult {
    cx.authorize("iam:GenerateCredentialReport", "*")?;
    let now = cx.now();
    let fresh = cx
        .account()
        .credential_report
        .as_ref()
        .map(|r| now - r.generated < REPORT_LIFETIME);
    if fresh == Some(true) {
        return Ok(json!({ "State": "COMPLETE" }));
    }
    let csv = report_csv(cx.account());
    cx.account_mut().credential_report = Some(CredentialReport {
        generated: now,
        csv,
    });
    Ok(match fresh {
        // AWS's words when there was no report at all.
        None => json!({
            "State": "STARTED",
            "Description": "No report exists. Starting a new report generation task",
        }),
        Some(_) => json!({ "State": "STARTED" }),
    })
}

fn get(cx: &mut Ctx<'_>, _: Empty) -> OpResult {
    cx.authorize("iam:GetCredentialReport", "*")?;
    // AWS answers a missing report with this code and the one word.
    let report = cx
        .account()
        .credential_report
        .as_ref()
        .ok_or_else(|| AwsError::new("ReportNotPresent", "Unknown"))?;
    Ok(json!({
        "Content": base64(report.csv.as_bytes()),
        "ReportFormat": "text/csv",
        "GeneratedTime": date(report.generated),
    }))
}

/// The report's CSV for `account` as it stands now: a header line,
/// the root user's row, then one row per user, lines joined by `\n`.
pub fn report_csv(account: &Account) -> String {
    let mut lines = vec![COLUMNS.join(",")];
    lines.push(root_row(account).join(","));
    for user in account.users.values() {
        lines.push(user_row(account, user).join(","));
    }
    lines.join("\n")
}

/// The root user's row. The sandbox keeps no record of the root user's own
/// credentials: it has a password (reported as AWS reports it for root),
/// and no MFA, access keys or certificates. The account's creation time is
/// not recorded either: the earliest creation time of anything in it
/// stands in for it.
fn root_row(account: &Account) -> Vec<String> {
    let created = earliest_creation(account).unwrap_or(time::DEFAULT_NOW);
    let mut row = vec![
        "<root_account>".to_string(),
        root_arn(&account.id),
        time::iso8601(created),
        "not_supported".into(),
        "no_information".into(),
        "not_supported".into(),
        "not_supported".into(),
        "false".into(),
    ];
    for _ in 0..2 {
        row.extend(["false".into(), NA.into(), NA.into(), NA.into(), NA.into()]);
    }
    row.extend(no_certificates());
    row
}

fn earliest_creation(account: &Account) -> Option<i64> {
    let users = account.users.values().map(|u| u.created);
    let groups = account.groups.values().map(|g| g.created);
    let roles = account.roles.values().map(|r| r.created);
    let policies = account.policies.values().map(|p| p.created);
    users.chain(groups).chain(roles).chain(policies).min()
}

/// The sandbox has no signing certificates: both certificate columns say
/// there is none, as AWS does for a user without one.
fn no_certificates() -> [String; 4] {
    ["false".into(), NA.into(), "false".into(), NA.into()]
}

fn bool_text(b: bool) -> String {
    b.to_string()
}

fn user_row(account: &Account, user: &User) -> Vec<String> {
    let profile = user.login_profile.as_ref();
    let password_last_used = match (profile, user.password_last_used) {
        (None, _) => NA.to_string(),
        (Some(_), Some(t)) => time::iso8601(t),
        // A password IAM never saw used.
        (Some(_), None) => "no_information".to_string(),
    };
    let password_last_changed = profile.map_or(NA.to_string(), |p| time::iso8601(p.changed));
    let password_next_rotation = profile
        .and_then(|p| expires_at(account.password_policy.as_ref(), p.changed))
        .map_or(NA.to_string(), time::iso8601);
    let mut row = vec![
        user.name.clone(),
        user.arn(&account.id),
        time::iso8601(user.created),
        bool_text(profile.is_some()),
        password_last_used,
        password_last_changed,
        password_next_rotation,
        bool_text(!user.mfa_devices.is_empty()),
    ];
    for slot in 0..2 {
        row.extend(key_columns(user, slot));
    }
    row.extend(no_certificates());
    row
}

/// The five columns of the user's first or second access key.
fn key_columns(user: &User, slot: usize) -> [String; 5] {
    let Some(key) = user.access_keys.get(slot) else {
        return ["false".into(), NA.into(), NA.into(), NA.into(), NA.into()];
    };
    let active = key.status == KeyStatus::Active;
    // AWS's page: the rotation date is N/A when the user has no active key
    // in this place.
    let rotated = if active {
        time::iso8601(key.created)
    } else {
        NA.into()
    };
    let (used, region, service) = match &key.last_used {
        Some(l) => (
            time::iso8601(l.date),
            region_of(&l.service).unwrap_or(NA).to_string(),
            l.service.clone(),
        ),
        None => (NA.into(), NA.into(), NA.into()),
    };
    [bool_text(active), rotated, used, region, service]
}

/// The region a key's last use is reported in: none for a service AWS's
/// report calls not region-specific (its example is Amazon S3); the
/// sandbox answers every other call in us-east-1, as GetAccessKeyLastUsed
/// says.
fn region_of(service: &str) -> Option<&'static str> {
    (!service.eq_ignore_ascii_case("s3")).then_some("us-east-1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::model::{Caller, DEFAULT_ACCOUNT, Org};
    use crate::iam::ops::call;

    fn admin() -> Caller {
        Caller::Root {
            account: DEFAULT_ACCOUNT.into(),
        }
    }

    fn create_ann(org: &mut Org) {
        let made = call(
            org,
            &admin(),
            "iam",
            "CreateUser",
            &json!({"UserName": "ann"}),
        );
        made.expect("the administrator creates ann");
    }

    #[test]
    fn every_row_has_every_column_and_a_new_user_has_no_credentials() {
        let mut org = Org::with_accounts(&[DEFAULT_ACCOUNT]);
        create_ann(&mut org);
        let csv = report_csv(&org.accounts[DEFAULT_ACCOUNT]);
        let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
        assert_eq!(rows.len(), 3, "header, root, ann");
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
        assert_eq!(rows[1][0], "<root_account>");
        let ann = &rows[2];
        assert_eq!(&ann[3..9], ["false", "N/A", "N/A", "N/A", "false", "false"]);
    }

    #[test]
    fn a_report_is_kept_until_it_is_four_hours_old() {
        let mut org = Org::with_accounts(&[DEFAULT_ACCOUNT]);
        let generate = |org: &mut Org| {
            call(org, &admin(), "iam", "GenerateCredentialReport", &json!({})).unwrap()["State"]
                .clone()
        };
        assert_eq!(generate(&mut org), "STARTED");
        create_ann(&mut org);
        org.now += REPORT_LIFETIME - 1;
        assert_eq!(generate(&mut org), "COMPLETE");
        let kept = &org.accounts[DEFAULT_ACCOUNT].credential_report;
        assert!(!kept.as_ref().unwrap().csv.contains("\nann,"));
        org.now += 1;
        assert_eq!(generate(&mut org), "STARTED");
        let kept = &org.accounts[DEFAULT_ACCOUNT].credential_report;
        assert!(kept.as_ref().unwrap().csv.contains("\nann,"));
    }
}
