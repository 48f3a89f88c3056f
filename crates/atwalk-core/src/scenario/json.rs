//! JSON for the scenario loader: a tree that keeps duplicate keys
//! (serde_json's Value would silently keep the last), parsed with a budget
//! on the number of values, and the helpers that read its members with
//! error paths like `queries[2].op`. Its strings and keys borrow from the
//! text where they can (no escapes), so that reading a file allocates little
//! more than the scenario it gives.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{MAX_JSON_VALUES, MAX_TEXT_BYTES, ScenarioError};

pub(super) use super::hex::{ADDR_LIKE, REG_LIKE, hex, parse_hex};

pub(super) enum Json<'t> {
    Null,
    Bool(bool),
    /// `Some` for an integer that fits u64, `None` for any other number.
    Number(Option<u64>),
    String(Cow<'t, str>),
    Array(Vec<Json<'t>>),
    Object(Vec<(Cow<'t, str>, Json<'t>)>),
}

impl Json<'_> {
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// What parsing one text shares: the budget of values, and two stacks where
/// the arrays and objects being read gather their members, so that each gets
/// one allocation of its final size.
struct Parse<'de> {
    budget: Cell<usize>,
    items: RefCell<Vec<Json<'de>>>,
    entries: RefCell<Vec<(Cow<'de, str>, Json<'de>)>>,
}

#[derive(Clone, Copy)]
struct Seed<'b, 'de> {
    parse: &'b Parse<'de>,
}

impl Seed<'_, '_> {
    fn take<E: de::Error>(self) -> Result<(), E> {
        match self.parse.budget.get().checked_sub(1) {
            Some(left) => {
                self.parse.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "more than {MAX_JSON_VALUES} JSON values, the most a scenario may hold"
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::Number(Some(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::Number(u64::try_from(v).ok()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::Number(None))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::String(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json<'de>, E> {
        self.take()?;
        Ok(Json::String(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        self.take()?;
        let items = &self.parse.items;
        let start = items.borrow().len();
        while let Some(item) = seq.next_element_seed(self)? {
            items.borrow_mut().push(item);
        }
        let mine: Vec<_> = items.borrow_mut().drain(start..).collect();
        Ok(Json::Array(mine))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        self.take()?;
        let entries = &self.parse.entries;
        let start = entries.borrow().len();
        while let Some(key) = map.next_key_seed(Key)? {
            self.take()?;
            let value = map.next_value_seed(self)?;
            entries.borrow_mut().push((key, value));
        }
        let mine: Vec<_> = entries.borrow_mut().drain(start..).collect();
        Ok(Json::Object(mine))
    }
}

/// An object's key: borrowed from the text unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

pub(super) fn parse_json(text: &str) -> Result<Json<'_>, ScenarioError> {
    let parse = Parse {
        budget: Cell::new(MAX_JSON_VALUES),
        items: RefCell::new(Vec::new()),
        entries: RefCell::new(Vec::new()),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let json_err = |e: serde_json::Error| err("", format!("not valid JSON: {e}"));
    let root = Seed { parse: &parse }
        .deserialize(&mut de)
        .map_err(json_err)?;
    de.end().map_err(json_err)?;
    Ok(root)
}

// ---------------------------------------------------------------------------
// Paths and messages.

pub(super) fn err(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        message: message.into(),
    }
}

/// A JSON string literal for `s`.
pub(super) fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    push_json_str(&mut o, s);
    o
}

/// Appends the JSON string literal for `s` to `o`. The loader builds a path
/// like `memory."0x40200004"` for every member it reads, so this copies runs
/// of characters that need no escape whole rather than char by char.
fn push_json_str(o: &mut String, s: &str) {
    o.push('"');
    // Most strings need no escape: one pass without branches finds out.
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        o.push_str(s);
        o.push('"');
        return;
    }
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        // Only ASCII bytes are escaped, so `i` is always a char boundary here.
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        o.push_str(&s[run..i]);
        run = i + 1;
        if escape.is_empty() {
            let _ = write!(o, "\\u{:04x}", b);
        } else {
            o.push_str(escape);
        }
    }
    o.push_str(&s[run..]);
    o.push('"');
}

/// At most this many characters of a user's string are quoted in a message.
const SHOW_MAX_CHARS: usize = 40;

/// A user's string quoted for a message, cut short if long.
pub(super) fn show(s: &str) -> String {
    let mut o = String::with_capacity(s.len().min(4 * SHOW_MAX_CHARS) + 5);
    push_show(&mut o, s);
    o
}

fn push_show(o: &mut String, s: &str) {
    // A string of at most SHOW_MAX_CHARS bytes has at most that many chars.
    let cut = if s.len() <= SHOW_MAX_CHARS {
        None
    } else {
        s.char_indices().nth(SHOW_MAX_CHARS).map(|(cut, _)| cut)
    };
    match cut {
        None => push_json_str(o, s),
        Some(cut) => {
            push_json_str(o, &s[..cut]);
            o.push_str("...");
        }
    }
}

pub(super) fn is_ident(key: &str) -> bool {
    // Byte by byte: a non-ASCII char's bytes are neither letters nor digits.
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The path of member `key` of the object at `parent`.
pub(super) fn child(parent: &str, key: &str) -> String {
    let mut o = String::with_capacity(parent.len() + key.len() + 3);
    if !parent.is_empty() {
        o.push_str(parent);
        o.push('.');
    }
    if is_ident(key) {
        o.push_str(key);
    } else {
        push_show(&mut o, key);
    }
    o
}

/// The path of element `i` of the array at `parent`.
pub(super) fn elem(parent: &str, i: usize) -> String {
    // Without core::fmt: the loader names every array element it reads.
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[start..]).unwrap_or_default();
    let mut o = String::with_capacity(parent.len() + digits.len() + 2);
    o.push_str(parent);
    o.push('[');
    o.push_str(digits);
    o.push(']');
    o
}

/// Checks an object's keys against `allowed` and returns the members in that
/// order: unknown and repeated keys are errors.
pub(super) fn fields<'a, 't, const N: usize>(
    path: &str,
    entries: &'a [(Cow<'t, str>, Json<'t>)],
    allowed: &[&str; N],
    unknown: &str,
) -> Result<[Option<&'a Json<'t>>; N], ScenarioError> {
    let mut out = [None; N];
    for (key, value) in entries {
        let Some(i) = allowed.iter().position(|a| a == key) else {
            return Err(err(
                child(path, key),
                format!("{unknown}; expected one of {}", allowed.join(", ")),
            ));
        };
        if out[i].is_some() {
            return Err(err(child(path, key), "given twice"));
        }
        out[i] = Some(value);
    }
    Ok(out)
}

pub(super) fn required<'a, 't>(
    path: &str,
    v: Option<&'a Json<'t>>,
) -> Result<&'a Json<'t>, ScenarioError> {
    v.ok_or_else(|| err(path, "missing"))
}

pub(super) fn object<'a, 't>(
    path: &str,
    v: &'a Json<'t>,
) -> Result<&'a [(Cow<'t, str>, Json<'t>)], ScenarioError> {
    match v {
        Json::Object(entries) => Ok(entries),
        other => Err(err(
            path,
            format!("expected an object, got {}", other.kind()),
        )),
    }
}

pub(super) fn array<'a, 't>(
    path: &str,
    v: &'a Json<'t>,
    max: usize,
) -> Result<&'a [Json<'t>], ScenarioError> {
    match v {
        Json::Array(items) if items.len() > max => Err(err(
            path,
            format!("too many entries: {} (at most {max})", items.len()),
        )),
        Json::Array(items) => Ok(items),
        other => Err(err(
            path,
            format!("expected an array, got {}", other.kind()),
        )),
    }
}

pub(super) fn boolean(path: &str, v: &Json<'_>) -> Result<bool, ScenarioError> {
    match v {
        Json::Bool(b) => Ok(*b),
        other => Err(err(
            path,
            format!("expected true or false, got {}", other.kind()),
        )),
    }
}

pub(super) fn text_field(path: &str, v: &Json<'_>) -> Result<String, ScenarioError> {
    match v {
        Json::String(s) if s.len() > MAX_TEXT_BYTES => Err(err(
            path,
            format!("too long: {} bytes (at most {MAX_TEXT_BYTES})", s.len()),
        )),
        Json::String(s) => Ok(s.to_string()),
        other => Err(err(
            path,
            format!("expected a string, got {}", other.kind()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_what_is_not_an_identifier() {
        assert_eq!(child("", "format"), "format");
        assert_eq!(child("cpu", "TCR_EL1"), "cpu.TCR_EL1");
        assert_eq!(child("memory", "0x40200004"), "memory.\"0x40200004\"");
        assert_eq!(child("", "a b"), "\"a b\"");
        assert_eq!(elem("queries", 2), "queries[2]");
        assert_eq!(child(&elem("queries", 2), "op"), "queries[2].op");
    }

    #[test]
    fn long_strings_are_cut_at_forty_chars() {
        let ascii = "0123456789".repeat(5);
        assert_eq!(show(&ascii), format!("\"{}\"...", &ascii[..40]));
        assert_eq!(show(&ascii[..40]), format!("\"{}\"", &ascii[..40]));
        // More than 40 bytes but 40 chars: not cut.
        let wide = "é".repeat(40);
        assert_eq!(show(&wide), format!("\"{wide}\""));
        assert_eq!(show(&"é".repeat(41)), format!("\"{wide}\"..."));
        assert_eq!(
            child("memory", &ascii),
            format!("memory.\"{}\"...", &ascii[..40])
        );
        assert_eq!(child("", "é"), "\"é\"");
        assert_eq!(elem("", 0), "[0]");
        assert_eq!(elem("a", 1234567), "a[1234567]");
        assert_eq!(elem("a", usize::MAX), format!("a[{}]", usize::MAX));
    }

    #[test]
    fn json_strings_escape() {
        assert_eq!(json_str("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
        assert_eq!(json_str("\t\r\u{1f}\u{7f}"), "\"\\t\\r\\u001f\u{7f}\"");
        assert_eq!(json_str(""), "\"\"");
    }
}
