//! Wildcard matching as IAM does it: `*` matches any run of characters
//! (including none), `?` matches exactly one. Action names compare ignoring
//! ASCII case; ARNs and condition values compare exactly.

/// Does `text` match the IAM wildcard `pattern`?
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        glob(pattern.as_bytes(), text.as_bytes(), |a, b| {
            if ignore_case {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        })
    } else {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        glob(&p, &t, |a: char, b: char| {
            if ignore_case {
                a.to_lowercase().eq(b.to_lowercase())
            } else {
                a == b
            }
        })
    }
}

/// True if the pattern contains a wildcard character.
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

trait Wild: Copy {
    fn is_star(self) -> bool;
    fn is_question(self) -> bool;
}

impl Wild for u8 {
    fn is_star(self) -> bool {
        self == b'*'
    }
    fn is_question(self) -> bool {
        self == b'?'
    }
}

impl Wild for char {
    fn is_star(self) -> bool {
        self == '*'
    }
    fn is_question(self) -> bool {
        self == '?'
    }
}

/// The classic linear-time glob: on a mismatch, go back to the last `*` and
/// let it swallow one more character. No allocation, no recursion.
fn glob<T: Wild>(p: &[T], t: &[T], eq: impl Fn(T, T) -> bool) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi].is_star() {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi].is_question() || eq(p[pi], t[ti])) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi].is_star() {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn table() {
        let cases = [
            ("*", "", false, true),
            ("*", "anything", false, true),
            ("s3:Get*", "s3:GetObject", true, true),
            ("s3:get*", "S3:GETOBJECT", true, true),
            ("s3:get*", "S3:GETOBJECT", false, false),
            ("ec2:*Instances", "ec2:StartInstances", true, true),
            ("ec2:*Instances", "ec2:StartInstance", true, false),
            ("iam:?etUser", "iam:GetUser", true, true),
            ("iam:?etUser", "iam:etUser", true, false),
            (
                "arn:aws:s3:::bucket/*",
                "arn:aws:s3:::bucket/a/b",
                false,
                true,
            ),
            ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false, false),
            ("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", false, false),
            ("a*b*c", "aXXbYYc", false, true),
            ("a*b*c", "aXXbYY", false, false),
            ("**", "x", false, true),
            ("é?", "éa", false, true),
            ("É*", "éa", true, true),
        ];
        for (p, t, ci, want) in cases {
            assert_eq!(matches(p, t, ci), want, "{p} vs {t} (ignore case {ci})");
        }
    }
}

/// A wildcard pattern read once, so that the common shapes (`*`, an exact
/// name, `prefix*`) are matched without running the general algorithm.
/// Matching is exact (case-sensitive): action patterns are lower-cased before
/// they are compiled, and the request's action is lower-cased to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Glob {
    Any,
    Exact(String),
    Prefix(String),
    General(String),
}

impl Glob {
    pub fn new(pattern: &str) -> Self {
        if pattern == "*" {
            return Glob::Any;
        }
        match pattern.find(['*', '?']) {
            None => Glob::Exact(pattern.to_string()),
            Some(i) if i == pattern.len() - 1 && pattern.ends_with('*') => {
                Glob::Prefix(pattern[..i].to_string())
            }
            Some(_) => Glob::General(pattern.to_string()),
        }
    }

    pub fn matches(&self, text: &str) -> bool {
        match self {
            Glob::Any => true,
            Glob::Exact(s) => s == text,
            Glob::Prefix(p) => text.starts_with(p.as_str()),
            Glob::General(p) => matches(p, text, false),
        }
    }
}

#[cfg(test)]
mod glob_tests {
    use super::{Glob, matches};

    #[test]
    fn compiled_globs_agree_with_the_general_matcher() {
        let patterns = ["*", "abc", "ab*", "a*c", "a?c", "*c", "", "a**"];
        let texts = ["", "a", "abc", "abcd", "ac", "axc", "xbc"];
        for p in patterns {
            let g = Glob::new(p);
            for t in texts {
                assert_eq!(g.matches(t), matches(p, t, false), "{p} vs {t}");
            }
        }
        assert_eq!(Glob::new("s3:Get*"), Glob::Prefix("s3:Get".into()));
    }
}
