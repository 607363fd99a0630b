//! Not written yet.
use serde_json::Value;

use super::{Ctx, OpResult};

pub(super) fn dispatch(_op: &str, _cx: &mut Ctx<'_>, _v: &Value) -> Option<OpResult> {
    None
}

/// Fails unless `arn` names a managed policy that can be attached.
pub fn require_attachable(cx: &Ctx<'_>, arn: &str) -> Result<(), crate::iam::error::AwsError> {
    match cx.org.managed_policy(arn) {
        Some(_) => Ok(()),
        None => Err(crate::iam::error::AwsError::no_such_entity(format!(
            "Policy {arn} does not exist or is not attachable."
        ))),
    }
}
