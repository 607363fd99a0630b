//! A user, group or role named by its ARN, as the operations that read an
//! entity's policies take it (SimulatePrincipalPolicy,
//! GetContextKeysForPrincipalPolicy, ListPoliciesGrantingServiceAccess,
//! GenerateServiceLastAccessedDetails): one reading of the ARN, one set of
//! errors, one way from the entity to the principal whose policies count.

use super::policies::invalid;
use crate::iam::access::Arn;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Auth, Caller, Org};
use crate::iam::principal::{Layer, PolicyRef, Principal, PrincipalKind, Via};
use crate::iam::simulate::shorten;

/// The request member that carries the ARN. Each wording is the one the
/// sandbox's transcripts fix for the operations that take that member.
#[derive(Clone, Copy)]
pub(super) enum ArnMember {
    /// `PolicySourceArn`: the simulator's and the context keys' operations.
    PolicySource,
    /// `Arn`: the service access and last accessed reports.
    Arn,
}

impl ArnMember {
    /// The member as AWS's validation messages spell it.
    fn field(self) -> &'static str {
        match self {
            ArnMember::PolicySource => "policySourceArn",
            ArnMember::Arn => "arn",
        }
    }

    fn invalid(self, source: &str) -> AwsError {
        AwsError::invalid_input(match self {
            ArnMember::PolicySource => format!(
                "Invalid PolicySourceArn `{source}`: give the ARN of a user, group or role of this account"
            ),
            ArnMember::Arn => format!("Invalid ARN: {source}"),
        })
    }

    /// AWS's `arnType`: 20 to 2048 characters, checked before the caller is
    /// authorized, as every other member constraint is.
    pub(super) fn check_length(self, source: &str) -> Result<(), AwsError> {
        let n = source.chars().count();
        let rule = if n < 20 {
            "Member must have length greater than or equal to 20"
        } else if n > 2048 {
            "Member must have length less than or equal to 2048"
        } else {
            return Ok(());
        };
        Err(invalid(shorten(source), self.field(), rule))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum EntityKind {
    User,
    Group,
    Role,
}

/// An IAM user, group or role of an account in the organization, as its ARN
/// names it; whether it exists is asked when its policies are read.
pub(super) struct Entity {
    pub(super) kind: EntityKind,
    pub(super) account: String,
    /// The name as the ARN gives it (the last part of the resource, past
    /// any path).
    pub(super) name: String,
    /// The caller whose policies are the entity's: the user itself, or a
    /// session of the role, which carries exactly the role's policies. None
    /// for a group, which is not a principal.
    caller: Option<Caller>,
}

/// Does `source` name a managed policy (`arn:aws:iam::...:policy/...`)?
pub(super) fn is_policy_arn(source: &str) -> bool {
    Arn::parse(source).is_some_and(|a| a.service == "iam" && a.resource.starts_with("policy/"))
}

impl Entity {
    /// Reads `source` as the ARN of a user, group or role of an account of
    /// `org`; a role is read through a session called `session_name`.
    pub(super) fn parse(
        org: &Org,
        source: &str,
        member: ArnMember,
        session_name: &str,
    ) -> Result<Entity, AwsError> {
        let invalid = || member.invalid(source);
        let arn = Arn::parse(source).ok_or_else(invalid)?;
        let (kind, name) = arn.resource.split_once('/').ok_or_else(invalid)?;
        let name = name.rsplit('/').next().unwrap_or(name);
        let account = arn.account.to_string();
        if arn.service != "iam" || org.account(&account).is_none() {
            return Err(invalid());
        }
        let (kind, caller) = match kind {
            "user" => (
                EntityKind::User,
                Some(Caller::User {
                    account: account.clone(),
                    user: name.to_ascii_lowercase(),
                    auth: Auth::AccessKey,
                }),
            ),
            "role" => (
                EntityKind::Role,
                Some(Caller::RoleSession {
                    account: account.clone(),
                    role: name.to_ascii_lowercase(),
                    session_name: session_name.into(),
                    policy: None,
                    policy_arns: Vec::new(),
                    mfa: false,
                    tags: Vec::new(),
                    issued: None,
                }),
            ),
            "group" => (EntityKind::Group, None),
            _ => return Err(invalid()),
        };
        Ok(Entity {
            kind,
            account,
            name: name.to_string(),
            caller,
        })
    }

    /// The ARN's resource type: `user`, `group` or `role`.
    pub(super) fn kind_name(&self) -> &'static str {
        match self.kind {
            EntityKind::User => "user",
            EntityKind::Group => "group",
            EntityKind::Role => "role",
        }
    }

    /// IAM's error for an entity that does not exist.
    fn not_found(&self) -> AwsError {
        AwsError::no_such_entity(format!(
            "The {} with name {} cannot be found.",
            self.kind_name(),
            self.name
        ))
    }

    /// The entity's name as the account stores it (the ARN may spell it in
    /// another case), or IAM's error when there is no such entity.
    pub(super) fn stored_name<'o>(&self, org: &'o Org) -> Result<&'o str, AwsError> {
        let (account, name) = (self.account.as_str(), self.name.as_str());
        let found = match self.kind {
            EntityKind::User => org.user(account, name).map(|u| u.name.as_str()),
            EntityKind::Group => org.group(account, name).map(|g| g.name.as_str()),
            EntityKind::Role => org.role(account, name).map(|r| r.name.as_str()),
        };
        found.ok_or_else(|| self.not_found())
    }

    /// The principal whose policies are the entity's, or IAM's error when
    /// there is no such entity.
    pub(super) fn principal<'o>(&'o self, org: &'o Org) -> Result<Principal<'o>, AwsError> {
        match &self.caller {
            Some(caller) => org.principal(caller).map_err(|_| self.not_found()),
            None => group_principal(org, &self.account, &self.name).ok_or_else(|| self.not_found()),
        }
    }
}

/// A group is not a principal; simulating it means simulating a member that
/// has the group's policies and nothing else.
fn group_principal<'o>(org: &'o Org, account: &str, name: &str) -> Option<Principal<'o>> {
    let group = org.group(account, name)?;
    let arn = format!("arn:aws:iam::{account}:user/SimulatedGroupMember");
    let mut context = Context::new();
    context.set_one("aws:PrincipalAccount", account.to_string());
    context.set_one("aws:PrincipalArn", arn.clone());
    context.set_one("aws:PrincipalType", "User");
    let mut p = Principal {
        kind: PrincipalKind::User,
        account: account.to_string(),
        arn,
        role_arn: None,
        identity: Vec::new(),
        boundary: None,
        session: Vec::new(),
        scps: None,
        guard: Default::default(),
        context,
    };
    let via = Via::Group(group.name.clone());
    for (n, doc) in &group.inline {
        p.identity.push(PolicyRef {
            layer: Layer::Identity,
            name: n.clone(),
            arn: None,
            via: via.clone(),
            doc,
        });
    }
    for arn in &group.attached {
        if let Some(m) = org.managed_policy(arn) {
            p.identity.push(PolicyRef {
                layer: Layer::Identity,
                name: m.name.clone(),
                arn: Some(m.arn.clone()),
                via: via.clone(),
                doc: m.default_doc(),
            });
        }
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::model::DEFAULT_ACCOUNT;

    fn org() -> Org {
        Org::with_accounts(&[DEFAULT_ACCOUNT])
    }

    #[test]
    fn only_an_iam_user_group_or_role_of_the_organization_is_read() {
        let org = org();
        let refused = |arn: &str, member| {
            let e = Entity::parse(&org, arn, member, "S").err().expect(arn);
            (e.code, e.message)
        };
        let s3_user = format!("arn:aws:s3::{DEFAULT_ACCOUNT}:user/ann");
        assert_eq!(
            refused(&s3_user, ArnMember::Arn),
            (
                "InvalidInput".to_string(),
                format!("Invalid ARN: {s3_user}")
            )
        );
        let elsewhere = "arn:aws:iam::999999999999:user/ann";
        assert!(
            refused(elsewhere, ArnMember::PolicySource)
                .1
                .starts_with("Invalid PolicySourceArn `")
        );
        let policy = format!("arn:aws:iam::{DEFAULT_ACCOUNT}:policy/p");
        assert_eq!(refused(&policy, ArnMember::Arn).0, "InvalidInput");
        assert!(is_policy_arn(&policy));
    }

    #[test]
    fn a_missing_entity_is_named_as_the_arn_spells_it() {
        let org = org();
        let arn = format!("arn:aws:iam::{DEFAULT_ACCOUNT}:role/team/Nobody");
        let entity = Entity::parse(&org, &arn, ArnMember::Arn, "S").unwrap();
        assert!(entity.kind == EntityKind::Role && entity.name == "Nobody");
        let e = entity.principal(&org).err().unwrap();
        assert_eq!(e.message, "The role with name Nobody cannot be found.");
    }

    #[test]
    fn an_arn_outside_20_to_2048_characters_fails_validation() {
        assert!(ArnMember::Arn.check_length("arn:aws:iam::1:user/a").is_ok());
        let e = ArnMember::PolicySource
            .check_length("arn:aws:iam")
            .unwrap_err();
        assert!(e.message.contains("at 'policySourceArn'"), "{}", e.message);
        assert!(e.message.ends_with("greater than or equal to 20"));
    }
}
