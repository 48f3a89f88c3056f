//! The at-scenario/1 file format: everything needed to replay one trapped AT
//! instruction (the vCPU's registers, the guest memory holding its tables,
//! the host's side of KVM's fast path, the modelled CPU and the AT
//! operations), as defined in `scenario-format.md`.
//!
//! [`Scenario::from_json`] reads a file and [`Scenario::to_json`] writes one;
//! `Scenario::from_json(&s.to_json()) == Ok(s)` for every scenario the loader
//! accepts.
//!
//! # What the loader accepts
//!
//! A file is rejected whole, never half-loaded, with a [`ScenarioError`]
//! whose `field` is a JSON path (`cpu.TCR_EL1`, `memory."0x40200004"`,
//! `queries[2].op`, `ram[1].size`, `kvm.shadow_s2[3]`, `features[0]`,
//! `pa_bits`, `format`) and whose `message` says why. The choices the spec
//! leaves open are made here:
//!
//! - `format`, `cpu`, `memory` and `queries` are required; `queries` may be
//!   an empty list, `cpu` and `memory` empty objects. `title`, `notes`,
//!   `ram`, `kvm`, `features` and `pa_bits` are optional.
//! - Every object rejects keys it does not know, and a key given twice.
//! - A hex string is `"0x"` (lower-case x) followed by 1 to 16 hex digits
//!   (either case), nothing else: no sign, spaces or `_`. More than 16
//!   digits is an error even with leading zeros; one that needs more than 64
//!   bits is reported as too wide. A number where a hex string belongs is a
//!   type error: 64-bit values do not survive JSON numbers.
//! - Memory keys must be multiples of 8; two keys naming the same address
//!   (`"0x08"` and `"0x8"`) are an error.
//! - A `ram` range has a non-zero size and ends at or below 2^64; ranges may
//!   overlap; `"ram": []` means no guest memory at all.
//! - `kvm.shadow_s2` is `"all"` or a list of distinct 4 KiB-aligned IPAs.
//! - `features` lists distinct names that [`Feature::from_name`] knows;
//!   `pa_bits` is a JSON integer in [`PA_BITS_LEGAL`].
//! - A query's `expect` may hold `par` (hex), `path` (`"fast"`/`"slow"`) and
//!   `hw_par`: a hex string, or `null` for a synchronous Data Abort, in which
//!   case `"hw_abort": {"dfsc": "0x15"}` may give the fault status code
//!   (0x00 to 0x3f).
//!
//! # Limits
//!
//! So that no input can exhaust memory or hang the loader: at most
//! [`MAX_MEMORY_WORDS`] memory words, [`MAX_QUERIES`] queries,
//! [`MAX_RAM_RANGES`] RAM ranges, [`MAX_SHADOW_PAGES`] shadow stage 2 pages,
//! [`MAX_TEXT_BYTES`] bytes each of `title` and `notes`, and
//! [`MAX_JSON_VALUES`] JSON values in the whole file (checked while parsing,
//! so the work is linear in the input). JSON nesting deeper than 128 levels
//! is refused by the JSON parser.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::at::AtOp;
use crate::features::{CpuModel, Feature, PA_BITS_LEGAL};
use crate::kvm::KvmPath;

/// The `format` string of this version of the scenario format.
pub const FORMAT: &str = "at-scenario/1";

/// At most this many words in `memory`.
pub const MAX_MEMORY_WORDS: usize = 1_000_000;
/// At most this many entries in `queries`.
pub const MAX_QUERIES: usize = 10_000;
/// At most this many entries in `ram`.
pub const MAX_RAM_RANGES: usize = 10_000;
/// At most this many pages in `kvm.shadow_s2`.
pub const MAX_SHADOW_PAGES: usize = 100_000;
/// At most this many bytes (UTF-8) in each of `title` and `notes`.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// At most this many JSON values (each scalar, array, object and object
/// member counts) in a whole file: room for the largest legal scenario.
pub const MAX_JSON_VALUES: usize = 3 * MAX_MEMORY_WORDS;

/// One AT scenario: the vCPU state, guest memory, host state, modelled CPU
/// and the AT operations to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Short title; `""` when absent.
    pub title: String,
    /// Free text shown beside the scenario; `""` when absent.
    pub notes: String,
    /// The vCPU's registers when the guest hypervisor executed the AT.
    pub cpu: Cpu,
    /// Guest physical memory: 8-byte-aligned address to 64-bit little-endian
    /// word. Words not listed read as 0.
    pub memory: BTreeMap<u64, u64>,
    /// Where guest physical memory exists; `None`: every address below the
    /// output size exists.
    pub ram: Option<Vec<RamRange>>,
    /// The host's side, for KVM's fast/slow path model.
    pub kvm: KvmHost,
    /// The features the modelled CPU implements; `None`: the default CPU's.
    pub features: Option<Vec<Feature>>,
    /// Implemented physical address size in bits, one of [`PA_BITS_LEGAL`];
    /// `None`: the default CPU's.
    pub pa_bits: Option<u8>,
    /// The AT operations to run, in order.
    pub queries: Vec<Query>,
}

/// The vCPU registers a scenario sets. An absent register is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cpu {
    /// TCR_EL1 of the nested guest's EL1&0 regime.
    pub tcr_el1: u64,
    /// TTBR0_EL1.
    pub ttbr0_el1: u64,
    /// TTBR1_EL1.
    pub ttbr1_el1: u64,
    /// MAIR_EL1.
    pub mair_el1: u64,
    /// SCTLR_EL1.
    pub sctlr_el1: u64,
    /// The guest hypervisor's (virtual) HCR_EL2.
    pub hcr_el2: u64,
    /// The guest hypervisor's (virtual) VTCR_EL2.
    pub vtcr_el2: u64,
    /// The guest hypervisor's (virtual) VTTBR_EL2.
    pub vttbr_el2: u64,
    /// The guest hypervisor's PSTATE.PAN.
    pub pstate_pan: bool,
}

/// A range of guest physical addresses where memory exists:
/// `base ..= base + (size - 1)`, `size` non-zero, not past 2^64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RamRange {
    /// First address.
    pub base: u64,
    /// Length in bytes.
    pub size: u64,
}

/// What KVM's shadow stage 2 currently maps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShadowS2 {
    /// Every IPA page (`"shadow_s2": "all"`).
    All,
    /// Only these 4 KiB-aligned IPA pages.
    Pages(BTreeSet<u64>),
}

/// The host's side of the nested-virtualization fast path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KvmHost {
    /// What the shadow stage 2 maps.
    pub shadow_s2: ShadowS2,
    /// Whether lookup_s2_mmu() found a shadow MMU.
    pub s2_mmu: bool,
}

impl Default for KvmHost {
    /// `{"shadow_s2": "all", "s2_mmu": true}`, the value of an absent `kvm`.
    fn default() -> Self {
        KvmHost {
            shadow_s2: ShadowS2::All,
            s2_mmu: true,
        }
    }
}

/// One AT operation to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query {
    /// The AT instruction.
    pub op: AtOp,
    /// The virtual address it translates.
    pub va: u64,
    /// The outcome the scenario's author states, if any.
    pub expect: Option<Expect>,
}

/// The outcome a query's author states; each part is checked only if given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    /// The PAR_EL1 KVM returns.
    pub par: Option<u64>,
    /// Which of KVM's paths answers.
    pub path: Option<KvmPath>,
    /// What hardware implementing the architecture exactly gives.
    pub hw_par: Option<HwExpect>,
}

/// The expected hardware outcome of an AT instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HwExpect {
    /// PAR_EL1 is written with this value (JSON `"hw_par": "0x..."`).
    Par(u64),
    /// A synchronous Data Abort (JSON `"hw_par": null`), with the fault
    /// status code from `"hw_abort": {"dfsc": "0x15"}` if given.
    Abort {
        /// The abort's DFSC, 0x00 to 0x3f; `None`: any.
        dfsc: Option<u8>,
    },
}

/// Why a scenario file was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// JSON path of the offending part, e.g. `cpu.TCR_EL1`,
    /// `memory."0x40200004"`, `queries[2].op`; `""` when the file as a whole
    /// is at fault (not JSON, not an object).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    /// `field: message`, or just the message when `field` is empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

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
            memory: parse_memory(required("memory", memory)?)?,
            ram: ram.map(parse_ram).transpose()?,
            kvm: kvm.map(parse_kvm).transpose()?.unwrap_or_default(),
            features: features.map(parse_features).transpose()?,
            pa_bits: pa_bits.map(parse_pa_bits).transpose()?,
            queries: parse_queries(required("queries", queries)?)?,
        })
    }

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
        let _ = writeln!(o, ", \"s2_mmu\": {} }},", self.kvm.s2_mmu);

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

    /// The modelled CPU: `features` and `pa_bits` where given, the default
    /// CPU's ([`CpuModel::default`]) where not.
    pub fn cpu_model(&self) -> CpuModel {
        let mut model = match &self.features {
            Some(features) => CpuModel::new(features, CpuModel::default().pa_bits),
            None => CpuModel::default(),
        };
        if let Some(pa_bits) = self.pa_bits {
            model.pa_bits = pa_bits;
        }
        model
    }
}

// ---------------------------------------------------------------------------
// JSON: parsed into a tree that keeps duplicate keys (serde_json's Value
// would silently keep the last), with a budget on the number of values.

enum Json {
    Null,
    Bool(bool),
    /// `Some` for an integer that fits u64, `None` for any other number.
    Number(Option<u64>),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

#[derive(Clone, Copy)]
struct Seed<'b> {
    budget: &'b Cell<usize>,
}

impl Seed<'_> {
    fn take<E: de::Error>(self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "more than {MAX_JSON_VALUES} JSON values, the most a scenario may hold"
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Json;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        self.take()?;
        Ok(Json::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        self.take()?;
        Ok(Json::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        self.take()?;
        Ok(Json::Number(Some(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        self.take()?;
        Ok(Json::Number(u64::try_from(v).ok()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Json, E> {
        self.take()?;
        Ok(Json::Number(None))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        self.take()?;
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        self.take()?;
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        self.take()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        self.take()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            self.take()?;
            let value = map.next_value_seed(self)?;
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

fn parse_json(text: &str) -> Result<Json, ScenarioError> {
    let budget = Cell::new(MAX_JSON_VALUES);
    let mut de = serde_json::Deserializer::from_str(text);
    let json_err = |e: serde_json::Error| err("", format!("not valid JSON: {e}"));
    let root = Seed { budget: &budget }
        .deserialize(&mut de)
        .map_err(json_err)?;
    de.end().map_err(json_err)?;
    Ok(root)
}

// ---------------------------------------------------------------------------
// Paths and messages.

fn err(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        message: message.into(),
    }
}

/// A JSON string literal for `s`.
fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A user's string quoted for a message, cut short if long.
fn show(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => json_str(s),
        Some((cut, _)) => format!("{}...", json_str(&s[..cut])),
    }
}

fn is_ident(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The path of member `key` of the object at `parent`.
fn child(parent: &str, key: &str) -> String {
    match (parent.is_empty(), is_ident(key)) {
        (true, true) => key.to_owned(),
        (true, false) => show(key),
        (false, true) => format!("{parent}.{key}"),
        (false, false) => format!("{parent}.{}", show(key)),
    }
}

/// The path of element `i` of the array at `parent`.
fn elem(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// Checks an object's keys against `allowed` and returns the members in that
/// order: unknown and repeated keys are errors.
fn fields<'a, const N: usize>(
    path: &str,
    entries: &'a [(String, Json)],
    allowed: &[&str; N],
    unknown: &str,
) -> Result<[Option<&'a Json>; N], ScenarioError> {
    let mut out = [None; N];
    for (key, value) in entries {
        let Some(i) = allowed.iter().position(|a| a == key) else {
            return Err(err(
                child(path, key),
                format!("{unknown}; expected one of {}", allowed.join(", ")),
            ));
        };
        if out[i].is_some() {
            return Err(err(child(path, key), "given twice"));
        }
        out[i] = Some(value);
    }
    Ok(out)
}

fn required<'a>(path: &str, v: Option<&'a Json>) -> Result<&'a Json, ScenarioError> {
    v.ok_or_else(|| err(path, "missing"))
}

fn object<'a>(path: &str, v: &'a Json) -> Result<&'a [(String, Json)], ScenarioError> {
    match v {
        Json::Object(entries) => Ok(entries),
        other => Err(err(
            path,
            format!("expected an object, got {}", other.kind()),
        )),
    }
}

fn array<'a>(path: &str, v: &'a Json, max: usize) -> Result<&'a [Json], ScenarioError> {
    match v {
        Json::Array(items) if items.len() > max => Err(err(
            path,
            format!("too many entries: {} (at most {max})", items.len()),
        )),
        Json::Array(items) => Ok(items),
        other => Err(err(
            path,
            format!("expected an array, got {}", other.kind()),
        )),
    }
}

fn boolean(path: &str, v: &Json) -> Result<bool, ScenarioError> {
    match v {
        Json::Bool(b) => Ok(*b),
        other => Err(err(
            path,
            format!("expected true or false, got {}", other.kind()),
        )),
    }
}

fn text_field(path: &str, v: &Json) -> Result<String, ScenarioError> {
    match v {
        Json::String(s) if s.len() > MAX_TEXT_BYTES => Err(err(
            path,
            format!("too long: {} bytes (at most {MAX_TEXT_BYTES})", s.len()),
        )),
        Json::String(s) => Ok(s.clone()),
        other => Err(err(
            path,
            format!("expected a string, got {}", other.kind()),
        )),
    }
}

/// Parses `"0x"` followed by 1 to 16 hex digits.
fn parse_hex(s: &str) -> Result<u64, String> {
    let Some(digits) = s.strip_prefix("0x") else {
        return Err(format!("malformed hex {}: must start with \"0x\"", show(s)));
    };
    if digits.is_empty() {
        return Err(format!("malformed hex {}: no digits after \"0x\"", show(s)));
    }
    if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!(
            "malformed hex {}: {bad:?} is not a hex digit",
            show(s)
        ));
    }
    if digits.len() > 16 {
        let significant = digits.trim_start_matches('0').len();
        return Err(if significant > 16 {
            format!(
                "value {} is wider than 64 bits ({significant} significant hex digits)",
                show(s)
            )
        } else {
            format!(
                "malformed hex {}: at most 16 digits after \"0x\", got {}",
                show(s),
                digits.len()
            )
        });
    }
    // Cannot fail: 1 to 16 hex digits.
    u64::from_str_radix(digits, 16).map_err(|e| e.to_string())
}

/// A hex string member: `like` is the example the type error shows.
fn hex(path: &str, v: &Json, like: &str) -> Result<u64, ScenarioError> {
    match v {
        Json::String(s) => parse_hex(s).map_err(|m| err(path, m)),
        other => Err(err(
            path,
            format!(
                "expected a hex string like \"{like}\", got {}",
                other.kind()
            ),
        )),
    }
}

const REG_LIKE: &str = "0x0000000040200000";
const ADDR_LIKE: &str = "0x40200000";

// ---------------------------------------------------------------------------
// The sections.

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
    let [shadow, s2_mmu] = fields(
        "kvm",
        object("kvm", v)?,
        &["shadow_s2", "s2_mmu"],
        "unknown key",
    )?;
    let mut host = KvmHost::default();
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

fn parse_features(v: &Json) -> Result<Vec<Feature>, ScenarioError> {
    // No more entries than distinct features, so the check below stays small.
    let items = array("features", v, Feature::ALL.len())?;
    let mut features: Vec<Feature> = Vec::with_capacity(items.len());
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
        let Some(f) = Feature::from_name(name) else {
            let known: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
            return Err(err(
                path,
                format!(
                    "unknown feature {}; known: {}",
                    show(name),
                    known.join(", ")
                ),
            ));
        };
        if features.contains(&f) {
            return Err(err(path, format!("{} listed twice", f.name())));
        }
        features.push(f);
    }
    Ok(features)
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

fn parse_queries(v: &Json) -> Result<Vec<Query>, ScenarioError> {
    let items = array("queries", v, MAX_QUERIES)?;
    let mut queries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = elem("queries", i);
        let [op, va, expect] = fields(
            &path,
            object(&path, item)?,
            &["op", "va", "expect"],
            "unknown key",
        )?;
        let (op_path, va_path) = (child(&path, "op"), child(&path, "va"));
        let op = match required(&op_path, op)? {
            Json::String(name) => AtOp::from_name(name).ok_or_else(|| {
                let known: Vec<&str> = AtOp::ALL.iter().map(|o| o.name()).collect();
                err(
                    &op_path,
                    format!(
                        "unknown op {}; expected one of {}",
                        show(name),
                        known.join(", ")
                    ),
                )
            })?,
            other => {
                return Err(err(
                    op_path,
                    format!("expected an op name like \"S1E1R\", got {}", other.kind()),
                ));
            }
        };
        let va = hex(&va_path, required(&va_path, va)?, "0x0000000000201234")?;
        let expect = expect
            .map(|v| parse_expect(&child(&path, "expect"), v))
            .transpose()?;
        queries.push(Query { op, va, expect });
    }
    Ok(queries)
}

fn parse_expect(path: &str, v: &Json) -> Result<Expect, ScenarioError> {
    let [par, kvm_path, hw_par, hw_abort] = fields(
        path,
        object(path, v)?,
        &["par", "path", "hw_par", "hw_abort"],
        "unknown key",
    )?;
    let par = par
        .map(|v| hex(&child(path, "par"), v, REG_LIKE))
        .transpose()?;
    let kvm_path = match kvm_path {
        None => None,
        Some(Json::String(s)) if s == "fast" => Some(KvmPath::Fast),
        Some(Json::String(s)) if s == "slow" => Some(KvmPath::Slow),
        Some(Json::String(s)) => {
            return Err(err(
                child(path, "path"),
                format!("expected \"fast\" or \"slow\", got {}", show(s)),
            ));
        }
        Some(other) => {
            return Err(err(
                child(path, "path"),
                format!("expected \"fast\" or \"slow\", got {}", other.kind()),
            ));
        }
    };
    let hw_par = match (hw_par, hw_abort) {
        (None, None) => None,
        (Some(Json::Null), abort) => {
            let dfsc = match abort {
                None => None,
                Some(abort) => {
                    let abort_path = child(path, "hw_abort");
                    let [dfsc] = fields(
                        &abort_path,
                        object(&abort_path, abort)?,
                        &["dfsc"],
                        "unknown key",
                    )?;
                    let dfsc_path = child(&abort_path, "dfsc");
                    match dfsc.map(|v| hex(&dfsc_path, v, "0x15")).transpose()? {
                        None => None,
                        Some(d) if d <= 0x3f => Some(d as u8),
                        Some(d) => {
                            return Err(err(
                                dfsc_path,
                                format!("0x{d:x} is not a fault status code (0x00 to 0x3f)"),
                            ));
                        }
                    }
                }
            };
            Some(HwExpect::Abort { dfsc })
        }
        (Some(v), None) => Some(HwExpect::Par(hex(&child(path, "hw_par"), v, REG_LIKE)?)),
        (_, Some(_)) => {
            return Err(err(
                child(path, "hw_abort"),
                "only with \"hw_par\": null (the hardware aborts)",
            ));
        }
    };
    Ok(Expect {
        par,
        path: kvm_path,
        hw_par,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_one_to_sixteen_digits() {
        assert_eq!(parse_hex("0x0"), Ok(0));
        assert_eq!(parse_hex("0xFfFf"), Ok(0xffff));
        assert_eq!(parse_hex("0xffffffffffffffff"), Ok(u64::MAX));
        assert_eq!(parse_hex("0x0000000000000001"), Ok(1));
    }

    #[test]
    fn hex_rejects_malformed() {
        for bad in [
            "", "0x", "0X1", "1", "0x-1", "+0x1", "0x 1", "0x1_0", " 0x1", "0x1 ", "0xg",
        ] {
            assert!(parse_hex(bad).is_err(), "{bad:?}");
        }
        assert!(
            parse_hex("0x10000000000000000")
                .unwrap_err()
                .contains("wider than 64 bits (17 significant")
        );
        assert!(
            parse_hex("0x00000000000000001")
                .unwrap_err()
                .contains("at most 16 digits")
        );
    }

    #[test]
    fn paths_quote_what_is_not_an_identifier() {
        assert_eq!(child("", "format"), "format");
        assert_eq!(child("cpu", "TCR_EL1"), "cpu.TCR_EL1");
        assert_eq!(child("memory", "0x40200004"), "memory.\"0x40200004\"");
        assert_eq!(child("", "a b"), "\"a b\"");
        assert_eq!(elem("queries", 2), "queries[2]");
        assert_eq!(child(&elem("queries", 2), "op"), "queries[2].op");
    }

    #[test]
    fn json_strings_escape() {
        assert_eq!(json_str("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
    }
}
