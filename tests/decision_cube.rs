//! The decision cube is the evaluator called cell by cell, whether it runs
//! on one thread or several.

use iamtutor::iam::context::Context;
use iamtutor::iam::{decision_cube, synthetic};

#[test]
fn matrix_equals_explain_cell_by_cell_on_both_paths() {
    for (users, seed) in [(6, 1), (60, 2)] {
        let org = synthetic::org(users, 8, 30, seed);
        let callers = decision_cube::all_principals(&org);
        let actions = synthetic::actions(100);
        let resources = synthetic::resources(20);
        let m = decision_cube::compute(&org, &callers, &actions, &resources);
        assert_eq!(m.principals.len(), callers.len());
        assert_eq!(
            m.cells.len(),
            callers.len() * actions.len() * resources.len()
        );
        let ctx = Context::new();
        for (pi, caller) in callers.iter().enumerate() {
            for (ai, a) in actions.iter().enumerate() {
                for (ri, r) in resources.iter().enumerate() {
                    let e = org.explain(caller, a, r, &ctx).unwrap();
                    assert_eq!(
                        m.get(pi, ai, ri),
                        e.decision,
                        "{} {a} {r}",
                        m.principals[pi]
                    );
                }
            }
        }
        // The organization is not trivial: some cells allow, some deny.
        assert!(m.allowed_count() > 0 && m.allowed_count() < m.cells.len());
    }
}
