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
