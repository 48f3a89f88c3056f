//! Share links, exactly as docs/scenario-format.md defines them: the app's URL with `#s=`
//! followed by the scenario's JSON (UTF-8), compressed with raw DEFLATE (RFC 1951, no zlib or gzip
//! header) and encoded as base64url (RFC 4648 section 5) without padding.
//!
//! The codec belongs to the browser: index.html's `atwalkDeflate` compresses a link's text
//! (CompressionStream) and encodes it as base64url (btoa), and its `atwalkInflate` decodes a link's
//! data (atob, DecompressionStream, a fatal TextDecoder), reading at most [`MAX_INFLATED`] bytes.
//! Both are asynchronous, and both are reached through [`dom`]. This module keeps what is the
//! app's own: the limits, the link's URL, the messages naming the stage that failed, and the
//! scenario's loader ([`limits::load_text`]).
//!
//! Opening a link, [`read_hash`]: the address bar's fragment is read and, for a share link, its
//! data decoded by the browser; the fragment and what came of it are then kept ([`Opened`]) until
//! the hooks take them (`hooks::share_link::take_share_link`, `hooks::exercise_link::take`), which
//! read them synchronously, as before. `main` renders the app only once [`read_hash`] is done, so
//! a page opened with `#s=...` shows the shared scenario in its first render, never the default
//! one (decoding a link takes a few milliseconds, once the wasm runs); the `hashchange` listener
//! waits for it the same way. The page could decode its fragment before the wasm starts, but
//! Trunk's loader starts the wasm by itself, and the limit would be written twice.

use std::cell::RefCell;

use atwalk_core::scenario::Scenario;

use crate::dom;
use crate::limits::{self, MAX_LINK_CHARS, megabytes, thousands};

/// The fragment prefix of a share link.
pub const PREFIX: &str = "#s=";

/// The largest inflated scenario a link may carry: the largest file the app opens (the core's
/// rules and the app's limits apply after that). The browser stops inflating past it.
const MAX_INFLATED: usize = limits::MAX_FILE_BYTES;

/// Scenario text longer than this is not compressed for a link: no scenario compresses so well
/// that it would fit in [`MAX_LINK_CHARS`], and compressing it would take seconds.
const MAX_LINK_TEXT: usize = 4 * 1024 * 1024;

/// What the browser made of a link's data: the scenario's text, or the message naming the stage
/// that failed.
pub type Inflated = Result<String, String>;

/// The address bar's fragment as [`read_hash`] read it, and for a share link what its data
/// inflated to.
pub struct Opened {
    /// The fragment, with its `#`.
    pub hash: String,
    /// For a share link, its data decoded ([`data`]); `None` for any other fragment.
    pub inflated: Option<Inflated>,
}

thread_local! {
    /// The fragment last read, until a hook takes it.
    static OPENED: RefCell<Option<Opened>> = const { RefCell::new(None) };
    /// How many fragments [`read_hash`] has read: a decoding that ends after a later fragment was
    /// read is dropped, so the link pasted last wins.
    static READS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

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

/// The link on `page` (the app's URL without a fragment) that carries `data`, the base64url of
/// the raw DEFLATE of a scenario's text, if browsers carry it.
///
/// # Errors
/// Why there is no link: it would be too long.
pub fn link_from(page: &str, data: &str) -> Result<String, String> {
    let url = format!("{page}{PREFIX}{data}");
    if url.len() > MAX_LINK_CHARS {
        return Err(too_long(format!(
            "its link would be {} characters",
            thousands(url.len())
        )));
    }
    Ok(url)
}

/// Makes the share link of `scenario` on `page` and gives it to `done` (or why there is none). The
/// browser compresses and encodes the text ([`dom::deflate_link`]), so the link comes a moment
/// later.
pub fn make_link(
    scenario: &Scenario,
    page: String,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    match link_text(scenario) {
        Err(e) => done(Err(e)),
        Ok(text) => dom::deflate_link(&text, move |data| {
            done(match data {
                Some(d) => link_from(&page, &d),
                None => Err("This browser cannot compress a share link (it lacks \
                             CompressionStream): export the scenario as a file instead."
                    .into()),
            })
        }),
    }
}

/// Whether a URL fragment is a share link (`#s=...`).
pub fn is_share(hash: &str) -> bool {
    hash.starts_with(PREFIX)
}

/// The data of a share link's fragment: what follows `#s=` (or `s=`) up to the first `&`, where an
/// exercise link's flags begin; `None` if the fragment is no share link.
pub fn data(hash: &str) -> Option<&str> {
    let rest = hash.strip_prefix('#').unwrap_or(hash).strip_prefix("s=")?;
    Some(rest.split('&').next().unwrap_or(rest))
}

/// The message for a stage of the browser's decoding that failed (index.html's `atwalkInflate`
/// names it): `base64url`, `deflate`, `limit` (the text inflates past [`MAX_INFLATED`]), `utf8`,
/// or `browser` (it cannot decode at all).
pub fn stage_error(stage: &str, detail: &str) -> String {
    match stage {
        "base64url" => format!("share link: not base64url ({detail})"),
        "deflate" => format!("share link: not raw DEFLATE data ({detail})"),
        "limit" => format!(
            "share link: not raw DEFLATE data (it inflates to more than {}, the largest \
             scenario the app opens)",
            megabytes(MAX_INFLATED)
        ),
        "utf8" => format!("share link: the scenario is not UTF-8 text ({detail})"),
        _ => format!(
            "share link: this browser cannot read it (it lacks DecompressionStream: {detail})"
        ),
    }
}

/// The scenario in a link's decoded data.
///
/// # Errors
/// A message saying which stage failed: the browser's (base64url, DEFLATE, UTF-8), or the
/// scenario itself (the core's [`atwalk_core::scenario::ScenarioError`], which names the field).
pub fn scenario(inflated: &Inflated) -> Result<Scenario, String> {
    let text = inflated.as_ref().map_err(Clone::clone)?;
    limits::load_text(text, None).map_err(|e| format!("share link: {e}"))
}

/// Reads the address bar's fragment and, for a share link, has the browser decode its data; then
/// keeps both for the hooks to take ([`take_opened`]) and calls `done`: at once for any other
/// fragment, a moment later for a share link (not at all if another fragment was read meanwhile:
/// the later one wins).
pub fn read_hash(done: impl FnOnce() + 'static) {
    let hash = dom::hash();
    let this = READS.with(|r| {
        r.set(r.get() + 1);
        r.get()
    });
    let Some(d) = data(&hash).map(str::to_string) else {
        OPENED.with(|o| {
            o.replace(Some(Opened {
                hash,
                inflated: None,
            }))
        });
        return done();
    };
    dom::inflate_link(&d, MAX_INFLATED, move |r| {
        if READS.with(|r| r.get()) != this {
            return;
        }
        let inflated = Some(r.map_err(|(stage, detail)| stage_error(&stage, &detail)));
        OPENED.with(|o| o.replace(Some(Opened { hash, inflated })));
        done();
    });
}

/// What `f` makes of the fragment [`read_hash`] read last, if anything: then the fragment is
/// taken (no other hook sees it).
pub fn take_opened<T>(f: impl FnOnce(&Opened) -> Option<T>) -> Option<T> {
    OPENED.with(|o| {
        let mut o = o.borrow_mut();
        let out = f(o.as_ref()?)?;
        *o = None;
        Some(out)
    })
}

/// The browser's decoding, natively, for the tests: what index.html's `atwalkInflate` gives.
#[cfg(test)]
pub fn test_inflate(data: &str) -> Inflated {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('=').as_bytes())
        .map_err(|e| stage_error("base64url", &e.to_string()))?;
    let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INFLATED)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => stage_error("limit", ""),
            s => stage_error("deflate", &format!("{s:?}")),
        })?;
    String::from_utf8(inflated).map_err(|e| stage_error("utf8", &e.to_string()))
}

/// The fragment (with its `#s=`) that carries this JSON text as it is (the tests' encoder).
#[cfg(test)]
pub fn encode_json(json: &str) -> String {
    use base64::Engine as _;
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let data = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated);
    format!("{PREFIX}{data}")
}

/// The scenario of a share-link fragment, decoded natively (the tests' decoder).
#[cfg(test)]
pub fn decode(hash: &str) -> Result<Scenario, String> {
    let d = data(hash).ok_or("share link: the fragment does not start with #s=")?;
    scenario(&test_inflate(d))
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
        assert_eq!(decode(&format!("{link}&exercise=0")).unwrap(), s);
    }

    #[test]
    fn the_data_is_what_follows_the_prefix() {
        assert_eq!(data("#s=abc"), Some("abc"));
        assert_eq!(data("s=abc&exercise=1&kvm=1"), Some("abc"));
        assert_eq!(data("#s="), Some(""));
        assert_eq!(data("#x=abc"), None);
        assert_eq!(data("#ex=faults/easy/7"), None);
    }

    #[test]
    fn a_link_too_long_for_browsers_is_not_made() {
        let mut s = Scenario::from_json(EXAMPLE).unwrap();
        let page = "https://example.org/atwalk/";
        let encode = |t: &str| encode_json(t)[PREFIX.len()..].to_string();
        let url = link_from(page, &encode(&link_text(&s).unwrap())).unwrap();
        assert!(url.starts_with("https://example.org/atwalk/#s="));
        assert_eq!(decode(&url[page.len()..]).unwrap(), s);
        // Pseudo-random words barely compress: a few thousand make the link too long.
        let mut x: u64 = 0x1234_5678;
        for i in 0..5000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.memory.insert(0x5000_0000 + 8 * i, x);
        }
        let e = link_from(page, &encode(&link_text(&s).unwrap())).unwrap_err();
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
        // The browser's stages (index.html's atwalkInflate), each named.
        assert_eq!(
            stage_error("utf8", "bad byte"),
            "share link: the scenario is not UTF-8 text (bad byte)"
        );
        let e = stage_error("limit", "");
        assert!(e.contains("DEFLATE") && e.contains("10.0 MB"), "{e}");
        assert!(stage_error("browser", "x").contains("DecompressionStream"));
        let e = scenario(&Err(stage_error("deflate", "x"))).unwrap_err();
        assert_eq!(e, "share link: not raw DEFLATE data (x)");
    }

    #[test]
    fn a_link_inflating_past_the_limit_is_refused() {
        let big = " ".repeat(MAX_INFLATED + 1);
        let e = decode(&encode_json(&big)).unwrap_err();
        assert!(e.contains("more than 10.0 MB"), "{e}");
    }
}
