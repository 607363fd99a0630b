//! The services' state the engine keeps beside IAM: S3 buckets, EC2
//! instances, Lambda functions, DynamoDB tables, and their ARNs.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use super::{PolicyDoc, Tag};

#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub name: String,
    pub account: String,
    pub region: String,
    pub created: i64,
    pub policy: Option<Arc<PolicyDoc>>,
    pub objects: BTreeMap<String, S3Object>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct S3Object {
    pub body: String,
    pub modified: i64,
}

/// An EC2 instance. Only what IAM lessons need: who owns it, whether it
/// runs, and the instance profile that gives its code a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub id: String,
    pub account: String,
    pub region: String,
    /// The reservation RunInstances made (`r-...`): instances launched
    /// together share one, and DescribeInstances groups by it.
    pub reservation: String,
    pub image_id: String,
    pub instance_type: String,
    pub state: InstanceState,
    pub launched: i64,
    pub instance_profile: Option<ProfileAssociation>,
    pub tags: Vec<Tag>,
}

impl Instance {
    pub fn arn(&self) -> String {
        instance_arn(&self.region, &self.account, &self.id)
    }
}

/// An instance profile associated with an instance, as EC2 records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileAssociation {
    /// The instance profile's ARN. Kept as given: the profile may be deleted
    /// later, and the instance then simply gets no credentials.
    pub arn: String,
    /// The profile's id (`AIPA...`), which EC2 shows beside the ARN.
    pub id: String,
    /// `iip-assoc-` and 17 hex digits.
    pub association_id: String,
}

/// EC2's instance states, with the codes the API reports. Deserialize: an
/// organization file names the state (`state: Stopped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub fn code(self) -> u32 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
        }
    }
}

/// A Lambda function: its configuration, not its code.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub account: String,
    pub region: String,
    /// The execution role's ARN: the identity the function's code runs as.
    pub role: String,
    pub runtime: String,
    pub handler: String,
    pub description: String,
    /// Seconds, 1 to 900.
    pub timeout: u32,
    /// MB, 128 to 10240.
    pub memory_size: u32,
    pub code_size: u64,
    pub code_sha256: String,
    pub last_modified: i64,
    pub revision_id: String,
}

impl Function {
    pub fn arn(&self) -> String {
        function_arn(&self.region, &self.account, &self.name)
    }
}

/// A DynamoDB table and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub account: String,
    pub region: String,
    /// The TableId, a UUID.
    pub id: String,
    pub created: i64,
    pub partition_key: KeyAttribute,
    pub sort_key: Option<KeyAttribute>,
    pub billing: Billing,
    /// Items (maps of attribute name to AttributeValue, as the API writes
    /// them) by [`Table::item_key`].
    pub items: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyAttribute {
    pub name: String,
    pub kind: ScalarType,
}

/// The types a key attribute may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    S,
    N,
    B,
}

impl ScalarType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }

    pub fn parse(s: &str) -> Option<ScalarType> {
        match s {
            "S" => Some(ScalarType::S),
            "N" => Some(ScalarType::N),
            "B" => Some(ScalarType::B),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    PayPerRequest,
    Provisioned { read: u64, write: u64 },
}

impl Table {
    pub fn arn(&self) -> String {
        table_arn(&self.region, &self.account, &self.name)
    }

    /// The key attributes, partition key first.
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.partition_key).chain(self.sort_key.as_ref())
    }

    /// The key an item is stored under: the JSON of its key attributes'
    /// values, partition key first. Fails, in DynamoDB's words (after "One
    /// or more parameter values were invalid: "), when a key attribute is
    /// missing, has the wrong type or is empty.
    pub fn item_key(
        &self,
        item: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<String, String> {
        let mut parts = Vec::new();
        for k in self.key_attributes() {
            let Some(v) = item.get(&k.name) else {
                return Err(format!("Missing the key {} in the item", k.name));
            };
            let actual = v
                .as_object()
                .and_then(|m| m.keys().next())
                .map_or("", String::as_str);
            if actual != k.kind.as_str() {
                return Err(format!(
                    "Type mismatch for key {} expected: {} actual: {actual}",
                    k.name,
                    k.kind.as_str()
                ));
            }
            if v[actual].as_str() == Some("") {
                return Err(format!(
                    "The AttributeValue for a key attribute cannot contain an empty string value. Key: {}",
                    k.name
                ));
            }
            parts.push(v.clone());
        }
        Ok(serde_json::Value::Array(parts).to_string())
    }
}

/// Checks one DynamoDB AttributeValue (`{"S": "text"}`, `{"N": "42"}`,
/// `{"M": {...}}`, ...), with DynamoDB's wording for what is wrong.
pub fn check_attribute_value(v: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    let Some(m) = v.as_object() else {
        return Err("Supplied AttributeValue is not a map of one data type to a value".into());
    };
    let mut it = m.iter();
    let (Some((kind, inner)), None) = (it.next(), it.next()) else {
        return Err(if m.is_empty() {
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
                .into()
        } else {
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes".into()
        });
    };
    let number = |s: &Value| s.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok());
    let strings = |a: &Value, each: &dyn Fn(&Value) -> bool| {
        a.as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(each))
    };
    let ok = match kind.as_str() {
        "S" | "B" => inner.is_string(),
        "N" => {
            if inner.is_string() && !number(inner) {
                return Err("A value provided cannot be converted into a number".into());
            }
            inner.is_string()
        }
        "SS" | "BS" => strings(inner, &Value::is_string),
        "NS" => strings(inner, &number),
        "BOOL" => inner.is_boolean(),
        "NULL" => inner == &Value::Bool(true),
        "M" => match inner.as_object() {
            Some(m) => {
                for v in m.values() {
                    check_attribute_value(v)?;
                }
                true
            }
            None => false,
        },
        "L" => match inner.as_array() {
            Some(a) => {
                for v in a {
                    check_attribute_value(v)?;
                }
                true
            }
            None => false,
        },
        other => {
            return Err(format!(
                "Supplied AttributeValue has an unknown data type `{other}`: use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL"
            ));
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Supplied AttributeValue of type {kind} has a value of the wrong shape"
        ))
    }
}

pub fn instance_arn(region: &str, account: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:instance/{id}")
}

pub fn function_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:lambda:{region}:{account}:function:{name}")
}

pub fn table_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:dynamodb:{region}:{account}:table/{name}")
}
