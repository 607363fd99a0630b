//! The access grid: who can do what, as a person reads it. Rows are
//! principals; each column is one action on one resource.
//!
//! The decision cube ([`super::decision_cube`]) crosses every action with
//! every resource, and most of its cells mean nothing (`s3:GetObject` on a
//! role's ARN). A grid keeps only pairs that make sense, which
//! [`default_columns`] chooses:
//!
//! - every literal action (no wildcard) named in an Allow or Deny statement
//!   of a policy the organization wrote and uses: inline policies, customer
//!   managed policies attached to a user, a group with members or a role,
//!   permissions boundaries, trust policies, bucket policies and service
//!   control policies. Wildcards are not expanded: `ec2:*` would bring
//!   hundreds of columns and teach nothing the curated actions below do not.
//!   AWS managed policies in use count only for the services they name:
//!   their documents are written for every customer and list dozens of
//!   actions (CloudWatchReadOnlyAccess alone names over thirty) that would
//!   bury the ones a lesson is about;
//! - a short curated list that shows the course's points (reading and
//!   writing objects, starting and terminating servers, creating users,
//!   passing and assuming roles), kept only for the services the
//!   organization uses: the ones its policies name, the ones it holds
//!   resources of (buckets, instances, tables, functions), `iam` when it has
//!   users or roles, and `sts` when it has roles.
//!
//! Each action is paired with resources of its kind: S3 object actions with
//! `arn:aws:s3:::BUCKET/*` and bucket actions with the bucket's ARN, DynamoDB
//! actions with table ARNs, Lambda actions with function ARNs,
//! `sts:AssumeRole` and `iam:PassRole` with role ARNs; everything else with
//! `*`. When an organization holds more than [`MAX_RESOURCES_PER_ACTION`]
//! resources of a kind, the action gets `*` instead, so the grid stays
//! readable. Columns are sorted by service, then action, then resource.

use std::collections::{BTreeMap, BTreeSet};

use super::access::Arn;
use super::call_request::{self, CallRequest};
use super::catalog::catalog;
use super::decision_cube;
use super::eval::{Decision, Evaluation};
use super::model::{Caller, Org, PolicyDoc};
use super::pattern::has_wildcard;
use super::principal::Principal;

/// One column of the grid: an action on a resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Column {
    pub action: String,
    pub resource: String,
}

impl Column {
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Column {
            action: action.into(),
            resource: resource.into(),
        }
    }

    /// A short label: `s3:GetObject startup-reports/*`, `iam:CreateUser *`.
    pub fn label(&self) -> String {
        format!("{} {}", self.action, short_resource(&self.resource))
    }

    /// The service prefix, lower case: `s3` of `s3:GetObject`.
    pub fn service(&self) -> String {
        self.action
            .split_once(':')
            .map_or(self.action.as_str(), |(s, _)| s)
            .to_ascii_lowercase()
    }
}

/// A resource as people say it: the bucket and key of an S3 ARN, the part
/// after the account of other ARNs (`role/AppRole`, `table/Orders`), and
/// anything else as it is.
pub fn short_resource(resource: &str) -> &str {
    match Arn::parse(resource) {
        Some(arn) if !arn.resource.is_empty() => arn.resource,
        _ => resource,
    }
}

/// The labels of some columns: short, except that columns whose short
/// labels would be the same (two accounts' roles of one name) keep their
/// full resource.
pub fn labels(columns: &[Column]) -> Vec<String> {
    let mut seen: BTreeMap<String, BTreeSet<&Column>> = BTreeMap::new();
    for c in columns {
        seen.entry(c.label()).or_default().insert(c);
    }
    columns
        .iter()
        .map(|c| {
            let short = c.label();
            if seen[&short].len() > 1 {
                format!("{} {}", c.action, c.resource)
            } else {
                short
            }
        })
        .collect()
}

/// Principals down, columns across; `cells` is principal-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// As learners name them: `john`, `role/AppRole`, `root` in the home
    /// account (the first); full ARNs in other accounts.
    pub principals: Vec<String>,
    pub callers: Vec<Caller>,
    pub columns: Vec<Column>,
    pub cells: Vec<Decision>,
}

impl Grid {
    pub fn get(&self, p: usize, c: usize) -> Decision {
        self.cells[p * self.columns.len() + c]
    }

    /// How many columns principal `p` is allowed.
    pub fn allowed_in_row(&self, p: usize) -> usize {
        (0..self.columns.len())
            .filter(|&c| self.get(p, c).is_allowed())
            .count()
    }

    /// How many principals are allowed column `c`.
    pub fn allowed_in_column(&self, c: usize) -> usize {
        (0..self.principals.len())
            .filter(|&p| self.get(p, c).is_allowed())
            .count()
    }

    /// The row of a principal, by the name the grid gives it.
    pub fn row_of(&self, principal: &str) -> Option<usize> {
        self.principals.iter().position(|p| p == principal)
    }
}

/// The account bare names belong to: the first, as in the sandbox.
pub fn home_account(org: &Org) -> &str {
    org.accounts.keys().next().map_or("", String::as_str)
}

/// How a learner names a caller: `john`, `role/AppRole`, `root` in the home
/// account; the full ARN in any other.
pub fn principal_name(org: &Org, caller: &Caller) -> String {
    let home = home_account(org);
    match caller {
        Caller::Root { account } if account == home => "root".into(),
        Caller::User { account, user, .. } => match org.user(account, user) {
            Some(u) if account == home => u.name.clone(),
            Some(u) => u.arn(account),
            None => org.caller_arn(caller),
        },
        Caller::RoleSession { account, role, .. } => match org.role(account, role) {
            Some(r) if account == home => format!("role/{}", r.name),
            Some(r) => r.arn(account),
            None => org.caller_arn(caller),
        },
        _ => org.caller_arn(caller),
    }
}

/// The grid for every user and role of every account.
pub fn compute(org: &Org, columns: &[Column]) -> Grid {
    compute_for(org, &decision_cube::all_principals(org), columns)
}

/// The grid for some callers. Callers that cannot be resolved (a user that
/// does not exist) are left out, so rows always line up with `callers`.
/// Each cell is asked as the sandbox's own call would ask it
/// ([`CallRequest`]), so the grid, `changes` and a real call agree.
pub fn compute_for(org: &Org, callers: &[Caller], columns: &[Column]) -> Grid {
    let resolved: Vec<(Caller, Principal<'_>)> = callers
        .iter()
        .filter_map(|c| org.principal(c).ok().map(|p| (c.clone(), p)))
        .collect();
    let requests: Vec<CallRequest> = columns
        .iter()
        .map(|c| CallRequest::new(org, &c.action, &c.resource))
        .collect();
    let mut cells = Vec::with_capacity(resolved.len() * columns.len());
    for (_, p) in &resolved {
        for (c, req) in columns.iter().zip(&requests) {
            cells.push(req.decide(org, p, &c.action, &c.resource));
        }
    }
    let callers: Vec<Caller> = resolved.into_iter().map(|(c, _)| c).collect();
    Grid {
        principals: callers.iter().map(|c| principal_name(org, c)).collect(),
        callers,
        columns: columns.to_vec(),
        cells,
    }
}

/// Why cell (`p`, `c`) of `grid` says what it says: the evaluation of the
/// request the sandbox's call would make.
pub fn explain_cell(org: &Org, grid: &Grid, p: usize, c: usize) -> Option<Evaluation> {
    let caller = grid.callers.get(p)?;
    let column = grid.columns.get(c)?;
    CallRequest::new(org, &column.action, &column.resource)
        .explain(org, caller, &column.action, &column.resource)
        .ok()
}

/// Above this many buckets, tables, functions or roles, an action on them
/// gets one `*` column instead of one column each.
pub const MAX_RESOURCES_PER_ACTION: usize = 6;

/// Actions that show the course's points, whatever the policies say.
const CURATED: [&str; 16] = [
    "cloudwatch:GetMetricData",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "ec2:RunInstances",
    "ec2:StartInstances",
    "ec2:StopInstances",
    "ec2:TerminateInstances",
    "iam:AttachUserPolicy",
    "iam:CreateUser",
    "iam:PassRole",
    "lambda:InvokeFunction",
    "s3:DeleteBucket",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:PutObject",
    "sts:AssumeRole",
];

/// The columns a person wants to see for this organization (see the module
/// documentation for the choice).
pub fn default_columns(org: &Org) -> Vec<Column> {
    let docs = policies_in_use(org);
    let mut named_services = BTreeSet::new();
    let mut actions: BTreeMap<String, String> = BTreeMap::new();
    for (doc, written_here) in &docs {
        for s in &doc.policy.statements {
            for p in &s.action.patterns {
                if let Some(svc) = &p.service {
                    named_services.insert(svc.clone());
                }
                if *written_here && !has_wildcard(&p.text) && p.text.contains(':') {
                    let name = aws_spelling(&p.text);
                    actions.entry(name.to_ascii_lowercase()).or_insert(name);
                }
            }
        }
    }
    let used = services_in_use(org, named_services);
    for a in CURATED {
        let svc = a.split_once(':').map_or(a, |(s, _)| s);
        if used.contains(svc) {
            actions
                .entry(a.to_ascii_lowercase())
                .or_insert_with(|| a.to_string());
        }
    }
    let mut columns: Vec<Column> = actions
        .into_values()
        .flat_map(|a| {
            resources_for(org, &a)
                .into_iter()
                .map(move |r| Column::new(a.clone(), r))
        })
        .collect();
    sort_columns(&mut columns);
    columns
}

/// Sorts by service, then action, then resource, and drops repeats.
pub fn sort_columns(columns: &mut Vec<Column>) {
    columns.sort_by(|a, b| {
        (a.service(), a.action.to_ascii_lowercase(), &a.resource).cmp(&(
            b.service(),
            b.action.to_ascii_lowercase(),
            &b.resource,
        ))
    });
    columns.dedup();
}

/// The action as the catalog spells it, or as written when unknown.
fn aws_spelling(action: &str) -> String {
    catalog()
        .action(action)
        .map_or_else(|| action.to_string(), |a| a.full_name().to_string())
}

/// Services the organization uses: those named by its policies, those it
/// holds resources of, IAM when it has users or roles, STS when it has roles.
fn services_in_use(org: &Org, mut services: BTreeSet<String>) -> BTreeSet<String> {
    let mut add = |cond: bool, s: &str| {
        if cond {
            services.insert(s.to_string());
        }
    };
    add(!org.buckets.is_empty(), "s3");
    add(!org.instances.is_empty(), "ec2");
    add(!org.tables.is_empty(), "dynamodb");
    add(!org.functions.is_empty(), "lambda");
    let roles = org.accounts.values().any(|a| !a.roles.is_empty());
    let users = org.accounts.values().any(|a| !a.users.is_empty());
    add(roles || users, "iam");
    add(roles, "sts");
    services
}

/// Every policy document that can take part in a decision, each with
/// whether the organization wrote it (false for AWS managed policies).
fn policies_in_use(org: &Org) -> Vec<(&PolicyDoc, bool)> {
    fn managed<'o>(org: &'o Org, docs: &mut Vec<(&'o PolicyDoc, bool)>, arn: &str) {
        if let Some(p) = org.managed_policy(arn) {
            docs.push((p.default_doc(), !arn.starts_with("arn:aws:iam::aws:")));
        }
    }
    let mut docs: Vec<(&PolicyDoc, bool)> = Vec::new();
    for account in org.accounts.values() {
        let members: BTreeSet<&str> = account
            .users
            .values()
            .flat_map(|u| u.groups.iter().map(String::as_str))
            .collect();
        for u in account.users.values() {
            docs.extend(u.inline.values().map(|d| (&**d, true)));
            for arn in u.attached.iter().chain(&u.boundary) {
                managed(org, &mut docs, arn);
            }
        }
        for (key, g) in &account.groups {
            if members.contains(key.as_str()) {
                docs.extend(g.inline.values().map(|d| (&**d, true)));
                for arn in &g.attached {
                    managed(org, &mut docs, arn);
                }
            }
        }
        for r in account.roles.values() {
            docs.push((&r.trust, true));
            docs.extend(r.inline.values().map(|d| (&**d, true)));
            for arn in r.attached.iter().chain(&r.boundary) {
                managed(org, &mut docs, arn);
            }
        }
        for scp in account
            .scps
            .iter()
            .flatten()
            .chain(account.rcps.iter().flatten())
        {
            docs.push((&scp.doc, true));
        }
    }
    for b in org.buckets.values() {
        docs.extend(b.policy.as_deref().map(|d| (d, true)));
    }
    docs
}

/// The resources an action is shown on: those of its kind in the
/// organization, or `*` when there are none or too many.
pub fn resources_for(org: &Org, action: &str) -> Vec<String> {
    let (service, name) = action.split_once(':').unwrap_or((action, ""));
    let service = service.to_ascii_lowercase();
    let kinds: Vec<String> = catalog()
        .action(action)
        .map(|a| a.resources.clone())
        .unwrap_or_default();
    let has = |k: &str| kinds.iter().any(|x| x == k);
    let found: Vec<String> = match service.as_str() {
        "s3" if has("object") => org
            .buckets
            .keys()
            .map(|b| format!("arn:aws:s3:::{b}/*"))
            .collect(),
        "s3" if has("bucket") => org
            .buckets
            .keys()
            .map(|b| format!("arn:aws:s3:::{b}"))
            .collect(),
        "dynamodb" if has("table") => org.tables.values().map(|t| t.arn()).collect(),
        "lambda" if has("function") => org.functions.values().map(|f| f.arn()).collect(),
        "sts" | "iam"
            if name.eq_ignore_ascii_case("AssumeRole") && service == "sts"
                || name.eq_ignore_ascii_case("PassRole") && service == "iam" =>
        {
            org.accounts
                .iter()
                .flat_map(|(id, a)| a.roles.values().map(move |r| r.arn(id)))
                .collect()
        }
        _ => Vec::new(),
    };
    if found.is_empty() || found.len() > MAX_RESOURCES_PER_ACTION {
        vec!["*".to_string()]
    } else {
        found
    }
}

/// Reads columns as a person writes them: `s3:GetObject` (on the default
/// resources for that action, as in [`default_columns`]) or
/// `s3:GetObject=arn:aws:s3:::b/*` (on that resource alone).
pub fn parse_columns(spec: &[String], org: &Org) -> Result<Vec<Column>, String> {
    let mut out = Vec::new();
    for item in spec {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let (action, resource) = match item.split_once('=') {
            Some((a, r)) => (a.trim(), Some(r.trim())),
            None => (item, None),
        };
        let action = check_action(action)?;
        match resource {
            Some(r) if r == "*" || Arn::parse(r).is_some() => {
                out.push(Column::new(action, r));
            }
            Some(r) => {
                return Err(format!(
                    "`{r}` is not a resource: write an ARN such as arn:aws:s3:::my-bucket/*, or *"
                ));
            }
            None => out.extend(
                resources_for(org, &action)
                    .into_iter()
                    .map(|r| Column::new(action.clone(), r)),
            ),
        }
    }
    if out.is_empty() {
        return Err("no actions given: write them as s3:GetObject,iam:CreateUser".into());
    }
    sort_columns(&mut out);
    Ok(out)
}

/// One action named in full, as the catalog spells it.
fn check_action(action: &str) -> Result<String, String> {
    let Some((service, name)) = action.split_once(':') else {
        return Err(format!(
            "`{action}` is not an action: write SERVICE:Action, such as s3:GetObject"
        ));
    };
    if has_wildcard(action) {
        return Err(format!(
            "`{action}` is a pattern: name one action, such as s3:GetObject"
        ));
    }
    let well_formed = !service.is_empty()
        && !name.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !well_formed {
        return Err(format!(
            "`{action}` is not an action: write SERVICE:Action, such as s3:GetObject"
        ));
    }
    let cat = catalog();
    if let Some(a) = cat.action(action) {
        return Ok(a.full_name().to_string());
    }
    if cat.service(service).is_none() {
        // A grid only has rows for actions it knows: an unknown one would
        // compare as denied everywhere and report "no change" in a diff.
        let known: Vec<&str> = cat.services.iter().map(|s| s.prefix.as_str()).collect();
        return Err(match cat.nearest(action) {
            Some(near) => format!(
                "`{action}` is not an action iamtutor knows (`{service}` is not one of its services): did you mean {near}?"
            ),
            None => format!(
                "`{action}` is not an action iamtutor knows: its catalog has the actions of {}",
                known.join(", ")
            ),
        });
    }
    Err(match cat.nearest(action) {
        Some(near) => format!("`{action}` is not an action of {service}: did you mean {near}?"),
        None => format!("`{action}` is not an action of {service}"),
    })
}

/// The width text output is laid out for.
const WIDTH: usize = 80;

/// The grid as text for an 80-column terminal: a numbered key of
/// principals, then blocks of columns that fit the width.
pub fn to_text(grid: &Grid) -> String {
    if grid.principals.is_empty() {
        return "No users or roles to show.\n".into();
    }
    let mut out = format!(
        "{}\n{}\n",
        Decision::legend("   "),
        call_request::assumed_text()
    );
    // The key: "1 alice   2 john ...", wrapped.
    let mut line = String::new();
    for (i, p) in grid.principals.iter().enumerate() {
        let item = format!("{} {p}", i + 1);
        if !line.is_empty() && line.chars().count() + 3 + item.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push_str("   ");
        }
        line.push_str(&item);
    }
    out.push_str(&line);
    out.push('\n');
    let labels = labels(&grid.columns);
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let per_block = (WIDTH.saturating_sub(label_width + 1) / 3).max(4);
    let rows: Vec<usize> = (0..grid.principals.len()).collect();
    for block in rows.chunks(per_block) {
        out.push('\n');
        out.push_str(&" ".repeat(label_width));
        for &p in block {
            out.push_str(&format!("{:>3}", p + 1));
        }
        out.push('\n');
        for (c, label) in labels.iter().enumerate() {
            out.push_str(label);
            out.push_str(&" ".repeat(label_width - label.chars().count()));
            for &p in block {
                out.push_str(&format!("  {}", grid.get(p, c).mark()));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_unless_they_would_collide() {
        let cols = [
            Column::new("s3:GetObject", "arn:aws:s3:::reports/*"),
            Column::new("iam:CreateUser", "*"),
            Column::new("iam:PassRole", "arn:aws:iam::111122223333:role/App"),
            Column::new("iam:PassRole", "arn:aws:iam::444455556666:role/App"),
        ];
        let l = labels(&cols);
        assert_eq!(l[0], "s3:GetObject reports/*");
        assert_eq!(l[1], "iam:CreateUser *");
        assert_eq!(
            l[2], "iam:PassRole arn:aws:iam::111122223333:role/App",
            "two roles named App keep their accounts"
        );
        assert_ne!(l[2], l[3]);
        let same = [cols[0].clone(), cols[0].clone()];
        assert_eq!(labels(&same), ["s3:GetObject reports/*"; 2]);
    }

    #[test]
    fn parse_columns_refuses_what_is_not_one_action() {
        let org = Org::new();
        for bad in ["GetObject", "s3:Get*", "s3:", ":GetObject", "s3:Get Object"] {
            assert!(
                parse_columns(&[bad.to_string()], &org).is_err(),
                "{bad} should be refused"
            );
        }
        let e = parse_columns(&["s3:GetObjct".to_string()], &org).unwrap_err();
        assert!(e.contains("s3:GetObject"), "{e}");
        let e = parse_columns(&["s3:GetObject=bucket".to_string()], &org).unwrap_err();
        assert!(e.contains("ARN"), "{e}");
    }

    #[test]
    fn parse_columns_uses_aws_spelling_and_the_resource_given() {
        let org = Org::new();
        let cols = parse_columns(
            &[
                "S3:getobject=arn:aws:s3:::b/*".to_string(),
                "iam:CreateUser".to_string(),
            ],
            &org,
        )
        .unwrap();
        assert_eq!(
            cols,
            vec![
                Column::new("iam:CreateUser", "*"),
                Column::new("s3:GetObject", "arn:aws:s3:::b/*"),
            ]
        );
    }
}
