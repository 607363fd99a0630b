//! The learner's files: progress, saved atomically after every step. The
//! only module of the library that reads and writes files of its own.
//!
//! A missing file is a fresh start. A damaged one is moved aside as a
//! backup and the learner starts fresh, with a one-line notice. A file
//! written by a newer iamtutor is refused, never overwritten. A file that
//! parses but holds numbers that cannot be (more right answers than
//! answers, a review card's memory that is not a number) is repaired, the
//! file as it was kept beside it, with a notice; importing one is refused.
//!
//! Every file is written through a temporary file created exclusively,
//! under a name no one can guess, in the same folder, then renamed over the
//! original: a link planted where the temporary file will be cannot
//! redirect the write. A new file is its owner's alone (0600: state files
//! hold simulated secrets); a file replaced keeps its permissions; a file
//! that is a symbolic link has its target replaced, and stays a link.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::learn::progress::Progress;

pub mod files;
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
    /// A file to import that could not be read (the message names it).
    Unreadable {
        message: String,
    },
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
            StoreError::Unreadable { message } => f.write_str(message),
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
        let text = match read_kept(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    progress: Progress::default(),
                    notice: None,
                });
            }
            Err(e) => return Err(io_error(&path, &e)),
        };
        match parse(&text) {
            Ok(file) => {
                let mut progress = file.progress;
                let fixes = progress.repair();
                if fixes.is_empty() {
                    return Ok(Loaded {
                        progress,
                        notice: None,
                    });
                }
                // The file as it was stays beside the repaired one.
                let kept = numbered(&path, "before-repair");
                fs::copy(&path, &kept).map_err(|e| io_error(&kept, &e))?;
                self.save(&progress)?;
                Ok(Loaded {
                    progress,
                    notice: Some(format!(
                        "your progress file held numbers that cannot be ({}); they were \
                         repaired, and the file as it was is kept as {}",
                        summary(&fixes),
                        kept.display()
                    )),
                })
            }
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
        numbered(&self.path(), "damaged")
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
        let text = files::read_text(from).map_err(|message| StoreError::Unreadable { message })?;
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
        // A file with numbers that cannot be is refused whole: importing
        // is a choice the learner can make again with a sound file.
        let fixes = file.progress.clone().repair();
        if !fixes.is_empty() {
            return Err(StoreError::NotProgress {
                path: from.to_path_buf(),
                message: format!(
                    "it holds numbers that cannot be ({}); nothing was imported",
                    summary(&fixes)
                ),
            });
        }
        let current = self.path();
        let mut backup = None;
        if current.exists() {
            // Every import keeps what it replaced, numbered: a second
            // import must not throw away the first one's backup.
            let kept = numbered(&current, "before-import");
            fs::copy(&current, &kept).map_err(|e| io_error(&kept, &e))?;
            backup = Some(kept);
        }
        self.save(&file.progress)?;
        Ok((file.progress, backup))
    }
}

/// Reads one of iamtutor's own files. Text that is not UTF-8, or a file
/// larger than any iamtutor writes, comes back empty: it cannot parse, so
/// it is set aside as damaged, never read into memory whole.
pub(crate) fn read_kept(path: &Path) -> io::Result<String> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(files::MAX_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > files::MAX_FILE {
        return Ok(String::new());
    }
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// `FILE.WHAT-N` for the first N that no file has taken.
fn numbered(path: &Path, what: &str) -> PathBuf {
    (1u64..)
        .map(|n| PathBuf::from(format!("{}.{what}-{n}", path.display())))
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("some number is free")
}

/// The first few repairs, and how many more.
fn summary(fixes: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut s = fixes
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if fixes.len() > SHOWN {
        s.push_str(&format!("; and {} more", fixes.len() - SHOWN));
    }
    s
}

enum Parse {
    TooNew(u32),
    Broken(String),
}

fn options() -> ron::Options {
    ron::Options::default()
}

/// Parses a progress file's text, repairing numbers that cannot be.
pub fn read(text: &str) -> Result<ProgressFile, String> {
    read_noting(text).map(|(file, _)| file)
}

/// Like [`read`], and says what was repaired.
pub fn read_noting(text: &str) -> Result<(ProgressFile, Vec<String>), String> {
    let mut file = parse(text).map_err(|e| match e {
        Parse::TooNew(f) => format!("written by a newer iamtutor (progress format {f})"),
        Parse::Broken(m) => m,
    })?;
    let fixes = file.progress.repair();
    Ok((file, fixes))
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
/// one, which has saved nothing yet when it cleans up): named
/// `.NAME.tmp-PID-RANDOM` (or `.NAME.tmp-PID`, as older versions named
/// them).
fn leftover(name: &str) -> bool {
    let Some((_, tail)) = name.rsplit_once(".tmp-") else {
        return false;
    };
    if !name.starts_with('.') {
        return false;
    }
    let pid = match tail.split_once('-') {
        Some((pid, random))
            if !random.is_empty() && random.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            pid
        }
        Some(_) => return false,
        None => tail,
    };
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

/// The file a write to `path` replaces: `path` itself, or, when it is a
/// symbolic link, the file the links lead to (followed as the system
/// would, up to 40 links).
pub fn final_target(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = if target.is_absolute() {
                    target
                } else {
                    folder_of(&p).join(target)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A number no one else can predict: the standard library seeds its hash
/// keys from the system's random source, and each call hashes a new count.
fn unpredictable() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// Creates `.NAME.tmp-PID-RANDOM` beside the file, exclusively (an
/// existing file or link of that name is an error, never followed), for
/// its owner alone; tries new names a few times should one be taken.
fn create_temp(dir: &Path, name: &str) -> io::Result<(fs::File, PathBuf)> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(
            ".{name}.tmp-{}-{:016x}",
            std::process::id(),
            unpredictable()
        ));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary name was free")))
}

fn write_with(path: &Path, contents: &str, sync: bool) -> io::Result<()> {
    let path = final_target(path)?;
    let dir = folder_of(&path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .into_owned();
    // What is replaced keeps its permissions; a new file is the owner's.
    let permissions = fs::metadata(&path).ok().map(|m| m.permissions());
    let (mut f, tmp) = create_temp(dir, &name)?;
    let result = (|| {
        f.write_all(contents.as_bytes())?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        if sync {
            f.sync_all()?;
        }
        drop(f);
        fs::rename(&tmp, &path)?;
        if sync {
            // The rename itself reaches the disk with its folder.
            #[cfg(unix)]
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
