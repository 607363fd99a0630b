//! Identity providers in `export cli`: OIDC and SAML providers are created
//! before the roles whose trust policies name them. What IAM Identity
//! Center made (its roles under /aws-reserved/ and its AWSSSO_ provider) is
//! noted instead: no `aws iam` command makes or changes those.

use super::{Cmd, Script};
use crate::iam::model::Account;
use crate::iam::tokens;

/// Roles that `aws iam` cannot recreate: Identity Center's.
pub(super) fn reserved(path: &str) -> bool {
    path.starts_with("/aws-reserved/")
}

fn sso_provider(name: &str) -> bool {
    name.starts_with("AWSSSO_") && name.ends_with("_DO_NOT_DELETE")
}

pub(super) fn providers(s: &mut Script, account: &Account) {
    if account.oidc_providers.is_empty() && account.saml_providers.is_empty() {
        return;
    }
    s.section("Identity providers");
    for p in account.oidc_providers.values() {
        let mut c = Cmd::new("iam", "create-open-id-connect-provider")
            .arg("--url", &format!("https://{}", p.url));
        if !p.client_ids.is_empty() {
            c = c.flag("--client-id-list");
            for id in &p.client_ids {
                c = c.flag(&super::quote(id));
            }
        }
        if !p.thumbprints.is_empty() {
            c = c.flag("--thumbprint-list");
            for t in &p.thumbprints {
                c = c.flag(&super::quote(t));
            }
        }
        s.cmd(c.tags(&p.tags));
    }
    for p in account.saml_providers.values() {
        if sso_provider(&p.name) {
            s.note(&format!(
                "SAML provider {} was made by IAM Identity Center for its permission sets: keep it in an organization file.",
                p.name
            ));
            continue;
        }
        let file = format!("{}-metadata.xml", p.name);
        let body = if p.metadata.ends_with('\n') {
            p.metadata.clone()
        } else {
            format!("{}\n", p.metadata)
        };
        if p.entity_id()
            .is_some_and(|i| tokens::saml_metadata(i) == p.metadata)
        {
            s.note(
                "The sandbox's own metadata for this IdP (`token saml-metadata` writes the same):",
            );
        }
        s.file(&file, &body);
        s.cmd(
            Cmd::new("iam", "create-saml-provider")
                .arg("--name", &p.name)
                .arg("--saml-metadata-document", &format!("file://{file}"))
                .tags(&p.tags),
        );
    }
}

/// The note for a role `aws iam` cannot recreate.
pub(super) fn reserved_note(s: &mut Script, role: &str) {
    s.note(&format!(
        "Role {role} was made by IAM Identity Center from a permission set (path /aws-reserved/): no aws iam command makes or changes it; keep it in an organization file."
    ));
}
