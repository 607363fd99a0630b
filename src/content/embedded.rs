//! The course and example organizations compiled into the binary (see
//! build.rs).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Every embedded organization file's text, by its name without `.ron`.
pub fn orgs() -> std::collections::BTreeMap<String, String> {
    ORGS.iter()
        .filter_map(|(file, text)| Some((file.strip_suffix(".ron")?.to_string(), text.to_string())))
        .collect()
}

/// An embedded organization file by name, without `.ron`.
pub fn org(name: &str) -> Option<&'static str> {
    ORGS.iter()
        .find(|(file, _)| file.strip_suffix(".ron") == Some(name))
        .map(|(_, text)| *text)
}
