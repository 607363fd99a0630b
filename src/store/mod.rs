//! The learner's files: progress, saved atomically after every step. The
//! only module of the library that reads and writes files of its own.
//!
//! A missing file is a fresh start. A damaged one is moved aside as a
//! backup and the learner starts fresh, with a one-line notice. A file
//! written by a newer iamtutor is refused, never overwritten.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::learn::progress::Progress;

pub mod work;

/// The progress file's format version; bump it when a change would make
/// an older iamtutor misread the file.
pub const FORMAT: u32 = 1;

/// What a progress file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressFile {
    pub format: u32,
    pub learner: String,
    pub progress: Progress,
}

/// Only the version, read first: a newer file may not parse as this one.
#[derive(Debug, Deserialize)]
struct Version {
    format: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Written by a newer iamtutor.
    TooNew {
        path: PathBuf,
        format: u32,
    },
    Io {
        path: PathBuf,
        message: String,
    },
    /// A file to import that is not a progress file.
    NotProgress {
        path: PathBuf,
        message: String,
    },
    BadLearner(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::TooNew { path, format } => write!(
                f,
                "{} was written by a newer iamtutor (progress format {format}; this one reads up \
                 to {FORMAT}); update iamtutor to use it, or move it away to start fresh",
                path.display()
            ),
            StoreError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            StoreError::NotProgress { path, message } => write!(
                f,
                "{} is not an iamtutor progress file: {message}",
                path.display()
            ),
            StoreError::BadLearner(name) => write!(
                f,
                "`{name}` cannot be a learner's name: use 1 to 40 letters, digits, `-` or `_`"
            ),
        }
    }
}

/// What loading found.
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    /// Something the learner should know (a damaged file set aside).
    pub notice: Option<String>,
}

/// One learner's files in one folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    learner: String,
}

fn io_error(path: &Path, e: &io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Checks a learner's name: it becomes part of a file name.
pub fn valid_learner(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>, learner: &str) -> Result<Store, StoreError> {
        if !valid_learner(learner) {
            return Err(StoreError::BadLearner(learner.to_string()));
        }
        Ok(Store {
            dir: dir.into(),
            learner: learner.to_string(),
        })
    }

    /// The platform's folder for an application's data (on Linux
    /// `~/.local/share/iamtutor`), when the platform has one.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "iamtutor").map(|d| d.data_dir().to_path_buf())
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.progress.ron", self.learner))
    }

    pub fn learner(&self) -> &str {
        &self.learner
    }

    /// Reads the learner's progress (see the module's notes).
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    progress: Progress::default(),
                    notice: None,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::InvalidData => String::new(),
            Err(e) => return Err(io_error(&path, &e)),
        };
        match parse(&text) {
            Ok(file) => Ok(Loaded {
                progress: file.progress,
                notice: None,
            }),
            Err(Parse::TooNew(format)) => Err(StoreError::TooNew { path, format }),
            Err(Parse::Broken(_)) => {
                let backup = self.backup_path();
                fs::rename(&path, &backup).map_err(|e| io_error(&path, &e))?;
                Ok(Loaded {
                    progress: Progress::default(),
                    notice: Some(format!(
                        "your progress file was damaged; it is kept as {} and you start fresh",
                        backup.display()
                    )),
                })
            }
        }
    }

    /// A name for a damaged file that no earlier backup has taken.
    fn backup_path(&self) -> PathBuf {
        let base = self.path();
        (1..)
            .map(|n| PathBuf::from(format!("{}.damaged-{n}", base.display())))
            .find(|p| !p.exists())
            .expect("some number is free")
    }

    /// Saves atomically: a reader sees the old file or the new, never half.
    pub fn save(&self, progress: &Progress) -> Result<(), StoreError> {
        fs::create_dir_all(&self.dir).map_err(|e| io_error(&self.dir, &e))?;
        let path = self.path();
        write_atomic(&path, &self.render(progress)).map_err(|e| io_error(&path, &e))
    }

    /// The file's text for `progress`.
    pub fn render(&self, progress: &Progress) -> String {
        let file = ProgressFile {
            format: FORMAT,
            learner: self.learner.clone(),
            progress: progress.clone(),
        };
        let config = ron::ser::PrettyConfig::default();
        ron::ser::to_string_pretty(&file, config).expect("progress always serializes") + "\n"
    }

    /// The folder of the learner's work in progress (sandboxes, labs).
    pub fn work_dir(&self) -> PathBuf {
        self.dir.join(format!("{}.work", self.learner))
    }

    /// Removes what saves interrupted by a crash or a signal left behind:
    /// temporary files of processes that no longer run. Returns how many.
    pub fn clean_leftovers(&self) -> usize {
        let mut removed = 0;
        let mut folders = vec![(self.dir.clone(), 0)];
        while let Some((dir, depth)) = folders.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                let name = e.file_name().to_string_lossy().to_string();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    // Only the learner's own work folder is walked.
                    if depth < 3 && (depth > 0 || name == format!("{}.work", self.learner)) {
                        folders.push((path, depth + 1));
                    }
                } else if leftover(&name) && fs::remove_file(&path).is_ok() {
                    removed += 1;
                }
            }
        }
        removed
    }

    /// Replaces the learner's progress with a file exported elsewhere; the
    /// progress it replaces is kept beside it.
    /// Returns the progress imported and where the replaced one was kept.
    pub fn import(&self, from: &Path) -> Result<(Progress, Option<PathBuf>), StoreError> {
        let text = fs::read_to_string(from).map_err(|e| io_error(from, &e))?;
        let file = match parse(&text) {
            Ok(f) => f,
            Err(Parse::TooNew(format)) => {
                return Err(StoreError::TooNew {
                    path: from.to_path_buf(),
                    format,
                });
            }
            Err(Parse::Broken(message)) => {
                return Err(StoreError::NotProgress {
                    path: from.to_path_buf(),
                    message,
                });
            }
        };
        let current = self.path();
        let mut backup = None;
        if current.exists() {
            // Every import keeps what it replaced, numbered: a second
            // import must not throw away the first one's backup.
            let kept = (1..)
                .map(|n| PathBuf::from(format!("{}.before-import-{n}", current.display())))
                .find(|p| !p.exists())
                .expect("some number is free");
            fs::copy(&current, &kept).map_err(|e| io_error(&kept, &e))?;
            backup = Some(kept);
        }
        self.save(&file.progress)?;
        Ok((file.progress, backup))
    }
}

enum Parse {
    TooNew(u32),
    Broken(String),
}

fn options() -> ron::Options {
    ron::Options::default()
}

/// Parses a progress file's text.
pub fn read(text: &str) -> Result<ProgressFile, String> {
    parse(text).map_err(|e| match e {
        Parse::TooNew(f) => format!("written by a newer iamtutor (progress format {f})"),
        Parse::Broken(m) => m,
    })
}

fn parse(text: &str) -> Result<ProgressFile, Parse> {
    // The version first: a newer format may not parse as this one, and
    // must be refused rather than called damaged.
    if let Ok(v) = lenient_version(text)
        && v > FORMAT
    {
        return Err(Parse::TooNew(v));
    }
    options().from_str::<ProgressFile>(text).map_err(|e| {
        Parse::Broken(format!(
            "{}:{}: {}",
            e.span.start.line, e.span.start.col, e.code
        ))
    })
}

/// The `format` field alone, ignoring every other field.
fn lenient_version(text: &str) -> Result<u32, ()> {
    #[derive(Deserialize)]
    struct Any {
        format: u32,
        #[serde(flatten)]
        _rest: std::collections::BTreeMap<String, ron::Value>,
    }
    if let Ok(a) = options().from_str::<Any>(text) {
        return Ok(a.format);
    }
    options()
        .from_str::<Version>(text)
        .map(|v| v.format)
        .map_err(|_| ())
}

/// A temporary file of `write_atomic` whose process is gone (or is this
/// one, which has saved nothing yet when it cleans up).
fn leftover(name: &str) -> bool {
    let Some((_, pid)) = name.rsplit_once(".tmp-") else {
        return false;
    };
    if !name.starts_with('.') {
        return false;
    }
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    // Where processes cannot be looked up, a leftover is never removed.
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Writes a file atomically (see `write_atomic`) without waiting for the
/// disk: for drafts, written often, where a power cut may lose the last
/// one but a crash never leaves half a file.
pub fn write_quick(path: &Path, contents: &str) -> io::Result<()> {
    write_with(path, contents, false)
}

/// Writes a file so that readers see the old contents or the new, never
/// half of either: a temporary file in the same directory (a rename is only
/// atomic within one file system), flushed to disk, then renamed over.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    write_with(path, contents, true)
}

fn write_with(path: &Path, contents: &str, sync: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        if sync {
            f.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
