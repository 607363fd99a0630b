//! The advisor: reads an organization the way a security reviewer would and
//! lists what it finds, each finding with why it matters and the sandbox
//! commands that fix it.
//!
//! Rules are grouped by what they look at: `policies` (where permissions
//! live and how broad they are), `people` (shared users, administrators,
//! MFA), `credentials` (access keys and passwords over time), `workloads`
//! (machines that use a person's kind of credentials), `roles` (trust and
//! use), `federation` (trusts of web identity providers) and `perimeter`
//! (the organization's data perimeter). Who may do what is asked of the
//! evaluator (`privilege`), so denies, boundaries and SCPs count exactly as
//! they do everywhere else.
//!
//! Fixes are meant to be run: every fix works on its own, and the fixes of
//! one `advise` work one after another in the order printed. `plan` decides
//! once, for the whole account, what the fixes of different findings must
//! agree on (who is deleted, who stays an administrator, which group
//! people's policies move to), and `settle` prints a step that two fixes
//! share only at its first use. `narrow` writes the narrower statements a
//! fix puts in place of a broad one, `policy_edits` the statements a fix
//! changes in place, and `commands` the sandbox commands themselves.
//!
//! Pure like the rest of the engine: time is `org.now`.

mod commands;
mod credentials;
mod federation;
mod narrow;
mod people;
mod perimeter;
mod plan;
mod policies;
mod policy_edits;
mod privilege;
mod roles;
mod workloads;

use std::collections::BTreeSet;

use super::model::{Account, Org};

/// How bad a finding is. The order is the order of urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Highest first, the order reports list them in.
    pub const ALL_DESCENDING: &'static [Severity] = &[
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];
}

/// One check the advisor makes. Each rule's severity is fixed and explained
/// at [`Rule::severity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    DirectPolicies,
    SharedUser,
    KeysOnWorkload,
    AdminForMany,
    NoMfa,
    OldKeys,
    UnusedCredentials,
    UnusedRole,
    InlineDuplicated,
    BroadWildcard,
    OpenTrust,
    PerimeterGap,
    OrgDenyBlocksServices,
    OidcTrustNoSub,
    OidcTrustNoAud,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::DirectPolicies,
        Rule::SharedUser,
        Rule::KeysOnWorkload,
        Rule::AdminForMany,
        Rule::NoMfa,
        Rule::OldKeys,
        Rule::UnusedCredentials,
        Rule::UnusedRole,
        Rule::InlineDuplicated,
        Rule::BroadWildcard,
        Rule::OpenTrust,
        Rule::PerimeterGap,
        Rule::OrgDenyBlocksServices,
        Rule::OidcTrustNoSub,
        Rule::OidcTrustNoAud,
    ];

    /// The stable id course files and `--json` use.
    pub fn id(self) -> &'static str {
        match self {
            Rule::DirectPolicies => "direct-policies",
            Rule::SharedUser => "shared-user",
            Rule::KeysOnWorkload => "keys-on-workload",
            Rule::AdminForMany => "admin-for-many",
            Rule::NoMfa => "no-mfa",
            Rule::OldKeys => "old-keys",
            Rule::UnusedCredentials => "unused-credentials",
            Rule::UnusedRole => "unused-role",
            Rule::InlineDuplicated => "inline-duplicated",
            Rule::BroadWildcard => "broad-wildcard",
            Rule::OpenTrust => "open-trust",
            Rule::PerimeterGap => "perimeter-gap",
            Rule::OrgDenyBlocksServices => "org-deny-blocks-services",
            Rule::OidcTrustNoSub => "oidc-trust-no-sub",
            Rule::OidcTrustNoAud => "oidc-trust-no-aud",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Rule::DirectPolicies => "Policies attached straight to a user",
            Rule::SharedUser => "A user shared by several people",
            Rule::KeysOnWorkload => "Long-term access keys doing a workload's job",
            Rule::AdminForMany => "Too many administrators",
            Rule::NoMfa => "A console password that works without MFA",
            Rule::OldKeys => "An access key that was never rotated",
            Rule::UnusedCredentials => "A password or access key nobody uses",
            Rule::UnusedRole => "A role nobody uses",
            Rule::InlineDuplicated => "An inline policy written out again instead of shared",
            Rule::BroadWildcard => "A policy that allows a whole service, or everything",
            Rule::OpenTrust => "A role that anyone can assume",
            Rule::PerimeterGap => "A bucket or role open to identities outside the organization",
            Rule::OrgDenyBlocksServices => {
                "An aws:PrincipalOrgID deny that also shuts out AWS services"
            }
            Rule::OidcTrustNoSub => {
                "A role that trusts an OIDC provider without checking the subject"
            }
            Rule::OidcTrustNoAud => {
                "A role that trusts a web identity provider without checking the audience"
            }
        }
    }

    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Each rule's usual severity, and why:
    /// - open-trust is critical: any AWS account in the world can act as the
    ///   role today, no credential needs to leak first. So is
    ///   oidc-trust-no-sub: anyone the provider signs a token for (for
    ///   GitHub, any workflow of any repository) can act as the role.
    /// - oidc-trust-no-aud is medium: STS already refuses tokens whose
    ///   audience is not one of the provider's client ids, but the role then
    ///   trusts every application registered there.
    /// - shared-user, keys-on-workload, admin-for-many and no-mfa are high:
    ///   each turns one leaked or misused secret into broad access, or makes
    ///   a misuse impossible to trace or revoke.
    /// - perimeter-gap is high: data or a role is open to every account
    ///   outside the organization, with nothing keeping them out.
    /// - org-deny-blocks-services is medium: it breaks AWS services (logs
    ///   stop arriving) rather than opening anything.
    /// - old-keys, unused-credentials and broad-wildcard are medium: they
    ///   widen what a leak can do or how long it lasts, but need a leak.
    /// - direct-policies, inline-duplicated and unused-role are low: they
    ///   make the account hard to keep right rather than open it.
    ///
    /// Two rules set some findings apart: broad-wildcard is high for `*` and
    /// `iam:*` on every resource (IAM writes give every other permission),
    /// and no-mfa is medium for a password that cannot change IAM.
    pub fn severity(self) -> Severity {
        match self {
            Rule::OpenTrust | Rule::OidcTrustNoSub => Severity::Critical,
            Rule::SharedUser
            | Rule::KeysOnWorkload
            | Rule::AdminForMany
            | Rule::NoMfa
            | Rule::PerimeterGap => Severity::High,
            Rule::OldKeys
            | Rule::UnusedCredentials
            | Rule::BroadWildcard
            | Rule::OrgDenyBlocksServices
            | Rule::OidcTrustNoAud => Severity::Medium,
            Rule::DirectPolicies | Rule::InlineDuplicated | Rule::UnusedRole => Severity::Low,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub account: String,
    /// The entities involved, named as a learner types them in the sandbox:
    /// `developer1` (a user), `group/Developers`, `role/AppRole`, `policy/Name` (customer managed),
    /// `arn:aws:iam::aws:policy/AdministratorAccess`, or an access key id `AKIA...`.
    pub entities: Vec<String>,
    /// One line: "developer1 looks shared by several people".
    pub summary: String,
    /// Why it matters, two or three sentences.
    pub why: String,
    /// Sandbox commands (real `aws iam ...` syntax) that fix it, in order.
    /// In a list of findings, a command an earlier finding's fix already
    /// runs is left out here (see [`settle`]); empty then means the fixes
    /// above have done it all.
    pub fix: Vec<String>,
}

impl Finding {
    /// Whether `entity` is one of the finding's entities. Names are compared
    /// ignoring case, as IAM compares them.
    pub fn involves(&self, entity: &str) -> bool {
        self.entities.iter().any(|e| e.eq_ignore_ascii_case(entity))
    }

    fn new(rule: Rule, account: &str, entities: Vec<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            account: account.to_string(),
            entities,
            summary: String::new(),
            why: String::new(),
            fix: Vec::new(),
        }
    }
}

/// The advisor's thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// An active access key older than this many days should be rotated.
    pub key_max_age_days: u32,
    /// A credential or role not used for this many days counts as unused.
    pub unused_days: u32,
}

impl Default for Settings {
    /// 90 days for both. Keys: the rotation period of the CIS AWS
    /// Foundations Benchmark and of AWS Security Hub. Unused credentials:
    /// Security Hub's control IAM.8 and AWS Config's
    /// iam-user-unused-credentials-check default to 90 days; recent CIS
    /// benchmarks ask for 45 (Security Hub's IAM.22), which a stricter
    /// reviewer can set here.
    fn default() -> Self {
        Settings {
            key_max_age_days: 90,
            unused_days: 90,
        }
    }
}

/// Every finding for the organization, with the default settings.
pub fn advise(org: &Org) -> Vec<Finding> {
    advise_with(org, &Settings::default())
}

/// The findings of some rules only (all of them when `rules` is empty),
/// with fixes that work on their own as this shorter list prints them.
pub fn advise_rules(org: &Org, rules: &[Rule]) -> Vec<Finding> {
    let mut found = findings(org, &Settings::default());
    found.retain(|f| rules.is_empty() || rules.contains(&f.rule));
    settle(&mut found);
    found
}

/// Every finding, most severe first, then by rule, account and entities: the
/// same organization always gives the same list. Each fix leaves out the
/// commands an earlier one already runs (see [`settle`]).
pub fn advise_with(org: &Org, settings: &Settings) -> Vec<Finding> {
    let mut found = findings(org, settings);
    settle(&mut found);
    found
}

/// Every finding in order, each with the whole fix it would need alone.
fn findings(org: &Org, settings: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    let home = org.accounts.keys().next().cloned().unwrap_or_default();
    for account in org.accounts.values() {
        let first = out.len();
        let plan = plan::Plan::new(org, account, settings.unused_days);
        let narrower = narrow::Narrower::new(org, account);
        let cx = Scan {
            org,
            account,
            settings,
            plan: &plan,
            narrower: &narrower,
        };
        policies::direct_policies(&cx, &mut out);
        people::shared_users(&cx, &mut out);
        workloads::keys_on_workload(&cx, &mut out);
        people::admin_for_many(&cx, &mut out);
        people::no_mfa(&cx, &mut out);
        credentials::keys_and_passwords(&cx, &mut out);
        roles::unused_roles(&cx, &mut out);
        policies::inline_duplicated(&cx, &mut out);
        policies::broad_wildcard(&cx, &mut out);
        roles::open_trust(&cx, &mut out);
        perimeter::perimeter_gap(&cx, &mut out);
        perimeter::org_deny_blocks_services(&cx, &mut out);
        federation::web_identity_trust(&cx, &mut out);
        // The sandbox acts in the first account; another account's fixes
        // step into it as its administrator and back.
        if account.id != home {
            for f in &mut out[first..] {
                if !f.fix.is_empty() {
                    f.fix
                        .insert(0, format!("as arn:aws:iam::{}:root", account.id));
                    f.fix.push("as admin".into());
                }
            }
        }
    }
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.rule.cmp(&b.rule))
            .then_with(|| a.account.cmp(&b.account))
            .then_with(|| a.entities.cmp(&b.entities))
    });
    out
}

/// Leaves out of each fix the commands that an earlier fix in the list
/// already runs, word for word. Two fixes share a step when both need it
/// (the team group that a demoted administrator and a teammate's own
/// policies both move to, the MFA policy every user joins): run in order,
/// the step happens once, at its first use, and every later fix can count
/// on it.
/// Switching identity (`as ...`, for another account) is not a step of
/// its own: it is kept wherever it is, and dropped when nothing is left
/// to run as that identity.
pub fn settle(findings: &mut [Finding]) {
    let mut done: BTreeSet<String> = BTreeSet::new();
    for f in findings {
        // A command is the same step only for the same identity.
        let mut who = String::from("admin");
        f.fix.retain(|cmd| match cmd.strip_prefix("as ") {
            Some(next) => {
                who = next.to_string();
                true
            }
            None => done.insert(format!("{who}\n{cmd}")),
        });
        if f.fix.iter().all(|cmd| cmd.starts_with("as ")) {
            f.fix.clear();
        }
    }
}

/// What every rule reads: one account of the organization, the settings,
/// and the plan the fixes share.
struct Scan<'a> {
    org: &'a Org,
    account: &'a Account,
    settings: &'a Settings,
    plan: &'a plan::Plan,
    narrower: &'a narrow::Narrower,
}

impl Scan<'_> {
    /// Whether a fix deletes this user (by any spelling of its name).
    fn doomed(&self, user: &str) -> bool {
        self.plan.doomed.contains(&user.to_ascii_lowercase())
    }
}

impl Scan<'_> {
    /// True when `when` is more than `days` days before the simulated now.
    fn older_than(&self, when: i64, days: u32) -> bool {
        self.org.now - when > i64::from(days) * DAY
    }

    /// Whole days from `when` to now, for messages.
    fn days_since(&self, when: i64) -> i64 {
        (self.org.now - when).div_euclid(DAY)
    }
}

const DAY: i64 = 86_400;

/// Findings grouped by severity, most severe first, then a count.
pub fn to_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings: nothing the advisor checks for is wrong here.\n".into();
    }
    let mut out = String::new();
    let mut counts = Vec::new();
    for &sev in Severity::ALL_DESCENDING {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        counts.push(format!("{} {}", group.len(), sev.name()));
        for f in group {
            let label = format!("[{}]", sev.name().to_ascii_uppercase());
            out.push_str(&format!("{label} {}  {}\n", f.rule.id(), f.summary));
            out.push_str(&format!("    {}\n", f.why));
            if f.fix.is_empty() {
                out.push_str("    fix: nothing more; the fixes above do it\n");
            } else {
                out.push_str("    fix:\n");
                for cmd in &f.fix {
                    out.push_str(&format!("      {cmd}\n"));
                }
            }
            out.push('\n');
        }
    }
    let total = findings.len();
    out.push_str(&format!(
        "{total} finding{}: {}\n",
        if total == 1 { "" } else { "s" },
        counts.join(", ")
    ));
    out
}
