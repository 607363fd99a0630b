//! Not written yet.
use serde_json::Value;

use super::{Ctx, OpResult};

pub(super) fn dispatch(_op: &str, _cx: &mut Ctx<'_>, _v: &Value) -> Option<OpResult> {
    None
}

/// Placeholder until the credentials branch lands: no code is ever valid.
pub fn mfa_code_valid(
    _org: &crate::iam::model::Org,
    _caller: &crate::iam::model::Caller,
    _serial: &str,
    _code: &str,
) -> bool {
    false
}
