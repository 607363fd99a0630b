//! What identities did, in organization files: each user's and role's
//! `accessed` list (the service and action last accessed data the sandbox
//! records as calls are made) and each account's `access_reports` (the
//! service last accessed reports GenerateServiceLastAccessedDetails made).

use serde::Deserialize;

use super::dates::time_value;
use super::file::Raw;
use super::read::Loader;
use super::write::{Writer, quote};
use crate::iam::model::{AccessReport, Accessed, Attempt};

/// One action's last attempt: `Attempt(action: "s3:CreateBucket", date:
/// "2026-01-05T09:00:00Z", region: "us-east-1")`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Attempt")]
pub(super) struct AttemptFile<'a> {
    #[serde(borrow)]
    action: Raw<'a>,
    #[serde(borrow)]
    date: Raw<'a>,
    #[serde(default)]
    region: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "AccessReport")]
pub(super) struct AccessReportFile<'a> {
    id: String,
    arn: String,
    granularity: String,
    #[serde(borrow)]
    created: Raw<'a>,
    by: String,
    services: String,
}

/// Where an attempt was made when the file does not say: IAM's own calls
/// are answered in us-east-1.
const DEFAULT_REGION: &str = "us-east-1";

impl Loader<'_> {
    /// The `accessed` list of the user or role `whose` (for messages).
    pub(super) fn accessed(&mut self, list: &[AttemptFile<'_>], whose: &str) -> Accessed {
        let mut out = Accessed::new();
        for a in list {
            let Some(action) = self.string(a.action, "action") else {
                continue;
            };
            let Some((prefix, name)) = action.split_once(':') else {
                self.error(
                    a.action,
                    format!(
                        "`{action}` in the accessed list of {whose} is not an action: write `service:Action`, such as `s3:CreateBucket`"
                    ),
                );
                continue;
            };
            if prefix.is_empty() || name.is_empty() || action.contains('*') {
                self.error(
                    a.action,
                    format!(
                        "`{action}` in the accessed list of {whose} is not one action: write `service:Action`, such as `s3:CreateBucket`, without wildcards"
                    ),
                );
                continue;
            }
            let Some(date) = self.time(a.date, "date") else {
                continue;
            };
            if out.contains_key(&action) {
                self.error(
                    a.action,
                    format!("`{action}` is in the accessed list of {whose} twice"),
                );
                continue;
            }
            let region = a.region.clone().unwrap_or_else(|| DEFAULT_REGION.into());
            out.insert(action, Attempt { date, region });
        }
        out
    }

    pub(super) fn access_report(&mut self, r: &AccessReportFile<'_>) -> Option<AccessReport> {
        let created = self.time(r.created, "access report time")?;
        Some(AccessReport {
            id: r.id.clone(),
            arn: r.arn.clone(),
            granularity: r.granularity.clone(),
            created,
            by: r.by.clone(),
            services: r.services.clone(),
        })
    }
}

pub(super) fn write_accessed(w: &mut Writer, accessed: &Accessed) {
    w.records("accessed", accessed.iter(), |w, (action, a)| {
        let region = if a.region == DEFAULT_REGION {
            String::new()
        } else {
            format!(", region: {}", quote(&a.region))
        };
        w.line(&format!(
            "Attempt(action: {}, date: {}{region}),",
            quote(action),
            time_value(a.date)
        ));
    });
}

pub(super) fn write_access_reports(w: &mut Writer, a: &crate::iam::model::Account) {
    w.records("access_reports", a.access_reports.values(), |w, r| {
        w.open("AccessReport(");
        w.string("id", &r.id);
        w.string("arn", &r.arn);
        w.string("granularity", &r.granularity);
        w.time("created", r.created);
        w.string("by", &r.by);
        w.string("services", &r.services);
        w.close("),");
    });
}
