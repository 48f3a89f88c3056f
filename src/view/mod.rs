//! View helpers shared by the columns: how the app reads and writes numbers, the colour of a
//! lookup level, how a bit field and its range read ([`fields`]). Everything here is drawn from
//! the core's values; nothing computes a rule.

pub mod fields;

/// Parses a number as an editor accepts it: `0x` hex, `0b` binary, or decimal (spaces and `_`
/// ignored). Text longer than any such number (a paste of a whole file, say) is none.
pub fn parse_num(text: &str) -> Option<u64> {
    if text.len() > 200 {
        return None;
    }
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let t = t.to_ascii_lowercase();
    if let Some(h) = t.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()
    } else if let Some(b) = t.strip_prefix("0b") {
        u64::from_str_radix(b, 2).ok()
    } else if t.is_empty() {
        None
    } else {
        t.parse().ok()
    }
}

/// A user's text for a message, cut after 40 characters with `…` (a paste may be megabytes).
pub fn quoted(text: &str) -> String {
    match text.char_indices().nth(40) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// A 64-bit value as `0x%016x`.
pub fn hex64(v: u64) -> String {
    format!("0x{v:016x}")
}

/// The CSS class of a lookup level's colour.
pub fn level_class(level: Option<i8>) -> String {
    match level {
        Some(-1) => "lvlm1".into(),
        Some(l) => format!("lvl{l}"),
        None => "lvlx".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_num("0x1f"), Some(31));
        assert_eq!(parse_num("0b101"), Some(5));
        assert_eq!(parse_num(" 25 "), Some(25));
        assert_eq!(parse_num("0x0000_0000_4020_0000"), Some(0x4020_0000));
        assert_eq!(parse_num("zz"), None);
        assert_eq!(parse_num(""), None);
        assert_eq!(parse_num(&"1".repeat(300)), None);
        assert_eq!(quoted("0x12"), "0x12");
        assert_eq!(quoted(&"z".repeat(1000)), format!("{}…", "z".repeat(40)));
    }
}
