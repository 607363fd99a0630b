//! Placeholder until the assets branch lands.
pub struct ManagedPolicyData {
    pub name: &'static str,
    pub arn: &'static str,
    pub path: &'static str,
    pub description: &'static str,
    pub version_id: &'static str,
    pub document: String,
}

pub fn all() -> &'static [ManagedPolicyData] {
    static ALL: std::sync::OnceLock<Vec<ManagedPolicyData>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        vec![ManagedPolicyData {
            name: "AdministratorAccess",
            arn: "arn:aws:iam::aws:policy/AdministratorAccess",
            path: "/",
            description: "Provides full access to AWS services and resources.",
            version_id: "v1",
            document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#.into(),
        }]
    })
}
