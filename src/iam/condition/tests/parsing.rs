//! What the condition parser accepts and the errors it gives.

use crate::iam::condition::{BaseOperator, SetQualifier, parse_operator};

#[test]
fn parse_accepts_every_documented_form() {
    for base in BaseOperator::ALL {
        let op = parse_operator(base.name()).unwrap();
        assert_eq!((op.base, op.if_exists, op.set), (base, false, None));
        for set in [SetQualifier::ForAnyValue, SetQualifier::ForAllValues] {
            let name = format!("{}:{}", set.name(), base.name());
            let op = parse_operator(&name).unwrap();
            assert_eq!(
                (op.base, op.set, op.name.as_str()),
                (base, Some(set), name.as_str())
            );
        }
        if base != BaseOperator::Null {
            let name = format!("ForAllValues:{}IfExists", base.name());
            let op = parse_operator(&name).unwrap();
            assert_eq!((op.base, op.if_exists), (base, true));
        }
    }
    assert_eq!(BaseOperator::ALL.len(), 27);
}

#[test]
fn negation_and_variable_support() {
    use BaseOperator::*;
    let negated = [
        StringNotEquals,
        StringNotEqualsIgnoreCase,
        StringNotLike,
        NumericNotEquals,
        DateNotEquals,
        NotIpAddress,
        ArnNotEquals,
        ArnNotLike,
    ];
    for op in BaseOperator::ALL {
        assert_eq!(op.is_negated(), negated.contains(&op), "{op:?}");
    }
    let with_variables = [
        StringEquals,
        StringNotEquals,
        StringEqualsIgnoreCase,
        StringNotEqualsIgnoreCase,
        StringLike,
        StringNotLike,
        ArnEquals,
        ArnLike,
        ArnNotEquals,
        ArnNotLike,
    ];
    for op in BaseOperator::ALL {
        assert_eq!(op.takes_variables(), with_variables.contains(&op), "{op:?}");
    }
}

#[test]
fn parse_errors() {
    let cases = [
        ("", "empty condition operator"),
        (
            "stringEquals",
            "unknown condition operator `stringEquals`: operator names are case-sensitive, \
             did you mean `StringEquals`?",
        ),
        (
            "StringEqual",
            "unknown condition operator `StringEqual`; did you mean `StringEquals`?",
        ),
        (
            "NumericLessThenEquals",
            "unknown condition operator `NumericLessThenEquals`; did you mean `NumericLessThanEquals`?",
        ),
        (
            "IPAddress",
            "unknown condition operator `IPAddress`: operator names are case-sensitive, \
             did you mean `IpAddress`?",
        ),
        (
            "StringLikeIfexists",
            "unknown condition operator `StringLikeIfexists`: operator names are case-sensitive, \
             did you mean `StringLikeIfExists`?",
        ),
        (
            "ForAnyValue:StringEqual",
            "unknown condition operator `ForAnyValue:StringEqual`; did you mean `ForAnyValue:StringEquals`?",
        ),
        ("Frobnicate", "unknown condition operator `Frobnicate`"),
        (
            "NullIfExists",
            "invalid condition operator `NullIfExists`: `Null` can't take the `IfExists` suffix",
        ),
        (
            "ForAllValues:NullIfExists",
            "invalid condition operator `ForAllValues:NullIfExists`: `Null` can't take the `IfExists` suffix",
        ),
        (
            "forallvalues:StringEquals",
            "unknown set qualifier `forallvalues` in `forallvalues:StringEquals`: qualifiers are \
             case-sensitive, did you mean `ForAllValues:StringEquals`?",
        ),
        (
            "ForAnyValues:StringLike",
            "unknown set qualifier `ForAnyValues` in `ForAnyValues:StringLike`; did you mean \
             `ForAnyValue:StringLike`?",
        ),
        (
            "Some:StringLike",
            "unknown set qualifier `Some` in `Some:StringLike`; use `ForAnyValue:` or `ForAllValues:`",
        ),
        (
            "ForAllValues:",
            "unknown condition operator `ForAllValues:`",
        ),
    ];
    for (name, want) in cases {
        assert_eq!(parse_operator(name).unwrap_err(), want, "{name}");
    }
}
