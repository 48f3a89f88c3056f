//! One table as a card: where it is, its size and granule, and its rows (entries, folded empty
//! runs, runs stage 2 does not map; of a full table, the entries near the walked one, see
//! [`super::window`]), with a form to show any entry.

use atwalk_core::fault::Stage;
use atwalk_core::layout::{PlacedTable, Row};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::entry::entry_row;
use super::props::Ctx;
use super::window::{Shown, WINDOW, window};
use crate::view::{hex64, level_class, parse_num};

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::S1 => "Stage 1",
        Stage::S2 => "Stage 2",
    }
}

/// The card of table `t`; `opened` holds the entries shown by hand, as (the table's PA, index).
pub fn table_card(
    c: &Ctx<'_>,
    t: &PlacedTable,
    opened: &UseStateHandle<Vec<(u64, u64)>>,
    added: bool,
) -> Html {
    let info = &t.info;
    let stage = stage_name(info.stage);
    let title = format!("{stage} level {} table", info.level);
    let (Some(pa), Some(lay)) = (info.pa, &t.layout) else {
        return html! {
            <div class={classes!("tcard", level_class(Some(info.level)))}>
                <h3>{ title }</h3>
                <p class="muted small">{ format!("@ {} (IPA): its stage 2 translation failed, so it is not in guest memory.", hex64(info.addr)) }</p>
            </div>
        };
    };
    let open_ref = NodeRef::default();
    let on_open = {
        let (opened, open_ref, n) = (opened.clone(), open_ref.clone(), info.entries);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = open_ref.cast::<HtmlInputElement>()
                && let Some(k) = parse_num(&el.value())
                && k < n
            {
                let mut set = (*opened).clone();
                set.push((pa, k));
                opened.set(set);
                el.set_value("");
            }
        })
    };
    let opened_here: Vec<u64> = opened
        .iter()
        .filter(|(p, _)| *p == pa)
        .map(|(_, k)| *k)
        .collect();
    let current_at = c.props.current.map(|(at, _)| at);
    let rows = window(
        t.rows(&c.props.scenario.memory, opened_here.iter().copied()),
        info.index,
        |k| opened_here.contains(&k) || (current_at.is_some() && lay.entry(k) == current_at),
    );
    let show = |used: &[u64]| {
        let (opened, picked) = (
            opened.clone(),
            used[..used.len().min(WINDOW as usize)].to_vec(),
        );
        Callback::from(move |_: MouseEvent| {
            let mut set = (*opened).clone();
            set.extend(picked.iter().map(|k| (pa, *k)));
            opened.set(set);
        })
    };
    let where_ = if info.addr == pa {
        format!("@ {}", hex64(pa))
    } else {
        format!("@ IPA {} = PA {}", hex64(info.addr), hex64(pa))
    };
    html! {
        <div class={classes!("tcard", level_class(Some(info.level)))} data-table={hex64(pa)}>
            <h3>{ title.clone() }
                if added { <span class="badge">{ "added" }</span> }
            </h3>
            <p class="tmeta"><code>{ where_ }</code>{ format!(" · {} entries · {} granule", info.entries, info.granule.name()) }</p>
            if lay.split() {
                <p class="muted small">{ "Stage 2 maps this table's IPAs piece by piece: each entry is shown where stage 2 puts it." }</p>
            }
            { for rows.into_iter().map(|r| match r {
                Shown::Hidden { from, n, used } => html! {
                    <div key={format!("h{from}")} class="fold more" data-testid="hidden-entries">
                        { format!("… [{from}]–[{}]: {n} entries, {} in use, not drawn ", from + n - 1, used.len()) }
                        <button class="linkish" onclick={show(&used)}>{
                            if used.len() as u64 > WINDOW { format!("show {WINDOW} of them") } else { "show them".to_string() }
                        }</button>
                    </div>
                },
                Shown::Row(r) => match r {
                Row::Entry(k) => lay.entry(k).map_or_else(|| html! { <span key={format!("e{k}")} /> }, |at| entry_row(c, info, at, k)),
                Row::Unmapped { from, n } => html! {
                    <div key={format!("u{from}")} class="fold unmapped" data-testid="s2-unmapped" aria-label={format!("{n} entries not mapped by stage 2")}>
                        { if n == 1 { format!("[{from}] not mapped by stage 2 (IPA {})", hex64(info.entry_addr(from))) }
                          else { format!("[{from}]–[{}] not mapped by stage 2 (IPAs from {})", from + n - 1, hex64(info.entry_addr(from))) } }
                    </div>
                },
                Row::Fold { from, n } => html! {
                    <div key={format!("f{from}")} class="fold" aria-label={format!("{n} empty entries")}>
                        { if n == 1 { format!("… [{from}] empty") } else { format!("… {n} empty entries [{from}]–[{}]", from + n - 1) } }
                    </div>
                },
                },
            }) }
            <form class="openslot" onsubmit={on_open}>
                <label>{ "Show entry " }
                    <input type="text" class="num" ref={open_ref} placeholder={format!("0–{}", info.entries - 1)}
                        aria-label={format!("entry index of the {title} to show")} size="6" />
                </label>
                <button type="submit">{ "Show" }</button>
            </form>
        </div>
    }
}
