//! Checks on the tables as chained: no key named twice, and pages that
//! scroll scroll lines too.

use super::Key::{self, Up};
use super::rows::{SCROLL_LINES, SCROLL_LINES_UNNAMED, SCROLL_PAGES};
use super::{Binding, bindings};
use crate::app::KeyScope;

/// Chained groups must not name a key a row before them already took:
/// the later row would never fire, and help would list a key that lies.
#[test]
fn no_key_is_named_twice_where_the_tables_chain() {
    for &scope in KeyScope::ALL {
        let mut seen: Vec<(Key, &str)> = Vec::new();
        for binding in bindings(scope) {
            for &key in binding.keys {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    panic!(
                        "{scope:?}: {} is both {first:?} and {:?}",
                        key.label(),
                        binding.does
                    );
                }
                seen.push((key, binding.does));
            }
        }
    }
}

/// Where a screen scrolls a page of text with the shared page keys,
/// its arrows scroll a line too (a screen that forgot the line group
/// would make ↑↓ dead, or mean something else, on a page of text).
#[test]
fn a_screen_that_scrolls_pages_scrolls_lines_in_the_same_words() {
    let mut pages = 0;
    for &scope in KeyScope::ALL {
        let has = |group: &[Binding]| {
            group
                .iter()
                .all(|g| bindings(scope).any(|b| b.keys == g.keys && b.does == g.does))
        };
        if has(SCROLL_PAGES) {
            pages += 1;
            // Or the arrows are the screen's own (a report's links),
            // and say they scroll where they have nothing else to do.
            let up_scrolls = bindings(scope)
                .find(|b| b.keys.contains(&Up))
                .is_some_and(|b| b.does.contains("scroll up"));
            assert!(
                has(SCROLL_LINES) || has(SCROLL_LINES_UNNAMED) || up_scrolls,
                "{scope:?} scrolls pages but not lines"
            );
        }
    }
    assert!(pages >= 10, "only {pages} screens scroll pages");
}
