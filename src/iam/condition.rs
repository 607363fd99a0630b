//! Condition operators: parsing their names and evaluating one
//! `"Operator": { "key": [values] }` entry against the request context, the
//! way AWS documents it ("IAM JSON policy elements: Condition operators",
//! "Conditions with multiple context keys or values", "Single-valued vs.
//! multivalued context keys").
//!
//! The rules that decide most answers:
//!
//! - Several policy values for one key are OR'ed; for a negated operator
//!   (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...) they are NOR'ed:
//!   the request value must match none of them.
//! - A key missing from the request makes a positive operator false and a
//!   negated one true. `...IfExists` makes any operator true on a missing key,
//!   with or without a set qualifier (the documented rule, which names no
//!   exception).
//!   `Null` tests presence alone: `"true"` means "the key is absent".
//! - `ForAllValues:` holds when every request value satisfies the operator,
//!   and also when the key is missing or has no values. `ForAnyValue:` holds
//!   when at least one request value does, so never on a missing key. The
//!   qualifier applies the operator, negated or not, to each request value.
//! - Without a qualifier, a key that carries several values in the request
//!   does not match (AWS: "multivalued context keys require a condition set
//!   operator").
//! - A value that can't be read as the operator's type (a number, a date, an
//!   IP address, ...) matches nothing, and a negated operator is not satisfied
//!   by it either.

mod values;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use super::context::Context;
use super::policy::edit_distance;
use super::variables::{self, Resolved};
use values::Cidr;

/// A condition operator as written in a policy, broken into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionOperator {
    /// The name exactly as the policy wrote it, for display.
    pub name: String,
    pub base: BaseOperator,
    pub if_exists: bool,
    pub set: Option<SetQualifier>,
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    ForAnyValue,
    ForAllValues,
}

impl SetQualifier {
    pub fn name(self) -> &'static str {
        match self {
            SetQualifier::ForAnyValue => "ForAnyValue",
            SetQualifier::ForAllValues => "ForAllValues",
        }
    }
}

/// Declares the operators once: the enum, `ALL` in AWS's order, and each
/// operator's name, which is its variant's name as AWS spells it.
macro_rules! base_operators {
    ($($op:ident),* $(,)?) => {
        /// Every condition operator AWS documents, without `IfExists` or a qualifier.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum BaseOperator {
            $($op),*
        }

        impl BaseOperator {
            pub const ALL: [BaseOperator; 27] = [$(BaseOperator::$op),*];

            pub fn name(self) -> &'static str {
                match self {
                    $(BaseOperator::$op => stringify!($op)),*
                }
            }
        }
    };
}

base_operators! {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl BaseOperator {
    /// The operator with exactly this name (names are case-sensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }

    /// The operator this one negates, or itself when it is not negated.
    pub fn positive(self) -> Self {
        use BaseOperator::*;
        match self {
            StringNotEquals => StringEquals,
            StringNotEqualsIgnoreCase => StringEqualsIgnoreCase,
            StringNotLike => StringLike,
            NumericNotEquals => NumericEquals,
            DateNotEquals => DateEquals,
            NotIpAddress => IpAddress,
            ArnNotEquals => ArnEquals,
            ArnNotLike => ArnLike,
            other => other,
        }
    }

    /// Negated operators match when the request value matches none of the
    /// policy values, and are true on a missing key.
    pub fn is_negated(self) -> bool {
        self.positive() != self
    }

    /// AWS substitutes policy variables only for the String and ARN operators.
    pub fn takes_variables(self) -> bool {
        use BaseOperator::*;
        matches!(
            self.positive(),
            StringEquals | StringEqualsIgnoreCase | StringLike | ArnEquals | ArnLike
        )
    }
}

/// Parses a condition operator name such as `StringEquals`,
/// `ForAllValues:StringLike` or `DateLessThanIfExists`.
///
/// Names are case-sensitive, as in AWS, which rejects `stringEquals` with
/// `MalformedPolicyDocument: Invalid Condition type`. `IfExists` goes on any
/// operator but `Null`.
pub fn parse_operator(name: &str) -> Result<ConditionOperator, String> {
    if name.is_empty() {
        return Err("empty condition operator".to_string());
    }
    let (set, rest) = split_qualifier(name)?;
    let (stem, if_exists) = match rest.strip_suffix("IfExists") {
        Some(stem) => (stem, true),
        None => (rest, false),
    };
    let Some(base) = BaseOperator::from_name(stem) else {
        return Err(unknown_operator(name, set, rest));
    };
    if base == BaseOperator::Null && if_exists {
        return Err(format!(
            "invalid condition operator `{name}`: `Null` can't take the `IfExists` suffix"
        ));
    }
    Ok(ConditionOperator {
        name: name.to_string(),
        base,
        if_exists,
        set,
    })
}

fn split_qualifier(name: &str) -> Result<(Option<SetQualifier>, &str), String> {
    let Some((qualifier, rest)) = name.split_once(':') else {
        return Ok((None, name));
    };
    match qualifier {
        "ForAnyValue" => Ok((Some(SetQualifier::ForAnyValue), rest)),
        "ForAllValues" => Ok((Some(SetQualifier::ForAllValues), rest)),
        _ => Err(unknown_qualifier(name, qualifier, rest)),
    }
}

fn unknown_qualifier(name: &str, qualifier: &str, rest: &str) -> String {
    let best = [SetQualifier::ForAnyValue, SetQualifier::ForAllValues]
        .into_iter()
        .min_by_key(|q| edit_distance(q.name(), qualifier))
        .expect("two candidates");
    let rest = nearest_operator(rest).map_or_else(|| rest.to_string(), |(op, _)| op);
    let suggestion = format!("{}:{rest}", best.name());
    if best.name().eq_ignore_ascii_case(qualifier) {
        format!(
            "unknown set qualifier `{qualifier}` in `{name}`: qualifiers are case-sensitive, \
             did you mean `{suggestion}`?"
        )
    } else if close_enough(edit_distance(best.name(), qualifier), best.name()) {
        format!("unknown set qualifier `{qualifier}` in `{name}`; did you mean `{suggestion}`?")
    } else {
        format!(
            "unknown set qualifier `{qualifier}` in `{name}`; use `ForAnyValue:` or `ForAllValues:`"
        )
    }
}

fn unknown_operator(name: &str, set: Option<SetQualifier>, rest: &str) -> String {
    let prefix = set.map_or(String::new(), |q| format!("{}:", q.name()));
    match nearest_operator(rest) {
        Some((candidate, 0)) => format!(
            "unknown condition operator `{name}`: operator names are case-sensitive, \
             did you mean `{prefix}{candidate}`?"
        ),
        Some((candidate, _)) => {
            format!("unknown condition operator `{name}`; did you mean `{prefix}{candidate}`?")
        }
        None => format!("unknown condition operator `{name}`"),
    }
}

/// The valid operator name (with `IfExists` where allowed) nearest to
/// `name`, ignoring case, with its distance; `None` when nothing is close.
fn nearest_operator(name: &str) -> Option<(String, usize)> {
    let candidates = BaseOperator::ALL.into_iter().flat_map(|op| {
        let plain = op.name().to_string();
        let if_exists = (op != BaseOperator::Null).then(|| format!("{plain}IfExists"));
        std::iter::once(plain).chain(if_exists)
    });
    candidates
        .map(|c| {
            let d = edit_distance(&c, name);
            (c, d)
        })
        .min_by_key(|(_, d)| *d)
        .filter(|(c, d)| close_enough(*d, c))
}

fn close_enough(distance: usize, candidate: &str) -> bool {
    distance * 3 <= candidate.len()
}

/// Can `value` be read as the type `op` compares (a number, a date, base64,
/// an IP address, an ARN, `true`/`false`)? Strings always can.
pub fn readable(op: BaseOperator, value: &str) -> bool {
    Reading::of(op.positive()).is_none_or(|r| (r.request)(value))
}

/// Does the condition `op: { key: policy_values }` hold for this request?
///
/// `variables` says whether policy variables are substituted: true for
/// policies in version `2012-10-17`, where AWS substitutes them in the values
/// of String and ARN operators (and only there).
pub fn evaluate(
    op: &ConditionOperator,
    key: &str,
    policy_values: &[String],
    ctx: &Context,
    variables: bool,
) -> bool {
    matches!(
        judge(op, key, policy_values, ctx, variables),
        Verdict::Holds
    )
}

/// A short sentence that says why the condition does not hold, for the
/// evaluation trail (or that it holds, when it does). It is computed from the
/// same verdict as [`evaluate`], so the two never disagree.
pub fn explain_failure(
    op: &ConditionOperator,
    key: &str,
    policy_values: &[String],
    ctx: &Context,
    variables: bool,
) -> String {
    match judge(op, key, policy_values, ctx, variables) {
        Verdict::Holds => format!("{op} on {key} holds"),
        Verdict::Fails(failure) => {
            let explain = Explain {
                op,
                key,
                policy_values,
                ctx,
                variables,
            };
            explain.failure(failure)
        }
    }
}

/// The outcome of one condition, with enough detail to explain a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Holds,
    Fails(Failure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The key is missing (or has no values).
    Missing,
    /// Several request values and no set qualifier.
    Multivalued,
    /// `Null` wanted the opposite presence.
    Null,
    /// The request value at this index fails the operator.
    Value(usize, ValueVerdict),
    /// `ForAnyValue`: no request value satisfies the operator.
    NoneHolds,
}

/// How one request value fares against all the policy values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueVerdict {
    Holds,
    /// A positive operator found no policy value that matches.
    NoMatch,
    /// A negated operator found the policy value at this index matching.
    Excluded(usize),
    /// A negated operator met a value it could not read.
    Unreadable,
}

/// One policy value against one request value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Match,
    NoMatch,
    /// One side can't be read as the operator's type.
    Unreadable,
}

impl From<bool> for Cmp {
    fn from(matched: bool) -> Self {
        if matched { Cmp::Match } else { Cmp::NoMatch }
    }
}

fn judge(
    op: &ConditionOperator,
    key: &str,
    policy_values: &[String],
    ctx: &Context,
    variables: bool,
) -> Verdict {
    // An empty set of values is treated like a missing key: AWS gives the same
    // answers for "no key" and "an empty data set" under set qualifiers.
    let request = ctx.values(key).filter(|v| !v.is_empty());
    if op.base == BaseOperator::Null {
        return null_verdict(policy_values, request.is_some());
    }
    let Some(request) = request else {
        return missing_key_verdict(op);
    };
    let policy = prepare(op.base, policy_values, ctx, variables);
    let index = Index::new(op.base, &policy);
    let outcome = |value: &String| match &index {
        Some(index) => index.judge(op.base, &policy, value),
        None => judge_value(op.base, &policy, value),
    };
    match op.set {
        None => match request {
            [one] => match outcome(one) {
                ValueVerdict::Holds => Verdict::Holds,
                failed => Verdict::Fails(Failure::Value(0, failed)),
            },
            _ => Verdict::Fails(Failure::Multivalued),
        },
        Some(SetQualifier::ForAllValues) => request
            .iter()
            .map(outcome)
            .enumerate()
            .find(|(_, o)| *o != ValueVerdict::Holds)
            .map_or(Verdict::Holds, |(i, o)| {
                Verdict::Fails(Failure::Value(i, o))
            }),
        Some(SetQualifier::ForAnyValue) => {
            if request.iter().any(|v| outcome(v) == ValueVerdict::Holds) {
                Verdict::Holds
            } else {
                Verdict::Fails(Failure::NoneHolds)
            }
        }
    }
}

/// `Null`: `"true"` holds when the key is absent, `"false"` when present;
/// several values are OR'ed like any others.
fn null_verdict(policy_values: &[String], present: bool) -> Verdict {
    let wanted = policy_values
        .iter()
        .filter_map(|v| values::parse_bool(v))
        .any(|absent| absent != present);
    if wanted {
        Verdict::Holds
    } else {
        Verdict::Fails(Failure::Null)
    }
}

/// AWS: a missing key makes the condition false, except that `...IfExists`
/// makes it true, a negated operator is true ("If the policy condition
/// requires that the key is not matched, such as StringNotLike or ArnNotLike,
/// and the right key is not present, the condition is true"), `ForAllValues`
/// is true ("It also returns true if there are no context keys in the
/// request") and `ForAnyValue` is false.
fn missing_key_verdict(op: &ConditionOperator) -> Verdict {
    let holds = op.if_exists
        || match op.set {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => op.base.is_negated(),
        };
    if holds {
        Verdict::Holds
    } else {
        Verdict::Fails(Failure::Missing)
    }
}

/// The policy values ready to compare: variables substituted where AWS does
/// it. `None` stands for a value whose variable has no value: AWS treats it
/// as null, equal to and like nothing.
fn prepare<'a>(
    base: BaseOperator,
    policy_values: &'a [String],
    ctx: &'a Context,
    variables: bool,
) -> Vec<Option<Resolved<'a>>> {
    let substitute = variables && base.takes_variables();
    policy_values
        .iter()
        .map(|v| {
            if substitute {
                variables::resolve(v, ctx)
            } else {
                Some(Resolved::verbatim(v))
            }
        })
        .collect()
}

/// The policy values of a string operator, looked up rather than scanned:
/// a condition with thousands of values against a request key with dozens
/// is then answered in time proportional to their sum, not their product.
/// Only values that compare as plain text go in the table; `StringLike`
/// patterns with wildcards stay in a list, tried in order.
struct Index {
    /// Each value's comparison key (lower-cased for the IgnoreCase
    /// operators), with the first index it appears at.
    exact: HashMap<String, usize>,
    /// The indexes of the wildcard patterns.
    wild: Vec<usize>,
}

/// Below this many values, a scan is as quick as a table.
const INDEX_FROM: usize = 8;

impl Index {
    fn new(base: BaseOperator, policy: &[Option<Resolved>]) -> Option<Self> {
        use BaseOperator::*;
        let positive = base.positive();
        if policy.len() < INDEX_FROM
            || !matches!(positive, StringEquals | StringEqualsIgnoreCase | StringLike)
        {
            return None;
        }
        let mut exact = HashMap::with_capacity(policy.len());
        let mut wild = Vec::new();
        for (i, value) in policy.iter().enumerate() {
            // A variable with no value matches nothing: neither list.
            let Some(value) = value else { continue };
            let text = value.literal_text();
            if positive == StringLike && !value.is_plain() {
                wild.push(i);
                continue;
            }
            let key = if positive == StringEqualsIgnoreCase {
                fold_case(&text)
            } else {
                text.into_owned()
            };
            exact.entry(key).or_insert(i);
        }
        Some(Index { exact, wild })
    }

    /// The same answer as [`judge_value`], found through the table.
    fn judge(
        &self,
        base: BaseOperator,
        policy: &[Option<Resolved>],
        request: &str,
    ) -> ValueVerdict {
        let hit = if base.positive() == BaseOperator::StringEqualsIgnoreCase {
            self.exact.get(fold_case(request).as_str()).copied()
        } else {
            self.exact.get(request).copied()
        };
        // The first matching value, as the scan would find it.
        let first_wild = self.wild.iter().copied().find(|&i| {
            hit.is_none_or(|h| i < h)
                && policy[i]
                    .as_ref()
                    .is_some_and(|p| compare(BaseOperator::StringLike, p, request) == Cmp::Match)
        });
        match (first_wild.or(hit), base.is_negated()) {
            (Some(_), false) => ValueVerdict::Holds,
            (Some(i), true) => ValueVerdict::Excluded(i),
            (None, false) => ValueVerdict::NoMatch,
            (None, true) => ValueVerdict::Holds,
        }
    }
}

/// Text as `StringEqualsIgnoreCase` compares it.
fn fold_case(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// One request value against the policy values: OR'ed for a positive
/// operator, NOR'ed for a negated one.
fn judge_value(base: BaseOperator, policy: &[Option<Resolved>], request: &str) -> ValueVerdict {
    let positive = base.positive();
    let mut unreadable = false;
    for (i, value) in policy.iter().enumerate() {
        // A variable with no value is null: it matches nothing, so a negated
        // operator is satisfied by it (AWS: "Inverted condition operators like
        // StringNotEquals or StringNotLike do match against a null value").
        let Some(value) = value else { continue };
        match compare(positive, value, request) {
            Cmp::Match if base.is_negated() => return ValueVerdict::Excluded(i),
            Cmp::Match => return ValueVerdict::Holds,
            Cmp::NoMatch => {}
            Cmp::Unreadable => unreadable = true,
        }
    }
    match (base.is_negated(), unreadable) {
        (false, _) => ValueVerdict::NoMatch,
        (true, false) => ValueVerdict::Holds,
        (true, true) => ValueVerdict::Unreadable,
    }
}

/// Compares one policy value with one request value under a positive
/// operator.
fn compare(op: BaseOperator, policy: &Resolved, request: &str) -> Cmp {
    use BaseOperator::*;
    match op {
        StringEquals => Cmp::from(policy.literal_text() == request),
        StringEqualsIgnoreCase => Cmp::from(eq_ignore_case(&policy.literal_text(), request)),
        StringLike => Cmp::from(policy.matches(request, false)),
        NumericEquals
        | NumericLessThan
        | NumericLessThanEquals
        | NumericGreaterThan
        | NumericGreaterThanEquals => match values::cmp_decimal(request, &policy.literal_text()) {
            Some(order) => Cmp::from(order_holds(op, order)),
            None => Cmp::Unreadable,
        },
        DateEquals
        | DateLessThan
        | DateLessThanEquals
        | DateGreaterThan
        | DateGreaterThanEquals => match (
            values::parse_date_ms(request),
            values::parse_date_ms(&policy.literal_text()),
        ) {
            (Some(r), Some(p)) => Cmp::from(order_holds(op, r.cmp(&p))),
            _ => Cmp::Unreadable,
        },
        Bool => match (
            values::parse_bool(request),
            values::parse_bool(&policy.literal_text()),
        ) {
            (Some(r), Some(p)) => Cmp::from(r == p),
            _ => Cmp::Unreadable,
        },
        // AWS compares the bytes against the base64 form in the policy;
        // request values are kept as text, so both sides are base64 here.
        BinaryEquals => match (
            values::decode_base64(request),
            values::decode_base64(&policy.literal_text()),
        ) {
            (Some(r), Some(p)) => Cmp::from(r == p),
            _ => Cmp::Unreadable,
        },
        IpAddress => match (
            request.parse::<IpAddr>(),
            Cidr::parse(&policy.literal_text()),
        ) {
            (Ok(ip), Some(range)) => Cmp::from(range.contains(ip)),
            _ => Cmp::Unreadable,
        },
        // AWS: "The ArnEquals and ArnLike condition operators behave
        // identically": both take wildcards, part by part.
        ArnEquals | ArnLike => arn_like(policy, request),
        // Negated operators and Null never reach here; the caller passes the
        // positive form and handles Null apart.
        _ => Cmp::Unreadable,
    }
}

/// Does the ordering of request against policy satisfy the operator?
fn order_holds(op: BaseOperator, request_vs_policy: std::cmp::Ordering) -> bool {
    use BaseOperator::*;
    use std::cmp::Ordering::*;
    match op {
        NumericEquals | DateEquals => request_vs_policy == Equal,
        NumericLessThan | DateLessThan => request_vs_policy == Less,
        NumericLessThanEquals | DateLessThanEquals => request_vs_policy != Greater,
        NumericGreaterThan | DateGreaterThan => request_vs_policy == Greater,
        NumericGreaterThanEquals | DateGreaterThanEquals => request_vs_policy != Less,
        _ => false,
    }
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// AWS: "Each of the six colon-delimited components of the ARN is checked
/// separately and each can include multi-character match wildcards (*) or
/// single-character match wildcards (?)", case-sensitively. A `*` therefore
/// never reaches across a colon, except in the last part, which is the rest
/// of the ARN.
fn arn_like(policy: &Resolved, request: &str) -> Cmp {
    let (Some(pattern), Some(arn)) = (policy.split_arn(), values::split_arn(request)) else {
        return Cmp::Unreadable;
    };
    Cmp::from(
        pattern
            .iter()
            .zip(arn)
            .all(|(part, text)| part.matches(text, false)),
    )
}

/// Renders a failure as one sentence.
struct Explain<'a> {
    op: &'a ConditionOperator,
    key: &'a str,
    policy_values: &'a [String],
    ctx: &'a Context,
    variables: bool,
}

impl Explain<'_> {
    fn failure(&self, failure: Failure) -> String {
        let key = self.key;
        let request = self.request_values();
        match failure {
            Failure::Missing if self.op.set == Some(SetQualifier::ForAnyValue) => format!(
                "the request has no {key} (key missing), so {} has no value to match",
                self.op
            ),
            Failure::Missing => format!("the request has no {key} (key missing)"),
            Failure::Multivalued => format!(
                "{key} has {} values ({}); without ForAnyValue: or ForAllValues: \
                 a multivalued key does not match",
                request.len(),
                list(request, "and")
            ),
            Failure::Null => self.null_failure(!request.is_empty()),
            Failure::Value(i, outcome) => {
                let subject = match self.op.set {
                    None => format!("{key} is"),
                    Some(_) => format!("{key} includes"),
                };
                self.value_failure(&subject, &request[i], outcome)
            }
            Failure::NoneHolds => self.none_holds(request),
        }
    }

    fn request_values(&self) -> &[String] {
        self.ctx.values(self.key).unwrap_or(&[])
    }

    fn null_failure(&self, present: bool) -> String {
        let key = self.key;
        let wanted: Vec<bool> = self
            .policy_values
            .iter()
            .filter_map(|v| values::parse_bool(v))
            .collect();
        match (wanted.is_empty(), present) {
            (true, _) => format!(
                "Null takes `true` or `false`, not {}",
                list(self.policy_values, "or")
            ),
            (false, true) => format!("{key} is present, but Null `true` requires it to be missing"),
            (false, false) => format!(
                "the request has no {key} (key missing), but Null `false` requires it to be present"
            ),
        }
    }

    fn value_failure(&self, subject: &str, value: &str, outcome: ValueVerdict) -> String {
        let mut sentence = match outcome {
            ValueVerdict::Excluded(i) => format!(
                "{subject} `{}`, which {} excludes: it is {}`{}`",
                short(value),
                self.op,
                relation(self.op.base.positive()),
                short(&self.policy_values[i])
            ),
            ValueVerdict::Unreadable | ValueVerdict::NoMatch => match self.unreadable(value) {
                Some(why) => why,
                None => format!(
                    "{subject} `{}`, not {}{}{}",
                    short(value),
                    relation(self.op.base.positive()),
                    list(self.policy_values, "or"),
                    case_note(self.op.base)
                ),
            },
            ValueVerdict::Holds => format!("{subject} `{}`", short(value)),
        };
        sentence.push_str(&self.unresolved_note());
        sentence
    }

    fn none_holds(&self, request: &[String]) -> String {
        let key = self.key;
        let mut sentence = if self.op.base.is_negated() {
            format!(
                "every {key} value ({}) is excluded by {}",
                list(request, "and"),
                self.op
            )
        } else {
            format!(
                "none of the {key} values ({}) is {}{}{}",
                list(request, "and"),
                relation(self.op.base),
                list(self.policy_values, "or"),
                case_note(self.op.base)
            )
        };
        sentence.push_str(&self.unresolved_note());
        sentence
    }

    /// Why a typed comparison could not be made, if that is the reason: the
    /// request value, or some policy value, can't be read as the type.
    fn unreadable(&self, value: &str) -> Option<String> {
        let reading = Reading::of(self.op.base.positive())?;
        if !(reading.request)(value) {
            return Some(format!(
                "{} is `{}`, which is not {}",
                self.key,
                short(value),
                reading.kind
            ));
        }
        let bad: Vec<String> = self
            .policy_values
            .iter()
            .filter(|v| !self.policy_readable(&reading, v))
            .cloned()
            .collect();
        let kind = reading.policy_kind;
        match bad.as_slice() {
            [] => None,
            [one] => Some(format!("the policy value `{}` is not {kind}", short(one))),
            many => Some(format!(
                "the policy values {} are not {kind}",
                list(many, "and")
            )),
        }
    }

    /// Policy values are read after substitution (an ARN may be written as
    /// `${aws:PrincipalArn}`); one whose variable has no value is not
    /// unreadable, it is null, and [`Self::unresolved_note`] says so.
    fn policy_readable(&self, reading: &Reading, value: &str) -> bool {
        let resolved = if self.variables && self.op.base.takes_variables() {
            variables::resolve(value, self.ctx)
        } else {
            Some(Resolved::verbatim(value))
        };
        resolved.is_none_or(|r| (reading.policy)(&r.literal_text()))
    }

    /// Notes the policy values whose variables have no value in the request.
    fn unresolved_note(&self) -> String {
        if !(self.variables && self.op.base.takes_variables()) {
            return String::new();
        }
        let unresolved: Vec<String> = self
            .policy_values
            .iter()
            .filter(|v| variables::resolve(v, self.ctx).is_none())
            .cloned()
            .collect();
        match unresolved.as_slice() {
            [] => String::new(),
            [one] => format!(
                "; `{}` uses a variable with no value, so it matches nothing",
                short(one)
            ),
            many => format!(
                "; {} use variables with no value, so they match nothing",
                list(many, "and")
            ),
        }
    }
}

/// How a typed operator reads values, for explanations: what it calls them
/// and whether a request value and a policy value can be read.
struct Reading {
    kind: &'static str,
    policy_kind: &'static str,
    request: fn(&str) -> bool,
    policy: fn(&str) -> bool,
}

impl Reading {
    fn of(positive: BaseOperator) -> Option<Reading> {
        use BaseOperator::*;
        let same = |kind, read: fn(&str) -> bool| Reading {
            kind,
            policy_kind: kind,
            request: read,
            policy: read,
        };
        Some(match positive {
            NumericEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => {
                same("a number", |s| values::cmp_decimal(s, "0").is_some())
            }
            DateEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => same("a date", |s| values::parse_date_ms(s).is_some()),
            Bool => same("`true` or `false`", |s| values::parse_bool(s).is_some()),
            BinaryEquals => same("base64", |s| values::decode_base64(s).is_some()),
            IpAddress => Reading {
                kind: "an IP address",
                policy_kind: "an IP address or range",
                request: |s| s.parse::<IpAddr>().is_ok(),
                policy: |s| Cidr::parse(s).is_some(),
            },
            ArnEquals | ArnLike => same("an ARN", |s| values::split_arn(s).is_some()),
            _ => return None,
        })
    }
}

/// The words before a policy value: "is not {relation}`10`".
fn relation(positive: BaseOperator) -> &'static str {
    use BaseOperator::*;
    match positive {
        StringLike | ArnLike => "like ",
        NumericLessThan => "less than ",
        NumericLessThanEquals => "at most ",
        NumericGreaterThan => "greater than ",
        NumericGreaterThanEquals => "at least ",
        DateLessThan => "before ",
        DateLessThanEquals => "at or before ",
        DateGreaterThan => "after ",
        DateGreaterThanEquals => "at or after ",
        IpAddress => "in ",
        _ => "",
    }
}

fn case_note(base: BaseOperator) -> &'static str {
    if base.positive() == BaseOperator::StringEqualsIgnoreCase {
        " (even ignoring case)"
    } else {
        ""
    }
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`"; a long list names its first
/// values and counts the rest, so that a condition with thousands of values
/// explains itself in a line.
fn list(items: &[String], conjunction: &str) -> String {
    const SHOWN: usize = 10;
    let quoted: Vec<String> = items
        .iter()
        .take(SHOWN)
        .map(|s| format!("`{}`", short(s)))
        .collect();
    if items.len() > SHOWN {
        return format!(
            "{}, {conjunction} {} more",
            quoted.join(", "),
            items.len() - SHOWN
        );
    }
    match quoted.as_slice() {
        [] => "nothing".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// A value for an explanation: whole unless it is very long.
fn short(s: &str) -> Cow<'_, str> {
    const LONGEST: usize = 120;
    if s.len() <= LONGEST {
        return Cow::Borrowed(s);
    }
    let n = s.chars().count();
    if n <= LONGEST {
        return Cow::Borrowed(s);
    }
    let head: String = s.chars().take(60).collect();
    Cow::Owned(format!("{head}... ({n} characters)"))
}

#[cfg(test)]
mod tests;
