//! The vCPU's registers: the nested guest's stage 1 (TCR_EL1, SCTLR_EL1, MAIR_EL1, TTBR0/1_EL1),
//! the guest hypervisor's EL2 registers (HCR_EL2, VTCR_EL2, VTTBR_EL2) and PSTATE.PAN.

use atwalk_core::regs::{FieldInfo, HcrEl2, MairEl1, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2};
use atwalk_core::scenario::{Cpu, Scenario};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::register::{Annotate, RegisterEditor};
use crate::state::Shared;

/// A register of [`Cpu`]: its name, fields, accessors, and whether it starts open.
struct Reg {
    name: &'static str,
    fields: &'static [FieldInfo],
    get: fn(&Cpu) -> u64,
    set: fn(&mut Cpu, u64),
    open: bool,
    annotate: Option<Annotate>,
}

const STAGE1: &[Reg] = &[
    Reg {
        name: "TCR_EL1",
        fields: TcrEl1::FIELDS,
        get: |c| c.tcr_el1,
        set: |c, v| c.tcr_el1 = v,
        open: true,
        annotate: None,
    },
    Reg {
        name: "SCTLR_EL1",
        fields: SctlrEl1::FIELDS,
        get: |c| c.sctlr_el1,
        set: |c, v| c.sctlr_el1 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "MAIR_EL1",
        fields: MairEl1::FIELDS,
        get: |c| c.mair_el1,
        set: |c, v| c.mair_el1 = v,
        open: false,
        annotate: Some(Annotate::MairAttr),
    },
    Reg {
        name: "TTBR0_EL1",
        fields: Ttbr::FIELDS,
        get: |c| c.ttbr0_el1,
        set: |c, v| c.ttbr0_el1 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "TTBR1_EL1",
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
        fields: HcrEl2::FIELDS,
        get: |c| c.hcr_el2,
        set: |c, v| c.hcr_el2 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "VTCR_EL2",
        fields: VtcrEl2::FIELDS,
        get: |c| c.vtcr_el2,
        set: |c, v| c.vtcr_el2 = v,
        open: false,
        annotate: None,
    },
    Reg {
        name: "VTTBR_EL2",
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
            html! {
                <RegisterEditor name={r.name} value={(r.get)(&p.scenario.cpu)} fields={r.fields}
                    {on_change} open={r.open} annotate={r.annotate} />
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
