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

use crate::iam::access::Arn;
use crate::iam::context::Context;
use crate::iam::federation::ProviderRef;
use crate::iam::model::{Caller, Org, User};
use crate::iam::paths;
use crate::iam::policy::Effect;

use super::schema::Check;
use super::{goals, whole_access};

mod words;

use words::*;

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
                Caller::user_with_key(trusted, &u.name),
            )
        });
        let roles = account.roles.values().map(|r| {
            (
                format!("role/{}", r.name),
                Caller::role_session(trusted, &r.name),
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

#[cfg(test)]
mod tests;
