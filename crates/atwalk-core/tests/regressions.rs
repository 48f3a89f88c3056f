//! Regressions found by the QEMU golden vectors (tools/conformance), each
//! pinned with exact values.

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::Scenario;

fn run(cpu: &str, memory: &str, op: &str, va: &str) -> AtOutcome {
    let text = format!(
        r#"{{"format":"at-scenario/1","cpu":{{{cpu}}},"memory":{{{memory}}},
            "queries":[{{"op":"{op}","va":"{va}"}}]}}"#
    );
    let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    evaluate(&s, &EvalOptions::default()).results[0].hw
}

// 4KB, T0SZ=25 (start level 1), IPS=40 bits; the page at level 3 is
// AP[2:1]=0b10 (EL1 read-only), DBM=1 (bit 51), AF=1, SH=0b11, AttrIndx 0.
const DBM_TABLES: &str = r#""0x40200000":"0x0000000040201003",
    "0x40201008":"0x0000000040202003",
    "0x40202008":"0x0008000040400783""#;

#[test]
fn dbm_page_is_writable_with_hardware_dirty_state() {
    // TCR_EL1: T0SZ=25, EPD1, IPS=0b010, HA (bit 39) and HD (bit 40).
    let cpu = r#""TCR_EL1":"0x0000018200800019","TTBR0_EL1":"0x0000000040200000",
        "MAIR_EL1":"0x00000000000000ff","SCTLR_EL1":"0x0000000000000005""#;
    // AArch64.S1DirectBasePermissions(): DBM && HD clears the effective AP[2].
    // F=0, PA=0x40400000, ATTR=0xff, SH=0b11, NS=1, bit 11.
    assert_eq!(
        run(cpu, DBM_TABLES, "S1E1W", "0x0000000000201234"),
        AtOutcome::Par {
            par: ParEl1(0xff00_0000_4040_0b80)
        }
    );
}

#[test]
fn dbm_page_is_read_only_without_hd() {
    // The same with HA only (HD=0): AP[2]=1 stands, a level 3 Permission fault.
    let cpu = r#""TCR_EL1":"0x0000008200800019","TTBR0_EL1":"0x0000000040200000",
        "MAIR_EL1":"0x00000000000000ff","SCTLR_EL1":"0x0000000000000005""#;
    // F=1, FST=0b001111 (Permission, level 3), bit 11.
    assert_eq!(
        run(cpu, DBM_TABLES, "S1E1W", "0x0000000000201234"),
        AtOutcome::Par {
            par: ParEl1(0x0000_0000_0000_081f)
        }
    );
}

#[test]
fn ips_0b111_with_64k_takes_baddr_51_48_from_ttbr_5_2() {
    // 64KB granule (TG0=0b01), T0SZ=22 (42-bit VA, start level 2), IPS=0b111;
    // pa_bits 52 with FEAT_LPA: the output size is 52 bits and TTBR0_EL1
    // bits [5:2] = 0b0001 are BADDR[51:48]. The first descriptor is read at
    // 0x0001_0000_4020_0000, which has no memory behind it here (RAM ends at
    // 2 GiB): a level 2 External abort, DFSC 0b010110.
    let cpu = r#""TCR_EL1":"0x0000000700804016","TTBR0_EL1":"0x0000000040200004",
        "MAIR_EL1":"0x00000000000000ff","SCTLR_EL1":"0x0000000000000005""#;
    let text = format!(
        r#"{{"format":"at-scenario/1","cpu":{{{cpu}}},"memory":{{}},"pa_bits":52,
            "ram":[{{"base":"0x40000000","size":"0x40000000"}}],
            "queries":[{{"op":"S1E1R","va":"0x0000000000000000"}}]}}"#
    );
    let s = Scenario::from_json(&text).unwrap();
    let r = &evaluate(&s, &EvalOptions::default()).results[0];
    assert!(
        matches!(
            r.hw,
            AtOutcome::Abort {
                dfsc: 0b01_0110,
                ..
            }
        ),
        "{:?}",
        r.hw
    );
}
