//! The pure core stays pure: the engine, the shell, content and learning
//! logic never touch the terminal, the file system, the network, the clock
//! or unseeded randomness (a generator given a seed is fine). Scans the
//! sources so a slip fails CI.

use std::fs;
use std::path::Path;

const PURE: &[&str] = &["src/iam", "src/shell", "src/content", "src/learn"];
const FORBIDDEN: &[&str] = &[
    "ratatui",
    "crossterm",
    "std::fs",
    "std::net::TcpStream",
    "std::net::UdpSocket",
    "SystemTime",
    "Instant::now",
    "std::env",
    "thread_rng",
    "rand::rng()",
    "OsRng",
    "getrandom",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn pure_modules_import_no_io_clock_or_randomness() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offences = Vec::new();
    for dir in PURE {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        assert!(!files.is_empty(), "{dir} has no sources");
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for bad in FORBIDDEN {
                    if code.contains(bad) {
                        offences.push(format!("{}:{}: uses `{bad}`", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// The app's state machine and the drawing code read no files and own no
/// clock either (the loop in `tui.rs` and the binary do that), and only the
/// keymap sees terminal events.
#[test]
fn app_and_ui_touch_no_files_and_only_the_keymap_sees_events() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offences = Vec::new();
    for dir in ["src/app", "src/ui"] {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        assert!(!files.is_empty(), "{dir} has no sources");
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            let keymap = file.ends_with("keymap.rs");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let mut bad: Vec<&str> = ["std::fs", "SystemTime", "Instant::now", "std::env"]
                    .into_iter()
                    .filter(|b| code.contains(b))
                    .collect();
                if !keymap && code.contains("crossterm::event") {
                    bad.push("crossterm::event");
                }
                for b in bad {
                    offences.push(format!("{}:{}: uses `{b}`", file.display(), n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// Integration tests build as one binary (`autotests = false`), so a test
/// file that `tests/it.rs` does not name would never run, silently.
#[test]
fn every_test_file_is_part_of_the_test_binary() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let it = fs::read_to_string(tests.join("it.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".rs") else {
            continue;
        };
        if stem != "it" && !it.contains(&format!("#[path = \"{name}\"]\nmod {stem};")) {
            missing.push(name.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/it.rs does not include {missing:?}: add `#[path = \"FILE.rs\"] mod FILE;` for each"
    );
}

/// `src/` reads as the design's diagram: the crate root holds the binary's
/// entry point, the library's, the terminal loop and at most one more file;
/// everything else lives in a folder named for its part (`cmd/` for the
/// binary's subcommands).
#[test]
fn the_crate_root_holds_at_most_four_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<String> = fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for needed in ["main.rs", "lib.rs", "tui.rs"] {
        assert!(files.iter().any(|f| f == needed), "src/{needed} is missing");
    }
    assert!(
        files.len() <= 4,
        "src/ holds {files:?}: put a new file in the folder of its part (cmd/, app/, ui/, ...)"
    );
}

/// The engine is the bottom layer: nothing in `src/iam` names a module above
/// it (the sandbox, learning, content, the store, the app, the screens or the
/// binary's commands), in a `use` or in a path written inline.
#[test]
fn the_engine_imports_nothing_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let above = [
        "shell", "learn", "content", "store", "app", "ui", "cmd", "tui",
    ];
    let mut files = Vec::new();
    rust_files(&root.join("src/iam"), &mut files);
    assert!(!files.is_empty(), "src/iam has no sources");
    let mut offences = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for m in above {
                for spelled in [format!("crate::{m}"), format!("iamtutor::{m}")] {
                    let hit = code.match_indices(&spelled).any(|(i, _)| {
                        let next = code[i + spelled.len()..].chars().next();
                        !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    });
                    if hit {
                        offences.push(format!("{}:{}: names `{spelled}`", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}
