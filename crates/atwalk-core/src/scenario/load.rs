//! Reading an at-scenario/1 file: the top level and every section but the
//! queries, each checked and converted into the scenario's types.

use std::collections::{BTreeMap, BTreeSet};

use super::json::{
    ADDR_LIKE, Json, REG_LIKE, array, boolean, child, elem, err, fields, hex, object, parse_hex,
    parse_json, required, show, text_field,
};
use super::queries::parse_queries;
use super::{
    Cpu, FORMAT, KvmHost, MAX_MEMORY_WORDS, MAX_RAM_RANGES, MAX_SHADOW_PAGES, RamRange, Scenario,
    ScenarioError, ShadowS2,
};
use crate::features::{ACCEPTED_NAME_COUNT, ARM_RELEASE, ArmFeature, PA_BITS_LEGAL};

impl Scenario {
    /// Reads an at-scenario/1 file.
    ///
    /// # Errors
    ///
    /// Returns a [`ScenarioError`] naming the first offending field if the
    /// text is not JSON, has a missing or unknown `format`, or breaks any
    /// rule in the [module documentation](self): malformed or too wide hex,
    /// misaligned or duplicate memory addresses, unknown keys, registers,
    /// ops or features, illegal `pa_bits`, empty or wrapping RAM ranges,
    /// bad shadow pages, wrong JSON types, or a limit exceeded.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let root = parse_json(text)?;
        let Json::Object(top) = &root else {
            return Err(err(
                "",
                format!(
                    "expected a JSON object at the top level, got {}",
                    root.kind()
                ),
            ));
        };
        // The format first: a file of another format gets that complaint
        // rather than one about keys this version does not know.
        match top.iter().find(|(k, _)| k == "format").map(|(_, v)| v) {
            None => {
                return Err(err(
                    "format",
                    format!("missing; an {FORMAT} file has \"format\": \"{FORMAT}\""),
                ));
            }
            Some(Json::String(s)) if s == FORMAT => {}
            Some(Json::String(s)) => {
                return Err(err(
                    "format",
                    format!("unknown format {}; this loader reads \"{FORMAT}\"", show(s)),
                ));
            }
            Some(v) => {
                return Err(err(
                    "format",
                    format!("expected the string \"{FORMAT}\", got {}", v.kind()),
                ));
            }
        }
        let [
            _,
            title,
            notes,
            cpu,
            memory,
            ram,
            kvm,
            features,
            pa_bits,
            queries,
        ] = fields(
            "",
            top,
            &[
                "format", "title", "notes", "cpu", "memory", "ram", "kvm", "features", "pa_bits",
                "queries",
            ],
            "unknown key",
        )?;
        Ok(Scenario {
            title: title
                .map(|v| text_field("title", v))
                .transpose()?
                .unwrap_or_default(),
            notes: notes
                .map(|v| text_field("notes", v))
                .transpose()?
                .unwrap_or_default(),
            cpu: parse_cpu(required("cpu", cpu)?)?,
            memory: parse_memory(required("memory", memory)?)?.into(),
            ram: ram.map(parse_ram).transpose()?,
            kvm: kvm.map(parse_kvm).transpose()?.unwrap_or_default(),
            features: features.map(parse_features).transpose()?,
            pa_bits: pa_bits.map(parse_pa_bits).transpose()?,
            queries: parse_queries(required("queries", queries)?)?,
        })
    }
}

fn parse_cpu(v: &Json) -> Result<Cpu, ScenarioError> {
    const NAMES: [&str; 9] = [
        "TCR_EL1",
        "TTBR0_EL1",
        "TTBR1_EL1",
        "MAIR_EL1",
        "SCTLR_EL1",
        "HCR_EL2",
        "VTCR_EL2",
        "VTTBR_EL2",
        "PSTATE_PAN",
    ];
    let got = fields("cpu", object("cpu", v)?, &NAMES, "unknown register")?;
    let mut regs = [0u64; 8];
    for (i, reg) in regs.iter_mut().enumerate() {
        if let Some(v) = got[i] {
            *reg = hex(&child("cpu", NAMES[i]), v, REG_LIKE)?;
        }
    }
    let [
        tcr_el1,
        ttbr0_el1,
        ttbr1_el1,
        mair_el1,
        sctlr_el1,
        hcr_el2,
        vtcr_el2,
        vttbr_el2,
    ] = regs;
    let pstate_pan = got[8]
        .map(|v| boolean("cpu.PSTATE_PAN", v))
        .transpose()?
        .unwrap_or(false);
    Ok(Cpu {
        tcr_el1,
        ttbr0_el1,
        ttbr1_el1,
        mair_el1,
        sctlr_el1,
        hcr_el2,
        vtcr_el2,
        vttbr_el2,
        pstate_pan,
    })
}

fn parse_memory(v: &Json) -> Result<BTreeMap<u64, u64>, ScenarioError> {
    let entries = object("memory", v)?;
    if entries.len() > MAX_MEMORY_WORDS {
        return Err(err(
            "memory",
            format!(
                "too many words: {} (at most {MAX_MEMORY_WORDS})",
                entries.len()
            ),
        ));
    }
    let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
    let mut memory = BTreeMap::new();
    for (key, value) in entries {
        let path = child("memory", key);
        let addr = parse_hex(key).map_err(|m| err(&path, format!("address: {m}")))?;
        if addr % 8 != 0 {
            return Err(err(
                path,
                format!(
                    "address 0x{addr:x} is not 8-byte aligned (a word's address is a multiple of 8)"
                ),
            ));
        }
        if let Some(first) = seen.insert(addr, key) {
            let msg = if first == key {
                "given twice".to_owned()
            } else {
                format!("same address as {}", child("memory", first))
            };
            return Err(err(path, msg));
        }
        memory.insert(addr, hex(&path, value, REG_LIKE)?);
    }
    Ok(memory)
}

fn parse_ram(v: &Json) -> Result<Vec<RamRange>, ScenarioError> {
    let items = array("ram", v, MAX_RAM_RANGES)?;
    let mut ram = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = elem("ram", i);
        let [base, size] = fields(
            &path,
            object(&path, item)?,
            &["base", "size"],
            "unknown key",
        )?;
        let (base_path, size_path) = (child(&path, "base"), child(&path, "size"));
        let base = hex(&base_path, required(&base_path, base)?, ADDR_LIKE)?;
        let size = hex(&size_path, required(&size_path, size)?, ADDR_LIKE)?;
        if size == 0 {
            return Err(err(
                size_path,
                "size is 0; a RAM range holds at least one byte",
            ));
        }
        if base.checked_add(size - 1).is_none() {
            return Err(err(
                size_path,
                format!("range 0x{base:x} + 0x{size:x} runs past 2^64"),
            ));
        }
        ram.push(RamRange { base, size });
    }
    Ok(ram)
}

fn parse_kvm(v: &Json) -> Result<KvmHost, ScenarioError> {
    let [shadow, s2_mmu, version] = fields(
        "kvm",
        object("kvm", v)?,
        &["shadow_s2", "s2_mmu", "version"],
        "unknown key",
    )?;
    let mut host = KvmHost::default();
    if let Some(v) = version {
        let Json::String(tag) = v else {
            return Err(err(
                "kvm.version",
                format!("expected a release tag such as \"v6.12\", got {}", v.kind()),
            ));
        };
        host.version = Some(crate::kvm::KvmRelease::parse(tag).ok_or_else(|| {
            err(
                "kvm.version",
                format!(
                    "{} is not a modelled release; the modelled releases are {}",
                    show(tag),
                    crate::kvm::KvmRelease::tags()
                ),
            )
        })?);
    }
    if let Some(v) = s2_mmu {
        host.s2_mmu = boolean("kvm.s2_mmu", v)?;
    }
    match shadow {
        None => {}
        Some(Json::String(s)) if s == "all" => {}
        Some(Json::String(s)) => {
            return Err(err(
                "kvm.shadow_s2",
                format!(
                    "expected \"all\" or a list of page addresses, got {}",
                    show(s)
                ),
            ));
        }
        Some(v @ Json::Array(_)) => {
            let mut pages = BTreeSet::new();
            for (i, item) in array("kvm.shadow_s2", v, MAX_SHADOW_PAGES)?
                .iter()
                .enumerate()
            {
                let path = elem("kvm.shadow_s2", i);
                let page = hex(&path, item, ADDR_LIKE)?;
                if page % 4096 != 0 {
                    return Err(err(
                        path,
                        format!(
                            "0x{page:x} is not 4 KiB aligned (a page address is a multiple of 0x1000)"
                        ),
                    ));
                }
                if !pages.insert(page) {
                    return Err(err(path, format!("page 0x{page:x} listed twice")));
                }
            }
            host.shadow_s2 = ShadowS2::Pages(pages);
        }
        Some(other) => {
            return Err(err(
                "kvm.shadow_s2",
                format!(
                    "expected \"all\" or a list of page addresses, got {}",
                    other.kind()
                ),
            ));
        }
    }
    Ok(host)
}

fn parse_features(v: &Json) -> Result<Vec<ArmFeature>, ScenarioError> {
    // No more entries than distinct Arm features.
    let items = array("features", v, ACCEPTED_NAME_COUNT)?;
    let mut seen = vec![false; ACCEPTED_NAME_COUNT];
    let mut features: Vec<ArmFeature> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = elem("features", i);
        let Json::String(name) = item else {
            return Err(err(
                path,
                format!(
                    "expected a feature name like \"FEAT_PAN3\", got {}",
                    item.kind()
                ),
            ));
        };
        let Some(f) = ArmFeature::from_name(name) else {
            return Err(err(path, not_a_feature(name)));
        };
        if std::mem::replace(&mut seen[f.index()], true) {
            return Err(err(path, format!("{f} listed twice")));
        }
        features.push(f);
    }
    Ok(features)
}

/// Why `name` is not accepted, with the closest real names.
fn not_a_feature(name: &str) -> String {
    if ArmFeature::is_withdrawn(name) {
        return format!(
            "{} was withdrawn from the Arm architecture ({ARM_RELEASE}, A2.1.2); no CPU implements it",
            show(name)
        );
    }
    let mut msg = format!("{} is not an Arm feature ({ARM_RELEASE})", show(name));
    let closest = ArmFeature::closest(name);
    if closest.is_empty() {
        msg.push_str("; feature names look like FEAT_PAN3");
    } else {
        msg.push_str("; did you mean ");
        msg.push_str(&closest.join(", "));
        msg.push('?');
    }
    msg
}

fn parse_pa_bits(v: &Json) -> Result<u8, ScenarioError> {
    let legal: Vec<String> = PA_BITS_LEGAL.iter().map(u8::to_string).collect();
    let legal = legal.join(", ");
    match v {
        Json::Number(Some(n)) => match PA_BITS_LEGAL.iter().find(|&&b| u64::from(b) == *n) {
            Some(&b) => Ok(b),
            None => Err(err(
                "pa_bits",
                format!("{n} is not a legal PA size; expected one of {legal}"),
            )),
        },
        Json::Number(None) => Err(err(
            "pa_bits",
            format!("expected an integer, one of {legal}"),
        )),
        other => Err(err(
            "pa_bits",
            format!("expected an integer (one of {legal}), got {}", other.kind()),
        )),
    }
}
