//! Autosave: the scenario saved a moment after each change, off the path from an edit to the
//! screen (writing a large scenario's text takes tens of milliseconds), and at once before a risky
//! action ([`flush`]: loading a file, a link or an example) and when the page is hidden; the
//! preferences saved and applied to the page (theme, large type) on every change.
//!
//! A scenario is saved only after it has been shown, so the autosave is always the last scenario
//! that worked: what a reload, or the page's recovery after an internal error, brings back. The
//! scenario a page opens with is saved only when it came from a share link (the autosave is
//! already saved, and the default one needs no saving). When
//! the scenario cannot be saved (too large, or the browser's quota is full) a message says so
//! once, and the last one saved stays.

use std::cell::RefCell;

use atwalk_core::scenario::Scenario;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::state::{Action, AppState, Notice, Prefs, Shared};
use crate::storage::NotSaved;
use crate::{dom, storage};

/// How long after a change the scenario is saved (a burst of edits saves once).
const DELAY_MS: u32 = 400;

/// A save waiting for its timer.
struct Pending {
    /// The timer (dropping it cancels it).
    _timer: Timeout,
    /// The save itself.
    save: Box<dyn FnOnce()>,
}

thread_local! {
    /// Whether the scenario a page opens with is to be saved (it came from a share link): the
    /// autosave or the default one is not, so a page that only shows them writes nothing.
    static SAVE_FIRST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The save waiting, if any.
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// Why the last save failed (`None`: it worked), so a message is given once per reason.
    static LAST: RefCell<Option<NotSaved>> = const { RefCell::new(None) };
}

/// The scenario the page opens with is to be saved (it came from a share link).
pub fn save_first() {
    SAVE_FIRST.with(|f| f.set(true));
}

/// Whether [`save_first`] was called (the first screen tells the full app).
pub fn saves_first() -> bool {
    SAVE_FIRST.with(|f| f.get())
}

/// Runs the save waiting for its timer now, if there is one: before a risky action, the last
/// scenario that worked is in storage.
pub fn flush() {
    // Taken out first: the save runs with nothing borrowed.
    if let Some(p) = PENDING.with(|p| p.borrow_mut().take()) {
        (p.save)();
    }
}

/// Saves `s` with the exercise under way on it (its query and whether it asks for KVM's answer),
/// and reports a failure to `dispatcher` (once per reason).
fn save(
    s: &Scenario,
    exercise: Option<(usize, bool)>,
    dispatcher: &UseReducerDispatcher<AppState>,
) {
    let result = storage::save_scenario(s).err();
    storage::save_exercise(exercise.filter(|_| result.is_none()));
    let changed = LAST.with(|l| l.replace(result.clone()) != result);
    if let (true, Some(why)) = (changed, result) {
        dispatcher.dispatch(Action::Notice(Some(Notice {
            error: true,
            text: format!(
                "Not autosaved: {why}. Export the scenario to keep it; a reload would bring back \
                 the last scenario saved."
            ),
        })));
    }
}

/// Saves `scenario` (with `exercise`, the exercise under way on it, so that a reload brings the
/// exercise back with its answer hidden) a moment after either changes and `prefs` whenever they
/// change.
#[hook]
pub fn use_autosave(
    scenario: &Shared<Scenario>,
    exercise: Option<(usize, bool)>,
    prefs: Prefs,
    dispatcher: UseReducerDispatcher<AppState>,
) {
    let first = use_mut_ref(|| true);
    use_effect_with((scenario.clone(), exercise), move |(s, ex)| {
        if std::mem::replace(&mut *first.borrow_mut(), false) && !SAVE_FIRST.with(|f| f.get()) {
            return;
        }
        let (s, ex) = (s.clone(), *ex);
        let save: Box<dyn FnOnce()> = Box::new(move || save(&s, ex, &dispatcher));
        let timer = Timeout::new(DELAY_MS, flush);
        // Replacing a waiting save drops its timer: only the latest scenario is written.
        PENDING.with(|p| {
            *p.borrow_mut() = Some(Pending {
                _timer: timer,
                save,
            })
        });
    });
    use_effect_with((), |_| {
        // The page has been shown: its load is over.
        storage::booted();
        // A page being closed or hidden saves what is waiting.
        let listener = web_sys::window().map(|w| EventListener::new(&w, "pagehide", |_| flush()));
        move || drop(listener)
    });
    use_effect_with(prefs, storage::save_prefs);
}

/// Puts the theme and the type size of `prefs` on the document's root element (the first screen
/// does this too, and saves nothing).
#[hook]
pub fn use_prefs_on_page(prefs: Prefs) {
    use_effect_with(prefs, prefs_on_page);
}

/// Puts the theme, the type size and presenter mode of `p` on the document's root element. The
/// first screen does so before its first render too, so the browser lays the page out once.
pub fn prefs_on_page(p: &Prefs) {
    dom::set_root_attr("data-theme", p.theme.name());
    dom::set_root_attr("data-large", if p.large { "1" } else { "0" });
    dom::set_root_attr("data-present", if p.present { "1" } else { "0" });
}
