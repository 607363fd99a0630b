//! String operators, and what every operator does with a missing key: `...IfExists` and `Null`.

use super::{Case, Entries, NONE, run};

#[test]
fn string_operators() {
    let team: Entries = &[("aws:PrincipalTag/team", &["red"])];
    let upper: Entries = &[("aws:PrincipalTag/team", &["RED"])];
    let cases: &[Case] = &[
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["red"],
            team,
            true,
        ),
        // Exact and case-sensitive.
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["red"],
            upper,
            false,
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["re*"],
            team,
            false,
        ),
        // Several values are OR'ed.
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["blue", "red"],
            team,
            true,
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["blue", "green"],
            team,
            false,
        ),
        // Context key names ignore case.
        (
            "StringEquals",
            "AWS:PRINCIPALTAG/TEAM",
            &["red"],
            team,
            true,
        ),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["red"],
            upper,
            true,
        ),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["Blue", "rEd"],
            upper,
            true,
        ),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["blue"],
            upper,
            false,
        ),
        // Negated: the value must match none of the policy values (NOR).
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["blue"],
            team,
            true,
        ),
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["blue", "red"],
            team,
            false,
        ),
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["red"],
            upper,
            true,
        ),
        (
            "StringNotEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["red"],
            upper,
            false,
        ),
        (
            "StringNotEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["blue"],
            upper,
            true,
        ),
        // Like: `*` and `?` anywhere, case-sensitive.
        ("StringLike", "aws:PrincipalTag/team", &["r*"], team, true),
        ("StringLike", "aws:PrincipalTag/team", &["r?d"], team, true),
        ("StringLike", "aws:PrincipalTag/team", &["r?"], team, false),
        ("StringLike", "aws:PrincipalTag/team", &["R*"], team, false),
        (
            "StringLike",
            "aws:PrincipalTag/team",
            &["b*", "*d"],
            team,
            true,
        ),
        // Without wildcards, Like is an exact match.
        ("StringLike", "aws:PrincipalTag/team", &["re"], team, false),
        (
            "StringNotLike",
            "aws:PrincipalTag/team",
            &["b*"],
            team,
            true,
        ),
        (
            "StringNotLike",
            "aws:PrincipalTag/team",
            &["b*", "r*"],
            team,
            false,
        ),
        // An empty string is a value like any other.
        (
            "StringEquals",
            "s3:prefix",
            &[""],
            &[("s3:prefix", &[""])],
            true,
        ),
        (
            "StringLike",
            "s3:prefix",
            &["", "home/"],
            &[("s3:prefix", &[""])],
            true,
        ),
    ];
    run(cases, true);
}

/// AWS: "If the key that you specify in a policy condition is not present in
/// the request context, the values do not match and the condition is false.
/// If the policy condition requires that the key is not matched, such as
/// StringNotLike or ArnNotLike, and the right key is not present, the
/// condition is true."
#[test]
fn missing_keys() {
    let key = "aws:PrincipalTag/team";
    let cases: &[Case] = &[
        ("StringEquals", key, &["red"], NONE, false),
        ("StringEqualsIgnoreCase", key, &["red"], NONE, false),
        ("StringLike", key, &["*"], NONE, false),
        ("NumericEquals", key, &["1"], NONE, false),
        ("NumericLessThan", key, &["1"], NONE, false),
        ("DateGreaterThan", key, &["2020-01-01"], NONE, false),
        ("Bool", key, &["false"], NONE, false),
        ("BinaryEquals", key, &["aGk="], NONE, false),
        ("IpAddress", key, &["0.0.0.0/0"], NONE, false),
        ("ArnLike", key, &["arn:*:*:*:*:*"], NONE, false),
        ("ArnEquals", key, &["arn:*:*:*:*:*"], NONE, false),
        // Every negated operator is true on a missing key.
        ("StringNotEquals", key, &["red"], NONE, true),
        ("StringNotEqualsIgnoreCase", key, &["red"], NONE, true),
        ("StringNotLike", key, &["*"], NONE, true),
        ("NumericNotEquals", key, &["1"], NONE, true),
        ("DateNotEquals", key, &["2020-01-01"], NONE, true),
        ("NotIpAddress", key, &["0.0.0.0/0"], NONE, true),
        ("ArnNotEquals", key, &["arn:*:*:*:*:*"], NONE, true),
        ("ArnNotLike", key, &["arn:*:*:*:*:*"], NONE, true),
        // A key present with no values counts as missing.
        ("StringEquals", key, &["red"], &[(key, &[])], false),
        ("StringNotEquals", key, &["red"], &[(key, &[])], true),
    ];
    run(cases, true);
}

/// AWS: add `IfExists` to say "If the policy key is present in the context of
/// the request, process the key as specified in the policy. If the key is not
/// present, evaluate the condition element as true."
#[test]
fn if_exists() {
    let key = "ec2:InstanceType";
    let t2: Entries = &[(key, &["t2.micro"])];
    let m5: Entries = &[(key, &["m5.large"])];
    let cases: &[Case] = &[
        (
            "StringLikeIfExists",
            key,
            &["t1.*", "t2.*", "m3.*"],
            NONE,
            true,
        ),
        (
            "StringLikeIfExists",
            key,
            &["t1.*", "t2.*", "m3.*"],
            t2,
            true,
        ),
        (
            "StringLikeIfExists",
            key,
            &["t1.*", "t2.*", "m3.*"],
            m5,
            false,
        ),
        ("StringEqualsIfExists", key, &["t2.micro"], NONE, true),
        ("StringNotEqualsIfExists", key, &["t2.micro"], NONE, true),
        ("StringNotEqualsIfExists", key, &["t2.micro"], t2, false),
        (
            "NumericLessThanIfExists",
            "s3:max-keys",
            &["10"],
            NONE,
            true,
        ),
        (
            "NumericLessThanIfExists",
            "s3:max-keys",
            &["10"],
            &[("s3:max-keys", &["11"])],
            false,
        ),
        (
            "DateLessThanIfExists",
            "aws:TokenIssueTime",
            &["2020-01-01"],
            NONE,
            true,
        ),
        (
            "BoolIfExists",
            "aws:MultiFactorAuthPresent",
            &["true"],
            NONE,
            true,
        ),
        (
            "BoolIfExists",
            "aws:MultiFactorAuthPresent",
            &["true"],
            &[("aws:MultiFactorAuthPresent", &["false"])],
            false,
        ),
        ("BinaryEqualsIfExists", "k", &["aGk="], NONE, true),
        (
            "IpAddressIfExists",
            "aws:SourceIp",
            &["10.0.0.0/8"],
            NONE,
            true,
        ),
        (
            "NotIpAddressIfExists",
            "aws:SourceIp",
            &["10.0.0.0/8"],
            NONE,
            true,
        ),
        (
            "ArnLikeIfExists",
            "aws:SourceArn",
            &["arn:aws:sns:*:*:*"],
            NONE,
            true,
        ),
        (
            "ArnNotLikeIfExists",
            "aws:SourceArn",
            &["arn:aws:sns:*:*:*"],
            NONE,
            true,
        ),
        // IfExists on a set qualifier: the documented rule (true when the key
        // is missing) wins over ForAnyValue's "false when missing".
        (
            "ForAnyValue:StringEqualsIfExists",
            "aws:TagKeys",
            &["a"],
            NONE,
            true,
        ),
        (
            "ForAllValues:StringEqualsIfExists",
            "aws:TagKeys",
            &["a"],
            NONE,
            true,
        ),
        (
            "ForAnyValue:StringEqualsIfExists",
            "aws:TagKeys",
            &["a"],
            &[("aws:TagKeys", &["b"])],
            false,
        ),
    ];
    run(cases, true);
}

/// AWS: use `true` (the key doesn't exist, it is null) or `false` (the key
/// exists and its value is not null).
#[test]
fn null() {
    let key = "aws:TokenIssueTime";
    let present: Entries = &[(key, &["2026-01-01T00:00:00Z"])];
    let cases: &[Case] = &[
        ("Null", key, &["true"], NONE, true),
        ("Null", key, &["true"], present, false),
        ("Null", key, &["false"], present, true),
        ("Null", key, &["false"], NONE, false),
        ("Null", key, &["TRUE"], NONE, true),
        ("Null", key, &["true", "false"], present, true),
        ("Null", key, &["maybe"], NONE, false),
        ("Null", key, &["true"], &[(key, &[])], true),
        // A set qualifier changes nothing: Null looks at presence only.
        ("ForAllValues:Null", key, &["false"], present, true),
    ];
    run(cases, true);
}
