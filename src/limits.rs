//! The app's limits beyond the core's (docs/scenario-format.md, "Limits"): what the app opens and
//! holds, so that it answers every edit at once in a browser, and the length of a share link
//! browsers carry. A scenario beyond them is refused with a message that names the limit and says
//! that the command line, which takes every scenario the format allows, takes it.

use atwalk_core::scenario::Scenario;

/// The largest file the app imports, in bytes (checked before the file is read): a scenario of
/// [`MAX_WORDS`] words as the app exports it is 9.6 MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The most memory words the app holds (the format allows 1,000,000).
pub const MAX_WORDS: usize = 250_000;

/// The longest share link the app makes, in characters: what the address bar of every major
/// browser takes (Chromium's shows at most 32 KiB of a URL).
pub const MAX_LINK_CHARS: usize = 32_000;

/// `n` with a comma every three digits: 1,000,000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` bytes in MB with one decimal, rounded up (1 MB = 2^20 bytes).
pub fn megabytes(n: usize) -> String {
    let tenths = (n as u64 * 10).div_ceil(1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// Reads a scenario from outside (a file named `name`, a link, the autosave): the core's rules,
/// then the app's limits.
///
/// # Errors
/// The core's [`atwalk_core::scenario::ScenarioError`] (which names the field), or the limit.
pub fn load_text(text: &str, name: Option<&str>) -> Result<Scenario, String> {
    let s = Scenario::from_json(text).map_err(|e| e.to_string())?;
    check_scenario(&s, name)?;
    Ok(s)
}

/// What to do instead: the command line takes every scenario the format allows.
fn command_line(name: Option<&str>) -> String {
    format!(
        "The command line takes it: atwalk eval {}",
        name.unwrap_or("FILE")
    )
}

/// Why the file `name` of `bytes` bytes is too large to open, if it is (before reading it).
///
/// # Errors
/// The reason, naming the app's limit.
pub fn check_file(bytes: usize, name: &str) -> Result<(), String> {
    if bytes <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(format!(
        "it is {}, and the app opens files of at most {} (about {} memory words; \
         docs/scenario-format.md, Limits). {}",
        megabytes(bytes),
        megabytes(MAX_FILE_BYTES),
        thousands(MAX_WORDS),
        command_line(Some(name))
    ))
}

/// Why the app does not hold `s` (from the file `name`, if any), if it does not.
///
/// # Errors
/// The reason, naming the app's limit.
pub fn check_scenario(s: &Scenario, name: Option<&str>) -> Result<(), String> {
    if s.memory.len() <= MAX_WORDS {
        return Ok(());
    }
    Err(format!(
        "memory: {} words, and the app holds at most {} (docs/scenario-format.md, Limits). {}",
        thousands(s.memory.len()),
        thousands(MAX_WORDS),
        command_line(name)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(250_000), "250,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(megabytes(MAX_FILE_BYTES), "10.0 MB");
        assert_eq!(megabytes(29_934_133), "28.6 MB");
        assert_eq!(megabytes(1), "0.1 MB");
    }

    #[test]
    fn limits_name_themselves_and_the_command_line() {
        assert!(check_file(MAX_FILE_BYTES, "a.json").is_ok());
        let e = check_file(29_934_133, "big.json").unwrap_err();
        assert!(e.contains("28.6 MB") && e.contains("10.0 MB"), "{e}");
        assert!(e.ends_with("atwalk eval big.json"), "{e}");
        let mut s = crate::fixtures::fixture("plain-4k-walk");
        assert!(check_scenario(&s, None).is_ok());
        s.memory
            .extend((0..MAX_WORDS as u64).map(|i| (0x5000_0000 + 8 * i, 1)));
        let e = check_scenario(&s, None).unwrap_err();
        assert!(
            e.starts_with("memory: 250,0")
                && e.contains(" words, and the app holds at most 250,000"),
            "{e}"
        );
        assert!(e.ends_with("atwalk eval FILE"), "{e}");
        assert!(
            load_text(&s.to_json(), Some("b.json"))
                .unwrap_err()
                .ends_with("b.json")
        );
    }
}
