//! What generated questions are made of: people, teams, companies and the
//! work they do, each with the real actions it needs and the words a person
//! would use for it. Nothing here is random text: every name is picked from
//! these lists.

/// The home account: where the people work.
pub const HOME: &str = "111122223333";
/// A partner's account, for cross-account questions.
pub const PARTNER: &str = "444455556666";
pub const REGION: &str = "us-east-1";

pub const PEOPLE: &[&str] = &[
    "priya", "omar", "lena", "tomas", "aiko", "ravi", "sofia", "marcus", "chen", "fatima", "noah",
    "elena", "kwame", "ines", "yuki", "dmitri", "amara", "lucas", "hana", "jonas", "mei", "diego",
    "sara", "felix",
];

/// Company names, the first part of their buckets' names.
pub const COMPANIES: &[&str] = &[
    "northwind",
    "bluepeak",
    "tidewater",
    "larkspur",
    "copperleaf",
    "harborline",
];

/// Partner companies, owners of the other account.
pub const PARTNERS: &[&str] = &["datacove", "auditwise", "shipfast", "ledgerly"];

/// A team: its group name and how its members are described.
#[derive(Debug, Clone, Copy)]
pub struct Team {
    pub group: &'static str,
    /// "an analyst": a member, in a prompt.
    pub member: &'static str,
    /// The services the team works with.
    pub services: &'static [Service],
}

pub const TEAMS: &[Team] = &[
    Team {
        group: "Analysts",
        member: "an analyst",
        services: &[Service::S3, Service::DynamoDb],
    },
    Team {
        group: "DataEngineers",
        member: "a data engineer",
        services: &[Service::S3, Service::DynamoDb, Service::Lambda],
    },
    Team {
        group: "Developers",
        member: "a developer",
        services: &[Service::Ec2, Service::Lambda, Service::S3],
    },
    Team {
        group: "Support",
        member: "a support engineer",
        services: &[Service::DynamoDb, Service::S3],
    },
    Team {
        group: "Finance",
        member: "in finance",
        services: &[Service::S3],
    },
    Team {
        group: "Operations",
        member: "an operations engineer",
        services: &[Service::Ec2, Service::Lambda],
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    S3,
    Ec2,
    DynamoDb,
    Lambda,
}

/// One action as a person would describe doing it. `{thing}` is replaced by
/// the resource's name ("the Orders table"), `{key}` by an object's key.
#[derive(Debug, Clone, Copy)]
pub struct Act {
    pub action: &'static str,
    pub verb: &'static str,
    /// The action is on the container (an S3 bucket), not on what it holds.
    pub on_container: bool,
    /// Reads rather than changes: a read-only grant covers it.
    pub read: bool,
}

const fn act(action: &'static str, verb: &'static str, on_container: bool, read: bool) -> Act {
    Act {
        action,
        verb,
        on_container,
        read,
    }
}

pub const S3_ACTS: &[Act] = &[
    act(
        "s3:GetObject",
        "downloads `{key}` from {thing}",
        false,
        true,
    ),
    act("s3:PutObject", "uploads `{key}` to {thing}", false, false),
    act(
        "s3:DeleteObject",
        "deletes `{key}` from {thing}",
        false,
        false,
    ),
    act("s3:ListBucket", "lists the objects in {thing}", true, true),
    act("s3:DeleteBucket", "deletes the bucket {thing}", true, false),
];

pub const EC2_ACTS: &[Act] = &[
    act(
        "ec2:StartInstances",
        "starts the instance {thing}",
        false,
        false,
    ),
    act(
        "ec2:StopInstances",
        "stops the instance {thing}",
        false,
        false,
    ),
    act(
        "ec2:RebootInstances",
        "reboots the instance {thing}",
        false,
        false,
    ),
    act(
        "ec2:TerminateInstances",
        "terminates the instance {thing}",
        false,
        false,
    ),
];

pub const DYNAMODB_ACTS: &[Act] = &[
    act(
        "dynamodb:GetItem",
        "reads an item from {thing}",
        false,
        true,
    ),
    act("dynamodb:Query", "queries {thing}", false, true),
    act(
        "dynamodb:PutItem",
        "writes an item to {thing}",
        false,
        false,
    ),
    act(
        "dynamodb:DeleteItem",
        "deletes an item from {thing}",
        false,
        false,
    ),
];

pub const LAMBDA_ACTS: &[Act] = &[
    act(
        "lambda:InvokeFunction",
        "invokes the function {thing}",
        false,
        false,
    ),
    act(
        "lambda:GetFunction",
        "looks at the function {thing}",
        false,
        true,
    ),
    act(
        "lambda:UpdateFunctionCode",
        "deploys new code to {thing}",
        false,
        false,
    ),
    act(
        "lambda:DeleteFunction",
        "deletes the function {thing}",
        false,
        false,
    ),
];

/// The role a cross-account question assumes.
pub const ASSUME: Act = act("sts:AssumeRole", "assumes the role {thing}", false, false);

impl Service {
    pub fn acts(self) -> &'static [Act] {
        match self {
            Service::S3 => S3_ACTS,
            Service::Ec2 => EC2_ACTS,
            Service::DynamoDb => DYNAMODB_ACTS,
            Service::Lambda => LAMBDA_ACTS,
        }
    }

    pub fn prefix(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::Ec2 => "ec2",
            Service::DynamoDb => "dynamodb",
            Service::Lambda => "lambda",
        }
    }

    /// Action patterns with a wildcard that people really write, each with
    /// the actions of `acts()` it covers.
    pub fn wild_actions(self) -> &'static [&'static str] {
        match self {
            Service::S3 => &["s3:*", "s3:Get*", "s3:*Object", "s3:Put*", "s3:List*"],
            Service::Ec2 => &["ec2:*", "ec2:*Instances", "ec2:Stop*", "ec2:Start*"],
            Service::DynamoDb => &["dynamodb:*", "dynamodb:Get*", "dynamodb:*Item"],
            Service::Lambda => &["lambda:*", "lambda:Get*", "lambda:Update*"],
        }
    }
}

/// What S3 buckets hold, with keys that fit.
pub const BUCKETS: &[(&str, &[&str])] = &[
    ("reports", &["2025/q3-summary.csv", "2025/q4-sales.csv"]),
    (
        "invoices",
        &["2025/11/inv-1042.pdf", "2025/12/inv-1107.pdf"],
    ),
    (
        "exports",
        &["daily/2025-12-01.json", "weekly/2025-w48.json"],
    ),
    ("backups", &["db/2025-12-06.sql.gz", "db/2025-12-07.sql.gz"]),
    ("media", &["images/logo.png", "video/launch.mp4"]),
    ("logs", &["app/2025-12-06.log", "web/2025-12-06.log"]),
];

/// DynamoDB tables.
pub const TABLES: &[&str] = &["Orders", "Customers", "Invoices", "Sessions", "Inventory"];

/// Lambda functions.
pub const FUNCTIONS: &[&str] = &[
    "resize-images",
    "send-receipts",
    "nightly-export",
    "process-orders",
    "sync-inventory",
];

/// EC2 instance ids, as AWS prints them.
pub const INSTANCES: &[&str] = &[
    "i-0a1b2c3d4e5f60718",
    "i-07f3e9a2c41d8b5e6",
    "i-0c55d2e8f17a93b40",
    "i-09e4b7a1d3c26f85a",
];

/// Roles a partner account offers.
pub const PARTNER_ROLES: &[&str] = &[
    "SharedReports",
    "DataExchange",
    "AuditAccess",
    "PartnerSupport",
];

/// Addresses for `aws:SourceIp` conditions: the office's range (from the
/// ranges AWS's documentation uses) and one outside it.
pub const OFFICE_RANGE: &str = "203.0.113.0/24";
pub const OFFICE_IP: &str = "203.0.113.25";
pub const HOME_IP: &str = "198.51.100.7";

/// Regions for `aws:RequestedRegion`.
pub const REGIONS: &[&str] = &["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2"];
