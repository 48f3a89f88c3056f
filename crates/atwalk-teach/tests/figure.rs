//! Figures: 16:9, text as text, deterministic, drawn for every preset's
//! every query in both themes and both KVM logics without a panic.

use atwalk_core::kvm::KvmLogic;
use atwalk_teach::figure::{self, FigureError, Theme};
use atwalk_teach::presets;

fn well_formed(svg: &str) {
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1600\" height=\"900\" viewBox=\"0 0 1600 900\""));
    assert!(svg.ends_with("</svg>\n"));
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(svg.matches("<text").count() > 20);
    // Escaped: no raw `&` other than entities, no `<` inside text.
    for piece in svg.split('&').skip(1) {
        assert!(
            ["amp;", "lt;", "gt;", "quot;"]
                .iter()
                .any(|e| piece.starts_with(e)),
            "unescaped &: {}",
            &piece[..piece.len().min(20)]
        );
    }
}

#[test]
fn every_preset_query_draws() {
    for p in presets::all() {
        let s = p.scenario();
        for q in 0..s.queries.len() {
            for theme in [Theme::Light, Theme::Dark] {
                let w = figure::walk_svg(&s, q, theme).unwrap();
                well_formed(&w);
                assert_eq!(w, figure::walk_svg(&s, q, theme).unwrap(), "deterministic");
                for logic in [KvmLogic::Merged, KvmLogic::V1] {
                    well_formed(&figure::flow_svg(&s, q, logic, theme).unwrap());
                }
            }
        }
    }
}

#[test]
fn the_figure_says_what_the_walk_found() {
    let s = presets::find("faults/translation").unwrap().scenario();
    let svg = figure::walk_svg(&s, 2, Theme::Light).unwrap();
    assert!(svg.contains("PAR_EL1 = 0x000000000000080d"));
    assert!(svg.contains("0b000110: Translation fault, level 2"));
    assert!(svg.contains("invalid: Translation fault"));
    assert!(svg.contains(">Level 2<"));
    assert!(!svg.contains(">Level 3<"), "the walk stopped at level 2");
    let dark = figure::walk_svg(&s, 2, Theme::Dark).unwrap();
    assert!(dark.contains("fill=\"#16181d\""));
    assert_eq!(
        figure::walk_svg(&s, 9, Theme::Light),
        Err(FigureError::NoSuchQuery { query: 9, count: 5 })
    );
    // The flowchart lights the merged logic's slow-path decision.
    let s = presets::find("kvm/shadow-miss").unwrap().scenario();
    let svg = figure::flow_svg(&s, 0, KvmLogic::Merged, Theme::Light).unwrap();
    assert!(svg.contains("slow path, PAR_EL1 0xff00000040400980"));
    assert!(svg.contains("yes: par = handle_at_slow(vcpu, op, vaddr)"));
}
