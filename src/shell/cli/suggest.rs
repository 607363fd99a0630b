//! Python's `difflib.get_close_matches(word, choices, n=3, cutoff=0.8)`,
//! which the CLI uses for its "Maybe you meant" list, and an edit distance
//! for the hints that are ours.

use std::collections::HashMap;

/// The CLI's suggestions for a mistyped choice, best first.
pub fn close_matches(word: &str, choices: &[String]) -> Vec<String> {
    let b: Vec<char> = word.chars().collect();
    let mut scored: Vec<(f64, &String)> = choices
        .iter()
        .filter_map(|choice| {
            let a: Vec<char> = choice.chars().collect();
            let r = ratio(&a, &b);
            (r >= 0.8).then_some((r, choice))
        })
        .collect();
    // heapq.nlargest over (score, word) tuples: ties go to the larger word.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| y.1.cmp(x.1)));
    scored.into_iter().take(3).map(|(_, c)| c.clone()).collect()
}

/// `SequenceMatcher(None, a, b).ratio()`: twice the matched characters over
/// the total, with matches found as difflib finds them (longest common block
/// first, then recursively on either side).
fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut b2j: HashMap<char, Vec<usize>> = HashMap::new();
    for (j, c) in b.iter().enumerate() {
        b2j.entry(*c).or_default().push(j);
    }
    let matched = matching(a, &b2j, 0, a.len(), 0, b.len());
    2.0 * matched as f64 / total as f64
}

fn matching(
    a: &[char],
    b2j: &HashMap<char, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> usize {
    let (i, j, k) = longest(a, b2j, alo, ahi, blo, bhi);
    if k == 0 {
        return 0;
    }
    let mut total = k;
    if alo < i && blo < j {
        total += matching(a, b2j, alo, i, blo, j);
    }
    if i + k < ahi && j + k < bhi {
        total += matching(a, b2j, i + k, ahi, j + k, bhi);
    }
    total
}

/// `find_longest_match` without junk: the first longest block.
fn longest(
    a: &[char],
    b2j: &HashMap<char, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
    let mut j2len: HashMap<usize, usize> = HashMap::new();
    for (i, c) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next: HashMap<usize, usize> = HashMap::new();
        if let Some(js) = b2j.get(c) {
            for &j in js {
                if j < blo {
                    continue;
                }
                if j >= bhi {
                    break;
                }
                let k = j.checked_sub(1).and_then(|p| j2len.get(&p)).unwrap_or(&0) + 1;
                next.insert(j, k);
                if k > bestsize {
                    besti = i + 1 - k;
                    bestj = j + 1 - k;
                    bestsize = k;
                }
            }
        }
        j2len = next;
    }
    (besti, bestj, bestsize)
}

/// Levenshtein distance over characters, case counting: the CLI's names are
/// lower case and IAM's entity names keep their case, so a capital is a
/// difference (the engine's hints about actions and keys, which AWS reads
/// ignoring case, use `iam::policy::edit_distance`).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// The nearest names by edit distance, nearest first, within a distance
/// that still reads as a typo.
pub fn nearest(word: &str, choices: &[String], limit: usize) -> Vec<String> {
    let bound = (word.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &String)> = choices
        .iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= bound)
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, c)| c.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn difflib_cutoff() {
        let ops = names(&["get-user", "get-group", "list-users", "create-user"]);
        assert_eq!(close_matches("get-usr", &ops), ["get-user"]);
        assert!(close_matches("delete-bucket", &ops).is_empty());
    }

    #[test]
    fn levenshtein() {
        assert_eq!(distance("usr-name", "user-name"), 1);
        assert_eq!(
            nearest("--usr-name", &names(&["--user-name", "--path"]), 1),
            ["--user-name"]
        );
    }
}
