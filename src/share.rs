//! Share links, exactly as docs/scenario-format.md defines them: the app's URL with `#s=`
//! followed by the scenario's JSON (UTF-8), compressed with raw DEFLATE (RFC 1951, no zlib or gzip
//! header) and encoded as base64url (RFC 4648 section 5) without padding. The app reads links
//! itself (miniz_oxide's inflate, at once when a page opens) and lets the browser compress them
//! (CompressionStream: miniz_oxide's compressor would be a third of the app's size budget).

use atwalk_core::scenario::Scenario;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::dom;
use crate::limits::{self, MAX_LINK_CHARS, megabytes, thousands};

/// The fragment prefix of a share link.
pub const PREFIX: &str = "#s=";

/// The largest inflated scenario a link may carry: the largest file the app opens (the core's
/// rules and the app's limits apply after that).
const MAX_INFLATED: usize = limits::MAX_FILE_BYTES;

/// Scenario text longer than this is not compressed for a link: no scenario compresses so well
/// that it would fit in [`MAX_LINK_CHARS`], and compressing it would take seconds.
const MAX_LINK_TEXT: usize = 4 * 1024 * 1024;

/// Why there is no link for a scenario whose `what` is too long.
fn too_long(what: String) -> String {
    format!(
        "This scenario is too large for a share link: {what}, and browsers carry links of at \
         most about {} characters. Export it as a file and send the file instead.",
        thousands(MAX_LINK_CHARS)
    )
}

/// The text a link of `scenario` carries, if it is not too long to compress.
///
/// # Errors
/// Why there is no link: the text is too long.
pub fn link_text(scenario: &Scenario) -> Result<String, String> {
    let text = scenario.to_json();
    if text.len() > MAX_LINK_TEXT {
        return Err(too_long(format!("its text is {}", megabytes(text.len()))));
    }
    Ok(text)
}

/// The link on `page` (the app's URL without a fragment) that carries `deflated`, the raw DEFLATE
/// of a scenario's text, if browsers carry it.
///
/// # Errors
/// Why there is no link: it would be too long.
pub fn link_from(page: &str, deflated: &[u8]) -> Result<String, String> {
    let url = format!("{page}{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated));
    if url.len() > MAX_LINK_CHARS {
        return Err(too_long(format!(
            "its link would be {} characters",
            thousands(url.len())
        )));
    }
    Ok(url)
}

/// Makes the share link of `scenario` on `page` and gives it to `done` (or why there is none). The
/// browser compresses the text ([`dom::deflate_raw`]), so the link comes a moment later.
pub fn make_link(
    scenario: &Scenario,
    page: String,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    match link_text(scenario) {
        Err(e) => done(Err(e)),
        Ok(text) => dom::deflate_raw(&text, move |deflated| {
            done(match deflated {
                Some(d) => link_from(&page, &d),
                None => Err("This browser cannot compress a share link (it lacks \
                             CompressionStream): export the scenario as a file instead."
                    .into()),
            })
        }),
    }
}

/// The fragment (with its `#s=`) that carries this JSON text as it is (the tests' encoder).
#[cfg(test)]
pub fn encode_json(json: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Whether a URL fragment is a share link (`#s=...`).
pub fn is_share(hash: &str) -> bool {
    hash.starts_with(PREFIX)
}

/// Reads the scenario in a share-link fragment (`#s=...`, with or without the `#`).
///
/// # Errors
/// A message saying which stage failed: base64url, DEFLATE, UTF-8, or the scenario itself (the
/// core's [`atwalk_core::scenario::ScenarioError`], which names the field).
pub fn decode(hash: &str) -> Result<Scenario, String> {
    let data = hash
        .strip_prefix('#')
        .unwrap_or(hash)
        .strip_prefix("s=")
        .ok_or_else(|| "share link: the fragment does not start with #s=".to_string())?;
    let bytes = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('=').as_bytes())
        .map_err(|e| format!("share link: not base64url ({e})"))?;
    let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INFLATED)
        .map_err(|e| format!("share link: not raw DEFLATE data ({:?})", e.status))?;
    let text = String::from_utf8(inflated)
        .map_err(|e| format!("share link: the scenario is not UTF-8 text ({e})"))?;
    limits::load_text(&text, None).map_err(|e| format!("share link: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../presets/kvm/fast-path-pan.json");

    #[test]
    fn round_trip() {
        let s = Scenario::from_json(EXAMPLE).unwrap();
        let link = encode_json(&s.to_json());
        assert!(link.starts_with("#s="));
        assert!(
            !link.contains('=') || link.find('=') == Some(2),
            "no padding: {link}"
        );
        assert!(!link.contains('+') && !link.contains('/'));
        assert_eq!(decode(&link).unwrap(), s);
        assert_eq!(decode(&link[1..]).unwrap(), s);
    }

    #[test]
    fn a_link_too_long_for_browsers_is_not_made() {
        let mut s = Scenario::from_json(EXAMPLE).unwrap();
        let page = "https://example.org/atwalk/";
        let deflate = |t: &str| miniz_oxide::deflate::compress_to_vec(t.as_bytes(), 6);
        let url = link_from(page, &deflate(&link_text(&s).unwrap())).unwrap();
        assert!(url.starts_with("https://example.org/atwalk/#s="));
        assert_eq!(decode(&url[page.len()..]).unwrap(), s);
        // Pseudo-random words barely compress: a few thousand make the link too long.
        let mut x: u64 = 0x1234_5678;
        for i in 0..5000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.memory.insert(0x5000_0000 + 8 * i, x);
        }
        let e = link_from(page, &deflate(&link_text(&s).unwrap())).unwrap_err();
        assert!(e.contains("link would be") && e.contains("Export"), "{e}");
        s.memory
            .extend((0..150_000u64).map(|i| (0x6000_0000 + 8 * i, i)));
        let e = link_text(&s).unwrap_err();
        assert!(e.contains("its text is"), "{e}");
    }

    #[test]
    fn errors_name_the_stage() {
        assert!(decode("#x=abc").unwrap_err().contains("#s="));
        assert!(decode("#s=***").unwrap_err().contains("base64url"));
        assert!(decode("#s=AAAA").unwrap_err().contains("DEFLATE"));
        let bad = encode_json("{\"format\": \"at-scenario/1\", \"cpu\": {\"TCR_EL1\": \"0xZZ\"}}");
        let e = decode(&bad).unwrap_err();
        assert!(e.contains("cpu.TCR_EL1"), "{e}");
    }
}
