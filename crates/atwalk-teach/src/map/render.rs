//! The map as text (ptdump's layout: a heading per TTBR, a row per region)
//! and as JSON (an array of objects, numbers as hex strings).

use std::fmt::Write as _;

use atwalk_core::regs::{MemAttr, mair::Cacheability, mair::DeviceKind};

use super::{AddressMap, LeafKind, Region, S2Map};

/// A size in bytes as ptdump writes it: `4K`, `2M`, `1G`, `64K`, `512G`.
pub fn size_text(size: u64) -> String {
    for (shift, unit) in [(40, 'T'), (30, 'G'), (20, 'M'), (10, 'K')] {
        if size >= 1 << shift && size.trailing_zeros() >= shift {
            return format!("{}{unit}", size >> shift);
        }
    }
    format!("{size}B")
}

/// A memory type in a few characters: `Normal-WB`, `Normal-NC`,
/// `Normal-oWB-iNC`, `Device-nGnRE`, `reserved`.
pub fn mem_text(mem: MemAttr) -> String {
    let c = |c: Cacheability| match c {
        Cacheability::NonCacheable => "NC",
        Cacheability::WriteThrough => "WT",
        Cacheability::WriteBack => "WB",
    };
    match mem {
        MemAttr::Normal { outer, inner } if outer == inner => format!("Normal-{}", c(outer)),
        MemAttr::Normal { outer, inner } => format!("Normal-o{}-i{}", c(outer), c(inner)),
        MemAttr::Device { kind, .. } => match kind {
            DeviceKind::NGnRnE => "Device-nGnRnE",
            DeviceKind::NGnRE => "Device-nGnRE",
            DeviceKind::NGRE => "Device-nGRE",
            DeviceKind::GRE => "Device-GRE",
        }
        .to_owned(),
        MemAttr::Reserved => "reserved".to_owned(),
    }
}

/// `block`, `page`, with `+cont` for the Contiguous bit.
pub fn kind_text(r: &Region) -> String {
    let k = match r.kind {
        LeafKind::Block => "block",
        LeafKind::Page => "page",
    };
    if r.contiguous {
        format!("{k}+cont")
    } else {
        k.to_owned()
    }
}

/// What stage 2 does with a region's output: `rw` (S2AP), or its fault and level.
pub fn s2_text(s2: S2Map) -> String {
    match s2 {
        S2Map::Mapped { s2ap } => format!(
            "{}{}",
            if s2ap & 1 != 0 { 'r' } else { '-' },
            if s2ap & 2 != 0 { 'w' } else { '-' }
        ),
        S2Map::Fault { kind, level } => format!("{}, level {level}", kind.name()),
    }
}

fn granule_text(bits: u8) -> &'static str {
    match bits {
        12 => "4KB",
        14 => "16KB",
        _ => "64KB",
    }
}

/// The map as text: for each TTBR walked a heading, then one line per
/// region: VA range, size, output address, level and kind, memory type,
/// EL1 and EL0 permissions, and flags (`PAN` where PAN would refuse EL1 data
/// access, a fault the walk meets at the leaf); then the notes.
pub fn to_text(map: &AddressMap) -> String {
    let mut o = String::new();
    for ttbr in [0u8, 1] {
        if let Some(h) = map.halves.iter().find(|h| h.ttbr == ttbr) {
            let _ = writeln!(
                o,
                "---[ TTBR{ttbr}_EL1: {} granule, {}-bit VA, start level {}, {}-bit output, table at 0x{:016x} ]---",
                granule_text(h.granule_bits),
                h.ia_bits,
                h.start_level,
                h.oa_bits,
                h.baddr
            );
        }
        for r in map.rows.iter().filter(|r| r.ttbr == ttbr) {
            let out = if map.stage2 {
                let pa =
                    r.pa.map_or_else(|| "none".to_owned(), |pa| format!("0x{pa:016x}"));
                format!(
                    "IPA 0x{:016x} PA {pa} S2 {}",
                    r.oa,
                    r.s2.map_or_else(String::new, s2_text)
                )
            } else {
                format!("PA 0x{:016x}", r.oa)
            };
            let _ = write!(
                o,
                "0x{:016x}-0x{:016x} {:>6}  {out}  L{} {:<10} {:<14} EL1 {} EL0 {}",
                r.va,
                r.va_end(),
                size_text(r.size),
                r.level,
                kind_text(r),
                mem_text(r.mem),
                r.el1.text(),
                r.el0.text()
            );
            if r.pan {
                o.push_str(" PAN");
            }
            if let Some(f) = r.fault {
                let _ = write!(o, " FAULT: {}", f.name());
            }
            o.push('\n');
        }
        for n in map.notes.iter().filter(|n| n.ttbr == ttbr) {
            let _ = writeln!(o, "note: {}", n.text);
        }
    }
    if map.truncated {
        o.push_str("note: the map is incomplete: a bound on the work was reached\n");
    }
    o
}

/// `s` as a JSON string.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", u32::from(c));
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The map's rows as a JSON array, one object per region, numbers as hex
/// strings: `ttbr` ("TTBR0_EL1"), `va`, `size`, `pa` (null where stage 2
/// does not map it), `ipa` (stage 2 on only: the stage 1 output, which
/// PAR_EL1 reports), `level`, `kind` ("block", "page"), `contiguous`,
/// `attr` (PAR_EL1.ATTR), `mem`, `el1`, `el0` ("rwx" with `-` for a
/// missing permission), `pan`, `fault` (null, or the fault a walk meets at
/// this leaf), `s2` (stage 2 on only: S2AP as "rw", or the stage 2 fault).
/// One object per line, so that the output diffs well.
pub fn to_json(map: &AddressMap) -> String {
    let mut o = String::from("[");
    for (i, r) in map.rows.iter().enumerate() {
        o.push_str(if i == 0 { "\n" } else { ",\n" });
        let pa =
            r.pa.map_or_else(|| "null".to_owned(), |pa| format!("\"0x{pa:016x}\""));
        let _ = write!(
            o,
            "  {{\"ttbr\":\"TTBR{}_EL1\",\"va\":\"0x{:016x}\",\"size\":\"0x{:x}\",\"pa\":{pa},",
            r.ttbr, r.va, r.size
        );
        if map.stage2 {
            let _ = write!(o, "\"ipa\":\"0x{:016x}\",", r.oa);
        }
        let _ = write!(
            o,
            "\"level\":{},\"kind\":\"{}\",\"contiguous\":{},\"attr\":\"0x{:02x}\",\"mem\":{},\"el1\":\"{}\",\"el0\":\"{}\",\"pan\":{},\"fault\":{}",
            r.level,
            match r.kind {
                LeafKind::Block => "block",
                LeafKind::Page => "page",
            },
            r.contiguous,
            r.attr,
            q(&mem_text(r.mem)),
            r.el1.text(),
            r.el0.text(),
            r.pan,
            r.fault.map_or_else(|| "null".to_owned(), |f| q(f.name()))
        );
        if map.stage2 {
            let _ = write!(o, ",\"s2\":{}", q(&r.s2.map_or_else(String::new, s2_text)));
        }
        o.push('}');
    }
    o.push_str(if map.rows.is_empty() { "]\n" } else { "\n]\n" });
    o
}
