//! The access grid is the evaluator cell by cell; the access diff is the
//! difference of two grids; both commands print what the library computes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use iamtutor::iam::access_diff::{self, AccessDiff};
use iamtutor::iam::access_grid::{self, Column, Grid};
use iamtutor::iam::call_request::CallRequest;
use iamtutor::iam::context::Context;
use iamtutor::iam::eval::Decision;
use iamtutor::iam::model::{DEFAULT_ACCOUNT, Org};
use iamtutor::iam::{decision_cube, org_file, synthetic};
use iamtutor::shell::Shell;
use proptest::prelude::*;
use serde_json::Value;

fn load(name: &str) -> Org {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/orgs")
        .join(name);
    org_file::from_ron(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Columns to pick from: real actions on synthetic resources, bucket
/// patterns and `*`.
fn candidate_columns() -> Vec<Column> {
    let mut resources = synthetic::resources(9);
    resources.push("*".into());
    resources.push("arn:aws:s3:::bucket-1/*".into());
    synthetic::actions(24)
        .into_iter()
        .flat_map(|a| {
            resources
                .iter()
                .map(move |r| Column::new(a.clone(), r.clone()))
        })
        .collect()
}

/// Runs sandbox commands as the administrator; each must succeed.
fn changed(org: &Org, commands: &[String]) -> Org {
    let mut shell = Shell::new(org.clone());
    for c in commands {
        let out = shell.run(c);
        assert!(out.ok, "{c}: {}", out.stderr);
    }
    shell.org
}

/// The (principal, column) pairs a grid allows.
fn allowed(g: &Grid) -> BTreeSet<(String, Column)> {
    let mut out = BTreeSet::new();
    for (p, name) in g.principals.iter().enumerate() {
        for (c, col) in g.columns.iter().enumerate() {
            if g.get(p, c).is_allowed() {
                out.insert((name.clone(), col.clone()));
            }
        }
    }
    out
}

/// A principal's decision in a grid; one the grid lacks is implicitly denied.
fn decision(g: &Grid, principal: &str, col: &Column) -> Decision {
    let c = g.columns.iter().position(|x| x == col).unwrap();
    g.row_of(principal)
        .map_or(Decision::ImplicitDeny, |p| g.get(p, c))
}

/// The diff has exactly the set differences of the two grids' allowed
/// cells, in the right lists, with the grids' decisions.
fn check_diff(diff: &AccessDiff, before: &Grid, after: &Grid) {
    let (a, b) = (allowed(before), allowed(after));
    let pairs = |changes: &[access_diff::Change]| -> BTreeSet<(String, Column)> {
        changes
            .iter()
            .map(|c| (c.principal.clone(), c.column.clone()))
            .collect()
    };
    let gained: BTreeSet<_> = b.difference(&a).cloned().collect();
    let lost: BTreeSet<_> = a.difference(&b).cloned().collect();
    assert_eq!(pairs(&diff.gained), gained);
    assert_eq!(pairs(&diff.lost), lost);
    assert_eq!(diff.gained.len(), gained.len(), "no cell twice");
    assert_eq!(diff.lost.len(), lost.len(), "no cell twice");
    for c in diff.gained.iter().chain(&diff.lost) {
        assert_eq!(c.before, decision(before, &c.principal, &c.column));
        assert_eq!(c.after, decision(after, &c.principal, &c.column));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn grid_cells_are_what_explain_says(
        seed in any::<u64>(),
        users in 1usize..12,
        columns in proptest::sample::subsequence(candidate_columns(), 1..40),
    ) {
        let org = synthetic::org(users, 4, 25, seed);
        let g = access_grid::compute(&org, &columns);
        let callers = decision_cube::all_principals(&org);
        prop_assert_eq!(&g.callers, &callers);
        prop_assert_eq!(g.principals.len(), users);
        prop_assert_eq!(g.cells.len(), users * columns.len());
        for (p, caller) in callers.iter().enumerate() {
            for (c, col) in columns.iter().enumerate() {
                // The request the sandbox's call makes, context keys and all.
                let e = CallRequest::new(&org, &col.action, &col.resource)
                    .explain(&org, caller, &col.action, &col.resource)
                    .unwrap();
                prop_assert_eq!(g.get(p, c), e.decision, "{} {}", g.principals[p], col.label());
            }
        }
        for c in 0..columns.len() {
            let n = (0..users).filter(|&p| g.get(p, c).is_allowed()).count();
            prop_assert_eq!(g.allowed_in_column(c), n);
        }
    }

    #[test]
    fn the_diff_is_the_difference_of_the_two_grids(
        seed in any::<u64>(),
        which in 0usize..4,
        pick in any::<prop::sample::Index>(),
    ) {
        let org = synthetic::org(8, 4, 25, seed);
        let acct = &org.accounts[DEFAULT_ACCOUNT];
        let groups: Vec<_> = acct.groups.values().collect();
        let group = pick.get(&groups);
        let users: Vec<_> = acct.users.values().collect();
        let user = pick.get(&users);
        let policies: Vec<_> = acct.policies.values().collect();
        let policy = pick.get(&policies);
        let commands = match which {
            0 => vec![format!(
                "aws iam detach-group-policy --group-name {} --policy-arn {}",
                group.name, pick.get(&group.attached)
            )],
            1 => vec![format!(
                "aws iam remove-user-from-group --user-name {} --group-name {}",
                user.name, acct.groups[pick.get(&user.groups)].name
            )],
            2 => vec![format!(
                "aws iam attach-user-policy --user-name {} --policy-arn {}",
                user.name, policy.arn
            )],
            // A new principal: it gains what its group allows.
            _ => vec![
                "aws iam create-user --user-name newcomer".to_string(),
                format!("aws iam add-user-to-group --user-name newcomer --group-name {}", group.name),
            ],
        };
        let after = changed(&org, &commands);
        let diff = access_diff::diff_orgs(&org, &after);
        let mut columns = access_grid::default_columns(&org);
        columns.extend(access_grid::default_columns(&after));
        // The actions a changed policy brought in by a pattern, asked of
        // everyone: nobody but the principals it changed may differ.
        columns.extend(diff.gained.iter().chain(&diff.lost).map(|c| c.column.clone()));
        access_grid::sort_columns(&mut columns);
        let (gb, ga) = (access_grid::compute(&org, &columns), access_grid::compute(&after, &columns));
        check_diff(&diff, &gb, &ga);
        // Backwards, gains are losses: a principal only in `before` loses.
        let back = access_diff::diff_grids(&ga, &gb);
        check_diff(&back, &ga, &gb);
        prop_assert_eq!(back.lost.len(), diff.gained.len());
        prop_assert_eq!(back.gained.len(), diff.lost.len());
    }
}

#[test]
fn a_new_user_in_a_group_gains_every_cell_its_group_allows() {
    // Fixed seeds, so that the property above is known to see real changes.
    let org = synthetic::org(8, 4, 25, 3);
    let after = changed(
        &org,
        &[
            "aws iam create-user --user-name newcomer".to_string(),
            "aws iam add-user-to-group --user-name newcomer --group-name Group00".to_string(),
        ],
    );
    let diff = access_diff::diff_orgs(&org, &after);
    let columns = access_grid::default_columns(&after);
    let g = access_grid::compute(&after, &columns);
    let row = g.row_of("newcomer").unwrap();
    assert!(g.allowed_in_row(row) > 0, "Group00 allows something");
    assert_eq!(
        diff.gained
            .iter()
            .filter(|c| c.principal == "newcomer")
            .count(),
        g.allowed_in_row(row)
    );
    assert!(diff.lost.is_empty());
}

#[test]
fn detaching_a_group_policy_is_lost_by_the_groups_three_members() {
    let org = load("startup.ron");
    let acct = &org.accounts[DEFAULT_ACCOUNT];
    // The group of three whose customer managed policy we take away.
    let (key, group) = acct
        .groups
        .iter()
        .find(|(k, g)| {
            acct.users.values().filter(|u| u.groups.contains(k)).count() == 3
                && g.attached.iter().any(|a| !a.contains(":aws:policy/"))
        })
        .expect("startup.ron has a group of three with a customer policy");
    let members: Vec<&str> = acct
        .users
        .values()
        .filter(|u| u.groups.contains(key))
        .map(|u| u.name.as_str())
        .collect();
    let arn = group
        .attached
        .iter()
        .find(|a| !a.contains(":aws:policy/"))
        .unwrap();
    let after = changed(
        &org,
        &[format!(
            "aws iam detach-group-policy --group-name {} --policy-arn {arn}",
            group.name
        )],
    );
    let diff = access_diff::diff_orgs(&org, &after);
    let summary = diff.summary();
    // An action the policy names, that the members could do only through it.
    let doc = org.managed_policy(arn).unwrap().default_doc();
    let ctx = Context::new();
    let mut checked = 0;
    for pattern in doc
        .policy
        .statements
        .iter()
        .flat_map(|s| &s.action.patterns)
    {
        let action = &pattern.text;
        if action.contains('*') {
            continue;
        }
        let lost_by_all = members.iter().all(|m| {
            let before = org.resolve_principal(m, DEFAULT_ACCOUNT).unwrap();
            let now = after.resolve_principal(m, DEFAULT_ACCOUNT).unwrap();
            org.explain(&before, action, "*", &ctx).unwrap().decision == Decision::Allowed
                && after.explain(&now, action, "*", &ctx).unwrap().decision != Decision::Allowed
        });
        if !lost_by_all {
            continue;
        }
        let column = Column::new(action.as_str(), "*");
        for m in &members {
            assert!(
                diff.lost
                    .iter()
                    .any(|c| c.principal == *m && c.column == column),
                "no loss of {action} by {m} in {summary:#?}"
            );
        }
        // The actions lost alike share a sentence naming all three.
        let line = summary
            .iter()
            .find(|l| l.contains(": lost by 3 users ("))
            .unwrap_or_else(|| panic!("no loss by 3 users in {summary:#?}"));
        for m in &members {
            assert!(line.contains(m), "{m} missing from {line}");
        }
        checked += 1;
    }
    assert!(checked > 0, "the policy allowed its members something");
    assert!(diff.gained.is_empty(), "taking a policy away gains nothing");
    assert!(
        diff.lost
            .iter()
            .all(|c| members.contains(&c.principal.as_str())),
        "only the group's members lose"
    );
}

#[test]
fn default_columns_are_few_distinct_sorted_and_show_each_buckets_objects() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/orgs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        seen += 1;
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let org = load(&name);
        let cols = access_grid::default_columns(&org);
        assert!(cols.len() <= 40, "{name}: {} columns", cols.len());
        let distinct: BTreeSet<_> = cols.iter().collect();
        assert_eq!(distinct.len(), cols.len(), "{name}: a column twice");
        let mut sorted = cols.clone();
        access_grid::sort_columns(&mut sorted);
        assert_eq!(sorted, cols, "{name}: not in order");
        if org.buckets.len() <= access_grid::MAX_RESOURCES_PER_ACTION {
            for b in org.buckets.keys() {
                let object = Column::new("s3:GetObject", format!("arn:aws:s3:::{b}/*"));
                assert!(
                    cols.contains(&object),
                    "{name}: no column for {b}'s objects"
                );
            }
        }
        // Every principal's row has a name a learner can type back.
        let g = access_grid::compute(&org, &cols);
        for p in &g.principals {
            assert!(
                org.resolve_principal(p, access_grid::home_account(&org))
                    .is_ok(),
                "{name}: {p}"
            );
        }
    }
    assert!(seen >= 10, "the classroom organizations were found");
}

fn iamtutor(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn startup_path() -> String {
    format!("{}/assets/orgs/startup.ron", env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iamtutor-grid-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn matrix_text_shows_the_grids_marks_within_80_columns() {
    let (out, err, code) = iamtutor(&["matrix", "--org", &startup_path()]);
    assert_eq!(code, 0, "{err}");
    let org = load("startup.ron");
    let cols = access_grid::default_columns(&org);
    let g = access_grid::compute(&org, &cols);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    for (i, p) in g.principals.iter().enumerate() {
        assert!(
            out.contains(&format!("{} {p}", i + 1)),
            "{p} not in the key"
        );
    }
    for (c, label) in access_grid::labels(&cols).iter().enumerate() {
        let row = out
            .lines()
            .find(|l| l.starts_with(&format!("{label} ")))
            .unwrap_or_else(|| panic!("no row for {label}"));
        let marks: String = row[label.len()..].split_whitespace().collect();
        let expected: String = (0..g.principals.len())
            .map(|p| match g.get(p, c) {
                Decision::Allowed => '✓',
                Decision::ImplicitDeny => '·',
                Decision::ExplicitDeny => '✗',
            })
            .collect();
        assert_eq!(marks, expected, "{label}");
    }
}

#[test]
fn matrix_json_has_the_grids_principals_columns_and_decisions() {
    let (out, err, code) = iamtutor(&[
        "matrix",
        "--org",
        &startup_path(),
        "--actions",
        "s3:GetObject,ec2:StartInstances=*",
        "--principals",
        "john,role/S3AccessRole,alice",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let org = load("startup.ron");
    let callers: Vec<_> = ["john", "role/S3AccessRole", "alice"]
        .iter()
        .map(|p| org.resolve_principal(p, DEFAULT_ACCOUNT).unwrap())
        .collect();
    let cols = access_grid::parse_columns(
        &["s3:GetObject".into(), "ec2:StartInstances=*".into()],
        &org,
    )
    .unwrap();
    let g = access_grid::compute_for(&org, &callers, &cols);
    assert_eq!(v["principals"], serde_json::json!(g.principals));
    let got_cols: Vec<Column> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            Column::new(
                c["action"].as_str().unwrap(),
                c["resource"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got_cols, cols);
    for p in 0..g.principals.len() {
        for c in 0..cols.len() {
            assert_eq!(v["cells"][p][c], g.get(p, c).aws_name());
        }
    }
    // A typo is refused with a suggestion, and nothing printed.
    let (out, err, code) = iamtutor(&[
        "matrix",
        "--org",
        &startup_path(),
        "--actions",
        "s3:GetObjct",
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("s3:GetObject"), "{err}");
}

#[test]
fn diff_exits_0_without_change_1_with_change_and_2_on_bad_input() {
    let startup = startup_path();
    let (out, _, code) = iamtutor(&["diff", &startup, &startup]);
    assert_eq!((code, out.as_str()), (0, "No change in access.\n"));

    let org = load("startup.ron");
    let after = changed(
        &org,
        &["aws iam remove-user-from-group --user-name mike --group-name Developers".to_string()],
    );
    let dir = temp_dir("diff");
    let after_path = dir.join("after.ron");
    std::fs::write(&after_path, org_file::to_ron(&after)).unwrap();
    let after_s = after_path.to_str().unwrap();
    let diff = access_diff::diff_orgs(&org, &after);
    assert!(!diff.is_empty());
    let (out, err, code) = iamtutor(&["diff", &startup, after_s]);
    assert_eq!(code, 1, "{err}");
    let summary = diff.summary();
    // One block per summary sentence, in its order, headed by it with a
    // count for the names; under it, each changed cell once.
    let blocks: Vec<&str> = out.trim_end().split("\n\n").collect();
    assert_eq!(blocks.len(), summary.len(), "{out}");
    for (block, sentence) in blocks.iter().zip(&summary) {
        let (front, _) = sentence.split_once(" by ").unwrap();
        // A sentence for several actions names a few in brackets; the
        // block lists them all under its heading instead.
        let front = match front.split_once(" (") {
            Some((heading, _)) => format!("{heading}: {}", front.rsplit(": ").next().unwrap()),
            None => front.to_string(),
        };
        assert!(
            block.starts_with(&format!("{front} by ")),
            "{block} / {sentence}"
        );
    }
    for c in &diff.lost {
        let block = blocks
            .iter()
            .find(|b| {
                // Its heading names the action, or the action list under a
                // heading for several does.
                let (heading, rest) = b.split_once('\n').unwrap_or((b, ""));
                let listed = rest.lines().any(|l| {
                    l.split(',')
                        .any(|a| a.split_whitespace().next() == Some(c.column.action.as_str()))
                });
                heading.contains(": lost by ")
                    && (heading.starts_with(&format!("{} ", c.column.action)) || listed)
            })
            .unwrap_or_else(|| panic!("{c:?} not listed:\n{out}"));
        let names: Vec<&str> = block
            .lines()
            .skip(1)
            .flat_map(|l| l.split(':').next().unwrap_or("").split(','))
            .map(str::trim)
            .collect();
        assert_eq!(
            names.iter().filter(|n| **n == c.principal).count(),
            1,
            "{c:?} once in:\n{block}"
        );
    }

    let (out, _, code) = iamtutor(&["diff", &startup, after_s, "--json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"], serde_json::json!(summary));
    assert_eq!(v["lost"].as_array().unwrap().len(), diff.lost.len());

    // Only the actions asked about: one whose cells did not change.
    let still = access_grid::parse_columns(&["ec2:RunInstances".into()], &org).unwrap();
    assert!(access_diff::diff_on(&org, &after, &still).is_empty());
    let (out, _, code) = iamtutor(&["diff", &startup, after_s, "--actions", "ec2:RunInstances"]);
    assert_eq!((code, out.as_str()), (0, "No change in access.\n"));

    let missing = dir.join("missing.ron");
    let (out, err, code) = iamtutor(&["diff", &startup, missing.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("missing.ron"), "{err}");
    let (_, err, code) = iamtutor(&["diff", &startup, after_s, "--actions", "s3:Get*"]);
    assert_eq!(code, 2);
    assert!(err.contains("pattern"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
