//! Organizations' guardrails in evaluation, case by case, with AWS's
//! documented answers (AWS Organizations user guide: SCPs, RCPs, and the
//! IAM global condition keys `aws:PrincipalOrgID`, `aws:ResourceOrgID`).
//! Every case starts from lesson 13's organization, `assets/orgs/l13-org.ron`.

use crate::common::{add_user, resource_doc, user_inline, user_mut};
use iamtutor::iam::context::Context;
use iamtutor::iam::eval::Decision::{self, *};
use iamtutor::iam::model::OrgPolicyType;
use iamtutor::iam::model::{Auth, Caller, Org, Scp};
use iamtutor::iam::org_file::{from_ron, to_ron};
use iamtutor::iam::org_policy;
use iamtutor::iam::principal::{Layer, Via};

const L13: &str = include_str!("../assets/orgs/l13-org.ron");
const PROD: &str = "111122223333";
const DEV: &str = "444455556666";
const MGMT: &str = "111111111111";
const PARTNER: &str = "777788889999";
const REPORT: &str = "arn:aws:s3:::prod-reports/2026/q1-revenue.csv";

/// AWS's example data-perimeter RCP: principals outside the organization
/// may not touch S3 resources, AWS services acting for it excepted.
const PERIMETER: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnforceOrgIdentities",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
        "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}
      }
    }
  ]
}"#;

const DENY_S3_SCP: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#;

fn l13() -> Org {
    from_ron(L13).unwrap_or_else(|e| panic!("{e:?}"))
}

fn user(account: &str, name: &str) -> Caller {
    Caller::User {
        account: account.into(),
        user: name.into(),
        auth: Auth::AccessKey,
    }
}

fn role(account: &str, name: &str) -> Caller {
    Caller::RoleSession {
        account: account.into(),
        role: name.to_ascii_lowercase(),
        session_name: "s".into(),
        policy: None,
        policy_arns: Vec::new(),
        mfa: false,
        tags: Vec::new(),
        issued: None,
    }
}

fn decide(org: &Org, caller: &Caller, action: &str, resource: &str) -> (Decision, Option<Layer>) {
    let e = org
        .explain(caller, action, resource, &Context::new())
        .unwrap();
    (e.decision, e.decided_by)
}

fn scp(name: &str, text: &str) -> Scp {
    Scp {
        name: name.into(),
        doc: org_policy::parse(text, OrgPolicyType::ServiceControl).unwrap(),
    }
}

fn rcp(name: &str, text: &str) -> Scp {
    let doc = if name == "RCPFullAWSAccess" {
        org_policy::aws_managed(OrgPolicyType::ResourceControl).doc
    } else {
        org_policy::parse(text, OrgPolicyType::ResourceControl).unwrap()
    };
    Scp {
        name: name.into(),
        doc,
    }
}

fn with_perimeter_on_prod() -> Org {
    let mut o = l13();
    o.accounts.get_mut(PROD).unwrap().rcps = Some(vec![
        rcp(
            "RCPFullAWSAccess",
            iamtutor::iam::model::RCP_FULL_AWS_ACCESS,
        ),
        rcp("DataPerimeter", PERIMETER),
    ]);
    o
}

#[test]
fn the_example_organization_loads_with_awss_defaults() {
    let o = l13();
    let org = o.organization.as_ref().unwrap();
    assert_eq!(org.id, "o-a1b2c3d4e5");
    assert_eq!(org.management_account, MGMT);
    assert_eq!(org.root_scps[0].name, "FullAWSAccess");
    assert_eq!(org.root_rcps[0].name, "RCPFullAWSAccess");
    assert!(org.has_member(&o, PROD) && org.has_member(&o, DEV) && org.has_member(&o, MGMT));
    assert!(!org.has_member(&o, PARTNER));
}

#[test]
fn without_an_rcp_the_partner_reads_through_the_bucket_policy() {
    let o = l13();
    assert_eq!(
        decide(&o, &user(PARTNER, "partner-carol"), "s3:GetObject", REPORT).0,
        Allowed
    );
}

#[test]
fn an_rcp_deny_stops_an_outsider_reading_a_bucket_the_bucket_policy_opens() {
    let o = with_perimeter_on_prod();
    let e = o
        .explain(
            &user(PARTNER, "partner-carol"),
            "s3:GetObject",
            REPORT,
            &Context::new(),
        )
        .unwrap();
    assert_eq!(e.decision, ExplicitDeny);
    assert_eq!(e.decided_by, Some(Layer::Rcp));
    assert!(e.reason.contains("resource control policy"), "{}", e.reason);
    let rcp = e
        .policies
        .iter()
        .find(|p| p.name == "DataPerimeter")
        .unwrap();
    assert_eq!(rcp.label(), "RCP `DataPerimeter`");
    // Insiders are untouched: the same RCP, alice in prod and bob in dev.
    assert_eq!(
        decide(&o, &user(PROD, "alice"), "s3:GetObject", REPORT).0,
        Allowed
    );
}

#[test]
fn an_rcp_never_grants() {
    // RCPFullAWSAccess allows everything, yet dev-bob, whose own policies
    // allow S3 reads, still needs the bucket to let him in across accounts.
    let o = with_perimeter_on_prod();
    let (d, layer) = decide(&o, &user(DEV, "dev-bob"), "s3:GetObject", REPORT);
    assert_eq!((d, layer), (ImplicitDeny, Some(Layer::Resource)));
    // And a user with no policy at all stays denied in the bucket's account.
    let mut o = o;
    add_user(&mut o, PROD, "nobody");
    assert_eq!(
        decide(&o, &user(PROD, "nobody"), "s3:GetObject", REPORT).0,
        ImplicitDeny
    );
}

#[test]
fn an_rcp_level_that_allows_nothing_denies_and_says_which_level() {
    let mut o = l13();
    // Only a Deny RCP on the account, and RCPFullAWSAccess detached from it:
    // the account's level allows nothing.
    let narrow = PERIMETER.replace("s3:*", "s3:DeleteObject");
    o.accounts.get_mut(PROD).unwrap().rcps = Some(vec![rcp("NoDeletes", &narrow)]);
    let e = o
        .explain(
            &user(PROD, "alice"),
            "s3:GetObject",
            REPORT,
            &Context::new(),
        )
        .unwrap();
    assert_eq!((e.decision, e.decided_by), (ImplicitDeny, Some(Layer::Rcp)));
    assert!(e.reason.contains("account 111122223333"), "{}", e.reason);
}

#[test]
fn rcps_apply_only_to_the_services_aws_lists() {
    let mut o = l13();
    let deny_all = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
    o.accounts.get_mut(PROD).unwrap().rcps = Some(vec![rcp("DenyAll", deny_all)]);
    let alice = user(PROD, "alice");
    assert_eq!(decide(&o, &alice, "s3:GetObject", REPORT).0, ExplicitDeny);
    // EC2 does not support RCPs: the same RCP does nothing there.
    user_mut(&mut o, PROD, "alice")
        .attached
        .push("arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess".into());
    assert_eq!(decide(&o, &alice, "ec2:DescribeInstances", "*").0, Allowed);
}

#[test]
fn the_management_account_is_exempt_from_scps_and_rcps() {
    let mut o = l13();
    // A root SCP that denies S3, and an RCP that denies everyone.
    o.organization
        .as_mut()
        .unwrap()
        .root_scps
        .push(scp("NoS3", DENY_S3_SCP));
    let admin = user(MGMT, "org-admin");
    assert_eq!(decide(&o, &admin, "s3:ListAllMyBuckets", "*").0, Allowed);
    // A member's user is stopped by the same root SCP.
    assert_eq!(
        decide(&o, &user(PROD, "alice"), "s3:GetObject", REPORT),
        (ExplicitDeny, Some(Layer::Scp))
    );
    let e = o
        .explain(
            &user(PROD, "alice"),
            "s3:GetObject",
            REPORT,
            &Context::new(),
        )
        .unwrap();
    let root = e.policies.iter().find(|p| p.name == "NoS3").unwrap();
    assert_eq!(root.via, Via::OrgRoot);
    assert!(root.label().contains("attached to the organization root"));
}

#[test]
fn a_service_linked_role_is_exempt_from_scps_and_rcps() {
    let mut o = with_perimeter_on_prod();
    o.accounts.get_mut(PROD).unwrap().scps = Some(vec![scp("NoS3", DENY_S3_SCP)]);
    let slr = role(PROD, "AWSServiceRoleForSupport");
    assert_eq!(decide(&o, &slr, "s3:GetObject", REPORT).0, Allowed);
    assert_eq!(
        decide(&o, &user(PROD, "alice"), "s3:GetObject", REPORT).0,
        ExplicitDeny
    );
}

#[test]
fn the_root_user_of_a_member_account_is_under_its_scps() {
    let mut o = l13();
    o.accounts.get_mut(PROD).unwrap().scps = Some(vec![
        scp("FullAWSAccess", iamtutor::iam::model::FULL_AWS_ACCESS),
        scp("NoS3", DENY_S3_SCP),
    ]);
    let root = Caller::Root {
        account: PROD.into(),
    };
    assert_eq!(
        decide(&o, &root, "s3:GetObject", REPORT),
        (ExplicitDeny, Some(Layer::Scp))
    );
    // The management account's root user is not.
    let mroot = Caller::Root {
        account: MGMT.into(),
    };
    o.organization
        .as_mut()
        .unwrap()
        .root_scps
        .push(scp("NoS3", DENY_S3_SCP));
    assert_eq!(decide(&o, &mroot, "s3:ListAllMyBuckets", "*").0, Allowed);
}

#[test]
fn scps_must_allow_at_the_root_and_at_the_account() {
    let mut o = l13();
    // The account's own SCP allows S3 only; the root still has FullAWSAccess.
    let s3_only = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    o.accounts.get_mut(PROD).unwrap().scps = Some(vec![scp("S3Only", s3_only)]);
    user_mut(&mut o, PROD, "alice")
        .attached
        .push("arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess".into());
    let alice = user(PROD, "alice");
    assert_eq!(decide(&o, &alice, "s3:GetObject", REPORT).0, Allowed);
    assert_eq!(
        decide(&o, &alice, "ec2:DescribeInstances", "*"),
        (ImplicitDeny, Some(Layer::Scp))
    );
    // The root allowing only EC2 then stops S3, whatever the account allows.
    let ec2_only = s3_only.replace("s3:*", "ec2:*");
    o.organization.as_mut().unwrap().root_scps = vec![scp("Ec2Only", &ec2_only)];
    let e = o
        .explain(&alice, "s3:GetObject", REPORT, &Context::new())
        .unwrap();
    assert_eq!((e.decision, e.decided_by), (ImplicitDeny, Some(Layer::Scp)));
    assert!(e.reason.contains("organization root"), "{}", e.reason);
}

#[test]
fn principal_org_id_is_set_for_members_and_absent_for_outsiders() {
    let o = l13();
    let (alice, admin, carol) = (
        user(PROD, "alice"),
        user(MGMT, "org-admin"),
        user(PARTNER, "partner-carol"),
    );
    let p = o.principal(&alice).unwrap();
    assert_eq!(
        p.context.get("aws:PrincipalOrgID").unwrap().values,
        vec!["o-a1b2c3d4e5"]
    );
    assert_eq!(
        p.context.get("aws:PrincipalOrgPaths").unwrap().values,
        vec!["o-a1b2c3d4e5/r-a1b2/"]
    );
    let m = o.principal(&admin).unwrap();
    assert!(m.context.get("aws:PrincipalOrgID").is_some());
    let outsider = o.principal(&carol).unwrap();
    assert!(outsider.context.get("aws:PrincipalOrgID").is_none());
    assert_eq!(
        outsider
            .context
            .get("aws:PrincipalIsAWSService")
            .unwrap()
            .values,
        vec!["false"]
    );
}

#[test]
fn a_bucket_policy_on_principal_org_id_lets_members_in_and_keeps_outsiders_out() {
    let mut o = l13();
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-reports/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#;
    o.buckets.get_mut("prod-reports").unwrap().policy = Some(resource_doc(policy));
    assert_eq!(
        decide(&o, &user(DEV, "dev-bob"), "s3:GetObject", REPORT).0,
        Allowed
    );
    // The partner's grant is gone with the old policy; PrincipalOrgID false.
    assert_eq!(
        decide(&o, &user(PARTNER, "partner-carol"), "s3:GetObject", REPORT).0,
        ImplicitDeny
    );
}

#[test]
fn resource_org_id_and_account_are_set_from_the_resources_account() {
    let o = l13();
    let e = o
        .explain(
            &user(PROD, "alice"),
            "s3:GetObject",
            REPORT,
            &Context::new(),
        )
        .unwrap();
    assert_eq!(e.decision, Allowed);
    // A policy that asks for aws:ResourceOrgID finds it: an identity policy
    // allowing reads only inside the organization.
    let mut o = l13();
    let inside = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceOrgID": "${aws:PrincipalOrgID}", "aws:ResourceAccount": "111122223333"}}}]}"#;
    add_user(&mut o, DEV, "eve");
    user_inline(&mut o, DEV, "eve", "Inside", inside);
    // Cross-account, so the bucket must allow too; add eve's account.
    let e = o
        .explain(&user(DEV, "eve"), "s3:GetObject", REPORT, &Context::new())
        .unwrap();
    // The identity side matched (the keys resolved); the bucket is what is missing.
    assert_eq!(e.decided_by, Some(Layer::Resource), "{}", e.reason);
}

#[test]
fn an_organization_file_round_trips_and_keeps_its_policies() {
    let with_rcp = L13.replace(
        "scps: [Scp(name: \"FullAWSAccess\")],\n            users: [\n                User(name: \"alice\"",
        &format!(
            "scps: [Scp(name: \"FullAWSAccess\")],\n            rcps: [Rcp(name: \"RCPFullAWSAccess\"), Rcp(name: \"DataPerimeter\", document: r#\"{PERIMETER}\"#)],\n            users: [\n                User(name: \"alice\""
        ),
    );
    assert_ne!(with_rcp, L13);
    let o = from_ron(&with_rcp).unwrap_or_else(|e| panic!("{e:?}"));
    let org = o.organization.as_ref().unwrap();
    let p = &org.policies["DataPerimeter"];
    assert!(p.id.starts_with("p-") && !p.aws_managed);
    assert_eq!(org_policy::targets(&o, p), vec![PROD.to_string()]);
    let text = to_ron(&o);
    assert!(text.contains("Rcp(name: \"DataPerimeter\")"), "{text}");
    let back = from_ron(&text).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
    assert_eq!(back, o);
    // The perimeter works after the round trip.
    assert_eq!(
        decide(
            &back,
            &user(PARTNER, "partner-carol"),
            "s3:GetObject",
            REPORT
        )
        .0,
        ExplicitDeny
    );
}

#[test]
fn file_errors_name_awss_rules() {
    let bad_id = L13.replace("o-a1b2c3d4e5", "o-short");
    let e = from_ron(&bad_id).unwrap_err();
    assert!(
        e.iter()
            .any(|e| e.message.contains("organization id `o-short`")),
        "{e:?}"
    );
    let allow_rcp = L13.replace(
        "scps: [Scp(name: \"FullAWSAccess\")],\n            users: [\n                User(name: \"alice\"",
        "scps: [Scp(name: \"FullAWSAccess\")],\n            rcps: [Rcp(name: \"Open\", document: r#\"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}\"#)],\n            users: [\n                User(name: \"alice\"",
    );
    assert_ne!(allow_rcp, L13);
    let e = from_ron(&allow_rcp).unwrap_err();
    assert!(
        e.iter().any(|e| e.message.contains("\"Effect\": \"Deny\"")),
        "{e:?}"
    );
    let unknown = L13.replacen("Scp(name: \"FullAWSAccess\")", "Scp(name: \"Mystery\")", 1);
    let e = from_ron(&unknown).unwrap_err();
    assert!(
        e.iter().any(|e| e.message.contains("needs a document")),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------
// The advisor's data-perimeter rules, with their fixes run as printed.

mod advisor_rules {
    use super::*;
    use iamtutor::iam::advisor::{Rule, advise};
    use iamtutor::shell::Shell;

    const OPEN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "PublicReports", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-reports/*"}]}"#;

    const ORG_DENY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "PartnerReads", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-reports/*"}, {"Sid": "OnlyOurOrg", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::prod-reports", "arn:aws:s3:::prod-reports/*"], "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#;

    fn with_bucket_policy(text: &str) -> Org {
        let mut o = l13();
        o.buckets.get_mut("prod-reports").unwrap().policy = Some(resource_doc(text));
        o
    }

    fn run_fixes(org: &Org, rule: Rule) -> Org {
        let found: Vec<_> = advise(org).into_iter().filter(|f| f.rule == rule).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        let mut shell = Shell::new(org.clone());
        for cmd in &found[0].fix {
            let out = shell.run(cmd);
            assert!(out.ok, "`{cmd}` failed:\n{}{}", out.stderr, out.stdout);
        }
        shell.org
    }

    #[test]
    fn a_bucket_open_to_star_with_no_perimeter_is_found_and_the_fix_closes_it() {
        let o = with_bucket_policy(OPEN);
        let f = advise(&o)
            .into_iter()
            .find(|f| f.rule == Rule::PerimeterGap)
            .expect("perimeter-gap");
        assert_eq!(f.entities, vec!["bucket/prod-reports"]);
        assert_eq!(f.account, PROD);
        assert!(
            f.fix.iter().any(|c| c.contains("aws:PrincipalOrgID")),
            "{:?}",
            f.fix
        );
        let fixed = run_fixes(&o, Rule::PerimeterGap);
        assert!(!advise(&fixed).iter().any(|f| f.rule == Rule::PerimeterGap));
        // Outsiders are out, the organization's members still read.
        assert_eq!(
            decide(
                &fixed,
                &user(PARTNER, "partner-carol"),
                "s3:GetObject",
                REPORT
            )
            .0,
            ImplicitDeny
        );
        assert_eq!(
            decide(&fixed, &user(DEV, "dev-bob"), "s3:GetObject", REPORT).0,
            Allowed
        );
    }

    #[test]
    fn an_rcp_perimeter_silences_the_gap() {
        let mut o = with_bucket_policy(OPEN);
        o.accounts.get_mut(PROD).unwrap().rcps = Some(vec![
            rcp("RCPFullAWSAccess", ""),
            rcp("DataPerimeter", PERIMETER),
        ]);
        assert!(!advise(&o).iter().any(|f| f.rule == Rule::PerimeterGap));
    }

    #[test]
    fn without_an_organization_the_rules_say_nothing() {
        let mut o = with_bucket_policy(OPEN);
        o.organization = None;
        assert!(!advise(&o).iter().any(|f| f.rule == Rule::PerimeterGap));
        let mut o = with_bucket_policy(ORG_DENY);
        o.organization = None;
        assert!(
            !advise(&o)
                .iter()
                .any(|f| f.rule == Rule::OrgDenyBlocksServices)
        );
    }

    #[test]
    fn an_org_id_deny_without_a_service_exemption_is_found_and_the_fix_lets_services_in() {
        let o = with_bucket_policy(ORG_DENY);
        let service = Caller::Service("cloudtrail.amazonaws.com".into());
        let log = "arn:aws:s3:::prod-reports/AWSLogs/111122223333/log.json.gz";
        assert_eq!(decide(&o, &service, "s3:PutObject", log).0, ExplicitDeny);
        let f = advise(&o)
            .into_iter()
            .find(|f| f.rule == Rule::OrgDenyBlocksServices)
            .expect("org-deny-blocks-services");
        assert!(
            f.fix
                .iter()
                .any(|c| c.contains("aws:PrincipalIsAWSService")),
            "{:?}",
            f.fix
        );
        let fixed = run_fixes(&o, Rule::OrgDenyBlocksServices);
        assert!(
            !advise(&fixed)
                .iter()
                .any(|f| f.rule == Rule::OrgDenyBlocksServices)
        );
        // The service is no longer explicitly denied; the partner still is.
        assert_ne!(
            decide(&fixed, &service, "s3:PutObject", log).0,
            ExplicitDeny
        );
        assert_eq!(
            decide(
                &fixed,
                &user(PARTNER, "partner-carol"),
                "s3:GetObject",
                REPORT
            )
            .0,
            ExplicitDeny
        );
        assert_eq!(
            decide(&fixed, &user(PROD, "alice"), "s3:GetObject", REPORT).0,
            Allowed
        );
    }

    #[test]
    fn an_exemption_already_there_is_not_a_finding() {
        let exempt = ORG_DENY.replace(
            r#""StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}"#,
            r#""StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "Bool": {"aws:PrincipalIsAWSService": "false"}"#,
        );
        assert_ne!(exempt, ORG_DENY);
        let o = with_bucket_policy(&exempt);
        assert!(
            !advise(&o)
                .iter()
                .any(|f| f.rule == Rule::OrgDenyBlocksServices)
        );
    }
}

// ---------------------------------------------------------------------------
// The sandbox's `aws organizations`: what it changes is evaluated at once,
// saved with the organization and undone like everything else.

mod sandbox {
    use super::*;
    use iamtutor::shell::Shell;

    const CREATE: &str = r#"aws organizations create-policy --name DataPerimeter --type RESOURCE_CONTROL_POLICY --description perimeter --content '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}' --query Policy.PolicySummary.Id --output text"#;

    #[test]
    fn an_rcp_attached_in_the_sandbox_stops_the_partner_and_survives_saving() {
        let mut shell = Shell::new(l13());
        let out = shell.run(CREATE);
        assert!(out.ok, "{}", out.stderr);
        let id = out.stdout.trim().to_string();
        assert!(id.starts_with("p-"), "{id}");
        // A detached policy is saved too.
        let detached = to_ron(&shell.org);
        assert_eq!(from_ron(&detached).unwrap(), shell.org);
        let out = shell.run(&format!(
            "aws organizations attach-policy --policy-id {id} --target-id {PROD}"
        ));
        assert!(out.ok, "{}", out.stderr);
        assert_eq!(
            decide(
                &shell.org,
                &user(PARTNER, "partner-carol"),
                "s3:GetObject",
                REPORT
            )
            .0,
            ExplicitDeny
        );
        let text = to_ron(&shell.org);
        let back = from_ron(&text).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
        assert_eq!(back, shell.org);
        // Undone, the partner reads again.
        assert!(shell.run("undo").ok);
        assert_eq!(
            decide(
                &shell.org,
                &user(PARTNER, "partner-carol"),
                "s3:GetObject",
                REPORT
            )
            .0,
            Allowed
        );
    }

    #[test]
    fn a_member_account_cannot_manage_policies_and_an_identity_needs_permission() {
        let mut shell = Shell::new(l13());
        assert!(shell.run(&format!("as arn:aws:iam::{PROD}:root")).ok);
        let out = shell.run(CREATE);
        assert!(
            !out.ok && out.stderr.contains("AccessDeniedException"),
            "{}",
            out.stderr
        );
        // In the management account, a user without organizations:* is
        // refused by the evaluator before AWS's own rules.
        let mut shell = Shell::new(l13());
        assert!(shell.run("aws iam create-user --user-name intern").ok);
        assert!(shell.run("as intern").ok);
        let out = shell.run("aws organizations list-roots");
        assert!(
            !out.ok && out.stderr.contains("organizations:ListRoots"),
            "{}",
            out.stderr
        );
    }
}
