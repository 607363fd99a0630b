//! The layers hold, and a slip fails CI.
//!
//! - The pure core (the engine, the shell, content and learning logic) never
//!   touches the terminal, the file system, the network, the clock or
//!   unseeded randomness (a generator given a seed is fine).
//! - The app's state machine and the drawing code read no files and own no
//!   clock, and only the keymap sees terminal events.
//! - Imports between the top-level modules follow the arrows of DESIGN.md's
//!   diagram (`ARROWS` below): none runs upward.
//!
//! The checks read paths, not text: a small tokenizer skips comments, string
//! and character literals, then every `use` tree is unfolded into whole paths
//! (`use std::{fs, io}` is `std::fs` and `std::io`) and every path written
//! inline (`std::fs::read(..)`) is read too, with names a `use` brought in
//! resolved to what they stand for (`use std::time::Instant;` makes
//! `Instant::now()` read as `std::time::Instant::now`). Each check is proven
//! able to fail on a small source written into the test.

use std::fs;
use std::path::{Path, PathBuf};

/// What each top-level module may import from the others, as DESIGN.md §3
/// draws it:
///
/// ```text
/// main -> cmd -> tui -> ui -> app -> learn -> content -> shell -> iam
///                              \-> store (files)
/// ```
///
/// A module may use what its arrows reach. The diagram leaves two things
/// open, decided here: `store` saves the pure layers' types (the progress
/// model, the organization), so it may import them, and no pure layer may
/// import it; `tui` and `ui` reach the store only through `app`, since the
/// loop and the drawing code touch no files.
const ARROWS: &[(&str, &[&str])] = &[
    ("main", &["cmd"]),
    (
        "cmd",
        &[
            "tui", "ui", "app", "store", "learn", "content", "shell", "iam",
        ],
    ),
    ("tui", &["ui", "app", "learn", "content", "shell", "iam"]),
    ("ui", &["app", "learn", "content", "shell", "iam"]),
    ("app", &["store", "learn", "content", "shell", "iam"]),
    ("store", &["learn", "content", "shell", "iam"]),
    ("learn", &["content", "shell", "iam"]),
    ("content", &["shell", "iam"]),
    ("shell", &["iam"]),
    ("iam", &[]),
];

const PURE: &[&str] = &["iam", "shell", "content", "learn"];

/// Paths the pure core never names. Each is a run of path segments that may
/// stand anywhere in a path once imports are resolved, so `SystemTime`
/// catches `std::time::SystemTime` however it was brought in.
const PURE_FORBIDDEN: &[&str] = &[
    "ratatui",
    "crossterm",
    "std::fs",
    "std::net::TcpStream",
    "std::net::TcpListener",
    "std::net::UdpSocket",
    "std::process",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "std::env",
    "SystemTime",
    "Instant::now",
    "thread_rng",
    "rand::rng",
    "rand::random",
    "OsRng",
    "SysRng",
    "from_os_rng",
    "getrandom",
];

/// What `app/` and `ui/` never name: the loop in `tui.rs` and the binary own
/// files, the clock and the environment.
const APP_UI_FORBIDDEN: &[&str] = &["std::fs", "std::env", "SystemTime", "Instant::now"];

/// Terminal events reach the app through its keymap alone.
const EVENTS: &str = "crossterm::event";

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
}

/// Splits Rust source into identifiers, `::` and single punctuation, each
/// with its line, dropping whitespace, comments (nested block comments too),
/// string, byte-string, raw-string, character and number literals, and
/// lifetimes.
fn tokenize(src: &str) -> Vec<(Tok, usize)> {
    let s: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    // Skips to just past the closing quote of a string whose opening quote
    // is at `s[i]`, counting lines; `hashes` is the raw string's `#` count,
    // `None` for a string with escapes.
    let skip_string = |i: &mut usize, line: &mut usize, hashes: Option<usize>| {
        *i += 1;
        while *i < s.len() {
            let c = s[*i];
            if c == '\n' {
                *line += 1;
            }
            if c == '\\' && hashes.is_none() {
                if s.get(*i + 1) == Some(&'\n') {
                    *line += 1;
                }
                *i += 2;
                continue;
            }
            if c == '"' {
                let n = hashes.unwrap_or(0);
                if (1..=n).all(|k| s.get(*i + k) == Some(&'#')) {
                    *i += 1 + n;
                    return;
                }
            }
            *i += 1;
        }
    };
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if s[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            skip_string(&mut i, &mut line, None);
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime
            // ('a, 'static), which has no closing quote after one char.
            if next == Some('\\') {
                // Past the quote, the backslash and the escaped character.
                i += 3;
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if s.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            let after = s.get(i).copied();
            let raw_prefix = matches!(word.as_str(), "r" | "br" | "cr");
            if raw_prefix && matches!(after, Some('"') | Some('#')) {
                let mut hashes = 0;
                while s.get(i + hashes) == Some(&'#') {
                    hashes += 1;
                }
                if s.get(i + hashes) == Some(&'"') {
                    i += hashes;
                    skip_string(&mut i, &mut line, Some(hashes));
                    continue;
                }
                // `r#type`: a raw identifier.
                if word == "r" && hashes == 1 {
                    i += 1;
                    continue;
                }
            }
            if matches!(word.as_str(), "b" | "c") && after == Some('"') {
                skip_string(&mut i, &mut line, None);
                continue;
            }
            if word == "b" && after == Some('\'') {
                i += if s.get(i + 1) == Some(&'\\') { 3 } else { 2 };
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            out.push((Tok::Ident(word), line));
        } else if c == ':' && next == Some(':') {
            out.push((Tok::Sep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Paths

/// One path a source file names, with the line it starts on.
#[derive(Debug, Clone)]
struct Named {
    segs: Vec<String>,
    line: usize,
    /// `use a::b::*`: everything under `segs`.
    glob: bool,
}

/// One `use` tree leaf: the whole path, and the name it binds (none for a
/// glob or `as _`).
struct Import {
    path: Named,
    binds: Option<String>,
}

/// Unfolds the `use` tree starting at `toks[*i]` (just past `use`) into its
/// leaves, prefixing each with `prefix`; stops past the tree (at `,`, `}` or
/// `;`, which it leaves for the caller).
fn use_tree(toks: &[(Tok, usize)], i: &mut usize, prefix: &[String], out: &mut Vec<Import>) {
    let mut segs = prefix.to_vec();
    let line = toks.get(*i).map_or(0, |t| t.1);
    if toks.get(*i).map(|t| &t.0) == Some(&Tok::Sep) {
        *i += 1;
    }
    loop {
        match toks.get(*i).map(|t| &t.0) {
            Some(Tok::Punct('{')) => {
                *i += 1;
                loop {
                    match toks.get(*i).map(|t| &t.0) {
                        Some(Tok::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *i += 1,
                        None => return,
                        _ => use_tree(toks, i, &segs, out),
                    }
                }
            }
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push(Import {
                    path: Named {
                        segs,
                        line,
                        glob: true,
                    },
                    binds: None,
                });
                return;
            }
            Some(Tok::Ident(word)) => {
                segs.push(word.clone());
                *i += 1;
                if toks.get(*i).map(|t| &t.0) == Some(&Tok::Sep) {
                    *i += 1;
                    continue;
                }
                // `a::b::{self}` names `a::b` itself.
                if segs.last().is_some_and(|s| s == "self") && segs.len() > 1 {
                    segs.pop();
                }
                let mut binds = segs.last().cloned();
                if let Some(Tok::Ident(kw)) = toks.get(*i).map(|t| &t.0)
                    && kw == "as"
                {
                    binds = match toks.get(*i + 1).map(|t| &t.0) {
                        Some(Tok::Ident(alias)) if alias != "_" => Some(alias.clone()),
                        _ => None,
                    };
                    *i += 2;
                }
                out.push(Import {
                    path: Named {
                        segs,
                        line,
                        glob: false,
                    },
                    binds,
                });
                return;
            }
            _ => return,
        }
    }
}

/// Every path a source names, in `use` items and inline, with names that a
/// `use` in the same file brought in replaced by the path they stand for.
fn named_paths(src: &str) -> Vec<Named> {
    let toks = tokenize(src);
    let mut imports = Vec::new();
    let mut inline = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let is_use = toks[i].0 == Tok::Ident("use".into()) && (i == 0 || toks[i - 1].0 != Tok::Sep);
        if is_use {
            i += 1;
            use_tree(&toks, &mut i, &[], &mut imports);
            continue;
        }
        // An inline path: `a::b::c` or `::a::b`, at least one `::` long.
        let starts_with_sep = toks[i].0 == Tok::Sep;
        let follows_path = i > 0 && toks[i - 1].0 == Tok::Sep;
        if follows_path {
            i += 1;
            continue;
        }
        let mut j = if starts_with_sep { i + 1 } else { i };
        let mut segs = Vec::new();
        while let Some((Tok::Ident(word), _)) = toks.get(j) {
            segs.push(word.clone());
            if toks.get(j + 1).map(|t| &t.0) == Some(&Tok::Sep) {
                j += 2;
            } else {
                j += 1;
                break;
            }
        }
        if segs.len() > 1 {
            inline.push(Named {
                segs,
                line: toks[i].1,
                glob: false,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    let bound: Vec<(String, Vec<String>)> = imports
        .iter()
        .filter_map(|imp| Some((imp.binds.clone()?, imp.path.segs.clone())))
        .collect();
    // `use std::time; use time::Instant;` resolves through the first use.
    let resolve = |segs: &[String]| -> Vec<String> {
        match bound
            .iter()
            .find(|(name, path)| segs.first() == Some(name) && path.as_slice() != segs)
        {
            Some((_, path)) => path.iter().chain(&segs[1..]).cloned().collect(),
            None => segs.to_vec(),
        }
    };
    let mut paths: Vec<Named> = imports
        .into_iter()
        .map(|imp| imp.path)
        .chain(inline)
        .map(|n| Named {
            segs: resolve(&n.segs),
            ..n
        })
        .collect();
    paths.sort_by_key(|p| p.line);
    paths
}

/// Whether `path` names `pattern` (`a::b`): the pattern's segments stand in
/// a row anywhere in the path, or the path is a glob over a module that holds
/// what the pattern names (`use std::*` brings in `std::fs`).
fn names(path: &Named, pattern: &str) -> bool {
    let pat: Vec<&str> = pattern.split("::").collect();
    let run = path
        .segs
        .windows(pat.len())
        .any(|w| w.iter().zip(&pat).all(|(a, b)| a == b));
    let glob_over =
        path.glob && path.segs.len() < pat.len() && path.segs.iter().zip(&pat).all(|(a, b)| a == b);
    run || glob_over
}

/// The top-level module a path reaches from a file of `module` (its module
/// path from the crate root), if it leaves the file's own top-level module
/// for another: through `crate::`, the library's name, or enough `super`s.
fn target_module(module: &[String], segs: &[String]) -> Option<String> {
    let first = segs.first()?.as_str();
    let top = match first {
        "crate" | "iamtutor" => segs.get(1)?,
        "super" => {
            let supers = segs.iter().take_while(|s| *s == "super").count();
            if supers < module.len() {
                return None;
            }
            segs.get(supers)?
        }
        _ => return None,
    };
    Some(top.clone())
}

// ---------------------------------------------------------------------------
// Checks, each over one file's path (relative to the package) and text

/// The module path of a source file under `src/`: `src/app/keymap.rs` is
/// `app::keymap`, `src/app/mod.rs` is `app`, `src/main.rs` is `main`.
fn module_of(file: &str) -> Vec<String> {
    let rel = file.strip_prefix("src/").unwrap_or(file);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn forbidden_uses(file: &str, src: &str, forbidden: &[&str]) -> Vec<String> {
    let mut offences = Vec::new();
    for path in named_paths(src) {
        for bad in forbidden {
            if names(&path, bad) {
                offences.push(format!(
                    "{file}:{}: names `{bad}` (in `{}`)",
                    path.line,
                    path.segs.join("::")
                ));
            }
        }
    }
    offences
}

fn pure_offences(file: &str, src: &str) -> Vec<String> {
    forbidden_uses(file, src, PURE_FORBIDDEN)
}

fn app_ui_offences(file: &str, src: &str) -> Vec<String> {
    let mut offences = forbidden_uses(file, src, APP_UI_FORBIDDEN);
    // The keymap's dispatch turns events into actions; its tables, like
    // the rest of the app, name only its own `Key`.
    if !file.ends_with("app/keymap/dispatch.rs") {
        offences.extend(forbidden_uses(file, src, &[EVENTS]));
    }
    offences
}

fn arrow_offences(file: &str, src: &str) -> Vec<String> {
    let module = module_of(file);
    let Some(own) = module.first() else {
        return Vec::new();
    };
    let Some((_, allowed)) = ARROWS.iter().find(|(m, _)| m == own) else {
        return vec![format!(
            "{file}: top-level module `{own}` has no row in ARROWS: place it in the layers"
        )];
    };
    let mut offences = Vec::new();
    for path in named_paths(src) {
        let Some(target) = target_module(&module, &path.segs) else {
            continue;
        };
        let known = ARROWS.iter().any(|(m, _)| *m == target);
        if target != *own && known && !allowed.contains(&target.as_str()) {
            offences.push(format!(
                "{file}:{}: `{own}` imports `{target}` (in `{}`), an arrow DESIGN.md does not draw",
                path.line,
                path.segs.join("::")
            ));
        }
    }
    offences
}

// ---------------------------------------------------------------------------
// The sources

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file under `src/` whose top-level module is one of `tops`
/// (`main` and `tui` are the files `src/main.rs`, `src/tui.rs`), as its path
/// from the package root and its text.
fn sources(tops: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&p).unwrap();
            (rel, text)
        })
        .filter(|(rel, _)| {
            module_of(rel)
                .first()
                .is_some_and(|m| tops.contains(&m.as_str()))
        })
        .collect();
    out.sort();
    for top in tops {
        assert!(
            out.iter().any(|(rel, _)| module_of(rel)[0] == *top),
            "src/{top} has no sources"
        );
    }
    out
}

fn check(tops: &[&str], rule: fn(&str, &str) -> Vec<String>) {
    let offences: Vec<String> = sources(tops)
        .iter()
        .flat_map(|(file, text)| rule(file, text))
        .collect();
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn pure_modules_import_no_io_clock_or_randomness() {
    check(PURE, pure_offences);
}

/// The app's state machine and the drawing code read no files and own no
/// clock either (the loop in `tui.rs` and the binary do that), and only the
/// keymap sees terminal events.
#[test]
fn app_and_ui_touch_no_files_and_only_the_keymap_sees_events() {
    check(&["app", "ui"], app_ui_offences);
}

#[test]
fn imports_between_top_level_modules_follow_the_designs_arrows() {
    let tops: Vec<&str> = ARROWS.iter().map(|(m, _)| *m).collect();
    check(&tops, arrow_offences);
}

/// A new top-level module must be placed in the layers before it is used.
#[test]
fn every_top_level_module_has_a_row_in_the_arrows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" {
            continue;
        }
        if !ARROWS.iter().any(|(m, _)| *m == name) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "not in ARROWS: {missing:?}");
}

/// A slip in the tokenizer (a string or comment it misreads) would hide the
/// rest of a file from every check; balanced brackets in every source show
/// it read each one whole.
#[test]
fn the_tokenizer_reads_every_source_whole() {
    let tops: Vec<&str> = ARROWS.iter().map(|(m, _)| *m).collect();
    let mut unbalanced = Vec::new();
    for (file, text) in sources(&tops) {
        let toks = tokenize(&text);
        for (open, close) in [('{', '}'), ('(', ')'), ('[', ']')] {
            let count = |c: char| toks.iter().filter(|t| t.0 == Tok::Punct(c)).count();
            if count(open) != count(close) {
                unbalanced.push(format!(
                    "{file}: {open} {} vs {close} {}",
                    count(open),
                    count(close)
                ));
            }
        }
    }
    assert!(unbalanced.is_empty(), "{}", unbalanced.join("\n"));
    let misread = "let s = \"{\"; /* } */ let c = '{';";
    let toks = tokenize(misread);
    assert!(
        !toks
            .iter()
            .any(|t| matches!(t.0, Tok::Punct('{') | Tok::Punct('}')))
    );
}

// ---------------------------------------------------------------------------
// Each check can fail

fn joined(paths: &[Named]) -> Vec<String> {
    paths.iter().map(|p| p.segs.join("::")).collect()
}

#[test]
fn use_trees_unfold_into_whole_paths() {
    let src = "use std::{fs, io::{self, Read as R}, collections::*};\n\
               pub(crate) use crate::{a, b::c as _};\n\
               use ::serde::Serialize;\n";
    let paths = named_paths(src);
    assert_eq!(
        joined(&paths),
        [
            "std::fs",
            "std::io",
            "std::io::Read",
            "std::collections",
            "crate::a",
            "crate::b::c",
            "serde::Serialize",
        ]
    );
    assert!(paths[3].glob && !paths[0].glob);
    assert_eq!(paths[4].line, 2);
}

#[test]
fn comments_and_literals_are_not_read_as_code() {
    let src = r####"
// use std::fs;
/* use std::fs; /* nested */ std::fs::read(); */
/// std::env::var("HOME")
let a = "std::fs::read(\"x\")";
let b = r#"std::fs::read("x")"#;
let c = b"std::fs"; let h = b'\''; let i = b'"';
let d = '"'; let e = '\''; fn f<'a>(x: &'a str) {}
let g = br##"std::net::TcpStream"##;
let ok = std::time::Duration::from_secs(1);
"####;
    assert_eq!(
        joined(&named_paths(src)),
        ["std::time::Duration::from_secs"]
    );
    assert!(pure_offences("src/iam/x.rs", src).is_empty());
}

#[test]
fn the_pure_check_catches_nested_inline_and_renamed_paths() {
    let cases = [
        ("use std::{fs, io};", "std::fs"),
        ("use std::{io, fs::File};", "std::fs"),
        ("use std::*;", "std::fs"),
        ("fn f() { let _ = std::fs::read(\"a\"); }", "std::fs"),
        ("fn f() { ::std::env::var(\"A\"); }", "std::env"),
        (
            "use std::time::Instant;\nfn f() { Instant::now(); }",
            "Instant::now",
        ),
        (
            "use std::time::{self};\nfn f() { time::SystemTime::now(); }",
            "SystemTime",
        ),
        ("use ratatui::style::Color;", "ratatui"),
        ("use std::process::Command as C;", "std::process"),
        ("fn f() { let r = rand::rng(); }", "rand::rng"),
        ("use rand::{rngs::OsRng};", "OsRng"),
    ];
    for (src, bad) in cases {
        let offences = pure_offences("src/iam/x.rs", src);
        assert!(
            offences.iter().any(|o| o.contains(&format!("`{bad}`"))),
            "{src:?} should name `{bad}`: {offences:?}"
        );
    }
    let fine = "use std::time::Duration;\nuse rand::rngs::StdRng;\nuse std::io::Write;\n";
    assert!(pure_offences("src/iam/x.rs", fine).is_empty());
}

#[test]
fn the_app_check_catches_files_clock_and_events_outside_the_keymap() {
    let events = "use crossterm::{event::{KeyCode, KeyEvent}};";
    assert_eq!(app_ui_offences("src/app/state.rs", events).len(), 2);
    assert_eq!(app_ui_offences("src/ui/lab.rs", events).len(), 2);
    assert!(app_ui_offences("src/app/keymap/dispatch.rs", events).is_empty());
    assert_eq!(
        app_ui_offences("src/app/keymap/screens.rs", events).len(),
        2
    );
    let files = "fn save() { std::fs::write(\"p\", b\"x\").unwrap(); }";
    assert_eq!(app_ui_offences("src/ui/lab.rs", files).len(), 1);
    let clock = "use std::time::{Duration, SystemTime};";
    assert_eq!(app_ui_offences("src/app/state.rs", clock).len(), 1);
}

#[test]
fn the_arrow_check_catches_upward_imports_in_every_form() {
    let upward = [
        ("src/iam/model.rs", "use crate::shell::Cx;", "shell"),
        (
            "src/learn/lab.rs",
            "use crate::{iam::Org, ui::theme};",
            "ui",
        ),
        (
            "src/content/mod.rs",
            "fn f() { crate::learn::grade(); }",
            "learn",
        ),
        (
            "src/shell/run/out.rs",
            "use super::super::super::app::App;",
            "app",
        ),
        ("src/store/mod.rs", "use crate::app::App;", "app"),
        ("src/ui/mod.rs", "use crate::store::Store;", "store"),
        ("src/tui.rs", "use super::store::Store;", "store"),
        ("src/app/mod.rs", "use crate::tui::run;", "tui"),
        ("src/main.rs", "use iamtutor::ui::draw;", "ui"),
    ];
    for (file, src, target) in upward {
        let offences = arrow_offences(file, src);
        assert!(
            offences.len() == 1 && offences[0].contains(&format!("imports `{target}`")),
            "{file}: {src:?} should be refused: {offences:?}"
        );
    }
    let downward = [
        (
            "src/learn/lab.rs",
            "use crate::{iam::Org, content::Lab, learn::x};",
        ),
        (
            "src/app/state.rs",
            "use super::keymap; use super::super::store::Store;",
        ),
        (
            "src/cmd/run.rs",
            "use iamtutor::{tui, store::Store}; use crate::cmd::out;",
        ),
        ("src/ui/lab/grid.rs", "use super::super::Theme;"),
    ];
    for (file, src) in downward {
        assert_eq!(
            arrow_offences(file, src),
            Vec::<String>::new(),
            "{file}: {src:?}"
        );
    }
    assert!(arrow_offences("src/gui/mod.rs", "")[0].contains("no row in ARROWS"));
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
