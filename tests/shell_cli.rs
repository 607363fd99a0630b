//! The sandbox's AWS CLI front end: parsing into API requests, the CLI's
//! error texts, and the json, text and table output, checked against what
//! AWS CLI v2 prints (the text and table expectations were produced by the
//! CLI's own `awscli/formatter.py` on the same data).

use iamtutor::shell::cli::{
    self, Call, CliError, Command, OptionKind, OutputFormat, PARAM_VALIDATION_RC, Paging,
};
use serde_json::{Value, json};

const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

fn workspace(name: &str) -> Option<String> {
    match name {
        "p.json" => Some(r#"{"Version": "2012-10-17", "Statement": []}"#.into()),
        "in.json" => Some(r#"{"UserName": "fromfile", "Path": "/ops/"}"#.into()),
        "body.txt" => Some("hello".into()),
        "function.zip" => Some("PK-zip-bytes".into()),
        _ => None,
    }
}

fn parse_words(args: &[String]) -> Result<Command, CliError> {
    cli::parse(args, &workspace)
}

fn call(line: &str) -> Call {
    match parse_words(&words(line)) {
        Ok(Command::Call(c)) => c,
        other => panic!("{line}: expected a call, got {other:?}"),
    }
}

fn error(line: &str) -> CliError {
    error_of(&words(line))
}

fn error_of(args: &[String]) -> CliError {
    match parse_words(args) {
        Err(e) => e,
        other => panic!("{args:?}: expected an error, got {other:?}"),
    }
}

// ---- parameters of every kind ---------------------------------------------

#[test]
fn string_option_and_api_names() {
    let c = call("iam create-user --user-name john --path /eng/");
    assert_eq!(c.service, "iam");
    assert_eq!(c.operation, "CreateUser");
    assert_eq!(c.input, json!({"UserName": "john", "Path": "/eng/"}));
    assert_eq!(c.output, OutputFormat::Json);
}

#[test]
fn option_value_after_equals_sign_and_unique_prefix() {
    let c = call("iam get-user --user-name=john");
    assert_eq!(c.input, json!({"UserName": "john"}));
    // argparse accepts an unambiguous prefix, and so does the CLI.
    let c = call("iam get-user --user john");
    assert_eq!(c.input, json!({"UserName": "john"}));
}

#[test]
fn integer_option_is_a_number() {
    let c = call(
        "sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name demo --duration-seconds 900",
    );
    assert_eq!(c.input["DurationSeconds"], json!(900));
    assert_eq!(c.operation, "AssumeRole");
}

#[test]
fn integer_option_rejects_words_like_python_int() {
    let e = error(
        "sts assume-role --role-arn arn:aws:iam::111122223333:role/R --role-session-name demo --duration-seconds soon",
    );
    assert_eq!(
        e.message,
        "\naws: [ERROR]: invalid literal for int() with base 10: 'soon'\n"
    );
    assert_eq!(e.code, 255);
}

#[test]
fn boolean_flags_and_their_negation() {
    let c = call("iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive");
    assert_eq!(c.input["Status"], json!("Inactive"));
    let c = call("ec2 stop-instances --instance-ids i-1 --force");
    assert_eq!(c.input["Force"], json!(true));
    let c = call("ec2 stop-instances --instance-ids i-1 --force --no-force");
    assert_eq!(c.input["Force"], json!(false));
}

#[test]
fn list_option_takes_several_words() {
    let c = call(
        "iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/john \
         --action-names s3:GetObject s3:PutObject --output text",
    );
    assert_eq!(
        c.input["ActionNames"],
        json!(["s3:GetObject", "s3:PutObject"])
    );
    assert_eq!(c.output, OutputFormat::Text);
}

#[test]
fn list_option_accepts_json() {
    let args = vec![
        "ec2".into(),
        "start-instances".into(),
        "--instance-ids".into(),
        r#"["i-1", "i-2"]"#.into(),
    ];
    let Ok(Command::Call(c)) = parse_words(&args) else {
        panic!()
    };
    assert_eq!(c.input["InstanceIds"], json!(["i-1", "i-2"]));
}

#[test]
fn shorthand_tags() {
    let c = call("iam tag-user --user-name john --tags Key=team,Value=blue Key=env,Value=dev");
    assert_eq!(
        c.input["Tags"],
        json!([{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "dev"}])
    );
}

#[test]
fn shorthand_context_entries_with_a_list_value() {
    let c = call(
        "iam simulate-custom-policy --policy-input-list file://p.json --action-names s3:ListBucket \
         --context-entries ContextKeyName=aws:username,ContextKeyValues=john,ContextKeyType=string",
    );
    // ContextKeyValues is a list in the model: one value becomes [value].
    assert_eq!(
        c.input["ContextEntries"],
        json!([{"ContextKeyName": "aws:username", "ContextKeyValues": ["john"], "ContextKeyType": "string"}])
    );
    assert_eq!(
        c.input["PolicyInputList"],
        json!([r#"{"Version": "2012-10-17", "Statement": []}"#])
    );
}

#[test]
fn json_structure_keeps_member_order() {
    let args = vec![
        "s3api".into(),
        "create-bucket".into(),
        "--bucket".into(),
        "reports".into(),
        "--create-bucket-configuration".into(),
        r#"{"LocationConstraint": "eu-west-1"}"#.into(),
    ];
    let Ok(Command::Call(c)) = parse_words(&args) else {
        panic!()
    };
    assert_eq!(
        c.input,
        json!({"Bucket": "reports", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}})
    );
}

#[test]
fn file_parameter_reads_the_workspace() {
    let c = call(
        "iam put-user-policy --user-name john --policy-name p --policy-document file://p.json",
    );
    assert_eq!(
        c.input["PolicyDocument"],
        json!(r#"{"Version": "2012-10-17", "Statement": []}"#)
    );
}

#[test]
fn cli_input_json_fills_in_under_explicit_options() {
    let c = call("iam create-user --cli-input-json file://in.json --user-name john");
    assert_eq!(c.input, json!({"UserName": "john", "Path": "/ops/"}));
    let args = vec![
        "iam".into(),
        "create-user".into(),
        "--cli-input-json".into(),
        r#"{"UserName": "inline"}"#.into(),
    ];
    let Ok(Command::Call(c)) = parse_words(&args) else {
        panic!()
    };
    assert_eq!(c.input, json!({"UserName": "inline"}));
}

#[test]
fn global_options_anywhere() {
    let c = call(
        "--profile john iam list-users --query Users[].UserName --region eu-west-1 --output table --no-cli-pager --debug",
    );
    assert_eq!(c.profile.as_deref(), Some("john"));
    assert_eq!(c.region.as_deref(), Some("eu-west-1"));
    assert_eq!(c.query.as_deref(), Some("Users[].UserName"));
    assert_eq!(c.output, OutputFormat::Table);
    assert_eq!(c.paging, Some(Paging::default()));
    assert_eq!(c.input, json!({}));
}

#[test]
fn operation_names_follow_xform_name() {
    let c = call(
        "iam create-virtual-mfa-device --virtual-mfa-device-name phone --outfile qr.png --bootstrap-method QRCodePNG",
    );
    assert_eq!(c.operation, "CreateVirtualMFADevice");
    assert_eq!(c.custom["outfile"], "qr.png");
    assert_eq!(c.custom["bootstrap-method"], "QRCodePNG");
    assert_eq!(call("iam list-mfa-devices").operation, "ListMFADevices");
    assert_eq!(
        call("iam get-access-key-last-used --access-key-id AKIAIOSFODNN7EXAMPLE").operation,
        "GetAccessKeyLastUsed"
    );
    // The CLI renames AuthenticationCode1 to --authentication-code-1.
    let c = call(
        "iam enable-mfa-device --user-name john --serial-number arn:aws:iam::111122223333:mfa/phone \
         --authentication-code-1 123456 --authentication-code-2 654321",
    );
    assert_eq!(c.input["AuthenticationCode1"], json!("123456"));
    assert_eq!(c.input["AuthenticationCode2"], json!("654321"));
}

#[test]
fn xform_name_matches_botocore_for_every_name_we_ship() {
    let pairs = include_str!("../assets/botocore/xform-names.txt");
    let mut checked = 0;
    for line in pairs.lines() {
        let (api, cli) = line.split_once(' ').expect("api cli");
        assert_eq!(cli::xform_name(api), cli, "{api}");
        checked += 1;
    }
    assert!(checked > 500, "only {checked} names");
}

#[test]
fn paging_options_of_a_paginated_operation() {
    let c = call("iam list-users --max-items 2 --page-size 1");
    assert_eq!(
        c.paging,
        Some(Paging {
            max_items: Some(2),
            page_size: Some(1),
            starting_token: None
        })
    );
    assert_eq!(c.input, json!({}));
    // With pagination off, IAM's own MaxItems is what --max-items sets.
    let c = call("iam list-users --max-items 2 --no-paginate");
    assert_eq!(c.paging, None);
    assert_eq!(c.input, json!({"MaxItems": 2}));
}

#[test]
fn streaming_output_takes_an_outfile_and_blobs_are_base64() {
    let c = call("s3api get-object --bucket reports --key a.csv a.csv");
    assert_eq!(c.custom["outfile"], "a.csv");
    let c = call("s3api put-object --bucket reports --key a.txt --body body.txt");
    assert_eq!(c.input["Body"], json!("aGVsbG8="));
    let c = call(
        "lambda create-function --function-name f --role arn:aws:iam::111122223333:role/r --runtime python3.12 --handler app.handler --zip-file fileb://function.zip",
    );
    assert_eq!(c.input["Code"]["ZipFile"], json!("UEstemlwLWJ5dGVz"));
}

#[test]
fn run_instances_count_becomes_min_and_max() {
    let c = call("ec2 run-instances --image-id ami-1 --count 2:3");
    assert_eq!(c.input["MinCount"], json!(2));
    assert_eq!(c.input["MaxCount"], json!(3));
    let c = call("ec2 run-instances --image-id ami-1 --iam-instance-profile Name=WebServer");
    assert_eq!(c.input["MinCount"], json!(1));
    assert_eq!(c.input["IamInstanceProfile"], json!({"Name": "WebServer"}));
}

// ---- errors, word for word ------------------------------------------------

#[test]
fn missing_required_option() {
    let e = error("iam create-user");
    assert_eq!(
        e.message,
        format!(
            "\naws: [ERROR]: An error occurred (ParamValidation): the following arguments are required: --user-name\n\n{USAGE}"
        )
    );
    assert_eq!(e.code, PARAM_VALIDATION_RC);
    let e = error("iam attach-user-policy");
    assert!(
        e.message
            .contains("the following arguments are required: --user-name, --policy-arn\n"),
        "{}",
        e.message
    );
}

#[test]
fn unknown_option_with_our_hint() {
    let e = error("iam get-user --user-name john --usr-name bob");
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (ParamValidation): Unknown options: --usr-name, bob\n\
         (iamtutor) did you mean --user-name?\n"
    );
    assert_eq!(e.code, 252);
}

#[test]
fn unknown_operation_with_maybe_you_meant() {
    let e = error("iam get-usr --user-name john");
    assert_eq!(
        e.message,
        format!(
            "\naws: [ERROR]: An error occurred (ParamValidation): argument operation: Found invalid choice 'get-usr'\n\n\
             Maybe you meant:\n\n  * get-user\n\n{USAGE}"
        )
    );
    let e = error("iam frobnicate");
    assert!(
        e.message.starts_with(
            "\naws: [ERROR]: An error occurred (ParamValidation): argument operation: Found invalid choice 'frobnicate'\n\n\nusage: aws"
        ),
        "{}",
        e.message
    );
}

#[test]
fn unknown_service() {
    let e = error("iamm list-users");
    assert!(
        e.message.starts_with(
            "\naws: [ERROR]: An error occurred (ParamValidation): argument command: Found invalid choice 'iamm'\n\nMaybe you meant:\n\n  * iam\n"
        ),
        "{}",
        e.message
    );
    let e = error_of(&[]);
    assert_eq!(
        e.message,
        format!("\naws: [ERROR]: the following arguments are required: command\n\n{USAGE}")
    );
}

#[test]
fn missing_paramfile() {
    let e = error(
        "iam put-user-policy --user-name j --policy-name p --policy-document file://nope.json",
    );
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--policy-document': \
         Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'\n"
    );
}

#[test]
fn bad_json_is_reported_with_pythons_words() {
    let args = vec![
        "iam".into(),
        "tag-user".into(),
        "--user-name".into(),
        "j".into(),
        "--tags".into(),
        "[{Key: 1}]".into(),
    ];
    let e = error_of(&args);
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--tags': Invalid JSON: \
         Expecting property name enclosed in double quotes: line 1 column 3 (char 2)\nJSON received: [{Key: 1}]\n"
    );
}

#[test]
fn bad_shorthand_points_at_the_spot() {
    let e = error("iam tag-user --user-name j --tags Key");
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--tags': \
         Expected: '=', received: 'EOF' for input:\nKey\n   ^\n"
    );
    // `Key=a,Value` is not an error to the parser: Value joins Key's list,
    // and botocore's validation then finds what is wrong.
    let e = error("iam tag-user --user-name j --tags Key=a,Value");
    assert!(
        e.message.contains("Missing required parameter in Tags[0]: \"Value\"\n\
             Invalid type for parameter Tags[0].Key, value: ['a', 'Value'], type: <class 'list'>, valid types: <class 'str'>\n"),
        "{}",
        e.message
    );
}

#[test]
fn option_without_its_value() {
    let e = error("iam get-user --user-name");
    assert!(
        e.message.starts_with(
            "\naws: [ERROR]: An error occurred (ParamValidation): argument --user-name: expected one argument\n\nusage:"
        ),
        "{}",
        e.message
    );
}

#[test]
fn botocore_validation_of_cli_input_json() {
    let args = vec![
        "iam".into(),
        "create-user".into(),
        "--cli-input-json".into(),
        r#"{"UserNam": "x", "Path": 5}"#.into(),
    ];
    let e = error_of(&args);
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (ParamValidation): Parameter validation failed:\n\
         Missing required parameter in input: \"UserName\"\n\
         Unknown parameter in input: \"UserNam\", must be one of: Path, UserName, PermissionsBoundary, Tags\n\
         Invalid type for parameter Path, value: 5, type: <class 'int'>, valid types: <class 'str'>\n"
    );
    let e = error("iam create-user --user-name john --tags Key=team");
    assert!(
        e.message
            .contains("Missing required parameter in Tags[0]: \"Value\"\n"),
        "{}",
        e.message
    );
}

#[test]
fn blob_must_be_base64_by_default() {
    let args = vec![
        "lambda".into(),
        "invoke".into(),
        "--function-name".into(),
        "f".into(),
        "--payload".into(),
        r#"{"a": 1}"#.into(),
        "out.json".into(),
    ];
    let e = error_of(&args);
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (ParamValidation): Invalid base64: \"{\"a\": 1}\"\n"
    );
    let mut raw = args.clone();
    raw.extend(["--cli-binary-format".into(), "raw-in-base64-out".into()]);
    let Ok(Command::Call(c)) = parse_words(&raw) else {
        panic!()
    };
    assert_eq!(c.input["Payload"], json!("eyJhIjogMX0="));
}

#[test]
fn bad_query_is_refused_before_the_call() {
    let e = error("iam list-users --query Users[?");
    assert!(
        e.message.starts_with(
            "\naws: [ERROR]: An error occurred (ParamValidation): Bad value for --query Users[?: "
        ),
        "{}",
        e.message
    );
    assert_eq!(e.code, 252);
}

#[test]
fn output_choice_is_checked() {
    let e = error("iam list-users --output jsn");
    assert!(
        e.message.contains(
            "argument --output: Found invalid choice 'jsn'\n\nMaybe you meant:\n\n  * json\n"
        ),
        "{}",
        e.message
    );
}

// ---- help and completion ----------------------------------------------------

#[test]
fn help_at_every_level() {
    let Ok(Command::Help(top)) = parse_words(&words("help")) else {
        panic!()
    };
    assert!(
        top.contains("o iam\n") && top.contains("o s3api\n"),
        "{top}"
    );
    let Ok(Command::Help(svc)) = parse_words(&words("iam help")) else {
        panic!()
    };
    assert!(svc.contains("create-user"), "{svc}");
    let Ok(Command::Help(op)) = parse_words(&words("iam create-user help")) else {
        panic!()
    };
    let synopsis = op.split("SYNOPSIS").nth(1).unwrap();
    // Required first.
    let required = synopsis.find("--user-name <value>").unwrap();
    let optional = synopsis.find("[--path <value>]").unwrap();
    assert!(required < optional, "{op}");
    assert!(op.contains("Creates a new IAM user"), "{op}");
    assert!(op.contains("aws iam create-user --user-name john"), "{op}");
}

#[test]
fn completion_data() {
    let services = cli::services();
    assert!(services.contains(&"iam") && services.contains(&"cloudwatch"));
    let ops = cli::operations("iam");
    assert!(ops.contains(&"create-virtual-mfa-device".to_owned()));
    assert!(ops.contains(&"simulate-principal-policy".to_owned()));
    let opts = cli::options("iam", "update-access-key");
    assert_eq!(opts[0].name, "--access-key-id");
    assert!(opts[0].required);
    let status = opts.iter().find(|o| o.name == "--status").unwrap();
    assert_eq!(status.enum_values, ["Active", "Inactive", "Expired"]);
    assert!(!opts.iter().any(|o| o.name == "--marker"));
    let flags = cli::options("ec2", "stop-instances");
    assert!(
        flags
            .iter()
            .any(|o| o.name == "--no-force" && o.kind == OptionKind::Flag)
    );
    assert!(cli::global_options().iter().any(|o| o.name == "--query"));
}

#[test]
fn generate_cli_skeleton() {
    let Ok(Command::Help(s)) = parse_words(&words("iam create-user --generate-cli-skeleton"))
    else {
        panic!()
    };
    assert_eq!(
        s,
        "{\n    \"Path\": \"\",\n    \"UserName\": \"\",\n    \"PermissionsBoundary\": \"\",\n    \"Tags\": [\n        {\n            \"Key\": \"\",\n            \"Value\": \"\"\n        }\n    ]\n}\n"
    );
}

// ---- output -----------------------------------------------------------------

fn user(name: &str, id: &str) -> Value {
    json!({
        "Path": "/",
        "UserName": name,
        "UserId": id,
        "Arn": format!("arn:aws:iam::111122223333:user/{name}"),
        "CreateDate": "2024-01-02T03:04:05+00:00"
    })
}

fn render(v: &Value, f: OutputFormat, q: Option<&str>, label: &str) -> String {
    cli::render(v, f, q, label).unwrap()
}

#[test]
fn create_user_json_text_table() {
    let resp = json!({"User": user("john", "AIDAEXAMPLE1")});
    assert_eq!(
        render(&resp, OutputFormat::Json, None, "CreateUser"),
        "{\n    \"User\": {\n        \"Path\": \"/\",\n        \"UserName\": \"john\",\n        \"UserId\": \"AIDAEXAMPLE1\",\n        \"Arn\": \"arn:aws:iam::111122223333:user/john\",\n        \"CreateDate\": \"2024-01-02T03:04:05+00:00\"\n    }\n}\n"
    );
    assert_eq!(
        render(&resp, OutputFormat::Text, None, "CreateUser"),
        "USER\tarn:aws:iam::111122223333:user/john\t2024-01-02T03:04:05+00:00\t/\tAIDAEXAMPLE1\tjohn\n"
    );
    assert_eq!(
        render(&resp, OutputFormat::Table, None, "CreateUser"),
        "\
---------------------------------------------------------
|                      CreateUser                       |
+-------------------------------------------------------+
||                        User                         ||
|+-------------+---------------------------------------+|
||  Arn        |  arn:aws:iam::111122223333:user/john  ||
||  CreateDate |  2024-01-02T03:04:05+00:00            ||
||  Path       |  /                                    ||
||  UserId     |  AIDAEXAMPLE1                         ||
||  UserName   |  john                                 ||
|+-------------+---------------------------------------+|
"
    );
}

#[test]
fn empty_response_prints_nothing() {
    assert_eq!(
        render(&json!({}), OutputFormat::Json, None, "PutUserPolicy"),
        ""
    );
    assert_eq!(
        render(&json!({}), OutputFormat::Text, None, "PutUserPolicy"),
        ""
    );
    assert_eq!(
        render(&json!({}), OutputFormat::Table, None, "PutUserPolicy"),
        ""
    );
}

#[test]
fn list_users_two_users() {
    let resp = json!({"Users": [user("john", "AIDA1"), user("sarah", "AIDA2")]});
    assert_eq!(
        render(&resp, OutputFormat::Text, None, "ListUsers"),
        "USERS\tarn:aws:iam::111122223333:user/john\t2024-01-02T03:04:05+00:00\t/\tAIDA1\tjohn\n\
         USERS\tarn:aws:iam::111122223333:user/sarah\t2024-01-02T03:04:05+00:00\t/\tAIDA2\tsarah\n"
    );
    let table = render(
        &resp,
        OutputFormat::Table,
        Some("Users[].{Name: UserName, Id: UserId}"),
        "ListUsers",
    );
    assert_eq!(
        table,
        "\
--------------------
|     ListUsers    |
+--------+---------+
|   Id   |  Name   |
+--------+---------+
|  AIDA1 |  john   |
|  AIDA2 |  sarah  |
+--------+---------+
"
    );
}

#[test]
fn query_keeps_the_response_order() {
    let resp = json!({"Users": [user("john", "AIDA1"), user("sarah", "AIDA2")]});
    assert_eq!(
        render(
            &resp,
            OutputFormat::Json,
            Some("Users[].UserName"),
            "ListUsers"
        ),
        "[\n    \"john\",\n    \"sarah\"\n]\n"
    );
    assert_eq!(
        render(
            &resp,
            OutputFormat::Text,
            Some("Users[].UserName"),
            "ListUsers"
        ),
        "john\tsarah\n"
    );
    // Objects keep the response's key order, not the alphabet's.
    assert_eq!(
        render(&resp, OutputFormat::Json, Some("Users[0]"), "ListUsers"),
        render(
            &json!(user("john", "AIDA1")),
            OutputFormat::Json,
            None,
            "ListUsers"
        )
    );
    // ... even when an earlier object of another kind shares some keys:
    // GetGroup's members come before the group, and the group keeps its
    // own order.
    let group = json!({"Path": "/", "GroupName": "dev", "GroupId": "AGPA1", "Arn": "arn:g", "CreateDate": "d"});
    let get_group = json!({"Users": [user("john", "AIDA1")], "Group": group});
    assert_eq!(
        render(&get_group, OutputFormat::Json, Some("Group"), "GetGroup"),
        render(&group, OutputFormat::Json, None, "GetGroup")
    );
    assert_eq!(
        render(
            &resp,
            OutputFormat::Json,
            Some("Users[0].{Name: UserName, Id: UserId}"),
            "ListUsers"
        ),
        "{\n    \"Name\": \"john\",\n    \"Id\": \"AIDA1\"\n}\n"
    );
    assert_eq!(
        render(
            &resp,
            OutputFormat::Json,
            Some("Users[?UserName=='nobody'] | [0]"),
            "ListUsers"
        ),
        "null\n"
    );
    let bad = cli::render(&resp, OutputFormat::Json, Some("Users[?"), "ListUsers").unwrap_err();
    assert!(
        bad.message.contains("Bad value for --query Users[?"),
        "{}",
        bad.message
    );
}

#[test]
fn get_caller_identity() {
    let resp = json!({"UserId": "AIDA1", "Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/john"});
    assert_eq!(
        render(&resp, OutputFormat::Text, None, "GetCallerIdentity"),
        "111122223333\tarn:aws:iam::111122223333:user/john\tAIDA1\n"
    );
    assert_eq!(
        render(&resp, OutputFormat::Table, None, "GetCallerIdentity"),
        "\
-------------------------------------------------------------------
|                        GetCallerIdentity                        |
+--------------+---------------------------------------+----------+
|    Account   |                  Arn                  | UserId   |
+--------------+---------------------------------------+----------+
|  111122223333|  arn:aws:iam::111122223333:user/john  |  AIDA1   |
+--------------+---------------------------------------+----------+
"
    );
}

#[test]
fn nested_attached_policies() {
    let resp = json!({
        "AttachedPolicies": [
            {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
            {"PolicyName": "S3Write", "PolicyArn": "arn:aws:iam::111122223333:policy/S3Write"}
        ],
        "IsTruncated": false
    });
    assert_eq!(
        render(&resp, OutputFormat::Text, None, "ListAttachedUserPolicies"),
        "False\n\
         ATTACHEDPOLICIES\tarn:aws:iam::aws:policy/ReadOnlyAccess\tReadOnlyAccess\n\
         ATTACHEDPOLICIES\tarn:aws:iam::111122223333:policy/S3Write\tS3Write\n"
    );
    let table = render(&resp, OutputFormat::Table, None, "ListAttachedUserPolicies");
    assert_eq!(
        table,
        "\
------------------------------------------------------------------
|                    ListAttachedUserPolicies                    |
+---------------------------------------+------------------------+
|  IsTruncated                          |  False                 |
+---------------------------------------+------------------------+
||                       AttachedPolicies                       ||
|+-------------------------------------------+------------------+|
||                 PolicyArn                 |   PolicyName     ||
|+-------------------------------------------+------------------+|
||  arn:aws:iam::aws:policy/ReadOnlyAccess   |  ReadOnlyAccess  ||
||  arn:aws:iam::111122223333:policy/S3Write |  S3Write         ||
|+-------------------------------------------+------------------+|
"
    );
}

#[test]
fn nested_sections_in_text() {
    let resp = json!({"Role": {
        "RoleName": "S3AccessRole",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]},
        "Tags": [{"Key": "team", "Value": "blue"}]
    }});
    assert_eq!(
        render(&resp, OutputFormat::Text, None, "GetRole"),
        "ROLE\tS3AccessRole\n\
         ASSUMEROLEPOLICYDOCUMENT\t2012-10-17\n\
         STATEMENT\tsts:AssumeRole\tAllow\n\
         PRINCIPAL\tec2.amazonaws.com\n\
         TAGS\tteam\tblue\n"
    );
}

#[test]
fn pagination_gathers_pages_and_resumes() {
    let c = call("iam list-users --max-items 3");
    let all: Vec<Value> = (0..5)
        .map(|i| user(&format!("u{i}"), &format!("AIDA{i}")))
        .collect();
    let mut calls = 0;
    let full = cli::paginate(&c, |input| -> Result<Value, ()> {
        calls += 1;
        let start: usize = input
            .get("Marker")
            .and_then(Value::as_str)
            .map_or(0, |m| m.parse().unwrap());
        let end = (start + 2).min(all.len());
        let mut page = json!({"Users": all[start..end].to_vec(), "IsTruncated": end < all.len()});
        if end < all.len() {
            page["Marker"] = json!(end.to_string());
        }
        Ok(page)
    })
    .unwrap();
    assert_eq!(calls, 2);
    let names: Vec<&str> = full["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["UserName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["u0", "u1", "u2"]);
    assert!(full.get("IsTruncated").is_none());
    // The token says: page starting at Marker 2, one item already shown.
    assert_eq!(
        full["NextToken"],
        json!("eyJNYXJrZXIiOiAiMiIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9")
    );
}

#[test]
fn describe_instances_text_and_wide_characters_in_a_table() {
    let resp: Value = serde_json::from_str("{\"Reservations\": [{\"ReservationId\": \"r-1\", \"Instances\": [{\"InstanceId\": \"i-1\", \"State\": {\"Code\": 16, \"Name\": \"running\"}, \"Tags\": [{\"Key\": \"Name\", \"Value\": \"web\"}], \"SecurityGroups\": []}, {\"InstanceId\": \"i-2\", \"State\": {\"Code\": 80, \"Name\": \"stopped\"}}]}]}").unwrap();
    assert_eq!(
        render(&resp, OutputFormat::Text, None, "DescribeInstances"),
        "RESERVATIONS\tr-1\nINSTANCES\ti-1\nSTATE\t16\trunning\nTAGS\tName\tweb\nINSTANCES\ti-2\nSTATE\t80\tstopped\n"
    );
    // Accented letters and CJK ideographs count as two columns, as
    // Python's east_asian_width says (A and W).
    let groups: Value = serde_json::from_str("{\"Groups\": [{\"GroupName\": \"Développeurs\", \"Path\": \"/\"}, {\"GroupName\": \"開発者\", \"Path\": \"/\"}]}").unwrap();
    assert_eq!(
        render(&groups, OutputFormat::Table, None, "ListGroups"),
        "-----------------------------\n|        ListGroups         |\n+---------------------------+\n||         Groups          ||\n|+----------------+--------+|\n||    GroupName   | Path   ||\n|+----------------+--------+|\n||  Développeurs |  /     ||\n||  開発者        |  /     ||\n|+----------------+--------+|\n"
    );
}

#[test]
fn every_operation_has_help_options_and_a_skeleton() {
    for service in cli::services() {
        for op in cli::operations(service) {
            let line = vec![service.to_string(), op.clone(), "help".into()];
            let Ok(Command::Help(text)) = parse_words(&line) else {
                panic!("{service} {op} help")
            };
            assert!(text.starts_with(&op), "{text}");
            let skeleton = vec![
                service.to_string(),
                op.clone(),
                "--generate-cli-skeleton".into(),
            ];
            let Ok(Command::Help(json)) = parse_words(&skeleton) else {
                panic!("{service} {op} skeleton")
            };
            assert!(serde_json::from_str::<Value>(&json).is_ok(), "{json}");
            assert!(!cli::options(service, &op).is_empty() || op == "get-caller-identity");
        }
    }
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    const VOCAB: &[&str] = &[
        "iam",
        "sts",
        "s3api",
        "ec2",
        "create-user",
        "--user-name",
        "--tags",
        "Key=a,Value=b",
        "--output",
        "table",
        "--query",
        "Users[0]",
        "--cli-input-json",
        "{",
        "[1,",
        "file://p.json",
        "--",
        "-",
        "--no-paginate",
        "--max-items",
        "2",
        "help",
        "é",
        "--é",
        "-é",
        "={}",
        "'",
        "\"",
        "list-users",
        "put-object",
        "--body",
        "run-instances",
        "--count",
        "1:x",
    ];

    proptest! {
        #[test]
        fn parse_never_panics(picks in proptest::collection::vec((0..VOCAB.len(), ".{0,6}"), 0..8)) {
            let args: Vec<String> = picks
                .iter()
                .map(|(i, s)| if i % 5 == 4 { s.clone() } else { VOCAB[*i].to_string() })
                .collect();
            let _ = parse_words(&args);
        }
    }
}
