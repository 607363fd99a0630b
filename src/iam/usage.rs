//! The usage records IAM keeps about what identities did: when each access
//! key was last used and for which service, when each role was last used,
//! and each user's and role's last attempt of every action (the data behind
//! service and action last accessed reports). The sandbox writes them as
//! calls are made; the credential report, GetAccessKeyLastUsed, GetRole,
//! the last accessed reports and the advisor's unused-credential rules read
//! them.
//!
//! Usage is history, not something a learner builds: a command that only
//! reads still leaves a record, a refused call leaves one too (AWS counts
//! every authenticated attempt, allowed or not), and undoing a change does
//! not forget what was used. [`carry`] lets the sandbox keep it that way.

use super::catalog::catalog;
use super::model::{Attempt, Caller, LastUsed, Org};

/// Where IAM, STS and AWS Organizations calls are answered: their
/// endpoints are global, and AWS reports them in us-east-1.
pub const GLOBAL_REGION: &str = "us-east-1";

/// Records that `caller` attempted `action` in `region` at the
/// organization's current time. Only IAM users and roles have usage
/// records: the root user, service principals and federated callers
/// before STS are not IAM entities.
pub fn record_attempt(org: &mut Org, caller: &Caller, action: &str, region: &str) {
    let now = org.now;
    let action = catalog()
        .action(action)
        .map_or_else(|| action.to_string(), |a| a.full_name().to_string());
    let attempt = Attempt {
        date: now,
        region: region.to_string(),
    };
    match caller {
        Caller::User { account, user, .. } => {
            if let Some(u) = org
                .accounts
                .get_mut(account)
                .and_then(|a| a.users.get_mut(user))
            {
                u.accessed.insert(action, attempt);
            }
        }
        Caller::RoleSession { account, role, .. } => {
            if let Some(r) = org
                .accounts
                .get_mut(account)
                .and_then(|a| a.roles.get_mut(role))
            {
                r.accessed.insert(action, attempt);
                r.last_used = Some(now);
            }
        }
        Caller::Root { .. } | Caller::Service(_) | Caller::Federated { .. } => {}
    }
}

/// Records that the long-term access key `key_id` signed a request to
/// `service` (the service's namespace: `iam`, `s3`, ...) now, as `caller`,
/// the user the key was found to belong to when the request was checked:
/// only that user's keys are looked at, not every user's. Temporary
/// credentials have no such record: their role's `last_used` says it.
pub fn record_key_use(org: &mut Org, caller: &Caller, key_id: &str, service: &str) {
    let Caller::User { account, user, .. } = caller else {
        return;
    };
    let now = org.now;
    let key = org
        .accounts
        .get_mut(account)
        .and_then(|a| a.users.get_mut(user))
        .and_then(|u| u.access_keys.iter_mut().find(|k| k.id == key_id));
    if let Some(k) = key {
        k.last_used = Some(LastUsed {
            date: now,
            service: service.to_string(),
        });
    }
}

/// Copies the usage records of `from` onto `onto`, for every user, key and
/// role present in both (the same entity: the same unique id), and the
/// accounts' last accessed reports. The sandbox calls it when it puts back
/// an earlier organization (undo, a failed command) so that what was used
/// stays recorded.
pub fn carry(from: &Org, onto: &mut Org) {
    for (id, to) in &mut onto.accounts {
        let Some(src) = from.accounts.get(id) else {
            continue;
        };
        to.access_reports.clone_from(&src.access_reports);
        for (name, u) in &mut to.users {
            let Some(s) = src.users.get(name).filter(|s| s.id == u.id) else {
                continue;
            };
            u.accessed.clone_from(&s.accessed);
            u.password_last_used = s.password_last_used;
            for k in &mut u.access_keys {
                if let Some(sk) = s.access_keys.iter().find(|sk| sk.id == k.id) {
                    k.last_used.clone_from(&sk.last_used);
                }
            }
        }
        for (name, r) in &mut to.roles {
            let Some(s) = src.roles.get(name).filter(|s| s.id == r.id) else {
                continue;
            };
            r.accessed.clone_from(&s.accessed);
            r.last_used = s.last_used;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::model::Auth;
    use crate::iam::ops;
    use serde_json::json;

    fn org_with_john() -> Org {
        let mut org = Org::new();
        let root = Caller::Root {
            account: org.accounts.keys().next().unwrap().clone(),
        };
        ops::call(
            &mut org,
            &root,
            "iam",
            "CreateUser",
            &json!({"UserName": "john"}),
        )
        .unwrap();
        org
    }

    fn john(org: &Org) -> Caller {
        Caller::User {
            account: org.accounts.keys().next().unwrap().clone(),
            user: "john".into(),
            auth: Auth::AccessKey,
        }
    }

    #[test]
    fn an_attempt_is_recorded_in_aws_spelling() {
        let mut org = org_with_john();
        let caller = john(&org);
        record_attempt(&mut org, &caller, "S3:createbucket", "eu-west-1");
        let u = org.accounts.values().next().unwrap().users["john"].clone();
        let a = &u.accessed["s3:CreateBucket"];
        assert_eq!(a.region, "eu-west-1");
        assert_eq!(a.date, org.now);
    }

    #[test]
    fn carrying_usage_brings_the_records_and_nothing_else() {
        let before = org_with_john();
        let mut after = before.clone();
        let caller = john(&after);
        record_attempt(&mut after, &caller, "iam:GetUser", GLOBAL_REGION);
        assert_ne!(before, after);
        let mut back = before.clone();
        carry(&after, &mut back);
        assert_eq!(back, after, "the record comes along");
        after.now += 1;
        let mut back = before.clone();
        carry(&after, &mut back);
        assert_ne!(back, after, "the clock is not usage");
    }

    #[test]
    fn a_key_use_is_recorded_on_its_owner_only() {
        let mut org = org_with_john();
        let root = Caller::Root {
            account: org.accounts.keys().next().unwrap().clone(),
        };
        let made = ops::call(
            &mut org,
            &root,
            "iam",
            "CreateAccessKey",
            &json!({"UserName": "john"}),
        )
        .unwrap();
        let id = made["AccessKey"]["AccessKeyId"]
            .as_str()
            .unwrap()
            .to_string();
        let last_used = |org: &Org| {
            org.accounts.values().next().unwrap().users["john"].access_keys[0]
                .last_used
                .clone()
        };
        // Another caller signing with john's key id is not its owner.
        record_key_use(&mut org, &root, &id, "iam");
        assert_eq!(last_used(&org), None);
        let caller = john(&org);
        record_key_use(&mut org, &caller, &id, "s3");
        let used = last_used(&org).expect("the owner's key records its use");
        assert_eq!((used.date, used.service.as_str()), (org.now, "s3"));
    }
}
