//! Interview case questions, decided by the engine: who may do something
//! in an organization, why a request is denied, and whether a change made
//! in the sandbox lets one command work and nothing more. The course check
//! and the interview both call these, so what the checker proves is what
//! the candidate is graded by.

use crate::iam::access_diff::{self, AccessDiff};
use crate::iam::access_grid::{self, Column};
use crate::iam::eval::{Decision, Evaluation};
use crate::iam::model::Org;
use crate::iam::policy::Effect;
use crate::iam::principal::Layer;
use crate::shell::Shell;

use super::goals::{self, OrgSource};
use super::schema::{FixCase, RequestCase, WhoCanCase};

/// Who may do a case's action, as the access grid decides it: every user
/// and role of the home account, in the grid's order, with its decision.
/// The root user is left out: nothing in IAM limits it in its own account,
/// so it teaches nothing here.
pub fn who_can(org: &Org, case: &WhoCanCase) -> Vec<(String, Decision)> {
    let column = Column::new(case.action.clone(), case.resource.clone());
    let g = access_grid::compute(org, &[column]);
    g.principals
        .iter()
        .enumerate()
        .filter(|(_, p)| p.as_str() != "root" && !p.starts_with("arn:"))
        .map(|(i, p)| (p.clone(), g.get(i, 0)))
        .collect()
}

/// The reasons a denied request is offered with, the right one among
/// them, and the engine's evaluation behind it.
#[derive(Debug, Clone)]
pub struct Reasons {
    pub options: Vec<String>,
    pub correct: usize,
    pub evaluation: Evaluation,
}

/// Why a case's request is denied, as a choice: one reason per layer the
/// engine looked at (each policy with a Deny, the boundary, the SCPs, a
/// resource policy, a session policy) and "nothing allows it", plus the
/// usual wrong guesses where the organization does not already offer
/// them. The engine's decision and the layer that settled it name the
/// right one. An error when the request is allowed: there is no "why".
pub fn why_denied(org: &Org, home: &str, case: &RequestCase) -> Result<Reasons, String> {
    let e = goals::evaluate(
        org,
        home,
        &case.principal,
        &case.action,
        &case.resource,
        &case.context,
    )?;
    if e.decision.is_allowed() {
        return Err(format!(
            "the engine allows {} to {} on {}: a why-denied case needs a denied request",
            case.principal, case.action, case.resource
        ));
    }
    let nothing = "Nothing allows it: no identity-based policy has a statement that matches \
                   (an implicit deny)"
        .to_string();
    let mut options = vec![nothing.clone()];
    let add = |o: String, options: &mut Vec<String>| {
        if !options.contains(&o) {
            options.push(o);
        }
    };
    for p in &e.policies {
        if p.statements.iter().any(|s| s.effect == Effect::Deny) {
            add(format!("An explicit Deny in {}", p.label()), &mut options);
        }
        match p.layer {
            Layer::Boundary => add(boundary(&p.name), &mut options),
            Layer::Scp => add(scp(&p.name), &mut options),
            Layer::Resource => add(resource(&p.name), &mut options),
            Layer::Session => add(session(&p.name), &mut options),
            Layer::Rcp => add(rcp(&p.name), &mut options),
            Layer::Identity => {}
        }
    }
    let correct_text = match (e.decision, e.decided_by) {
        (Decision::ExplicitDeny, _) => e
            .policies
            .iter()
            .find(|p| {
                p.statements
                    .iter()
                    .any(|s| s.effect == Effect::Deny && s.outcome.matched())
            })
            .map(|p| format!("An explicit Deny in {}", p.label())),
        (_, Some(Layer::Boundary)) => layer_name(&e, Layer::Boundary).map(|n| boundary(&n)),
        (_, Some(Layer::Scp)) => layer_name(&e, Layer::Scp).map(|n| scp(&n)),
        (_, Some(Layer::Resource)) => layer_name(&e, Layer::Resource).map(|n| resource(&n)),
        (_, Some(Layer::Session)) => layer_name(&e, Layer::Session).map(|n| session(&n)),
        (_, Some(Layer::Rcp)) => layer_name(&e, Layer::Rcp).map(|n| rcp(&n)),
        _ => Some(nothing),
    }
    .ok_or_else(|| format!("the engine's reason cannot be named: {}", e.reason))?;
    add(correct_text.clone(), &mut options);
    // The misconceptions a candidate reaches for, where the organization
    // does not already make them options: they are wrong here by
    // construction (the engine looked at no such layer).
    let layers: Vec<Layer> = e.policies.iter().map(|p| p.layer).collect();
    if !layers.contains(&Layer::Scp) {
        add(
            "A service control policy of the organization blocks it".into(),
            &mut options,
        );
    }
    if !layers.contains(&Layer::Boundary) {
        add(
            "A permissions boundary caps the principal".into(),
            &mut options,
        );
    }
    let correct = options
        .iter()
        .position(|o| *o == correct_text)
        .expect("the right reason was added");
    Ok(Reasons {
        options,
        correct,
        evaluation: e,
    })
}

fn layer_name(e: &Evaluation, layer: Layer) -> Option<String> {
    e.policies
        .iter()
        .find(|p| p.layer == layer)
        .map(|p| p.name.clone())
}

fn boundary(name: &str) -> String {
    format!("The permissions boundary `{name}` does not allow it")
}

fn scp(name: &str) -> String {
    format!("The service control policy `{name}` does not allow it")
}

fn rcp(name: &str) -> String {
    format!("The resource control policy `{name}` does not allow it")
}

fn resource(name: &str) -> String {
    format!("The resource policy `{name}` does not allow this caller")
}

fn session(name: &str) -> String {
    format!("The session policy `{name}` does not allow it")
}

/// Where a fix stands: does the command work as the principal, and what
/// else changed in who can do what since the start.
#[derive(Debug, Clone, PartialEq)]
pub struct FixState {
    /// The command, run as the principal on a copy of the sandbox, works.
    pub works: bool,
    /// What it printed when it did not (the AccessDenied line).
    pub error: String,
    /// Access gained beyond the case's own request, one line a change.
    pub also_gained: Vec<String>,
    /// Access lost since the start: said, not counted against the fix.
    pub lost: Vec<String>,
}

impl FixState {
    /// The command works and nobody gained anything else.
    pub fn solved(&self) -> bool {
        self.works && self.also_gained.is_empty()
    }
}

/// The request a case's command makes, as the engine saw it when the
/// command ran as the principal in `shell` (its last evaluation).
pub fn fix_request(shell: &Shell, case: &FixCase) -> Result<(String, String), String> {
    let mut s = shell.clone();
    s.track_access = false;
    let who = s.run(&format!("as {}", case.principal));
    if !who.ok {
        return Err(format!(
            "cannot act as `{}`: {}",
            case.principal,
            who.stderr.trim()
        ));
    }
    s.last_evaluation = None;
    s.run(&case.command);
    let e = s.last_evaluation.ok_or_else(|| {
        format!(
            "`{}` makes no request the engine decides",
            first_line(&case.command)
        )
    })?;
    Ok((e.action, e.resource))
}

/// Judges a fix: runs the command as the principal on a copy of `shell`
/// (so the candidate's sandbox is untouched), and compares who can do
/// what now with `start` on the grid's columns plus the case's own
/// request (`action` on `resource`).
pub fn fix_state(
    start: &Org,
    shell: &Shell,
    case: &FixCase,
    request: &(String, String),
) -> FixState {
    let mut s = shell.clone();
    s.track_access = false;
    s.run(&format!("as {}", case.principal));
    let o = s.run(&case.command);
    let error = if o.ok {
        String::new()
    } else {
        o.stderr.trim().to_string()
    };
    let target = Column::new(request.0.clone(), request.1.clone());
    let mut columns = access_grid::default_columns(start);
    columns.extend(access_grid::default_columns(&shell.org));
    columns.push(target.clone());
    access_grid::sort_columns(&mut columns);
    let diff = access_diff::diff_on(start, &shell.org, &columns);
    let who = grid_name(&shell.org, &shell.home, &case.principal);
    let others = AccessDiff {
        gained: diff
            .gained
            .iter()
            .filter(|c| !(Some(&c.principal) == who.as_ref() && c.column == target))
            .cloned()
            .collect(),
        lost: Vec::new(),
    };
    let lost = AccessDiff {
        gained: Vec::new(),
        lost: diff.lost.clone(),
    };
    FixState {
        works: o.ok,
        error,
        also_gained: others.summary(),
        lost: lost.summary(),
    }
}

/// The name the grid gives a principal named as a learner names it.
fn grid_name(org: &Org, home: &str, principal: &str) -> Option<String> {
    let caller = org.resolve_principal(principal, home).ok()?;
    Some(access_grid::principal_name(org, &caller))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Checks a fix case for the course: it builds, its command fails at the
/// start, and the reference solution makes it work with nothing else
/// gained. Returns the problems found.
pub fn check_fix(case: &FixCase, orgs: OrgSource<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut shell = match goals::build(&case.setup, orgs) {
        Ok(s) => s,
        Err(m) => return vec![format!("the start cannot be built: {m}")],
    };
    if case.solution.is_empty() {
        problems.push("it has no reference solution".into());
    }
    let request = match fix_request(&shell, case) {
        Ok(r) => r,
        Err(m) => return vec![m],
    };
    let start = shell.org.clone();
    let at_start = fix_state(&start, &shell, case, &request);
    if at_start.works {
        problems.push(format!(
            "`{}` already works as {} at the start",
            first_line(&case.command),
            case.principal
        ));
    }
    for cmd in &case.solution {
        let o = shell.run(cmd);
        if !o.ok {
            problems.push(format!(
                "solution command `{}` failed: {}",
                first_line(cmd),
                o.stderr.trim()
            ));
            return problems;
        }
    }
    let after = fix_state(&start, &shell, case, &request);
    if !after.works {
        problems.push(format!(
            "after the solution, `{}` still fails as {}: {}",
            first_line(&case.command),
            case.principal,
            after.error
        ));
    }
    for g in &after.also_gained {
        problems.push(format!("the solution gains more than the case asks: {g}"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::Setup;

    fn cmds(list: &[&str]) -> Setup {
        Setup::Commands(list.iter().map(|s| s.to_string()).collect())
    }

    const NO_ORGS: OrgSource<'static> = &|_| None;

    /// John may not read the reports; Sarah may read everything in S3.
    fn reports() -> Vec<&'static str> {
        vec![
            "aws s3api create-bucket --bucket reports",
            "aws s3api create-bucket --bucket payroll",
            "aws iam create-user --user-name john",
            "aws iam create-user --user-name sarah",
            "aws iam attach-user-policy --user-name sarah --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        ]
    }

    fn fix_case(solution: &[&str]) -> FixCase {
        FixCase {
            setup: cmds(&reports()),
            principal: "john".into(),
            command: "aws s3api list-objects-v2 --bucket reports".into(),
            solution: solution.iter().map(|s| s.to_string()).collect(),
            minutes: None,
        }
    }

    #[test]
    fn who_can_lists_users_with_the_engines_decision_and_leaves_out_root() {
        let shell = goals::build(&cmds(&reports()), NO_ORGS).unwrap();
        let case = WhoCanCase {
            setup: cmds(&[]),
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::reports/q1.csv".into(),
        };
        let got = who_can(&shell.org, &case);
        assert_eq!(
            got,
            vec![
                ("john".to_string(), Decision::ImplicitDeny),
                ("sarah".to_string(), Decision::Allowed),
            ]
        );
    }

    #[test]
    fn why_denied_names_the_deny_that_matched_and_offers_wrong_guesses() {
        let mut setup = reports();
        setup.push(
            r#"aws iam put-user-policy --user-name sarah --policy-name NoPayroll --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::payroll/*"}]}'"#,
        );
        let shell = goals::build(&cmds(&setup), NO_ORGS).unwrap();
        let case = |resource: &str| RequestCase {
            setup: cmds(&[]),
            principal: "sarah".into(),
            action: "s3:GetObject".into(),
            resource: resource.into(),
            context: Vec::new(),
        };
        let r = why_denied(&shell.org, &shell.home, &case("arn:aws:s3:::payroll/a")).unwrap();
        assert_eq!(r.evaluation.decision, Decision::ExplicitDeny);
        assert_eq!(
            r.options[r.correct],
            "An explicit Deny in inline policy `NoPayroll`"
        );
        assert!(r.options.iter().any(|o| o.starts_with("Nothing allows it")));
        assert!(
            r.options
                .iter()
                .any(|o| o.contains("service control policy"))
        );
        // John has nothing at all: the implicit deny is the answer.
        let mut c = case("arn:aws:s3:::reports/a");
        c.principal = "john".into();
        let r = why_denied(&shell.org, &shell.home, &c).unwrap();
        assert!(r.options[r.correct].starts_with("Nothing allows it"));
        // An allowed request has no reason to find.
        let err = why_denied(&shell.org, &shell.home, &case("arn:aws:s3:::reports/a"));
        assert!(err.unwrap_err().contains("allows sarah"));
    }

    #[test]
    fn a_fix_is_solved_only_when_the_command_works_and_nothing_else_is_gained() {
        let case = fix_case(&[]);
        let mut shell = goals::build(&case.setup, NO_ORGS).unwrap();
        let request = fix_request(&shell, &case).unwrap();
        assert_eq!(request.0, "s3:ListBucket");
        let start = shell.org.clone();
        let s = fix_state(&start, &shell, &case, &request);
        assert!(!s.works && !s.solved());
        assert!(s.error.contains("AccessDenied"), "{}", s.error);
        // Too broad: read-only on all of S3 also opens the payroll bucket.
        let mut broad = shell.clone();
        broad.run("aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
        let s = fix_state(&start, &broad, &case, &request);
        assert!(s.works, "{}", s.error);
        assert!(!s.solved());
        assert!(
            s.also_gained.iter().any(|g| g.contains("payroll")),
            "{:?}",
            s.also_gained
        );
        // Just the listing of that one bucket.
        shell.run(r#"aws iam put-user-policy --user-name john --policy-name Reports --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"}]}'"#);
        let s = fix_state(&start, &shell, &case, &request);
        assert!(s.solved(), "{s:?}");
    }

    #[test]
    fn the_check_replays_a_fix_case() {
        let good = fix_case(&[
            r#"aws iam put-user-policy --user-name john --policy-name Reports --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"}]}'"#,
        ]);
        assert_eq!(check_fix(&good, NO_ORGS), Vec::<String>::new());
        let broad = fix_case(&[
            "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        ]);
        let problems = check_fix(&broad, NO_ORGS);
        assert!(
            problems.iter().any(|p| p.contains("gains more")),
            "{problems:?}"
        );
        let mut works = fix_case(&[]);
        works.principal = "sarah".into();
        let problems = check_fix(&works, NO_ORGS);
        assert!(
            problems.iter().any(|p| p.contains("already works")),
            "{problems:?}"
        );
    }
}
