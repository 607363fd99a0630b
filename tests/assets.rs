//! Checks that the embedded asset lists and the `assets/` folder agree, so a
//! file added to the folder cannot be silently left out of the binary.

use std::fs;
use std::path::Path;

/// The `.json` file stems in an assets folder, sorted.
fn json_stems(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut stems: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    stems
}

#[test]
fn every_managed_policy_file_is_embedded() {
    let files = json_stems("assets/managed-policies");
    let embedded: Vec<String> = iamtutor::iam::aws_managed::documents::all()
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    assert_eq!(files, embedded);
}
