//! `--output table`: the CLI's `TableFormatter` (`awscli/formatter.py`)
//! building sections, and `MultiTable` (`awscli/table.py`) drawing them:
//! a centred title, a header row and value rows per section, nested
//! sections indented by `|`, columns scaled to the widest section with
//! Python's rounding.

use serde_json::Value;

use super::eaw::WIDE;
use super::output::py_scalar;

#[derive(Debug, Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

/// `get_text_length`: East Asian wide, full-width and ambiguous characters
/// take two columns.
pub fn text_length(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let cp = c as u32;
            if cp >= 0x80
                && WIDE
                    .binary_search_by(|&(a, b)| {
                        if cp < a {
                            std::cmp::Ordering::Greater
                        } else if cp > b {
                            std::cmp::Ordering::Less
                        } else {
                            std::cmp::Ordering::Equal
                        }
                    })
                    .is_ok()
            {
                2
            } else {
                1
            }
        })
        .sum()
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|e| text_length(e)).collect();
        } else {
            for (i, e) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(text_length(e));
                }
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }

    /// `calculate_column_widths(padding, max_width)`.
    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        if unscaled.is_empty() {
            return unscaled;
        }
        let total: usize = unscaled.iter().sum();
        let scale = max_width as f64 / total as f64;
        // Python 3's round() rounds halves to even.
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    /// `total_width(padding=4, with_border=True, outer_padding=indent)`.
    fn total_width(&self) -> usize {
        let padding = 4;
        let border = 2;
        let cols: usize = self
            .column_widths(0, None)
            .iter()
            .map(|w| w + padding)
            .sum();
        let total = cols + border + 2 * self.indent;
        total.max(text_length(&self.title) + border + 2 * self.indent)
    }
}

struct Builder {
    sections: Vec<Section>,
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().expect("a section")
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_owned(),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize) -> bool {
        if !truthy(current) {
            return false;
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match current {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.list_sections(items, indent, title.unwrap_or_default());
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current()
                                    .add_row(inner.iter().map(py_scalar).collect());
                            }
                            Value::Array(_) | Value::Object(_) => {
                                self.build(None, item, 0);
                            }
                            scalar => self.current().add_row(vec![py_scalar(scalar)]),
                        }
                    }
                }
            }
            Value::Object(_) => self.dict_section(current, indent),
            _ => {}
        }
        true
    }

    fn dict_section(&mut self, current: &Value, indent: usize) {
        let Value::Object(map) = current else { return };
        let (headers, more) = group_keys(map);
        if headers.len() == 1 {
            let k = &headers[0];
            self.current().add_row(vec![k.clone(), py_scalar(&map[k])]);
        } else if !headers.is_empty() {
            self.current().add_header(headers.clone());
            self.current()
                .add_row(headers.iter().map(|k| py_scalar(&map[k])).collect());
        }
        for key in more {
            self.build(Some(&key), &map[&key], indent + 1);
        }
    }

    fn list_sections(&mut self, items: &[Value], indent: usize, title: &str) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items.iter().filter_map(Value::as_object) {
            let (h, m) = group_keys(item);
            headers.extend(h);
            more.extend(m);
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.current().add_header(headers.clone());
        let mut first = true;
        for element in items {
            if !first && !more.is_empty() {
                self.new_section(title, indent);
                self.current().add_header(headers.clone());
            }
            first = false;
            let map = element.as_object();
            let row = headers
                .iter()
                .map(|h| {
                    map.and_then(|m| m.get(h))
                        .map(py_scalar)
                        .unwrap_or_default()
                })
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(v) = map.and_then(|m| m.get(key)) {
                    self.build(Some(key), v, indent + 1);
                }
            }
        }
    }
}

fn is_scalar(v: &Value) -> bool {
    !v.is_array() && !v.is_object()
}

/// Python truthiness, which decides whether a section is drawn at all.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn group_keys(map: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers: Vec<String> = map
        .iter()
        .filter(|(_, v)| is_scalar(v))
        .map(|(k, _)| k.clone())
        .collect();
    let mut more: Vec<String> = map
        .iter()
        .filter(|(_, v)| !is_scalar(v))
        .map(|(k, _)| k.clone())
        .collect();
    headers.sort();
    more.sort();
    (headers, more)
}

pub fn render(title: &str, data: &Value, terminal_width: usize) -> String {
    let mut b = Builder {
        sections: Vec::new(),
    };
    if !b.build(Some(title), data, 0) {
        return String::new();
    }
    let mut sections = b.sections;
    let mut max_width = sections.iter().map(Section::total_width).max().unwrap_or(0);
    if max_width > terminal_width {
        vertical(&mut sections);
        max_width = sections.iter().map(Section::total_width).max().unwrap_or(0);
    }
    let mut out = format!("{}\n", "-".repeat(max_width));
    for s in &sections {
        render_section(s, max_width, &mut out);
    }
    out
}

/// `convert_to_vertical_table`: one-row sections become key/value rows.
fn vertical(sections: &mut [Section]) {
    for s in sections.iter_mut() {
        if s.rows.len() == 1 && !s.headers.is_empty() {
            let mut flipped = Section {
                title: s.title.clone(),
                indent: s.indent,
                ..Section::default()
            };
            for (h, e) in s.headers.iter().zip(&s.rows[0]) {
                flipped.add_row(vec![h.clone(), e.clone()]);
            }
            *s = flipped;
        }
    }
}

/// `IndentedStream`: each line framed by one `|` per level of nesting.
fn write(out: &mut String, indent: usize, line: &str) {
    let bars = "|".repeat(indent);
    out.push_str(&bars);
    out.push_str(line);
    out.push_str(&bars);
    out.push('\n');
}

/// `center_text`: the start can go negative for a long title, which then
/// lengthens the right-hand fill instead, as in Python.
fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let len = text_length(text) as i64;
    let start = (length / 2) as i64 - len / 2 - 1;
    let so_far = text_length(left) as i64 + start + len;
    let right_spaces = length as i64 - text_length(right) as i64 - so_far;
    let pad = |n: i64| " ".repeat(n.max(0) as usize);
    format!("{left}{}{text}{}{right}", pad(start), pad(right_spaces))
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let len = text_length(text);
    let padding = if length >= len + 2 + left.len() + right.len() {
        2
    } else {
        0
    };
    let so_far = left.len() + padding + len;
    let fill = length.saturating_sub(so_far + right.len());
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(padding),
        " ".repeat(fill)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn render_section(s: &Section, max_width: usize, out: &mut String) {
    let width = max_width.saturating_sub(s.indent * 2);
    if !s.title.is_empty() {
        write(out, s.indent, &center(&s.title, width, "|", "|"));
        if s.headers.is_empty() && s.rows.is_empty() {
            write(
                out,
                s.indent,
                &format!("+{}+", "-".repeat(width.saturating_sub(2))),
            );
        }
    }
    if !s.headers.is_empty() {
        let widths = s.column_widths(4, Some(width));
        let mut line = String::new();
        for (i, (w, h)) in widths.iter().zip(&s.headers).enumerate() {
            line.push_str(&center(h, *w, if i == 0 { "|" } else { "" }, "|"));
        }
        write(out, s.indent, &line_break(&widths));
        write(out, s.indent, &line);
    }
    if !s.rows.is_empty() {
        let widths = s.column_widths(4, Some(width));
        if widths.is_empty() {
            return;
        }
        write(out, s.indent, &line_break(&widths));
        for row in &s.rows {
            let mut line = String::new();
            for (i, (w, e)) in widths.iter().zip(row).enumerate() {
                line.push_str(&align_left(e, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            write(out, s.indent, &line);
        }
        write(out, s.indent, &line_break(&widths));
    }
}
