//! The IAM policy language: AWS's JSON grammar read into a checked form.
//!
//! Reading a policy validates it the way IAM does when a policy is saved, and
//! every refusal carries the line and column of the offending element. The
//! parsed form is ready for fast evaluation: action patterns are lower-cased
//! once and split at the service prefix, account principals are normalised.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::condition::{self, ConditionOperator};
use super::json::{self, Json, JsonKind, Key, Pos};
use super::pattern::Glob;
use super::variables;

/// Which kind of document a policy is; it decides which elements are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// Attached to a user, group or role, or used as a boundary or session policy.
    Identity,
    /// Attached to a resource, such as an S3 bucket policy: names principals.
    Resource,
    /// A role's trust policy: names who may assume the role, has no Resource.
    Trust,
    /// A service control policy of AWS Organizations.
    ServiceControl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// `2008-10-17`, or no Version at all: policy variables are plain text.
    V2008,
    /// `2012-10-17`: policy variables are substituted.
    V2012,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub version: Version,
    /// True if the document had an explicit Version element.
    pub version_given: bool,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    /// The services this policy's statements can match, so that evaluation
    /// can pass over a policy that cannot be about the request at all.
    pub services: ServiceSet,
}

/// FNV-1a of a lower-case service prefix.
pub fn service_hash(service: &str) -> u64 {
    service.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Service prefixes (as sorted hashes), or every service when a statement
/// uses NotAction or a wildcard in the prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceSet {
    pub any: bool,
    pub hashes: Vec<u64>,
}

impl ServiceSet {
    fn of(statements: &[Statement]) -> Self {
        let mut set = ServiceSet::default();
        for s in statements {
            if s.action.negated {
                set.any = true;
            }
            for p in &s.action.patterns {
                match &p.service {
                    Some(_) => set.hashes.push(p.service_hash),
                    None => set.any = true,
                }
            }
        }
        set.hashes.sort_unstable();
        set.hashes.dedup();
        set
    }

    /// `hash` is `service_hash` of the request's lower-case service prefix.
    /// A hash collision only means a policy is looked at needlessly.
    pub fn may_match(&self, hash: u64) -> bool {
        self.any || self.hashes.contains(&hash)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the Statement list, from 0.
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<PrincipalBlock>,
    pub action: ActionBlock,
    pub resource: Option<ResourceBlock>,
    pub conditions: Vec<Condition>,
    pub pos: Pos,
    pub end: Pos,
}

impl Statement {
    /// "statement 2" or "statement `DenyWithoutMfa`", for explanations.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => format!("statement `{sid}`"),
            _ => format!("statement {}", self.index + 1),
        }
    }
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrincipalBlock {
    pub negated: bool,
    /// `"Principal": "*"` or `{"AWS": "*"}`: everyone.
    pub any: bool,
    /// AWS principals, account ids normalised to `arn:aws:iam::ID:root`.
    pub aws: Vec<String>,
    pub service: Vec<String>,
    pub federated: Vec<String>,
    pub canonical_user: Vec<String>,
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionBlock {
    pub negated: bool,
    pub patterns: Vec<ActionPattern>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionPattern {
    /// As written in the document.
    pub text: String,
    /// Lower-case service prefix, or None when the prefix itself has a wildcard
    /// (`*` alone, or `s*:Get*`).
    pub service: Option<String>,
    /// `service_hash` of the prefix: comparing two integers first keeps the
    /// hot path away from string comparisons.
    pub service_hash: u64,
    /// Lower-case pattern of the whole action, for prefixes with wildcards.
    pub lower: Glob,
    /// Lower-case pattern of the part after the colon.
    pub name: Glob,
}

impl ActionPattern {
    fn new(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let (service, name) = match lower.split_once(':') {
            Some((svc, name)) if !super::pattern::has_wildcard(svc) => {
                (Some(svc.to_string()), Glob::new(name))
            }
            _ => (None, Glob::new(&lower)),
        };
        ActionPattern {
            text: text.to_string(),
            service_hash: service.as_deref().map_or(0, service_hash),
            service,
            lower: Glob::new(&lower),
            name,
        }
    }

    /// `action` must already be lower case; `service` and `name` are its two
    /// halves, and `hash` is `service_hash(service)`.
    pub fn matches_lower(&self, action: &str, service: &str, hash: u64, name: &str) -> bool {
        match &self.service {
            Some(svc) => self.service_hash == hash && svc == service && self.name.matches(name),
            None => self.lower.matches(action),
        }
    }
}

/// `Resource` or `NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceBlock {
    pub negated: bool,
    pub patterns: Vec<ResourcePattern>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePattern {
    pub text: String,
    /// The compiled pattern, used when there are no variables.
    pub glob: Glob,
    /// Contains `${...}` and the policy is Version 2012-10-17.
    pub has_variables: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator: ConditionOperator,
    pub key: String,
    pub values: Vec<String>,
    pub pos: Pos,
}

/// A refusal of a policy document: AWS's `MalformedPolicyDocument`, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub message: String,
    pub pos: Pos,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.pos)
    }
}

fn err<T>(pos: Pos, message: impl Into<String>) -> Result<T, PolicyError> {
    Err(PolicyError {
        message: message.into(),
        pos,
    })
}

const STATEMENT_FIELDS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Reads and validates a policy document of the given kind.
pub fn parse(text: &str, kind: PolicyKind) -> Result<Policy, PolicyError> {
    let doc = json::parse(text).map_err(|e| PolicyError {
        message: format!("Syntax errors in policy: {}", e.message),
        pos: e.pos,
    })?;
    let JsonKind::Object(members) = &doc.kind else {
        return err(
            doc.pos,
            "Syntax errors in policy: a policy must be a JSON object",
        );
    };
    reject_duplicates(members)?;
    let mut version = Version::V2008;
    let mut version_given = false;
    let mut id = None;
    let mut statement = None;
    for (key, value) in members {
        match key.name.as_str() {
            "Version" => {
                version_given = true;
                version = match value.as_str() {
                    Some("2012-10-17") => Version::V2012,
                    Some("2008-10-17") => Version::V2008,
                    _ => {
                        return err(
                            value.pos,
                            "The policy failed legacy parsing: Version must be \"2012-10-17\" or \"2008-10-17\"",
                        );
                    }
                }
            }
            "Id" => match value.as_str() {
                Some(s) => id = Some(s.to_string()),
                None => return err(value.pos, "Syntax errors in policy: Id must be a string"),
            },
            "Statement" => statement = Some(value),
            other => return unknown_field(key, other, &["Version", "Id", "Statement"]),
        }
    }
    let Some(statement) = statement else {
        return err(doc.pos, "Missing required field Statement");
    };
    let items: Vec<&Json> = match &statement.kind {
        JsonKind::Array(items) => items.iter().collect(),
        JsonKind::Object(_) => vec![statement],
        _ => {
            return err(
                statement.pos,
                "Syntax errors in policy: Statement must be an object or an array of objects",
            );
        }
    };
    if items.is_empty() {
        return err(statement.pos, "Syntax errors in policy: Statement is empty");
    }
    let mut statements = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        statements.push(parse_statement(item, index, kind, version)?);
    }
    check_unique_sids(&statements)?;
    Ok(Policy {
        version,
        version_given,
        id,
        services: ServiceSet::of(&statements),
        statements,
    })
}

fn reject_duplicates(members: &[(Key, Json)]) -> Result<(), PolicyError> {
    for (i, (key, _)) in members.iter().enumerate() {
        if members[..i].iter().any(|(k, _)| k.name == key.name) {
            return err(
                key.pos,
                format!("Syntax errors in policy: `{}` appears twice", key.name),
            );
        }
    }
    Ok(())
}

fn unknown_field<T>(key: &Key, name: &str, valid: &[&str]) -> Result<T, PolicyError> {
    let hint = valid
        .iter()
        .find(|v| v.eq_ignore_ascii_case(name) || edit_distance(v, name) <= 2)
        .map(|v| format!(" (did you mean `{v}`?)"))
        .unwrap_or_default();
    err(
        key.pos,
        format!("Syntax errors in policy: unknown element `{name}`{hint}"),
    )
}

fn check_unique_sids(statements: &[Statement]) -> Result<(), PolicyError> {
    for (i, s) in statements.iter().enumerate() {
        if let Some(sid) = s.sid.as_deref().filter(|sid| !sid.is_empty())
            && statements[..i]
                .iter()
                .any(|o| o.sid.as_deref() == Some(sid))
        {
            return err(
                s.pos,
                format!(
                    "Statement IDs (SID) in a single policy must be unique: `{sid}` is used twice"
                ),
            );
        }
    }
    Ok(())
}

fn parse_statement(
    item: &Json,
    index: usize,
    kind: PolicyKind,
    version: Version,
) -> Result<Statement, PolicyError> {
    let JsonKind::Object(members) = &item.kind else {
        return err(
            item.pos,
            format!(
                "Syntax errors in policy: each statement must be an object, not {}",
                item.type_name()
            ),
        );
    };
    reject_duplicates(members)?;
    let mut sid = None;
    let mut effect = None;
    let mut principal: Option<PrincipalBlock> = None;
    let mut action: Option<ActionBlock> = None;
    let mut resource: Option<ResourceBlock> = None;
    let mut conditions = Vec::new();
    for (key, value) in members {
        let name = key.name.as_str();
        match name {
            "Sid" => sid = Some(parse_sid(value, kind)?),
            "Effect" => {
                effect = Some(match value.as_str() {
                    Some("Allow") => Effect::Allow,
                    Some("Deny") => Effect::Deny,
                    Some(other) => {
                        return err(
                            value.pos,
                            format!(
                                "Invalid effect: `{other}` (Effect must be \"Allow\" or \"Deny\")"
                            ),
                        );
                    }
                    None => {
                        return err(
                            value.pos,
                            "Invalid effect: Effect must be the string \"Allow\" or \"Deny\"",
                        );
                    }
                })
            }
            "Principal" | "NotPrincipal" => {
                if principal.is_some() {
                    return err(
                        key.pos,
                        "Syntax errors in policy: a statement cannot have both Principal and NotPrincipal",
                    );
                }
                if matches!(kind, PolicyKind::Identity | PolicyKind::ServiceControl) {
                    return err(key.pos, "Policy document should not specify a principal.");
                }
                principal = Some(parse_principal(value, name == "NotPrincipal")?);
            }
            "Action" | "NotAction" => {
                if action.is_some() {
                    return err(
                        key.pos,
                        "Syntax errors in policy: a statement cannot have both Action and NotAction",
                    );
                }
                action = Some(ActionBlock {
                    negated: name == "NotAction",
                    patterns: parse_actions(value, name)?,
                });
            }
            "Resource" | "NotResource" => {
                if resource.is_some() {
                    return err(
                        key.pos,
                        "Syntax errors in policy: a statement cannot have both Resource and NotResource",
                    );
                }
                if kind == PolicyKind::Trust {
                    return err(
                        key.pos,
                        format!(
                            "Has prohibited field {name}: a trust policy cannot name resources"
                        ),
                    );
                }
                resource = Some(ResourceBlock {
                    negated: name == "NotResource",
                    patterns: parse_resources(value, name, version)?,
                });
            }
            "Condition" => conditions = parse_conditions(value)?,
            other => return unknown_field(key, other, &STATEMENT_FIELDS),
        }
    }
    let Some(effect) = effect else {
        return err(item.pos, "Missing required field Effect");
    };
    let Some(action) = action else {
        return err(item.pos, "Policy statement must contain actions.");
    };
    if resource.is_none() && kind != PolicyKind::Trust {
        return err(item.pos, "Policy statement must contain resources.");
    }
    if principal.is_none() && matches!(kind, PolicyKind::Resource | PolicyKind::Trust) {
        return err(item.pos, "Missing required field Principal");
    }
    Ok(Statement {
        index,
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
        pos: item.pos,
        end: item.end,
    })
}

fn parse_sid(value: &Json, kind: PolicyKind) -> Result<String, PolicyError> {
    let Some(sid) = value.as_str() else {
        return err(value.pos, "Syntax errors in policy: Sid must be a string");
    };
    // Identity policies accept only letters and digits in a Sid; resource and
    // trust policies are more lenient and also allow spaces.
    let ok = match kind {
        PolicyKind::Identity | PolicyKind::ServiceControl => {
            sid.chars().all(|c| c.is_ascii_alphanumeric())
        }
        _ => sid.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '),
    };
    if !ok {
        return err(
            value.pos,
            format!("Statement IDs (SID) must be alpha-numeric: `{sid}`"),
        );
    }
    Ok(sid.to_string())
}

/// A string, or a non-empty array of strings.
fn strings<'a>(value: &'a Json, element: &str) -> Result<Vec<(&'a str, Pos)>, PolicyError> {
    match &value.kind {
        JsonKind::String(s) => Ok(vec![(s.as_str(), value.pos)]),
        JsonKind::Array(items) => {
            if items.is_empty() {
                return err(
                    value.pos,
                    format!("Syntax errors in policy: {element} is an empty list"),
                );
            }
            items
                .iter()
                .map(|item| match &item.kind {
                    JsonKind::String(s) => Ok((s.as_str(), item.pos)),
                    _ => err(
                        item.pos,
                        format!("Syntax errors in policy: each {element} entry must be a string, not {}", item.type_name()),
                    ),
                })
                .collect()
        }
        _ => err(
            value.pos,
            format!(
                "Syntax errors in policy: {element} must be a string or an array of strings, not {}",
                value.type_name()
            ),
        ),
    }
}

fn parse_actions(value: &Json, element: &str) -> Result<Vec<ActionPattern>, PolicyError> {
    let mut out = Vec::new();
    for (text, pos) in strings(value, element)? {
        if text != "*" {
            let Some((service, name)) = text.split_once(':') else {
                return err(
                    pos,
                    format!(
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.: `{text}` has no service prefix"
                    ),
                );
            };
            let valid = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '*' | '?'))
            };
            if !valid(service) || !valid(name) {
                return err(
                    pos,
                    format!(
                        "Action `{text}` is not a valid action name: write it as service:ActionName, like s3:GetObject"
                    ),
                );
            }
        }
        out.push(ActionPattern::new(text));
    }
    Ok(out)
}

fn parse_resources(
    value: &Json,
    element: &str,
    version: Version,
) -> Result<Vec<ResourcePattern>, PolicyError> {
    let mut out = Vec::new();
    for (text, pos) in strings(value, element)? {
        if text != "*" && !text.starts_with("arn:") {
            return err(
                pos,
                format!("Resource `{text}` must be in ARN format or \"*\""),
            );
        }
        if text != "*" && text.split(':').count() < 6 {
            return err(
                pos,
                format!(
                    "Resource `{text}` is not a complete ARN: an ARN has six parts, arn:partition:service:region:account:resource"
                ),
            );
        }
        out.push(ResourcePattern {
            text: text.to_string(),
            glob: Glob::new(text),
            has_variables: version == Version::V2012 && variables::has_variables(text),
        });
    }
    Ok(out)
}

fn parse_principal(value: &Json, negated: bool) -> Result<PrincipalBlock, PolicyError> {
    let mut block = PrincipalBlock {
        negated,
        ..Default::default()
    };
    match &value.kind {
        JsonKind::String(s) if s == "*" => block.any = true,
        JsonKind::String(s) => {
            return err(
                value.pos,
                format!(
                    "Invalid principal in policy: `{s}` (use \"*\" or an object such as {{\"AWS\": \"arn:aws:iam::111122223333:root\"}})"
                ),
            );
        }
        JsonKind::Object(members) => {
            reject_duplicates(members)?;
            if members.is_empty() {
                return err(
                    value.pos,
                    "Invalid principal in policy: the principal object is empty",
                );
            }
            for (key, v) in members {
                let list = strings(v, &key.name)?;
                match key.name.as_str() {
                    "AWS" => {
                        for (s, pos) in list {
                            if s == "*" {
                                block.any = true;
                            } else {
                                block.aws.push(normalise_aws_principal(s, pos)?);
                            }
                        }
                    }
                    "Service" => block
                        .service
                        .extend(list.iter().map(|(s, _)| s.to_string())),
                    "Federated" => block
                        .federated
                        .extend(list.iter().map(|(s, _)| s.to_string())),
                    "CanonicalUser" => block
                        .canonical_user
                        .extend(list.iter().map(|(s, _)| s.to_string())),
                    other => {
                        return err(
                            key.pos,
                            format!(
                                "Invalid principal in policy: unknown principal type `{other}` (use AWS, Service, Federated or CanonicalUser)"
                            ),
                        );
                    }
                }
            }
        }
        _ => {
            return err(
                value.pos,
                format!(
                    "Invalid principal in policy: a principal must be \"*\" or an object, not {}",
                    value.type_name()
                ),
            );
        }
    }
    Ok(block)
}

/// AWS stores a bare account id as the account's root ARN; wildcards are not
/// allowed inside an AWS principal (only a lone `*`).
fn normalise_aws_principal(s: &str, pos: Pos) -> Result<String, PolicyError> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(format!("arn:aws:iam::{s}:root"));
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1] == "aws"
        && matches!(parts[2], "iam" | "sts")
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !parts[5].is_empty()
        && !super::pattern::has_wildcard(s);
    if !ok {
        return err(pos, format!("Invalid principal in policy: \"AWS\":\"{s}\""));
    }
    Ok(s.to_string())
}

fn parse_conditions(value: &Json) -> Result<Vec<Condition>, PolicyError> {
    let JsonKind::Object(operators) = &value.kind else {
        return err(
            value.pos,
            "Syntax errors in policy: Condition must be an object of operators",
        );
    };
    reject_duplicates(operators)?;
    let mut out = Vec::new();
    for (op_key, block) in operators {
        let operator = condition::parse_operator(&op_key.name).map_err(|message| PolicyError {
            message: format!("Invalid Condition type : {}", message),
            pos: op_key.pos,
        })?;
        let JsonKind::Object(keys) = &block.kind else {
            return err(
                block.pos,
                format!(
                    "Syntax errors in policy: the `{}` block must be an object of condition keys",
                    op_key.name
                ),
            );
        };
        reject_duplicates(keys)?;
        if keys.is_empty() {
            return err(
                block.pos,
                format!(
                    "Syntax errors in policy: the `{}` block is empty",
                    op_key.name
                ),
            );
        }
        for (key, v) in keys {
            if !key.name.contains(':') {
                return err(
                    key.pos,
                    format!(
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.: condition key `{}` has no prefix",
                        key.name
                    ),
                );
            }
            out.push(Condition {
                operator: operator.clone(),
                key: key.name.clone(),
                values: condition_values(v, &key.name)?,
                pos: key.pos,
            });
        }
    }
    Ok(out)
}

/// Condition values may be strings, numbers or booleans, alone or in a list.
fn condition_values(value: &Json, key: &str) -> Result<Vec<String>, PolicyError> {
    let one = |v: &Json| match &v.kind {
        JsonKind::String(s) => Ok(s.clone()),
        JsonKind::Number(n) => Ok(n.clone()),
        JsonKind::Bool(b) => Ok(b.to_string()),
        _ => err(
            v.pos,
            format!(
                "Syntax errors in policy: the value of `{key}` must be a string, number or boolean, not {}",
                v.type_name()
            ),
        ),
    };
    match &value.kind {
        JsonKind::Array(items) => {
            if items.is_empty() {
                return err(
                    value.pos,
                    format!("Syntax errors in policy: `{key}` has an empty list of values"),
                );
            }
            items.iter().map(one).collect()
        }
        _ => Ok(vec![one(value)?]),
    }
}

/// Levenshtein distance over characters, ignoring ASCII case: the one the
/// engine's "did you mean" hints measure typos with (names of actions,
/// services, condition keys and operators are ASCII).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(&a.to_ascii_lowercase(), &b.to_ascii_lowercase())
}

/// The size AWS counts against a policy quota: characters, white space outside
/// strings not counted.
pub fn counted_size(text: &str) -> usize {
    counted_chars(text).count()
}

/// A policy's text without its white space outside strings: what AWS counts
/// against a quota, and what tells whether two copies say the same.
pub fn counted_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.chars().filter(move |&c| {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            true
        } else if c == '"' {
            in_string = true;
            true
        } else {
            !c.is_whitespace()
        }
    })
}
