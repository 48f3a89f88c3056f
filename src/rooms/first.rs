//! The first screen's rooms: each part that the full app brings says that it is on its way, in
//! the place and at about the size it will take, so nothing moves much when it comes. The first
//! screen's effect marks it interactive and starts the hand-over ([`crate::takeover`]).

use yew::prelude::*;

use super::{Menus, Rooms, View};
use crate::state::{Action, AppState};
use crate::{boot, takeover};

/// The rooms of the first screen.
pub struct First;

/// A part on its way.
fn coming(what: &'static str) -> Html {
    html! { <p class="muted coming" data-testid="coming">{ what }</p> }
}

/// A menu button of the full app, shown but not yet working.
fn coming_button(label: &'static str) -> Html {
    html! { <button disabled=true title="A moment: the rest of atwalk is loading">{ label }</button> }
}

/// The first screen's effect: once on show, it is marked for the benchmark, then the full app is
/// fetched and takes over.
#[hook]
fn use_first(state: UseReducerHandle<AppState>) {
    takeover::keep(state);
    use_effect_with((), |_| takeover::first_on_show());
}

impl Rooms for First {
    fn initial_state() -> AppState {
        takeover::boot(boot::first_state())
    }

    fn use_effects(
        state: UseReducerHandle<AppState>,
        _dispatch: Callback<Action>,
    ) -> impl yew::functional::Hook<Output = ()> {
        use_first(state)
    }

    fn machine(_: &View) -> Html {
        coming("The registers, tables and queries are loading…")
    }

    fn exercise(_: &View) -> Html {
        coming("The exercise is loading…")
    }

    fn decision(_: &View, _: usize) -> Html {
        coming("KVM's decision is loading…")
    }

    fn compare(_: &View) -> Html {
        coming("The side-by-side view is loading…")
    }

    fn map(_: &View) -> Html {
        Html::default()
    }

    fn result(_: &View) -> Html {
        Html::default()
    }

    fn overlays(_: &View) -> Html {
        Html::default()
    }

    fn menus(_: &View) -> Menus {
        Menus {
            presets: coming_button("Presets"),
            figures: Html::default(),
            exercises: coming_button("Exercise ▾"),
        }
    }
}
