//! Which rows of a table card are drawn: a full table (512 entries of a 4KB granule, 8192 of a
//! 64KB one, as in a memory dump) would be thousands of editors, so a card draws the entries near
//! the walked one and those picked (by the step on show or by hand), and hides the others in runs
//! that say how many entries there are in use, each with a button to show some.

use atwalk_core::layout::Row;

/// At most this many entries near the walked one are drawn; more only when picked.
pub const WINDOW: u64 = 32;

/// A row as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// One of the core's rows, drawn as it is.
    Row(Row),
    /// Entries `from`..`from + n` not drawn; `used` are those in use (the others are empty).
    Hidden {
        /// The first.
        from: u64,
        /// How many.
        n: u64,
        /// The entries in use among them, in order.
        used: Vec<u64>,
    },
}

/// The rows of a card: the core's `rows` as they are when they hold at most [`WINDOW`] entries;
/// otherwise the entries of the [`WINDOW`]-entry block around `walked` (the first block when
/// there is none) and those `picked`, with the other entries, and the empty runs between them,
/// gathered into [`Shown::Hidden`] runs.
pub fn window(rows: Vec<Row>, walked: Option<u64>, picked: impl Fn(u64) -> bool) -> Vec<Shown> {
    let entries = rows.iter().filter(|r| matches!(r, Row::Entry(_))).count();
    if entries as u64 <= WINDOW {
        return rows.into_iter().map(Shown::Row).collect();
    }
    let lo = walked.map_or(0, |k| k - k % WINDOW);
    let near = |k: u64| k >= lo && k - lo < WINDOW;
    let mut out = Vec::new();
    let mut run: Option<Shown> = None;
    for r in rows {
        match r {
            Row::Entry(k) if !near(k) && !picked(k) => match &mut run {
                Some(Shown::Hidden { from, n, used }) => {
                    *n = k + 1 - *from;
                    used.push(k);
                }
                _ => {
                    run = Some(Shown::Hidden {
                        from: k,
                        n: 1,
                        used: vec![k],
                    })
                }
            },
            // An empty run after hidden entries joins them (the run counts what is in use).
            Row::Fold { from: f, n: m } if run.is_some() => {
                if let Some(Shown::Hidden { from, n, .. }) = &mut run {
                    *n = f + m - *from;
                }
            }
            r => {
                out.extend(run.take());
                out.push(Shown::Row(r));
            }
        }
    }
    out.extend(run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(n: u64) -> Vec<Row> {
        (0..n).map(Row::Entry).collect()
    }

    #[test]
    fn a_few_entries_are_all_drawn() {
        let rows = vec![Row::Entry(0), Row::Fold { from: 1, n: 511 }];
        assert_eq!(
            window(rows.clone(), Some(0), |_| false),
            rows.into_iter().map(Shown::Row).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_full_table_draws_the_block_of_the_walked_entry_and_the_picked_ones() {
        let out = window(full(512), Some(70), |k| k == 500);
        let drawn: Vec<u64> = out
            .iter()
            .filter_map(|s| match s {
                Shown::Row(Row::Entry(k)) => Some(*k),
                _ => None,
            })
            .collect();
        let mut want: Vec<u64> = (64..96).collect();
        want.push(500);
        assert_eq!(drawn, want);
        assert_eq!(
            out[0],
            Shown::Hidden {
                from: 0,
                n: 64,
                used: (0..64).collect()
            }
        );
        assert!(matches!(&out[33], Shown::Hidden { from: 96, n: 404, used } if used.len() == 404));
        assert!(matches!(
            &out[35],
            Shown::Hidden {
                from: 501,
                n: 11,
                ..
            }
        ));
        assert_eq!(out.len(), 36);
    }

    #[test]
    fn empty_runs_join_the_hidden_entries_before_them() {
        let mut rows = vec![Row::Fold { from: 0, n: 100 }];
        rows.extend((100..140).map(Row::Entry));
        rows.push(Row::Fold { from: 140, n: 372 });
        let out = window(rows, None, |_| false);
        assert_eq!(out[0], Shown::Row(Row::Fold { from: 0, n: 100 }));
        assert_eq!(out.len(), 2);
        assert!(matches!(&out[1], Shown::Hidden { from: 100, n: 412, used } if used.len() == 40));
    }
}
