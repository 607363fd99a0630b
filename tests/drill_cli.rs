//! `iamtutor drill` on the command line: a topic it does not know is an
//! error that lists the ones it does, before any terminal is needed.

use std::process::Command;

fn drill(args: &[&str]) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("iamtutor-drill-cli-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .arg("drill")
        .args(args)
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .expect("iamtutor runs");
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unknown_topic_lists_the_valid_ones() {
    let (code, err) = drill(&["--topic", "policies"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "iamtutor: there is no drill topic `policies`; the topics are: identity, groups, \
         boundaries, resource, conditions, cross-account\n"
    );
}

#[test]
fn a_level_out_of_range_is_refused() {
    let (code, err) = drill(&["--level", "4"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("4 is not in 1..=3"), "{err}");
}

#[test]
fn a_known_topic_goes_on_to_the_terminal() {
    // Without a terminal the app says so: the topic itself was accepted.
    let (code, err) = drill(&["--topic", "cross-account", "--level", "3"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("needs a terminal"), "{err}");
}
