//! botocore's `xform_name`, which turns API names into CLI names:
//! `CreateVirtualMFADevice` -> `create-virtual-mfa-device`. A port of its
//! three regular expressions, applied with Python's `re.sub` semantics
//! (leftmost, non-overlapping matches), so names like `ListMFADevices`,
//! `GatewayARNs` and `AuthenticationCode1` come out as the CLI spells them.

/// `xform_name(name, "-")`.
pub fn xform_name(name: &str) -> String {
    xform(name, '-')
}

pub fn xform(name: &str, sep: char) -> String {
    if name.contains(sep) {
        return name.to_owned();
    }
    let chars: Vec<char> = name.chars().collect();
    let chars = special_plural(&chars, sep);
    let s1 = first_cap(&chars, sep);
    end_cap(&s1, sep).to_lowercase()
}

/// `[A-Z]{2,}s$`: an acronym in the plural, `ARNs` -> `-arns`.
fn special_plural(chars: &[char], sep: char) -> Vec<char> {
    let n = chars.len();
    if n < 3 || chars[n - 1] != 's' {
        return chars.to_vec();
    }
    let upper = chars[..n - 1]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    if upper < 2 {
        return chars.to_vec();
    }
    let start = n - 1 - upper;
    let mut out = chars[..start].to_vec();
    out.push(sep);
    out.extend(chars[start..].iter().map(|c| c.to_ascii_lowercase()));
    out
}

/// `(.)([A-Z][a-z]+)` -> `\1-\2`.
fn first_cap(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let word = i + 2 < chars.len()
            && chars[i] != '\n'
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_lowercase();
        if word {
            let mut end = i + 3;
            while end < chars.len() && chars[end].is_ascii_lowercase() {
                end += 1;
            }
            out.push(chars[i]);
            out.push(sep);
            out.extend_from_slice(&chars[i + 1..end]);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `([a-z0-9])([A-Z])` -> `\1-\2`.
fn end_cap(chars: &[char], sep: char) -> String {
    let mut out = String::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && i + 1 < chars.len()
            && chars[i + 1].is_ascii_uppercase()
        {
            out.push(c);
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xform_name;

    #[test]
    fn acronyms_and_digits() {
        assert_eq!(
            xform_name("CreateVirtualMFADevice"),
            "create-virtual-mfa-device"
        );
        assert_eq!(xform_name("ListMFADevices"), "list-mfa-devices");
        assert_eq!(xform_name("GatewayARNs"), "gateway-arns");
        assert_eq!(xform_name("AuthenticationCode1"), "authentication-code1");
        assert_eq!(xform_name("ListObjectsV2"), "list-objects-v2");
        assert_eq!(xform_name("SSECustomerKeyMD5"), "sse-customer-key-md5");
    }
}
