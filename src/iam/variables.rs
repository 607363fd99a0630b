//! Policy variables: `${aws:username}` and friends, as AWS documents them for
//! the `Resource` element and for String and ARN condition values (policy
//! language version `2012-10-17` only; the caller decides when to apply them).
//!
//! The rules, as AWS's "IAM policy elements: Variables and tags" page gives
//! them:
//!
//! - `${key}` is replaced with the value of the request context key `key`;
//!   key names ignore case (`${AWS:UserName}` is `${aws:username}`).
//! - A multivalued key can't be used as a variable: we treat a key that holds
//!   more (or fewer) than one value as missing.
//! - `${key, 'default'}` gives `default` when the key is missing. AWS writes
//!   the separator as a comma and a space; we also accept other spacing around
//!   the comma (Access Analyzer flags spacing, the evaluator has to answer
//!   something). A `''` inside the default stands for one `'`.
//! - A key with no value and no default leaves the value "effectively null":
//!   it equals nothing and is like nothing, and a `Resource` holding it matches
//!   no resource. [`substitute`] and [`resolve`] return `None` for that, so the
//!   caller can treat the element as matching nothing.
//! - `${*}`, `${?}` and `${$}` give a literal `*`, `?` and `$`. AWS documents
//!   them precisely so that the character is *not* read as a wildcard, so in
//!   Like matching they match only themselves.
//! - Substitution runs once: text that comes out of a variable is never
//!   scanned for variables again, and it never acts as a wildcard either (a
//!   value is data, not pattern; this is also the only safe reading).
//! - Text that merely looks like a variable but is malformed (`${` with no
//!   closing brace, `${}`, a default without its quotes) is left as literal
//!   text. Access Analyzer reports these as errors; at evaluation time the
//!   sensible reading is the characters as written.

use std::borrow::Cow;

use super::context::Context;
use super::pattern;

/// True if `s` holds at least one well-formed variable (including the special
/// `${*}`, `${?}` and `${$}`).
pub fn has_variables(s: &str) -> bool {
    parse(s)
        .iter()
        .any(|seg| matches!(seg, Segment::Var { .. }))
}

/// Replaces every variable in `template` with its value. `None` when a
/// variable has no value and no default, so the caller can make the element
/// match nothing. The result is plain text: use [`matches_with_variables`]
/// (or [`resolve`]) for Like matching, where a substituted `*` must stay
/// literal.
pub fn substitute(template: &str, ctx: &Context) -> Option<String> {
    resolve(template, ctx).map(|r| r.literal_text().into_owned())
}

/// Matches `text` against an IAM wildcard pattern that may hold variables.
/// `*` and `?` written in the pattern are wildcards; text that comes from a
/// variable (and `${*}`, `${?}`) matches only itself. `None` when a variable
/// has no value: AWS then treats the pattern as matching nothing.
pub fn matches_with_variables(
    template: &str,
    text: &str,
    ctx: &Context,
    ignore_case: bool,
) -> Option<bool> {
    resolve(template, ctx).map(|r| r.matches(text, ignore_case))
}

/// A policy string after substitution, keeping apart what the policy author
/// wrote (where `*` and `?` are wildcards) from what was substituted (matched
/// literally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    pieces: Vec<Piece<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    /// Written in the policy: `*` and `?` are wildcards.
    Wild(Cow<'a, str>),
    /// Came out of a variable: every character is literal.
    Literal(Cow<'a, str>),
}

impl<'a> Piece<'a> {
    fn text(&self) -> &str {
        match self {
            Piece::Wild(s) | Piece::Literal(s) => s,
        }
    }

    fn with_text(&self, text: Cow<'a, str>) -> Piece<'a> {
        match self {
            Piece::Wild(_) => Piece::Wild(text),
            Piece::Literal(_) => Piece::Literal(text),
        }
    }
}

/// Substitutes the variables of `template`; `None` when one has no value and
/// no default.
pub fn resolve<'a>(template: &'a str, ctx: &'a Context) -> Option<Resolved<'a>> {
    let mut pieces = Vec::new();
    for segment in parse(template) {
        match segment {
            Segment::Text(text) => pieces.push(Piece::Wild(Cow::Borrowed(text))),
            Segment::Var { key, default } => {
                pieces.push(Piece::Literal(lookup(key, default, ctx)?));
            }
        }
    }
    Some(Resolved { pieces })
}

impl<'a> Resolved<'a> {
    /// The template taken as written, with no substitution: for policies whose
    /// version predates variables, where `${aws:username}` is literal text.
    pub fn verbatim(template: &'a str) -> Self {
        Resolved {
            pieces: vec![Piece::Wild(Cow::Borrowed(template))],
        }
    }

    /// The text with every character literal, for equality comparisons and
    /// for display.
    pub fn literal_text(&self) -> Cow<'_, str> {
        match self.pieces.as_slice() {
            [] => Cow::Borrowed(""),
            [one] => Cow::Borrowed(one.text()),
            many => Cow::Owned(many.iter().map(Piece::text).collect()),
        }
    }

    /// True when nothing the author wrote is a wildcard: the text then
    /// matches only itself.
    pub fn is_plain(&self) -> bool {
        self.pieces.iter().all(|p| match p {
            Piece::Wild(s) => !s.contains(['*', '?']),
            Piece::Literal(_) => true,
        })
    }

    /// Wildcard match where only the `*` and `?` the author wrote are wild.
    pub fn matches(&self, text: &str, ignore_case: bool) -> bool {
        match self.pieces.as_slice() {
            [] => text.is_empty(),
            // The common case needs no tokens: the shared matcher has an
            // allocation-free ASCII path.
            [Piece::Wild(p)] => pattern::matches(p, text, ignore_case),
            _ => glob(&self.tokens(), text, ignore_case),
        }
    }

    /// Splits an ARN pattern into its six colon-separated parts (the sixth
    /// keeps any further colons), as the ARN condition operators compare them.
    /// Colons that came out of a variable split too: an ARN is split after
    /// substitution. `None` when there are fewer than six parts.
    pub fn split_arn(&self) -> Option<Vec<Resolved<'a>>> {
        let mut parts = vec![Vec::new()];
        for piece in &self.pieces {
            let mut rest = piece.text();
            while parts.len() < 6 {
                let Some(colon) = rest.find(':') else { break };
                push_piece(&mut parts, piece.with_text(owned(&rest[..colon])));
                parts.push(Vec::new());
                rest = &rest[colon + 1..];
            }
            push_piece(&mut parts, piece.with_text(owned(rest)));
        }
        if parts.len() < 6 {
            return None;
        }
        Some(
            parts
                .into_iter()
                .map(|pieces| Resolved { pieces })
                .collect(),
        )
    }

    fn tokens(&self) -> Vec<Token> {
        let mut tokens = Vec::new();
        for piece in &self.pieces {
            match piece {
                Piece::Wild(s) => tokens.extend(s.chars().map(|c| match c {
                    '*' => Token::Star,
                    '?' => Token::One,
                    c => Token::Char(c),
                })),
                Piece::Literal(s) => tokens.extend(s.chars().map(Token::Char)),
            }
        }
        tokens
    }
}

fn owned<'a>(s: &str) -> Cow<'a, str> {
    Cow::Owned(s.to_string())
}

fn push_piece<'a>(parts: &mut [Vec<Piece<'a>>], piece: Piece<'a>) {
    if !piece.text().is_empty() {
        parts.last_mut().expect("never empty").push(piece);
    }
}

/// A variable's value: the context value, else the default, else `None`.
fn lookup<'a>(key: &str, default: Option<Cow<'a, str>>, ctx: &'a Context) -> Option<Cow<'a, str>> {
    match key {
        "*" | "?" | "$" => return Some(Cow::Owned(key.to_string())),
        _ => {}
    }
    match ctx.values(key) {
        // Only a single-valued key can stand in for a variable.
        Some([one]) => Some(Cow::Borrowed(one.as_str())),
        _ => default,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment<'a> {
    Text(&'a str),
    Var {
        key: &'a str,
        default: Option<Cow<'a, str>>,
    },
}

/// Splits a template into literal text and well-formed variables.
fn parse(template: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut text_start = 0;
    let mut search = 0;
    while let Some(offset) = template[search..].find("${") {
        let open = search + offset;
        let body_start = open + 2;
        match closing_brace(&template[body_start..]).and_then(|len| {
            let var = parse_body(&template[body_start..body_start + len])?;
            Some((var, body_start + len + 1))
        }) {
            Some((var, end)) => {
                if text_start < open {
                    segments.push(Segment::Text(&template[text_start..open]));
                }
                segments.push(var);
                text_start = end;
                search = end;
            }
            // Malformed: keep the `$` as text and look again after it.
            None => search = open + 1,
        }
    }
    if text_start < template.len() {
        segments.push(Segment::Text(&template[text_start..]));
    }
    segments
}

/// The length of a variable's body: up to the first `}` that is not inside a
/// quoted default value.
fn closing_brace(body: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in body.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '}' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// Reads `key` or `key, 'default'`; `None` when malformed.
fn parse_body(body: &str) -> Option<Segment<'_>> {
    let (key, default) = match body.find(',') {
        Some(comma) => (&body[..comma], Some(parse_default(&body[comma + 1..])?)),
        None => (body, None),
    };
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    Some(Segment::Var { key, default })
}

/// Reads `'text'` (surrounding spaces allowed), where `''` stands for `'`.
fn parse_default(raw: &str) -> Option<Cow<'_, str>> {
    let inner = raw.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    let mut rest = inner;
    while let Some(i) = rest.find('\'') {
        // A lone quote inside the value would have ended it: malformed.
        if !rest[i + 1..].starts_with('\'') {
            return None;
        }
        rest = &rest[i + 2..];
    }
    if inner.contains('\'') {
        Some(Cow::Owned(inner.replace("''", "'")))
    } else {
        Some(Cow::Borrowed(inner))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Star,
    One,
    Char(char),
}

/// The same linear-time glob as `pattern::matches`, over tokens so that a
/// literal `*` can be told from a wildcard one.
fn glob(p: &[Token], text: &str, ignore_case: bool) -> bool {
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| a == b || (ignore_case && a.to_lowercase().eq(b.to_lowercase()));
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(Token::Star) => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(Token::One) => {
                pi += 1;
                ti += 1;
            }
            Some(Token::Char(c)) if eq(*c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|tok| *tok == Token::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        let mut ctx = Context::new();
        ctx.set_one("aws:username", "alice");
        ctx.set_one("aws:PrincipalTag/team", "red");
        ctx.set_one("s3:prefix", "home/*");
        ctx.set_one("aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice");
        ctx.set("aws:TagKeys", vec!["a".into(), "b".into()]);
        ctx.set("aws:Empty", vec![]);
        ctx
    }

    #[test]
    fn substitute_table() {
        let ctx = ctx();
        let cases: &[(&str, Option<&str>)] = &[
            ("home/${aws:username}/", Some("home/alice/")),
            // Key names ignore case.
            ("${AWS:UserName}", Some("alice")),
            ("team-${aws:PrincipalTag/team}", Some("team-red")),
            ("${s3:prefix}", Some("home/*")),
            ("${aws:username}${aws:username}", Some("alicealice")),
            // Missing key, no default: effectively null.
            ("home/${aws:userid}", None),
            // Defaults: AWS's form, and looser spacing.
            ("${aws:userid, 'anonymous'}", Some("anonymous")),
            ("${aws:userid,'anonymous'}", Some("anonymous")),
            ("${ aws:userid ,  'a b' }", Some("a b")),
            ("${aws:userid, ''}", Some("")),
            ("${aws:userid, 'it''s'}", Some("it's")),
            ("${aws:userid, 'a}b'}", Some("a}b")),
            // A present key wins over its default.
            ("${aws:username, 'guest'}", Some("alice")),
            // A multivalued key can't be a variable; nor an empty one.
            ("${aws:TagKeys}", None),
            ("${aws:TagKeys, 'none'}", Some("none")),
            ("${aws:Empty}", None),
            // The special characters.
            ("a${*}b${?}c${$}d", Some("a*b?c$d")),
            ("${$}{aws:username}", Some("${aws:username}")),
            // Malformed variables stay literal.
            ("cost-${aws:username", Some("cost-${aws:username")),
            ("${}", Some("${}")),
            ("${aws:userid, guest}", Some("${aws:userid, guest}")),
            ("${aws:userid, 'guest}", Some("${aws:userid, 'guest}")),
            ("${aws:userid, 'a'b'}", Some("${aws:userid, 'a'b'}")),
            ("$${aws:username}", Some("$alice")),
            ("no variables here", Some("no variables here")),
            ("", Some("")),
        ];
        for (template, want) in cases {
            assert_eq!(
                substitute(template, &ctx).as_deref(),
                *want,
                "template {template:?}"
            );
        }
    }

    #[test]
    fn substitution_runs_once() {
        let mut ctx = Context::new();
        ctx.set_one("aws:username", "${aws:userid}");
        ctx.set_one("aws:userid", "AIDA");
        assert_eq!(
            substitute("${aws:username}", &ctx).as_deref(),
            Some("${aws:userid}")
        );
        assert_eq!(
            substitute("${aws:nokey, '${aws:userid}'}", &ctx).as_deref(),
            Some("${aws:userid}")
        );
    }

    #[test]
    fn has_variables_table() {
        let cases = [
            ("${aws:username}", true),
            ("a/${*}", true),
            ("${aws:userid, 'x'}", true),
            ("plain", false),
            ("${", false),
            ("${}", false),
            ("$ {aws:username}", false),
        ];
        for (s, want) in cases {
            assert_eq!(has_variables(s), want, "{s:?}");
        }
    }

    #[test]
    fn matches_with_variables_table() {
        let ctx = ctx();
        let cases: &[(&str, &str, bool, Option<bool>)] = &[
            (
                "home/${aws:username}/*",
                "home/alice/notes.txt",
                false,
                Some(true),
            ),
            (
                "home/${aws:username}/*",
                "home/bob/notes.txt",
                false,
                Some(false),
            ),
            ("home/${aws:username}/*", "HOME/ALICE/x", false, Some(false)),
            ("home/${aws:username}/*", "HOME/ALICE/x", true, Some(true)),
            // A substituted `*` is literal: `home/*` matches only itself.
            ("${s3:prefix}", "home/*", false, Some(true)),
            ("${s3:prefix}", "home/anything", false, Some(false)),
            // `${*}` and `${?}` are literal too; written ones are wild.
            ("a${*}", "a*", false, Some(true)),
            ("a${*}", "abc", false, Some(false)),
            ("a*", "abc", false, Some(true)),
            ("${?}?", "?x", false, Some(true)),
            ("${?}?", "xx", false, Some(false)),
            // Unresolved: the caller treats it as matching nothing.
            ("home/${aws:userid}/*", "home/x/y", false, None),
            (
                "home/${aws:userid, 'guest'}/*",
                "home/guest/y",
                false,
                Some(true),
            ),
            ("café-${aws:username}-*", "café-alice-1", false, Some(true)),
            ("CAFÉ-${aws:username}", "café-ALICE", true, Some(true)),
        ];
        for (template, text, ci, want) in cases {
            assert_eq!(
                matches_with_variables(template, text, &ctx, *ci),
                *want,
                "{template:?} vs {text:?}"
            );
        }
    }

    #[test]
    fn split_arn_splits_after_substitution_and_keeps_the_resource_whole() {
        let ctx = ctx();
        let texts = |template: &str| -> Option<Vec<String>> {
            resolve(template, &ctx)?.split_arn().map(|parts| {
                parts
                    .iter()
                    .map(|p| p.literal_text().into_owned())
                    .collect()
            })
        };
        assert_eq!(
            texts("arn:aws:iam::*:user/${aws:username}").unwrap(),
            ["arn", "aws", "iam", "", "*", "user/alice"]
        );
        assert_eq!(
            texts("${aws:PrincipalArn}").unwrap(),
            ["arn", "aws", "iam", "", "111122223333", "user/alice"]
        );
        assert_eq!(
            texts("arn:aws:s3:::bucket/a:b:c").unwrap(),
            ["arn", "aws", "s3", "", "", "bucket/a:b:c"]
        );
        assert_eq!(texts("arn:aws:s3"), None);
        assert_eq!(texts("*"), None);
    }

    proptest::proptest! {
        /// The token glob (taken whenever a variable was substituted) agrees
        /// with the shared matcher on patterns with no substituted text.
        #[test]
        fn token_glob_agrees_with_the_shared_matcher(
            p in "[ab*?]{0,8}",
            t in "[ab]{0,8}",
            ignore_case: bool,
        ) {
            let mut ctx = Context::new();
            ctx.set_one("k", "");
            let template = format!("${{k}}{p}");
            proptest::prop_assert_eq!(
                matches_with_variables(&template, &t, &ctx, ignore_case),
                Some(pattern::matches(&p, &t, ignore_case))
            );
        }
    }

    #[test]
    fn verbatim_keeps_variables_as_text() {
        let r = Resolved::verbatim("home/${aws:username}/*");
        assert_eq!(r.literal_text(), "home/${aws:username}/*");
        assert!(r.matches("home/${aws:username}/x", false));
        assert!(!r.matches("home/alice/x", false));
    }
}
