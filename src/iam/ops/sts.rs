//! Not written yet.
use serde_json::Value;

use super::{Ctx, OpResult};

pub(super) fn dispatch(_op: &str, _cx: &mut Ctx<'_>, _v: &Value) -> Option<OpResult> {
    None
}
