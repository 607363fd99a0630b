//! Building one situation from a set of features: who, what they hold, and
//! what they try. The builder only arranges plausible pieces; whether the
//! request is allowed is for the engine to say (see `super::make`).

use std::collections::BTreeSet;

use super::pools::{
    ASSUME, Act, BUCKETS, COMPANIES, FUNCTIONS, HOME, HOME_IP, INSTANCES, OFFICE_IP, OFFICE_RANGE,
    PARTNER, PARTNER_ROLES, PARTNERS, PEOPLE, REGION, Service, TABLES, TEAMS,
};
use super::rng::Rng;
use super::scenario::{Cond, Effect, Holder, Owned, Pol, Scenario, Stmt};

/// What a situation is made of; a level and a topic choose among these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// The person's permissions come through a group.
    Group,
    /// A customer managed policy (else inline ones).
    Managed,
    /// An explicit Deny statement somewhere.
    Deny,
    /// Wildcards in actions or resources.
    Wildcard,
    /// A permissions boundary on the person.
    Boundary,
    /// A resource-based policy (a bucket policy or a trust policy).
    ResourcePolicy,
    /// A statement with a condition, and a request with the context it asks about.
    Condition,
    /// The resource is in another account.
    CrossAccount,
}

impl Feature {
    pub const ALL: [Feature; 8] = [
        Feature::Group,
        Feature::Managed,
        Feature::Deny,
        Feature::Wildcard,
        Feature::Boundary,
        Feature::ResourcePolicy,
        Feature::Condition,
        Feature::CrossAccount,
    ];
}

/// The thing a request is about, with the ARNs that name it.
struct Thing {
    service: Service,
    /// The bucket, table, function or instance.
    name: String,
    /// An S3 object's key.
    key: String,
    /// Another thing of the same kind, for grants that miss.
    other: String,
    /// How a person names it: "northwind-reports", "the Orders table".
    words: String,
}

impl Thing {
    fn arn_of(&self, name: &str, act: &Act) -> String {
        let acct = HOME;
        match self.service {
            Service::S3 if act.on_container => format!("arn:aws:s3:::{name}"),
            Service::S3 => format!("arn:aws:s3:::{name}/{}", self.key),
            Service::Ec2 => format!("arn:aws:ec2:{REGION}:{acct}:instance/{name}"),
            Service::DynamoDb => format!("arn:aws:dynamodb:{REGION}:{acct}:table/{name}"),
            Service::Lambda => format!("arn:aws:lambda:{REGION}:{acct}:function:{name}"),
        }
    }

    /// The resource patterns a grant on `name` for `acts` would list.
    fn patterns(&self, name: &str, acts: &[&Act]) -> Vec<String> {
        match self.service {
            Service::S3 => {
                let mut out = Vec::new();
                if acts.iter().any(|a| a.on_container) {
                    out.push(format!("arn:aws:s3:::{name}"));
                }
                if acts.iter().any(|a| !a.on_container) {
                    out.push(format!("arn:aws:s3:::{name}/*"));
                }
                out
            }
            _ => vec![self.arn_of(name, acts[0])],
        }
    }

    /// A pattern with a wildcard that people write for this kind of thing.
    fn wild_pattern(&self, rng: &mut Rng, company: &str, act: &Act) -> String {
        match self.service {
            Service::S3 if rng.chance(30) => "*".into(),
            Service::S3 if act.on_container => format!("arn:aws:s3:::{company}-*"),
            Service::S3 => format!("arn:aws:s3:::{company}-*/*"),
            Service::Ec2 => format!("arn:aws:ec2:{REGION}:{HOME}:instance/*"),
            Service::DynamoDb => format!("arn:aws:dynamodb:{REGION}:{HOME}:table/*"),
            Service::Lambda => format!("arn:aws:lambda:{REGION}:{HOME}:function:*"),
        }
    }
}

fn thing(rng: &mut Rng, service: Service, owner: &str) -> Thing {
    match service {
        Service::S3 => {
            let i = rng.below(BUCKETS.len());
            let (purpose, keys) = BUCKETS[i];
            let j = (i + 1 + rng.below(BUCKETS.len() - 1)) % BUCKETS.len();
            let name = format!("{owner}-{purpose}");
            Thing {
                service,
                key: rng.pick(keys).to_string(),
                other: format!("{owner}-{}", BUCKETS[j].0),
                words: name.clone(),
                name,
            }
        }
        Service::Ec2 => {
            let (name, other) = two(rng, INSTANCES);
            Thing {
                service,
                words: name.clone(),
                name,
                other,
                key: String::new(),
            }
        }
        Service::DynamoDb => {
            let (name, other) = two(rng, TABLES);
            Thing {
                service,
                words: format!("the {name} table"),
                name,
                other,
                key: String::new(),
            }
        }
        Service::Lambda => {
            let (name, other) = two(rng, FUNCTIONS);
            Thing {
                service,
                words: name.clone(),
                name,
                other,
                key: String::new(),
            }
        }
    }
}

/// Two different names from `pool`.
fn two(rng: &mut Rng, pool: &[&str]) -> (String, String) {
    let i = rng.below(pool.len());
    let j = (i + 1 + rng.below(pool.len() - 1)) % pool.len();
    (pool[i].to_string(), pool[j].to_string())
}

/// The actions a grant lists: deleting a whole bucket is asked for and
/// denied in drills, but nobody hands it out beside everyday work.
fn grantable(service: Service) -> Vec<Act> {
    service
        .acts()
        .iter()
        .filter(|a| a.action != "s3:DeleteBucket")
        .copied()
        .collect()
}

/// Up to `n` actions of `acts`, always including `must` when given.
fn some_acts<'a>(rng: &mut Rng, acts: &'a [Act], must: Option<&'a Act>, n: usize) -> Vec<&'a Act> {
    let mut order: Vec<&Act> = acts.iter().collect();
    rng.shuffle(&mut order);
    let mut out: Vec<&Act> = must.into_iter().collect();
    for a in order {
        if out.len() >= n {
            break;
        }
        if !out.iter().any(|o| o.action == a.action) && must.is_none_or(|m| m.action != a.action) {
            out.push(a);
        }
    }
    // In the catalog's order, as a person lists them.
    out.sort_by_key(|a| acts.iter().position(|x| x.action == a.action));
    out
}

/// A policy name from a purpose and what it does: "ReportsReadOnly".
fn title(word: &str) -> String {
    let mut out = String::new();
    for part in word.split(['-', '_', ' ']) {
        let mut c = part.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
    out
}

/// The short name of what a request is about, for policy names: "Reports",
/// "Orders", "Instances", "ResizeImages".
fn subject(t: &Thing) -> String {
    match t.service {
        Service::S3 => title(t.name.split_once('-').map_or(&t.name, |(_, p)| p)),
        Service::Ec2 => "Instances".into(),
        Service::DynamoDb => t.name.clone(),
        Service::Lambda => title(&t.name),
    }
}

/// A condition and the request context that meets it or not.
fn condition(rng: &mut Rng) -> (Cond, (String, String), &'static str) {
    if rng.chance(50) {
        let office = rng.chance(50);
        (
            Cond {
                op: "IpAddress",
                key: "aws:SourceIp",
                value: OFFICE_RANGE.into(),
            },
            (
                "aws:SourceIp".into(),
                if office { OFFICE_IP } else { HOME_IP }.into(),
            ),
            if office {
                " from the office network"
            } else {
                " from home"
            },
        )
    } else {
        let mfa = rng.chance(50);
        (
            Cond {
                op: "Bool",
                key: "aws:MultiFactorAuthPresent",
                value: "true".into(),
            },
            (
                "aws:MultiFactorAuthPresent".into(),
                if mfa { "true" } else { "false" }.into(),
            ),
            if mfa {
                ", signed in with MFA"
            } else {
                ", signed in without MFA"
            },
        )
    }
}

/// A situation with `features`, drawn from `rng`.
pub fn build(rng: &mut Rng, features: &BTreeSet<Feature>) -> Scenario {
    let has = |f: Feature| features.contains(&f);
    let team = *rng.pick(TEAMS);
    let person = rng.pick(PEOPLE).to_string();
    let colleague = loop {
        let c = rng.pick(PEOPLE);
        if *c != person {
            break c.to_string();
        }
    };
    let company = *rng.pick(COMPANIES);
    let partner = has(Feature::CrossAccount).then(|| rng.pick(PARTNERS).to_string());
    // A role in the other account, or a bucket there; resource policies
    // and buckets need S3.
    let role_variant =
        has(Feature::CrossAccount) && !has(Feature::ResourcePolicy) && rng.chance(50);
    let service = if has(Feature::ResourcePolicy) || has(Feature::CrossAccount) {
        Service::S3
    } else {
        *rng.pick(team.services)
    };
    let owner = partner.as_deref().unwrap_or(company);
    let t = thing(rng, service, owner);
    let act = *rng.pick(service.acts());
    let mut s = Scenario {
        person: person.clone(),
        colleague: None,
        group: has(Feature::Group).then(|| team.group.to_string()),
        policies: Vec::new(),
        bucket: None,
        role: None,
        action: act.action.to_string(),
        resource: t.arn_of(&t.name, &act),
        context: Vec::new(),
        doing: act
            .verb
            .replace("{thing}", &t.words)
            .replace("{key}", &t.key),
        member: team.member.to_string(),
        partner: partner.clone(),
    };
    let user_arn = s.user_arn();
    let colleague_arn = format!("arn:aws:iam::{HOME}:user/{colleague}");
    let holder = if has(Feature::Group) {
        Holder::Group
    } else {
        Holder::User
    };
    let managed = has(Feature::Managed) || (holder == Holder::Group && rng.chance(60));
    let (cond, ctx, how) = condition(rng);
    // A condition sits on the grant, or on a Deny (then only without MFA,
    // or from outside the office).
    let cond_on_grant = has(Feature::Condition) && (!has(Feature::Deny) || rng.chance(50));

    // The grant: what the person's own policies allow.
    let mut grant;
    let subject = subject(&t);
    if role_variant {
        let (role, other_role) = two(rng, PARTNER_ROLES);
        let role_arn = |r: &str| format!("arn:aws:iam::{PARTNER}:role/{r}");
        let aimed = if rng.chance(70) { &role } else { &other_role };
        grant = Stmt::new(Effect::Allow, &[ASSUME.action], &[&role_arn(aimed)]);
        if has(Feature::Wildcard) && rng.chance(50) {
            grant.resources = vec![format!("arn:aws:iam::{PARTNER}:role/*")];
        }
        s.action = ASSUME.action.into();
        s.resource = role_arn(&role);
        s.doing = ASSUME
            .verb
            .replace("{thing}", &format!("{role} in {}'s account", owner));
        let trusted = match rng.below(3) {
            0 => format!("arn:aws:iam::{HOME}:root"),
            1 => user_arn.clone(),
            _ => colleague_arn.clone(),
        };
        if trusted == colleague_arn {
            s.colleague = Some(colleague.clone());
        }
        let mut trust = Stmt::new(Effect::Allow, &[ASSUME.action], &[]);
        trust.no_resource = true;
        trust.principal = Some(trusted);
        if has(Feature::Condition) && !cond_on_grant {
            trust.cond = Some(Cond {
                op: "Bool",
                key: "aws:MultiFactorAuthPresent",
                value: "true".into(),
            });
        }
        s.role = Some(Owned {
            name: role.clone(),
            account: PARTNER.into(),
        });
        s.policies.push(Pol {
            name: "trust".into(),
            holder: Holder::Trust,
            managed: false,
            stmts: vec![trust],
        });
    } else {
        let must = rng.chance(65).then_some(&act);
        let n = 1 + rng.below(3);
        let pool = grantable(service);
        let listed = some_acts(rng, &pool, must, n);
        let actions: Vec<String> = if has(Feature::Wildcard) && rng.chance(60) {
            vec![rng.pick(service.wild_actions()).to_string()]
        } else {
            listed.iter().map(|a| a.action.to_string()).collect()
        };
        let name = if rng.chance(75) { &t.name } else { &t.other };
        let mut resources = t.patterns(name, &listed);
        if has(Feature::Wildcard) && rng.chance(50) {
            resources = vec![t.wild_pattern(rng, owner, &act)];
        } else if service == Service::S3 && actions.iter().any(|a| a.contains('*')) {
            resources = t.patterns(name, &service.acts().iter().collect::<Vec<_>>());
        }
        grant = Stmt {
            actions,
            resources,
            ..Stmt::new(Effect::Allow, &[], &[])
        };
    }
    if cond_on_grant {
        grant.cond = Some(cond.clone());
    }
    let grant_name = if role_variant {
        format!(
            "Assume{}",
            title(&s.role.as_ref().map_or(String::new(), |r| r.name.clone()))
        )
    } else {
        let reads = grant
            .actions
            .iter()
            .all(|a| service.acts().iter().any(|x| x.action == a && x.read));
        format!("{subject}{}", if reads { "ReadOnly" } else { "Access" })
    };
    s.policies.push(Pol {
        name: grant_name,
        holder: holder.clone(),
        managed,
        stmts: vec![grant],
    });

    // An explicit Deny: on the action asked for, or a neighbour of it.
    if has(Feature::Deny) {
        let target = if rng.chance(55) {
            act
        } else {
            *rng.pick(service.acts())
        };
        let mut deny = if role_variant {
            Stmt::new(Effect::Deny, &[ASSUME.action], &[&s.resource])
        } else {
            let acts = [&target];
            let mut st = Stmt::new(Effect::Deny, &[target.action], &[]);
            st.resources = t.patterns(&t.name, &acts);
            st
        };
        if has(Feature::Condition) && !cond_on_grant {
            // The usual guardrail: deny without MFA, or outside the office.
            deny.cond = Some(match cond.op {
                "IpAddress" => Cond {
                    op: "NotIpAddress",
                    ..cond.clone()
                },
                _ => Cond {
                    value: "false".into(),
                    ..cond.clone()
                },
            });
        }
        if has(Feature::ResourcePolicy) && !role_variant && rng.chance(50) {
            deny.principal = Some("*".into());
            s.policies.push(Pol {
                name: "bucket".into(),
                holder: Holder::Bucket,
                managed: false,
                stmts: vec![deny],
            });
        } else {
            let on_group = has(Feature::Group) && rng.chance(50);
            let name = match &s.role {
                Some(r) => format!("NoAssume{}", title(&r.name)),
                None => format!("Protect{subject}"),
            };
            s.policies.push(Pol {
                name,
                holder: if on_group {
                    Holder::Group
                } else {
                    Holder::User
                },
                managed: has(Feature::Managed) && rng.chance(50),
                stmts: vec![deny],
            });
        }
    }
    if has(Feature::Condition) {
        s.context.push(ctx);
        s.doing.push_str(how);
    }

    // A permissions boundary: a ceiling that covers the service, or not.
    if has(Feature::Boundary) {
        let covers = rng.chance(60);
        let mut prefixes: Vec<&str> = if covers {
            vec![s.action.split(':').next().unwrap_or("s3")]
        } else {
            Vec::new()
        };
        for extra in ["cloudwatch", "logs", "ec2", "dynamodb", "s3"] {
            if prefixes.len() >= 2 {
                break;
            }
            if !prefixes.contains(&extra)
                && (!covers || rng.chance(50))
                && !s.action.starts_with(&format!("{extra}:"))
            {
                prefixes.push(extra);
            }
        }
        let actions: Vec<String> = prefixes.iter().map(|p| format!("{p}:*")).collect();
        s.policies.push(Pol {
            name: format!("{}Boundary", team.group.trim_end_matches('s')),
            holder: Holder::Boundary,
            managed: true,
            stmts: vec![Stmt {
                actions,
                resources: vec!["*".into()],
                ..Stmt::new(Effect::Allow, &[], &[])
            }],
        });
    }

    // A bucket, with a bucket policy that lets someone in.
    if service == Service::S3 && !role_variant {
        s.bucket = Some(Owned {
            name: t.name.clone(),
            account: if partner.is_some() { PARTNER } else { HOME }.into(),
        });
        if has(Feature::ResourcePolicy) || has(Feature::CrossAccount) {
            let who = match rng.below(if partner.is_some() { 3 } else { 2 }) {
                0 => user_arn.clone(),
                1 => colleague_arn.clone(),
                _ => format!("arn:aws:iam::{HOME}:root"),
            };
            if who == colleague_arn {
                s.colleague = Some(colleague.clone());
            }
            let target = if rng.chance(70) {
                act
            } else {
                *rng.pick(&grantable(service))
            };
            let mut allow = Stmt::new(Effect::Allow, &[target.action], &[]);
            allow.resources = t.patterns(&t.name, &[&target]);
            allow.principal = Some(who);
            match s.policies.iter_mut().find(|p| p.holder == Holder::Bucket) {
                Some(p) => p.stmts.insert(0, allow),
                None => s.policies.push(Pol {
                    name: "bucket".into(),
                    holder: Holder::Bucket,
                    managed: false,
                    stmts: vec![allow],
                }),
            }
        }
    }
    s
}

/// The features a situation really has, read from it.
pub fn features_of(s: &Scenario) -> BTreeSet<Feature> {
    let mut out = BTreeSet::new();
    if s.group.is_some() {
        out.insert(Feature::Group);
    }
    let stmts = || s.policies.iter().flat_map(|p| &p.stmts);
    if s.policies
        .iter()
        .any(|p| p.managed && p.holder != Holder::Boundary)
    {
        out.insert(Feature::Managed);
    }
    if stmts().any(|st| st.effect == Effect::Deny) {
        out.insert(Feature::Deny);
    }
    if stmts().any(|st| {
        st.actions.iter().any(|a| a.contains('*')) || st.resources.iter().any(|r| wild(r))
    }) {
        out.insert(Feature::Wildcard);
    }
    if s.policies.iter().any(|p| p.holder == Holder::Boundary) {
        out.insert(Feature::Boundary);
    }
    if s.policies
        .iter()
        .any(|p| matches!(p.holder, Holder::Bucket | Holder::Trust))
    {
        out.insert(Feature::ResourcePolicy);
    }
    if stmts().any(|st| st.cond.is_some()) {
        out.insert(Feature::Condition);
    }
    if s.cross_account() {
        out.insert(Feature::CrossAccount);
    }
    out
}

/// A resource pattern with a wildcard a learner must read: not the `/*`
/// that every bucket's objects need.
fn wild(r: &str) -> bool {
    r == "*"
        || r.trim_end_matches("/*").contains('*')
        || (!r.starts_with("arn:aws:s3") && r.ends_with('*'))
}
