//! Stage 1 off: AArch64.S1DisabledOutput(). The VA is the output, checked
//! against the PA size (R_VCDSW), with Device-nGnRnE or (HCR_EL2.DC)
//! Normal Write-Back attributes (R_WFZPW).

use super::S1Output;
use crate::addr::{Va, bits, mask};
use crate::attrs::{self, OutputAttrs};
use crate::fault::{Fault, FaultKind, Stage};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::rules::Rule;
use crate::trace::{Sink, StepKind, record};
use crate::walk::{Variant, step};

/// The flat output of `va`.
///
/// # Errors
/// A level 0 Address size fault when the VA does not fit the PA size.
pub fn flat<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    va: Va,
    sink: &mut S,
) -> Result<S1Output, Fault> {
    let r = &m.regs;
    let upper = va.bits(55, 55) == 1;
    let tbi = if upper { r.tcr.tbi1() } else { r.tcr.tbi0() };
    let addr_top: u8 = if tbi { 55 } else { 63 };
    let pa_bits = v.flat_pa_bits(m, va, addr_top, m.pa_max()).take(sink);
    let dc = r.hcr.dc();
    let fits = bits(va.0, addr_top, pa_bits) == 0;
    record(sink, || {
        step(
            Stage::S1,
            Some(0),
            fits,
            if fits {
                Rule::S1Disabled
            } else {
                Rule::FlatAddressSize
            },
            StepKind::Flat {
                va,
                addr_top,
                pa_bits,
                dc,
            },
        )
    });
    if !fits {
        return Err(Fault::s1(FaultKind::AddressSize, 0));
    }
    let (attr, sh) = if dc {
        (attrs::ATTR_NORMAL_WB, attrs::SH_NON)
    } else {
        (attrs::ATTR_DEVICE_NGNRNE, attrs::SH_OUTER)
    };
    Ok(S1Output {
        oa: va.0 & mask(55, 0),
        attrs: OutputAttrs {
            mair_attr: attr,
            resulting_attr: attr,
            reported_attr: attr,
            reported_sh: sh,
        },
    })
}
