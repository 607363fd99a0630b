use super::*;

type Entries<'a> = &'a [(&'a str, &'a [&'a str])];

fn ctx(entries: Entries) -> Context {
    let mut ctx = Context::new();
    for (key, values) in entries {
        ctx.set(key, values.iter().map(|v| v.to_string()).collect());
    }
    ctx
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// One row: operator, key, policy values, request context, expected result.
type Case<'a> = (&'a str, &'a str, &'a [&'a str], Entries<'a>, bool);

fn run(cases: &[Case], variables: bool) {
    for (op_name, key, policy, entries, want) in cases {
        let op = parse_operator(op_name).unwrap_or_else(|e| panic!("{op_name}: {e}"));
        let ctx = ctx(entries);
        let policy = strings(policy);
        let got = evaluate(&op, key, &policy, &ctx, variables);
        assert_eq!(
            got, *want,
            "{op_name} {{ {key}: {policy:?} }} with {entries:?} (variables {variables})"
        );
        // The explanation is built from the same verdict.
        let why = explain_failure(&op, key, &policy, &ctx, variables);
        assert_eq!(why.ends_with("holds"), got, "{op_name}: {why}");
    }
}

const NONE: Entries = &[];

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

#[test]
fn numeric_operators() {
    let ten: Entries = &[("s3:max-keys", &["10"])];
    let k = "s3:max-keys";
    let cases: &[Case] = &[
        ("NumericEquals", k, &["10"], ten, true),
        ("NumericEquals", k, &["10.0"], ten, true),
        ("NumericEquals", k, &["9", "10"], ten, true),
        ("NumericEquals", k, &["11"], ten, false),
        ("NumericNotEquals", k, &["11"], ten, true),
        ("NumericNotEquals", k, &["11", "10"], ten, false),
        ("NumericLessThan", k, &["11"], ten, true),
        ("NumericLessThan", k, &["10"], ten, false),
        ("NumericLessThanEquals", k, &["10"], ten, true),
        ("NumericLessThanEquals", k, &["9.99"], ten, false),
        ("NumericGreaterThan", k, &["9.5"], ten, true),
        ("NumericGreaterThan", k, &["10"], ten, false),
        ("NumericGreaterThanEquals", k, &["10"], ten, true),
        ("NumericGreaterThanEquals", k, &["10.01"], ten, false),
        ("NumericLessThan", k, &["0"], &[(k, &["-1.5"])], true),
        // A value that is not a number matches nothing, and a negated
        // operator is not satisfied by it either.
        ("NumericEquals", k, &["ten"], ten, false),
        ("NumericEquals", k, &["10"], &[(k, &["ten"])], false),
        ("NumericNotEquals", k, &["11"], &[(k, &["ten"])], false),
        ("NumericNotEquals", k, &["ten"], ten, false),
        ("NumericLessThan", k, &["1e3"], ten, false),
        // Variables are not substituted for numeric operators.
        ("NumericEquals", k, &["${s3:max-keys}"], ten, false),
    ];
    run(cases, true);
}

#[test]
fn date_operators() {
    let k = "aws:CurrentTime";
    let now: Entries = &[(k, &["2026-03-01T12:00:00Z"])];
    let cases: &[Case] = &[
        ("DateGreaterThan", k, &["2026-01-01"], now, true),
        ("DateGreaterThan", k, &["2026-03-01T12:00:00Z"], now, false),
        (
            "DateGreaterThanEquals",
            k,
            &["2026-03-01T12:00:00Z"],
            now,
            true,
        ),
        ("DateLessThan", k, &["2026-03-01T12:00:00.001Z"], now, true),
        ("DateLessThan", k, &["2026-03-01"], now, false),
        (
            "DateLessThanEquals",
            k,
            &["2026-03-01T13:00:00+01:00"],
            now,
            true,
        ),
        ("DateEquals", k, &["2026-03-01T07:00:00-05:00"], now, true),
        ("DateEquals", k, &["2026-03-01T12:00:00.000Z"], now, true),
        // Epoch seconds on either side.
        ("DateEquals", k, &["1772366400"], now, true),
        (
            "DateLessThan",
            "aws:EpochTime",
            &["2026-03-01"],
            &[("aws:EpochTime", &["1772236800"])],
            true,
        ),
        ("DateNotEquals", k, &["2026-01-01", "2026-02-01"], now, true),
        (
            "DateNotEquals",
            k,
            &["2026-01-01", "1772366400"],
            now,
            false,
        ),
        (
            "DateEquals",
            k,
            &["2026-03-01T12:00:00Z"],
            &[(k, &["noon"])],
            false,
        ),
        (
            "DateNotEquals",
            k,
            &["2026-01-01"],
            &[(k, &["noon"])],
            false,
        ),
        ("DateGreaterThan", k, &["not a date"], now, false),
    ];
    run(cases, true);
}

#[test]
fn bool_and_binary_operators() {
    let mfa = "aws:MultiFactorAuthPresent";
    let yes: Entries = &[(mfa, &["true"])];
    let no: Entries = &[(mfa, &["false"])];
    let cases: &[Case] = &[
        ("Bool", mfa, &["true"], yes, true),
        ("Bool", mfa, &["true"], no, false),
        ("Bool", mfa, &["false"], no, true),
        ("Bool", mfa, &["TRUE"], yes, true),
        ("Bool", mfa, &["true"], &[(mfa, &["True"])], true),
        ("Bool", mfa, &["yes"], yes, false),
        ("Bool", mfa, &["true"], &[(mfa, &["1"])], false),
        ("Bool", mfa, &["false", "true"], no, true),
        // BinaryEquals compares the bytes behind the base64 text.
        (
            "BinaryEquals",
            "k",
            &["QmluYXJ5VmFsdWVJbkJhc2U2NA=="],
            &[("k", &["QmluYXJ5VmFsdWVJbkJhc2U2NA=="])],
            true,
        ),
        ("BinaryEquals", "k", &["aGk="], &[("k", &["aGk"])], true),
        ("BinaryEquals", "k", &["aGk="], &[("k", &["aGU="])], false),
        ("BinaryEquals", "k", &["aGk="], &[("k", &["aGl="])], false),
        (
            "BinaryEquals",
            "k",
            &["aGk="],
            &[("k", &["not base64!"])],
            false,
        ),
    ];
    run(cases, true);
}

#[test]
fn ip_address_operators() {
    let k = "aws:SourceIp";
    let v4: Entries = &[(k, &["203.0.113.25"])];
    let v6: Entries = &[(k, &["2001:db8:1234:5678::42"])];
    let cases: &[Case] = &[
        ("IpAddress", k, &["203.0.113.0/24"], v4, true),
        ("IpAddress", k, &["198.51.100.0/24"], v4, false),
        (
            "IpAddress",
            k,
            &["198.51.100.0/24", "203.0.113.0/24"],
            v4,
            true,
        ),
        // A bare address means just that address (/32).
        ("IpAddress", k, &["203.0.113.25"], v4, true),
        ("IpAddress", k, &["203.0.113.24"], v4, false),
        // IPv6, written the way AWS's documentation writes it.
        (
            "IpAddress",
            k,
            &["203.0.113.0/24", "2001:DB8:1234:5678::/64"],
            v6,
            true,
        ),
        ("IpAddress", k, &["2001:DB8:1234:5679::/64"], v6, false),
        ("IpAddress", k, &["2001:db8:1234:5678::42"], v6, true),
        ("IpAddress", k, &["0.0.0.0/0"], v6, false),
        ("NotIpAddress", k, &["198.51.100.0/24"], v4, true),
        (
            "NotIpAddress",
            k,
            &["198.51.100.0/24", "203.0.113.0/24"],
            v4,
            false,
        ),
        // An IPv6 caller is outside every IPv4 range.
        ("NotIpAddress", k, &["203.0.113.0/24"], v6, true),
        ("IpAddress", k, &["203.0.113.0/33"], v4, false),
        (
            "IpAddress",
            k,
            &["203.0.113.0/24"],
            &[(k, &["vpc-endpoint"])],
            false,
        ),
        (
            "NotIpAddress",
            k,
            &["203.0.113.0/24"],
            &[(k, &["vpc-endpoint"])],
            false,
        ),
    ];
    run(cases, true);
}

#[test]
fn arn_operators() {
    let k = "aws:SourceArn";
    let topic: Entries = &[(k, &["arn:aws:sns:us-east-1:123456789012:my-topic"])];
    let doc_value: Entries = &[(
        k,
        &["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"],
    )];
    let cases: &[Case] = &[
        (
            "ArnEquals",
            k,
            &["arn:aws:sns:us-east-1:123456789012:my-topic"],
            topic,
            true,
        ),
        ("ArnLike", k, &["arn:aws:sns:*:123456789012:*"], topic, true),
        (
            "ArnLike",
            k,
            &["arn:aws:sns:us-east-?:123456789012:my-*"],
            topic,
            true,
        ),
        // ArnEquals and ArnLike behave identically: wildcards work in both.
        (
            "ArnEquals",
            k,
            &["arn:aws:sns:*:123456789012:*"],
            topic,
            true,
        ),
        (
            "ArnLike",
            k,
            &["arn:aws:sqs:*:123456789012:*"],
            topic,
            false,
        ),
        // Case-sensitive.
        (
            "ArnLike",
            k,
            &["arn:aws:sns:us-east-1:123456789012:MY-TOPIC"],
            topic,
            false,
        ),
        ("ArnNotLike", k, &["arn:aws:sqs:*:*:*"], topic, true),
        (
            "ArnNotLike",
            k,
            &["arn:aws:sqs:*:*:*", "arn:aws:sns:*:*:*"],
            topic,
            false,
        ),
        (
            "ArnNotEquals",
            k,
            &["arn:aws:sns:*:123456789012:my-topic"],
            topic,
            false,
        ),
        // AWS's own example: StringLike lets `*` cross colons, ArnLike does
        // not, because each of the six parts is matched on its own.
        (
            "StringLike",
            k,
            &["arn:aws:someservice:*:111122223333:finance/*"],
            doc_value,
            true,
        ),
        (
            "ArnLike",
            k,
            &["arn:aws:someservice:*:111122223333:finance/*"],
            doc_value,
            false,
        ),
        // The resource part keeps its colons and its `*` spans them.
        (
            "ArnLike",
            k,
            &["arn:aws:someservice:us-east-2:999999999999:store/*"],
            doc_value,
            true,
        ),
        // Something that is not an ARN matches nothing.
        ("ArnLike", k, &["*"], topic, false),
        (
            "ArnLike",
            k,
            &["arn:aws:sns:*:*:*"],
            &[(k, &["my-topic"])],
            false,
        ),
        (
            "ArnNotLike",
            k,
            &["arn:aws:sns:*:*:*"],
            &[(k, &["my-topic"])],
            false,
        ),
    ];
    run(cases, true);
}

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

#[test]
fn policy_variables_in_conditions() {
    let user: Entries = &[
        ("aws:username", &["alice"]),
        ("s3:prefix", &["home/alice/docs"]),
    ];
    let other: Entries = &[
        ("aws:username", &["alice"]),
        ("s3:prefix", &["home/bob/docs"]),
    ];
    let anonymous: Entries = &[("s3:prefix", &["home/alice/docs"])];
    let owner: Entries = &[
        ("aws:PrincipalTag/owner", &["alice"]),
        ("s3:ExistingObjectTag/owner", &["alice"]),
    ];
    let no_tag: Entries = &[("s3:ExistingObjectTag/Team", &["red"])];
    let prefix = "s3:prefix";
    let cases: &[Case] = &[
        (
            "StringLike",
            prefix,
            &["", "home/", "home/${aws:username}/*"],
            user,
            true,
        ),
        (
            "StringLike",
            prefix,
            &["", "home/", "home/${aws:username}/*"],
            other,
            false,
        ),
        // No value for the variable: the policy value matches nothing...
        (
            "StringLike",
            prefix,
            &["home/${aws:username}/*"],
            anonymous,
            false,
        ),
        // ...unless it has a default.
        (
            "StringLike",
            prefix,
            &["home/${aws:username, 'alice'}/*"],
            anonymous,
            true,
        ),
        (
            "StringEquals",
            "s3:ExistingObjectTag/owner",
            &["${aws:PrincipalTag/owner}"],
            owner,
            true,
        ),
        // AWS: "Inverted condition operators like StringNotEquals or
        // StringNotLike do match against a null value": with no principal
        // tag, this Deny condition holds.
        (
            "StringNotEquals",
            "s3:ExistingObjectTag/Team",
            &["${aws:PrincipalTag/Team}"],
            no_tag,
            true,
        ),
        (
            "StringNotLike",
            prefix,
            &["home/${aws:username}/*"],
            anonymous,
            true,
        ),
        (
            "StringNotLike",
            prefix,
            &["home/${aws:username}/*"],
            user,
            false,
        ),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/owner",
            &["${AWS:USERNAME}"],
            &[
                ("aws:username", &["Alice"]),
                ("aws:PrincipalTag/owner", &["ALICE"]),
            ],
            true,
        ),
        // A substituted value is literal: its `*` is not a wildcard.
        (
            "StringLike",
            "k",
            &["${aws:PrincipalTag/p}"],
            &[("aws:PrincipalTag/p", &["a*"]), ("k", &["abc"])],
            false,
        ),
        (
            "StringLike",
            "k",
            &["${aws:PrincipalTag/p}"],
            &[("aws:PrincipalTag/p", &["a*"]), ("k", &["a*"])],
            true,
        ),
        ("StringLike", "k", &["a${*}"], &[("k", &["abc"])], false),
        ("StringLike", "k", &["a${*}"], &[("k", &["a*"])], true),
        // ARN operators substitute too, then split the ARN.
        (
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:user/${aws:username}"],
            &[
                ("aws:username", &["alice"]),
                (
                    "aws:PrincipalArn",
                    &["arn:aws:iam::111122223333:user/alice"],
                ),
            ],
            true,
        ),
        (
            "ArnEquals",
            "aws:SourceArn",
            &["${aws:PrincipalArn}"],
            &[
                ("aws:PrincipalArn", &["arn:aws:iam::1:user/a"]),
                ("aws:SourceArn", &["arn:aws:iam::1:user/a"]),
            ],
            true,
        ),
        // Other operators never substitute.
        (
            "Bool",
            "aws:SecureTransport",
            &["${aws:x}"],
            &[("aws:x", &["true"]), ("aws:SecureTransport", &["true"])],
            false,
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["${aws:x}"],
            &[("aws:x", &["10.0.0.1"]), ("aws:SourceIp", &["10.0.0.1"])],
            false,
        ),
    ];
    run(cases, true);
}

/// In a policy of version 2008-10-17, `${aws:username}` is literal text.
#[test]
fn no_variables_in_old_policies() {
    let user: Entries = &[
        ("aws:username", &["alice"]),
        ("s3:prefix", &["home/alice/x"]),
    ];
    let literal: Entries = &[("s3:prefix", &["home/${aws:username}/x"])];
    let cases: &[Case] = &[
        (
            "StringLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            user,
            false,
        ),
        (
            "StringLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            literal,
            true,
        ),
        (
            "StringNotLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            user,
            true,
        ),
    ];
    run(cases, false);
}

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

fn explain(op: &str, key: &str, policy: &[&str], entries: Entries) -> String {
    let op = parse_operator(op).unwrap();
    explain_failure(&op, key, &strings(policy), &ctx(entries), true)
}

#[test]
fn explanations() {
    let cases: &[(&str, &str, &[&str], Entries, &str)] = &[
        (
            "Bool",
            "aws:MultiFactorAuthPresent",
            &["true"],
            &[("aws:MultiFactorAuthPresent", &["false"])],
            "aws:MultiFactorAuthPresent is `false`, not `true`",
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            NONE,
            "the request has no aws:SourceIp (key missing)",
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["blue", "green", "red"],
            &[("aws:PrincipalTag/team", &["pink"])],
            "aws:PrincipalTag/team is `pink`, not `blue`, `green` or `red`",
        ),
        (
            "StringEqualsIgnoreCase",
            "k",
            &["a"],
            &[("k", &["B"])],
            "k is `B`, not `a` (even ignoring case)",
        ),
        (
            "NumericLessThanEquals",
            "s3:max-keys",
            &["10"],
            &[("s3:max-keys", &["50"])],
            "s3:max-keys is `50`, not at most `10`",
        ),
        (
            "DateLessThan",
            "aws:CurrentTime",
            &["2020-01-01T00:00:00Z"],
            &[("aws:CurrentTime", &["2026-01-01T00:00:00Z"])],
            "aws:CurrentTime is `2026-01-01T00:00:00Z`, not before `2020-01-01T00:00:00Z`",
        ),
        (
            "NotIpAddress",
            "aws:SourceIp",
            &["192.0.2.0/24", "10.0.0.0/8"],
            &[("aws:SourceIp", &["10.1.2.3"])],
            "aws:SourceIp is `10.1.2.3`, which NotIpAddress excludes: it is in `10.0.0.0/8`",
        ),
        (
            "StringNotLike",
            "aws:RequestedRegion",
            &["eu-*"],
            &[("aws:RequestedRegion", &["eu-west-1"])],
            "aws:RequestedRegion is `eu-west-1`, which StringNotLike excludes: it is like `eu-*`",
        ),
        (
            "NumericEquals",
            "s3:max-keys",
            &["10"],
            &[("s3:max-keys", &["ten"])],
            "s3:max-keys is `ten`, which is not a number",
        ),
        (
            "NumericEquals",
            "s3:max-keys",
            &["ten"],
            &[("s3:max-keys", &["10"])],
            "the policy value `ten` is not a number",
        ),
        (
            "DateGreaterThan",
            "aws:TokenIssueTime",
            &["2020-01-01"],
            &[("aws:TokenIssueTime", &["soon"])],
            "aws:TokenIssueTime is `soon`, which is not a date",
        ),
        (
            "IpAddress",
            "aws:SourceIp",
            &["10.0.0.0/40"],
            &[("aws:SourceIp", &["10.0.0.1"])],
            "the policy value `10.0.0.0/40` is not an IP address or range",
        ),
        (
            "Null",
            "aws:TokenIssueTime",
            &["true"],
            &[("aws:TokenIssueTime", &["2026-01-01"])],
            "aws:TokenIssueTime is present, but Null `true` requires it to be missing",
        ),
        (
            "Null",
            "aws:TokenIssueTime",
            &["false"],
            NONE,
            "the request has no aws:TokenIssueTime (key missing), but Null `false` requires it to be present",
        ),
        (
            "StringEquals",
            "aws:TagKeys",
            &["a"],
            &[("aws:TagKeys", &["a", "b"])],
            "aws:TagKeys has 2 values (`a` and `b`); without ForAnyValue: or ForAllValues: \
             a multivalued key does not match",
        ),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["environment", "cost-center"],
            &[("aws:TagKeys", &["environment", "dept"])],
            "aws:TagKeys includes `dept`, not `environment` or `cost-center`",
        ),
        (
            "ForAllValues:StringNotLike",
            "aws:TagKeys",
            &["key1*"],
            &[("aws:TagKeys", &["key3:x", "key1:hr"])],
            "aws:TagKeys includes `key1:hr`, which ForAllValues:StringNotLike excludes: it is like `key1*`",
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["environment"],
            &[("aws:TagKeys", &["dept", "sic"])],
            "none of the aws:TagKeys values (`dept` and `sic`) is `environment`",
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["environment"],
            NONE,
            "the request has no aws:TagKeys (key missing), so ForAnyValue:StringEquals has no value to match",
        ),
        (
            "StringLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            &[("s3:prefix", &["home/alice/"])],
            "s3:prefix is `home/alice/`, not like `home/${aws:username}/*`; \
             `home/${aws:username}/*` uses a variable with no value, so it matches nothing",
        ),
        (
            "ArnEquals",
            "aws:SourceArn",
            &["${aws:PrincipalArn}"],
            &[
                ("aws:PrincipalArn", &["arn:aws:iam::1:user/a"]),
                ("aws:SourceArn", &["arn:aws:iam::1:user/b"]),
            ],
            "aws:SourceArn is `arn:aws:iam::1:user/b`, not `${aws:PrincipalArn}`",
        ),
        (
            "ArnLike",
            "aws:SourceArn",
            &["my-topic"],
            &[("aws:SourceArn", &["arn:aws:sns:us-east-1:1:t"])],
            "the policy value `my-topic` is not an ARN",
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            &["red"],
            &[("aws:PrincipalTag/team", &["red"])],
            "StringEquals on aws:PrincipalTag/team holds",
        ),
    ];
    for (op, key, policy, entries, want) in cases {
        assert_eq!(explain(op, key, policy, entries), *want, "{op} {key}");
    }
}
