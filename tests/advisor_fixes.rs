//! The advisor's fixes, run as printed: for every example organization of
//! the course (the files in assets/orgs, every lab's start, every
//! spot-the-problem question's setup), `advise` is run, every command of
//! every finding's fix is run in the sandbox in the order printed, and then:
//! each command was accepted, each finding is gone, no new finding has
//! appeared, and nobody became an administrator who was not one. The
//! lesson 8 organization is also checked in detail: its fixes leave the
//! story's jobs in place and give nobody more than they had.

use std::collections::BTreeSet;

use iamtutor::content::course::Course;
use iamtutor::content::goals;
use iamtutor::content::schema::{QuestionKind, Setup};
use iamtutor::iam::advisor::{Finding, Rule, advise, advise_rules};
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::shell::Shell;

/// The organizations to check, each with a name for messages.
fn examples() -> Vec<(String, Org)> {
    let course = Course::embedded().expect("the embedded course loads");
    let orgs = |name: &str| course.org(name);
    let mut out: Vec<(String, Org)> = course
        .orgs()
        .iter()
        .map(|(name, text)| {
            let org = org_file::from_ron(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            (format!("assets/orgs/{name}.ron"), org)
        })
        .collect();
    for lesson in &course.lessons {
        for lab in &lesson.labs {
            if matches!(lab.start, Setup::Org(_)) {
                continue; // the file itself is checked above
            }
            let shell = goals::build(&lab.start, &orgs).expect("a lab's start builds");
            out.push((format!("lab {}", lab.id), shell.org));
        }
        for q in &lesson.checkpoint {
            if let QuestionKind::Spot(spot) = &q.kind
                && !matches!(spot.setup, Setup::Org(_))
            {
                let shell = goals::build(&spot.setup, &orgs).expect("a spot setup builds");
                out.push((format!("question {}", q.id), shell.org));
            }
        }
    }
    out
}

/// Runs every fix in order; panics with the command and the sandbox's
/// answer when one is refused.
fn apply(name: &str, org: &Org, findings: &[Finding]) -> Org {
    let mut shell = Shell::new(org.clone());
    for f in findings {
        for cmd in &f.fix {
            let out = shell.run(cmd);
            assert!(
                out.ok,
                "{name}: the fix of `{}` ({}) failed at `{cmd}`:\n{}{}",
                f.summary,
                f.rule.id(),
                out.stderr,
                out.stdout
            );
        }
    }
    shell.org
}

/// The users who can do everything an administrator can, as the advisor
/// judges it: allowed iam:CreateUser and s3:DeleteBucket with MFA.
fn admins(org: &Org) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (id, account) in &org.accounts {
        for u in account.users.values() {
            let Ok(caller) = org.resolve_principal(&u.name, id) else {
                continue;
            };
            let ctx = || {
                let mut c = iamtutor::iam::context::Context::new();
                c.set("aws:MultiFactorAuthPresent", vec!["true".into()]);
                c
            };
            let all = ["iam:CreateUser", "iam:AttachUserPolicy", "s3:DeleteBucket"]
                .iter()
                .all(|a| {
                    org.explain(&caller, a, "*", &ctx())
                        .is_ok_and(|e| e.decision.is_allowed())
                });
            if all {
                out.insert(format!("{id}/{}", u.name));
            }
        }
    }
    out
}

#[test]
fn every_fix_of_every_example_runs_in_order_and_silences_its_finding() {
    let mut checked = 0;
    for (name, org) in examples() {
        let before = advise(&org);
        if before.is_empty() {
            continue;
        }
        checked += 1;
        let after_org = apply(&name, &org, &before);
        let after = advise(&after_org);
        for f in &before {
            assert!(
                !after
                    .iter()
                    .any(|a| a.rule == f.rule && a.entities == f.entities),
                "{name}: `{}` ({}) is still there after every fix ran",
                f.summary,
                f.rule.id()
            );
        }
        assert!(
            after.is_empty(),
            "{name}: the fixes left new findings:\n{}",
            iamtutor::iam::advisor::to_text(&after)
        );
        let new_admins: Vec<String> = admins(&after_org)
            .difference(&admins(&org))
            .cloned()
            .collect();
        assert!(
            new_admins.is_empty(),
            "{name}: new administrators {new_admins:?}"
        );
    }
    assert!(checked >= 15, "only {checked} examples had findings");
}

#[test]
fn one_rules_fixes_work_on_their_own() {
    // `advise RULE` prints a shorter list; its fixes must not count on the
    // steps of findings it does not show.
    for (name, org) in examples() {
        for &rule in Rule::ALL {
            let found = advise_rules(&org, &[rule]);
            if found.is_empty() {
                continue;
            }
            let after = apply(&format!("{name} ({})", rule.id()), &org, &found);
            let left = advise_rules(&after, &[rule]);
            assert!(
                left.is_empty(),
                "{name}: `advise {}` fixes leave:\n{}",
                rule.id(),
                iamtutor::iam::advisor::to_text(&left)
            );
        }
    }
}

fn messy() -> Org {
    org_file::from_ron(include_str!("../assets/orgs/l8-messy.ron")).unwrap()
}

fn allowed(org: &Org, who: &str, action: &str, resource: &str) -> bool {
    let caller = org.resolve_principal(who, "111122223333").unwrap();
    org.explain(&caller, action, resource, &Default::default())
        .unwrap()
        .decision
        .is_allowed()
}

#[test]
fn lesson_8s_fixes_keep_the_jobs_and_grant_nothing_new() {
    let before = messy();
    let after = apply("l8-messy", &before, &advise(&before));
    let web = "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60001";
    // The developers still start and stop servers; priya still runs the
    // fleet; alice still administers.
    assert!(allowed(&after, "john", "ec2:StartInstances", web));
    assert!(allowed(&after, "sarah", "ec2:StopInstances", web));
    assert!(allowed(&after, "priya", "ec2:TerminateInstances", web));
    assert!(allowed(&after, "alice", "iam:CreateUser", "*"));
    // Nobody else administers, and the server's role cannot delete data.
    for who in ["john", "sarah", "priya"] {
        assert!(!allowed(&after, who, "iam:CreateUser", "*"), "{who}");
    }
    let role = "role/AppServerRole";
    let report = "arn:aws:s3:::startup-reports/2026/january.csv";
    assert!(allowed(&after, role, "s3:PutObject", report));
    assert!(allowed(&after, role, "s3:GetObject", report));
    assert!(!allowed(&after, role, "s3:DeleteObject", report));
    assert!(!allowed(
        &after,
        role,
        "s3:DeleteBucket",
        "arn:aws:s3:::startup-reports"
    ));
    // No fix gives AdministratorAccess to a team's group.
    let account = &after.accounts["111122223333"];
    for g in account.groups.values() {
        let admin = g
            .attached
            .iter()
            .any(|a| a == "arn:aws:iam::aws:policy/AdministratorAccess");
        assert!(
            !admin || g.name == "Admins",
            "{} holds AdministratorAccess",
            g.name
        );
    }
}

#[test]
fn no_fix_is_a_placeholder_or_a_listing() {
    for (name, org) in examples() {
        for f in advise(&org) {
            for cmd in &f.fix {
                assert!(
                    !cmd.contains("CODE1") && !cmd.contains('<') && !cmd.contains("..."),
                    "{name}: placeholder in `{cmd}`"
                );
                let verb = cmd.split_whitespace().nth(2).unwrap_or_default();
                assert!(
                    !(verb.starts_with("list-") || verb.starts_with("get-")),
                    "{name}: `{}` fix only looks: `{cmd}`",
                    f.rule.id()
                );
            }
        }
    }
}

#[test]
fn two_fixes_never_create_the_same_thing() {
    for (name, org) in examples() {
        let mut created = BTreeSet::new();
        for f in advise(&org) {
            for cmd in &f.fix {
                if cmd.contains(" create-") {
                    let key: String = cmd.split(" --policy-document").next().unwrap().into();
                    assert!(created.insert(key.clone()), "{name}: `{key}` twice");
                }
            }
        }
    }
}
