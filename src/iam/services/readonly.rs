//! The read calls of CloudWatch, Auto Scaling and Elastic Load Balancing
//! that the course's company example uses. They hold no state: what matters
//! in the lessons is who may call them, so each is authorized like any call
//! and answers with an empty list in the real response shape.
//!
//! These actions have no resource-level permissions, so they are authorized
//! on `*`.

use serde::Deserialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::iam::error::AwsError;
use crate::iam::ops::OpResult;

pub(super) fn dispatch(service: &str, op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match (service, op) {
        ("cloudwatch", "DescribeAlarms") => cx.input::<DescribeAlarms>(v).and_then(|i| {
            let _ = i;
            cx.authorize("cloudwatch:DescribeAlarms", "*")?;
            Ok(json!({ "MetricAlarms": [], "CompositeAlarms": [] }))
        }),
        ("cloudwatch", "ListMetrics") => cx.input::<ListMetrics>(v).and_then(|i| {
            let _ = i;
            cx.authorize("cloudwatch:ListMetrics", "*")?;
            Ok(json!({ "Metrics": [] }))
        }),
        ("cloudwatch", "GetMetricStatistics") => cx.input::<GetMetricStatistics>(v).and_then(|i| {
            if i.statistics.is_none() && i.extended_statistics.is_none() {
                return Err(AwsError::new(
                    "MissingParameter",
                    "Must specify either Statistics or ExtendedStatistics",
                ));
            }
            let _ = (i.namespace, i.dimensions, i.start_time, i.end_time);
            let _ = (i.period, i.unit);
            cx.authorize("cloudwatch:GetMetricStatistics", "*")?;
            Ok(json!({ "Label": i.metric_name, "Datapoints": [] }))
        }),
        ("autoscaling", "DescribeAutoScalingGroups") => {
            cx.input::<DescribeAutoScalingGroups>(v).and_then(|i| {
                let _ = i;
                cx.authorize("autoscaling:DescribeAutoScalingGroups", "*")?;
                Ok(json!({ "AutoScalingGroups": [] }))
            })
        }
        ("autoscaling", "DescribeLaunchConfigurations") => {
            cx.input::<DescribeLaunchConfigurations>(v).and_then(|i| {
                let _ = i;
                cx.authorize("autoscaling:DescribeLaunchConfigurations", "*")?;
                Ok(json!({ "LaunchConfigurations": [] }))
            })
        }
        ("elbv2", "DescribeLoadBalancers") => cx.input::<DescribeLoadBalancers>(v).and_then(|i| {
            cx.authorize("elasticloadbalancing:DescribeLoadBalancers", "*")?;
            // Asking for load balancers by name or ARN, when none exist, is
            // an error; listing all of them is not.
            if i.names.is_some_and(|n| !n.is_empty())
                || i.load_balancer_arns.is_some_and(|a| !a.is_empty())
            {
                return Err(AwsError::new(
                    "LoadBalancerNotFound",
                    "One or more load balancers not found",
                ));
            }
            let _ = (i.marker, i.page_size);
            Ok(json!({ "LoadBalancers": [] }))
        }),
        ("elbv2", "DescribeTargetGroups") => cx.input::<DescribeTargetGroups>(v).and_then(|i| {
            cx.authorize("elasticloadbalancing:DescribeTargetGroups", "*")?;
            if i.load_balancer_arn.is_some() {
                return Err(AwsError::new(
                    "LoadBalancerNotFound",
                    "One or more load balancers not found",
                ));
            }
            if i.names.is_some_and(|n| !n.is_empty())
                || i.target_group_arns.is_some_and(|a| !a.is_empty())
            {
                return Err(AwsError::new(
                    "TargetGroupNotFound",
                    "One or more target groups not found",
                ));
            }
            let _ = (i.marker, i.page_size);
            Ok(json!({ "TargetGroups": [] }))
        }),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[allow(dead_code)]
struct DescribeAlarms {
    alarm_names: Option<Vec<String>>,
    alarm_name_prefix: Option<String>,
    alarm_types: Option<Vec<String>>,
    children_of_alarm_name: Option<String>,
    parents_of_alarm_name: Option<String>,
    state_value: Option<String>,
    action_prefix: Option<String>,
    max_records: Option<u32>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[allow(dead_code)]
struct ListMetrics {
    namespace: Option<String>,
    metric_name: Option<String>,
    dimensions: Option<Vec<Value>>,
    next_token: Option<String>,
    recently_active: Option<String>,
    include_linked_accounts: Option<bool>,
    owning_account: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GetMetricStatistics {
    namespace: String,
    metric_name: String,
    dimensions: Option<Vec<Value>>,
    start_time: Value,
    end_time: Value,
    period: u32,
    statistics: Option<Vec<String>>,
    extended_statistics: Option<Vec<String>>,
    unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[allow(dead_code)]
struct DescribeAutoScalingGroups {
    auto_scaling_group_names: Option<Vec<String>>,
    include_instances: Option<bool>,
    max_records: Option<u32>,
    next_token: Option<String>,
    filters: Option<Vec<Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[allow(dead_code)]
struct DescribeLaunchConfigurations {
    launch_configuration_names: Option<Vec<String>>,
    max_records: Option<u32>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DescribeLoadBalancers {
    load_balancer_arns: Option<Vec<String>>,
    names: Option<Vec<String>>,
    marker: Option<String>,
    page_size: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DescribeTargetGroups {
    load_balancer_arn: Option<String>,
    target_group_arns: Option<Vec<String>>,
    names: Option<Vec<String>>,
    marker: Option<String>,
    page_size: Option<u32>,
}
