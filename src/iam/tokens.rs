//! Web identity tokens (JWTs) and SAML assertions as the sandbox makes and
//! reads them. Real ones are signed by the identity provider and STS checks
//! the signature against the provider's keys; the sandbox has no provider,
//! so it writes an unsigned token and reads only its claims.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{
    GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD,
};
use serde_json::{Map, Value, json};

use super::time;

/// Reads base64 whose `=` padding has been taken off, keeping every whole
/// byte and dropping the bits of an unfinished one: what a reader that
/// takes what the writer meant, rather than insisting on canonical text,
/// does once it has picked out the data characters.
pub const FORGIVING: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// Standard base64, padded: the form AWS's APIs send every blob in.
pub fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// base64url without padding, as JWTs write their parts.
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads standard or URL-safe base64, padded or not; whitespace is skipped,
/// and so is anything after the first `=`. Any other character outside both
/// alphabets makes it unreadable.
pub fn unbase64(s: &str) -> Option<Vec<u8>> {
    let mut data = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        match c {
            '=' => break,
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => data.push(c),
            '-' => data.push('+'),
            '_' => data.push('/'),
            _ => return None,
        }
    }
    // A lone last character holds six bits, less than a byte: dropped.
    if data.len() % 4 == 1 {
        data.pop();
    }
    FORGIVING.decode(data).ok()
}

/// What stands where a real token has its signature.
const UNSIGNED: &str = "iamtutor sandbox token: not signed";

/// A web identity token with the given claims (JSON object).
pub fn jwt(claims: &Map<String, Value>) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": "iamtutor-sandbox"});
    format!(
        "{}.{}.{}",
        base64url(header.to_string().as_bytes()),
        base64url(Value::Object(claims.clone()).to_string().as_bytes()),
        base64url(UNSIGNED.as_bytes())
    )
}

/// The claims of a JWT, or why it cannot be read.
pub fn jwt_claims(token: &str) -> Result<Map<String, Value>, String> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != 3 {
        return Err("a JWT has three parts separated by dots".into());
    }
    let payload = unbase64(parts[1]).ok_or("its payload is not base64url")?;
    match serde_json::from_slice::<Value>(&payload) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err("its payload is not a JSON object".into()),
    }
}

/// The fields of a SAML response that STS reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assertion {
    pub issuer: String,
    pub subject: String,
    /// NameID's Format, in full (`urn:oasis:names:tc:SAML:2.0:nameid-format:persistent`).
    pub subject_format: String,
    /// SubjectConfirmationData's Recipient: the `saml:aud` AWS checks.
    pub recipient: String,
    /// NotOnOrAfter, in seconds.
    pub not_on_or_after: i64,
    /// Attributes by name, each with its values.
    pub attributes: Vec<(String, Vec<String>)>,
}

pub const ATTR_ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
pub const ATTR_SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const ATTR_SOURCE_IDENTITY: &str = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
pub const ATTR_PRINCIPAL_TAG: &str = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
/// The audience every SAML assertion for AWS sign-in carries.
pub const SAML_AUDIENCE: &str = "https://signin.aws.amazon.com/saml";
pub const NAMEID_PREFIX: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

impl Assertion {
    pub fn attribute(&self, name: &str) -> Option<&[String]> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The SAML response as XML (unsigned), before base64.
    pub fn to_xml(&self) -> String {
        let mut attrs = String::new();
        for (name, values) in &self.attributes {
            attrs.push_str(&format!("      <saml:Attribute Name=\"{}\">\n", esc(name)));
            for v in values {
                attrs.push_str(&format!(
                    "        <saml:AttributeValue>{}</saml:AttributeValue>\n",
                    esc(v)
                ));
            }
            attrs.push_str("      </saml:Attribute>\n");
        }
        let until = time::iso8601_z(self.not_on_or_after);
        format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"{aud}\">\n\
             \x20 <saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">{iss}</saml:Issuer>\n\
             \x20 <saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">\n\
             \x20   <saml:Issuer>{iss}</saml:Issuer>\n\
             \x20   <saml:Subject>\n\
             \x20     <saml:NameID Format=\"{fmt}\">{sub}</saml:NameID>\n\
             \x20     <saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">\n\
             \x20       <saml:SubjectConfirmationData NotOnOrAfter=\"{until}\" Recipient=\"{rcpt}\"/>\n\
             \x20     </saml:SubjectConfirmation>\n\
             \x20   </saml:Subject>\n\
             \x20   <saml:Conditions NotOnOrAfter=\"{until}\">\n\
             \x20     <saml:AudienceRestriction><saml:Audience>{aud}</saml:Audience></saml:AudienceRestriction>\n\
             \x20   </saml:Conditions>\n\
             \x20   <saml:AttributeStatement>\n{attrs}\
             \x20   </saml:AttributeStatement>\n\
             \x20 </saml:Assertion>\n\
             </samlp:Response>\n",
            aud = SAML_AUDIENCE,
            iss = esc(&self.issuer),
            fmt = esc(&self.subject_format),
            sub = esc(&self.subject),
            rcpt = esc(&self.recipient),
        )
    }

    /// Reads a base64 SAML response written by [`Assertion::to_xml`] (or
    /// one shaped like it).
    pub fn from_base64(b64: &str) -> Result<Assertion, String> {
        let bytes = unbase64(b64).ok_or("the assertion is not base64")?;
        let xml = String::from_utf8(bytes).map_err(|_| "the assertion is not UTF-8 text")?;
        Self::from_xml(&xml)
    }

    pub fn from_xml(xml: &str) -> Result<Assertion, String> {
        let issuer = element_text(xml, "Issuer").ok_or("it has no Issuer")?;
        let name_id = element(xml, "NameID").ok_or("its Subject has no NameID")?;
        let confirmation =
            element(xml, "SubjectConfirmationData").ok_or("it has no SubjectConfirmationData")?;
        let until = super::federation::saml_attribute(confirmation.0, "NotOnOrAfter")
            .ok_or("its SubjectConfirmationData has no NotOnOrAfter")?;
        let not_on_or_after =
            parse_iso(until).ok_or_else(|| format!("NotOnOrAfter `{until}` is not a date"))?;
        let mut attributes = Vec::new();
        let mut rest = xml;
        while let Some((open, body, after)) = element_parts(rest, "Attribute") {
            if let Some(name) = super::federation::saml_attribute(open, "Name") {
                let mut values = Vec::new();
                let mut inner = body;
                while let Some((_, v, next)) = element_parts(inner, "AttributeValue") {
                    values.push(unesc(v.trim()));
                    inner = next;
                }
                attributes.push((unesc(name), values));
            }
            rest = after;
        }
        Ok(Assertion {
            issuer: unesc(issuer.trim()),
            subject: unesc(name_id.1.trim()),
            subject_format: super::federation::saml_attribute(name_id.0, "Format")
                .map(unesc)
                .unwrap_or_default(),
            recipient: super::federation::saml_attribute(confirmation.0, "Recipient")
                .map(unesc)
                .unwrap_or_default(),
            not_on_or_after,
            attributes,
        })
    }
}

/// The opening tag and the text of the first element with this local name.
fn element<'a>(xml: &'a str, local: &str) -> Option<(&'a str, &'a str)> {
    element_parts(xml, local).map(|(open, body, _)| (open, body))
}

fn element_text<'a>(xml: &'a str, local: &str) -> Option<&'a str> {
    element(xml, local).map(|(_, body)| body)
}

/// Finds `<prefix:LOCAL ...>body</prefix:LOCAL>` (or a self-closed one):
/// the opening tag, the body and what follows.
fn element_parts<'a>(xml: &'a str, local: &str) -> Option<(&'a str, &'a str, &'a str)> {
    let mut from = 0;
    loop {
        let lt = from + xml[from..].find('<')?;
        let tag_end = lt + xml[lt..].find('>')?;
        let open = &xml[lt + 1..tag_end];
        let name = open
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        let bare = name.rsplit(':').next().unwrap_or(name);
        if bare == local && !name.starts_with('/') {
            if open.ends_with('/') {
                return Some((open, "", &xml[tag_end + 1..]));
            }
            let close = format!("</{name}>");
            let body_start = tag_end + 1;
            let end = body_start + xml[body_start..].find(&close)?;
            return Some((open, &xml[body_start..end], &xml[end + close.len()..]));
        }
        from = tag_end + 1;
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn unesc(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `YYYY-MM-DDThh:mm:ssZ` (what the sandbox writes) in seconds.
pub fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || !s.ends_with('Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = time::days_since_epoch(y, m, d)?;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// SAML metadata for an IdP, long enough for IAM (at least 1,000
/// characters) and shaped like a real IdP's, with a made-up certificate.
pub fn saml_metadata(entity_id: &str) -> String {
    // Not a real certificate: the sandbox checks no signatures.
    let cert = base64(
        format!("iamtutor sandbox signing certificate for {entity_id}; a real IdP publishes its own X.509 certificate here, and AWS checks each assertion's signature against it.")
            .as_bytes(),
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{id}\">\n\
         \x20 <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n\
         \x20   <md:KeyDescriptor use=\"signing\">\n\
         \x20     <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n\
         \x20       <ds:X509Data>\n\
         \x20         <ds:X509Certificate>{cert}</ds:X509Certificate>\n\
         \x20       </ds:X509Data>\n\
         \x20     </ds:KeyInfo>\n\
         \x20   </md:KeyDescriptor>\n\
         \x20   <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>\n\
         \x20   <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>\n\
         \x20   <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n\
         \x20   <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"{base}/sso/saml\"/>\n\
         \x20   <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"{base}/sso/saml\"/>\n\
         \x20 </md:IDPSSODescriptor>\n\
         </md:EntityDescriptor>\n",
        id = esc(entity_id),
        base = esc(entity_id.trim_end_matches('/')),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_pads_like_the_standard() {
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "ü?>"] {
            assert_eq!(unbase64(&base64(s.as_bytes())).unwrap(), s.as_bytes());
            assert_eq!(unbase64(&base64url(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(unbase64("a*b"), None);
        assert_eq!(unbase64("Zm9v\nYmFy").unwrap(), b"foobar");
        assert_eq!(unbase64("Zm9vYg==*").unwrap(), b"foob");
        assert_eq!(unbase64("Zm9vY").unwrap(), b"foo");
    }

    #[test]
    fn a_jwt_carries_its_claims_and_a_broken_one_says_why() {
        let mut claims = Map::new();
        claims.insert("sub".into(), json!("repo:acme/web:ref:refs/heads/main"));
        let t = jwt(&claims);
        assert_eq!(t.split('.').count(), 3);
        assert_eq!(jwt_claims(&t).unwrap(), claims);
        assert!(jwt_claims("abc").unwrap_err().contains("three parts"));
    }

    #[test]
    fn an_assertion_reads_back_what_it_wrote() {
        let a = Assertion {
            issuer: "https://idp.example.com/".into(),
            subject: "jane@example.com".into(),
            subject_format: format!("{NAMEID_PREFIX}persistent"),
            recipient: SAML_AUDIENCE.into(),
            not_on_or_after: 1_767_225_600,
            attributes: vec![
                (ATTR_SESSION_NAME.into(), vec!["jane".into()]),
                (
                    ATTR_ROLE.into(),
                    vec!["arn:aws:iam::1:role/R,arn:aws:iam::1:saml-provider/P".into()],
                ),
            ],
        };
        let back = Assertion::from_base64(&base64(a.to_xml().as_bytes())).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn iso_dates_read_as_epoch_seconds() {
        assert_eq!(parse_iso("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(
            parse_iso(&time::iso8601_z(1_767_225_601)),
            Some(1_767_225_601)
        );
        assert_eq!(parse_iso("2000-13-01T00:00:00Z"), None);
    }

    #[test]
    fn metadata_is_long_enough_for_iam_and_names_its_entity() {
        let m = saml_metadata("https://idp.example.com/");
        assert!(m.chars().count() >= 1000, "{}", m.len());
        assert_eq!(
            super::super::federation::saml_attribute(&m, "entityID"),
            Some("https://idp.example.com/")
        );
    }
}
