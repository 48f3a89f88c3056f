//! Writing a scenario as at-scenario/1 JSON.

use std::fmt::Write as _;

use super::json::json_str;
use super::{FORMAT, HwExpect, Scenario, ShadowS2};

impl Scenario {
    /// Writes the scenario as pretty at-scenario/1 JSON, keys in the spec's
    /// order: `format`, `title`, `notes`, `cpu` (every register, as
    /// `"0x%016x"`), `memory` (keys `"0x%x"`, values `"0x%016x"`), `ram`
    /// (`"0x%x"`) if set, `kvm`, `features` and `pa_bits` if set, `queries`
    /// (VAs and PARs `"0x%016x"`). A scenario that [`Scenario::from_json`]
    /// accepted reads back equal; one built by hand against the rules (a
    /// misaligned memory key, say) writes a file the loader rejects.
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(512 + 48 * self.memory.len() + 64 * self.queries.len());
        o.push_str("{\n");
        let _ = writeln!(o, "  \"format\": {},", json_str(FORMAT));
        let _ = writeln!(o, "  \"title\": {},", json_str(&self.title));
        let _ = writeln!(o, "  \"notes\": {},", json_str(&self.notes));

        let c = &self.cpu;
        o.push_str("  \"cpu\": {\n");
        for (name, v) in [
            ("TCR_EL1", c.tcr_el1),
            ("TTBR0_EL1", c.ttbr0_el1),
            ("TTBR1_EL1", c.ttbr1_el1),
            ("MAIR_EL1", c.mair_el1),
            ("SCTLR_EL1", c.sctlr_el1),
            ("HCR_EL2", c.hcr_el2),
            ("VTCR_EL2", c.vtcr_el2),
            ("VTTBR_EL2", c.vttbr_el2),
        ] {
            let _ = writeln!(o, "    {:<12} \"0x{v:016x}\",", format!("\"{name}\":"));
        }
        let _ = writeln!(o, "    \"PSTATE_PAN\": {}", c.pstate_pan);
        o.push_str("  },\n");

        if self.memory.is_empty() {
            o.push_str("  \"memory\": {},\n");
        } else {
            o.push_str("  \"memory\": {\n");
            let mut first = true;
            for (addr, word) in &self.memory {
                if !first {
                    o.push_str(",\n");
                }
                first = false;
                let _ = write!(o, "    \"0x{addr:x}\": \"0x{word:016x}\"");
            }
            o.push_str("\n  },\n");
        }

        if let Some(ram) = &self.ram {
            if ram.is_empty() {
                o.push_str("  \"ram\": [],\n");
            } else {
                o.push_str("  \"ram\": [\n");
                for (i, r) in ram.iter().enumerate() {
                    let sep = if i + 1 < ram.len() { "," } else { "" };
                    let _ = writeln!(
                        o,
                        "    {{ \"base\": \"0x{:x}\", \"size\": \"0x{:x}\" }}{sep}",
                        r.base, r.size
                    );
                }
                o.push_str("  ],\n");
            }
        }

        o.push_str("  \"kvm\": { \"shadow_s2\": ");
        match &self.kvm.shadow_s2 {
            ShadowS2::All => o.push_str("\"all\""),
            ShadowS2::Pages(pages) => {
                o.push('[');
                for (i, p) in pages.iter().enumerate() {
                    if i > 0 {
                        o.push_str(", ");
                    }
                    let _ = write!(o, "\"0x{p:x}\"");
                }
                o.push(']');
            }
        }
        let _ = write!(o, ", \"s2_mmu\": {}", self.kvm.s2_mmu);
        if let Some(v) = self.kvm.version {
            let _ = write!(o, ", \"version\": \"{}\"", v.tag());
        }
        o.push_str(" },\n");

        if let Some(features) = &self.features {
            o.push_str("  \"features\": [");
            for (i, f) in features.iter().enumerate() {
                if i > 0 {
                    o.push_str(", ");
                }
                o.push_str(&json_str(f.name()));
            }
            o.push_str("],\n");
        }
        if let Some(bits) = self.pa_bits {
            let _ = writeln!(o, "  \"pa_bits\": {bits},");
        }

        if self.queries.is_empty() {
            o.push_str("  \"queries\": []\n");
        } else {
            o.push_str("  \"queries\": [\n");
            for (i, q) in self.queries.iter().enumerate() {
                let _ = write!(
                    o,
                    "    {{ \"op\": \"{}\", \"va\": \"0x{:016x}\"",
                    q.op.name(),
                    q.va
                );
                if let Some(e) = &q.expect {
                    o.push_str(", \"expect\": {");
                    let mut parts = Vec::new();
                    if let Some(par) = e.par {
                        parts.push(format!(" \"par\": \"0x{par:016x}\""));
                    }
                    if let Some(path) = e.path {
                        parts.push(format!(" \"path\": \"{}\"", path.name()));
                    }
                    match e.hw_par {
                        None => {}
                        Some(HwExpect::Par(v)) => {
                            parts.push(format!(" \"hw_par\": \"0x{v:016x}\""))
                        }
                        Some(HwExpect::Abort { dfsc }) => {
                            parts.push(" \"hw_par\": null".to_string());
                            if let Some(d) = dfsc {
                                parts.push(format!(" \"hw_abort\": {{ \"dfsc\": \"0x{d:02x}\" }}"));
                            }
                        }
                    }
                    o.push_str(&parts.join(","));
                    o.push_str(if parts.is_empty() { "}" } else { " }" });
                }
                o.push_str(if i + 1 < self.queries.len() {
                    " },\n"
                } else {
                    " }\n"
                });
            }
            o.push_str("  ]\n");
        }
        o.push_str("}\n");
        o
    }
}
