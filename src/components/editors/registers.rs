//! The vCPU's registers: the nested guest's stage 1 (TCR_EL1, SCTLR_EL1, MAIR_EL1, TTBR0/1_EL1),
//! the guest hypervisor's EL2 registers (HCR_EL2, VTCR_EL2, VTTBR_EL2) and PSTATE.PAN.

use atwalk_core::granule::Granule;
use atwalk_core::regs::{FieldInfo, HcrEl2, MairEl1, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2};
use atwalk_core::scenario::{Cpu, Scenario};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::register::{Annotate, RegisterEditor};
use crate::state::Shared;

/// A register of [`Cpu`]: its name, fields, accessors, and whether it starts open.
struct Reg {
    name: &'static str,
    view: &'static str,
    fields: &'static [FieldInfo],
    get: fn(&Cpu) -> u64,
    set: fn(&mut Cpu, u64),
    open: bool,
    annotate: Option<Annotate>,
}

const STAGE1: &[Reg] = &[
    Reg {
        name: "TCR_EL1",
        view: TcrEl1::NAME,
        fields: TcrEl1::FIELDS,
        get: |c| c.tcr_el1,
        set: |c, v| c.tcr_el1 = v,
        open: true,
        annotate: None,
    },
    Reg {
        name: "SCTLR_EL1",
        view: SctlrEl1::NAME,
        fields: SctlrEl1::FIELDS,
        get: |c| c.sctlr_el1,
        set: |c, v| c.sctlr_el1 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "MAIR_EL1",
        view: MairEl1::NAME,
        fields: MairEl1::FIELDS,
        get: |c| c.mair_el1,
        set: |c, v| c.mair_el1 = v,
        open: false,
        annotate: Some(Annotate::MairAttr),
    },
    Reg {
        name: "TTBR0_EL1",
        view: Ttbr::NAME,
        fields: Ttbr::FIELDS,
        get: |c| c.ttbr0_el1,
        set: |c, v| c.ttbr0_el1 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "TTBR1_EL1",
        view: Ttbr::NAME,
        fields: Ttbr::FIELDS,
        get: |c| c.ttbr1_el1,
        set: |c, v| c.ttbr1_el1 = v,
        open: false,
        annotate: None,
    },
];

const EL2: &[Reg] = &[
    Reg {
        name: "HCR_EL2",
        view: HcrEl2::NAME,
        fields: HcrEl2::FIELDS,
        get: |c| c.hcr_el2,
        set: |c, v| c.hcr_el2 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "VTCR_EL2",
        view: VtcrEl2::NAME,
        fields: VtcrEl2::FIELDS,
        get: |c| c.vtcr_el2,
        set: |c, v| c.vtcr_el2 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "VTTBR_EL2",
        view: VttbrEl2::NAME,
        fields: VttbrEl2::FIELDS,
        get: |c| c.vttbr_el2,
        set: |c, v| c.vttbr_el2 = v,
        open: false,
        annotate: None,
    },
];

/// Properties of [`Registers`].
#[derive(Properties, PartialEq)]
pub struct RegistersProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
    /// The walk's range is TTBR1's (TCR_EL1 lists its TTBR1 fields first).
    #[prop_or_default]
    pub upper: bool,
}

fn group(regs: &'static [Reg], p: &RegistersProps) -> Html {
    html! {
        { for regs.iter().map(|r| {
            let on_change = {
                let (sc, on_edit, set) = (p.scenario.clone(), p.on_edit.clone(), r.set);
                Callback::from(move |v: u64| {
                    let mut s = (*sc).clone();
                    set(&mut s.cpu, v);
                    on_edit.emit(s);
                })
            };
            let value = (r.get)(&p.scenario.cpu);
            // Stage 2's SL0 means a level by VTCR_EL2's own granule.
            let granule = if r.view == VtcrEl2::NAME {
                Granule::from_tg0(VtcrEl2::TG0.get(value) as u8).unwrap_or(Granule::K4)
            } else {
                Granule::K4
            };
            html! {
                <RegisterEditor name={r.name} {value} fields={r.fields}
                    {on_change} open={r.open} annotate={r.annotate} view={r.view} {granule} upper={p.upper} />
            }
        }) }
    }
}

/// Every register, foldable, and PSTATE.PAN as a toggle.
#[function_component]
pub fn Registers(props: &RegistersProps) -> Html {
    let pan = props.scenario.cpu.pstate_pan;
    let on_pan = {
        let (sc, on_edit) = (props.scenario.clone(), props.on_edit.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut s = (*sc).clone();
            s.cpu.pstate_pan = el.checked();
            on_edit.emit(s);
        })
    };
    html! {
        <>
            <section class="panel" aria-labelledby="h-s1">
                <h2 id="h-s1">{ "Nested guest: stage 1 registers" }</h2>
                { group(STAGE1, props) }
            </section>
            <section class="panel" aria-labelledby="h-el2">
                <h2 id="h-el2">{ "Guest hypervisor (virtual EL2)" }</h2>
                <label class="toggle pan" title="The guest hypervisor's PSTATE.PAN: AT S1E1RP and S1E1WP fail on pages EL0 can access.">
                    <input type="checkbox" checked={pan} onchange={on_pan} data-testid="pstate-pan" />
                    <span>{ "PSTATE.PAN" }</span>
                    <span class="fdoc">{ "Privileged Access Never: S1E1RP/S1E1WP fail on EL0-accessible pages" }</span>
                </label>
                { group(EL2, props) }
            </section>
        </>
    }
}
