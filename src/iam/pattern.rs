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

/// Wildcard matching in time linear in the pattern and the text for
/// patterns without `?`, whatever the text: the pattern is cut at its
/// stars, the first piece must start the text and the last must end it, and
/// each piece between is found in turn, leftmost first (taking the leftmost
/// place never loses a match, since the star after a piece can swallow what
/// a later place would have left). Pieces are found with Knuth-Morris-Pratt;
/// a piece with `?` is found by trying each place, which costs at most its
/// length times the text's. No allocation for pieces up to 64 characters,
/// no recursion.
fn glob<T: Wild + Copy>(p: &[T], t: &[T], eq: impl Fn(T, T) -> bool) -> bool {
    let same = |piece: &[T], text: &[T]| {
        piece.len() == text.len()
            && piece
                .iter()
                .zip(text)
                .all(|(a, b)| a.is_question() || eq(*a, *b))
    };
    let Some(first_star) = p.iter().position(|c| c.is_star()) else {
        return same(p, t);
    };
    let last_star = p.iter().rposition(|c| c.is_star()).unwrap_or(first_star);
    let (head, tail) = (&p[..first_star], &p[last_star + 1..]);
    // The pattern needs at least this many characters of text.
    let needed = p.iter().filter(|c| !c.is_star()).count();
    if needed > t.len() || !same(head, &t[..head.len()]) || !same(tail, &t[t.len() - tail.len()..])
    {
        return false;
    }
    let mut rest = &t[head.len()..t.len() - tail.len()];
    for piece in p[first_star..=last_star]
        .split(|c| c.is_star())
        .filter(|piece| !piece.is_empty())
    {
        match find(rest, piece, &eq) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Where `piece` first occurs in `text` (`?` standing for any character).
fn find<T: Wild + Copy>(text: &[T], piece: &[T], eq: &impl Fn(T, T) -> bool) -> Option<usize> {
    if piece.len() > text.len() {
        return None;
    }
    if piece.iter().any(|c| c.is_question()) {
        return (0..=text.len() - piece.len()).find(|&i| {
            piece
                .iter()
                .zip(&text[i..])
                .all(|(a, b)| a.is_question() || eq(*a, *b))
        });
    }
    // Knuth-Morris-Pratt: `fail[i]` is the length of the longest proper
    // prefix of piece[..=i] that is also its suffix.
    let mut small = [0usize; 64];
    let mut large = Vec::new();
    let fail: &mut [usize] = if piece.len() <= small.len() {
        &mut small[..piece.len()]
    } else {
        large.resize(piece.len(), 0);
        &mut large
    };
    let mut k = 0;
    for i in 1..piece.len() {
        while k > 0 && !eq(piece[i], piece[k]) {
            k = fail[k - 1];
        }
        if eq(piece[i], piece[k]) {
            k += 1;
        }
        fail[i] = k;
    }
    let mut k = 0;
    for (i, c) in text.iter().enumerate() {
        while k > 0 && !eq(*c, piece[k]) {
            k = fail[k - 1];
        }
        if eq(*c, piece[k]) {
            k += 1;
        }
        if k == piece.len() {
            return Some(i + 1 - piece.len());
        }
    }
    None
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
            ("a*b", "ab", false, true),
            ("a*ab", "ab", false, false),
            ("*aab*", "aaab", false, true),
            ("*abab*c", "abaabababc", false, true),
            ("*a?c*", "abbc", false, false),
            ("*?", "", false, false),
            ("?*?", "ab", false, true),
            ("*A*", "xay", true, true),
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
