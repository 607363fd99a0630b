//! Escalation paths as text, for `iamtutor paths` and the sandbox's
//! `paths`: the same words in both.

use super::Path;

/// A path as a chain of the steps' targets, marked when it ends with full
/// power, its numbered steps, and what it gains:
///
/// ```text
/// john -> role/AdminRole  (administrator)
///   1. john may launch an EC2 instance ...   [iam:PassRole, ec2:RunInstances]
///      gains: iam:CreateUser, s3:DeleteBucket
/// ```
///
/// Plain `->`, so that the output reads the same in a file or a terminal
/// without Unicode.
pub fn path_text(path: &Path) -> String {
    let from = path.steps.first().map_or("", |s| s.from.as_str());
    let mut chain = vec![from.to_string()];
    chain.extend(path.steps.iter().map(|s| s.target.clone()));
    let mut out = chain.join(" -> ");
    if path.admin {
        out.push_str("  (administrator)");
    }
    out.push('\n');
    for (i, s) in path.steps.iter().enumerate() {
        out.push_str(&format!(
            "  {}. {}   [{}]\n",
            i + 1,
            s.explain,
            s.actions.join(", ")
        ));
    }
    out.push_str(&format!("     gains: {}\n", path.gains.join(", ")));
    out
}

/// One principal's paths, or a sentence saying there are none.
pub fn to_text(from: &str, paths: &[Path]) -> String {
    if paths.is_empty() {
        return format!(
            "No escalation paths from {from}: it cannot gain power it was not given.\n"
        );
    }
    paths.iter().map(path_text).collect::<Vec<_>>().join("\n")
}

/// Every principal's paths, as `all_paths` lists them.
pub fn all_to_text(found: &[(String, Vec<Path>)]) -> String {
    let blocks: Vec<String> = found
        .iter()
        .flat_map(|(_, ps)| ps.iter().map(path_text))
        .collect();
    if blocks.is_empty() {
        return "No escalation paths: no user or role can gain power it was not given.\n".into();
    }
    blocks.join("\n")
}
