//! The course and example organizations compiled into the binary (see
//! build.rs).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// An embedded organization file by name, without `.ron`.
pub fn org(name: &str) -> Option<&'static str> {
    ORGS.iter()
        .find(|(file, _)| file.strip_suffix(".ron") == Some(name))
        .map(|(_, text)| *text)
}
