//! Why a lab goal is met or not: what the checker looked at, in the
//! engine's words. One function decides and explains every kind of check,
//! so a tick on screen and the explanation behind it can never disagree
//! (`goals::met` is this verdict without its words).
//!
//! Two rules hold across the kinds (docs/lesson-format.md gives them to
//! authors):
//!
//! - A goal about a user or role that does not exist is not met, whatever
//!   it asks: "john cannot terminate instances" is not true of a john who is
//!   not there yet, only empty. So a lab that starts with nobody shows no
//!   "cannot" goal ticked before the learner has made anyone.
//! - A design at least as tight as the one asked for counts where the kind
//!   can tell: a role asked to trust an account may trust named identities
//!   of that account instead; a user the lab began with that was deleted,
//!   keys and all, has no access keys left. Elsewhere the explanation says
//!   what the course wants and why.

use std::collections::BTreeMap;

use crate::iam::access::Arn;
use crate::iam::advisor::{self, Finding};
use crate::iam::context::Context;
use crate::iam::eval::Evaluation;
use crate::iam::explain;
use crate::iam::federation::ProviderRef;
use crate::iam::model::{Caller, Org, User};
use crate::iam::paths;
use crate::iam::policy::Effect;
use crate::iam::principal::Layer;

use super::schema::Check;
use super::{goals, whole_access};

/// A goal's state and the facts behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub met: bool,
    /// What the checker looked at, one fact a line; a line indented by two
    /// spaces belongs to the line above it (a trail, a finding's fix).
    pub lines: Vec<String>,
}

impl Verdict {
    fn new(met: bool, lines: Vec<String>) -> Verdict {
        Verdict { met, lines }
    }

    fn unmet(line: String) -> Verdict {
        Verdict::new(false, vec![line])
    }
}

/// Decides `check` in `org` and says why. `start` is the organization the
/// lab began from, when known: it tells an entity that was deleted from one
/// that was never made. An error is a fault in the course (an advisor rule
/// that does not exist, an ARN that names no role), never a learner's.
pub fn judge(org: &Org, home: &str, check: &Check, start: Option<&Org>) -> Result<Verdict, String> {
    if org.account(home).is_none() {
        return Err(format!("account {home} is missing"));
    }
    Judge { org, home, start }.check(check)
}

struct Judge<'a> {
    org: &'a Org,
    home: &'a str,
    start: Option<&'a Org>,
}

/// A principal a goal names, looked up.
enum Who {
    Found(Caller),
    /// The user or role is not there: the line that says so.
    Missing(String),
}

impl Judge<'_> {
    fn check(&self, check: &Check) -> Result<Verdict, String> {
        let home = self.home;
        Ok(match check {
            Check::Access {
                principal,
                action,
                resource,
                allowed,
                context,
            } => self.access(principal, action, resource, *allowed, context)?,
            Check::UserExists(n) => match self.org.user(home, n) {
                Some(u) => Verdict::new(true, vec![format!("user {} exists", u.name)]),
                None => Verdict::unmet(self.absent("user", home, n)),
            },
            Check::UserAbsent(n) => match self.org.user(home, n) {
                None => Verdict::new(true, vec![format!("there is no user {n}")]),
                Some(u) => Verdict::new(false, user_still_there(u, &self.group_names(u))),
            },
            Check::GroupExists(n) => match self.org.group(home, n) {
                Some(g) => Verdict::new(true, vec![format!("group {} exists", g.name)]),
                None => Verdict::unmet(format!("there is no group {n} yet")),
            },
            Check::RoleExists(n) => match self.org.role(home, n) {
                Some(r) => Verdict::new(true, vec![format!("role {} exists", r.name)]),
                None => Verdict::unmet(self.absent("role", home, n)),
            },
            Check::InGroup { user, group } => self.in_group(user, group),
            Check::NoDirectPolicies(n) => self.with_user(n, |u| {
                let own = own_policies(u);
                if own.is_empty() {
                    Verdict::new(
                        true,
                        vec![format!(
                            "{} holds no policy directly, attached or inline",
                            u.name
                        )],
                    )
                } else {
                    Verdict::unmet(format!(
                        "{} holds {} directly: {}; the goal wants {} on a group instead",
                        u.name,
                        if own.len() == 1 {
                            "a policy"
                        } else {
                            "policies"
                        },
                        own.join(", "),
                        if own.len() == 1 { "it" } else { "them" },
                    ))
                }
            }),
            Check::HasAccessKey(n) => self.with_user(n, |u| {
                if u.access_keys.is_empty() {
                    Verdict::unmet(format!("{} has no access key", u.name))
                } else {
                    Verdict::new(true, vec![format!("{} has {}", u.name, keys(u))])
                }
            }),
            // Deleting a user the lab began with takes its keys too: at least
            // as tight as deleting the keys, so it counts. A user never made
            // does not.
            Check::NoAccessKeys(n) if self.deleted(n) => Verdict::new(
                true,
                vec![format!(
                    "user {n} no longer exists: it was deleted, and its access keys with it"
                )],
            ),
            Check::NoAccessKeys(n) => self.with_user(n, |u| {
                if u.access_keys.is_empty() {
                    Verdict::new(true, vec![format!("{} has no access key", u.name)])
                } else {
                    Verdict::unmet(format!("{} still has {}", u.name, keys(u)))
                }
            }),
            Check::HasLoginProfile(n) => self.with_user(n, |u| {
                if u.login_profile.is_some() {
                    Verdict::new(
                        true,
                        vec![format!(
                            "{} has a console password (a login profile)",
                            u.name
                        )],
                    )
                } else {
                    Verdict::unmet(format!(
                        "{} has no console password (no login profile)",
                        u.name
                    ))
                }
            }),
            Check::HasMfa(n) => self.with_user(n, |u| match u.mfa_devices.as_slice() {
                [] => Verdict::unmet(format!("{} has no MFA device enabled", u.name)),
                devices => Verdict::new(
                    true,
                    vec![format!(
                        "{} has an MFA device enabled: {}",
                        u.name,
                        devices.join(", ")
                    )],
                ),
            }),
            Check::Trusts { role, principal } => self.trusts(role, principal)?,
            Check::InstanceProfileHasRole { profile, role } => self.profile(profile, role),
            Check::AccessWithin {
                principal,
                policies,
                exact,
            } => self.access_within(principal, policies, *exact)?,
            Check::NewMemberAccess {
                group,
                action,
                resource,
                allowed,
                context,
            } => self.new_member_access(group, action, resource, *allowed, context)?,
            Check::AdvisorQuiet(rules) => advisor_quiet(self.org, rules)?,
            Check::NoEscalation(principal) => self.no_escalation(principal)?,
            Check::All(checks) => self.all(checks)?,
        })
    }

    /// "user john does not exist yet", or "... no longer exists" when the
    /// lab began with it.
    fn absent(&self, kind: &str, account: &str, name: &str) -> String {
        let what = if account == self.home {
            format!("{kind} {name}")
        } else {
            format!("{kind} {name} of account {account}")
        };
        let was = self.start.is_some_and(|s| match kind {
            "user" => s.user(account, name).is_some(),
            _ => s.role(account, name).is_some(),
        });
        if was {
            format!("{what} no longer exists: it was deleted")
        } else {
            format!("{what} does not exist yet")
        }
    }

    /// A user of the home account that the lab began with and that is gone.
    fn deleted(&self, name: &str) -> bool {
        self.org.user(self.home, name).is_none()
            && self
                .start
                .is_some_and(|s| s.user(self.home, name).is_some())
    }

    /// A check about one user of the home account: not met while the user
    /// does not exist.
    fn with_user(&self, name: &str, f: impl FnOnce(&User) -> Verdict) -> Verdict {
        match self.org.user(self.home, name) {
            Some(u) => f(u),
            None => Verdict::unmet(self.absent("user", self.home, name)),
        }
    }

    /// Looks up a principal as goals name it (`john`, `role/X`, `admin`, an
    /// ARN). An account outside the organization is the course's fault.
    fn who(&self, spec: &str) -> Result<Who, String> {
        // A web identity or SAML caller, named by its provider's ARN: the
        // goal counts once the learner has created that provider.
        if let Some(provider) = ProviderRef::parse(spec) {
            if !self.org.provider_exists(&provider) {
                return Ok(Who::Missing(format!(
                    "identity provider {spec} does not exist yet"
                )));
            }
            return self.org.resolve_principal(spec, self.home).map(Who::Found);
        }
        let (account, rest) = match Arn::parse(spec) {
            Some(arn) => (arn.account, arn.resource),
            None => (self.home, spec),
        };
        if self.org.account(account).is_some() && !matches!(rest, "root" | "admin") {
            let missing = match rest.strip_prefix("role/") {
                Some(path) => {
                    let name = path.rsplit('/').next().unwrap_or(path);
                    self.org
                        .role(account, name)
                        .is_none()
                        .then(|| self.absent("role", account, name))
                }
                None => {
                    let path = rest.strip_prefix("user/").unwrap_or(rest);
                    let name = path.rsplit('/').next().unwrap_or(path);
                    self.org
                        .user(account, name)
                        .is_none()
                        .then(|| self.absent("user", account, name))
                }
            };
            if let Some(line) = missing {
                return Ok(Who::Missing(line));
            }
        }
        self.org.resolve_principal(spec, self.home).map(Who::Found)
    }

    fn access(
        &self,
        principal: &str,
        action: &str,
        resource: &str,
        allowed: bool,
        context: &[(String, String)],
    ) -> Result<Verdict, String> {
        let want = if allowed { "allowed" } else { "denied" };
        let with = context_words(context);
        if let Who::Missing(line) = self.who(principal)? {
            let mut lines = vec![line];
            if !allowed {
                lines.push(format!(
                    "a goal that {principal} cannot do something counts only once {principal} exists"
                ));
            }
            return Ok(Verdict::new(false, lines));
        }
        // Assuming or passing a role that is not there is denied, but the
        // goal is about that role: it counts once the role exists.
        if let Some((account, name)) = used_role(action, resource)
            && self.org.account(account).is_some()
            && self.org.role(account, name).is_none()
        {
            return Ok(Verdict::new(
                false,
                vec![
                    self.absent("role", account, name),
                    format!(
                        "the goal is about {principal} using {name} ({action}), so it counts only once {name} exists"
                    ),
                ],
            ));
        }
        let ev = goals::evaluate(self.org, self.home, principal, action, resource, context)?;
        let met = ev.decision.is_allowed() == allowed;
        let said = ev.decision.verdict();
        let head = if met {
            format!("as {principal}{with}, {action} on {resource} is {said}, as the goal wants")
        } else {
            format!(
                "as {principal}{with}, {action} on {resource} is {said}; the goal wants it {want}"
            )
        };
        let mut lines = vec![head];
        lines.extend(trail(&ev));
        Ok(Verdict::new(met, lines))
    }

    /// `AccessWithin`: the principal's whole access against a stand-in
    /// holding only the reference policies.
    fn access_within(
        &self,
        principal: &str,
        policies: &[String],
        exact: bool,
    ) -> Result<Verdict, String> {
        let caller = match self.who(principal)? {
            Who::Found(c) => c,
            Who::Missing(line) => {
                return Ok(Verdict::new(
                    false,
                    vec![
                        line,
                        format!(
                            "a goal about all that {principal} may do counts only once {principal} exists"
                        ),
                    ],
                ));
            }
        };
        let c = whole_access::compare(self.org, self.home, &caller, policies)?;
        let story = reference_words(self.org, policies)?;
        let compared = count(c.compared, "request");
        let met = c.beyond.is_empty() && (!exact || c.short.is_empty());
        let mut lines = Vec::new();
        if met {
            lines.push(if exact {
                format!("{principal} may do exactly what {story} allows ({compared} compared)")
            } else {
                format!("everything {principal} may do, {story} allows too ({compared} compared)")
            });
        }
        if !c.beyond.is_empty() {
            lines.push(format!(
                "{principal} may do more than {story} allows: {} of the {compared} compared",
                c.beyond.len()
            ));
            lines.extend(examples(&c.beyond));
        }
        if exact && !c.short.is_empty() {
            lines.push(format!(
                "{principal} may do less than {story} allows: {} of the {compared} compared are denied",
                c.short.len()
            ));
            lines.extend(examples(&c.short));
        }
        if let Some(allowed) = story_allows(policies) {
            lines.push(format!("  the story allows {allowed}"));
        }
        Ok(Verdict::new(met, lines))
    }

    /// `NewMemberAccess`: the request decided for a stand-in who has just
    /// joined the group and holds nothing else.
    fn new_member_access(
        &self,
        group: &str,
        action: &str,
        resource: &str,
        allowed: bool,
        context: &[(String, String)],
    ) -> Result<Verdict, String> {
        let Some(g) = self.org.group(self.home, group) else {
            return Ok(Verdict::unmet(format!("there is no group {group} yet")));
        };
        let (copy, name) = whole_access::with_stand_in(
            self.org,
            self.home,
            "new-member",
            &[g.name.as_str()],
            Vec::new(),
            Default::default(),
        )?;
        let ev = goals::evaluate(&copy, self.home, &name, action, resource, context)?;
        let met = ev.decision.is_allowed() == allowed;
        let said = ev.decision.verdict();
        let who = format!("a new member of {}", g.name);
        let with = context_words(context);
        let head = if met {
            format!("as {who}{with}, {action} on {resource} is {said}, as the goal wants")
        } else {
            let want = if allowed { "allowed" } else { "denied" };
            format!("as {who}{with}, {action} on {resource} is {said}; the goal wants it {want}")
        };
        let mut lines = vec![
            head,
            format!(
                "  (asked as user {name}: in {} and nothing else, with no policy of its own)",
                g.name
            ),
        ];
        lines.extend(trail(&ev));
        Ok(Verdict::new(met, lines))
    }

    /// The groups of a user, by their names as created.
    fn group_names(&self, u: &User) -> Vec<String> {
        u.groups
            .iter()
            .map(|lower| {
                self.org
                    .group(self.home, lower)
                    .map_or(lower.clone(), |g| g.name.clone())
            })
            .collect()
    }

    fn in_group(&self, user: &str, group: &str) -> Verdict {
        let Some(u) = self.org.user(self.home, user) else {
            return Verdict::unmet(self.absent("user", self.home, user));
        };
        let Some(g) = self.org.group(self.home, group) else {
            return Verdict::unmet(format!("there is no group {group} yet"));
        };
        if u.groups.contains(&g.name.to_ascii_lowercase()) {
            return Verdict::new(true, vec![format!("{} is in {}", u.name, g.name)]);
        }
        let names = self.group_names(u);
        let now = if names.is_empty() {
            "in no group".to_string()
        } else {
            format!("only in {}", names.join(", "))
        };
        Verdict::unmet(format!(
            "{} is not in {} ({} is {now})",
            u.name, g.name, u.name
        ))
    }

    fn profile(&self, profile: &str, role: &str) -> Verdict {
        let account = self.org.account(self.home).expect("checked in judge");
        let Some(p) = account.instance_profiles.get(&profile.to_ascii_lowercase()) else {
            return Verdict::unmet(format!("there is no instance profile {profile} yet"));
        };
        let display = |lower: &String| {
            account
                .roles
                .get(lower)
                .map_or(lower.clone(), |r| r.name.clone())
        };
        if p.roles.contains(&role.to_ascii_lowercase()) {
            return Verdict::new(
                true,
                vec![format!("instance profile {} holds role {role}", p.name)],
            );
        }
        match p.roles.first() {
            None => Verdict::unmet(format!(
                "instance profile {} holds no role; the goal wants {role}",
                p.name
            )),
            Some(other) => Verdict::unmet(format!(
                "instance profile {} holds role {}; the goal wants {role} (a profile holds one role)",
                p.name,
                display(other)
            )),
        }
    }

    fn trusts(&self, role: &str, principal: &str) -> Result<Verdict, String> {
        let (account, name) = role_ref(self.org, self.home, role)?;
        let Some(r) = self.org.role(account, name) else {
            return Ok(Verdict::unmet(self.absent("role", account, name)));
        };
        let arn = r.arn(account);
        let service = principal.ends_with(".amazonaws.com");
        let caller = if service {
            Caller::Service(principal.to_string())
        } else {
            match self.who(principal)? {
                Who::Found(c) => c,
                Who::Missing(line) => return Ok(Verdict::unmet(line)),
            }
        };
        // A service acts for a resource of the role's own account: a trust
        // condition on aws:SourceAccount (AWS's guard against the confused
        // deputy) is met.
        let mut ctx = Context::new();
        if service {
            ctx.set_one("aws:SourceAccount", account);
        }
        let ev = self.org.explain(&caller, "sts:AssumeRole", &arn, &ctx)?;
        let names = trust_names(r, account);
        let wanted = wanted_words(principal);
        if ev.decision.is_allowed() {
            let mut lines = vec![format!(
                "the trust policy of {} lets {wanted} assume it",
                r.name
            )];
            lines.extend(trail(&ev));
            return Ok(Verdict::new(true, lines));
        }
        if let Caller::Root { account: trusted } = &caller
            && let Some(admitted) = self.tighter(r, &arn, trusted)
        {
            return Ok(Verdict::new(
                true,
                vec![
                    format!(
                        "the trust policy of {} names {} rather than the whole account {trusted}: \
                         at least as tight as the goal asks, so it counts",
                        r.name,
                        and_list(&admitted)
                    ),
                    format!(
                        "trusting the account, as the course does, leaves it to {trusted}'s \
                         administrators to choose who may assume the role, with their own \
                         policies; naming the identities is tighter, and sound too"
                    ),
                ],
            ));
        }
        let named = if names.is_empty() {
            "nobody".to_string()
        } else {
            and_list(&names)
        };
        // Named but not let in: a condition or a Deny; the trail shows which.
        let head = if names.contains(&wanted) {
            format!(
                "the trust policy of {} names {wanted} but does not let it in here",
                r.name
            )
        } else {
            format!(
                "the trust policy of {} names {named}; the goal wants {wanted}",
                r.name
            )
        };
        let mut lines = vec![head];
        lines.extend(trail(&ev));
        Ok(Verdict::new(false, lines))
    }

    /// A trust policy that lets in only identities of account `trusted`
    /// (and at least one that exists), where the goal asked for the whole
    /// account: the identities it admits, by name. `None` when the policy
    /// names anyone outside the account, anyone at all, or none of its
    /// identities.
    fn tighter(
        &self,
        role: &crate::iam::model::Role,
        arn: &str,
        trusted: &str,
    ) -> Option<Vec<String>> {
        let inside = role
            .trust
            .policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .filter_map(|s| s.principal.as_ref())
            .all(|p| {
                !p.negated
                    && !p.any
                    && p.service.is_empty()
                    && p.federated.is_empty()
                    && p.canonical_user.is_empty()
                    && p.aws
                        .iter()
                        .all(|a| Arn::parse(a).is_some_and(|x| x.account == trusted))
            });
        if !inside {
            return None;
        }
        let account = self.org.account(trusted)?;
        let users = account.users.values().map(|u| {
            (
                format!("user/{}", u.name),
                Caller::User {
                    account: trusted.to_string(),
                    user: u.name.to_ascii_lowercase(),
                    auth: crate::iam::model::Auth::AccessKey,
                },
            )
        });
        let roles = account.roles.values().map(|r| {
            (
                format!("role/{}", r.name),
                Caller::RoleSession {
                    account: trusted.to_string(),
                    role: r.name.to_ascii_lowercase(),
                    session_name: "iamtutor".into(),
                    policy: None,
                    policy_arns: Vec::new(),
                    mfa: false,
                    tags: Vec::new(),
                    issued: None,
                },
            )
        });
        let admitted: Vec<String> = users
            .chain(roles)
            .filter(|(_, caller)| {
                self.org
                    .explain(caller, "sts:AssumeRole", arn, &Context::new())
                    .is_ok_and(|ev| trust_admits(&ev))
            })
            .map(|(name, _)| name)
            .collect();
        (!admitted.is_empty()).then_some(admitted)
    }

    fn no_escalation(&self, principal: &str) -> Result<Verdict, String> {
        let caller = match self.who(principal)? {
            Who::Found(c) => c,
            Who::Missing(line) => {
                return Ok(Verdict::new(
                    false,
                    vec![
                        line,
                        format!(
                            "a goal that {principal} cannot gain power counts only once {principal} exists"
                        ),
                    ],
                ));
            }
        };
        let found = paths::paths_from(self.org, &caller);
        if found.is_empty() {
            return Ok(Verdict::new(
                true,
                vec![format!(
                    "`paths {principal}` finds no way for {principal} to gain power it was not given"
                )],
            ));
        }
        let mut lines = vec![format!(
            "`paths {principal}` finds {} for {principal} to gain power it was not given:",
            count(found.len(), "way")
        )];
        for p in &found {
            lines.extend(indent(&paths::path_text(p)));
        }
        Ok(Verdict::new(false, lines))
    }

    fn all(&self, checks: &[Check]) -> Result<Verdict, String> {
        let parts = checks
            .iter()
            .map(|c| self.check(c))
            .collect::<Result<Vec<_>, _>>()?;
        let held = parts.iter().filter(|p| p.met).count();
        let met = held == parts.len();
        let mut lines = vec![format!(
            "{held} of the {} checks in this goal {}{}",
            parts.len(),
            if held == 1 { "holds" } else { "hold" },
            if met { "" } else { "; every one must" }
        )];
        for part in parts {
            let mark = if part.met { "✓" } else { "○" };
            let mut rest = part.lines.into_iter();
            if let Some(first) = rest.next() {
                lines.push(format!("{mark} {first}"));
            }
            // A part that holds says what it found; one that does not says
            // all of why.
            if !part.met {
                lines.extend(rest.map(|l| format!("  {l}")));
            }
        }
        Ok(Verdict::new(met, lines))
    }
}

/// How many differences an explanation lists, one per action.
const EXAMPLES: usize = 6;

/// Differences of whole access, one line per action, the weightiest first
/// (permissions management and writes before reads), each on its most
/// telling resource (one the organization or the story names, then `*`,
/// then a resource that exists nowhere), then how many more actions there
/// are.
fn examples(requests: &[whole_access::Request]) -> Vec<String> {
    let mut by_action: Vec<(&str, &str, usize)> = Vec::new();
    for r in requests {
        match by_action.iter_mut().find(|(a, _, _)| *a == r.action) {
            Some((_, best, n)) => {
                *n += 1;
                if resource_rank(&r.resource) < resource_rank(best) {
                    *best = &r.resource;
                }
            }
            None => by_action.push((&r.action, &r.resource, 1)),
        }
    }
    // Requests on what the lab names come first (web-1 before `*`), the
    // riskiest kinds of action first within them.
    by_action.sort_by_key(|(a, r, _)| (resource_rank(r), action_rank(a)));
    let mut lines: Vec<String> = Vec::new();
    if by_action.len() > EXAMPLES {
        lines.push(format!("  by service: {}", per_service(&by_action)));
    }
    lines.extend(by_action.iter().take(EXAMPLES).map(|(a, r, n)| {
        let nowhere = if r.contains(whole_access::ELSEWHERE) {
            " (one the lab never names)"
        } else {
            ""
        };
        match n {
            1 => format!("  {a} on {r}{nowhere}"),
            n => format!(
                "  {a} on {r}{nowhere}, and {} more {}",
                n - 1,
                if *n == 2 { "resource" } else { "resources" }
            ),
        }
    }));
    if by_action.len() > EXAMPLES {
        let more = by_action.len() - EXAMPLES;
        lines.push(format!(
            "  ... and {more} more {}",
            if more == 1 { "action" } else { "actions" }
        ));
    }
    lines
}

/// How many of the actions belong to each service, the largest first:
/// "612 ec2, 205 cloudwatch and 3 s3 actions". Many actions from one
/// service say at a glance that a whole service was granted.
fn per_service(by_action: &[(&str, &str, usize)]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (a, _, _) in by_action {
        *counts
            .entry(a.split_once(':').map_or(*a, |(s, _)| s))
            .or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    format!("{} actions", and_list(&parts))
}

/// Named resources first, then `*`, then resources that exist nowhere.
fn resource_rank(resource: &str) -> u8 {
    if resource.contains(whole_access::ELSEWHERE) {
        2
    } else if resource == "*" {
        1
    } else {
        0
    }
}

/// Permissions management first, then writes, tagging, reads and lists;
/// actions the catalog does not know last.
fn action_rank(action: &str) -> u8 {
    use crate::iam::catalog::{AccessLevel, catalog};
    match catalog().action(action).map(|a| a.access) {
        Some(AccessLevel::PermissionsManagement) => 0,
        Some(AccessLevel::Write) => 1,
        Some(AccessLevel::Tagging) => 2,
        Some(AccessLevel::Read) => 3,
        Some(AccessLevel::List) => 4,
        None => 5,
    }
}

/// The reference of an `AccessWithin` goal in words: managed policies by
/// name, a written-out document as "the story's policy".
fn reference_words(org: &Org, policies: &[String]) -> Result<String, String> {
    let names: Vec<String> = policies
        .iter()
        .map(|p| {
            let p = p.trim();
            if p.starts_with('{') {
                Ok("the story's policy".to_string())
            } else {
                org.managed_policy(p)
                    .map(|m| m.name.clone())
                    .ok_or_else(|| format!("`{p}` is not a managed policy"))
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(and_list(&names))
}

/// What written-out reference documents allow, in one line: `s3:GetObject
/// on arn:aws:s3:::reports/*; ...`. None when the reference is managed
/// policies only (their names say it).
fn story_allows(policies: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    for p in policies.iter().filter(|p| p.trim().starts_with('{')) {
        let Ok(doc) = crate::iam::policy::parse(p, crate::iam::policy::PolicyKind::Identity) else {
            continue;
        };
        for s in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
            let actions: Vec<&str> = s.action.patterns.iter().map(|a| a.text.as_str()).collect();
            let resources: Vec<&str> = s
                .resource
                .iter()
                .flat_map(|r| &r.patterns)
                .map(|r| r.text.as_str())
                .collect();
            parts.push(format!(
                "{} on {}",
                actions.join(", "),
                resources.join(", ")
            ));
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// "with aws:MultiFactorAuthPresent=false", for a request's context.
fn context_words(context: &[(String, String)]) -> String {
    if context.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = context.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(" with {}", pairs.join(", "))
}

/// The engine's trail, indented under the line it explains.
fn trail(ev: &Evaluation) -> Vec<String> {
    indent(&explain::to_text(ev))
}

fn indent(text: &str) -> Vec<String> {
    text.lines().map(|l| format!("  {l}")).collect()
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "1 way", "3 ways".
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The role an action uses, when it uses one named in its resource:
/// assuming it, or passing it to a service.
fn used_role<'a>(action: &str, resource: &'a str) -> Option<(&'a str, &'a str)> {
    let uses = ["sts:AssumeRole", "iam:PassRole"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action));
    if !uses {
        return None;
    }
    let arn = Arn::parse(resource)?;
    let path = arn.resource.strip_prefix("role/")?;
    let name = path.rsplit('/').next().filter(|n| !n.contains('*'))?;
    Some((arn.account, name))
}

/// A role as a goal names it: a name in the home account, or a role ARN in
/// any account of the organization. An ARN that is not a role's, or whose
/// account is unknown, is the course's fault.
pub(crate) fn role_ref<'a>(
    org: &Org,
    home: &'a str,
    role: &'a str,
) -> Result<(&'a str, &'a str), String> {
    match Arn::parse(role) {
        Some(arn) => {
            let name = arn
                .resource
                .strip_prefix("role/")
                .filter(|_| arn.service == "iam")
                .map(|path| path.rsplit('/').next().unwrap_or(path))
                .ok_or_else(|| format!("`{role}` is not a role ARN"))?;
            if org.account(arn.account).is_none() {
                return Err(format!(
                    "`{role}`: account {} is not in this organization",
                    arn.account
                ));
            }
            Ok((arn.account, name))
        }
        None => Ok((home, role)),
    }
}

/// What the goal wants let in, in words: `account 111122223333`, a
/// service, or the principal as written.
fn wanted_words(principal: &str) -> String {
    if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        return format!("account {principal}");
    }
    match Arn::parse(principal) {
        Some(arn) if arn.resource == "root" => format!("account {}", arn.account),
        _ => principal.to_string(),
    }
}

/// Whom the Allow statements of a role's trust policy name, shortly:
/// `ec2.amazonaws.com`, `account 111122223333`, `user/sarah` (with its
/// account when that is not the role's), `anyone (*)`.
fn trust_names(role: &crate::iam::model::Role, account: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &role.trust.policy.statements {
        if s.effect != Effect::Allow {
            continue;
        }
        let Some(p) = &s.principal else { continue };
        let not = if p.negated { "everyone but " } else { "" };
        if p.any {
            out.push(format!("{not}anyone (*)"));
        }
        out.extend(p.service.iter().map(|x| format!("{not}{x}")));
        for a in &p.aws {
            let short = match Arn::parse(a) {
                Some(arn) if arn.resource == "root" => format!("account {}", arn.account),
                Some(arn) if arn.account == account => arn.resource.to_string(),
                Some(arn) => format!("{} of account {}", arn.resource, arn.account),
                None => a.clone(),
            };
            out.push(format!("{not}{short}"));
        }
        out.extend(p.federated.iter().map(|x| format!("{not}{x}")));
    }
    out.dedup();
    out
}

/// Whether the resource's own policy (here a trust policy) lets the caller
/// in, whatever the caller's own policies say: an Allow statement of it
/// matches and no Deny of it does.
fn trust_admits(ev: &Evaluation) -> bool {
    let statements = || {
        ev.policies
            .iter()
            .filter(|p| p.layer == Layer::Resource)
            .flat_map(|p| &p.statements)
            .filter(|s| s.outcome.matched())
    };
    statements().any(|s| s.effect == Effect::Allow)
        && !statements().any(|s| s.effect == Effect::Deny)
}

/// A user's own policies: `AmazonEC2ReadOnlyAccess (attached)`,
/// `JohnDailyWork (inline)`.
fn own_policies(u: &User) -> Vec<String> {
    let attached = u
        .attached
        .iter()
        .map(|arn| format!("{} (attached)", arn.rsplit('/').next().unwrap_or(arn)));
    let inline = u.inline.keys().map(|n| format!("{n} (inline)"));
    attached.chain(inline).collect()
}

/// "1 access key (AKIA..., Active)", "2 access keys (...)".
fn keys(u: &User) -> String {
    let ids: Vec<String> = u
        .access_keys
        .iter()
        .map(|k| format!("{}, {}", k.id, k.status.as_str()))
        .collect();
    format!(
        "{} ({})",
        count(u.access_keys.len(), "access key"),
        ids.join("; ")
    )
}

/// A user that a goal wants gone, and what still holds it: AWS refuses to
/// delete a user until these are removed.
fn user_still_there(u: &User, groups: &[String]) -> Vec<String> {
    let mut holds = Vec::new();
    if u.login_profile.is_some() {
        holds.push("a console password".to_string());
    }
    if !u.access_keys.is_empty() {
        holds.push(keys(u));
    }
    if !u.mfa_devices.is_empty() {
        holds.push(count(u.mfa_devices.len(), "MFA device"));
    }
    let own = own_policies(u);
    if !own.is_empty() {
        holds.push(format!("policies {}", own.join(", ")));
    }
    if !u.groups.is_empty() {
        holds.push(format!("membership of {}", groups.join(", ")));
    }
    let mut lines = vec![format!("user {} still exists", u.name)];
    if !holds.is_empty() {
        lines.push(format!(
            "before delete-user it must lose: {}",
            holds.join("; ")
        ));
    }
    lines
}

/// `AdvisorQuiet`: the advisor's findings of the rules asked about.
fn advisor_quiet(org: &Org, ids: &[String]) -> Result<Verdict, String> {
    let rules = goals::parse_rules(ids)?;
    let of = if ids.is_empty() {
        String::new()
    } else {
        format!(" of {}", ids.join(", "))
    };
    let found: Vec<Finding> = advisor::advise_rules(org, &rules);
    if found.is_empty() {
        return Ok(Verdict::new(
            true,
            vec![format!("`advise` has no finding{of}")],
        ));
    }
    let mut lines = vec![format!(
        "`advise` has {}{of}:",
        count(found.len(), "finding")
    )];
    for f in &found {
        lines.push(format!(
            "  [{}] {}  {}",
            f.severity.name(),
            f.rule.id(),
            f.summary
        ));
        for cmd in &f.fix {
            lines.push(format!("    fix: {cmd}"));
        }
    }
    Ok(Verdict::new(false, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::Setup;
    use crate::shell::Shell;

    const ANALYTICS: &str = "arn:aws:iam::444455556666:role/AnalyticsReader";
    const ACCOUNT_A: &str = "arn:aws:iam::111122223333:root";

    /// A sandbox from an empty account, after `cmds`.
    fn shell(cmds: &[&str]) -> Shell {
        let mut s = Shell::new(Org::new());
        run(&mut s, cmds);
        s
    }

    fn run(s: &mut Shell, cmds: &[&str]) {
        for c in cmds {
            let o = s.run(c);
            assert!(o.ok, "{c}: {}", o.stderr);
        }
    }

    /// Lesson 4's two accounts: sarah and mike in 111122223333, nothing
    /// yet in 444455556666.
    fn two_accounts() -> Shell {
        let orgs = |n: &str| crate::content::embedded::org(n).map(str::to_string);
        goals::build(&Setup::Org("l4-two-accounts".into()), &orgs).unwrap()
    }

    fn judged(s: &Shell, check: &Check) -> Verdict {
        judge(&s.org, &s.home, check, None).unwrap()
    }

    fn access(principal: &str, action: &str, resource: &str, allowed: bool) -> Check {
        Check::Access {
            principal: principal.into(),
            action: action.into(),
            resource: resource.into(),
            allowed,
            context: Vec::new(),
        }
    }

    fn trusts(role: &str, principal: &str) -> Check {
        Check::Trusts {
            role: role.into(),
            principal: principal.into(),
        }
    }

    fn key_of(s: &Shell, user: &str) -> String {
        s.org.user(&s.home, user).unwrap().access_keys[0].id.clone()
    }

    const JOHN_READS_EC2: &[&str] = &[
        "aws iam create-user --user-name john",
        "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    ];

    #[test]
    fn an_access_goal_met_gives_the_decision_and_the_engines_trail() {
        let s = shell(JOHN_READS_EC2);
        let v = judged(&s, &access("john", "ec2:DescribeInstances", "*", true));
        assert!(v.met);
        assert_eq!(
            v.lines[0],
            "as john, ec2:DescribeInstances on * is allowed, as the goal wants"
        );
        assert_eq!(v.lines[1], "  ✓ allowed");
        assert!(
            v.lines.contains(
                &"  why: an identity-based policy allows ec2:DescribeInstances".to_string()
            )
        );
        assert!(
            v.lines
                .contains(&"    managed policy `AmazonEC2ReadOnlyAccess`".to_string())
        );
    }

    #[test]
    fn an_access_goal_unmet_says_what_the_goal_wants() {
        let s = shell(JOHN_READS_EC2);
        let v = judged(&s, &access("john", "ec2:TerminateInstances", "*", true));
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "as john, ec2:TerminateInstances on * is denied (implicit deny); the goal wants it allowed"
        );
        assert!(v.lines.contains(
            &"  why: no identity-based policy allows ec2:TerminateInstances, so it is denied by default"
                .to_string()
        ));
        // The same request as a "cannot" goal is met.
        let v = judged(&s, &access("john", "ec2:TerminateInstances", "*", false));
        assert!(v.met);
        assert_eq!(
            v.lines[0],
            "as john, ec2:TerminateInstances on * is denied (implicit deny), as the goal wants"
        );
    }

    #[test]
    fn an_access_goal_names_its_context() {
        let s = shell(JOHN_READS_EC2);
        let mut check = access("john", "iam:CreateUser", "*", false);
        if let Check::Access { context, .. } = &mut check {
            context.push(("aws:MultiFactorAuthPresent".into(), "false".into()));
        }
        let v = judged(&s, &check);
        assert!(v.met);
        assert_eq!(
            v.lines[0],
            "as john with aws:MultiFactorAuthPresent=false, iam:CreateUser on * is denied (implicit deny), as the goal wants"
        );
    }

    #[test]
    fn a_cannot_goal_about_someone_missing_is_not_met() {
        let mut s = shell(&[]);
        let check = access("john", "ec2:TerminateInstances", "*", false);
        let v = judged(&s, &check);
        assert!(!v.met, "nobody to deny yet");
        assert_eq!(
            v.lines,
            [
                "user john does not exist yet",
                "a goal that john cannot do something counts only once john exists",
            ]
        );
        // A "can" goal says only that.
        let v = judged(&s, &access("role/Deployer", "ec2:RunInstances", "*", true));
        assert_eq!(
            (v.met, v.lines),
            (false, vec!["role Deployer does not exist yet".into()])
        );
        // Once john exists, the engine decides.
        run(&mut s, &["aws iam create-user --user-name john"]);
        assert!(judged(&s, &check).met);
        // Deleted since the lab began: said so.
        let start = s.org.clone();
        run(&mut s, &["aws iam delete-user --user-name john"]);
        let v = judge(&s.org, &s.home, &check, Some(&start)).unwrap();
        assert!(!v.met);
        assert_eq!(v.lines[0], "user john no longer exists: it was deleted");
    }

    #[test]
    fn a_goal_about_assuming_a_missing_role_waits_for_the_role() {
        let s = two_accounts();
        let v = judged(&s, &access("mike", "sts:AssumeRole", ANALYTICS, false));
        assert!(
            !v.met,
            "mike cannot assume a role that is not there, but that is not the point"
        );
        assert_eq!(
            v.lines,
            [
                "role AnalyticsReader of account 444455556666 does not exist yet",
                "the goal is about mike using AnalyticsReader (sts:AssumeRole), so it counts only once AnalyticsReader exists",
            ]
        );
    }

    #[test]
    fn user_exists_and_user_absent() {
        let mut s = shell(&[]);
        let exists = Check::UserExists("john".into());
        let absent = Check::UserAbsent("john".into());
        assert_eq!(
            judged(&s, &exists),
            Verdict::unmet("user john does not exist yet".into())
        );
        assert_eq!(
            judged(&s, &absent),
            Verdict::new(true, vec!["there is no user john".into()])
        );
        run(
            &mut s,
            &[
                "aws iam create-user --user-name John",
                "aws iam create-group --group-name Developers",
                "aws iam add-user-to-group --group-name Developers --user-name John",
                "aws iam create-access-key --user-name John",
                "aws iam create-login-profile --user-name John --password 'S3cure!Passw0rd'",
                "aws iam attach-user-policy --user-name John --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            ],
        );
        assert_eq!(
            judged(&s, &exists),
            Verdict::new(true, vec!["user John exists".into()])
        );
        let key = key_of(&s, "john");
        assert_eq!(
            judged(&s, &absent),
            Verdict::new(
                false,
                vec![
                    "user John still exists".into(),
                    format!(
                        "before delete-user it must lose: a console password; 1 access key ({key}, Active); \
                         policies AmazonEC2ReadOnlyAccess (attached); membership of Developers"
                    ),
                ]
            )
        );
    }

    #[test]
    fn group_and_role_exist() {
        let mut s = shell(&[]);
        let group = Check::GroupExists("Developers".into());
        let role = Check::RoleExists("OpsAdminRole".into());
        assert_eq!(
            judged(&s, &group),
            Verdict::unmet("there is no group Developers yet".into())
        );
        assert_eq!(
            judged(&s, &role),
            Verdict::unmet("role OpsAdminRole does not exist yet".into())
        );
        run(
            &mut s,
            &[
                "aws iam create-group --group-name Developers",
                r#"aws iam create-role --role-name OpsAdminRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
            ],
        );
        assert_eq!(
            judged(&s, &group),
            Verdict::new(true, vec!["group Developers exists".into()])
        );
        assert_eq!(
            judged(&s, &role),
            Verdict::new(true, vec!["role OpsAdminRole exists".into()])
        );
    }

    #[test]
    fn in_group_says_where_the_user_is() {
        let mut s = shell(&[]);
        let check = Check::InGroup {
            user: "john".into(),
            group: "Developers".into(),
        };
        assert_eq!(judged(&s, &check).lines, ["user john does not exist yet"]);
        run(&mut s, &["aws iam create-user --user-name john"]);
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet("there is no group Developers yet".into())
        );
        run(
            &mut s,
            &[
                "aws iam create-group --group-name Developers",
                "aws iam create-group --group-name Admins",
            ],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet("john is not in Developers (john is in no group)".into())
        );
        run(
            &mut s,
            &["aws iam add-user-to-group --group-name Admins --user-name john"],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet("john is not in Developers (john is only in Admins)".into())
        );
        run(
            &mut s,
            &["aws iam add-user-to-group --group-name Developers --user-name john"],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::new(true, vec!["john is in Developers".into()])
        );
    }

    #[test]
    fn no_direct_policies_lists_what_the_user_holds() {
        let mut s = shell(&[]);
        let check = Check::NoDirectPolicies("john".into());
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet("user john does not exist yet".into())
        );
        run(&mut s, JOHN_READS_EC2);
        run(
            &mut s,
            &[
                r#"aws iam put-user-policy --user-name john --policy-name Extra --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'"#,
            ],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet(
                "john holds policies directly: AmazonEC2ReadOnlyAccess (attached), Extra (inline); \
                 the goal wants them on a group instead"
                    .into()
            )
        );
        run(
            &mut s,
            &[
                "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
                "aws iam delete-user-policy --user-name john --policy-name Extra",
            ],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::new(
                true,
                vec!["john holds no policy directly, attached or inline".into()]
            )
        );
    }

    #[test]
    fn access_keys_present_and_absent() {
        let mut s = shell(&[]);
        let has = Check::HasAccessKey("app".into());
        let none = Check::NoAccessKeys("app".into());
        // No user, no keys: but a goal about its keys needs the user.
        assert_eq!(
            judged(&s, &none),
            Verdict::unmet("user app does not exist yet".into())
        );
        assert_eq!(
            judged(&s, &has),
            Verdict::unmet("user app does not exist yet".into())
        );
        run(&mut s, &["aws iam create-user --user-name app"]);
        assert_eq!(
            judged(&s, &has),
            Verdict::unmet("app has no access key".into())
        );
        assert_eq!(
            judged(&s, &none),
            Verdict::new(true, vec!["app has no access key".into()])
        );
        run(&mut s, &["aws iam create-access-key --user-name app"]);
        let key = key_of(&s, "app");
        assert_eq!(
            judged(&s, &has),
            Verdict::new(true, vec![format!("app has 1 access key ({key}, Active)")])
        );
        assert_eq!(
            judged(&s, &none),
            Verdict::unmet(format!("app still has 1 access key ({key}, Active)"))
        );
        // Deleted with its keys since the lab began: tighter still, so met.
        let start = s.org.clone();
        run(
            &mut s,
            &[
                &format!("aws iam delete-access-key --user-name app --access-key-id {key}"),
                "aws iam delete-user --user-name app",
            ],
        );
        let v = judge(&s.org, &s.home, &none, Some(&start)).unwrap();
        assert_eq!(
            v,
            Verdict::new(
                true,
                vec![
                    "user app no longer exists: it was deleted, and its access keys with it".into()
                ]
            )
        );
        // Without knowing the start, a missing user is one not made yet.
        assert!(!judged(&s, &none).met);
        // A user with keys never counts: HasAccessKey wants the user.
        let v = judge(&s.org, &s.home, &has, Some(&start)).unwrap();
        assert_eq!(
            v,
            Verdict::unmet("user app no longer exists: it was deleted".into())
        );
    }

    #[test]
    fn login_profile_and_mfa() {
        let mut s = shell(&["aws iam create-user --user-name alice"]);
        let login = Check::HasLoginProfile("alice".into());
        let mfa = Check::HasMfa("alice".into());
        assert_eq!(
            judged(&s, &login),
            Verdict::unmet("alice has no console password (no login profile)".into())
        );
        assert_eq!(
            judged(&s, &mfa),
            Verdict::unmet("alice has no MFA device enabled".into())
        );
        run(
            &mut s,
            &["aws iam create-login-profile --user-name alice --password 'S3cure!Passw0rd'"],
        );
        assert_eq!(
            judged(&s, &login),
            Verdict::new(
                true,
                vec!["alice has a console password (a login profile)".into()]
            )
        );
        let home = s.home.clone();
        let serial = format!("arn:aws:iam::{home}:mfa/alice-phone");
        s.org
            .accounts
            .get_mut(&home)
            .unwrap()
            .users
            .get_mut("alice")
            .unwrap()
            .mfa_devices
            .push(serial.clone());
        assert_eq!(
            judged(&s, &mfa),
            Verdict::new(
                true,
                vec![format!("alice has an MFA device enabled: {serial}")]
            )
        );
        assert_eq!(
            judged(&shell(&[]), &mfa),
            Verdict::unmet("user alice does not exist yet".into())
        );
    }

    const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

    #[test]
    fn a_service_trust_names_the_service() {
        let mut s = shell(&[]);
        let check = trusts("S3AccessRole", "ec2.amazonaws.com");
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet("role S3AccessRole does not exist yet".into())
        );
        run(
            &mut s,
            &[
                r#"aws iam create-role --role-name S3AccessRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
            ],
        );
        let v = judged(&s, &check);
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "the trust policy of S3AccessRole names lambda.amazonaws.com; the goal wants ec2.amazonaws.com"
        );
        assert!(v.lines.contains(
            &"  why: no resource-based policy allows this service principal".to_string()
        ));
        run(
            &mut s,
            &[&format!(
                "aws iam update-assume-role-policy --role-name S3AccessRole --policy-document '{EC2_TRUST}'"
            )],
        );
        let v = judged(&s, &check);
        assert!(v.met);
        assert_eq!(
            v.lines[0],
            "the trust policy of S3AccessRole lets ec2.amazonaws.com assume it"
        );
        assert!(v.lines.contains(
            &"      ✓ statement 1, Allow at line 1: matches (names the caller)".to_string()
        ));
    }

    #[test]
    fn a_service_trust_may_guard_against_the_confused_deputy() {
        // Tighter than asked: only for resources of this account.
        let s = shell(&[
            r#"aws iam create-role --role-name Guarded --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}'"#,
        ]);
        assert!(judged(&s, &trusts("Guarded", "ec2.amazonaws.com")).met);
        // Guarded for another account, it is not this account's service.
        let s = shell(&[
            r#"aws iam create-role --role-name Elsewhere --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]}'"#,
        ]);
        let v = judged(&s, &trusts("Elsewhere", "ec2.amazonaws.com"));
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "the trust policy of Elsewhere names ec2.amazonaws.com but does not let it in here"
        );
        assert!(
            v.lines
                .iter()
                .any(|l| l.contains("condition StringEquals on aws:SourceAccount is not met")),
            "{:?}",
            v.lines
        );
    }

    fn make_analytics_reader(s: &mut Shell, trust_principals: &str) {
        let cmd = format!(
            r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{trust_principals}}},"Action":"sts:AssumeRole"}}]}}'"#
        );
        run(s, &["as arn:aws:iam::444455556666:root", &cmd, "as admin"]);
    }

    #[test]
    fn an_account_trust_is_met_by_the_account() {
        let mut s = two_accounts();
        let check = trusts(ANALYTICS, ACCOUNT_A);
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet(
                "role AnalyticsReader of account 444455556666 does not exist yet".into()
            )
        );
        make_analytics_reader(&mut s, r#""arn:aws:iam::111122223333:root""#);
        let v = judged(&s, &check);
        assert!(v.met);
        assert_eq!(
            v.lines[0],
            "the trust policy of AnalyticsReader lets account 111122223333 assume it"
        );
    }

    #[test]
    fn trusting_one_user_of_the_account_is_at_least_as_tight() {
        let mut s = two_accounts();
        make_analytics_reader(&mut s, r#""arn:aws:iam::111122223333:user/sarah""#);
        assert_eq!(
            judged(&s, &trusts(ANALYTICS, ACCOUNT_A)),
            Verdict::new(
                true,
                vec![
                    "the trust policy of AnalyticsReader names user/sarah rather than the whole \
                     account 111122223333: at least as tight as the goal asks, so it counts"
                        .into(),
                    "trusting the account, as the course does, leaves it to 111122223333's \
                     administrators to choose who may assume the role, with their own policies; \
                     naming the identities is tighter, and sound too"
                        .into(),
                ]
            )
        );
    }

    #[test]
    fn trusting_more_than_the_account_is_not_tighter() {
        let mut s = two_accounts();
        make_analytics_reader(
            &mut s,
            r#"["arn:aws:iam::111122223333:user/sarah", "arn:aws:iam::444455556666:root"]"#,
        );
        let v = judged(&s, &trusts(ANALYTICS, ACCOUNT_A));
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "the trust policy of AnalyticsReader names user/sarah of account 111122223333 and \
             account 444455556666; the goal wants account 111122223333"
        );
        assert!(v.lines.contains(
            &"      · statement 1, Allow at line 1: does not name this principal".to_string()
        ));
    }

    #[test]
    fn trusting_someone_else_names_them() {
        let mut s = two_accounts();
        make_analytics_reader(&mut s, r#""arn:aws:iam::444455556666:root""#);
        let v = judged(&s, &trusts(ANALYTICS, ACCOUNT_A));
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "the trust policy of AnalyticsReader names account 444455556666; the goal wants account 111122223333"
        );
    }

    #[test]
    fn instance_profiles_hold_the_role() {
        let mut s = shell(&[]);
        let check = Check::InstanceProfileHasRole {
            profile: "S3AccessRole".into(),
            role: "S3AccessRole".into(),
        };
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet("there is no instance profile S3AccessRole yet".into())
        );
        run(
            &mut s,
            &[
                "aws iam create-instance-profile --instance-profile-name S3AccessRole",
                &format!(
                    "aws iam create-role --role-name Other --assume-role-policy-document '{EC2_TRUST}'"
                ),
                &format!(
                    "aws iam create-role --role-name S3AccessRole --assume-role-policy-document '{EC2_TRUST}'"
                ),
            ],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet(
                "instance profile S3AccessRole holds no role; the goal wants S3AccessRole".into()
            )
        );
        run(
            &mut s,
            &[
                "aws iam add-role-to-instance-profile --instance-profile-name S3AccessRole --role-name Other",
            ],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::unmet(
                "instance profile S3AccessRole holds role Other; the goal wants S3AccessRole \
                 (a profile holds one role)"
                    .into()
            )
        );
        run(
            &mut s,
            &[
                "aws iam remove-role-from-instance-profile --instance-profile-name S3AccessRole --role-name Other",
                "aws iam add-role-to-instance-profile --instance-profile-name S3AccessRole --role-name S3AccessRole",
            ],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::new(
                true,
                vec!["instance profile S3AccessRole holds role S3AccessRole".into()]
            )
        );
    }

    #[test]
    fn advisor_quiet_gives_the_findings_and_their_fixes() {
        let mut s = shell(JOHN_READS_EC2);
        let any = Check::AdvisorQuiet(Vec::new());
        let v = judged(&s, &any);
        assert!(!v.met);
        assert_eq!(v.lines[0], "`advise` has 1 finding:");
        assert_eq!(
            v.lines[1],
            "  [low] direct-policies  john has 1 policy attached directly instead of through a group"
        );
        assert!(v.lines[2].starts_with("    fix: aws iam create-group"));
        // A rule that does not fire is quiet on its own.
        assert_eq!(
            judged(&s, &Check::AdvisorQuiet(vec!["open-trust".into()])),
            Verdict::new(true, vec!["`advise` has no finding of open-trust".into()])
        );
        run(
            &mut s,
            &[
                "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            ],
        );
        assert_eq!(
            judged(&s, &any),
            Verdict::new(true, vec!["`advise` has no finding".into()])
        );
        // An unknown rule is the course's mistake.
        let err = judge(
            &s.org,
            &s.home,
            &Check::AdvisorQuiet(vec!["shared".into()]),
            None,
        );
        assert!(err.unwrap_err().contains("`shared` is not an advisor rule"));
    }

    #[test]
    fn no_escalation_gives_the_paths() {
        let mut s = shell(&[]);
        let check = Check::NoEscalation("dev".into());
        assert_eq!(
            judged(&s, &check).lines,
            [
                "user dev does not exist yet",
                "a goal that dev cannot gain power counts only once dev exists",
            ]
        );
        run(
            &mut s,
            &[
                "aws iam create-user --user-name dev",
                r#"aws iam put-user-policy --user-name dev --policy-name SelfService --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::111122223333:user/dev"}]}'"#,
            ],
        );
        let v = judged(&s, &check);
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "`paths dev` finds 1 way for dev to gain power it was not given:"
        );
        assert!(v.lines[1].starts_with("  dev -> "), "{:?}", v.lines);
        assert!(v.lines.iter().any(|l| l.contains("[iam:AttachUserPolicy]")));
        run(
            &mut s,
            &["aws iam delete-user-policy --user-name dev --policy-name SelfService"],
        );
        assert_eq!(
            judged(&s, &check),
            Verdict::new(
                true,
                vec!["`paths dev` finds no way for dev to gain power it was not given".into()]
            )
        );
    }

    #[test]
    fn all_marks_each_check_and_details_the_ones_that_fail() {
        let mut s = shell(JOHN_READS_EC2);
        let check = Check::All(vec![
            Check::UserExists("john".into()),
            access("john", "ec2:StopInstances", "*", true),
        ]);
        let v = judged(&s, &check);
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "1 of the 2 checks in this goal holds; every one must"
        );
        assert_eq!(v.lines[1], "✓ user john exists");
        assert_eq!(
            v.lines[2],
            "○ as john, ec2:StopInstances on * is denied (implicit deny); the goal wants it allowed"
        );
        assert_eq!(v.lines[3], "    ✗ denied (implicit deny)");
        run(
            &mut s,
            &[
                "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess",
            ],
        );
        let v = judged(&s, &check);
        assert!(v.met);
        // What holds is said in a line each, without the trails.
        assert_eq!(
            v.lines,
            [
                "2 of the 2 checks in this goal hold",
                "✓ user john exists",
                "✓ as john, ec2:StopInstances on * is allowed, as the goal wants",
            ]
        );
    }

    #[test]
    fn a_goal_naming_an_account_outside_the_organization_is_the_courses_fault() {
        let s = shell(&[]);
        let err = judge(
            &s.org,
            &s.home,
            &trusts("arn:aws:iam::999999999999:role/X", ACCOUNT_A),
            None,
        );
        assert!(err.unwrap_err().contains("not in this organization"));
    }

    fn within(principal: &str, policies: &[&str], exact: bool) -> Check {
        Check::AccessWithin {
            principal: principal.into(),
            policies: policies.iter().map(|p| p.to_string()).collect(),
            exact,
        }
    }

    const READ_METRICS: &str = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";

    #[test]
    fn access_within_names_what_goes_beyond_the_story() {
        let mut s = shell(&["aws iam create-user --user-name lena"]);
        let check = within("lena", &[READ_METRICS], false);
        // Nothing at all is within anything.
        let v = judged(&s, &check);
        assert!(v.met, "{:?}", v.lines);
        assert!(
            v.lines[0].starts_with("everything lena may do, CloudWatchReadOnlyAccess allows too ("),
            "{}",
            v.lines[0]
        );
        run(
            &mut s,
            &[
                "aws iam attach-user-policy --user-name lena --policy-arn arn:aws:iam::aws:policy/CloudWatchFullAccess",
            ],
        );
        let v = judged(&s, &check);
        assert!(!v.met);
        assert!(
            v.lines[0].starts_with("lena may do more than CloudWatchReadOnlyAccess allows: "),
            "{}",
            v.lines[0]
        );
        // Many actions: first a count by service, the largest first.
        assert_eq!(
            v.lines[1], "  by service: 83 cloudwatch, 76 logs, 25 sns and 3 iam actions",
            "{:?}",
            v.lines
        );
        assert!(
            v.lines[2].starts_with("  cloudwatch:") && v.lines[2].contains(" on "),
            "{:?}",
            v.lines
        );
        assert_eq!(v.lines.len(), 3 + EXAMPLES, "{:?}", v.lines);
        assert!(
            v.lines.last().unwrap().starts_with("  ... and "),
            "{:?}",
            v.lines
        );
    }

    #[test]
    fn exact_access_wants_nothing_less_either() {
        let mut s = shell(&[
            "aws iam create-user --user-name lena",
            r#"aws iam put-user-policy --user-name lena --policy-name One --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudwatch:GetMetricData","Resource":"*"}]}'"#,
        ]);
        assert!(judged(&s, &within("lena", &[READ_METRICS], false)).met);
        let exact = within("lena", &[READ_METRICS], true);
        let v = judged(&s, &exact);
        assert!(!v.met);
        assert!(
            v.lines[0].starts_with("lena may do less than CloudWatchReadOnlyAccess allows: "),
            "{}",
            v.lines[0]
        );
        run(
            &mut s,
            &[
                "aws iam delete-user-policy --user-name lena --policy-name One",
                &format!("aws iam attach-user-policy --user-name lena --policy-arn {READ_METRICS}"),
            ],
        );
        let v = judged(&s, &exact);
        assert!(v.met, "{:?}", v.lines);
        assert!(
            v.lines[0].starts_with("lena may do exactly what CloudWatchReadOnlyAccess allows ("),
            "{}",
            v.lines[0]
        );
    }

    #[test]
    fn a_written_out_reference_says_what_the_story_allows() {
        let story = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"#;
        let s = shell(&[
            "aws iam create-user --user-name ann",
            "aws iam attach-user-policy --user-name ann --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        ]);
        let v = judged(&s, &within("ann", &[story], false));
        assert!(!v.met);
        assert!(
            v.lines[0].starts_with("ann may do more than the story's policy allows: "),
            "{}",
            v.lines[0]
        );
        assert_eq!(
            v.lines.last().unwrap(),
            "  the story allows s3:GetObject on arn:aws:s3:::reports/*"
        );
        let missing = judged(&s, &within("bo", &[story], false));
        assert!(!missing.met);
        assert_eq!(missing.lines[0], "user bo does not exist yet");
    }

    fn new_member(group: &str, action: &str, resource: &str, allowed: bool) -> Check {
        Check::NewMemberAccess {
            group: group.into(),
            action: action.into(),
            resource: resource.into(),
            allowed,
            context: Vec::new(),
        }
    }

    #[test]
    fn a_new_member_gets_the_groups_policies_and_nothing_of_the_members() {
        let deny = r#"'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::reports"}]}'"#;
        let mut s = shell(&[
            "aws iam create-group --group-name DataTeam",
            "aws iam attach-group-policy --group-name DataTeam --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess",
            "aws iam create-user --user-name nina",
            "aws iam add-user-to-group --group-name DataTeam --user-name nina",
            &format!(
                "aws iam put-user-policy --user-name nina --policy-name NoDeletes --policy-document {deny}"
            ),
        ]);
        let check = new_member("DataTeam", "s3:DeleteBucket", "arn:aws:s3:::reports", false);
        // nina is covered; the next hire would not be.
        assert!(
            judged(
                &s,
                &access("nina", "s3:DeleteBucket", "arn:aws:s3:::reports", false)
            )
            .met
        );
        let v = judged(&s, &check);
        assert!(!v.met);
        assert_eq!(
            v.lines[0],
            "as a new member of DataTeam, s3:DeleteBucket on arn:aws:s3:::reports is allowed; the goal wants it denied"
        );
        assert_eq!(
            v.lines[1],
            "  (asked as user new-member: in DataTeam and nothing else, with no policy of its own)"
        );
        run(
            &mut s,
            &[&format!(
                "aws iam put-group-policy --group-name DataTeam --policy-name NoDeletes --policy-document {deny}"
            )],
        );
        let v = judged(&s, &check);
        assert!(v.met, "{:?}", v.lines);
        assert!(v.lines[0].ends_with("is denied (explicit deny), as the goal wants"));
        assert!(
            s.org.user(&s.home, "new-member").is_none(),
            "the stand-in stays out of the sandbox"
        );
        let none = judged(&s, &new_member("Nobody", "s3:GetObject", "*", true));
        assert_eq!(none.lines, ["there is no group Nobody yet"]);
    }
}
