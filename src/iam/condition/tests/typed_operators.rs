//! Numeric, date, Boolean, binary, IP address and ARN operators.

use super::{Case, Entries, run};

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
