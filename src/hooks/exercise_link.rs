//! Exercise links, two kinds (docs/scenario-format.md, "Share links"):
//!
//! - `#s=DATA&exercise=Q` (and `&kvm=1` for KVM's answer): a share link whose scenario opens as an
//!   exercise on query `Q`, its answer hidden. The scenario is the exercise's own, with no title,
//!   notes or `expect` that would give the answer away. An app that predates exercises refuses
//!   the link with a message; a plain `#s=DATA` opens as it always did.
//! - `#ex=TOPIC/DIFFICULTY/SEED`: a generated exercise, the same as
//!   `atwalk exercise --topic TOPIC --difficulty DIFFICULTY --seed SEED`. The teaching worker
//!   ([`crate::worker`]) generates its scenario; the app makes the exercise of it with
//!   `exercise::from_scenario`, which gives what `exercise::generate` gives (a test checks it).

use std::cell::Cell;

use atwalk_core::scenario::Scenario;
use atwalk_teach::exercise::{self, Difficulty, Exercise, Topic};
use yew::prelude::*;

use super::autosave;
use crate::state::{Action, Notice};
use crate::{dom, share, storage};

/// What an exercise link carries.
#[derive(Debug, PartialEq)]
pub enum Link {
    /// The exercise itself.
    Ready(Box<Exercise>),
    /// A generated exercise, to ask the worker for.
    Generated(Topic, Difficulty, u64),
}

thread_local! {
    /// A generated exercise the page opened with, asked for once the app runs.
    static PENDING: Cell<Option<(Topic, Difficulty, u64)>> = const { Cell::new(None) };
}

/// The prefix of a generated exercise's link.
pub const GENERATED: &str = "#ex=";

fn topics() -> String {
    Topic::ALL.map(Topic::name).join(", ")
}

/// The topic, difficulty and seed of `TOPIC/DIFFICULTY/SEED`.
///
/// # Errors
/// A message naming the part that is wrong.
pub fn spec(spec: &str) -> Result<(Topic, Difficulty, u64), String> {
    let mut parts = spec.split('/');
    let (t, d, s) = (parts.next(), parts.next(), parts.next());
    let (Some(t), Some(d), Some(s), None) = (t, d, s, parts.next()) else {
        return Err(format!(
            "exercise link: {spec:?} is not TOPIC/DIFFICULTY/SEED (e.g. faults/easy/7)"
        ));
    };
    let topic = Topic::from_name(t)
        .ok_or_else(|| format!("exercise link: topic {t:?} is not one of {}", topics()))?;
    let difficulty = Difficulty::from_name(d).ok_or_else(|| {
        format!("exercise link: difficulty {d:?} is not easy, medium or hard (1, 2, 3)")
    })?;
    let seed = s
        .parse::<u64>()
        .map_err(|_| format!("exercise link: seed {s:?} is not a number from 0 to 2^64-1"))?;
    Ok((topic, difficulty, seed))
}

/// The generated exercise of `topic`, `difficulty` and `seed` from its scenario's text (what
/// `exercise::generate` makes, as the worker sends it).
///
/// # Errors
/// The text is not the scenario of an exercise.
pub fn rebuild(
    topic: Topic,
    difficulty: Difficulty,
    seed: u64,
    text: &str,
) -> Result<Exercise, String> {
    let s = Scenario::from_json(text).map_err(|e| format!("generated exercise: {e}"))?;
    let mut ex = exercise::from_scenario(&s, 0, topic.is_kvm())
        .ok_or_else(|| "generated exercise: queries: it has none".to_string())?;
    ex.scenario.title = s.title;
    ex.topic = Some(topic);
    ex.difficulty = Some(difficulty);
    ex.seed = Some(seed);
    Ok(ex)
}

/// Asks the worker for a generated exercise and gives it to `done`, a moment later.
pub fn generate(
    topic: Topic,
    difficulty: Difficulty,
    seed: u64,
    done: impl FnOnce(Result<Exercise, String>) + 'static,
) {
    let req = crate::worker::request(&[
        ("op", "generate".into()),
        ("topic", topic.name().into()),
        ("difficulty", difficulty.name().into()),
        ("seed", seed.to_string().into()),
    ]);
    crate::worker::ask(&req, move |text| {
        done(text.and_then(|t| rebuild(topic, difficulty, seed, &t)))
    });
}

/// Opens what a link carries: the exercise at once, or a generated one when the worker has made
/// it (or the notice of why not).
pub fn open(link: Link, dispatch: impl Fn(Action) + 'static) {
    match link {
        Link::Ready(ex) => dispatch(Action::Exercise(Some(ex))),
        Link::Generated(t, d, s) => generate(t, d, s, move |ex| {
            dispatch(match ex {
                Ok(ex) => Action::Exercise(Some(Box::new(ex))),
                Err(e) => Action::Notice(Some(Notice {
                    error: true,
                    text: format!("No exercise: {e}."),
                })),
            })
        }),
    }
}

/// At page load: a generated exercise to open once the app runs ([`use_pending`]).
pub fn defer(topic: Topic, difficulty: Difficulty, seed: u64) {
    PENDING.with(|p| p.set(Some((topic, difficulty, seed))));
}

/// The generated exercise the page opened with, not yet asked for, as `topic/difficulty/seed`
/// (the first screen hands it over to the full app, which asks for it).
pub fn pending_spec() -> Option<String> {
    let (t, d, s) = PENDING.with(Cell::get)?;
    Some(format!("{}/{}/{s}", t.name(), d.name()))
}

/// Opens the generated exercise the page was opened with, if any.
#[hook]
pub fn use_pending(dispatch: Callback<Action>) {
    use_effect_with((), move |_| {
        if let Some((t, d, s)) = PENDING.with(Cell::take) {
            open(Link::Generated(t, d, s), move |a| dispatch.emit(a));
        }
    });
}

/// The exercise a URL fragment carries, if it carries one; for a share link, `inflated` is what
/// the browser made of its data ([`share::read_hash`]).
///
/// # Errors
/// A message naming the part of the link that is wrong.
pub fn parse(hash: &str, inflated: Option<&share::Inflated>) -> Option<Result<Link, String>> {
    if let Some(s) = hash.strip_prefix(GENERATED) {
        return Some(spec(s).map(|(t, d, s)| Link::Generated(t, d, s)));
    }
    if !share::is_share(hash) {
        return None;
    }
    let parts = hash.split('&').skip(1);
    let (mut query, mut kvm) = (None, false);
    for p in parts {
        match p.split_once('=') {
            Some(("exercise", q)) => query = Some(q),
            Some(("kvm", v)) => kvm = v == "1",
            _ => {}
        }
    }
    let q = query?;
    Some((|| {
        let q: usize = q
            .parse()
            .map_err(|_| format!("exercise link: exercise={q:?} is not a query number"))?;
        let s = share::scenario(inflated.ok_or("share link: not decoded")?)?;
        exercise::from_scenario(&s, q, kvm)
            .map(|e| Link::Ready(Box::new(e)))
            .ok_or_else(|| {
                format!(
                    "exercise link: exercise={q}: no such query (the scenario has {})",
                    s.queries.len()
                )
            })
    })())
}

/// The exercise a link in the address bar carries (as [`share::read_hash`] read it), or the
/// notice of why it did not load; `None` when it carries none. The link is cleared from the
/// address once read.
pub fn take() -> Option<Result<Link, Notice>> {
    let out = share::take_opened(|o| parse(&o.hash, o.inflated.as_ref()))?;
    storage::booting_link();
    autosave::save_first();
    dom::clear_hash();
    Some(out.map_err(|e| Notice {
        error: true,
        text: format!("{e}. Your scenario is unchanged."),
    }))
}

/// The link of a generated exercise on `page`.
pub fn generated_link(page: &str, ex: &Exercise) -> Option<String> {
    Some(format!(
        "{page}{GENERATED}{}/{}/{}",
        ex.topic?.name(),
        ex.difficulty?.name(),
        ex.seed?
    ))
}

/// Makes the link of `ex` on `page` (a generated one's, or its scenario's share link with the
/// exercise flag) and gives it to `done`, a moment later.
pub fn make(ex: &Exercise, page: String, done: impl FnOnce(Result<String, String>) + 'static) {
    if let Some(url) = generated_link(&page, ex) {
        return done(Ok(url));
    }
    let flag = format!(
        "&exercise={}{}",
        ex.query,
        if ex.kvm { "&kvm=1" } else { "" }
    );
    share::make_link(&ex.scenario, page, move |url| done(url.map(|u| u + &flag)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the app makes of the fragment `hash`, decoded as the browser would.
    fn parse(hash: &str) -> Option<Result<Link, String>> {
        let inflated = share::data(hash).map(share::test_inflate);
        super::parse(hash, inflated.as_ref())
    }

    #[test]
    fn links_open_the_exercise() {
        let l = parse("#ex=faults/easy/7").unwrap().unwrap();
        assert_eq!(l, Link::Generated(Topic::Faults, Difficulty::Easy, 7));
        let ex = exercise::generate(Topic::Faults, Difficulty::Easy, 7);
        assert_eq!(
            generated_link("p", &ex).as_deref(),
            Some("p#ex=faults/easy/7")
        );
        let s = crate::fixtures::fixture("plain-4k-walk");
        let link = share::encode_json(&s.to_json());
        assert!(parse(&link).is_none(), "a plain share link is no exercise");
        let ex = parse(&format!("{link}&exercise=0&kvm=1")).unwrap().unwrap();
        assert_eq!(
            ex,
            Link::Ready(Box::new(exercise::from_scenario(&s, 0, true).unwrap()))
        );
        assert!(parse("#x").is_none());
    }

    /// The app's generated exercise is the command line's (`atwalk exercise --topic T --difficulty
    /// D --seed N` calls `exercise::generate` with the same arguments): made from the scenario
    /// text the worker sends (`generate(..).scenario.to_json()`), it is the same exercise, its
    /// question and answer, for every topic and difficulty and a few seeds.
    #[test]
    fn generated_as_on_the_command_line() {
        for t in Topic::ALL {
            for d in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
                for seed in [0, 1, 7, 1234, u64::MAX] {
                    let spec = format!("{}/{}/{seed}", t.name(), d.name());
                    assert_eq!(super::spec(&spec), Ok((t, d, seed)));
                    let cli = exercise::generate(t, d, seed);
                    let app = rebuild(t, d, seed, &cli.scenario.to_json()).unwrap();
                    assert_eq!(app.scenario.to_json(), cli.scenario.to_json(), "{spec}");
                    assert_eq!(
                        exercise::answer_text(&app),
                        exercise::answer_text(&cli),
                        "{spec}"
                    );
                    assert_eq!(app, cli, "{spec}");
                }
            }
        }
    }

    #[test]
    fn bad_links_name_the_part() {
        let e = |h: &str| parse(h).unwrap().unwrap_err();
        assert!(e("#ex=fault/easy/7").contains("topic \"fault\""));
        assert!(e("#ex=faults/4/7").contains("difficulty"));
        assert!(e("#ex=faults/easy/x").contains("seed"));
        assert!(e("#ex=faults").contains("TOPIC/DIFFICULTY/SEED"));
        let s = crate::fixtures::fixture("plain-4k-walk");
        let link = share::encode_json(&s.to_json());
        assert!(e(&format!("{link}&exercise=9")).contains("exercise=9: no such query"));
        assert!(e(&format!("{link}&exercise=z")).contains("exercise=\"z\""));
        assert!(e("#s=***&exercise=0").contains("base64url"));
    }
}
