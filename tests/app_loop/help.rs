//! Help, read off the screen: exactly the rows of the screen under it.

use super::setups::setups;
use crate::app_kit;

use app_kit::{Harness, buffer_text};
use iamtutor::app::keymap;
use iamtutor::app::{Action, KeyScope, Overlay};
use ratatui::crossterm::event::KeyCode;

/// The help box's text, read off the screen.
fn help_box(hs: &Harness) -> String {
    let buf = hs.buffer();
    let text = buffer_text(buf);
    let rows: Vec<&str> = text.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains("╭ Help: "))
        .unwrap_or_else(|| panic!("no help box:\n{text}"));
    let left = rows[top].chars().position(|c| c == '╭').unwrap() as u16;
    let row_chars: Vec<char> = rows[top].chars().collect();
    let right = (left as usize + 1..row_chars.len())
        .find(|&i| row_chars[i] == '╮')
        .unwrap() as u16;
    let mut inner = Vec::new();
    for y in top as u16 + 1..buf.area.height {
        if buf[(left, y)].symbol() == "╰" {
            break;
        }
        let row: String = (left + 1..right).map(|x| buf[(x, y)].symbol()).collect();
        inner.push(row);
    }
    inner.join(" ")
}

pub(super) fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn help_lists_exactly_the_bindings_of_the_screen_under_it() {
    let mut checked = 0;
    for setup in setups() {
        let mut hs = (setup.build)();
        let under = hs.app.key_scope();
        if under == KeyScope::Help {
            continue;
        }
        // Tall enough for the longest list.
        hs.term.backend_mut().resize(160, 48);
        hs.key(KeyCode::F(1));
        assert!(
            matches!(hs.app.overlay, Some(Overlay::Help { .. })),
            "{}: F1 opens help",
            setup.name
        );
        // Help over the jump list is help for the lesson under it.
        let about = if under == KeyScope::Jump {
            KeyScope::Lesson
        } else {
            under
        };
        let mut want = String::new();
        for b in keymap::bindings(about) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            want.push_str(&format!("{} {} ", keys.join(" "), b.does));
        }
        want.push_str("The mouse works too: the wheel scrolls, a click picks.");
        assert_eq!(flat(&help_box(&hs)), flat(&want), "{}", setup.name);
        // The footer names only keys that help lists.
        for (keys, words) in keymap::footer(about) {
            let named = format!("{keys} {words}");
            assert!(
                keymap::bindings(about).any(|b| b.short == named
                    || (keys == "↑↓" && b.keys.contains(&keymap::Key::Down) && b.short == words)
                    || (b.keys.iter().any(|k| k.label() == keys)
                        && (b.short == words || (b.action == Action::Help && words == "help")))),
                "{}: footer's {keys} {words} is not in help",
                setup.name
            );
        }
        checked += 1;
    }
    assert!(checked >= 18);
}

#[test]
fn help_scrolls_where_the_list_is_taller_than_the_screen() {
    // The lab's list is taller than 80x24: its last rows are reached by
    // scrolling.
    let mut hs = Harness::new(80, 24);
    let row = app_kit::home_row_of_lab(&hs.app, "users-john");
    hs.open_home_row(row);
    hs.key(KeyCode::F(1));
    assert!(!hs.text().contains("with nothing typed, quit"));
    for _ in 0..10 {
        hs.key(KeyCode::Down);
    }
    assert!(
        hs.text().contains("with nothing typed, quit"),
        "{}",
        hs.text()
    );
    assert!(hs.text().contains("The mouse works too"));
}
