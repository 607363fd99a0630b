//! A generated situation as data: one person, the policies around them and
//! one request. From it come the sandbox commands that build it (for the
//! engine), the organization in words (for the learner) and the names the
//! engine's trail uses for each policy.

use serde_json::{Map, Value, json};

use super::pools::{HOME, PARTNER};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn word(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// One condition, as AWS writes it: `{"Bool": {"aws:MultiFactorAuthPresent": "true"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cond {
    pub op: &'static str,
    pub key: &'static str,
    pub value: String,
}

impl Cond {
    /// The condition in words: "aws:SourceIp is in 203.0.113.0/24".
    pub fn words(&self) -> String {
        let how = match self.op {
            "IpAddress" => "is in",
            "NotIpAddress" => "is not in",
            _ => "is",
        };
        format!("{} {how} {}", self.key, self.value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    pub effect: Effect,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// For resource-based policies: the principal ARN (or account root).
    pub principal: Option<String>,
    /// For trust policies, which carry no Resource.
    pub no_resource: bool,
    pub cond: Option<Cond>,
}

impl Stmt {
    pub fn new(effect: Effect, actions: &[&str], resources: &[&str]) -> Stmt {
        Stmt {
            effect,
            actions: actions.iter().map(|s| s.to_string()).collect(),
            resources: resources.iter().map(|s| s.to_string()).collect(),
            principal: None,
            no_resource: false,
            cond: None,
        }
    }

    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("Effect".into(), json!(self.effect.word()));
        if let Some(p) = &self.principal {
            m.insert("Principal".into(), json!({ "AWS": p }));
        }
        m.insert("Action".into(), one_or_many(&self.actions));
        if !self.no_resource {
            m.insert("Resource".into(), one_or_many(&self.resources));
        }
        if let Some(c) = &self.cond {
            m.insert("Condition".into(), json!({ c.op: { c.key: c.value } }));
        }
        Value::Object(m)
    }

    /// The statement in one line, then its principal and condition.
    fn words(&self, out: &mut Vec<String>) {
        let mut line = format!("  {} {}", self.effect.word(), self.actions.join(", "));
        if !self.no_resource {
            line.push_str(&format!(" on {}", self.resources.join(", ")));
        }
        out.push(line);
        if let Some(p) = &self.principal {
            out.push(format!("    for {}", principal_words(p)));
        }
        if let Some(c) = &self.cond {
            out.push(format!("    only if {}", c.words()));
        }
    }
}

/// "the user priya (arn:...)", "the account 111122223333 (arn:...:root)".
fn principal_words(arn: &str) -> String {
    match arn.strip_suffix(":root") {
        Some(acct) => format!(
            "the account {} ({arn})",
            acct.trim_start_matches("arn:aws:iam::")
        ),
        None => arn.to_string(),
    }
}

fn one_or_many(items: &[String]) -> Value {
    match items {
        [one] => json!(one),
        many => json!(many),
    }
}

/// Where a policy sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    User,
    Group,
    /// The user's permissions boundary.
    Boundary,
    /// The bucket policy of `Scenario::bucket`.
    Bucket,
    /// The trust policy of `Scenario::role`.
    Trust,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pol {
    pub name: String,
    pub holder: Holder,
    /// A customer managed policy (else inline).
    pub managed: bool,
    pub stmts: Vec<Stmt>,
}

impl Pol {
    pub fn document(&self) -> String {
        let stmts: Vec<Value> = self.stmts.iter().map(Stmt::json).collect();
        json!({ "Version": "2012-10-17", "Statement": stmts }).to_string()
    }

    pub fn has(&self, effect: Effect) -> bool {
        self.stmts.iter().any(|s| s.effect == effect)
    }
}

/// A bucket or a role, and the account that owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub name: String,
    pub account: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub person: String,
    /// A colleague a resource policy names instead, with no policies.
    pub colleague: Option<String>,
    pub group: Option<String>,
    pub policies: Vec<Pol>,
    pub bucket: Option<Owned>,
    pub role: Option<Owned>,
    pub action: String,
    pub resource: String,
    pub context: Vec<(String, String)>,
    /// What the person does, in words: "downloads `a.csv` from northwind-reports".
    pub doing: String,
    /// How the person is introduced: "an analyst".
    pub member: String,
    /// The partner company's name, when a second account is involved.
    pub partner: Option<String>,
}

impl Scenario {
    pub fn user_arn(&self) -> String {
        format!("arn:aws:iam::{HOME}:user/{}", self.person)
    }

    pub fn cross_account(&self) -> bool {
        [&self.bucket, &self.role]
            .iter()
            .any(|o| o.as_ref().is_some_and(|o| o.account != HOME))
    }

    fn of(&self, holder: &Holder) -> impl Iterator<Item = &Pol> {
        let holder = holder.clone();
        self.policies.iter().filter(move |p| p.holder == holder)
    }

    /// The sandbox commands that build the situation from two empty accounts.
    pub fn commands(&self) -> Vec<String> {
        let mut out = Vec::new();
        let quoted = |p: &Pol| format!("'{}'", p.document());
        let user = &self.person;
        out.push(format!("aws iam create-user --user-name {user}"));
        if let Some(c) = &self.colleague {
            out.push(format!("aws iam create-user --user-name {c}"));
        }
        if let Some(g) = &self.group {
            out.push(format!("aws iam create-group --group-name {g}"));
            out.push(format!(
                "aws iam add-user-to-group --group-name {g} --user-name {user}"
            ));
        }
        for p in &self.policies {
            let (kind, name) = match p.holder {
                Holder::User => ("user", user.as_str()),
                Holder::Group => ("group", self.group.as_deref().unwrap_or_default()),
                Holder::Boundary => {
                    out.push(format!(
                        "aws iam create-policy --policy-name {} --policy-document {}",
                        p.name,
                        quoted(p)
                    ));
                    out.push(format!(
                        "aws iam put-user-permissions-boundary --user-name {user} \
                         --permissions-boundary arn:aws:iam::{HOME}:policy/{}",
                        p.name
                    ));
                    continue;
                }
                Holder::Bucket | Holder::Trust => continue,
            };
            if p.managed {
                out.push(format!(
                    "aws iam create-policy --policy-name {} --policy-document {}",
                    p.name,
                    quoted(p)
                ));
                out.push(format!(
                    "aws iam attach-{kind}-policy --{kind}-name {name} \
                     --policy-arn arn:aws:iam::{HOME}:policy/{}",
                    p.name
                ));
            } else {
                out.push(format!(
                    "aws iam put-{kind}-policy --{kind}-name {name} --policy-name {} \
                     --policy-document {}",
                    p.name,
                    quoted(p)
                ));
            }
        }
        self.resource_commands(false, &mut out, &quoted);
        // What the other account owns is made by its administrator, last:
        // a trust policy may name a user, who must exist by then.
        let partner_side = |o: &Option<Owned>| o.as_ref().is_some_and(|o| o.account == PARTNER);
        if partner_side(&self.bucket) || partner_side(&self.role) {
            out.push(format!("as arn:aws:iam::{PARTNER}:root"));
            self.resource_commands(true, &mut out, &quoted);
            out.push("as admin".into());
        }
        out
    }

    /// The bucket and role of one side (the partner's, or home's).
    fn resource_commands(
        &self,
        partner: bool,
        out: &mut Vec<String>,
        quoted: &dyn Fn(&Pol) -> String,
    ) {
        let here = |o: &Owned| (o.account == PARTNER) == partner;
        if let Some(b) = self.bucket.as_ref().filter(|b| here(b)) {
            out.push(format!("aws s3api create-bucket --bucket {}", b.name));
            if let Some(p) = self.of(&Holder::Bucket).next() {
                out.push(format!(
                    "aws s3api put-bucket-policy --bucket {} --policy {}",
                    b.name,
                    quoted(p)
                ));
            }
        }
        if let Some(r) = self.role.as_ref().filter(|r| here(r))
            && let Some(p) = self.of(&Holder::Trust).next()
        {
            out.push(format!(
                "aws iam create-role --role-name {} --assume-role-policy-document {}",
                r.name,
                quoted(p)
            ));
        }
    }

    /// The organization in words, as the learner reads it with the question.
    pub fn setting(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut who = format!("user {} in account {HOME}", self.person);
        if let Some(g) = &self.group {
            who.push_str(&format!(", member of the group {g}"));
        }
        out.push(who);
        if let Some(c) = &self.colleague {
            out.push(format!("user {c} in account {HOME}, a colleague"));
        }
        let user = self.person.clone();
        let group = self.group.clone().unwrap_or_default();
        for holder in [Holder::User, Holder::Group, Holder::Boundary] {
            for p in self.of(&holder) {
                let title = match (&p.holder, p.managed) {
                    (Holder::Boundary, _) => {
                        format!("{user}'s permissions boundary: managed policy {}", p.name)
                    }
                    (Holder::User, true) => format!("{user}: managed policy {}", p.name),
                    (Holder::User, false) => format!("{user}: inline policy {}", p.name),
                    (_, true) => format!("group {group}: managed policy {}", p.name),
                    (_, false) => format!("group {group}: inline policy {}", p.name),
                };
                out.push(title);
                for s in &p.stmts {
                    s.words(&mut out);
                }
            }
        }
        if let Some(b) = &self.bucket {
            let owner = self.owner_words(&b.account);
            match self.of(&Holder::Bucket).next() {
                Some(p) => {
                    out.push(format!("bucket {} ({owner}): bucket policy", b.name));
                    for s in &p.stmts {
                        s.words(&mut out);
                    }
                }
                None => out.push(format!("bucket {} ({owner}): no bucket policy", b.name)),
            }
        }
        if let Some(r) = &self.role {
            let owner = self.owner_words(&r.account);
            out.push(format!("role {} ({owner}): trust policy", r.name));
            for p in self.of(&Holder::Trust) {
                for s in &p.stmts {
                    s.words(&mut out);
                }
            }
        }
        out
    }

    fn owner_words(&self, account: &str) -> String {
        match (&self.partner, account == HOME) {
            (Some(partner), false) => format!("in {partner}'s account {account}"),
            _ => format!("in account {account}"),
        }
    }

    /// The policy the engine's trail calls `name` in `layer`, as this
    /// scenario names it for the learner.
    pub fn label(&self, p: &Pol) -> String {
        match p.holder {
            Holder::User if p.managed => format!("{}'s managed policy {}", self.person, p.name),
            Holder::User => format!("{}'s inline policy {}", self.person, p.name),
            Holder::Group => format!(
                "the {} policy {} of the group {}",
                if p.managed { "managed" } else { "inline" },
                p.name,
                self.group.as_deref().unwrap_or_default()
            ),
            Holder::Boundary => format!("the permissions boundary {}", p.name),
            Holder::Bucket => format!(
                "the bucket policy of {}",
                self.bucket.as_ref().map_or("", |b| b.name.as_str())
            ),
            Holder::Trust => format!(
                "the trust policy of {}",
                self.role.as_ref().map_or("", |r| r.name.as_str())
            ),
        }
    }
}
