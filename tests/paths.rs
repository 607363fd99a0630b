//! Escalation paths: for every kind of step, a small organization where it
//! fires and a near-identical one, differing by one fact, where it must
//! not; chains; the administrator who has nothing to gain; a property over
//! a generated organization; lesson 12's organization; the command line.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use serde_json::{Value, json};

use iamtutor::iam::context::Context;
use iamtutor::iam::model::{Caller, Org};
use iamtutor::iam::org_file::from_ron;
use iamtutor::iam::paths::{Kind, MAX_DEPTH, Path, all_paths, paths_from};
use iamtutor::iam::synthetic;
use iamtutor::shell::Shell;

const A: &str = "111122223333";

// -- building small organizations ----------------------------------------------

/// An organization of one account, from the inside of its `Account(...)`.
fn org(body: &str) -> Org {
    let text = format!("Org(accounts: [Account(id: \"{A}\", {body})])");
    from_ron(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

fn arn(kind: &str, name: &str) -> String {
    format!("arn:aws:iam::{A}:{kind}/{name}")
}

fn allow(actions: &[&str], resource: &str) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resource})
}

fn deny(actions: &[&str], resource: &str) -> Value {
    json!({"Effect": "Deny", "Action": actions, "Resource": resource})
}

fn when(mut statement: Value, condition: Value) -> Value {
    statement["Condition"] = condition;
    statement
}

fn mfa() -> Value {
    json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})
}

fn passed_to(service: &str) -> Value {
    json!({"StringEquals": {"iam:PassedToService": service}})
}

fn doc(statements: &[Value]) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// A user with one inline policy and the given extra fields.
fn user(name: &str, statements: &[Value], extra: &str) -> String {
    let d = doc(statements);
    format!("User(name: \"{name}\", inline: {{\"p\": r#\"{d}\"#}}, {extra})")
}

fn trust_service(service: &str) -> String {
    doc(&[
        json!({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}),
    ])
}

fn trust_aws(principal: &str) -> String {
    doc(&[json!({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"})])
}

fn role(name: &str, trust: &str, policy: &str) -> String {
    format!("Role(name: \"{name}\", trust: r#\"{trust}\"#, policies: [\"{policy}\"])")
}

fn from(org: &Org, who: &str) -> Vec<Path> {
    paths_from(org, &org.resolve_principal(who, A).unwrap())
}

/// Does some path end with a step of this kind to this target?
fn fires(paths: &[Path], kind: Kind, target: &str) -> bool {
    paths.iter().any(|p| {
        p.steps
            .last()
            .is_some_and(|s| s.kind == kind && s.target == target)
    })
}

/// A case for one kind: who starts, the target the step must reach, and
/// the organization where it fires and the ones where it must not.
struct Case {
    kind: Kind,
    who: &'static str,
    target: &'static str,
    fires: Org,
    not: Vec<(&'static str, Org)>,
}

fn check(case: &Case) {
    let found = from(&case.fires, case.who);
    assert!(
        fires(&found, case.kind, case.target),
        "{:?}: expected a step to {}, found {found:#?}",
        case.kind,
        case.target
    );
    for (why, org) in &case.not {
        let found = from(org, case.who);
        assert!(
            !fires(&found, case.kind, case.target),
            "{:?} must not fire when {why}: {found:#?}",
            case.kind
        );
    }
}

// -- the organizations, kind by kind -------------------------------------------

fn ec2_roles(extra_role: &str, profiles: &str) -> String {
    format!(
        "roles: [{}, {}{extra_role}], instance_profiles: [{profiles}]",
        role(
            "AdminRole",
            &trust_service("ec2.amazonaws.com"),
            "AdministratorAccess"
        ),
        role(
            "WebRole",
            &trust_service("ec2.amazonaws.com"),
            "AmazonS3ReadOnlyAccess"
        ),
    )
}

const PROFILES: &str = r#"InstanceProfile(name: "AdminRole", roles: ["AdminRole"]), InstanceProfile(name: "WebRole", roles: ["WebRole"])"#;

fn pass_role_to_ec2() -> Case {
    let run = allow(&["ec2:RunInstances"], "*");
    let john = |pass: Value| {
        org(&format!(
            "users: [{}], {}",
            user("john", &[run.clone(), pass], ""),
            ec2_roles("", PROFILES)
        ))
    };
    let to_ec2 = passed_to("ec2.amazonaws.com");
    let admin_trusts_lambda = org(&format!(
        "users: [{}], roles: [{}], instance_profiles: [InstanceProfile(name: \"AdminRole\", roles: [\"AdminRole\"])]",
        user("john", &[run.clone(), allow(&["iam:PassRole"], "*")], ""),
        role(
            "AdminRole",
            &trust_service("lambda.amazonaws.com"),
            "AdministratorAccess"
        ),
    ));
    Case {
        kind: Kind::PassRoleToEc2,
        who: "john",
        target: "role/AdminRole",
        fires: john(when(
            allow(&["iam:PassRole"], &arn("role", "AdminRole")),
            to_ec2.clone(),
        )),
        not: vec![
            (
                "PassRole names another role only",
                john(when(
                    allow(&["iam:PassRole"], &arn("role", "WebRole")),
                    to_ec2,
                )),
            ),
            (
                "PassRole is for Lambda, not EC2",
                john(when(
                    allow(&["iam:PassRole"], "*"),
                    passed_to("lambda.amazonaws.com"),
                )),
            ),
            ("the role does not trust EC2", admin_trusts_lambda),
        ],
    }
}

fn pass_role_to_lambda() -> Case {
    let lambda = allow(&["lambda:CreateFunction", "lambda:InvokeFunction"], "*");
    let john = |service: &str| {
        org(&format!(
            "users: [{}], roles: [{}]",
            user(
                "john",
                &[
                    lambda.clone(),
                    when(allow(&["iam:PassRole"], "*"), passed_to(service))
                ],
                ""
            ),
            role(
                "FnAdmin",
                &trust_service("lambda.amazonaws.com"),
                "AdministratorAccess"
            ),
        ))
    };
    Case {
        kind: Kind::PassRoleToLambda,
        who: "john",
        target: "role/FnAdmin",
        fires: john("lambda.amazonaws.com"),
        not: vec![("PassRole is for EC2, not Lambda", john("ec2.amazonaws.com"))],
    }
}

fn assume_role() -> Case {
    let john = |trust: &str| {
        org(&format!(
            "users: [{}, User(name: \"sarah\")], roles: [{}]",
            user(
                "john",
                &[allow(&["sts:AssumeRole"], &arn("role", "AdminRole"))],
                ""
            ),
            role("AdminRole", trust, "AdministratorAccess"),
        ))
    };
    let account = format!("arn:aws:iam::{A}:root");
    let with_mfa = doc(&[when(
        json!({"Effect": "Allow", "Principal": {"AWS": account}, "Action": "sts:AssumeRole"}),
        mfa(),
    )]);
    Case {
        kind: Kind::AssumeRole,
        who: "john",
        target: "role/AdminRole",
        fires: john(&trust_aws(&account)),
        not: vec![
            (
                "the trust policy names sarah only",
                john(&trust_aws(&arn("user", "sarah"))),
            ),
            ("the trust policy asks for MFA", john(&with_mfa)),
        ],
    }
}

/// john has `statements`; sarah is an administrator with the extra fields.
fn john_and_sarah(statements: &[Value], sarah: &str) -> Org {
    org(&format!(
        "users: [{}, User(name: \"sarah\", policies: [\"AdministratorAccess\"], {sarah})]",
        user("john", statements, "")
    ))
}

const PASSWORD: &str = r#"login_profile: LoginProfile(password: "Winter-2026!")"#;

fn create_access_key() -> Case {
    let keys = allow(&["iam:CreateAccessKey"], &arn("user", "sarah"));
    Case {
        kind: Kind::CreateAccessKey,
        who: "john",
        target: "sarah",
        fires: john_and_sarah(std::slice::from_ref(&keys), ""),
        not: vec![(
            "an explicit deny covers sarah",
            john_and_sarah(
                &[keys, deny(&["iam:CreateAccessKey"], &arn("user", "sarah"))],
                "",
            ),
        )],
    }
}

fn create_login_profile() -> Case {
    let create = allow(&["iam:CreateLoginProfile"], &arn("user", "*"));
    Case {
        kind: Kind::CreateLoginProfile,
        who: "john",
        target: "sarah",
        fires: john_and_sarah(std::slice::from_ref(&create), ""),
        not: vec![(
            "sarah already has a password",
            john_and_sarah(&[create], PASSWORD),
        )],
    }
}

fn update_login_profile() -> Case {
    let update = allow(&["iam:UpdateLoginProfile"], &arn("user", "*"));
    Case {
        kind: Kind::UpdateLoginProfile,
        who: "john",
        target: "sarah",
        fires: john_and_sarah(std::slice::from_ref(&update), PASSWORD),
        not: vec![(
            "sarah has no password to change",
            john_and_sarah(&[update], ""),
        )],
    }
}

fn alone(statements: &[Value]) -> Org {
    org(&format!(
        "users: [{}, User(name: \"other\")]",
        user("john", statements, "")
    ))
}

fn attach_self_policy() -> Case {
    Case {
        kind: Kind::AttachSelfPolicy,
        who: "john",
        target: "any policy",
        fires: alone(&[allow(&["iam:AttachUserPolicy"], &arn("user", "john"))]),
        not: vec![(
            "the permission is on another user",
            alone(&[allow(&["iam:AttachUserPolicy"], &arn("user", "other"))]),
        )],
    }
}

fn put_self_policy() -> Case {
    let put = allow(&["iam:PutUserPolicy"], &arn("user", "john"));
    Case {
        kind: Kind::PutSelfPolicy,
        who: "john",
        target: "any policy",
        fires: alone(std::slice::from_ref(&put)),
        not: vec![(
            "an explicit deny covers it",
            alone(&[put, deny(&["iam:PutUserPolicy"], "*")]),
        )],
    }
}

/// john in group Devs with `statements`; a group Ops he is not in.
fn in_devs(statements: &[Value]) -> String {
    format!(
        "groups: [Group(name: \"Devs\"), Group(name: \"Ops\")], users: [{}]",
        user("john", statements, "groups: [\"Devs\"]")
    )
}

fn attach_group_policy() -> Case {
    Case {
        kind: Kind::AttachGroupPolicy,
        who: "john",
        target: "group/Devs",
        fires: org(&in_devs(&[allow(
            &["iam:AttachGroupPolicy"],
            &arn("group", "Devs"),
        )])),
        not: vec![(
            "the permission is on a group john is not in",
            org(&in_devs(&[allow(
                &["iam:AttachGroupPolicy"],
                &arn("group", "Ops"),
            )])),
        )],
    }
}

fn put_group_policy() -> Case {
    let put = allow(&["iam:PutGroupPolicy"], &arn("group", "Devs"));
    Case {
        kind: Kind::PutGroupPolicy,
        who: "john",
        target: "group/Devs",
        fires: org(&in_devs(std::slice::from_ref(&put))),
        not: vec![("it needs MFA", org(&in_devs(&[when(put, mfa())])))],
    }
}

/// DevPolicy (attached to group Devs, which john is in) with these
/// versions, the first the default; and OtherPolicy, which john lacks.
fn dev_policy(versions: &[String]) -> Org {
    let versions: Vec<String> = versions
        .iter()
        .map(|d| format!("Version(document: r#\"{d}\"#)"))
        .collect();
    org(&format!(
        "policies: [Policy(name: \"DevPolicy\", versions: [{}], default_version: \"v1\"), Policy(name: \"OtherPolicy\", document: r#\"{}\"#)], groups: [Group(name: \"Devs\", policies: [\"DevPolicy\"])], users: [User(name: \"john\", groups: [\"Devs\"])]",
        versions.join(", "),
        doc(&[allow(&["s3:ListAllMyBuckets"], "*")]),
    ))
}

fn create_policy_version() -> Case {
    let on = |policy: &str| {
        dev_policy(&[doc(&[allow(
            &["iam:CreatePolicyVersion"],
            &arn("policy", policy),
        )])])
    };
    Case {
        kind: Kind::CreatePolicyVersion,
        who: "john",
        target: "policy/DevPolicy",
        fires: on("DevPolicy"),
        not: vec![(
            "the permission is on a policy john does not hold",
            on("OtherPolicy"),
        )],
    }
}

fn set_default_policy_version() -> Case {
    let v1 = doc(&[
        allow(
            &["iam:SetDefaultPolicyVersion"],
            &arn("policy", "DevPolicy"),
        ),
        allow(&["s3:GetObject"], "*"),
    ]);
    let v2 = doc(&[allow(&["*"], "*")]);
    Case {
        kind: Kind::SetDefaultPolicyVersion,
        who: "john",
        target: "policy/DevPolicy",
        fires: dev_policy(&[v1.clone(), v2]),
        not: vec![("the policy has one version only", dev_policy(&[v1]))],
    }
}

fn add_user_to_group() -> Case {
    let john = |group_policy: &str| {
        org(&format!(
            "groups: [Group(name: \"Admins\", policies: [\"{group_policy}\"])], users: [{}]",
            user(
                "john",
                &[
                    allow(&["iam:AddUserToGroup"], &arn("group", "Admins")),
                    allow(&["s3:Get*", "s3:List*"], "*"),
                ],
                ""
            )
        ))
    };
    Case {
        kind: Kind::AddUserToGroup,
        who: "john",
        target: "group/Admins",
        fires: john("AdministratorAccess"),
        not: vec![(
            "the group adds nothing john lacks",
            john("AmazonS3ReadOnlyAccess"),
        )],
    }
}

fn update_assume_role_policy() -> Case {
    let john = |extra: Value| {
        org(&format!(
            "users: [{}], roles: [{}]",
            user(
                "john",
                &[
                    allow(&["iam:UpdateAssumeRolePolicy"], &arn("role", "AdminRole")),
                    allow(&["sts:AssumeRole"], "*"),
                    extra
                ],
                ""
            ),
            role(
                "AdminRole",
                &trust_service("ec2.amazonaws.com"),
                "AdministratorAccess"
            ),
        ))
    };
    Case {
        kind: Kind::UpdateAssumeRolePolicy,
        who: "john",
        target: "role/AdminRole",
        fires: john(allow(&["s3:ListAllMyBuckets"], "*")),
        not: vec![(
            "an explicit deny stops sts:AssumeRole",
            john(deny(&["sts:AssumeRole"], "*")),
        )],
    }
}

fn cases() -> Vec<Case> {
    vec![
        pass_role_to_ec2(),
        pass_role_to_lambda(),
        assume_role(),
        create_access_key(),
        create_login_profile(),
        update_login_profile(),
        attach_self_policy(),
        put_self_policy(),
        attach_group_policy(),
        put_group_policy(),
        create_policy_version(),
        set_default_policy_version(),
        add_user_to_group(),
        update_assume_role_policy(),
    ]
}

// -- the tests -------------------------------------------------------------------

#[test]
fn every_kind_fires_where_it_should_and_not_where_one_fact_differs() {
    let cases = cases();
    for case in &cases {
        check(case);
    }
    let covered: BTreeSet<Kind> = cases.iter().map(|c| c.kind).collect();
    let all: BTreeSet<Kind> = Kind::ALL.iter().copied().collect();
    assert_eq!(covered, all, "every kind has a case");
    let ids: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(ids.len(), Kind::ALL.len(), "ids are distinct");
}

#[test]
fn edits_of_ones_own_policies_reach_administrator() {
    for case in [
        attach_self_policy(),
        put_self_policy(),
        attach_group_policy(),
        create_policy_version(),
    ] {
        let found = from(&case.fires, case.who);
        let p = found.iter().find(|p| p.steps[0].kind == case.kind).unwrap();
        assert!(p.admin, "{:?}", case.kind);
        assert_eq!(p.reaches, "administrator");
        assert!(p.gains.contains(&"iam:CreateUser".to_string()));
    }
}

#[test]
fn a_boundary_caps_what_editing_ones_own_policies_gains() {
    let boundary = doc(&[allow(&["iam:AttachUserPolicy", "s3:*"], "*")]);
    let o = org(&format!(
        "policies: [Policy(name: \"Cap\", document: r#\"{boundary}\"#)], users: [{}]",
        user(
            "john",
            &[allow(&["iam:AttachUserPolicy"], &arn("user", "john"))],
            "boundary: \"Cap\""
        )
    ));
    let found = from(&o, "john");
    assert_eq!(found.len(), 1, "{found:#?}");
    let p = &found[0];
    assert!(!p.admin);
    assert_eq!(p.reaches, "any policy");
    // More S3, and AttachUserPolicy on anyone, as the boundary allows; no
    // other IAM action.
    assert!(
        p.gains
            .iter()
            .all(|g| g.starts_with("s3:") || g == "iam:AttachUserPolicy"),
        "{:?}",
        p.gains
    );
    assert!(p.gains.iter().any(|g| g.starts_with("s3:")));
}

#[test]
fn a_new_instance_profile_is_part_of_the_path_when_none_holds_the_role() {
    let base = [
        allow(&["ec2:RunInstances", "iam:PassRole"], "*"),
        allow(
            &["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"],
            "*",
        ),
    ];
    let with = org(&format!(
        "users: [{}], {}",
        user("john", &base, ""),
        ec2_roles("", "")
    ));
    let found = from(&with, "john");
    let p = found
        .iter()
        .find(|p| p.reaches == "role/AdminRole")
        .unwrap();
    assert_eq!(
        p.steps[0].actions,
        [
            "iam:PassRole",
            "ec2:RunInstances",
            "iam:CreateInstanceProfile",
            "iam:AddRoleToInstanceProfile"
        ]
    );
    let without = org(&format!(
        "users: [{}], {}",
        user("john", &base[..1], ""),
        ec2_roles("", "")
    ));
    assert!(from(&without, "john").is_empty());
}

#[test]
fn a_trust_policy_naming_the_user_lets_him_in_without_a_policy_of_his_own() {
    let o = org(&format!(
        "users: [User(name: \"raj\"), User(name: \"ana\")], roles: [{}]",
        role(
            "Reports",
            &trust_aws(&arn("user", "raj")),
            "AmazonS3ReadOnlyAccess"
        )
    ));
    assert!(fires(&from(&o, "raj"), Kind::AssumeRole, "role/Reports"));
    assert!(from(&o, "ana").is_empty());
}

#[test]
fn two_assume_role_hops_are_one_path_of_two_steps() {
    let o = org(&format!(
        "users: [{}], roles: [Role(name: \"Jump\", trust: r#\"{}\"#, inline: {{\"hop\": r#\"{}\"#}}), {}]",
        user("john", &[allow(&["sts:AssumeRole"], "*")], ""),
        trust_aws(&format!("arn:aws:iam::{A}:root")),
        doc(&[allow(&["sts:AssumeRole"], &arn("role", "Admin"))]),
        role(
            "Admin",
            &trust_aws(&arn("role", "Jump")),
            "AdministratorAccess"
        ),
    ));
    let found = from(&o, "john");
    let p = found.iter().find(|p| p.reaches == "role/Admin").unwrap();
    assert_eq!(p.steps.len(), 2);
    assert_eq!(
        p.steps
            .iter()
            .map(|s| (s.from.as_str(), s.kind, s.target.as_str()))
            .collect::<Vec<_>>(),
        [
            ("john", Kind::AssumeRole, "role/Jump"),
            ("role/Jump", Kind::AssumeRole, "role/Admin")
        ]
    );
    assert!(p.admin);
}

#[test]
fn an_administrator_has_nothing_to_gain() {
    let mut shell = Shell::new(pass_role_to_ec2().fires);
    for cmd in [
        "aws iam create-user --user-name boss",
        "aws iam attach-user-policy --user-name boss --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
    ] {
        assert!(shell.run(cmd).ok, "{cmd}");
    }
    let o = shell.org;
    assert!(from(&o, "boss").is_empty());
    // The same organization still has john's path: the check can fail.
    assert!(!from(&o, "john").is_empty());
    let everyone = all_paths(&o);
    assert!(everyone.iter().all(|(who, _)| who != "boss"));
}

#[test]
fn no_path_to_an_identity_with_nothing_new() {
    let run = allow(&["ec2:RunInstances", "iam:PassRole"], "*");
    // WebRole may read S3, and so may john already.
    let o = org(&format!(
        "users: [{}], {}",
        user("john", &[run, allow(&["s3:*"], "*")], ""),
        ec2_roles("", PROFILES)
    ));
    let found = from(&o, "john");
    assert!(
        found.iter().all(|p| p.reaches != "role/WebRole"),
        "{found:#?}"
    );
    assert!(found.iter().any(|p| p.reaches == "role/AdminRole"));
}

/// The generated organization, with roles for AssumeRole steps: some trust
/// the account, some a named user; some users may assume them.
fn synthetic_with_roles() -> Org {
    let o = synthetic::org(60, 6, 30, 11);
    let mut shell = Shell::new(o);
    let account = format!("arn:aws:iam::{A}:root");
    let roles = [
        ("Ops", trust_aws(&account), "AdministratorAccess"),
        ("Reader", trust_aws(&account), "AmazonS3ReadOnlyAccess"),
        (
            "Named",
            trust_aws(&arn("user", "user0003")),
            "IAMReadOnlyAccess",
        ),
        (
            "Guarded",
            doc(&[when(
                json!({"Effect": "Allow", "Principal": {"AWS": account}, "Action": "sts:AssumeRole"}),
                mfa(),
            )]),
            "AdministratorAccess",
        ),
    ];
    for (name, trust, policy) in roles {
        let cmds = [
            format!(
                "aws iam create-role --role-name {name} --assume-role-policy-document '{trust}'"
            ),
            format!(
                "aws iam attach-role-policy --role-name {name} --policy-arn arn:aws:iam::aws:policy/{policy}"
            ),
        ];
        for c in cmds {
            assert!(shell.run(&c).ok, "{c}");
        }
    }
    for (i, target) in ["*", "arn:aws:iam::111122223333:role/Reader", "*"]
        .iter()
        .enumerate()
    {
        let p = doc(&[allow(&["sts:AssumeRole"], target)]);
        let c = format!(
            "aws iam put-user-policy --user-name user00{:02} --policy-name hop --policy-document '{p}'",
            i * 7
        );
        assert!(shell.run(&c).ok, "{c}");
    }
    shell.org
}

#[test]
fn every_reported_assume_role_step_is_real_and_every_path_connects() {
    let o = synthetic_with_roles();
    let everyone = all_paths(&o);
    let mut assume_steps = 0;
    for (who, paths) in &everyone {
        assert!(!paths.is_empty());
        for p in paths {
            assert_eq!(&p.steps[0].from, who);
            assert!(!p.gains.is_empty(), "{p:#?}");
            assert!(p.steps.len() <= MAX_DEPTH);
            for pair in p.steps.windows(2) {
                assert_eq!(pair[0].target, pair[1].from);
            }
            for s in p.steps.iter().filter(|s| s.kind == Kind::AssumeRole) {
                assume_steps += 1;
                let caller = o.resolve_principal(&s.from, A).unwrap();
                let role = o.resolve_principal(&s.target, A).unwrap();
                let Caller::RoleSession { role, .. } = role else {
                    panic!("{} is not a role", s.target)
                };
                let role_arn = o.role(A, &role).unwrap().arn(A);
                let e = o
                    .explain(&caller, "sts:AssumeRole", &role_arn, &Context::new())
                    .unwrap();
                assert!(
                    e.decision.is_allowed(),
                    "{} -> {}: {}",
                    s.from,
                    s.target,
                    e.reason
                );
            }
            assert!(
                p.steps.iter().all(|s| s.target != "role/Guarded"),
                "MFA is never present: {p:#?}"
            );
        }
    }
    // user0003 is named by a trust policy; user0000 and user0014 may assume
    // any role that trusts the account; user0007 only Reader.
    assert!(assume_steps >= 4, "{everyone:#?}");
    let of = |name: &str| {
        everyone
            .iter()
            .find(|(w, _)| w == name)
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    };
    assert!(fires(&of("user0003"), Kind::AssumeRole, "role/Named"));
    assert!(fires(&of("user0000"), Kind::AssumeRole, "role/Ops"));
    assert!(of("user0007").iter().all(|p| {
        p.steps.iter().all(|s| {
            !(s.from == "user0007" && s.kind == Kind::AssumeRole && s.target == "role/Ops")
        })
    }));
}

// -- lesson 12 ---------------------------------------------------------------------

fn l12() -> Org {
    from_ron(include_str!("../assets/orgs/l12-roles.ron")).unwrap()
}

#[test]
fn lesson_12_sam_can_reach_the_admin_role_and_kim_and_lee_cannot() {
    let o = l12();
    let everyone = all_paths(&o);
    let reaches = |who: &str| -> Vec<(String, bool)> {
        everyone
            .iter()
            .filter(|(w, _)| w == who)
            .flat_map(|(_, ps)| ps.iter().map(|p| (p.reaches.clone(), p.admin)))
            .collect()
    };
    assert!(reaches("sam").contains(&("role/OpsAdminRole".to_string(), true)));
    for who in ["kim", "lee"] {
        assert_eq!(
            reaches(who),
            [("role/WebAppRole".to_string(), false)],
            "{who}"
        );
    }
    // raj is named by ReportsRole's trust policy; ana has no permission of
    // her own for TeamRole, which trusts only the account.
    assert_eq!(reaches("raj"), [("role/ReportsRole".to_string(), false)]);
    assert!(reaches("ana").is_empty());
    // AuditRole asks for an external ID, which no request here carries.
    assert!(
        everyone
            .iter()
            .all(|(_, ps)| ps.iter().all(|p| p.reaches != "role/AuditRole"))
    );
}

#[test]
fn lesson_12_the_lab_solution_closes_sams_path_and_keeps_the_web_role() {
    let course_solution = r#"aws iam put-user-policy --user-name sam --policy-name LaunchServers --policy-document '{"Version": "2012-10-17", "Statement": [{"Sid": "RunServers", "Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:Describe*"], "Resource": "*"}, {"Sid": "PassTheWebRoleToEc2", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/WebAppRole", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}'"#;
    let mut shell = Shell::new(l12());
    assert!(shell.run(course_solution).ok);
    let after = from(&shell.org, "sam");
    assert!(after.iter().all(|p| !p.admin), "{after:#?}");
    assert!(fires(&after, Kind::PassRoleToEc2, "role/WebAppRole"));
}

// -- the command line -----------------------------------------------------------

fn iamtutor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .args(args)
        .output()
        .expect("iamtutor runs")
}

#[test]
fn the_command_shows_paths_exits_by_what_it_found_and_refuses_unknown_names() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/orgs/l12-roles.ron");
    let file = file.to_str().unwrap();

    let out = iamtutor(&["paths", "--org", file, "--from", "sam"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "sam -> role/OpsAdminRole  (administrator)\n  1. sam may launch an EC2 instance"
        ),
        "{text}"
    );
    assert!(text.contains("[iam:PassRole, ec2:RunInstances]"), "{text}");
    assert!(text.contains("     gains: iam:CreateUser"), "{text}");

    let out = iamtutor(&["paths", "--org", file, "--from", "ana"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("No escalation paths from ana:"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");

    let out = iamtutor(&["paths", "--org", file, "--from", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no user `nobody`"), "{err}");

    let out = iamtutor(&["paths", "--org", file, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = v.as_array().unwrap();
    let sam = all
        .iter()
        .find(|p| p["from"] == "sam" && p["admin"] == true)
        .unwrap();
    assert_eq!(sam["reaches"], "role/OpsAdminRole");
    assert_eq!(sam["steps"][0]["kind"], "pass-role-to-ec2");
    assert_eq!(
        sam["steps"][0]["actions"],
        json!(["iam:PassRole", "ec2:RunInstances"])
    );
    // Every principal's paths: the same as all_paths finds.
    let expected: usize = all_paths(&l12()).iter().map(|(_, p)| p.len()).sum();
    assert_eq!(all.len(), expected);
}
