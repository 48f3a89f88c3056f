//! Playback: a timer that ticks the animation while it plays.

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// While `playing`, sends [`Action::Tick`] every `speed_ms` milliseconds (a gloo `Interval` kept
/// in a mutable ref, replaced when either changes and dropped on pause).
#[hook]
pub fn use_playback(dispatcher: UseReducerDispatcher<AppState>, playing: bool, speed_ms: u32) {
    let timer = use_mut_ref(|| None::<Interval>);
    use_effect_with((playing, speed_ms), move |(playing, ms)| {
        *timer.borrow_mut() =
            playing.then(|| Interval::new(*ms, move || dispatcher.dispatch(Action::Tick)));
        move || {
            timer.borrow_mut().take();
        }
    });
}
