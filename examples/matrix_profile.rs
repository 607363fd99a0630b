//! Runs the 1,000-user decision cube once, for profiling and timing:
//! `cargo run --release --example matrix_profile`.
use iamtutor::iam::{decision_cube, synthetic};

fn main() {
    let org = synthetic::org(1000, 50, 200, 42);
    let callers = decision_cube::all_principals(&org);
    let actions = synthetic::actions(200);
    let resources = synthetic::resources(20);
    let start = std::time::Instant::now();
    let m = decision_cube::compute(&org, &callers, &actions, &resources);
    println!(
        "{} cells, {} allowed, {:?}",
        m.cells.len(),
        m.allowed_count(),
        start.elapsed()
    );
}
