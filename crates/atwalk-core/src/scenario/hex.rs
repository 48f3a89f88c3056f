//! Hex strings, the form of every register, address and word in a
//! scenario file: `"0x"` and 1 to 16 hex digits, with a message naming the
//! problem otherwise.

use super::ScenarioError;
use super::json::{Json, err, show};

/// Parses `"0x"` followed by 1 to 16 hex digits.
pub(super) fn parse_hex(s: &str) -> Result<u64, String> {
    // Every hex string of a file comes here: the well-formed ones are read in
    // one pass, the others go to `hex_error` for the message.
    let bytes = s.as_bytes();
    if bytes.len() > 2 && bytes.len() <= 18 && bytes.starts_with(b"0x") {
        let digits = &bytes[2..];
        // Registers and words are usually written with all 16 digits: a loop
        // of fixed length, which the compiler unrolls.
        let parsed = match <&[u8; 16]>::try_from(digits) {
            Ok(sixteen) => hex_digits(sixteen),
            Err(_) => hex_digits(digits),
        };
        if let Some(value) = parsed {
            return Ok(value);
        }
    }
    hex_error(s)
}

/// The value of 1 to 16 hex digits, or `None` if a byte is not one.
#[inline(always)]
fn hex_digits(digits: &[u8]) -> Option<u64> {
    let mut value = 0u64;
    let mut bad = 0;
    for &b in digits {
        let digit = HEX_DIGIT[usize::from(b)];
        bad |= digit;
        value = (value << 4) | u64::from(digit & 0xf);
    }
    (bad & NOT_HEX == 0).then_some(value)
}

/// Marks a byte that is not a hex digit in `HEX_DIGIT`.
const NOT_HEX: u8 = 0x10;

/// Each byte's value as a hex digit, or `NOT_HEX`.
const HEX_DIGIT: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// Why `s` is not `"0x"` followed by 1 to 16 hex digits (or, unreachable
/// from `parse_hex`, its value).
fn hex_error(s: &str) -> Result<u64, String> {
    let Some(digits) = s.strip_prefix("0x") else {
        return Err(format!("malformed hex {}: must start with \"0x\"", show(s)));
    };
    if digits.is_empty() {
        return Err(format!("malformed hex {}: no digits after \"0x\"", show(s)));
    }
    if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!(
            "malformed hex {}: {bad:?} is not a hex digit",
            show(s)
        ));
    }
    if digits.len() > 16 {
        let significant = digits.trim_start_matches('0').len();
        return Err(if significant > 16 {
            format!(
                "value {} is wider than 64 bits ({significant} significant hex digits)",
                show(s)
            )
        } else {
            format!(
                "malformed hex {}: at most 16 digits after \"0x\", got {}",
                show(s),
                digits.len()
            )
        });
    }
    // Cannot fail: 1 to 16 hex digits.
    u64::from_str_radix(digits, 16).map_err(|e| e.to_string())
}

/// A hex string member: `like` is the example the type error shows.
pub(super) fn hex(path: &str, v: &Json<'_>, like: &str) -> Result<u64, ScenarioError> {
    match v {
        Json::String(s) => parse_hex(s).map_err(|m| err(path, m)),
        other => Err(err(
            path,
            format!(
                "expected a hex string like \"{like}\", got {}",
                other.kind()
            ),
        )),
    }
}

pub(super) const REG_LIKE: &str = "0x0000000040200000";
pub(super) const ADDR_LIKE: &str = "0x40200000";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_one_to_sixteen_digits() {
        assert_eq!(parse_hex("0x0"), Ok(0));
        assert_eq!(parse_hex("0xFfFf"), Ok(0xffff));
        assert_eq!(parse_hex("0xffffffffffffffff"), Ok(u64::MAX));
        assert_eq!(parse_hex("0x0000000000000001"), Ok(1));
    }

    #[test]
    fn hex_rejects_malformed() {
        for bad in [
            "", "0x", "0X1", "1", "0x-1", "+0x1", "0x 1", "0x1_0", " 0x1", "0x1 ", "0xg",
        ] {
            assert!(parse_hex(bad).is_err(), "{bad:?}");
        }
        assert!(
            parse_hex("0x10000000000000000")
                .unwrap_err()
                .contains("wider than 64 bits (17 significant")
        );
        assert!(
            parse_hex("0x00000000000000001")
                .unwrap_err()
                .contains("at most 16 digits")
        );
    }

    #[test]
    fn hex_errors_name_the_problem() {
        assert_eq!(
            parse_hex("0x12g4"),
            Err("malformed hex \"0x12g4\": 'g' is not a hex digit".into())
        );
        assert_eq!(
            parse_hex("0xé"),
            Err("malformed hex \"0xé\": 'é' is not a hex digit".into())
        );
        assert_eq!(
            parse_hex("0x"),
            Err("malformed hex \"0x\": no digits after \"0x\"".into())
        );
        assert_eq!(
            parse_hex("12"),
            Err("malformed hex \"12\": must start with \"0x\"".into())
        );
    }
}
