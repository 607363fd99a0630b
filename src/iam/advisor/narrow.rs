//! Narrowing a broad statement: what a fix writes instead of `"Action":
//! "s3:*", "Resource": "*"`.
//!
//! The advisor cannot see which calls a policy's holder makes (AWS learns
//! that from CloudTrail, and IAM Access Analyzer can write a policy from
//! it). It knows the account's resources and, for access keys, the service
//! each was last used with. So a service wildcard becomes the everyday
//! actions of that service on the account's own resources, never deleting
//! and never changing permissions or configuration:
//!
//! - for people (a user or a group), reading: list and read objects, get
//!   and query items, describe instances;
//! - for workloads (a role, or a machine user becoming one), what code that
//!   works with the data needs: the reads, plus writing objects and items,
//!   invoking functions, starting and stopping instances.
//!
//! A service the advisor has no such list for keeps its `Describe*`, `Get*`
//! and `List*` actions on every resource. `"Action": "*"` is narrowed to the
//! services the holder's keys were last used with, when that is known;
//! otherwise it is left alone (it is an administrator's policy, which the
//! administrator rules handle). Conditions of the broad statement carry
//! over to the statements that replace it.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::iam::catalog::catalog;
use crate::iam::model::{Account, InstanceState, Org, PolicyDoc};
use crate::iam::policy::PolicyKind;

/// Who a policy is for, which decides how far it is narrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// People: reading.
    Read,
    /// Code: reading and writing data.
    Data,
}

/// The account's resources, read once.
pub struct Narrower {
    buckets: Vec<String>,
    tables: Vec<String>,
    functions: Vec<String>,
    instances: Vec<String>,
}

impl Narrower {
    pub fn new(org: &Org, account: &Account) -> Narrower {
        let id = account.id.as_str();
        Narrower {
            buckets: org
                .buckets
                .values()
                .filter(|b| b.account == id)
                .map(|b| b.name.clone())
                .collect(),
            tables: org
                .tables
                .values()
                .filter(|t| t.account == id)
                .map(|t| t.arn())
                .collect(),
            functions: org
                .functions
                .values()
                .filter(|f| f.account == id)
                .map(|f| f.arn())
                .collect(),
            instances: org
                .instances
                .values()
                .filter(|i| i.account == id && i.state != InstanceState::Terminated)
                .map(|i| i.arn())
                .collect(),
        }
    }

    /// The document with its broad statements narrowed, compact; None when
    /// no statement is broad (or the text is not JSON, which the engine has
    /// already refused).
    pub fn narrow(&self, text: &str, usage: Use, evidence: &[String]) -> Option<String> {
        let mut doc: Value = serde_json::from_str(text).ok()?;
        let statements: Vec<Value> = match doc.get("Statement")? {
            Value::Array(list) => list.clone(),
            st @ Value::Object(_) => vec![st.clone()],
            _ => return None,
        };
        let mut changed = false;
        let mut out = Vec::new();
        for st in statements {
            match self.narrow_statement(&st, usage, evidence) {
                Some(replacement) => {
                    changed = true;
                    out.extend(replacement);
                }
                None => out.push(st),
            }
        }
        if !changed {
            return None;
        }
        doc["Statement"] = Value::Array(out);
        Some(doc.to_string())
    }

    /// The document as the advisor would leave it: narrowed, or as it is.
    pub fn effective(
        &self,
        doc: &Arc<PolicyDoc>,
        usage: Use,
        evidence: &[String],
    ) -> Arc<PolicyDoc> {
        self.narrow(&doc.text, usage, evidence)
            .and_then(|t| PolicyDoc::parse(&t, PolicyKind::Identity).ok())
            .unwrap_or_else(|| Arc::clone(doc))
    }

    fn narrow_statement(&self, st: &Value, usage: Use, evidence: &[String]) -> Option<Vec<Value>> {
        let obj = st.as_object()?;
        if obj.get("Effect").and_then(Value::as_str) != Some("Allow") {
            return None;
        }
        let every_resource = match obj.get("Resource")? {
            Value::String(s) => s == "*",
            Value::Array(a) => a.iter().any(|r| r == "*"),
            _ => false,
        };
        if !every_resource {
            return None;
        }
        let actions: Vec<String> = match obj.get("Action")? {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => return None,
        };
        let mut services: Vec<String> = Vec::new();
        let mut rest: Vec<String> = Vec::new();
        let mut broad = false;
        for a in &actions {
            if a == "*" {
                if evidence.is_empty() {
                    rest.push(a.clone());
                } else {
                    broad = true;
                    services.extend(evidence.iter().cloned());
                }
            } else if let Some(svc) = a.strip_suffix(":*").filter(|s| !s.contains('*')) {
                broad = true;
                services.push(svc.to_ascii_lowercase());
            } else {
                rest.push(a.clone());
            }
        }
        if !broad {
            return None;
        }
        services.sort();
        services.dedup();
        let condition = obj.get("Condition").cloned();
        let mut out = Vec::new();
        if !rest.is_empty() {
            let mut keep = obj.clone();
            keep.insert("Action".into(), strings(&rest));
            out.push(Value::Object(keep));
        }
        for svc in services {
            for (acts, resources) in self.template(&svc, usage) {
                let mut new = Map::new();
                new.insert("Effect".into(), json!("Allow"));
                new.insert("Action".into(), strings(&acts));
                new.insert("Resource".into(), strings(&resources));
                if let Some(c) = &condition {
                    new.insert("Condition".into(), c.clone());
                }
                out.push(Value::Object(new));
            }
        }
        Some(out)
    }

    /// The statements (actions, resources) that stand for `service:*`.
    fn template(&self, service: &str, usage: Use) -> Vec<(Vec<String>, Vec<String>)> {
        let data = usage == Use::Data;
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        match service {
            "s3" if !self.buckets.is_empty() => {
                let objects = if data {
                    list(&["s3:GetObject", "s3:PutObject"])
                } else {
                    list(&["s3:GetObject"])
                };
                vec![
                    (
                        list(&["s3:ListBucket"]),
                        self.buckets
                            .iter()
                            .map(|b| format!("arn:aws:s3:::{b}"))
                            .collect(),
                    ),
                    (
                        objects,
                        self.buckets
                            .iter()
                            .map(|b| format!("arn:aws:s3:::{b}/*"))
                            .collect(),
                    ),
                ]
            }
            "dynamodb" if !self.tables.is_empty() => {
                let acts = if data {
                    list(&[
                        "dynamodb:GetItem",
                        "dynamodb:Query",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                    ])
                } else {
                    list(&["dynamodb:GetItem", "dynamodb:Query"])
                };
                vec![(acts, self.tables.clone())]
            }
            "lambda" if !self.functions.is_empty() => {
                let acts = if data {
                    list(&["lambda:GetFunction", "lambda:InvokeFunction"])
                } else {
                    list(&["lambda:GetFunction"])
                };
                vec![(acts, self.functions.clone())]
            }
            "ec2" => {
                let mut out = vec![(list(&["ec2:Describe*"]), list(&["*"]))];
                if data && !self.instances.is_empty() {
                    out.push((
                        list(&["ec2:StartInstances", "ec2:StopInstances"]),
                        self.instances.clone(),
                    ));
                }
                out
            }
            _ => {
                let reads: Vec<String> = ["Describe*", "Get*", "List*"]
                    .iter()
                    .map(|verb| format!("{service}:{verb}"))
                    .filter(|p| !catalog().actions_matching(p).is_empty())
                    .collect();
                if reads.is_empty() {
                    Vec::new()
                } else {
                    vec![(reads, list(&["*"]))]
                }
            }
        }
    }
}

/// One string as itself, several as a list.
fn strings(items: &[String]) -> Value {
    if items.len() == 1 {
        json!(items[0])
    } else {
        json!(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrower() -> Narrower {
        Narrower {
            buckets: vec!["reports".into()],
            tables: Vec::new(),
            functions: Vec::new(),
            instances: Vec::new(),
        }
    }

    #[test]
    fn a_service_wildcard_becomes_the_everyday_actions_on_the_accounts_resources() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        let read = narrower().narrow(text, Use::Read, &[]).unwrap();
        assert!(
            read.contains(r#""Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports""#),
            "{read}"
        );
        assert!(
            read.contains(r#""Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*""#),
            "{read}"
        );
        assert!(
            !read.contains("PutObject") && !read.contains("s3:*"),
            "{read}"
        );
        let data = narrower().narrow(text, Use::Data, &[]).unwrap();
        assert!(
            data.contains(r#"["s3:GetObject","s3:PutObject"]"#),
            "{data}"
        );
    }

    #[test]
    fn conditions_and_named_actions_are_kept() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ec2:*","sqs:SendMessage"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}}"#;
        let out = narrower().narrow(text, Use::Read, &[]).unwrap();
        assert!(out.contains(r#""Action":"sqs:SendMessage""#), "{out}");
        assert!(out.contains(r#""Action":"ec2:Describe*""#), "{out}");
        assert_eq!(out.matches("aws:RequestedRegion").count(), 2, "{out}");
    }

    #[test]
    fn everything_is_narrowed_only_with_evidence_and_narrow_statements_stay() {
        let star = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        assert_eq!(narrower().narrow(star, Use::Data, &[]), None);
        let used = narrower().narrow(star, Use::Data, &["s3".into()]).unwrap();
        assert!(
            used.contains("s3:PutObject") && !used.contains(r#""*""#.trim()),
            "{used}"
        );
        let named = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::reports/*"}}"#;
        assert_eq!(narrower().narrow(named, Use::Read, &[]), None);
    }

    #[test]
    fn an_unknown_service_keeps_its_reads() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#;
        let out = narrower().narrow(text, Use::Data, &[]).unwrap();
        assert!(out.contains(r#"["iam:Get*","iam:List*"]"#), "{out}");
    }
}
