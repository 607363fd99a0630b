//! AWS managed policies as model entities, built once from the shipped
//! documents ([`documents`]) and shared by every organization (AWS keeps
//! one copy too).

pub mod documents;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::model::{ManagedPolicy, PolicyDoc, PolicyVersion};
use super::policy::PolicyKind;

/// AWS managed policies carry no date we can trust; they all count as created
/// at the start of the simulated epoch.
const SHIPPED: i64 = 1_420_070_400; // 2015-01-01

fn all_by_arn() -> &'static BTreeMap<String, ManagedPolicy> {
    static ALL: OnceLock<BTreeMap<String, ManagedPolicy>> = OnceLock::new();
    ALL.get_or_init(|| {
        documents::all()
            .iter()
            .map(|m| {
                let doc = PolicyDoc::parse(&m.document, PolicyKind::Identity)
                    .unwrap_or_else(|e| panic!("shipped policy {} is invalid: {e}", m.name));
                let policy = ManagedPolicy {
                    name: m.name.to_string(),
                    path: m.path.to_string(),
                    id: format!("ANPA{}", &stable_id(m.name)),
                    arn: m.arn.to_string(),
                    description: m.description.to_string(),
                    created: SHIPPED,
                    updated: SHIPPED,
                    versions: vec![PolicyVersion {
                        id: m.version_id.to_string(),
                        doc,
                        created: SHIPPED,
                    }],
                    default_version: m.version_id.to_string(),
                    next_version: 0,
                    tags: Vec::new(),
                };
                (m.arn.to_string(), policy)
            })
            .collect()
    })
}

/// A 17-character id derived from the name, so it is the same on every run.
fn stable_id(name: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    (0..17)
        .map(|i| {
            let x = h.rotate_left(i * 7) ^ (u64::from(i) * 0x9e37_79b9);
            ALPHABET[(x % 32) as usize] as char
        })
        .collect()
}

pub fn by_arn(arn: &str) -> Option<&'static ManagedPolicy> {
    all_by_arn().get(arn)
}

pub fn by_name(name: &str) -> Option<&'static ManagedPolicy> {
    all_by_arn()
        .values()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

pub fn all() -> impl Iterator<Item = &'static ManagedPolicy> {
    all_by_arn().values()
}
