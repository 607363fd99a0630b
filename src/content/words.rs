//! Small words every layer above the course writes: counts with their
//! nouns. Here, the lowest layer whose users (course checks, the learner's
//! dashboard, the app and the screens) may all import it.

/// "1 command", "3 commands", "0 labs": the count, then the noun, given in
/// the singular and made plural with an `s` (every noun iamtutor counts is
/// a regular one).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "interview card"), "1 interview card");
        assert_eq!(plural(0, "lab"), "0 labs");
        assert_eq!(plural(2, "lint warning"), "2 lint warnings");
    }
}
