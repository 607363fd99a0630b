//! Scripts replayed through the sandbox, as `iamtutor run` replays them:
//! `export cli` rebuilds the organization it came from, and scripts mixing
//! every kind of line run as written.
//!
//! NEEDS THE AWS CLI LAYER (src/shell/cli): every test here runs `aws ...`
//! lines, so they fail while that module is the placeholder. The bucket
//! lines of the round trip also need the S3 service (src/shell/services).

use crate::export_fixture;

use export_fixture::*;
use iamtutor::iam::model::Org;
use iamtutor::shell::Shell;
use iamtutor::shell::script::split_script;
use serde_json::Value;

/// Runs every command of a script, as `iamtutor run` does (but going on
/// after a failure), and returns the failures: line, command, what it said.
fn replay(sh: &mut Shell, script: &str) -> Vec<(usize, String, String)> {
    let mut failures = Vec::new();
    for cmd in split_script(script) {
        let o = sh.run(&cmd.command);
        if !o.ok && !cmd.may_fail {
            failures.push((cmd.line, cmd.command.clone(), o.stderr));
        }
    }
    failures
}

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

#[test]
fn export_cli_rebuilds_the_organization() {
    let org = rich_org();
    let script = Shell::new(org.clone()).run("export cli").stdout;
    let mut sh = Shell::new(Org::new());
    let failures = replay(&mut sh, &script);
    let (want, got) = (shape(&org, ACCT), shape(&sh.org, ACCT));
    // IAM first, so that a missing S3 service shows up as only that.
    assert_eq!(
        without(got.clone(), "buckets"),
        without(want.clone(), "buckets"),
        "the IAM part differs; failed lines: {failures:#?}"
    );
    assert!(failures.is_empty(), "failed lines: {failures:#?}");
    assert_eq!(got, want);
}

/// Exporting the rebuilt organization gives the same commands again: the
/// script is a fixed point (comments aside: they name old ids).
#[test]
fn export_cli_of_a_rebuilt_organization_is_the_same_script() {
    let commands = |script: &str| -> Vec<String> {
        script
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    // Without the bucket, this needs only IAM (the round trip above
    // covers S3).
    let mut org = rich_org();
    org.buckets.clear();
    let script = Shell::new(org).run("export cli").stdout;
    let mut sh = Shell::new(Org::new());
    let failures = replay(&mut sh, &script);
    assert!(failures.is_empty(), "failed lines: {failures:#?}");
    let again = sh.run("export cli").stdout;
    assert_eq!(commands(&again), commands(&script));
}

#[test]
fn a_script_with_every_kind_of_line_runs() {
    let script = r#"
# A small company, built by hand.
aws iam create-group --group-name Developers

write ec2.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]
}
JSON
aws iam put-group-policy --group-name Developers \
    --policy-name Ec2 \
    --policy-document file://ec2.json
aws iam create-user --user-name john
aws iam add-user-to-group --group-name Developers --user-name john
aws iam create-user --user-name john || true   # already there
as john
aws iam list-users || true
as admin
"#;
    let mut sh = Shell::new(Org::new());
    let mut failed = Vec::new();
    for cmd in split_script(script) {
        let o = sh.run(&cmd.command);
        assert!(
            o.ok || cmd.may_fail,
            "line {} failed: {}\n{}",
            cmd.line,
            cmd.command,
            o.stderr
        );
        if !o.ok {
            failed.push((cmd.line, o.stderr));
        }
    }
    assert_eq!(failed.len(), 2, "{failed:#?}");
    assert!(failed[0].1.contains("EntityAlreadyExists"), "{failed:#?}");
    assert!(failed[1].1.contains("AccessDenied"), "{failed:#?}");
    let devs = &sh.org.accounts[ACCT].groups["developers"];
    assert_eq!(
        devs.inline["Ec2"].policy.statements[0].action.patterns[0].text,
        "ec2:*"
    );
    assert_eq!(sh.org.accounts[ACCT].users["john"].groups, ["developers"]);
}

/// The company of lesson 7, as shipped, survives the trip (its buckets need
/// the S3 service as well).
#[test]
fn the_startup_organization_rebuilds_from_its_export() {
    let org =
        iamtutor::iam::org_file::from_ron(include_str!("../assets/orgs/startup.ron")).unwrap();
    let script = Shell::new(org.clone()).run("export cli").stdout;
    let mut sh = Shell::new(Org::new());
    let failures = replay(&mut sh, &script);
    let (want, got) = (shape(&org, ACCT), shape(&sh.org, ACCT));
    assert_eq!(
        without(got.clone(), "buckets"),
        without(want.clone(), "buckets"),
        "the IAM part differs; failed lines: {failures:#?}"
    );
    assert!(failures.is_empty(), "failed lines: {failures:#?}");
    assert_eq!(got, want);
}

/// The services' resources of account `ACCT`, without ids and dates: what
/// `export cli` promises to rebuild.
fn services_shape(org: &Org) -> Value {
    use iamtutor::iam::model::{Billing, InstanceState};
    let objects: Value = org
        .buckets
        .values()
        .filter(|b| b.account == ACCT)
        .map(|b| {
            let objects: serde_json::Map<String, Value> = b
                .objects
                .iter()
                .map(|(k, o)| (k.clone(), Value::from(o.body.clone())))
                .collect();
            (b.name.clone(), Value::Object(objects))
        })
        .collect::<serde_json::Map<_, _>>()
        .into();
    let mut instances: Vec<Value> = org
        .instances
        .values()
        .filter(|i| i.account == ACCT && i.state != InstanceState::Terminated)
        .map(|i| {
            serde_json::json!({
                "image": i.image_id, "type": i.instance_type, "region": i.region,
                "profile": i.instance_profile.as_ref().map(|p| p.arn.clone()),
                "tags": i.tags.iter().map(|t| [t.key.clone(), t.value.clone()]).collect::<Vec<_>>(),
            })
        })
        .collect();
    instances.sort_by_key(|v| v.to_string());
    let functions: Vec<Value> = org
        .functions
        .values()
        .filter(|f| f.account == ACCT)
        .map(|f| {
            serde_json::json!({
                "name": f.name, "region": f.region, "role": f.role, "runtime": f.runtime,
                "handler": f.handler, "description": f.description,
                "timeout": f.timeout, "memory": f.memory_size,
            })
        })
        .collect();
    let tables: Vec<Value> = org
        .tables
        .values()
        .filter(|t| t.account == ACCT)
        .map(|t| {
            let keys: Vec<String> = t
                .key_attributes()
                .map(|k| format!("{}:{}", k.name, k.kind.as_str()))
                .collect();
            let billing = match t.billing {
                Billing::PayPerRequest => "on demand".to_string(),
                Billing::Provisioned { read, write } => format!("{read}/{write}"),
            };
            serde_json::json!({
                "name": t.name, "region": t.region, "keys": keys, "billing": billing,
                "items": t.items.values().cloned().map(Value::Object).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "objects": objects, "instances": instances, "functions": functions, "tables": tables,
    })
}

/// Builds, through the sandbox itself, an account with every kind of
/// service resource export knows.
fn services_org() -> Shell {
    let org =
        iamtutor::iam::org_file::from_ron(include_str!("../assets/orgs/startup.ron")).unwrap();
    let mut sh = Shell::new(org);
    let lines = [
        "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro --iam-instance-profile Name=S3AccessRole --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web 1}]'",
        "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --region eu-west-1",
        "aws iam create-role --role-name OrdersFunction --assume-role-policy-document '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}'",
        "write handler.zip <<EOF\ncode\nEOF",
        "aws lambda create-function --function-name orders --runtime python3.12 --handler app.handler --role arn:aws:iam::111122223333:role/OrdersFunction --zip-file fileb://handler.zip --timeout 30 --memory-size 256 --description 'Takes orders'",
        "aws lambda create-function --function-name eu-orders --runtime nodejs20.x --handler index.handler --role arn:aws:iam::111122223333:role/OrdersFunction --zip-file fileb://handler.zip --region eu-west-1",
        "aws dynamodb create-table --table-name Orders --attribute-definitions AttributeName=id,AttributeType=S AttributeName=n,AttributeType=N --key-schema AttributeName=id,KeyType=HASH AttributeName=n,KeyType=RANGE --provisioned-throughput ReadCapacityUnits=2,WriteCapacityUnits=1",
        "aws dynamodb put-item --table-name Orders --item '{\"id\": {\"S\": \"o-1\"}, \"n\": {\"N\": \"1\"}, \"note\": {\"S\": \"it'\"'\"'s EOF\"}}'",
        "aws dynamodb put-item --table-name Orders --item '{\"id\": {\"S\": \"o-1\"}, \"n\": {\"N\": \"2\"}, \"tags\": {\"SS\": [\"a\", \"b\"]}}'",
        "aws dynamodb create-table --table-name Audit --attribute-definitions AttributeName=day,AttributeType=S --key-schema AttributeName=day,KeyType=HASH --billing-mode PAY_PER_REQUEST --region eu-west-1",
        "write body.txt <<END\nline one\nEOF\n  indented\nEND",
        "aws s3api put-object --bucket startup-reports --key tricky.txt --body body.txt",
        "aws s3 mb s3://startup-eu --region eu-west-1",
        "aws s3 cp body.txt s3://startup-eu/copy.txt --region eu-west-1",
    ];
    for line in lines {
        let o = sh.run(line);
        assert!(o.ok, "{line}\n{}", o.stderr);
    }
    sh
}

#[test]
fn export_cli_rebuilds_instances_functions_tables_and_objects() {
    let mut sh = services_org();
    // A stopped instance comes back running (with a note); a terminated
    // one is left out.
    let eu = sh
        .org
        .instances
        .values()
        .find(|i| i.region == "eu-west-1")
        .unwrap()
        .id
        .clone();
    let o = sh.run(&format!(
        "aws ec2 terminate-instances --instance-ids {eu} --region eu-west-1"
    ));
    assert!(o.ok, "{}", o.stderr);
    let script = sh.run("export cli").stdout;
    assert!(
        script.contains(&format!("# {eu} was terminated: not launched again.")),
        "{script}"
    );
    assert!(script.contains("gets a stand-in package"), "{script}");

    let mut fresh = Shell::new(Org::new());
    let failures = replay(&mut fresh, &script);
    assert!(failures.is_empty(), "failed lines: {failures:#?}\n{script}");
    assert_eq!(services_shape(&fresh.org), services_shape(&sh.org));
    assert_eq!(shape(&fresh.org, ACCT), shape(&sh.org, ACCT));
    // The rebuilt sandbox works: the instance reaches S3 through its role,
    // and the function's code acts as its role.
    let instance = fresh
        .org
        .instances
        .values()
        .find(|i| i.instance_profile.is_some())
        .unwrap()
        .id
        .clone();
    let o = fresh.run(&format!(
        "on {instance} aws s3 ls s3://startup-reports/2025/"
    ));
    assert!(o.ok && o.stdout.contains("q4-sales.csv"), "{o:?}");
    let o = fresh.run("on function:orders aws sts get-caller-identity --query Arn --output text");
    assert_eq!(
        o.stdout,
        "arn:aws:sts::111122223333:assumed-role/OrdersFunction/orders\n"
    );
}

#[test]
fn export_cli_says_what_it_cannot_rebuild() {
    let mut sh = services_org();
    // An object a here-document cannot write, a stopped instance, and a
    // function whose role Lambda may no longer assume.
    sh.org
        .buckets
        .get_mut("startup-reports")
        .unwrap()
        .objects
        .insert(
            "no-newline.txt".into(),
            iamtutor::iam::model::S3Object {
                body: "no final line break".into(),
                modified: sh.org.now,
            },
        );
    let stopped = sh
        .org
        .instances
        .values()
        .find(|i| i.region == "eu-west-1")
        .unwrap()
        .id
        .clone();
    let o = sh.run(&format!(
        "aws ec2 stop-instances --instance-ids {stopped} --region eu-west-1"
    ));
    assert!(o.ok, "{}", o.stderr);
    let o = sh.run("aws iam update-assume-role-policy --role-name OrdersFunction --policy-document '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}'");
    assert!(o.ok, "{}", o.stderr);
    let script = sh.run("export cli").stdout;
    for note in [
        "# Object s3://startup-reports/no-newline.txt is not recreated".to_string(),
        format!("# {stopped} was stopped; the instance above starts running"),
        "# Function orders is not recreated: the trust policy of role `OrdersFunction` does not let `lambda.amazonaws.com` assume it".to_string(),
    ] {
        assert!(script.contains(&note), "missing `{note}` in\n{script}");
    }
    // What it could rebuild, it did, and nothing failed.
    let mut fresh = Shell::new(Org::new());
    let failures = replay(&mut fresh, &script);
    assert!(failures.is_empty(), "failed lines: {failures:#?}\n{script}");
    assert!(fresh.org.functions.is_empty());
    assert_eq!(fresh.org.instances.len(), 2);
    assert!(
        !fresh.org.buckets["startup-reports"]
            .objects
            .contains_key("no-newline.txt")
    );
    assert_eq!(fresh.org.tables.len(), 2);
}
