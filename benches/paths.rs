//! Escalation path benchmarks: every principal's paths in lesson 12's
//! organization, and in the generated 1,000-user organization that the
//! matrix benchmark uses.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use iamtutor::iam::paths;
use iamtutor::iam::synthetic;

fn lesson_12(c: &mut Criterion) {
    let org = iamtutor::iam::org_file::from_ron(include_str!("../assets/orgs/l12-roles.ron"))
        .expect("l12-roles.ron loads");
    c.bench_function("paths/l12-roles/all", |b| {
        b.iter(|| paths::all_paths(black_box(&org)))
    });
}

fn large(c: &mut Criterion) {
    let org = synthetic::org(1000, 50, 200, 42);
    let mut group = c.benchmark_group("paths/1000-users");
    group.sample_size(10);
    group.bench_function("all", |b| b.iter(|| paths::all_paths(black_box(&org))));
    group.finish();
}

criterion_group!(benches, lesson_12, large);
criterion_main!(benches);
