//! The request context: the condition keys of one request and their values.
//!
//! Condition key names compare ignoring case, as in AWS. Every value is kept as
//! a string; the condition operator decides how to read it (number, date, ...).

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextEntry {
    /// The key as it was first written, for display.
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: BTreeMap<String, ContextEntry>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a key to several values (a multivalued key such as `aws:TagKeys`).
    pub fn set(&mut self, key: &str, values: Vec<String>) {
        self.entries.insert(
            key.to_ascii_lowercase(),
            ContextEntry {
                key: key.to_string(),
                values,
            },
        );
    }

    /// Sets a key to one value.
    pub fn set_one(&mut self, key: &str, value: impl Into<String>) {
        self.set(key, vec![value.into()]);
    }

    /// Sets a key only if the request does not already carry it: values the
    /// caller gave win over what the engine derives.
    pub fn set_default(&mut self, key: &str, value: impl Into<String>) {
        let lower = key.to_ascii_lowercase();
        self.entries.entry(lower).or_insert_with(|| ContextEntry {
            key: key.to_string(),
            values: vec![value.into()],
        });
    }

    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.entries.get(&key.to_ascii_lowercase())
        } else {
            self.entries.get(key)
        }
    }

    pub fn values(&self, key: &str) -> Option<&[String]> {
        self.get(key).map(|e| e.values.as_slice())
    }

    pub fn remove(&mut self, key: &str) {
        self.entries.remove(&key.to_ascii_lowercase());
    }

    pub fn iter(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_given_values_win_over_defaults() {
        let mut ctx = Context::new();
        ctx.set_one("aws:MultiFactorAuthPresent", "true");
        ctx.set_default("aws:multifactorauthpresent", "false");
        assert_eq!(ctx.values("AWS:MULTIFACTORAUTHPRESENT").unwrap(), ["true"]);
        assert_eq!(
            ctx.get("aws:multifactorauthpresent").unwrap().key,
            "aws:MultiFactorAuthPresent"
        );
        assert!(ctx.get("aws:username").is_none());
    }
}
