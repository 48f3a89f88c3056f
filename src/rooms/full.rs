//! The full app's rooms: the editors, KVM's flowchart and releases, the teaching layer, and the
//! effects that save the scenario, follow links and start the teaching worker.

use yew::prelude::*;

use super::{Menus, Rooms, View};
use crate::components::editors::machine::Machine;
use crate::components::editors::meta::ExpectView;
use crate::components::exercise::ExercisePanel;
use crate::components::exercise::menu::ExerciseMenu;
use crate::components::figure::FigureMenu;
use crate::components::glossary::GlossaryPanel;
use crate::components::help::Help;
use crate::components::kvm::flow::KvmFlow;
use crate::components::kvm::summary::{flow_now, kvm_summary};
use crate::components::lessons::picker::PresetPicker;
use crate::components::map::MapPanel;
use crate::components::walk::compare::compare;
use crate::components::walk::controls::Controls;
use crate::hooks::exercise_link as link;
use crate::hooks::{use_autosave, use_lesson_route, use_share_link};
use crate::state::{Action, AppState, WalkSource};
use crate::{dom, takeover};

/// How long after the full app is on show the teaching worker starts loading.
const WORKER_AFTER_MS: u32 = 2_000;

/// The rooms of the full app.
pub struct Full;

/// The full app's effects: the autosave, share links pasted into the page, lesson links, a
/// generated exercise the page opened with; a moment after it is on show, the teaching worker
/// (presets, glossary, figures) loads, before the network may be gone: the page then works
/// offline for the rest of the lesson.
#[hook]
fn use_full(state: UseReducerHandle<AppState>, dispatch: Callback<Action>) {
    let exercise = state.exercise_on().map(|r| (r.ex.query, r.ex.kvm));
    use_autosave(&state.scenario, exercise, state.prefs, state.dispatcher());
    use_share_link(dispatch.clone());
    use_lesson_route(dispatch.clone(), state.lesson);
    link::use_pending(dispatch);
    use_effect_with((), move |_| {
        dom::mark("atwalk-full");
        dom::set_root_attr("data-app", "full");
        gloo::timers::callback::Timeout::new(WORKER_AFTER_MS, crate::worker::start).forget();
    });
}

impl Rooms for Full {
    fn initial_state() -> AppState {
        takeover::full_state()
    }

    fn use_effects(
        state: UseReducerHandle<AppState>,
        dispatch: Callback<Action>,
    ) -> impl yew::functional::Hook<Output = ()> {
        use_full(state, dispatch)
    }

    fn machine(v: &View) -> Html {
        let s = v.state;
        html! {
            <Machine scenario={s.scenario.clone()} query={s.query} hw_walk={s.hw_walk.clone()}
                tables={s.tables.clone()} current={v.current_desc} prefs={s.prefs}
                on_edit={v.on_edit.clone()} on_select={v.on_select.clone()} on_words={v.on_words.clone()}
                dispatch={v.dispatch.clone()} />
        }
    }

    fn exercise(v: &View) -> Html {
        match v.state.exercise_on() {
            Some(run) => {
                html! { <ExercisePanel run={run.clone()} dispatch={v.dispatch.clone()} /> }
            }
            None => Html::default(),
        }
    }

    fn decision(v: &View, index: usize) -> Html {
        let s = v.state;
        html! { <>
            <div class="flowhead">
                <Controls n={s.anim_len()} {index} playing={s.playing} prefs={s.prefs}
                    source={None::<WalkSource>} dispatch={v.dispatch.clone()} />
                { flow_now(s) }
            </div>
            <KvmFlow eval={s.eval.clone()} other={s.other.clone()} logic={s.prefs.kvm}
                query={s.query} source={s.source} cursor={s.cursor} dispatch={v.dispatch.clone()}
                expert={s.prefs.expert} parts={v.parts_branch.clone()} />
        </> }
    }

    fn compare(v: &View) -> Html {
        v.state
            .result()
            .map(|r| compare(r, v.dispatch))
            .unwrap_or_default()
    }

    fn map(v: &View) -> Html {
        let s = v.state;
        html! { <MapPanel scenario={s.scenario.clone()} query={s.query} on_edit={v.on_edit.clone()} /> }
    }

    fn result(v: &View) -> Html {
        let s = v.state;
        html! { <>
            { kvm_summary(s, v.dispatch, v.on_edit) }
            if !s.prefs.present {
                <ExpectView scenario={s.scenario.clone()} query={s.query} eval={s.eval.clone()}
                    on_edit={v.on_edit.clone()} />
            }
        </> }
    }

    fn overlays(v: &View) -> Html {
        html! { <>
            if v.state.help {
                <Help dispatch={v.dispatch.clone()} />
            }
            if let Some(entry) = v.gloss {
                <GlossaryPanel {entry} on_close={v.close_gloss.clone()} />
            }
        </> }
    }

    fn menus(v: &View) -> Menus {
        let s = v.state;
        Menus {
            presets: html! { <PresetPicker dispatch={v.dispatch.clone()} current={s.lesson} /> },
            figures: html! {
                <FigureMenu scenario={s.scenario.clone()} query={s.query} logic={s.prefs.kvm} dispatch={v.dispatch.clone()} />
            },
            exercises: html! {
                <ExerciseMenu scenario={s.scenario.clone()} query={s.query} run={s.exercise.clone()} dispatch={v.dispatch.clone()} />
            },
        }
    }
}
