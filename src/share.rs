//! Share links, exactly as docs/scenario-format.md defines them: the app's URL with `#s=`
//! followed by the scenario's JSON (UTF-8), compressed with raw DEFLATE (RFC 1951, no zlib or gzip
//! header) and encoded as base64url (RFC 4648 section 5) without padding.

use atwalk_core::scenario::Scenario;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The fragment prefix of a share link.
pub const PREFIX: &str = "#s=";

/// The largest inflated scenario a link may carry (the core's own limits apply after that).
const MAX_INFLATED: usize = 16 * 1024 * 1024;

/// The fragment (with its `#s=`) that carries `scenario`.
pub fn encode(scenario: &Scenario) -> String {
    encode_json(&scenario.to_json())
}

/// The fragment (with its `#s=`) that carries this JSON text as it is.
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
    Scenario::from_json(&text).map_err(|e| format!("share link: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../presets/kvm/fast-path-pan.json");

    #[test]
    fn round_trip() {
        let s = Scenario::from_json(EXAMPLE).unwrap();
        let link = encode(&s);
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
    fn errors_name_the_stage() {
        assert!(decode("#x=abc").unwrap_err().contains("#s="));
        assert!(decode("#s=***").unwrap_err().contains("base64url"));
        assert!(decode("#s=AAAA").unwrap_err().contains("DEFLATE"));
        let bad = encode_json("{\"format\": \"at-scenario/1\", \"cpu\": {\"TCR_EL1\": \"0xZZ\"}}");
        let e = decode(&bad).unwrap_err();
        assert!(e.contains("cpu.TCR_EL1"), "{e}");
    }
}
