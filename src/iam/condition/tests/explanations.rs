//! The sentences that explain why a condition matched or not.

use super::{Entries, NONE, ctx, strings};
use crate::iam::condition::{explain_failure, parse_operator};

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
