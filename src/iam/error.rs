//! AWS service errors: the code and message AWS returns.

use std::fmt;

use super::eval::{Decision, Evaluation};

/// Every error code the engine, the services and the sandbox's credential
/// checks can put in an [`AwsError`], grouped by who answers with it. A
/// test scans the sources to keep this list complete; the transcripts must
/// provoke each one.
pub const ERROR_CODES: &[&str] = &[
    // IAM (and STS, which shares its query protocol).
    "AccessDenied",
    "DeleteConflict",
    "EntityAlreadyExists",
    "InvalidAction",
    "InvalidAuthenticationCode",
    "InvalidInput",
    "InvalidUserType",
    "LimitExceeded",
    "MalformedPolicyDocument",
    "NoSuchEntity",
    "PasswordPolicyViolation",
    "ReportNotPresent",
    "ValidationError",
    // STS and the checks of signed requests.
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidIdentityToken",
    "InvalidClientTokenId",
    "PackedPolicyTooLarge",
    "SignatureDoesNotMatch",
    // The CLI's own findings about a profile (no request is made).
    "NoCredentials",
    "PartialCredentials",
    "ProfileNotFound",
    // AWS Organizations.
    "AWSOrganizationsNotInUseException",
    "ConstraintViolationException",
    "DuplicatePolicyAttachmentException",
    "DuplicatePolicyException",
    "InvalidInputException",
    "MalformedPolicyDocumentException",
    "PolicyInUseException",
    "PolicyNotAttachedException",
    "PolicyNotFoundException",
    "TargetNotFoundException",
    // S3.
    "403",
    "404",
    "BucketAlreadyExists",
    "BucketAlreadyOwnedByYou",
    "BucketNotEmpty",
    "IllegalLocationConstraintException",
    "InvalidArgument",
    "InvalidBucketName",
    "InvalidLocationConstraint",
    "KeyTooLongError",
    "MalformedPolicy",
    "NoSuchBucket",
    "NoSuchBucketPolicy",
    "NoSuchKey",
    // EC2.
    "DryRunOperation",
    "IncorrectInstanceState",
    "IncorrectState",
    "InstanceLimitExceeded",
    "InvalidAMIID.Malformed",
    "InvalidAssociationID.NotFound",
    "InvalidInstanceID.Malformed",
    "InvalidInstanceID.NotFound",
    "InvalidParameterCombination",
    "InvalidParameterValue",
    "MissingParameter",
    "UnauthorizedOperation",
    // Lambda and DynamoDB (JSON protocol).
    "AccessDeniedException",
    "ConditionalCheckFailedException",
    "InvalidParameterValueException",
    "InvalidRequestContentException",
    "ResourceConflictException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "ValidationException",
    // Elastic Load Balancing.
    "LoadBalancerNotFound",
    "TargetGroupNotFound",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    /// AWS's error code, such as `NoSuchEntity`.
    pub code: String,
    pub message: String,
}

impl AwsError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AwsError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn no_such_entity(message: impl Into<String>) -> Self {
        Self::new("NoSuchEntity", message)
    }

    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new("EntityAlreadyExists", message)
    }

    pub fn limit_exceeded(message: impl Into<String>) -> Self {
        Self::new("LimitExceeded", message)
    }

    pub fn delete_conflict(message: impl Into<String>) -> Self {
        Self::new("DeleteConflict", message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new("ValidationError", message)
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new("InvalidInput", message)
    }

    pub fn malformed_policy(message: impl Into<String>) -> Self {
        Self::new("MalformedPolicyDocument", message)
    }

    /// AWS's AccessDenied message for a refused call, with the reason taken
    /// from the layer that decided.
    pub fn access_denied(eval: &Evaluation) -> Self {
        let action = &eval.action;
        // Refused outside the policies (an AWS-owned entity): AWS names the
        // kind of entity and gives no policy as the reason.
        if eval.decided_by.is_none() && eval.decision == Decision::ExplicitDeny {
            let kind = if eval.resource.contains(":policy/") {
                "policy"
            } else {
                "role"
            };
            return Self::new(
                "AccessDenied",
                format!(
                    "User: {} is not authorized to perform: {action} on resource: {kind} {}",
                    eval.principal, eval.resource
                ),
            );
        }
        let reason = match (eval.decision, eval.decided_by) {
            (Decision::ExplicitDeny, Some(layer)) => {
                format!("with an explicit deny in {}", layer.with_article())
            }
            (_, Some(layer)) => {
                format!("because no {} allows the {action} action", layer.describe())
            }
            _ => format!("because no identity-based policy allows the {action} action"),
        };
        Self::new(
            "AccessDenied",
            format!(
                "User: {} is not authorized to perform: {action} on resource: {} {reason}",
                eval.principal, eval.resource
            ),
        )
    }

    /// The line the AWS CLI prints for this error.
    pub fn cli_line(&self, operation: &str) -> String {
        format!(
            "An error occurred ({}) when calling the {operation} operation: {}",
            self.code, self.message
        )
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AwsError {}
