//! Placeholder until the conditions branch lands: StringEquals only.
use super::context::Context;

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionOperator {
    pub name: String,
    pub if_exists: bool,
}

pub fn parse_operator(name: &str) -> Result<ConditionOperator, String> {
    Ok(ConditionOperator {
        name: name.to_string(),
        if_exists: false,
    })
}

pub fn evaluate(
    _op: &ConditionOperator,
    key: &str,
    values: &[String],
    ctx: &Context,
    _variables: bool,
) -> bool {
    ctx.values(key)
        .is_some_and(|v| v.iter().any(|x| values.contains(x)))
}

pub fn explain_failure(
    op: &ConditionOperator,
    key: &str,
    _values: &[String],
    _ctx: &Context,
    _variables: bool,
) -> String {
    format!("{} on {key} is not met", op.name)
}
