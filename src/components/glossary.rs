//! Glossary links: a word on screen (a register or descriptor field, a fault, a term such as IPA
//! or shadow stage 2) is a button that opens its entry of `atwalk_teach::glossary` (the data: a
//! short explanation and its Arm ARM name) in one panel at the side of the page. The app knows the
//! words; the explanations come from the teaching worker ([`crate::library::explain`]). The panel
//! takes the focus when it opens and gives it back when it closes (Escape or its × button).
//!
//! [`term`] links a word whose entry is known; [`linkify`] links, in a sentence, the words that
//! name an entry ([`LINKED`]: written as in the Arm ARM, with a capital, or a term of two words),
//! the first time each appears.

use std::cell::RefCell;

use atwalk_teach::glossary::{self, Entry};
use yew::prelude::*;

thread_local! {
    /// Opens an entry in the panel (`None`: closes it); the app sets it once ([`set_opener`]).
    static OPEN: RefCell<Option<Callback<Option<&'static Entry>>>> = const { RefCell::new(None) };
}

/// Makes `open` the way every glossary word opens its entry.
pub fn set_opener(open: Callback<Option<&'static Entry>>) {
    OPEN.with(|o| *o.borrow_mut() = Some(open));
}

/// A word that opens its glossary entry (`label`: the word shown).
pub fn term(entry: &'static Entry, label: impl Into<AttrValue>) -> Html {
    let onclick = Callback::from(move |ev: MouseEvent| {
        ev.stop_propagation();
        if let Some(open) = OPEN.with(|o| o.borrow().clone()) {
            open.emit(Some(entry));
        }
    });
    html! {
        <button type="button" class="term" {onclick} data-term={entry.term}
            title={format!("{}: what it means", entry.term)}>{ label.into() }</button>
    }
}

/// A field's name, linked to its entry when it has one (`register` as the core's `NAME`).
pub fn field_term(register: &str, name: &'static str) -> Html {
    match glossary::field(register, name) {
        Some(entry) => term(entry, name),
        None => html! { { name } },
    }
}

/// The words [`linkify`] looks for in a sentence: each entry's term and aliases that are written
/// with a capital letter or are more than one word (so `page` or `level` stay plain words).
pub fn linked() -> impl Iterator<Item = (&'static str, &'static Entry)> {
    glossary::entries().iter().flat_map(|e| {
        std::iter::once(e.term)
            .chain(e.aliases.iter().copied())
            .filter(|w| {
                w.len() > 1 && (w.bytes().any(|b| b.is_ascii_uppercase()) || w.contains(' '))
            })
            .filter(|w| !w.contains('<'))
            .map(move |w| (w, e))
    })
}

/// Whether `b` can continue a word (so `PAN` is not found in `PANIC` nor `EPAN`).
fn wordish(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The first place in `text` (at or after `from`) where a linked word stands as a word: its
/// start, its length and its entry. The longest word wins at a place.
fn next_word(text: &str, from: usize, seen: &[&str]) -> Option<(usize, usize, &'static Entry)> {
    let bytes = text.as_bytes();
    let mut best: Option<(usize, usize, &'static Entry)> = None;
    for (w, e) in linked() {
        if seen.contains(&e.term) {
            continue;
        }
        let mut at = from;
        while let Some(i) = text.get(at..).and_then(|t| t.find(w)).map(|i| i + at) {
            let end = i + w.len();
            let before = i == 0 || !wordish(bytes[i - 1]);
            let after = end == bytes.len() || !wordish(bytes[end]);
            if before && after {
                if best.is_none_or(|(bi, bl, _)| i < bi || (i == bi && w.len() > bl)) {
                    best = Some((i, w.len(), e));
                }
                break;
            }
            at = i + 1;
        }
    }
    best
}

/// `text` split into plain runs and linked words: `(run, entry)`, each entry once.
pub fn split(text: &str) -> Vec<(&str, Option<&'static Entry>)> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some((i, n, e)) = next_word(text, at, &seen) {
        if i > at {
            out.push((&text[at..i], None));
        }
        out.push((&text[i..i + n], Some(e)));
        seen.push(e.term);
        at = i + n;
    }
    if at < text.len() {
        out.push((&text[at..], None));
    }
    out
}

/// A sentence with its glossary words linked. A word's button and the punctuation that touches it
/// (`(stage 1)`) stay on one line.
pub fn linkify(text: &str) -> Html {
    let parts = split(text);
    let word = |i: usize| parts.get(i).is_some_and(|p| p.1.is_some());
    // Each plain run cut in three: what the word before takes, the rest, what the word after takes.
    let cuts: Vec<(usize, usize)> = parts
        .iter()
        .enumerate()
        .map(|(i, &(run, _))| {
            let lead = if i > 0 && word(i - 1) {
                run.find(char::is_whitespace).unwrap_or(run.len())
            } else {
                0
            };
            let trail = if word(i + 1) {
                run[lead..]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(lead, |(k, c)| lead + k + c.len_utf8())
            } else {
                run.len()
            };
            (lead, trail)
        })
        .collect();
    let out = parts.iter().enumerate().map(|(i, &(run, e))| match e {
        None => html! { { run[cuts[i].0..cuts[i].1].to_owned() } },
        Some(entry) => {
            let before = match i.checked_sub(1) {
                Some(j) if !word(j) => &parts[j].0[cuts[j].1..],
                _ => "",
            };
            let after = match parts.get(i + 1) {
                Some((r, None)) => &r[..cuts[i + 1].0],
                _ => "",
            };
            html! {
                <span class="nw">{ before.to_owned() }{ term(entry, run.to_owned()) }{ after.to_owned() }</span>
            }
        }
    });
    html! { { for out } }
}

/// Properties of [`GlossaryPanel`].
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The entry on show.
    pub entry: &'static Entry,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// The entry on show, beside the page.
#[function_component]
pub fn GlossaryPanel(props: &PanelProps) -> Html {
    let close = use_node_ref();
    let back = use_mut_ref(|| None::<web_sys::HtmlElement>);
    {
        let (close, back) = (close.clone(), back.clone());
        // The focus moves to the panel when it opens, and back to the word when it closes.
        use_effect_with(props.entry.term, move |_| {
            if back.borrow().is_none() {
                *back.borrow_mut() = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok());
            }
            if let Some(b) = close.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
            move || {
                if let Some(e) = back.borrow_mut().take() {
                    let _ = e.focus();
                }
            }
        });
    }
    // The explanation, once the worker has sent it, with the term it explains (an answer for a
    // term no longer on show is not shown).
    type Said = Option<(&'static str, Result<crate::library::Explained, String>)>;
    let said = use_state(|| None as Said);
    {
        let said = said.clone();
        use_effect_with(props.entry.term, move |&term| {
            crate::library::explain(term, move |x| said.set(Some((term, x))));
        });
    }
    let e = props.entry;
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let c = props.on_close.clone();
        Callback::from(move |ev: KeyboardEvent| {
            if ev.key() == "Escape" {
                ev.stop_propagation();
                ev.prevent_default();
                c.emit(());
            }
        })
    };
    html! {
        <aside class="glosspanel" role="dialog" aria-label={format!("Glossary: {}", e.term)}
            onkeydown={on_key} data-testid="glossary">
            <button class="close" ref={close} onclick={on_close} aria-label="Close the glossary (Esc)"
                data-testid="glossary-close">{ "×" }</button>
            <h2 data-testid="glossary-term">{ e.term }</h2>
            { match said.as_ref().filter(|s| s.0 == e.term).map(|s| &s.1) {
                None => html! { <p class="muted" aria-busy="true">{ "Opening the entry\u{2026}" }</p> },
                Some(Ok(x)) => html! { <>
                    <p class="arm" data-testid="glossary-arm"><span class="muted">{ "In the Arm ARM: " }</span>{ x.arm.clone() }</p>
                    <p data-testid="glossary-text">{ x.text.clone() }</p>
                </> },
                Some(Err(why)) => html! {
                    <p class="error" data-testid="glossary-text">{ format!("The explanation could not be loaded: {why}.") }</p>
                },
            } }
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_link_their_terms_once_and_as_words() {
        let s =
            split("PAN is set, so PAN blocks the read of the IPA; EPAN too, via shadow stage 2.");
        let linked: Vec<&str> = s
            .iter()
            .filter(|(_, e)| e.is_some())
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(linked, ["PAN", "IPA", "EPAN", "shadow stage 2"]);
        let text = "PAN is set, so PAN blocks the read of the IPA; EPAN too, via shadow stage 2.";
        assert_eq!(s.iter().map(|(w, _)| *w).collect::<String>(), text);
        assert!(split("a page at level 3").iter().all(|(_, e)| e.is_none()));
    }

    /// Every register and descriptor view the app shows (editors, bit grids, PAR_EL1).
    #[test]
    fn every_field_and_fault_the_app_shows_has_an_entry() {
        use atwalk_core::fault::FaultKind;
        use atwalk_core::regs::{ParEl1Fault, ParEl1Ok};
        // The app shows exactly the views the glossary lists.
        for (view, fields) in glossary::VIEWS {
            // The PAR table links its fields under ParEl1Ok's name, whatever the format.
            let shown_as = if view == ParEl1Fault::NAME {
                ParEl1Ok::NAME
            } else {
                view
            };
            for f in fields {
                assert!(
                    glossary::field(shown_as, f.name).is_some(),
                    "{view}.{}",
                    f.name
                );
            }
        }
        for k in [
            FaultKind::Translation,
            FaultKind::AddressSize,
            FaultKind::AccessFlag,
            FaultKind::Permission,
            FaultKind::SyncExternalOnWalk,
        ] {
            assert!(
                split(k.name()).iter().any(|(_, e)| e.is_some()),
                "{}",
                k.name()
            );
        }
    }

    /// The terms the lessons lean on are linked where the presets' questions name them.
    #[test]
    fn the_presets_questions_link_their_terms() {
        let mut linked = std::collections::BTreeSet::new();
        for p in atwalk_teach::presets::all() {
            let s = p.scenario();
            let n = atwalk_teach::presets::Notes::split(&s.notes);
            for (_, e) in split(n.question).into_iter().chain(split(n.explanation)) {
                linked.extend(e.map(|e| e.term));
            }
        }
        for t in [
            "IPA",
            "PAN",
            "AF",
            "APTable",
            "shadow stage 2",
            "TTBR",
            "Permission fault",
        ] {
            assert!(linked.contains(t), "{t} is never linked: {linked:?}");
        }
    }
}
