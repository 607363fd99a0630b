//! An organization in words, for questions that ask the learner to judge
//! it: who exists, what they hold, how old their keys are, who may assume
//! each role. Everything a best-practice judgement needs, nothing it does
//! not (no ids, no secrets).

use crate::iam::model::{Account, Caller, KeyStatus, Org, Role};
use crate::iam::policy::{Effect, Policy, PrincipalBlock, Statement};

const DAY: i64 = 86_400;

/// "today", "yesterday", "12 days ago".
fn ago(now: i64, then: i64) -> String {
    match (now - then).max(0) / DAY {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

/// A policy ARN's short name: AWS managed ones are recognisable by it.
fn short(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// One statement in a line: "Allow s3:GetObject, s3:PutObject on arn:aws:s3:::b/*".
fn statement(s: &Statement) -> String {
    let effect = if s.effect == Effect::Allow {
        "Allow"
    } else {
        "Deny"
    };
    let not = |negated: bool| if negated { "everything but " } else { "" };
    let actions: Vec<&str> = s.action.patterns.iter().map(|p| p.text.as_str()).collect();
    let mut out = format!("{effect} {}{}", not(s.action.negated), actions.join(", "));
    if let Some(r) = &s.resource {
        let rs: Vec<&str> = r.patterns.iter().map(|p| p.text.as_str()).collect();
        out.push_str(&format!(" on {}{}", not(r.negated), rs.join(", ")));
    }
    if !s.conditions.is_empty() {
        let keys: Vec<&str> = s.conditions.iter().map(|c| c.key.as_str()).collect();
        out.push_str(&format!(" if {}", keys.join(", ")));
    }
    out
}

fn policy_lines(policy: &Policy, indent: &str, out: &mut Vec<String>) {
    for s in &policy.statements {
        out.push(format!("{indent}{}", statement(s)));
    }
}

/// Managed policies by short name; customer managed ones with their statements.
fn managed(org: &Org, attached: &[String], out: &mut Vec<String>) {
    for arn in attached {
        out.push(format!("    policy {}", short(arn)));
        if !arn.contains(":aws:policy/")
            && let Some(p) = org.managed_policy(arn)
        {
            policy_lines(&p.default_doc().policy, "      ", out);
        }
    }
}

fn inline<'a>(
    docs: impl Iterator<Item = (&'a String, &'a std::sync::Arc<crate::iam::model::PolicyDoc>)>,
    out: &mut Vec<String>,
) {
    for (name, doc) in docs {
        out.push(format!("    inline policy {name}"));
        policy_lines(&doc.policy, "      ", out);
    }
}

/// A permissions boundary caps everything above it: a judgement cannot
/// be made without it.
fn boundary(org: &Org, arn: Option<&str>, out: &mut Vec<String>) {
    let Some(arn) = arn else { return };
    out.push(format!("    permissions boundary {}", short(arn)));
    if !arn.contains(":aws:policy/")
        && let Some(p) = org.managed_policy(arn)
    {
        policy_lines(&p.default_doc().policy, "      ", out);
    }
}

/// The principals a resource policy's statement names: " for arn:...".
fn to_whom(s: &Statement) -> String {
    match &s.principal {
        Some(p) => format!(" for {}", who(p).join(", ")),
        None => String::new(),
    }
}

/// Everyone a `Principal` element names, `*` said in words.
fn who(p: &PrincipalBlock) -> Vec<String> {
    let mut who: Vec<String> = Vec::new();
    if p.any {
        who.push("anyone (*)".into());
    }
    who.extend(p.aws.iter().cloned());
    who.extend(p.service.iter().cloned());
    who.extend(p.federated.iter().cloned());
    who
}

/// Who a trust policy lets in, statement by statement.
fn trust(role: &Role) -> Vec<String> {
    let mut out = Vec::new();
    for s in &role.trust.policy.statements {
        let Some(p) = &s.principal else { continue };
        let verb = if s.effect == Effect::Allow {
            "trusts"
        } else {
            "refuses"
        };
        let mut line = format!("    {verb} {}", who(p).join(", "));
        if !s.conditions.is_empty() {
            let keys: Vec<&str> = s.conditions.iter().map(|c| c.key.as_str()).collect();
            line.push_str(&format!(" if {}", keys.join(", ")));
        }
        out.push(line);
    }
    out
}

fn account_lines(org: &Org, account: &Account, out: &mut Vec<String>) {
    let now = org.now;
    for u in account.users.values() {
        let mut head = format!("  user {}", u.name);
        let groups: Vec<&str> = u
            .groups
            .iter()
            .filter_map(|g| account.groups.get(g).map(|g| g.name.as_str()))
            .collect();
        if !groups.is_empty() {
            head.push_str(&format!(" in {}", groups.join(", ")));
        }
        for t in &u.tags {
            head.push_str(&format!(" [{}={}]", t.key, t.value));
        }
        let mut facts = Vec::new();
        match &u.login_profile {
            Some(lp) => facts.push(match u.password_last_used {
                Some(t) => format!("password, last used {}", ago(now, t)),
                None => format!("password set {}, never used", ago(now, lp.created)),
            }),
            None => facts.push("no password".into()),
        }
        facts.push(if u.mfa_devices.is_empty() {
            "no MFA".into()
        } else {
            "MFA on".into()
        });
        // One line per user where it fits: a question's whole organization
        // should be readable without scrolling.
        out.push(format!("{head}: {}", facts.join(", ")));
        for k in &u.access_keys {
            let status = match k.status {
                KeyStatus::Active => "active",
                KeyStatus::Inactive => "inactive",
            };
            let used = match &k.last_used {
                Some(l) => format!("last used {} ({})", ago(now, l.date), l.service),
                None => "never used".into(),
            };
            out.push(format!(
                "    access key {} {status}, made {}, {used}",
                k.id,
                ago(now, k.created)
            ));
        }
        managed(org, &u.attached, out);
        inline(u.inline.iter(), out);
        boundary(org, u.boundary.as_deref(), out);
    }
    for g in account.groups.values() {
        // AWS managed policies are known by name: they go on the group's
        // line; customer policies follow with their statements.
        let (aws, own): (Vec<&String>, Vec<&String>) =
            g.attached.iter().partition(|a| a.contains(":aws:policy/"));
        let mut head = format!("  group {}", g.name);
        if !aws.is_empty() {
            let names: Vec<&str> = aws.iter().map(|a| short(a)).collect();
            head.push_str(&format!(": {}", names.join(", ")));
        }
        out.push(head);
        let own: Vec<String> = own.into_iter().cloned().collect();
        managed(org, &own, out);
        inline(g.inline.iter(), out);
    }
    for r in account.roles.values() {
        let used = match r.last_used {
            Some(t) => format!("last used {}", ago(now, t)),
            None => "never used".into(),
        };
        out.push(format!(
            "  role {}, made {}, {used}",
            r.name,
            ago(now, r.created)
        ));
        out.extend(trust(r));
        managed(org, &r.attached, out);
        inline(r.inline.iter(), out);
        boundary(org, r.boundary.as_deref(), out);
    }
    // Buckets matter to a judgement only through their policies.
    for b in org.buckets.values().filter(|b| b.account == account.id) {
        if let Some(doc) = &b.policy {
            out.push(format!("  bucket {} with a bucket policy", b.name));
            for st in &doc.policy.statements {
                out.push(format!("    {}{}", statement(st), to_whom(st)));
            }
        }
    }
    for i in org.instances.values().filter(|i| i.account == account.id) {
        let profile = match &i.instance_profile {
            Some(p) => format!("with instance profile {}", short(&p.arn)),
            None => "with no instance profile".into(),
        };
        out.push(format!(
            "  instance {} ({}) {profile}",
            i.id,
            i.state.name()
        ));
    }
}

/// A statement with its conditions spelled out, for a question that turns
/// on their values: "Allow sts:AssumeRole if StringEquals sts:ExternalId = x".
fn statement_in_full(s: &Statement) -> String {
    let mut out = statement(&Statement {
        conditions: Vec::new(),
        ..s.clone()
    });
    out.push_str(&to_whom(s));
    let conds: Vec<String> = s
        .conditions
        .iter()
        .map(|c| format!("{} {} = {}", c.operator, c.key, c.values.join(" or ")))
        .collect();
    if !conds.is_empty() {
        out.push_str(&format!(" if {}", conds.join(" and ")));
    }
    out
}

fn policy_lines_in_full(policy: &Policy, indent: &str, out: &mut Vec<String>) {
    for s in &policy.statements {
        out.push(format!("{indent}{}", statement_in_full(s)));
    }
}

/// Attached managed policies, AWS managed ones by name only (they are known
/// by it), customer managed ones with their statements.
fn managed_in_full(org: &Org, attached: &[String], indent: &str, out: &mut Vec<String>) {
    for arn in attached {
        out.push(format!("{indent}managed policy {}", short(arn)));
        if !arn.contains(":aws:policy/")
            && let Some(p) = org.managed_policy(arn)
        {
            policy_lines_in_full(&p.default_doc().policy, &format!("{indent}  "), out);
        }
    }
}

fn inline_in_full<'a>(
    docs: impl Iterator<Item = (&'a String, &'a std::sync::Arc<crate::iam::model::PolicyDoc>)>,
    indent: &str,
    out: &mut Vec<String>,
) {
    for (name, doc) in docs {
        out.push(format!("{indent}inline policy {name}"));
        policy_lines_in_full(&doc.policy, &format!("{indent}  "), out);
    }
}

/// What decides one request, in words: the caller's policies (its own and
/// its groups', its boundary), the account's SCPs, and the resource's
/// policy. A decide question is answered from these, so the learner sees
/// them beside the prompt instead of guessing at the organization. Empty
/// when the caller cannot be resolved (the course check reports that).
pub fn for_request(
    org: &Org,
    home: &str,
    principal: &str,
    action: &str,
    resource: &str,
) -> Vec<String> {
    let Ok(caller) = org.resolve_principal(principal, home) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let own = match &caller {
        Caller::Root { account } => {
            out.push(format!("the root user of account {account}"));
            org.account(account)
        }
        Caller::User { account, user, .. } => {
            let a = org.account(account);
            if let (Some(a), Some(u)) = (a, org.user(account, user)) {
                let mut head = format!("user {} (account {account})", u.name);
                for t in &u.tags {
                    head.push_str(&format!(" [{}={}]", t.key, t.value));
                }
                if u.attached.is_empty() && u.inline.is_empty() && u.groups.is_empty() {
                    head.push_str(": no policies, in no group");
                }
                out.push(head);
                managed_in_full(org, &u.attached, "  ", &mut out);
                inline_in_full(u.inline.iter(), "  ", &mut out);
                for g in u.groups.iter().filter_map(|g| a.groups.get(g)) {
                    out.push(format!("  in group {}", g.name));
                    managed_in_full(org, &g.attached, "    ", &mut out);
                    inline_in_full(g.inline.iter(), "    ", &mut out);
                }
                if let Some(b) = &u.boundary {
                    out.push("  permissions boundary:".to_string());
                    managed_in_full(org, std::slice::from_ref(b), "    ", &mut out);
                }
            }
            a
        }
        Caller::RoleSession { account, role, .. } => {
            if let Some(r) = org.role(account, role) {
                let mut head = format!("a session of role {} (account {account})", r.name);
                for t in &r.tags {
                    head.push_str(&format!(" [{}={}]", t.key, t.value));
                }
                if r.attached.is_empty() && r.inline.is_empty() {
                    head.push_str(": no permissions policies");
                }
                out.push(head);
                managed_in_full(org, &r.attached, "  ", &mut out);
                inline_in_full(r.inline.iter(), "  ", &mut out);
                if let Some(b) = &r.boundary {
                    out.push("  permissions boundary:".to_string());
                    managed_in_full(org, std::slice::from_ref(b), "    ", &mut out);
                }
            }
            org.account(account)
        }
        Caller::Service(s) => {
            out.push(format!("the service {s}"));
            None
        }
        // A federated caller holds no policies: only the role's trust
        // policy, listed below, decides.
        Caller::Federated { provider, .. } => {
            out.push(format!("a caller signed in through {provider}"));
            None
        }
    };
    if let Some(scps) = own.and_then(|a| a.scps.as_ref()) {
        out.push(format!(
            "account {}'s service control policies:",
            own.map_or("", |a| a.id.as_str())
        ));
        for scp in scps {
            out.push(format!("  {}", scp.name));
            policy_lines_in_full(&scp.doc.policy, "    ", &mut out);
        }
    }
    if let (_, Some(rp)) = org.resource_side(action, resource) {
        // "bucket payroll's bucket policy", "role AuditRole's trust policy".
        let what = match crate::iam::access::Arn::parse(resource) {
            Some(a) if a.service == "s3" => {
                format!("bucket {}", a.resource.split('/').next().unwrap_or(""))
            }
            Some(a) => format!("role {}", a.resource.rsplit('/').next().unwrap_or("")),
            None => "the resource".to_string(),
        };
        out.push(format!("{what}'s {}:", rp.name));
        policy_lines_in_full(&rp.doc.policy, "  ", &mut out);
    } else if let Some(a) = crate::iam::access::Arn::parse(resource).filter(|a| a.service == "s3") {
        // Saying so settles the question a learner would otherwise ask.
        let bucket = a.resource.split('/').next().unwrap_or("");
        if org.buckets.contains_key(bucket) {
            out.push(format!("bucket {bucket} has no bucket policy"));
        }
    }
    out
}

/// The organization as indented lines, account by account.
pub fn lines(org: &Org) -> Vec<String> {
    let mut out = Vec::new();
    let several = org.accounts.len() > 1;
    for account in org.accounts.values() {
        let empty =
            account.users.is_empty() && account.groups.is_empty() && account.roles.is_empty();
        if empty && several {
            continue;
        }
        out.push(format!("account {}", account.id));
        account_lines(org, account, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::content::goals;
    use crate::content::schema::Setup;

    #[test]
    fn boundaries_and_bucket_policies_are_listed_because_they_decide() {
        let setup = Setup::Commands(
            [
                "aws s3api create-bucket --bucket payroll",
                "aws s3api create-bucket --bucket plain",
                "aws iam create-user --user-name dan",
                "aws iam put-user-permissions-boundary --user-name dan --permissions-boundary arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
                "aws iam create-user --user-name erin",
                r#"aws s3api put-bucket-policy --bucket payroll --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/erin"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::payroll/*"}]}'"#,
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        );
        let shell = goals::build(&setup, &|_| None).unwrap();
        let lines = super::lines(&shell.org);
        let at = |l: &str| lines.iter().position(|x| x == l);
        let dan = at("  user dan: no password, no MFA").unwrap();
        assert_eq!(
            lines[dan + 1],
            "    permissions boundary AmazonEC2ReadOnlyAccess"
        );
        assert!(
            at("  bucket payroll with a bucket policy").is_some(),
            "{lines:?}"
        );
        assert!(lines.contains(
            &"    Allow s3:GetObject on arn:aws:s3:::payroll/* for arn:aws:iam::111122223333:user/erin"
                .to_string()
        ));
        // A bucket without a policy adds nothing to judge.
        assert!(!lines.iter().any(|l| l.contains("plain")), "{lines:?}");
    }

    #[test]
    fn a_request_shows_the_callers_groups_boundary_and_the_trust_it_must_pass() {
        let setup = Setup::Commands(
            [
                "aws iam create-user --user-name ana",
                "aws iam create-group --group-name Ops",
                "aws iam add-user-to-group --group-name Ops --user-name ana",
                r#"aws iam put-group-policy --group-name Ops --policy-name Assume --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}'"#,
                "aws iam put-user-permissions-boundary --user-name ana --permissions-boundary arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                r#"aws iam create-role --role-name Audit --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'"#,
                "aws iam create-user --user-name bo",
                "aws s3api create-bucket --bucket logs",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        );
        let shell = goals::build(&setup, &|_| None).unwrap();
        let lines = super::for_request(
            &shell.org,
            &shell.home,
            "ana",
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/Audit",
        );
        assert_eq!(
            lines,
            [
                "user ana (account 111122223333)",
                "  in group Ops",
                "    inline policy Assume",
                "      Allow sts:AssumeRole on *",
                "  permissions boundary:",
                "    managed policy AmazonS3ReadOnlyAccess",
                "role Audit's trust policy:",
                "  Allow sts:AssumeRole for arn:aws:iam::111122223333:root if Bool aws:MultiFactorAuthPresent = true",
            ]
        );
        // Another user is not part of ana's request.
        assert!(!lines.iter().any(|l| l.contains("user bo")), "{lines:?}");
        let bare = super::for_request(&shell.org, &shell.home, "bo", "s3:ListBucket", "*");
        assert_eq!(
            bare,
            ["user bo (account 111122223333): no policies, in no group"]
        );
        let plain = super::for_request(
            &shell.org,
            &shell.home,
            "bo",
            "s3:GetObject",
            "arn:aws:s3:::logs/a.txt",
        );
        assert_eq!(plain[1], "bucket logs has no bucket policy");
    }
}
