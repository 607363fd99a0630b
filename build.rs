//! Embeds the course (`lessons/*.ron`) and the example organizations
//! (`assets/orgs/*.ron`) into the binary, so an installed iamtutor needs no
//! files beside it. Writes `$OUT_DIR/embedded.rs`: two sorted lists of
//! (file name, contents).

use std::fs;
use std::path::Path;

fn list(dir: &str, out: &mut String, name: &str) {
    println!("cargo:rerun-if-changed={dir}");
    // Read at run time, not with env!: a build script compiled in one
    // checkout and reused by another (a copied target folder) must still
    // embed the checkout it is building.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&manifest).join(dir);
    let mut files: Vec<_> = fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    out.push_str(&format!("pub const {name}: &[(&str, &str)] = &[\n"));
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let file_name = f.file_name().unwrap().to_string_lossy().to_string();
        out.push_str(&format!(
            "    ({file_name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
}

fn main() {
    let mut out = String::new();
    list("lessons", &mut out, "LESSONS");
    list("assets/orgs", &mut out, "ORGS");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(dest, out).unwrap();
}
