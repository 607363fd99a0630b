//! The policy grammar: what AWS accepts, and what it refuses with
//! MalformedPolicyDocument, with the line and column of the problem.

use iamtutor::iam::json::Pos;
use iamtutor::iam::policy::{Effect, PolicyKind, Version, parse};

fn refuse(text: &str, kind: PolicyKind) -> (String, Pos) {
    let e = parse(text, kind).expect_err("should be refused");
    (e.message, e.pos)
}

#[test]
fn statement_may_be_one_object_or_an_array() {
    let one = parse(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
        PolicyKind::Identity,
    )
    .unwrap();
    assert_eq!(one.statements.len(), 1);
    assert_eq!(one.version, Version::V2012);
    let two = parse(r#"{"Statement":[{"Sid":"A1","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["*"]},{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::x"}]}"#, PolicyKind::Identity).unwrap();
    assert_eq!(two.version, Version::V2008);
    assert!(!two.version_given);
    assert_eq!(two.statements[1].effect, Effect::Deny);
    assert!(two.statements[1].action.negated);
    assert!(two.statements[1].resource.as_ref().unwrap().negated);
}

#[test]
fn principal_forms_and_account_ids_are_normalised() {
    let p = parse(
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:user/bob"],"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
        PolicyKind::Resource,
    )
    .unwrap();
    assert!(p.statements[0].principal.as_ref().unwrap().any);
    let second = p.statements[1].principal.as_ref().unwrap();
    assert_eq!(
        second.aws,
        [
            "arn:aws:iam::111122223333:root",
            "arn:aws:iam::444455556666:user/bob"
        ]
    );
    assert_eq!(second.service, ["ec2.amazonaws.com"]);
    assert_eq!(
        p.statements[2].principal.as_ref().unwrap().federated.len(),
        1
    );
}

#[test]
fn refusals_say_what_and_where() {
    use PolicyKind::*;
    let cases: &[(&str, PolicyKind, &str, u32, u32)] = &[
        (
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Efect\": \"Allow\"\n  }\n}",
            Identity,
            "unknown element `Efect` (did you mean `Effect`?)",
            4,
            5,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Alow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
            Identity,
            "Invalid effect",
            1,
            24,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
            Identity,
            "Policy statement must contain actions.",
            1,
            14,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}}",
            Identity,
            "Policy statement must contain resources.",
            1,
            14,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
            Identity,
            "Policy document should not specify a principal.",
            1,
            32,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
            Resource,
            "Missing required field Principal",
            1,
            14,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}}",
            Trust,
            "Has prohibited field Resource",
            1,
            102,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}}",
            Identity,
            "must be prefaced by a vendor",
            1,
            41,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bucket\"}}",
            Identity,
            "must be in ARN format",
            1,
            59,
        ),
        (
            "{\"Version\":\"2012-10-18\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
            Identity,
            "Version must be",
            1,
            12,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEqual\":{\"aws:username\":\"x\"}}}}",
            Identity,
            "Invalid Condition type",
            1,
            76,
        ),
        (
            "{\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
            Identity,
            "must be unique",
            1,
            75,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",}}",
            Identity,
            "Syntax errors in policy: a trailing comma",
            1,
            63,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1111:user/*\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
            Resource,
            "Invalid principal in policy",
            1,
            51,
        ),
        (
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}}",
            Identity,
            "appears twice",
            1,
            48,
        ),
    ];
    for (text, kind, want, line, col) in cases {
        let (msg, pos) = refuse(text, *kind);
        assert!(msg.contains(want), "{text}\n  got: {msg}\n want: {want}");
        assert_eq!((pos.line, pos.col), (*line, *col), "{text}\n  {msg}");
    }
}

#[test]
fn size_counts_characters_but_not_white_space_outside_strings() {
    use iamtutor::iam::policy::counted_size;
    assert_eq!(counted_size("{ \"a b\" :\n 1 }"), 9);
    assert_eq!(counted_size(r#"{"k":"v\"x y"}"#), 14);
}
