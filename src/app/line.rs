//! A one-line text field: the sandbox's command line and short answers.
//! The cursor counts characters, not bytes, so any text edits safely.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// In characters, from 0 to the text's length.
    cursor: usize,
}

impl LineInput {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = text.chars().count();
    }

    /// Empties the field and returns what it held.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }

    pub fn insert(&mut self, c: char) {
        // Control characters never enter the line: a pasted tab becomes a
        // space, anything else is dropped.
        let c = match c {
            '\t' => ' ',
            c if c.is_control() => return,
            c => c,
        };
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    /// Replaces the text from byte `start` to the end (a completion).
    pub fn replace_tail(&mut self, start: usize, with: &str) {
        let start = start.min(self.text.len());
        self.text.truncate(start);
        self.text.push_str(with);
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_in_the_middle_of_multibyte_text() {
        let mut l = LineInput::default();
        l.set("aé→b");
        l.left();
        l.left();
        l.insert('x');
        assert_eq!(l.text(), "aéx→b");
        l.backspace();
        l.backspace();
        assert_eq!(l.text(), "a→b");
        l.home();
        l.delete();
        assert_eq!(l.text(), "→b");
        l.insert('\u{7}');
        l.insert('\t');
        assert_eq!(l.text(), " →b");
        assert_eq!(l.take(), " →b");
        assert!(l.is_empty());
    }

    #[test]
    fn completion_replaces_the_last_word() {
        let mut l = LineInput::default();
        l.set("aws iam cre");
        l.replace_tail(8, "create-user ");
        assert_eq!(l.text(), "aws iam create-user ");
        assert_eq!(l.cursor(), 20);
    }
}
