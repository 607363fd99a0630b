//! Engine benchmarks. Budgets on a 2-core machine (issue 2): under 1 µs per
//! decision for a one-statement policy and for the startup organization's
//! matrix; the 1,000-user matrix (4 million decisions) under 2 s.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use iamtutor::iam::context::Context;
use iamtutor::iam::decision_cube;
use iamtutor::iam::model::{Auth, Caller, DEFAULT_ACCOUNT, Org};
use iamtutor::iam::ops::call;
use iamtutor::iam::synthetic;
use iamtutor::iam::{access_diff, access_grid};
use serde_json::json;

fn one_statement(c: &mut Criterion) {
    let mut org = Org::new();
    let root = Caller::Root {
        account: DEFAULT_ACCOUNT.into(),
    };
    call(
        &mut org,
        &root,
        "iam",
        "CreateUser",
        &json!({"UserName": "john"}),
    )
    .unwrap();
    let user = org
        .accounts
        .get_mut(DEFAULT_ACCOUNT)
        .unwrap()
        .users
        .get_mut("john")
        .unwrap();
    user.inline.insert(
        "ec2".into(),
        iamtutor::iam::model::PolicyDoc::parse(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"*"}}"#,
            iamtutor::iam::policy::PolicyKind::Identity,
        )
        .unwrap(),
    );
    let caller = Caller::User {
        account: DEFAULT_ACCOUNT.into(),
        user: "john".into(),
        auth: Auth::AccessKey,
    };
    let p = org.principal(&caller).unwrap();
    let ctx = Context::new();
    let resource = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc";
    c.bench_function("decide/one-statement", |b| {
        b.iter(|| {
            org.decide_for(
                black_box(&p),
                black_box("ec2:StartInstances"),
                black_box(resource),
                &ctx,
            )
        })
    });
    c.bench_function("explain/one-statement", |b| {
        b.iter(|| {
            org.explain_for(
                black_box(&p),
                black_box("ec2:StartInstances"),
                black_box(resource),
                &ctx,
            )
        })
    });
}

fn startup_matrix(c: &mut Criterion) {
    let text = include_str!("../assets/orgs/startup.ron");
    let org = iamtutor::iam::org_file::from_ron(text).expect("startup.ron loads");
    let callers = decision_cube::all_principals(&org);
    let actions: Vec<String> = [
        "ec2:DescribeInstances",
        "ec2:StartInstances",
        "ec2:StopInstances",
        "ec2:TerminateInstances",
        "ec2:RunInstances",
        "cloudwatch:GetMetricData",
        "autoscaling:CreateAutoScalingGroup",
        "elasticloadbalancing:CreateLoadBalancer",
        "s3:GetObject",
        "s3:PutObject",
        "s3:ListBucket",
        "iam:CreateUser",
        "iam:PassRole",
    ]
    .map(String::from)
    .to_vec();
    let resources: Vec<String> = [
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234def567890",
        "arn:aws:s3:::startup-reports",
        "arn:aws:s3:::startup-reports/q1.csv",
        "*",
    ]
    .map(String::from)
    .to_vec();
    let cells = callers.len() * actions.len() * resources.len();
    let mut group = c.benchmark_group("matrix/startup");
    group.throughput(criterion::Throughput::Elements(cells as u64));
    group.bench_function("all", |b| {
        b.iter(|| decision_cube::compute(black_box(&org), &callers, &actions, &resources))
    });
    group.finish();
}

fn large_matrix(c: &mut Criterion) {
    let org = synthetic::org(1000, 50, 200, 42);
    let callers = decision_cube::all_principals(&org);
    let actions = synthetic::actions(200);
    let resources = synthetic::resources(20);
    let mut group = c.benchmark_group("matrix/1000-users");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(
        (callers.len() * actions.len() * resources.len()) as u64,
    ));
    group.bench_function("200x20", |b| {
        b.iter(|| decision_cube::compute(black_box(&org), &callers, &actions, &resources))
    });
    group.finish();
}

/// The access grid of the startup organization on its default columns, and
/// the access diff of a 1,000-user organization before and after one
/// policy is detached from a group (two grids on the merged default columns).
fn grid_and_diff(c: &mut Criterion) {
    let text = include_str!("../assets/orgs/startup.ron");
    let org = iamtutor::iam::org_file::from_ron(text).expect("startup.ron loads");
    c.bench_function("grid/startup-default-columns", |b| {
        b.iter(|| {
            let columns = access_grid::default_columns(black_box(&org));
            access_grid::compute(&org, &columns)
        })
    });
    let before = synthetic::org(1000, 50, 200, 42);
    let mut shell = iamtutor::shell::Shell::new(before.clone());
    let group = &before.accounts[DEFAULT_ACCOUNT].groups["group00"];
    let out = shell.run(&format!(
        "aws iam detach-group-policy --group-name {} --policy-arn {}",
        group.name, group.attached[0]
    ));
    assert!(out.ok, "{}", out.stderr);
    let after = shell.org;
    let mut group = c.benchmark_group("diff/1000-users");
    group.sample_size(10);
    group.bench_function("detach-group-policy", |b| {
        b.iter(|| access_diff::diff_orgs(black_box(&before), black_box(&after)))
    });
    group.finish();
}

criterion_group!(
    benches,
    one_statement,
    startup_matrix,
    large_matrix,
    grid_and_diff
);
criterion_main!(benches);
