//! Decisions AWS makes before, and regardless of, any policy: actions that
//! need no permission, and entities that belong to AWS and that no account
//! may change whatever its policies say. The evaluator asks here first, so
//! the simulator, the sandbox's calls and every access view answer alike.

use super::eval::Decision;

/// A decision that does not come from policies, with the sentence that says
/// why, for the trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    pub decision: Decision,
    pub reason: &'static str,
}

/// Actions that change or delete a managed policy.
const POLICY_CHANGES: [&str; 6] = [
    "iam:createpolicyversion",
    "iam:deletepolicy",
    "iam:deletepolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:tagpolicy",
    "iam:untagpolicy",
];

/// Actions that change or delete a role. `iam:DeleteServiceLinkedRole` is
/// not here: it is how a service-linked role is deleted.
const ROLE_CHANGES: [&str; 12] = [
    "iam:deleterole",
    "iam:updaterole",
    "iam:updateroledescription",
    "iam:updateassumerolepolicy",
    "iam:putrolepolicy",
    "iam:deleterolepolicy",
    "iam:attachrolepolicy",
    "iam:detachrolepolicy",
    "iam:putrolepermissionsboundary",
    "iam:deleterolepermissionsboundary",
    "iam:tagrole",
    "iam:untagrole",
];

/// What AWS decides for `action` on `resource` without reading a policy,
/// if anything.
pub fn fixed(action: &str, resource: &str) -> Option<Fixed> {
    if action.eq_ignore_ascii_case("sts:GetCallerIdentity") {
        return Some(Fixed {
            decision: Decision::Allowed,
            reason: "sts:GetCallerIdentity needs no permission: AWS answers it for every caller \
                     with valid credentials, and no policy, not even an explicit Deny, can stop it",
        });
    }
    let lower = |s: &str| s.to_ascii_lowercase();
    let action = lower(action);
    if !action.starts_with("iam:") {
        return None;
    }
    let iam_resource = resource.strip_prefix("arn:aws:iam::")?;
    let (account, path) = iam_resource.split_once(':')?;
    if account == "aws" && path.starts_with("policy/") && POLICY_CHANGES.contains(&action.as_str())
    {
        return Some(Fixed {
            decision: Decision::ExplicitDeny,
            reason: "an AWS managed policy (arn:aws:iam::aws:policy/...) belongs to AWS: no \
                     account can change or delete it, whatever its policies allow",
        });
    }
    if ROLE_CHANGES.contains(&action.as_str()) {
        if path.starts_with("role/aws-reserved/") {
            return Some(Fixed {
                decision: Decision::ExplicitDeny,
                reason: "a role under the path /aws-reserved/ is created and managed by an AWS \
                         service (IAM Identity Center): no one in the account can change or \
                         delete it, whatever their policies allow",
            });
        }
        if path.starts_with("role/aws-service-role/") {
            return Some(Fixed {
                decision: Decision::ExplicitDeny,
                reason: "a service-linked role (path /aws-service-role/) belongs to its AWS \
                         service: no one can change or delete it through IAM, whatever their \
                         policies allow; iam:DeleteServiceLinkedRole is how it is removed",
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_caller_identity_is_always_allowed() {
        let f = fixed("sts:getcalleridentity", "*").unwrap();
        assert_eq!(f.decision, Decision::Allowed);
    }

    #[test]
    fn aws_owned_entities_cannot_be_changed() {
        let denied = |a: &str, r: &str| fixed(a, r).map(|f| f.decision);
        assert_eq!(
            denied(
                "iam:DeletePolicy",
                "arn:aws:iam::aws:policy/AdministratorAccess"
            ),
            Some(Decision::ExplicitDeny)
        );
        assert_eq!(
            denied(
                "iam:AttachUserPolicy",
                "arn:aws:iam::aws:policy/AdministratorAccess"
            ),
            None,
            "attaching an AWS managed policy is up to the account's policies"
        );
        assert_eq!(
            denied(
                "iam:DeleteRole",
                "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1"
            ),
            Some(Decision::ExplicitDeny)
        );
        assert_eq!(
            denied(
                "iam:PutRolePolicy",
                "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
            ),
            Some(Decision::ExplicitDeny)
        );
        assert_eq!(
            denied(
                "iam:DeleteServiceLinkedRole",
                "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
            ),
            None
        );
        assert_eq!(
            denied(
                "iam:DeleteRole",
                "arn:aws:iam::111122223333:role/app/Reader"
            ),
            None
        );
    }
}
