//! `token`: the sandbox's stand-in for an identity provider. A real OIDC
//! token or SAML assertion is signed by the provider after someone signs in
//! there; a learner has no provider to sign in to, so `token` writes one
//! (unsigned: the sandbox reads the claims and checks no signature) for
//! `aws sts assume-role-with-web-identity` and `assume-role-with-saml`.

use serde_json::{Map, Value, json};

use super::{Outcome, Shell};
use crate::iam::federation::ProviderRef;
use crate::iam::tokens::{self, Assertion};

pub const USAGE: &str = "usage: token oidc --sub SUBJECT [--issuer HOST] [--aud AUDIENCE]... [--tag KEY=VALUE]... [--expires-in 1h] [--to FILE]\n       token saml --provider SAML_PROVIDER_ARN --role ROLE_ARN --sub NAME [--session-name NAME] [--sub-type persistent|transient|emailAddress] [--aud URL] [--tag KEY=VALUE]... [--expires-in 5m] [--to FILE]\n       token saml-metadata --issuer URL [--to FILE]\n";

/// The options of one `token` command: each `--name value`, repeatable.
struct Opts(Vec<(String, String)>);

impl Opts {
    fn parse(args: &[String]) -> Result<Opts, String> {
        let mut out = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let Some(name) = a.strip_prefix("--") else {
                return Err(format!("token: unexpected `{a}`\n{USAGE}"));
            };
            let Some(v) = it.next() else {
                return Err(format!("token: --{name} needs a value\n{USAGE}"));
            };
            out.push((name.to_string(), v.clone()));
        }
        Ok(Opts(out))
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn only(&self, allowed: &[&str]) -> Result<(), String> {
        match self.0.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
            Some((n, _)) => Err(format!(
                "token: unknown option --{n} (this kind takes --{})\n",
                allowed.join(", --")
            )),
            None => Ok(()),
        }
    }

    fn tags(&self) -> Result<Vec<(String, String)>, String> {
        self.all("tag")
            .into_iter()
            .map(|t| match t.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
                _ => Err(format!("token: --tag wants KEY=VALUE, not `{t}`\n")),
            })
            .collect()
    }

    fn expires_in(&self, default: i64) -> Result<i64, String> {
        match self.one("expires-in") {
            None => Ok(default),
            Some(d) => super::parse_duration(d)
                .ok_or_else(|| format!("token: --expires-in `{d}`: write 90s, 15m, 2h or 1d\n")),
        }
    }
}

impl Shell {
    pub(super) fn token(&mut self, args: &[String]) -> Outcome {
        let Some((kind, rest)) = args.split_first() else {
            return Outcome::err(USAGE);
        };
        let opts = match Opts::parse(rest) {
            Ok(o) => o,
            Err(e) => return Outcome::err(e),
        };
        let made = match kind.as_str() {
            "oidc" => self.oidc_token(&opts),
            "saml" => self.saml_assertion(&opts),
            "saml-metadata" => saml_metadata(&opts),
            other => Err(format!(
                "token: unknown kind `{other}` (oidc, saml or saml-metadata)\n{USAGE}"
            )),
        };
        let (text, what) = match made {
            Ok(t) => t,
            Err(e) => return Outcome::err(e),
        };
        match opts.one("to") {
            Some(name) if name.contains('/') || name.is_empty() => Outcome::err(format!(
                "token: `{name}`: workspace file names cannot contain `/`\n"
            )),
            Some(name) => {
                self.files.insert(name.to_string(), format!("{text}\n"));
                Outcome::out(format!("wrote {name}: {what} (pass it as file://{name})\n"))
            }
            None => Outcome::out(format!("{text}\n")),
        }
    }

    fn oidc_token(&self, o: &Opts) -> Result<(String, String), String> {
        o.only(&["issuer", "sub", "aud", "tag", "expires-in", "to"])?;
        let Some(sub) = o.one("sub") else {
            return Err(format!(
                "token: oidc needs --sub (the token's subject)\n{USAGE}"
            ));
        };
        let issuer = o
            .one("issuer")
            .unwrap_or("token.actions.githubusercontent.com");
        let host = issuer.strip_prefix("https://").unwrap_or(issuer);
        let mut auds = o.all("aud");
        if auds.is_empty() {
            auds.push("sts.amazonaws.com");
        }
        let now = self.org.now;
        let mut claims = Map::new();
        claims.insert("iss".into(), json!(format!("https://{host}")));
        claims.insert("sub".into(), json!(sub));
        claims.insert(
            "aud".into(),
            if auds.len() == 1 {
                json!(auds[0])
            } else {
                json!(auds)
            },
        );
        claims.insert("iat".into(), json!(now));
        claims.insert("exp".into(), json!(now + o.expires_in(3600)?));
        let tags = o.tags()?;
        if !tags.is_empty() {
            let principal: Map<String, Value> =
                tags.into_iter().map(|(k, v)| (k, json!([v]))).collect();
            claims.insert(
                crate::iam::ops::TAGS_CLAIM.into(),
                json!({"principal_tags": principal}),
            );
        }
        Ok((
            tokens::jwt(&claims),
            format!("a web identity token from https://{host} for `{sub}`"),
        ))
    }

    fn saml_assertion(&self, o: &Opts) -> Result<(String, String), String> {
        o.only(&[
            "provider",
            "role",
            "sub",
            "session-name",
            "sub-type",
            "aud",
            "tag",
            "expires-in",
            "to",
        ])?;
        let need = |n: &str| {
            o.one(n)
                .ok_or_else(|| format!("token: saml needs --{n}\n{USAGE}"))
        };
        let (provider, role, sub) = (need("provider")?, need("role")?, need("sub")?);
        let Some(ProviderRef::Saml { account, name }) = ProviderRef::parse(provider) else {
            return Err(format!(
                "token: --provider `{provider}` is not a SAML provider ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME)\n"
            ));
        };
        let Some(p) = self
            .org
            .account(account)
            .and_then(|a| a.saml_providers.get(name))
        else {
            return Err(format!(
                "token: there is no SAML provider `{name}` in account {account}: create it first (aws iam create-saml-provider)\n"
            ));
        };
        let issuer = p.entity_id().unwrap_or_default().to_string();
        let format = match o.one("sub-type").unwrap_or("persistent") {
            "emailAddress" => "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".to_string(),
            t => format!("{}{t}", tokens::NAMEID_PREFIX),
        };
        let session_name = o
            .one("session-name")
            .map(str::to_string)
            .unwrap_or_else(|| sub.split('@').next().unwrap_or(sub).to_string());
        let mut attributes = vec![
            (
                tokens::ATTR_ROLE.to_string(),
                vec![format!("{role},{provider}")],
            ),
            (tokens::ATTR_SESSION_NAME.to_string(), vec![session_name]),
        ];
        for (k, v) in o.tags()? {
            attributes.push((format!("{}{k}", tokens::ATTR_PRINCIPAL_TAG), vec![v]));
        }
        let a = Assertion {
            issuer,
            subject: sub.to_string(),
            subject_format: format,
            recipient: o.one("aud").unwrap_or(tokens::SAML_AUDIENCE).to_string(),
            not_on_or_after: self.org.now + o.expires_in(300)?,
            attributes,
        };
        Ok((
            tokens::base64(a.to_xml().as_bytes()),
            format!("a SAML assertion from {} for `{sub}`", a.issuer),
        ))
    }
}

fn saml_metadata(o: &Opts) -> Result<(String, String), String> {
    o.only(&["issuer", "to"])?;
    let Some(issuer) = o.one("issuer") else {
        return Err(format!(
            "token: saml-metadata needs --issuer (the IdP's entity id)\n{USAGE}"
        ));
    };
    Ok((
        tokens::saml_metadata(issuer).trim_end().to_string(),
        format!("SAML metadata for the IdP {issuer}"),
    ))
}
