//! GetAccountAuthorizationDetails, and the sandbox's `export` and `import`,
//! checked without the AWS CLI layer: the operation is called directly and
//! the exported script is read back with the sandbox's own word splitter.
//! (Replaying the script needs the CLI: see tests/shell_scripts.rs.)

use crate::export_fixture;

use export_fixture::*;
use iamtutor::iam::model::{Auth, Caller, Org};
use iamtutor::iam::ops::call;
use iamtutor::iam::org_file;
use iamtutor::shell::{Effect, Shell, lexer};
use serde_json::{Value, json};

fn details(org: &mut Org, input: Value) -> Value {
    call(
        org,
        &root(),
        "iam",
        "GetAccountAuthorizationDetails",
        &input,
    )
    .unwrap_or_else(|e| panic!("GetAccountAuthorizationDetails failed: {e}"))
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Every member is one the botocore model gives the shape.
fn members_within(v: &Value, allowed: &[&str]) {
    for k in keys(v) {
        assert!(allowed.contains(&k), "unexpected member {k} in {v}");
    }
}

fn find<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|e| e[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name} in {list}"))
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e[key].as_str().unwrap().to_string())
        .collect()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn authorization_details_have_aws_shape() {
    let mut org = rich_org();
    let v = details(&mut org, json!({}));
    assert_eq!(
        keys(&v),
        [
            "UserDetailList",
            "GroupDetailList",
            "RoleDetailList",
            "Policies",
            "IsTruncated"
        ]
    );
    assert_eq!(v["IsTruncated"], false);

    let users = &v["UserDetailList"];
    assert_eq!(names(users, "UserName"), ["john", "Sarah"]);
    let john = find(users, "UserName", "john");
    members_within(
        john,
        &[
            "Path",
            "UserName",
            "UserId",
            "Arn",
            "CreateDate",
            "UserPolicyList",
            "GroupList",
            "AttachedManagedPolicies",
            "PermissionsBoundary",
            "Tags",
        ],
    );
    assert_eq!(john["Path"], "/eng/");
    assert_eq!(john["Arn"], "arn:aws:iam::111122223333:user/eng/john");
    assert!(john["UserId"].as_str().unwrap().starts_with("AIDA"));
    assert_eq!(john["GroupList"], json!(["Readers", "Developers"]));
    assert_eq!(
        john["UserPolicyList"],
        json!([{"PolicyName": "Reports", "PolicyDocument": parse(OBRIEN)}]),
        "inline documents are JSON objects, as the CLI decodes them"
    );
    assert_eq!(john["AttachedManagedPolicies"], json!([]));
    assert_eq!(
        john["PermissionsBoundary"],
        json!({"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Boundary"})
    );
    assert_eq!(
        john["Tags"],
        json!([{"Key": "team", "Value": "web"}, {"Key": "desk", "Value": "3rd floor"}])
    );
    let sarah = find(users, "UserName", "Sarah");
    assert_eq!(
        sarah["AttachedManagedPolicies"],
        json!([{"PolicyName": "ReadReports", "PolicyArn": REPORTS_ARN}])
    );
    assert!(sarah.get("PermissionsBoundary").is_none());
    assert!(sarah.get("Tags").is_none());

    let groups = &v["GroupDetailList"];
    let devs = find(groups, "GroupName", "Developers");
    members_within(
        devs,
        &[
            "Path",
            "GroupName",
            "GroupId",
            "Arn",
            "CreateDate",
            "GroupPolicyList",
            "AttachedManagedPolicies",
        ],
    );
    assert_eq!(
        devs["Arn"],
        "arn:aws:iam::111122223333:group/eng/Developers"
    );
    assert_eq!(devs["GroupPolicyList"][0]["PolicyName"], "Ec2");
    assert_eq!(
        devs["GroupPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"],
        "ec2:*"
    );
    assert_eq!(
        devs["AttachedManagedPolicies"],
        json!([{"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": S3_READ}])
    );

    let roles = &v["RoleDetailList"];
    let s3 = find(roles, "RoleName", "S3AccessRole");
    members_within(
        s3,
        &[
            "Path",
            "RoleName",
            "RoleId",
            "Arn",
            "CreateDate",
            "AssumeRolePolicyDocument",
            "InstanceProfileList",
            "RolePolicyList",
            "AttachedManagedPolicies",
            "PermissionsBoundary",
            "Tags",
            "RoleLastUsed",
        ],
    );
    assert_eq!(
        s3["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );
    let profile = &s3["InstanceProfileList"][0];
    assert_eq!(profile["InstanceProfileName"], "S3AccessProfile");
    assert_eq!(profile["Path"], "/ec2/");
    assert_eq!(profile["Roles"][0]["RoleName"], "S3AccessRole");
    assert!(profile["Roles"][0]["AssumeRolePolicyDocument"].is_object());
    assert_eq!(s3["RolePolicyList"][0]["PolicyName"], "Logs");
    assert_eq!(s3["RoleLastUsed"], json!({}));
    assert_eq!(s3["Tags"], json!([{"Key": "app", "Value": "reports"}]));
    let auditor = find(roles, "RoleName", "Auditor");
    assert_eq!(auditor["InstanceProfileList"], json!([]));
    assert_eq!(
        auditor["AttachedManagedPolicies"][0]["PolicyName"],
        "AWSLambdaBasicExecutionRole"
    );

    // Customer managed policies, and only the AWS managed ones in use.
    let policies = &v["Policies"];
    let mut listed = names(policies, "PolicyName");
    listed.sort();
    assert_eq!(
        listed,
        [
            "AWSLambdaBasicExecutionRole",
            "AmazonS3ReadOnlyAccess",
            "Boundary",
            "ReadReports"
        ]
    );
    let reports = find(policies, "PolicyName", "ReadReports");
    members_within(
        reports,
        &[
            "PolicyName",
            "PolicyId",
            "Arn",
            "Path",
            "DefaultVersionId",
            "AttachmentCount",
            "PermissionsBoundaryUsageCount",
            "IsAttachable",
            "Description",
            "CreateDate",
            "UpdateDate",
            "PolicyVersionList",
        ],
    );
    assert_eq!(reports["Path"], "/reports/");
    assert_eq!(reports["DefaultVersionId"], "v2");
    assert_eq!(reports["AttachmentCount"], 2);
    assert_eq!(reports["PermissionsBoundaryUsageCount"], 0);
    assert_eq!(reports["IsAttachable"], true);
    let versions = &reports["PolicyVersionList"];
    assert_eq!(names(versions, "VersionId"), ["v3", "v2"], "newest first");
    assert_eq!(versions[0]["IsDefaultVersion"], false);
    assert_eq!(versions[1]["IsDefaultVersion"], true);
    assert_eq!(versions[1]["Document"]["Statement"][0]["Action"], "s3:*");
    members_within(
        &versions[0],
        &["Document", "VersionId", "IsDefaultVersion", "CreateDate"],
    );
    let boundary = find(policies, "PolicyName", "Boundary");
    assert_eq!(boundary["AttachmentCount"], 0);
    assert_eq!(boundary["PermissionsBoundaryUsageCount"], 2);
    let s3_read = find(policies, "PolicyName", "AmazonS3ReadOnlyAccess");
    assert_eq!(s3_read["AttachmentCount"], 2);
    assert!(
        s3_read["PolicyVersionList"][0]["Document"]["Statement"].is_array()
            || s3_read["PolicyVersionList"][0]["Document"]["Statement"].is_object()
    );
}

#[test]
fn the_filter_picks_entity_types() {
    let mut org = rich_org();
    let only = |org: &mut Org, filter: Value| {
        let v = details(org, json!({"Filter": filter}));
        [
            "UserDetailList",
            "GroupDetailList",
            "RoleDetailList",
            "Policies",
        ]
        .map(|k| v[k].as_array().unwrap().len())
    };
    assert_eq!(only(&mut org, json!(["User"])), [2, 0, 0, 0]);
    assert_eq!(only(&mut org, json!(["Group", "Role"])), [0, 2, 6, 0]);
    assert_eq!(only(&mut org, json!(["LocalManagedPolicy"])), [0, 0, 0, 2]);
    assert_eq!(only(&mut org, json!(["AWSManagedPolicy"])), [0, 0, 0, 2]);
    assert_eq!(only(&mut org, json!([])), [2, 2, 6, 4], "empty means all");

    let before = org.clone();
    let e = call(
        &mut org,
        &root(),
        "iam",
        "GetAccountAuthorizationDetails",
        &json!({"Filter": ["Users"]}),
    )
    .unwrap_err();
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("enum value set"), "{}", e.message);
    assert_eq!(org, before);
}

#[test]
fn it_is_authorized_like_any_call() {
    let mut org = rich_org();
    let sarah = Caller::User {
        account: ACCT.into(),
        user: "sarah".into(),
        auth: Auth::AccessKey,
    };
    let e = call(
        &mut org,
        &sarah,
        "iam",
        "GetAccountAuthorizationDetails",
        &json!({}),
    )
    .unwrap_err();
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message.contains("iam:GetAccountAuthorizationDetails"),
        "{}",
        e.message
    );
    ok(
        &mut org,
        "PutUserPolicy",
        json!({"UserName": "Sarah", "PolicyName": "Audit", "PolicyDocument": allow("iam:GetAccountAuthorizationDetails", "*")}),
    );
    let v = call(
        &mut org,
        &sarah,
        "iam",
        "GetAccountAuthorizationDetails",
        &json!({}),
    )
    .unwrap();
    assert_eq!(v["UserDetailList"].as_array().unwrap().len(), 2);
}

#[test]
fn export_json_prints_the_details_as_the_cli_does() {
    let mut sh = Shell::new(rich_org());
    let expected = details(&mut sh.org.clone(), json!({}));
    // Whoever is acting, an export describes the whole account.
    assert!(sh.run("as Sarah").ok);
    let o = sh.run("export json");
    assert!(o.ok, "{}", o.stderr);
    assert!(!o.changed);
    assert_eq!(parse(&o.stdout), expected);
    assert!(
        o.stdout.starts_with(
            "{\n    \"UserDetailList\": [\n        {\n            \"Path\": \"/eng/\","
        )
    );
    assert!(o.stdout.ends_with("}\n"));

    let to = sh.run("export json --to 'my org.json'");
    assert!(to.ok);
    assert_eq!(to.stdout.lines().count(), 1, "{}", to.stdout);
    assert!(to.stdout.contains("my org.json"), "{}", to.stdout);
    assert_eq!(
        to.effect,
        Some(Effect::WriteFile {
            path: "my org.json".into(),
            contents: o.stdout.clone()
        })
    );
}

/// The commands of an exported script, split into words by the sandbox's
/// own lexer (which must accept every one of them).
fn script_commands(script: &str) -> Vec<Vec<String>> {
    script
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| lexer::split(l).unwrap_or_else(|e| panic!("{e}: {l}")).words)
        .collect()
}

fn option<'a>(words: &'a [String], name: &str) -> Option<&'a str> {
    words
        .iter()
        .position(|w| w == name)
        .map(|i| words[i + 1].as_str())
}

fn position(cmds: &[Vec<String>], op: &str, option_name: &str, value: &str) -> usize {
    cmds.iter()
        .position(|c| c[2] == op && option(c, option_name) == Some(value))
        .unwrap_or_else(|| panic!("no {op} with {option_name} {value}"))
}

#[test]
fn export_cli_writes_commands_the_sandbox_can_read() {
    let org = rich_org();
    let mut sh = Shell::new(org.clone());
    let o = sh.run("export cli");
    assert!(o.ok, "{}", o.stderr);
    let script = o.stdout;
    assert!(script.starts_with("# iamtutor export:"), "{script}");
    let cmds = script_commands(&script);
    assert!(cmds.iter().all(|c| c[0] == "aws"));

    let john = &cmds[position(&cmds, "create-user", "--user-name", "john")];
    assert_eq!(option(john, "--path"), Some("/eng/"));
    assert_eq!(
        option(john, "--permissions-boundary"),
        Some("arn:aws:iam::111122223333:policy/Boundary")
    );
    // "3rd floor" has a space: the tags go as JSON.
    assert_eq!(
        parse(option(john, "--tags").unwrap()),
        json!([{"Key": "team", "Value": "web"}, {"Key": "desk", "Value": "3rd floor"}])
    );
    let login = &cmds[position(&cmds, "create-login-profile", "--user-name", "john")];
    assert_eq!(option(login, "--password"), Some("It's-a-Secret1"));
    assert!(login.contains(&"--password-reset-required".to_string()));
    let sarah_login = &cmds[position(&cmds, "create-login-profile", "--user-name", "Sarah")];
    assert!(!sarah_login.contains(&"--password-reset-required".to_string()));

    let inline = &cmds[position(&cmds, "put-user-policy", "--user-name", "john")];
    assert_eq!(
        parse(option(inline, "--policy-document").unwrap()),
        parse(OBRIEN)
    );
    assert!(
        script.contains(r"o'\''brien"),
        "a ' in a policy is written the POSIX way"
    );

    // Policies before whoever uses them; versions in order, the default
    // marked; groups before memberships.
    let create = position(&cmds, "create-policy", "--policy-name", "ReadReports");
    assert!(create < position(&cmds, "create-user", "--user-name", "john"));
    let versions: Vec<&Vec<String>> = cmds
        .iter()
        .filter(|c| c[2] == "create-policy-version")
        .collect();
    assert_eq!(
        versions.len(),
        1,
        "v2 is created by create-policy, v3 after"
    );
    assert!(!versions[0].contains(&"--set-as-default".to_string()));
    assert_eq!(
        parse(option(&cmds[create], "--policy-document").unwrap())["Statement"][0]["Action"],
        "s3:*"
    );
    assert_eq!(option(&cmds[create], "--path"), Some("/reports/"));
    assert_eq!(option(&cmds[create], "--tags"), Some("Key=team,Value=data"));
    assert!(script.contains("Its versions were v2, v3"), "{script}");
    assert!(
        position(&cmds, "create-group", "--group-name", "Readers")
            < position(&cmds, "add-user-to-group", "--user-name", "john")
    );

    // Roles: Zed before Chained; Alpha and Beta start with a stand-in.
    assert!(
        position(&cmds, "create-role", "--role-name", "Zed")
            < position(&cmds, "create-role", "--role-name", "Chained")
    );
    let alpha = &cmds[position(&cmds, "create-role", "--role-name", "Alpha")];
    assert_eq!(
        parse(option(alpha, "--assume-role-policy-document").unwrap())["Statement"][0]["Principal"]
            ["AWS"],
        "arn:aws:iam::111122223333:root"
    );
    let update = &cmds[position(&cmds, "update-assume-role-policy", "--role-name", "Alpha")];
    assert_eq!(
        parse(option(update, "--policy-document").unwrap())["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111122223333:role/Beta"
    );
    let s3 = &cmds[position(&cmds, "create-role", "--role-name", "S3AccessRole")];
    assert_eq!(option(s3, "--max-session-duration"), Some("7200"));
    assert_eq!(
        option(s3, "--description"),
        Some("Lets EC2 instances read S3")
    );
    let chained = &cmds[position(&cmds, "create-role", "--role-name", "Chained")];
    assert_eq!(option(chained, "--max-session-duration"), None);

    assert!(
        position(&cmds, "create-role", "--role-name", "S3AccessRole")
            < position(
                &cmds,
                "add-role-to-instance-profile",
                "--role-name",
                "S3AccessRole"
            )
    );
    let bucket = position(&cmds, "create-bucket", "--bucket", "startup-reports");
    assert_eq!(cmds[bucket][1], "s3api");
    let policy = &cmds[position(&cmds, "put-bucket-policy", "--bucket", "startup-reports")];
    assert_eq!(
        parse(option(policy, "--policy").unwrap())["Statement"][0]["Action"],
        "s3:GetObject"
    );

    // Keys are mentioned, never their secrets.
    let key = &org.accounts[ACCT].users["john"].access_keys[0];
    assert!(script.contains(&format!("# john had access key {}", key.id)));
    assert!(!script.contains(&key.secret));
}

#[test]
fn export_cli_of_an_empty_sandbox_is_just_the_header() {
    let mut sh = Shell::new(Org::new());
    let o = sh.run("export cli");
    assert!(o.ok);
    assert!(o.stdout.lines().all(|l| l.starts_with('#')), "{}", o.stdout);
    let to = sh.run("export cli --to out.sh");
    match to.effect {
        Some(Effect::WriteFile { path, contents }) => {
            assert_eq!(path, "out.sh");
            assert_eq!(contents, o.stdout);
        }
        other => panic!("expected a WriteFile effect, got {other:?}"),
    }
}

#[test]
fn export_refuses_what_it_does_not_know() {
    let mut sh = Shell::new(rich_org());
    for bad in [
        "export",
        "export xml",
        "export cli --to",
        "export cli --into f",
        "export cli --to a b",
    ] {
        let o = sh.run(bad);
        assert!(!o.ok, "{bad} should fail");
        assert!(o.stderr.contains("usage: export"), "{bad}: {}", o.stderr);
        assert_eq!(o.effect, None);
    }
}

#[test]
fn import_asks_the_host_then_replaces_the_organization() {
    let mut sh = Shell::new(Org::new());
    let o = sh.run("import startup.ron");
    assert!(o.ok);
    assert!(!o.changed);
    assert_eq!(
        o.effect,
        Some(Effect::ReadFile {
            path: "startup.ron".into()
        })
    );
    assert!(!sh.run("import").ok);

    let text = org_file::to_ron(&rich_org());
    let o = sh.finish_import("startup.ron", &text);
    assert!(o.ok, "{}", o.stderr);
    assert!(o.changed);
    assert!(o.stdout.contains("2 users"), "{}", o.stdout);
    assert_eq!(sh.org, org_file::from_ron(&text).unwrap());
    assert!(sh.run("undo").ok);
    assert!(sh.org.accounts[ACCT].users.is_empty(), "undo takes it back");
    assert!(sh.run("redo").ok);
    assert_eq!(sh.org.accounts[ACCT].users.len(), 2);
}

#[test]
fn a_broken_file_changes_nothing_and_says_where() {
    let mut sh = Shell::new(rich_org());
    let before = sh.org.clone();
    let text = "Org(\n    accounts: [\n        Account(id: \"111122223333\", users: [User(name: \"a b\")]),\n    ],\n)\n";
    let o = sh.finish_import("bad.ron", text);
    assert!(!o.ok);
    assert!(!o.changed);
    let first = o.stderr.lines().next().unwrap();
    assert!(first.starts_with("bad.ron:3:"), "{}", o.stderr);
    assert_eq!(sh.org, before);
    assert!(
        !sh.run("undo").ok,
        "a refused import leaves nothing to undo"
    );
    let o = sh.finish_import("bad.ron", "Org(accounts: [");
    assert!(!o.ok);
    assert!(o.stderr.starts_with("bad.ron:1:"), "{}", o.stderr);
    assert_eq!(sh.org, before);
}

#[test]
fn importing_another_account_moves_home_there_and_back() {
    let mut sh = Shell::new(Org::new());
    let text = "Org(accounts: [Account(id: \"444455556666\", users: [User(name: \"ann\")])])";
    let o = sh.finish_import("other.ron", text);
    assert!(o.ok, "{}", o.stderr);
    assert_eq!(sh.home, "444455556666");
    assert!(sh.run("whoami").stdout.contains("444455556666"));
    assert!(sh.run("as ann").ok);
    sh.run("as admin");
    sh.run("undo");
    assert_eq!(sh.home, ACCT);
    assert!(sh.run("whoami").stdout.contains(ACCT));
}

#[test]
fn help_knows_export_and_import() {
    let mut sh = Shell::new(Org::new());
    let o = sh.run("help");
    assert!(o.stdout.contains("export"));
    assert!(o.stdout.contains("import"));
    assert!(sh.run("help export").stdout.contains("--to FILE"));
}
