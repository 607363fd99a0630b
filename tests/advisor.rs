//! The advisor: each rule fires on a small organization and stays quiet on
//! a near-identical one that differs in the one fact that matters; the
//! suggested fixes run in the sandbox and silence their rule; the order is
//! fixed; lesson 8's messy startup is loud before its lab's solution and
//! quiet after; and `iamtutor advise` reports like a linter.

use std::process::Command;

use iamtutor::content::course::Course;
use iamtutor::iam::advisor::{
    Finding, Rule, Settings, Severity, advise, advise_rules, advise_with,
};
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::shell::Shell;

/// The simulated now of every organization here.
const NOW: &str = "2026-01-05T09:00:00Z";
/// 91 and 89 days before NOW: either side of the 90-day default.
const DAYS_91: &str = "2025-10-06T09:00:00Z";
const DAYS_89: &str = "2025-10-08T09:00:00Z";
/// Long before: created well outside every window.
const LONG_AGO: &str = "2025-06-01T09:00:00Z";
const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// An organization with one account (111122223333) holding `body`, and
/// `rest` after the accounts (buckets, instances ...).
fn org_with(body: &str, rest: &str) -> Org {
    let text =
        format!(r#"Org(now: "{NOW}", accounts: [Account(id: "111122223333", {body})], {rest})"#);
    org_file::from_ron(&text).unwrap_or_else(|e| panic!("bad test org: {e:?}\n{text}"))
}

fn org(body: &str) -> Org {
    org_with(body, "")
}

fn of_rule(org: &Org, rule: Rule) -> Vec<Finding> {
    advise(org).into_iter().filter(|f| f.rule == rule).collect()
}

fn fires(org: &Org, rule: Rule, entity: &str) -> bool {
    of_rule(org, rule).iter().any(|f| f.involves(entity))
}

/// Runs a finding's fix in the sandbox, each command accepted, and returns
/// the organization after.
fn run_fix(org: &Org, f: &Finding) -> Org {
    let mut shell = Shell::new(org.clone());
    for cmd in &f.fix {
        let out = shell.run(cmd);
        assert!(out.ok, "`{cmd}` failed: {}{}", out.stderr, out.stdout);
    }
    shell.org
}

fn allowed(org: &Org, user: &str, action: &str, resource: &str) -> bool {
    let caller = org.resolve_principal(user, "111122223333").unwrap();
    org.explain(&caller, action, resource, &Default::default())
        .unwrap()
        .decision
        .is_allowed()
}

// ---- rule ids ----

#[test]
fn rule_ids_are_kebab_case_and_parse_back() {
    for &r in Rule::ALL {
        assert!(
            r.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.id()
        );
        assert_eq!(Rule::parse(r.id()), Some(r));
        assert!(!r.title().is_empty());
    }
    assert_eq!(Rule::ALL.len(), 15);
    assert_eq!(Rule::parse("no-such-rule"), None);
    assert_eq!(Severity::Critical.name(), "critical");
}

// ---- direct-policies ----

#[test]
fn direct_policies_fires_for_a_users_own_policy_not_a_groups() {
    let own = org(r#"users: [User(name: "john", policies: ["AmazonS3ReadOnlyAccess"])]"#);
    let via_group = org(
        r#"groups: [Group(name: "Readers", policies: ["AmazonS3ReadOnlyAccess"])],
           users: [User(name: "john", groups: ["Readers"])]"#,
    );
    assert!(fires(&own, Rule::DirectPolicies, "john"));
    assert!(!fires(&via_group, Rule::DirectPolicies, "john"));
}

#[test]
fn direct_policies_fix_moves_managed_and_inline_policies_to_a_group() {
    let before = org(r##"users: [User(
            name: "john",
            tags: {"team": "web"},
            policies: ["AmazonS3ReadOnlyAccess"],
            inline: {"Ec2": r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*"}}"#},
        )]"##);
    let f = &of_rule(&before, Rule::DirectPolicies)[0];
    assert!(f.fix.iter().any(|c| c.contains("create-group")));
    assert!(f.fix.iter().any(|c| c.contains("add-user-to-group")));
    let after = run_fix(&before, f);
    assert!(!fires(&after, Rule::DirectPolicies, "john"));
    let john = after.user("111122223333", "john").unwrap();
    assert!(john.attached.is_empty() && john.inline.is_empty());
    // Nothing he could do is lost on the way.
    assert!(allowed(
        &after,
        "john",
        "s3:GetObject",
        "arn:aws:s3:::any/thing"
    ));
    assert!(allowed(&after, "john", "ec2:StartInstances", "*"));
}

#[test]
fn direct_policies_fix_reuses_a_group_that_already_holds_the_policy() {
    let before = org(
        r#"groups: [Group(name: "Readers", policies: ["AmazonS3ReadOnlyAccess"])],
           users: [User(name: "john", policies: ["AmazonS3ReadOnlyAccess"])]"#,
    );
    let f = &of_rule(&before, Rule::DirectPolicies)[0];
    assert!(
        !f.fix.iter().any(|c| c.contains("create-group")),
        "{:?}",
        f.fix
    );
    let after = run_fix(&before, f);
    assert_eq!(
        after.user("111122223333", "john").unwrap().groups,
        ["readers"]
    );
}

// ---- shared-user ----

#[test]
fn shared_user_fires_on_a_generic_name_not_a_persons() {
    for name in ["developer1", "dev2", "admin", "shared", "test", "ops-user"] {
        let o = org(&format!(r#"users: [User(name: "{name}")]"#));
        assert!(fires(&o, Rule::SharedUser, name), "{name}");
    }
    for name in ["john", "admin-alice", "app-server", "devon"] {
        let o = org(&format!(r#"users: [User(name: "{name}")]"#));
        assert!(!fires(&o, Rule::SharedUser, name), "{name}");
    }
}

#[test]
fn shared_user_fires_when_both_keys_are_in_use() {
    let keys = |second_used: &str| {
        org(&format!(
            r#"users: [User(name: "john", access_keys: [
                AccessKey(id: "AKIAJOHN000000000001", last_used: LastUsed(date: "2026-01-04T10:00:00Z", service: "s3")),
                AccessKey(id: "AKIAJOHN000000000002", last_used: LastUsed(date: "{second_used}", service: "s3")),
            ])]"#
        ))
    };
    assert!(fires(&keys(DAYS_89), Rule::SharedUser, "john"));
    assert!(!fires(&keys(DAYS_91), Rule::SharedUser, "john"));
}

// ---- keys-on-workload ----

fn machine_user(extra: &str) -> String {
    format!(
        r##"users: [User(name: "report-writer", tags: {{"runs-on": "ec2"}}, {extra}
            inline: {{"Reports": r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*"}}}}"#}},
            access_keys: [AccessKey(id: "AKIAREPORTWRITER0001", last_used: LastUsed(date: "2026-01-05T08:00:00Z", service: "s3"))])]"##
    )
}

#[test]
fn keys_on_workload_fires_for_a_machine_without_a_password() {
    let machine = org(&machine_user(""));
    let person = org(&machine_user(
        r#"login_profile: LoginProfile(password: "Correct-Horse-9"),"#,
    ));
    assert!(fires(&machine, Rule::KeysOnWorkload, "report-writer"));
    assert!(!fires(&person, Rule::KeysOnWorkload, "report-writer"));
    // A machine's name is enough without tags; a person's name is not.
    let by_name = org(r#"users: [User(name: "ci-bot", access_keys: [AccessKey()])]"#);
    let by_person = org(r#"users: [User(name: "carol", access_keys: [AccessKey()])]"#);
    assert!(fires(&by_name, Rule::KeysOnWorkload, "ci-bot"));
    assert!(!fires(&by_person, Rule::KeysOnWorkload, "carol"));
}

#[test]
fn keys_on_workload_names_a_running_instance_without_a_profile() {
    let bare = org_with(
        &machine_user(""),
        r#"instances: [Instance(id: "i-0abc1234567890def")]"#,
    );
    let with_profile = org_with(
        &format!(
            r##"{},
            roles: [Role(name: "Web", trust: r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}}}"#)],
            instance_profiles: [InstanceProfile(name: "Web", roles: ["Web"])]"##,
            machine_user("")
        ),
        r#"instances: [Instance(id: "i-0abc1234567890def", instance_profile: "Web")]"#,
    );
    assert!(fires(&bare, Rule::KeysOnWorkload, "i-0abc1234567890def"));
    assert!(!fires(
        &with_profile,
        Rule::KeysOnWorkload,
        "i-0abc1234567890def"
    ));
    // The user's own finding is there either way.
    assert!(fires(&with_profile, Rule::KeysOnWorkload, "report-writer"));
}

#[test]
fn keys_on_workload_fix_gives_the_instance_a_role_and_removes_the_user() {
    let before = org_with(
        &machine_user(""),
        r#"buckets: [Bucket(name: "reports")], instances: [Instance(id: "i-0abc1234567890def")]"#,
    );
    let f = of_rule(&before, Rule::KeysOnWorkload)
        .into_iter()
        .find(|f| f.entities == ["report-writer"])
        .unwrap();
    let after = run_fix(&before, &f);
    assert!(of_rule(&after, Rule::KeysOnWorkload).is_empty());
    assert!(after.user("111122223333", "report-writer").is_none());
    // The role does the user's work.
    assert!(allowed(
        &after,
        "role/ReportWriterRole",
        "s3:PutObject",
        "arn:aws:s3:::reports/x.csv"
    ));
    assert!(
        after.instances["i-0abc1234567890def"]
            .instance_profile
            .is_some()
    );
}

// ---- admin-for-many ----

fn three_people(bob_extra: &str) -> Org {
    org(&format!(
        r#"groups: [Group(name: "Admins", policies: ["{ADMIN}"])],
           users: [
             User(name: "alice", policies: ["{ADMIN}"], login_profile: LoginProfile(password: "Pw-alice-123")),
             User(name: "bob", groups: ["Admins"], login_profile: LoginProfile(password: "Pw-bob-12345"), {bob_extra}),
             User(name: "carol", login_profile: LoginProfile(password: "Pw-carol-123")),
           ]"#
    ))
}

#[test]
fn admin_for_many_fires_when_two_of_three_are_administrators() {
    let two = three_people("");
    let found = of_rule(&two, Rule::AdminForMany);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].summary, "2 of 3 people are administrators");
    assert!(found[0].involves("alice") && found[0].involves("bob"));
    assert!(!found[0].involves("carol"));
    // A deny of IAM makes bob no administrator: one is not too many.
    let one = three_people(
        r##"inline: {"NoIam": r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}}"#}"##,
    );
    assert!(of_rule(&one, Rule::AdminForMany).is_empty());
}

#[test]
fn admin_for_many_fix_keeps_one_and_gives_before_it_takes() {
    let before = org(&format!(
        r##"users: [
             User(name: "alice", policies: ["{ADMIN}"], login_profile: LoginProfile(password: "Pw-alice-123"), mfa_devices: ["alice-phone"]),
             User(name: "bob", tags: {{"team": "web"}}, policies: ["{ADMIN}"], login_profile: LoginProfile(password: "Pw-bob-12345"), mfa_devices: ["bob-phone"],
                  inline: {{"Ec2": r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*"}}}}"#}}),
             User(name: "carol", tags: {{"team": "web"}}, policies: ["{ADMIN}"], login_profile: LoginProfile(password: "Pw-carol-123"), mfa_devices: ["carol-phone"]),
           ]"##
    ));
    let f = &of_rule(&before, Rule::AdminForMany)[0];
    // Nothing is only looked at: every command changes something.
    assert!(f.fix.iter().all(|c| !c.contains(" list-")), "{:?}", f.fix);
    let give = f
        .fix
        .iter()
        .position(|c| c.contains("add-user-to-group"))
        .unwrap();
    let take = f
        .fix
        .iter()
        .position(|c| c.contains("detach-user-policy"))
        .unwrap();
    assert!(give < take, "{:?}", f.fix);
    let after = run_fix(&before, f);
    assert!(of_rule(&after, Rule::AdminForMany).is_empty());
    // alice stays (she was first to come); bob and carol keep the web
    // team's work and lose the rest.
    assert!(allowed(&after, "alice", "iam:CreateUser", "*"));
    for who in ["bob", "carol"] {
        assert!(!allowed(&after, who, "iam:CreateUser", "*"), "{who}");
        assert!(allowed(&after, who, "ec2:StartInstances", "*"), "{who}");
    }
}

#[test]
fn admin_for_many_counts_a_hand_written_star_and_everyone_when_nobody_has_a_password() {
    let star = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;
    let people = |n: usize| {
        let mut users = vec![
            format!(r##"User(name: "alice", inline: {{"All": r#"{star}"#}})"##),
            format!(r#"User(name: "bob", policies: ["{ADMIN}"])"#),
        ];
        for i in 0..n {
            users.push(format!(r#"User(name: "person{i}x")"#));
        }
        org(&format!("users: [{}]", users.join(",")))
    };
    // 2 of 5: more than a third; 2 of 6: exactly a third, not more.
    assert!(fires(&people(3), Rule::AdminForMany, "alice"));
    assert!(!fires(&people(4), Rule::AdminForMany, "alice"));
}

// ---- no-mfa ----

fn admin_alice(extra: &str) -> Org {
    org(&format!(
        r#"users: [User(name: "alice", policies: ["{ADMIN}"], login_profile: LoginProfile(password: "Pw-alice-123"), {extra})]"#
    ))
}

#[test]
fn no_mfa_fires_for_a_privileged_password_without_mfa() {
    assert!(fires(&admin_alice(""), Rule::NoMfa, "alice"));
    assert!(!fires(
        &admin_alice(r#"mfa_devices: ["alice-phone"]"#),
        Rule::NoMfa,
        "alice"
    ));
    // Without IAM her password is less dangerous, but still opens a lot.
    let no_iam = r##"inline: {"NoIam": r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}}"#}"##;
    let f = &of_rule(&admin_alice(no_iam), Rule::NoMfa)[0];
    assert_eq!(f.severity, Severity::Medium);
    let no_password = org(&format!(
        r#"users: [User(name: "alice", policies: ["{ADMIN}"])]"#
    ));
    assert!(!fires(&no_password, Rule::NoMfa, "alice"));
}

#[test]
fn no_mfa_counts_iam_writes_alone_as_privilege() {
    let writer = |action: &str| {
        org(&format!(
            r##"users: [User(name: "dana", login_profile: LoginProfile(password: "Pw-dana-1234"),
                inline: {{"Iam": r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}}}"#}})]"##
        ))
    };
    let high = &of_rule(&writer("iam:AttachUserPolicy"), Rule::NoMfa)[0];
    assert_eq!(high.severity, Severity::High);
    // AWS recommends MFA for every console user: reading is medium.
    let reader = &of_rule(&writer("iam:ListUsers"), Rule::NoMfa)[0];
    assert_eq!(reader.severity, Severity::Medium);
    assert!(reader.summary.contains("without MFA"), "{}", reader.summary);
    // A password that opens nothing at all is not reported.
    let nothing = org(
        r#"users: [User(name: "dana", login_profile: LoginProfile(password: "Pw-dana-1234"))]"#,
    );
    assert!(of_rule(&nothing, Rule::NoMfa).is_empty());
}

#[test]
fn no_mfa_fix_needs_no_phone_and_leaves_the_password_harmless() {
    let before = admin_alice("");
    let f = &of_rule(&before, Rule::NoMfa)[0];
    assert!(f.fix.iter().all(|c| !c.contains("CODE")), "{:?}", f.fix);
    let after = run_fix(&before, f);
    assert!(of_rule(&after, Rule::NoMfa).is_empty());
    let user = |auth: iamtutor::iam::model::Auth| iamtutor::iam::model::Caller::User {
        account: "111122223333".into(),
        user: "alice".into(),
        auth,
    };
    let decide = |auth, action: &str, resource: &str| {
        after
            .explain(&user(auth), action, resource, &Default::default())
            .unwrap()
            .decision
            .is_allowed()
    };
    use iamtutor::iam::model::Auth::Console;
    // Without MFA she can set up a device and nothing else; with it,
    // everything she had.
    assert!(!decide(Console { mfa: false }, "iam:CreateUser", "*"));
    assert!(decide(
        Console { mfa: false },
        "iam:EnableMFADevice",
        "arn:aws:iam::111122223333:user/alice"
    ));
    assert!(decide(
        Console { mfa: false },
        "iam:GetUser",
        "arn:aws:iam::111122223333:user/alice"
    ));
    assert!(decide(Console { mfa: true }, "iam:CreateUser", "*"));
}

// ---- old-keys and unused-credentials ----

fn key_user(created: &str, last_used: &str) -> Org {
    org(&format!(
        r#"users: [User(name: "erin", access_keys: [AccessKey(id: "AKIAERIN000000000001", created: "{created}", last_used: LastUsed(date: "{last_used}", service: "ec2"))])]"#
    ))
}

#[test]
fn old_keys_fires_past_90_days() {
    let old = key_user(DAYS_91, "2026-01-04T09:00:00Z");
    let young = key_user(DAYS_89, "2026-01-04T09:00:00Z");
    assert!(fires(&old, Rule::OldKeys, "AKIAERIN000000000001"));
    assert!(!fires(&young, Rule::OldKeys, "AKIAERIN000000000001"));
    // The setting moves the line.
    let strict = Settings {
        key_max_age_days: 30,
        ..Settings::default()
    };
    assert!(
        advise_with(&young, &strict)
            .iter()
            .any(|f| f.rule == Rule::OldKeys)
    );
}

#[test]
fn old_keys_fix_rotates_the_key() {
    let before = key_user(DAYS_91, "2026-01-04T09:00:00Z");
    let f = &of_rule(&before, Rule::OldKeys)[0];
    assert_eq!(f.entities, ["erin", "AKIAERIN000000000001"]);
    assert_eq!(f.severity, Severity::Medium);
    let after = run_fix(&before, f);
    assert!(of_rule(&after, Rule::OldKeys).is_empty());
    let keys = &after.user("111122223333", "erin").unwrap().access_keys;
    assert_eq!(keys.len(), 1, "a new key replaced the old one");
    assert_ne!(keys[0].id, "AKIAERIN000000000001");
}

#[test]
fn unused_credentials_fires_for_a_key_idle_past_90_days() {
    let idle = key_user(LONG_AGO, DAYS_91);
    let busy = key_user(LONG_AGO, DAYS_89);
    assert!(fires(
        &idle,
        Rule::UnusedCredentials,
        "AKIAERIN000000000001"
    ));
    assert!(!fires(
        &busy,
        Rule::UnusedCredentials,
        "AKIAERIN000000000001"
    ));
    // An idle key is to be deleted, not rotated: old-keys leaves it alone.
    assert!(!fires(&idle, Rule::OldKeys, "AKIAERIN000000000001"));
    assert!(fires(&busy, Rule::OldKeys, "AKIAERIN000000000001"));
}

#[test]
fn unused_credentials_fires_for_an_idle_password() {
    let pw = |created: &str, used: &str| {
        org(&format!(
            r#"users: [User(name: "erin", login_profile: LoginProfile(password: "Pw-erin-1234", created: "{created}"), {used})]"#
        ))
    };
    let used = |d: &str| format!(r#"password_last_used: "{d}""#);
    assert!(fires(
        &pw(LONG_AGO, &used(DAYS_91)),
        Rule::UnusedCredentials,
        "erin"
    ));
    assert!(!fires(
        &pw(LONG_AGO, &used(DAYS_89)),
        Rule::UnusedCredentials,
        "erin"
    ));
    // Never used: it counts from the password's creation.
    assert!(fires(&pw(DAYS_91, ""), Rule::UnusedCredentials, "erin"));
    assert!(!fires(&pw(DAYS_89, ""), Rule::UnusedCredentials, "erin"));
}

// ---- unused-role ----

fn role(path: &str, last_used: &str) -> Org {
    org(&format!(
        r##"roles: [Role(name: "Old", path: "{path}", created: "{LONG_AGO}", last_used: "{last_used}",
            trust: r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}}}"#)]"##
    ))
}

#[test]
fn unused_role_fires_past_90_days_but_not_for_service_linked_roles() {
    assert!(fires(&role("/", DAYS_91), Rule::UnusedRole, "role/Old"));
    assert!(!fires(&role("/", DAYS_89), Rule::UnusedRole, "role/Old"));
    assert!(!fires(
        &role("/aws-service-role/", DAYS_91),
        Rule::UnusedRole,
        "role/Old"
    ));
}

// ---- inline-duplicated ----

#[test]
fn inline_duplicated_compares_meaning_not_text() {
    let two = |second_resource: &str| {
        org(&format!(
            r##"groups: [Group(name: "Ops", inline: {{"Read": r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}}]}}"#}})],
               users: [User(name: "fay", inline: {{"ReadToo": r#"{{
                   "Version": "2012-10-17",
                   "Statement": {{"Action": ["S3:GetObject", "s3:ListBucket"], "Effect": "Allow", "Resource": "{second_resource}"}}
               }}"#}})]"##
        ))
    };
    let same = two("*");
    assert!(fires(&same, Rule::InlineDuplicated, "fay"));
    assert!(fires(&same, Rule::InlineDuplicated, "group/Ops"));
    assert!(!fires(
        &two("arn:aws:s3:::other/*"),
        Rule::InlineDuplicated,
        "fay"
    ));
    // The fix makes one managed policy of them (shown alone, as `advise
    // inline-duplicated` prints it, it creates the policy itself).
    let f = &advise_rules(&same, &[Rule::InlineDuplicated])[0];
    let after = run_fix(&same, f);
    assert!(of_rule(&after, Rule::InlineDuplicated).is_empty());
    assert!(allowed(&after, "fay", "s3:GetObject", "arn:aws:s3:::x/y"));
}

// ---- broad-wildcard ----

fn s3_policy(resource: &str) -> String {
    format!(
        r##"r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:*", "Resource": "{resource}"}}}}"#"##
    )
}

#[test]
fn broad_wildcard_fires_on_a_service_wildcard_over_every_resource() {
    let user = |resource: &str| {
        org(&format!(
            r#"users: [User(name: "gus", inline: {{"S3": {}}},
                access_keys: [AccessKey(last_used: LastUsed(date: "2026-01-04T00:00:00Z", service: "s3"))])]"#,
            s3_policy(resource)
        ))
    };
    let broad = user("*");
    let found = of_rule(&broad, Rule::BroadWildcard);
    assert_eq!(found.len(), 1);
    assert!(found[0].involves("gus"));
    assert!(found[0].why.contains("s3"), "{}", found[0].why);
    assert!(of_rule(&user("arn:aws:s3:::reports/*"), Rule::BroadWildcard).is_empty());
}

#[test]
fn broad_wildcard_is_high_for_iam_and_its_fix_narrows_in_place() {
    let role = |action: &str| {
        org(&format!(
            r##"roles: [Role(name: "Deploy", trust: r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole"}}}}"#,
                inline: {{"Deploy": r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}}}"#}})]"##
        ))
    };
    let iam = role("iam:*");
    let f = &of_rule(&iam, Rule::BroadWildcard)[0];
    assert_eq!(f.severity, Severity::High);
    assert_eq!(
        of_rule(&role("s3:*"), Rule::BroadWildcard)[0].severity,
        Severity::Medium
    );
    let after = run_fix(&iam, f);
    assert!(of_rule(&after, Rule::BroadWildcard).is_empty());
    assert!(allowed(&after, "role/Deploy", "iam:GetRole", "*"));
    assert!(!allowed(&after, "role/Deploy", "iam:CreateUser", "*"));
}

#[test]
fn an_inline_copy_of_a_managed_policy_is_a_duplicate() {
    let doc = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "cloudwatch:GetMetricData", "Resource": "*"}}"#;
    let before = org(&format!(
        r##"policies: [Policy(name: "ReadMetrics", document: r#"{doc}"#)],
           groups: [Group(name: "Web", policies: ["ReadMetrics"]), Group(name: "Mobile", inline: {{"Metrics": r#"{doc}"#}})]"##
    ));
    let f = &of_rule(&before, Rule::InlineDuplicated)[0];
    assert_eq!(f.entities, ["group/Mobile"]);
    assert!(
        !f.fix.iter().any(|c| c.contains("create-policy")),
        "{:?}",
        f.fix
    );
    let after = run_fix(&before, f);
    assert!(of_rule(&after, Rule::InlineDuplicated).is_empty());
    let mobile = &after.accounts["111122223333"].groups["mobile"];
    assert!(mobile.inline.is_empty() && mobile.attached.len() == 1);
}

#[test]
fn broad_wildcard_looks_at_customer_policies_not_aws_managed_ones() {
    let customer = org(&format!(
        r#"policies: [Policy(name: "AllS3", document: {})],
           users: [User(name: "gus", groups: ["Storage"])],
           groups: [Group(name: "Storage", policies: ["AllS3"])]"#,
        s3_policy("*")
    ));
    let aws = org(r#"users: [User(name: "gus", groups: ["Storage"])],
           groups: [Group(name: "Storage", policies: ["AmazonS3FullAccess"])]"#);
    assert!(fires(&customer, Rule::BroadWildcard, "policy/AllS3"));
    assert!(fires(&customer, Rule::BroadWildcard, "group/Storage"));
    assert!(of_rule(&aws, Rule::BroadWildcard).is_empty());
}

// ---- open-trust ----

fn trust(principal: &str, condition: &str) -> Org {
    org(&format!(
        r##"roles: [Role(name: "Open", trust: r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": "sts:AssumeRole"{condition}}}]}}"#)]"##
    ))
}

#[test]
fn open_trust_fires_for_anyone_without_a_condition() {
    let open = trust(r#"{"AWS": "*"}"#, "");
    let found = of_rule(&open, Rule::OpenTrust);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Critical);
    assert!(
        found[0].involves("role/open"),
        "names compare ignoring case"
    );
    assert!(fires(&trust(r#""*""#, ""), Rule::OpenTrust, "role/Open"));
    let conditioned = trust(
        r#"{"AWS": "*"}"#,
        r#", "Condition": {"StringEquals": {"sts:ExternalId": "acme-7731"}}"#,
    );
    assert!(of_rule(&conditioned, Rule::OpenTrust).is_empty());
    let named = trust(r#"{"AWS": "arn:aws:iam::444455556666:root"}"#, "");
    assert!(of_rule(&named, Rule::OpenTrust).is_empty());
}

#[test]
fn open_trust_fix_trusts_the_account_instead() {
    let before = trust(r#"{"AWS": "*"}"#, "");
    let f = &of_rule(&before, Rule::OpenTrust)[0];
    let after = run_fix(&before, f);
    assert!(of_rule(&after, Rule::OpenTrust).is_empty());
    let stranger = after.role("111122223333", "Open").unwrap();
    assert!(
        stranger
            .trust
            .text
            .contains("arn:aws:iam::111122223333:root"),
        "{}",
        stranger.trust.text
    );
}

// ---- order ----

#[test]
fn findings_come_most_severe_first_then_by_rule_account_and_entities() {
    let text = format!(
        r##"Org(now: "{NOW}", accounts: [
            Account(id: "999999999999", users: [User(name: "zed", policies: ["AmazonS3ReadOnlyAccess"]), User(name: "amy", policies: ["AmazonS3ReadOnlyAccess"])]),
            Account(id: "111122223333",
                users: [User(name: "test", access_keys: [AccessKey(created: "{DAYS_91}", last_used: LastUsed(date: "{NOW}", service: "s3"))], policies: ["AmazonS3ReadOnlyAccess"])],
                roles: [Role(name: "Open", trust: r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}}}"#)]),
        ])"##
    );
    let o = org_file::from_ron(&text).unwrap();
    let found = advise(&o);
    let seen: Vec<(Rule, &str, &str)> = found
        .iter()
        .map(|f| (f.rule, f.account.as_str(), f.entities[0].as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (Rule::OpenTrust, "111122223333", "role/Open"),
            // Deleting the shared user settles its old key and its policy.
            (Rule::SharedUser, "111122223333", "test"),
            (Rule::DirectPolicies, "999999999999", "amy"),
            (Rule::DirectPolicies, "999999999999", "zed"),
        ]
    );
    // The second account's fixes step into it and back.
    let amy = &found[2];
    assert_eq!(
        amy.fix.first().unwrap(),
        "as arn:aws:iam::999999999999:root"
    );
    assert_eq!(amy.fix.last().unwrap(), "as admin");
    assert_eq!(advise(&o.clone()), found);
}

// ---- lesson 8 ----

fn messy() -> Org {
    org_file::from_ron(include_str!("../assets/orgs/l8-messy.ron")).unwrap()
}

#[test]
fn the_messy_startup_shows_lesson_8s_mistakes() {
    let o = messy();
    assert!(fires(&o, Rule::DirectPolicies, "john"));
    assert!(fires(&o, Rule::SharedUser, "developer1"));
    assert!(fires(&o, Rule::KeysOnWorkload, "app-server"));
    assert!(fires(&o, Rule::KeysOnWorkload, "i-0a1b2c3d4e5f60003"));
    assert!(fires(&o, Rule::AdminForMany, "sarah"));
    // The shared login and the server's user are deleted by their fixes:
    // their old keys and own policies are not reported again, and the
    // shared login is not one of the people.
    assert!(!fires(&o, Rule::OldKeys, "AKIADEV1SHARED000001"));
    assert!(!fires(&o, Rule::DirectPolicies, "developer1"));
    assert!(!fires(&o, Rule::BroadWildcard, "app-server"));
    let admins = &of_rule(&o, Rule::AdminForMany)[0];
    assert_eq!(admins.summary, "4 of 4 people are administrators");
    // Only the report server, whose tags name app-server, gets its role.
    assert!(!fires(&o, Rule::KeysOnWorkload, "i-0a1b2c3d4e5f60001"));
}

#[test]
fn the_advisor_is_quiet_after_lesson_8s_lab_solution() {
    let course = Course::embedded().expect("the embedded course loads");
    let (_, lab) = course.lab("mistakes-cleanup").expect("lesson 8's lab");
    let mut shell = Shell::new(messy());
    for cmd in &lab.solution {
        let out = shell.run(cmd);
        assert!(out.ok, "`{cmd}` failed: {}", out.stderr);
    }
    let left = advise(&shell.org);
    assert!(left.is_empty(), "still found: {left:#?}");
}

#[test]
fn the_well_built_startup_is_quiet() {
    let o = org_file::from_ron(include_str!("../assets/orgs/startup.ron")).unwrap();
    assert_eq!(advise(&o), []);
}

// ---- the command ----

fn iamtutor(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn advise_command_reports_the_messy_startup_and_exits_1() {
    let out = iamtutor(&["advise", "--org", "assets/orgs/l8-messy.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[HIGH] shared-user  developer1 looks shared by several people"),
        "{text}"
    );
    assert!(text.contains("fix:"));
    let last = text.lines().last().unwrap();
    let total = messy_count();
    assert!(last.starts_with(&format!("{total} findings: ")), "{last}");
}

fn messy_count() -> usize {
    advise(&messy()).len()
}

#[test]
fn advise_command_prints_json_and_exits_0_when_quiet() {
    let out = iamtutor(&["advise", "--org", "assets/orgs/l8-messy.ron", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), messy_count());
    let rules: Vec<&str> = list.iter().filter_map(|f| f["rule"].as_str()).collect();
    for id in [
        "shared-user",
        "keys-on-workload",
        "admin-for-many",
        "direct-policies",
    ] {
        assert!(rules.contains(&id), "{id} missing from {rules:?}");
    }
    let shared = list.iter().find(|f| f["rule"] == "shared-user").unwrap();
    assert_eq!(shared["severity"], "high");
    assert_eq!(shared["entities"][0], "developer1");
    assert!(shared["fix"].as_array().is_some_and(|a| !a.is_empty()));

    let quiet = iamtutor(&["advise", "--org", "assets/orgs/startup.ron"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        String::from_utf8(quiet.stdout)
            .unwrap()
            .starts_with("No findings")
    );
}

#[test]
fn advise_command_exits_2_for_a_bad_file() {
    let dir = std::env::temp_dir().join(format!("iamtutor-advise-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "Org(accounts: [Account(id: \"12\")])").unwrap();
    let out = iamtutor(&["advise", "--org", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
    let missing = iamtutor(&["advise", "--org", dir.join("missing.ron").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
