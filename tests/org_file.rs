//! Organization files: the shipped examples load, any organization survives
//! a write and a read, and bad files are refused at the right place.

use std::collections::BTreeMap;
use std::sync::Arc;

use iamtutor::iam::context::Context;
use iamtutor::iam::model::{
    AccessKey, Account, Auth, Bucket, Caller, Group, InstanceProfile, KeyStatus, LastUsed,
    LoginProfile, ManagedPolicy, MfaDevice, Org, PolicyDoc, PolicyVersion, Role, S3Object, Scp,
    Session, SessionKind, Tag, User, policy_arn,
};
use iamtutor::iam::org_file::{OrgFileError, from_ron, to_ron};
use iamtutor::iam::policy::PolicyKind;
use proptest::prelude::*;
use serde_json::{Value, json};

const STARTUP: &str = include_str!("../assets/orgs/startup.ron");
const ACCOUNT: &str = "111122223333";

// ---------------------------------------------------------------------------
// The startup of lesson 7.

/// Loads startup.ron: it refers to AWS managed policies by ARN, and every one
/// of them must be among the policies iamtutor ships.
fn load_startup() -> Org {
    from_ron(STARTUP).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("startup.ron:{e}")).collect();
        panic!("{}", lines.join("\n"))
    })
}

fn user(name: &str) -> Caller {
    Caller::User {
        account: ACCOUNT.into(),
        user: name.into(),
        auth: Auth::AccessKey,
    }
}

fn role_session(role: &str) -> Caller {
    Caller::RoleSession {
        account: ACCOUNT.into(),
        role: role.to_ascii_lowercase(),
        session_name: "i-0abc".into(),
        policy: None,
        policy_arns: Vec::new(),
        mfa: false,
        tags: Vec::new(),
        issued: None,
    }
}

fn allowed(org: &Org, caller: &Caller, action: &str, resource: &str) -> bool {
    org.explain(caller, action, resource, &Context::new())
        .expect("the caller exists")
        .decision
        .is_allowed()
}

#[test]
fn startup_loads_with_the_course_company() {
    let org = load_startup();
    let a = &org.accounts[ACCOUNT];
    assert_eq!(a.alias.as_deref(), Some("startup"));
    let members = |group: &str| -> Vec<&str> {
        a.users
            .values()
            .filter(|u| u.groups.iter().any(|g| g == group))
            .map(|u| u.name.as_str())
            .collect()
    };
    assert_eq!(members("developers"), ["john", "mike", "sarah"]);
    assert_eq!(members("devops"), ["omar", "priya"]);
    assert_eq!(members("admins"), ["alice"]);
    assert!(a.users.values().all(|u| u.attached.is_empty()));
    assert!(a.users.values().all(|u| u.access_keys.is_empty()));
    assert_eq!(
        a.groups["developers"].attached[0],
        "arn:aws:iam::111122223333:policy/DeveloperEC2Access"
    );

    let role = &a.roles["s3accessrole"];
    assert!(role.trust.text.contains("ec2.amazonaws.com"));
    assert!(role.trust.text.starts_with("{\n    \"Version\""));
    assert_eq!(role.max_session_duration, 3600);
    assert_eq!(a.instance_profiles["s3accessrole"].roles, ["s3accessrole"]);

    let bucket = &org.buckets["startup-reports"];
    assert_eq!(bucket.account, ACCOUNT);
    assert_eq!(bucket.objects.len(), 2);

    // Decisions come from the engine, over the loaded file.
    let john = user("john");
    assert!(allowed(&org, &john, "ec2:StartInstances", "*"));
    assert!(allowed(&org, &john, "ec2:DescribeInstances", "*"));
    assert!(allowed(&org, &john, "cloudwatch:GetMetricData", "*"));
    assert!(!allowed(&org, &john, "ec2:TerminateInstances", "*"));
    assert!(!allowed(&org, &john, "iam:CreateUser", "*"));
    let priya = user("priya");
    assert!(allowed(&org, &priya, "ec2:TerminateInstances", "*"));
    assert!(allowed(
        &org,
        &priya,
        "autoscaling:CreateAutoScalingGroup",
        "*"
    ));
    assert!(allowed(
        &org,
        &priya,
        "elasticloadbalancing:CreateLoadBalancer",
        "*"
    ));
    assert!(!allowed(
        &org,
        &priya,
        "s3:GetObject",
        "arn:aws:s3:::startup-reports/2025/q4-sales.csv"
    ));
    assert!(allowed(&org, &user("alice"), "iam:CreateUser", "*"));
    let server = role_session("S3AccessRole");
    assert!(allowed(
        &org,
        &server,
        "s3:GetObject",
        "arn:aws:s3:::startup-reports/2025/q4-sales.csv"
    ));
    assert!(!allowed(
        &org,
        &server,
        "s3:PutObject",
        "arn:aws:s3:::startup-reports/x"
    ));
}

#[test]
fn startup_survives_a_write_and_a_read() {
    let org = load_startup();
    let text = to_ron(&org);
    assert_eq!(text, to_ron(&org), "writing is deterministic");
    let back = from_ron(&text).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
    assert_eq!(back, org);
}

// ---------------------------------------------------------------------------
// Bad files.

/// The 1-based line and character column where `needle` first occurs.
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).expect("the needle is in the text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, col as u32)
}

fn errors(text: &str) -> Vec<OrgFileError> {
    match from_ron(text) {
        Ok(_) => panic!("the file should be refused:\n{text}"),
        Err(e) => e,
    }
}

/// The file fails with exactly one error, at `line:col`, whose message
/// contains `words`.
fn fails_at(text: &str, line: u32, col: u32, words: &str) {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!((e.line, e.col), (line, col), "{e}");
    assert!(e.message.contains(words), "{e}");
    assert!(e.message.starts_with(|c: char| c.is_lowercase()), "{e}");
    assert!(!e.message.ends_with('.'), "{e}");
}

#[test]
fn trailing_garbage_is_refused_where_it_starts() {
    fails_at(
        "Org(\n    accounts: [],\n)\nextra\n",
        4,
        1,
        "trailing characters",
    );
}

#[test]
fn an_unknown_field_is_refused_where_it_is_written() {
    let text = r#"Org(
    accounts: [
        Account(
            id: "111122223333",
            users: [User(name: "john", grops: ["Developers"])],
        ),
    ],
)"#;
    fails_at(text, 5, 40, "`grops`");
}

#[test]
fn a_policy_syntax_error_points_at_the_character_in_the_file() {
    // The comma after "Allow" is missing: the JSON reader stops at `"Action"`.
    let text = r##"Org(
    accounts: [
        Account(
            id: "111122223333",
            groups: [
                Group(
                    name: "Developers",
                    inline: {
                        "Ec2": r#"
                            {
                                "Version": "2012-10-17",
                                "Statement": [{
                                    "Effect": "Allow"
                                    "Action": "ec2:*",
                                    "Resource": "*"
                                }]
                            }
                        "#,
                    },
                ),
            ],
        ),
    ],
)"##;
    fails_at(text, 14, 37, "inline policy `Ec2` of group `Developers`");
    assert_eq!(position_of(text, "\"Action\""), (14, 37));

    // The same document on one line, and in an escaped string.
    let one_line = r##"Org(accounts: [Account(id: "111122223333", groups: [Group(name: "G",
    inline: {"P": r#"{"Version": "2012-10-17", "Statement": {"Effect": "Alow"}}"#})])])"##;
    fails_at(one_line, 2, 72, "`Alow`");
    assert_eq!(position_of(one_line, "\"Alow\""), (2, 72));
    let escaped = "Org(accounts: [Account(id: \"111122223333\", groups: [Group(name: \"G\",\n    inline: {\"P\": \"{\\\"Version\\\": 12}\"})])])";
    fails_at(escaped, 2, 34, "Version");
    assert_eq!(position_of(escaped, "12}"), (2, 34));
}

#[test]
fn a_membership_of_a_missing_group_points_at_the_membership() {
    let text = r#"Org(
    accounts: [
        Account(
            id: "111122223333",
            groups: [Group(name: "Developers")],
            users: [
                User(name: "john", groups: ["Developers", "Testers"]),
            ],
        ),
    ],
)"#;
    fails_at(text, 7, 59, "group `Testers`");
}

#[test]
fn a_duplicate_user_name_differing_in_case_points_at_the_second() {
    let text = r#"Org(
    accounts: [
        Account(
            id: "111122223333",
            users: [
                User(name: "john"),
                User(name: "John"),
            ],
        ),
    ],
)"#;
    fails_at(text, 7, 28, "`John`");
    assert!(errors(text)[0].message.contains("6:28"));
}

#[test]
fn several_problems_are_reported_at_once_in_file_order() {
    let text = r##"Org(
    accounts: [
        Account(
            id: "111122223333",
            groups: [Group(name: "Dev Ops")],
            users: [
                User(name: "john", groups: ["Nobody"], policies: ["NoSuchPolicy"]),
                User(
                    name: "sarah",
                    access_keys: [AccessKey(), AccessKey(), AccessKey()],
                ),
            ],
            roles: [
                Role(
                    name: "Web",
                    trust: r#"{"Version": "2012-10-17", "Statement": []}"#,
                    max_session_duration: 60,
                ),
            ],
            instance_profiles: [
                InstanceProfile(name: "Web", roles: ["Web", "Web"]),
            ],
        ),
    ],
)"##;
    let errors = errors(text);
    let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = [
        "5:34: group name `Dev Ops` is not valid",
        "7:45: user `john` is a member of group `Nobody`",
        "7:67: no managed policy named `NoSuchPolicy`",
        "9:27: user `sarah` has 3 access keys",
        "15:27: role `Web` has `max_session_duration: 60`",
        "16:70: trust policy of role `Web`: Syntax errors in policy: Statement is empty",
        "21:61: instance profile `Web` has a second role `Web`",
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expect) {
        assert!(g.starts_with(e), "{g}\n  expected: {e}");
    }
}

#[test]
fn quotas_and_versions_are_checked() {
    let groups: Vec<String> = (1..=11).map(|i| format!("Group(name: \"g{i}\")")).collect();
    let names: Vec<String> = (1..=11).map(|i| format!("\"g{i}\"")).collect();
    let text = format!(
        "Org(accounts: [Account(id: \"111122223333\",\n    groups: [{}],\n    users: [User(name: \"u\", groups: [{}])],\n)])",
        groups.join(", "),
        names.join(", ")
    );
    let (line, col) = position_of(&text, "\"g11\"]");
    fails_at(&text, line, col, "more than 10 groups");

    let doc = r##"r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#"##;
    let versions: Vec<String> = (0..6)
        .map(|_| format!("Version(document: {doc})"))
        .collect();
    let text = format!(
        "Org(accounts: [Account(id: \"111122223333\",\n    policies: [Policy(name: \"P\", versions: [{}], default_version: \"v6\")],\n)])",
        versions.join(", ")
    );
    fails_at(&text, 2, 29, "6 versions");

    let text = "Org(accounts: [Account(id: \"111122223333\",\n    policies: [Policy(name: \"P\", default_version: \"v2\",\n        document: r#\"{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}}\"#)],\n)])";
    fails_at(text, 2, 51, "no version `v2`");
}

#[test]
fn aws_managed_policies_resolve_by_name_and_customer_ones_first() {
    let text = r##"Org(accounts: [Account(
    id: "111122223333",
    policies: [Policy(name: "AdministratorAccess", document: r#"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#)],
    groups: [Group(name: "A", policies: ["AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess"])],
)])"##;
    let org = from_ron(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        org.accounts[ACCOUNT].groups["a"].attached,
        [
            "arn:aws:iam::111122223333:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/AdministratorAccess"
        ]
    );
}

#[test]
fn unknown_and_foreign_policies_are_refused_at_the_reference() {
    let text = r##"Org(accounts: [
    Account(id: "111122223333", groups: [Group(name: "G", policies: [
        "arn:aws:iam::aws:policy/NoSuchManagedPolicy",
        "arn:aws:iam::444455556666:policy/Theirs",
    ])]),
    Account(id: "444455556666", policies: [Policy(name: "Theirs",
        document: r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#)]),
])"##;
    let got: Vec<String> = errors(text).iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "3:9: `arn:aws:iam::aws:policy/NoSuchManagedPolicy` is not an AWS managed policy that iamtutor knows",
            "4:9: policy `arn:aws:iam::444455556666:policy/Theirs` belongs to account `444455556666`: attach only policies of account `111122223333` or AWS managed ones",
        ]
    );
}

#[test]
fn defaults_fill_what_a_hand_written_file_leaves_out() {
    let text = r#"Org(accounts: [Account(id: "111122223333",
    users: [User(name: "bob", access_keys: [AccessKey()], mfa_devices: ["bob"],
        login_profile: LoginProfile(password: "Example-Passw0rd"))],
)])"#;
    let org = from_ron(text).unwrap_or_else(|e| panic!("{e:?}"));
    let again = from_ron(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(org, again, "generated ids are deterministic");
    assert_eq!(org.now, iamtutor::iam::time::DEFAULT_NOW);
    let bob = &org.accounts[ACCOUNT].users["bob"];
    assert_eq!(bob.path, "/");
    assert!(bob.id.starts_with("AIDA") && bob.id.len() == 21);
    assert_eq!(bob.created, org.now);
    assert_eq!(bob.access_keys[0].status, KeyStatus::Active);
    assert!(bob.access_keys[0].id.starts_with("AKIA"));
    assert_eq!(bob.mfa_devices, ["arn:aws:iam::111122223333:mfa/bob"]);
    let device = &org.accounts[ACCOUNT].mfa_devices["bob"];
    assert_eq!(device.user.as_deref(), Some("bob"));
    assert_eq!(device.enabled, Some(org.now));
    assert!(org.id_counter > 0);
    assert_eq!(from_ron(&to_ron(&org)).unwrap(), org);
}

#[test]
fn empty_organizations_survive_a_write_and_a_read() {
    for org in [Org::default(), Org::new()] {
        assert_eq!(from_ron(&to_ron(&org)).unwrap(), org);
    }
    assert_eq!(
        from_ron("Org()").unwrap().now,
        iamtutor::iam::time::DEFAULT_NOW
    );
}

// ---------------------------------------------------------------------------
// Any organization survives a write and a read.

/// Random choices read from a tape that proptest generates and shrinks: a
/// shorter tape, or smaller numbers on it, build a smaller organization.
struct Tape {
    data: Vec<u32>,
    at: usize,
}

/// A few usage records, in and out of us-east-1 (the default the writer
/// leaves out).
fn accessed(tape: &mut Tape) -> iamtutor::iam::model::Accessed {
    let actions = [
        "s3:CreateBucket",
        "iam:GetUser",
        "ec2:RunInstances",
        "sts:AssumeRole",
    ];
    let mut out = iamtutor::iam::model::Accessed::new();
    for _ in 0..tape.below(3) {
        let action = actions[tape.below(actions.len() as u32) as usize];
        let region = if tape.flip() {
            "us-east-1"
        } else {
            "eu-west-1"
        };
        out.insert(
            action.to_string(),
            iamtutor::iam::model::Attempt {
                date: tape.time(),
                region: region.to_string(),
            },
        );
    }
    out
}

impl Tape {
    fn next(&mut self) -> u32 {
        let v = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }

    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    fn flip(&mut self) -> bool {
        self.below(2) == 1
    }

    fn time(&mut self) -> i64 {
        match self.below(8) {
            // Outside the years ISO 8601 can write: stored as a number.
            0 => 300_000_000_000 + i64::from(self.next()),
            1 => -70_000_000_000 - i64::from(self.next()),
            _ => 1_500_000_000 + i64::from(self.next() % 400_000_000),
        }
    }

    /// Any characters: quotes, backslashes, control characters, emoji.
    fn text(&mut self, max: u32) -> String {
        let n = self.below(max + 1);
        (0..n)
            .map(|_| match self.below(6) {
                0 => ['"', '\\', '\n', '\r', '\t', '\0', '#', '\u{7f}'][self.below(8) as usize],
                1 => char::from_u32(self.next() % 0x11_0000).unwrap_or('?'),
                _ => char::from(b' ' + self.below(95) as u8),
            })
            .collect()
    }

    /// An IAM name: letters, digits and `_+=,.@-`.
    fn iam_name(&mut self, prefix: &str) -> String {
        const CHARS: &[u8] = b"ABCabcxyzXYZ019_+=,.@-";
        let n = 1 + self.below(8);
        let tail: String = (0..n)
            .map(|_| CHARS[self.below(CHARS.len() as u32) as usize] as char)
            .collect();
        format!("{prefix}{tail}")
    }

    fn path(&mut self) -> String {
        ["/", "/team/", "/a/b-c/"][self.below(3) as usize].into()
    }
}

/// A name unused (ignoring case) among `taken`.
fn fresh(tape: &mut Tape, prefix: &str, taken: &[String]) -> String {
    let mut name = tape.iam_name(prefix);
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name.push('x');
    }
    name
}

/// Lays out a JSON value in one of several ways authors and tools write it.
fn layout(tape: &mut Tape, v: &Value) -> String {
    let pretty = serde_json::to_string_pretty(v).unwrap();
    match tape.below(6) {
        0 => serde_json::to_string(v).unwrap(),
        1 => pretty,
        // Every line indented: written as an escaped string.
        2 => pretty
            .lines()
            .map(|l| format!("   {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
        3 => pretty.replace('\n', "\r\n"),
        4 => format!("\n{pretty}\n  \n"),
        _ => pretty.replace("  ", "\t"),
    }
}

fn identity_doc(tape: &mut Tape) -> Arc<PolicyDoc> {
    let actions = ["s3:GetObject", "ec2:Start*", "iam:*", "sqs:SendMessage"];
    let action = actions[tape.below(4) as usize];
    // Condition values with `"#` make the writer pick more `#`s.
    let tag = ["dev", "#x", "##y\"#", "\"###"][tape.below(4) as usize];
    let v = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "S1",
            "Effect": if tape.flip() { "Allow" } else { "Deny" },
            "Action": action,
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": tag}}
        }]
    });
    let text = layout(tape, &v);
    PolicyDoc::parse(&text, PolicyKind::Identity).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn trust_doc(tape: &mut Tape) -> Arc<PolicyDoc> {
    let v = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole"
        }]
    });
    let text = layout(tape, &v);
    PolicyDoc::parse(&text, PolicyKind::Trust).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn bucket_doc(tape: &mut Tape, bucket: &str) -> Arc<PolicyDoc> {
    let v = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{bucket}/*")
        }]
    });
    let text = layout(tape, &v);
    PolicyDoc::parse(&text, PolicyKind::Resource).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn scp_doc(tape: &mut Tape) -> Arc<PolicyDoc> {
    let v = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]
    });
    let text = layout(tape, &v);
    PolicyDoc::parse(&text, PolicyKind::ServiceControl).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn tags(tape: &mut Tape) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    for _ in 0..tape.below(3) {
        let key = format!("k{}", tape.text(6));
        if tags.iter().any(|t| t.key.eq_ignore_ascii_case(&key)) {
            continue;
        }
        let value = tape.text(10);
        tags.push(Tag { key, value });
    }
    tags
}

fn inline(tape: &mut Tape) -> BTreeMap<String, Arc<PolicyDoc>> {
    (0..tape.below(3))
        .map(|_| (tape.iam_name("in"), identity_doc(tape)))
        .collect()
}

/// Up to `max` distinct picks from `from`, in random order.
fn some_of(tape: &mut Tape, from: &[String], max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..tape.below(from.len() as u32 + 1) {
        let item = &from[tape.below(from.len() as u32) as usize];
        if !out.contains(item) && out.len() < max {
            out.push(item.clone());
        }
    }
    out
}

fn build(data: Vec<u32>) -> Org {
    let tape = &mut Tape { data, at: 0 };
    let mut org = Org {
        now: tape.time(),
        id_counter: u64::from(tape.next()),
        ..Default::default()
    };
    let n_accounts = 1 + tape.below(2);
    for n in 0..n_accounts {
        let id = format!("{:06}{:06}", tape.below(1_000_000), n);
        let mut a = Account {
            id: id.clone(),
            alias: tape.flip().then(|| format!("acct-{n}")),
            ..Default::default()
        };

        let mut names = Vec::new();
        for _ in 0..tape.below(3) {
            let name = fresh(tape, "P", &names);
            names.push(name.clone());
            let path = tape.path();
            let created = tape.time();
            // Versions as AWS leaves them after some were deleted.
            let first = 1 + tape.below(3);
            let count = 1 + tape.below(5);
            let versions: Vec<PolicyVersion> = (first..first + count)
                .map(|k| PolicyVersion {
                    id: format!("v{k}"),
                    doc: identity_doc(tape),
                    created: if tape.flip() { created } else { tape.time() },
                })
                .collect();
            let default_version = versions[tape.below(count) as usize].id.clone();
            let policy = ManagedPolicy {
                arn: policy_arn(&id, &path, &name),
                id: org.new_id("ANPA"),
                description: if tape.flip() {
                    tape.text(12)
                } else {
                    String::new()
                },
                created,
                updated: if tape.flip() { created } else { tape.time() },
                next_version: first + count + tape.below(3),
                versions,
                default_version,
                tags: tags(tape),
                name: name.clone(),
                path,
            };
            a.policies.insert(name.to_ascii_lowercase(), policy);
        }
        let mut arns: Vec<String> = a.policies.values().map(|p| p.arn.clone()).collect();
        arns.push("arn:aws:iam::aws:policy/AdministratorAccess".into());

        let mut names = Vec::new();
        for _ in 0..tape.below(4) {
            let name = fresh(tape, "G", &names);
            names.push(name.clone());
            let group = Group {
                path: tape.path(),
                id: org.new_id("AGPA"),
                created: tape.time(),
                inline: inline(tape),
                attached: some_of(tape, &arns, 10),
                name: name.clone(),
            };
            a.groups.insert(name.to_ascii_lowercase(), group);
        }
        let group_keys: Vec<String> = a.groups.keys().cloned().collect();

        let mut names = Vec::new();
        for _ in 0..tape.below(4) {
            let name = fresh(tape, "U", &names);
            names.push(name.clone());
            let key = name.to_ascii_lowercase();
            let access_keys = (0..tape.below(3))
                .map(|_| AccessKey {
                    id: org.new_access_key_id("AKIA"),
                    secret: if tape.flip() {
                        org.new_secret()
                    } else {
                        tape.text(8)
                    },
                    status: if tape.flip() {
                        KeyStatus::Active
                    } else {
                        KeyStatus::Inactive
                    },
                    created: tape.time(),
                    last_used: tape.flip().then(|| LastUsed {
                        date: tape.time(),
                        service: "s3".into(),
                    }),
                })
                .collect();
            // MFA: virtual devices of the account, and a hardware one.
            let mut mfa = Vec::new();
            for i in 0..tape.below(3) {
                if tape.flip() {
                    let device = format!("dev-{key}-{i}");
                    let serial = format!("arn:aws:iam::{id}:mfa/{device}");
                    a.mfa_devices.insert(
                        device.to_ascii_lowercase(),
                        MfaDevice {
                            name: device,
                            path: "/".into(),
                            serial: serial.clone(),
                            seed: org.new_mfa_seed(),
                            user: Some(key.clone()),
                            enabled: Some(tape.time()),
                            tags: tags(tape),
                        },
                    );
                    mfa.push(serial);
                } else {
                    mfa.push(format!("arn:aws:iam::{id}:mfa/hardware-{key}-{i}"));
                }
            }
            let user = User {
                path: tape.path(),
                id: org.new_id("AIDA"),
                created: tape.time(),
                login_profile: tape.flip().then(|| {
                    let created = tape.time();
                    LoginProfile {
                        created,
                        password_reset_required: tape.flip(),
                        password: tape.text(12),
                        changed: created,
                        previous: Vec::new(),
                    }
                }),
                access_keys,
                mfa_devices: mfa,
                tags: tags(tape),
                inline: inline(tape),
                attached: some_of(tape, &arns, 10),
                boundary: tape
                    .flip()
                    .then(|| arns[tape.below(arns.len() as u32) as usize].clone()),
                groups: some_of(tape, &group_keys, 10),
                password_last_used: tape.flip().then(|| tape.time()),
                accessed: accessed(tape),
                name,
            };
            a.users.insert(key, user);
        }

        let mut names = Vec::new();
        for _ in 0..tape.below(3) {
            let name = fresh(tape, "R", &names);
            names.push(name.clone());
            let role = Role {
                path: tape.path(),
                id: org.new_id("AROA"),
                created: tape.time(),
                description: if tape.flip() {
                    tape.text(12)
                } else {
                    String::new()
                },
                trust: trust_doc(tape),
                max_session_duration: 3600 + 60 * tape.below(661),
                inline: inline(tape),
                attached: some_of(tape, &arns, 10),
                boundary: tape
                    .flip()
                    .then(|| arns[tape.below(arns.len() as u32) as usize].clone()),
                tags: tags(tape),
                last_used: tape.flip().then(|| tape.time()),
                accessed: accessed(tape),
                name: name.clone(),
            };
            a.roles.insert(name.to_ascii_lowercase(), role);
        }
        let role_keys: Vec<String> = a.roles.keys().cloned().collect();

        let mut names = Vec::new();
        for _ in 0..tape.below(3) {
            let name = fresh(tape, "IP", &names);
            names.push(name.clone());
            let profile = InstanceProfile {
                path: tape.path(),
                id: org.new_id("AIPA"),
                created: tape.time(),
                roles: some_of(tape, &role_keys, 1),
                tags: tags(tape),
                name: name.clone(),
            };
            a.instance_profiles
                .insert(name.to_ascii_lowercase(), profile);
        }

        // Devices not enabled for anyone, some with a serial of their own.
        for i in 0..tape.below(2) {
            let name = format!("spare{i}");
            let path = tape.path();
            let serial = if tape.flip() {
                format!("arn:aws:iam::{id}:mfa{path}{name}")
            } else {
                format!("arn:aws:iam::{id}:mfa/elsewhere-{i}")
            };
            a.mfa_devices.insert(
                name.clone(),
                MfaDevice {
                    name,
                    path,
                    serial,
                    seed: org.new_mfa_seed(),
                    user: None,
                    enabled: tape.flip().then(|| tape.time()),
                    tags: tags(tape),
                },
            );
        }

        if tape.flip() {
            a.scps = Some(
                (0..tape.below(3))
                    .map(|i| Scp {
                        name: format!("scp {i} \"quoted\""),
                        doc: scp_doc(tape),
                    })
                    .collect(),
            );
        }
        org.accounts.insert(id, a);
    }

    let account_ids: Vec<String> = org.accounts.keys().cloned().collect();
    for n in 0..tape.below(3) {
        let name = format!("bucket-{n}.example");
        let mut objects = BTreeMap::new();
        for _ in 0..tape.below(3) {
            let key = format!("k/{}", tape.text(8));
            let body = tape.text(20);
            let modified = tape.time();
            objects.insert(key, S3Object { body, modified });
        }
        let bucket = Bucket {
            account: account_ids[tape.below(account_ids.len() as u32) as usize].clone(),
            region: ["us-east-1", "eu-west-1"][tape.below(2) as usize].into(),
            created: tape.time(),
            policy: tape.flip().then(|| bucket_doc(tape, &name)),
            objects,
            name: name.clone(),
        };
        org.buckets.insert(name, bucket);
    }

    for _ in 0..tape.below(3) {
        let account = account_ids[0].clone();
        let kind = if tape.flip() {
            SessionKind::Role {
                account,
                role: "somerole".into(),
                session_name: "build-42".into(),
                policy: tape.flip().then(|| identity_doc(tape)),
                policy_arns: some_of(
                    tape,
                    &["arn:aws:iam::aws:policy/AdministratorAccess".into()],
                    1,
                ),
                chained: tape.flip(),
                source_identity: tape.flip().then(|| tape.text(6)),
                tags: tags(tape),
            }
        } else {
            SessionKind::User {
                account,
                user: "john".into(),
            }
        };
        let id = org.new_access_key_id("ASIA");
        let session = Session {
            access_key_id: id.clone(),
            secret: org.new_secret(),
            token: org.new_session_token(),
            expires: tape.time(),
            kind,
            mfa: tape.flip(),
            created: tape.time(),
        };
        org.sessions.insert(id, session);
    }
    org
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_organization_survives_a_write_and_a_read(
        data in prop::collection::vec(any::<u32>(), 0..600)
    ) {
        let org = build(data);
        let text = to_ron(&org);
        match from_ron(&text) {
            Ok(back) => prop_assert_eq!(back, org, "{}", text),
            Err(e) => prop_assert!(false, "{:?}\n{}", e, text),
        }
    }
}

/// Pieces of syntax that, dropped into a valid file, make most of the ways a
/// hand edit goes wrong.
const SNIPPETS: [&str; 14] = [
    "\"", "r#\"", "\"#", ")", "(", "]", "[", "{", "}", ",", "\n", "x", "// c\n", "\u{e9}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A damaged file never panics the reader, and every error points inside
    /// the file.
    #[test]
    fn a_damaged_file_is_refused_cleanly(
        data in prop::collection::vec(any::<u32>(), 0..300),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..40usize, 0..SNIPPETS.len()), 1..4),
    ) {
        let mut text = if data.len() % 3 == 0 { STARTUP.to_string() } else { to_ron(&build(data)) };
        for (at, remove, snippet) in edits {
            let chars: Vec<char> = text.chars().collect();
            let at = at.index(chars.len() + 1);
            let end = (at + remove).min(chars.len());
            let mut edited: String = chars[..at].iter().collect();
            edited.push_str(SNIPPETS[snippet]);
            edited.extend(&chars[end..]);
            text = edited;
        }
        if let Err(errors) = from_ron(&text) {
            let lines = text.split('\n').count() as u32;
            for e in &errors {
                prop_assert!(e.line >= 1 && e.line <= lines && e.col >= 1, "{}", e);
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The format's documentation.

/// The complete example in docs/org-format.md loads, as written.
#[test]
fn the_documented_example_loads() {
    let doc = include_str!("../docs/org-format.md");
    let example = doc
        .split("## A complete example")
        .nth(1)
        .and_then(|s| s.split("```ron\n").nth(1))
        .and_then(|s| s.split("\n```").next())
        .expect("the page has a complete example");
    let org = from_ron(example).unwrap_or_else(|e| {
        let lines: Vec<String> = e
            .iter()
            .map(|e| format!("org-format.md example:{e}"))
            .collect();
        panic!("{}", lines.join("\n"))
    });
    let a = &org.accounts["444455556666"];
    let policy = &a.policies["reportsreadonly"];
    assert_eq!(policy.default_version, "v2");
    assert_eq!(policy.next_version, 3);
    assert!(policy.default_doc().text.starts_with("{\n    \"Version\""));
    let grace = &a.users["grace"];
    assert_eq!(
        grace.mfa_devices,
        ["arn:aws:iam::444455556666:mfa/grace-phone"]
    );
    assert_eq!(a.users["ravi"].access_keys[0].status, KeyStatus::Inactive);
    assert_eq!(a.scps.as_ref().map(Vec::len), Some(2));
    assert_eq!(from_ron(&to_ron(&org)).unwrap(), org);
}
