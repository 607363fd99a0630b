//! `ForAnyValue` and `ForAllValues` over multivalued keys.

use super::{Case, Entries, NONE, run};

/// AWS, "Single-valued vs. multivalued context keys": ForAllValues "returns
/// true if every context key value in the request matches a context key value
/// in the policy. It also returns true if there are no context keys in the
/// request." ForAnyValue: "For no matching context key or if the key does not
/// exist, the condition returns false." (The rows below are AWS's tables.)
#[test]
fn set_qualifiers() {
    let k = "aws:TagKeys";
    let env: Entries = &[(k, &["environment"])];
    let both: Entries = &[(k, &["environment", "cost-center"])];
    let extra: Entries = &[(k, &["environment", "dept"])];
    let dept: Entries = &[(k, &["dept"])];
    let allowed: &[&str] = &["environment", "cost-center"];
    let cases: &[Case] = &[
        ("ForAllValues:StringEquals", k, allowed, env, true),
        ("ForAllValues:StringEquals", k, allowed, both, true),
        ("ForAllValues:StringEquals", k, allowed, extra, false),
        // The pitfall: no key at all, or an empty set, satisfies ForAllValues.
        ("ForAllValues:StringEquals", k, allowed, NONE, true),
        ("ForAllValues:StringEquals", k, allowed, &[(k, &[])], true),
        ("ForAnyValue:StringEquals", k, allowed, env, true),
        ("ForAnyValue:StringEquals", k, allowed, both, true),
        ("ForAnyValue:StringEquals", k, allowed, extra, true),
        ("ForAnyValue:StringEquals", k, allowed, dept, false),
        ("ForAnyValue:StringEquals", k, allowed, NONE, false),
        ("ForAnyValue:StringEquals", k, allowed, &[(k, &[])], false),
        // Like, and the other operator families, under a qualifier.
        (
            "ForAllValues:StringLike",
            k,
            &["Created*"],
            &[(k, &["CreatedBy", "CreatedAt"])],
            true,
        ),
        (
            "ForAnyValue:StringEqualsIgnoreCase",
            k,
            &["DEPT"],
            extra,
            true,
        ),
        (
            "ForAllValues:ArnLike",
            "aws:PrincipalArns",
            &["arn:aws:iam::*:role/*"],
            &[(
                "aws:PrincipalArns",
                &["arn:aws:iam::1:role/a", "arn:aws:iam::2:role/b"],
            )],
            true,
        ),
        (
            "ForAnyValue:NumericGreaterThan",
            "n",
            &["5"],
            &[("n", &["1", "9"])],
            true,
        ),
        (
            "ForAllValues:NumericGreaterThan",
            "n",
            &["5"],
            &[("n", &["1", "9"])],
            false,
        ),
        (
            "ForAnyValue:IpAddress",
            "ips",
            &["10.0.0.0/8"],
            &[("ips", &["192.0.2.1", "10.1.1.1"])],
            true,
        ),
        // A single value is a set of one.
        ("ForAnyValue:StringEquals", k, allowed, env, true),
    ];
    run(cases, true);
}

/// AWS, "Multivalued context key examples": ForAllValues:StringNotLike applies
/// the negated operator to each request value; the rows are AWS's tables.
#[test]
fn set_qualifiers_with_negated_operators() {
    let k = "aws:TagKeys";
    let one: &[&str] = &["key1*"];
    let two: &[&str] = &["key1*", "key2*"];
    let cases: &[Case] = &[
        (
            "ForAllValues:StringNotLike",
            k,
            one,
            &[(k, &["key1:legal"])],
            false,
        ),
        (
            "ForAllValues:StringNotLike",
            k,
            one,
            &[(k, &["key1:hr", "key1:personnel"])],
            false,
        ),
        (
            "ForAllValues:StringNotLike",
            k,
            one,
            &[(k, &["key2:audit"])],
            true,
        ),
        ("ForAllValues:StringNotLike", k, one, NONE, true),
        (
            "ForAllValues:StringNotLike",
            k,
            two,
            &[(k, &["key1:legal"])],
            false,
        ),
        (
            "ForAllValues:StringNotLike",
            k,
            two,
            &[(k, &["key1:hr", "key2:audit"])],
            false,
        ),
        (
            "ForAllValues:StringNotLike",
            k,
            two,
            &[(k, &["key3:legal"])],
            true,
        ),
        ("ForAllValues:StringNotLike", k, two, NONE, true),
        // One forbidden value among allowed ones fails ForAllValues.
        (
            "ForAllValues:StringNotLike",
            k,
            one,
            &[(k, &["key3:x", "key1:y"])],
            false,
        ),
        // ForAnyValue with a negated operator: some value matches none.
        (
            "ForAnyValue:StringNotEquals",
            k,
            &["DataClass", "Owner"],
            &[(k, &["DataClass", "Owner"])],
            false,
        ),
        (
            "ForAnyValue:StringNotEquals",
            k,
            &["DataClass", "Owner"],
            &[(k, &["Dept", "DataClass"])],
            true,
        ),
        (
            "ForAnyValue:StringNotEquals",
            k,
            &["DataClass", "Owner"],
            NONE,
            false,
        ),
    ];
    run(cases, true);
}

/// AWS: "Multivalued context keys require a condition set operator." A plain
/// operator does not match a key that carries several values, whether it is
/// negated or not.
#[test]
fn multivalued_keys_need_a_qualifier() {
    let k = "aws:TagKeys";
    let two: Entries = &[(k, &["a", "b"])];
    let cases: &[Case] = &[
        ("StringEquals", k, &["a", "b"], two, false),
        ("StringLike", k, &["*"], two, false),
        ("StringNotEquals", k, &["c"], two, false),
        ("StringEqualsIfExists", k, &["a"], two, false),
        ("ForAnyValue:StringEquals", k, &["a"], two, true),
    ];
    run(cases, true);
}
