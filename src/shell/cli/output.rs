//! A response to the CLI's printed output: `--query` first, then the json,
//! text or table formatter of `awscli/formatter.py` and `awscli/text.py`.

use serde_json::Value;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::errors::CliError;
use super::validate::py_number;
use super::{OutputFormat, query, table};

/// The width the CLI assumes when stdout is not a terminal, and so the one
/// it uses in scripts and transcripts.
pub const DEFAULT_WIDTH: usize = 80;

/// Formats a response as `aws ... --output FORMAT [--query Q]` prints it;
/// `operation_label` is the API name (`ListUsers`), the table's title.
pub fn render(
    response: &Value,
    format: OutputFormat,
    query: Option<&str>,
    operation_label: &str,
) -> Result<String, CliError> {
    render_with_width(response, format, query, operation_label, DEFAULT_WIDTH)
}

/// [`render`] for a terminal of the given width: a table wider than the
/// terminal has its one-row sections turned on their side, as the CLI does.
pub fn render_with_width(
    response: &Value,
    format: OutputFormat,
    query: Option<&str>,
    operation_label: &str,
    width: usize,
) -> Result<String, CliError> {
    let mut data = response.clone();
    if let Value::Object(map) = &mut data {
        map.shift_remove("ResponseMetadata");
    }
    if let Some(q) = query {
        data = query::search(q, &data)?;
    }
    Ok(match format {
        OutputFormat::Json => {
            // An empty response (`put-user-policy`) prints nothing at all.
            if data.as_object().is_some_and(|m| m.is_empty()) {
                String::new()
            } else {
                json(&data)
            }
        }
        OutputFormat::Text => text(&data),
        OutputFormat::Table => table::render(operation_label, &data, width),
    })
}

/// Python's `json.dumps(value, indent=4, ensure_ascii=False)` and a newline.
pub fn json(value: &Value) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PyFormatter::default());
    serde::Serialize::serialize(value, &mut ser).expect("a Value always serializes");
    let mut s = String::from_utf8(out).expect("serde_json writes UTF-8");
    s.push('\n');
    s
}

/// serde_json's pretty printer with Python's spelling of floats.
struct PyFormatter(PrettyFormatter<'static>);

impl Default for PyFormatter {
    fn default() -> Self {
        PyFormatter(PrettyFormatter::with_indent(b"    "))
    }
}

impl Formatter for PyFormatter {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        w.write_all(py_float(value).as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Python's `repr(float)`: the shortest round-trip digits, positional
/// between 1e-4 and 1e16, else an exponent of at least two digits.
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') { s } else { format!("{s}.0") }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// Python's `str()` of a scalar, as the text and table formatters print it.
pub fn py_scalar(v: &Value) -> String {
    match v {
        Value::Number(n) => py_number(n),
        other => super::validate::py_str(other),
    }
}

/// `awscli/text.py`: one tab-separated line per object of scalars, keys
/// sorted, led by the upper-cased name of the list or key it sits under.
pub fn text(value: &Value) -> String {
    let mut out = String::new();
    format_text(value, &mut out, None, None);
    out
}

fn is_scalar(v: &Value) -> bool {
    !v.is_object() && !v.is_array()
}

fn format_text(
    item: &Value,
    out: &mut String,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    match item {
        Value::Object(_) => format_dict(scalar_keys, item, identifier, out),
        Value::Array(items) => format_list(items, identifier, out),
        scalar => {
            out.push_str(&py_scalar(scalar));
            out.push('\n');
        }
    }
}

fn format_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let keys = all_scalar_keys(items);
        for element in items {
            format_text(element, out, identifier, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for n in nested {
            format_text(n, out, identifier, None);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        format_scalar_list(&all, identifier, out);
    }
}

fn format_scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), py_scalar(item)));
            }
        }
        None => {
            let words: Vec<String> = items.iter().map(|v| py_scalar(v)).collect();
            out.push_str(&words.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    scalar_keys: Option<&[String]>,
    item: &Value,
    identifier: Option<&str>,
    out: &mut String,
) {
    let Value::Object(map) = item else { return };
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                let v = &map[k];
                if is_scalar(v) {
                    scalars.push(py_scalar(v));
                } else {
                    nested.push((k, v));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(map.get(k).map(py_scalar).unwrap_or_default());
            }
            let mut rest: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
            rest.sort();
            nested.extend(rest.into_iter().map(|k| (k, &map[k])));
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        format_text(value, out, Some(key), None);
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys: Vec<String> = items
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|m| {
            m.iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, _)| k.clone())
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::py_float;

    #[test]
    fn floats_as_python_prints_them() {
        assert_eq!(py_float(1.0), "1.0");
        assert_eq!(py_float(0.5), "0.5");
        assert_eq!(py_float(1e16), "1e+16");
        assert_eq!(py_float(1e-5), "1e-05");
        assert_eq!(py_float(123456.789), "123456.789");
    }
}
