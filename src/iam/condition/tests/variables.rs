//! Policy variables inside condition values, and the old policy version without them.

use super::{Case, Entries, run};

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
