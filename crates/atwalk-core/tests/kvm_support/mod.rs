//! Scenario building for the KVM model tests (kvm_*.rs).

#![allow(dead_code)]

pub use atwalk_core::at::AtOutcome;
pub use atwalk_core::eval::{EvalOptions, QueryResult, evaluate_with};
pub use atwalk_core::kvm::{FastPathPan, KvmLogic, KvmModel, KvmPath, KvmRelease, KvmStep};
pub use atwalk_core::regs::ParEl1;
pub use atwalk_core::scenario::Scenario;
pub use atwalk_core::trace::{Step, StepKind};

/// TCR_EL1 of the spec example: 4KB, T0SZ=25 (39-bit VA, start level 1),
/// EPD1, IPS=0b010 (40 bits).
pub const TCR: u64 = 0x0000_0002_0080_0019;
/// The level 1 table.
pub const L1: u64 = 0x4020_0000;
/// The level 2 table.
pub const L2: u64 = 0x4020_1000;
/// The level 3 table.
pub const L3: u64 = 0x4020_2000;
/// The page: PA 0x40400000, AF, SH=0b11, AP=0b01 (EL0 RW), AttrIndx 0, page.
pub const PAGE: u64 = 0x0000_0000_4040_0743;
/// The VA the example walks: L1 index 0, L2 index 1, L3 index 1.
pub const VA: u64 = 0x0000_0000_0020_1234;
/// The hardware's success PAR for the page: ATTR=0xff, PA=0x40400000,
/// bit 11, NS=1, SH=0b11.
pub const HW_OK: u64 = 0xff00_0000_4040_0b80;
/// KVM's success PAR for the page: the same with NS=0 (compute_par_s1()).
pub const KVM_OK: u64 = 0xff00_0000_4040_0980;

/// A scenario under construction.
#[derive(Clone, Debug)]
pub struct Sc {
    pub regs: Vec<(&'static str, u64)>,
    pub pan: bool,
    pub mem: Vec<(u64, u64)>,
    pub ram: Option<(u64, u64)>,
    /// None: "all".
    pub shadow: Option<Vec<u64>>,
    pub s2_mmu: bool,
    pub features: Option<Vec<&'static str>>,
    pub pa_bits: Option<u8>,
}

impl Sc {
    /// The spec example's tables, PSTATE.PAN clear, complete shadow.
    pub fn example() -> Sc {
        Sc {
            regs: vec![
                ("TCR_EL1", TCR),
                ("TTBR0_EL1", L1),
                ("MAIR_EL1", 0xff),
                ("SCTLR_EL1", 0x5),
            ],
            pan: false,
            mem: vec![(L1, L2 | 3), (L2 + 8, L3 | 3), (L3 + 8, PAGE)],
            ram: None,
            shadow: None,
            s2_mmu: true,
            features: None,
            pa_bits: None,
        }
    }

    pub fn reg(mut self, name: &'static str, v: u64) -> Sc {
        self.regs.retain(|(n, _)| *n != name);
        self.regs.push((name, v));
        self
    }

    pub fn get(&self, name: &str) -> u64 {
        self.regs
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, v)| *v)
    }

    pub fn word(mut self, at: u64, v: u64) -> Sc {
        self.mem.retain(|(a, _)| *a != at);
        self.mem.push((at, v));
        self
    }

    pub fn pan(mut self, on: bool) -> Sc {
        self.pan = on;
        self
    }

    pub fn no_mmu(mut self) -> Sc {
        self.s2_mmu = false;
        self
    }

    pub fn shadow(mut self, pages: &[u64]) -> Sc {
        self.shadow = Some(pages.to_vec());
        self
    }

    pub fn ram(mut self, base: u64, size: u64) -> Sc {
        self.ram = Some((base, size));
        self
    }

    pub fn pa_bits(mut self, b: u8) -> Sc {
        self.pa_bits = Some(b);
        self
    }

    pub fn features(mut self, f: &[&'static str]) -> Sc {
        self.features = Some(f.to_vec());
        self
    }

    /// The guest hypervisor's stage 2: VM=1, VTCR 4KB T0SZ=25 SL0=1
    /// (start level 1) PS=40 bits, VTTBR 0x48000000 whose level 1 entry 1
    /// maps 0x40000000-0x7fffffff with one 1GB block, identity,
    /// S2AP=RW, Normal WB, AF.
    pub fn guest_s2(self) -> Sc {
        self.reg("HCR_EL2", 1)
            .reg("VTCR_EL2", 0x2_0059)
            .reg("VTTBR_EL2", 0x4800_0000)
            .word(0x4800_0008, S2_BLOCK_1G)
    }

    pub fn json(&self, queries: &[(&str, u64)]) -> String {
        let regs: Vec<String> = self
            .regs
            .iter()
            .map(|(n, v)| format!("\"{n}\": \"0x{v:016x}\""))
            .collect();
        let mem: Vec<String> = self
            .mem
            .iter()
            .map(|(a, v)| format!("\"0x{a:x}\": \"0x{v:016x}\""))
            .collect();
        let shadow = match &self.shadow {
            None => "\"all\"".to_string(),
            Some(p) => format!(
                "[{}]",
                p.iter()
                    .map(|a| format!("\"0x{a:x}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mut extra = String::new();
        if let Some((b, s)) = self.ram {
            extra.push_str(&format!(
                ", \"ram\": [{{\"base\": \"0x{b:x}\", \"size\": \"0x{s:x}\"}}]"
            ));
        }
        if let Some(f) = &self.features {
            extra.push_str(&format!(
                ", \"features\": [{}]",
                f.iter()
                    .map(|x| format!("\"{x}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(p) = self.pa_bits {
            extra.push_str(&format!(", \"pa_bits\": {p}"));
        }
        let q: Vec<String> = queries
            .iter()
            .map(|(op, va)| format!("{{\"op\": \"{op}\", \"va\": \"0x{va:016x}\"}}"))
            .collect();
        format!(
            "{{\"format\": \"at-scenario/1\", \"cpu\": {{{}, \"PSTATE_PAN\": {}}}, \"memory\": {{{}}}{extra}, \"kvm\": {{\"shadow_s2\": {shadow}, \"s2_mmu\": {}}}, \"queries\": [{}]}}",
            regs.join(", "),
            self.pan,
            mem.join(", "),
            self.s2_mmu,
            q.join(", ")
        )
    }

    pub fn scenario(&self, op: &str, va: u64) -> Scenario {
        let text = self.json(&[(op, va)]);
        Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// One query, traced, as v6.17 answers it (the release whose at.c
    /// and nested.c lines the traces cite; later releases: [`Sc::run_in`]).
    pub fn run_with(&self, op: &str, va: u64, logic: KvmLogic, pan: FastPathPan) -> QueryResult {
        let model = KvmModel {
            fast_path_pan: pan,
            release: Some(KvmRelease::V6_17),
        };
        self.run_model(op, va, logic, model)
    }

    /// One query with the merged logic as `release` answers it.
    pub fn run_in(&self, op: &str, va: u64, release: KvmRelease) -> QueryResult {
        let model = KvmModel {
            release: Some(release),
            ..KvmModel::default()
        };
        self.run_model(op, va, KvmLogic::Merged, model)
    }

    /// One query, traced, with `model`.
    pub fn run_model(&self, op: &str, va: u64, logic: KvmLogic, model: KvmModel) -> QueryResult {
        let s = self.scenario(op, va);
        let opts = EvalOptions {
            kvm: logic,
            trace: true,
        };
        let traced = evaluate_with(&s, &opts, model).results.remove(0);
        // The answer does not depend on the trace.
        let bare = evaluate_with(
            &s,
            &EvalOptions {
                kvm: logic,
                trace: false,
            },
            model,
        )
        .results
        .remove(0);
        assert_eq!(
            (traced.par, traced.path, traced.hw, traced.slow_walks),
            (bare.par, bare.path, bare.hw, bare.slow_walks)
        );
        assert!(bare.kvm_trace.steps.is_empty());
        traced
    }

    /// One query with the merged logic and the default model, as v6.17.
    pub fn run(&self, op: &str, va: u64) -> QueryResult {
        self.run_with(op, va, KvmLogic::Merged, FastPathPan::AsMerged)
    }
}

/// A stage 2 level 1 block: 0x40000000, AF, S2AP=0b11, MemAttr=0b1111.
pub const S2_BLOCK_1G: u64 = 0x4000_0000 | 0x400 | 0xc0 | 0x3c | 0b01;

/// Every KvmDiffers step of the KVM trace, slow path and nested stage 2 included.
pub fn kvm_diffs(r: &QueryResult) -> Vec<&Step> {
    fn walk<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
        for s in steps {
            if let StepKind::KvmDiffers { .. } = s.kind {
                out.push(s);
            }
            if let StepKind::Stage2 { steps, .. } = &s.kind {
                walk(steps, out);
            }
        }
    }
    let mut out = Vec::new();
    for k in &r.kvm_trace.steps {
        match k {
            KvmStep::SlowWalk { steps, .. } | KvmStep::FastWalk { steps, .. } => {
                walk(steps, &mut out)
            }
            _ => {}
        }
    }
    out
}

/// The names (serde tags) of the differences KVM's walk recorded.
pub fn diff_names(r: &QueryResult) -> Vec<String> {
    kvm_diffs(r)
        .iter()
        .map(|s| {
            let v = serde_json::to_value(s).unwrap();
            v["what"]["diff"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The releases before `r`, and from `r` on.
pub fn split_at(r: KvmRelease) -> (Vec<KvmRelease>, Vec<KvmRelease>) {
    KvmRelease::ALL.into_iter().partition(|x| *x < r)
}

/// The hardware's PAR (panics on an abort or UNDEFINED).
pub fn hw_par(r: &QueryResult) -> u64 {
    match r.hw {
        AtOutcome::Par { par: ParEl1(p) } => p,
        other => panic!("hardware gave {other:?}"),
    }
}

/// Asserts exact `par`, `path` and `hw_par`, with the trace on failure.
#[track_caller]
pub fn check(r: &QueryResult, par: u64, path: KvmPath, hw: u64) {
    let dump = || {
        let mut s = String::new();
        for k in &r.kvm_trace.steps {
            s.push_str(&k.sentence());
            s.push('\n');
            if let KvmStep::SlowWalk { steps, .. } | KvmStep::FastWalk { steps, .. } = k {
                for st in steps {
                    s.push_str("    ");
                    s.push_str(&st.sentence());
                    s.push('\n');
                }
            }
        }
        s
    };
    assert_eq!(
        (r.par, r.path, r.hw),
        (ParEl1(par), path, AtOutcome::Par { par: ParEl1(hw) }),
        "got par 0x{:016x}\n{}",
        r.par,
        dump()
    );
}
