//! One at-result/1 line per scenario file: each query's KVM answer, the
//! hardware's outcome, the expectations met or not, and with `--trace` the
//! explained steps (docs/scenario-format.md).

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::QueryResult;
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::Scenario;
use std::fmt::Write as _;

/// Appends one at-result/1 line; returns whether every `expect` was met.
pub(crate) fn write_result(
    o: &mut String,
    file: &str,
    s: &Scenario,
    results: &[QueryResult],
    trace: bool,
) -> bool {
    let mut all_met = true;
    o.push_str("{\"format\":\"at-result/1\",\"file\":");
    o.push_str(&json_string(file));
    o.push_str(",\"results\":[");
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"op\":\"");
        o.push_str(r.op.name());
        o.push_str("\",\"va\":");
        push_hex16(o, r.va);
        o.push_str(",\"par\":");
        push_hex16(o, r.par.0);
        o.push_str(",\"path\":\"");
        o.push_str(r.path.name());
        o.push_str("\",");
        match r.hw {
            AtOutcome::Par { par: ParEl1(v) } => {
                o.push_str("\"hw_par\":");
                push_hex16(o, v);
            }
            AtOutcome::Abort { dfsc, .. } => {
                let _ = write!(
                    o,
                    "\"hw_par\":null,\"hw_abort\":{{\"dfsc\":\"0x{dfsc:02x}\"}}"
                );
            }
            // The op is UNDEFINED on the modelled CPU (it lacks the
            // feature), so nothing is written (docs/scenario-format.md,
            // `hw_undefined`).
            AtOutcome::Undefined { feature } => {
                let _ = write!(
                    o,
                    "\"hw_par\":null,\"hw_undefined\":{{\"feature\":\"{}\"}}",
                    feature.name()
                );
            }
        }
        if let Some(expect) = s.queries.get(i).and_then(|q| q.expect) {
            let mismatches = r.mismatches(&expect);
            if mismatches.is_empty() {
                o.push_str(",\"expect_ok\":true");
            } else {
                all_met = false;
                o.push_str(",\"expect_ok\":false,\"expect_mismatch\":");
                o.push_str(&json_string(&mismatches.join("; ")));
            }
        }
        if trace {
            o.push_str(",\"trace\":");
            // Serializing the trace to a String cannot fail: its types are
            // plain data with string keys.
            // Each step with its sentence and Arm ARM citation (Step::explained()).
            let steps: Vec<_> = r.trace.iter().map(|s| s.explained()).collect();
            o.push_str(
                &serde_json::to_string(&steps).unwrap_or_else(|e| json_string(&e.to_string())),
            );
            o.push_str(",\"kvm_trace\":");
            let kvm: Vec<_> = r.kvm_trace.steps.iter().map(|s| s.explained()).collect();
            o.push_str(
                &serde_json::to_string(&kvm).unwrap_or_else(|e| json_string(&e.to_string())),
            );
        }
        o.push('}');
    }
    o.push(']');
    if trace {
        write_not_modelled(o, s);
    }
    o.push_str("}\n");
    all_met
}

/// With `--trace`, the listed features the model does not use, once per
/// file: `,"features_not_modelled":["FEAT_BBML2",...]`; nothing if none.
fn write_not_modelled(o: &mut String, s: &Scenario) {
    let names = s.features_not_modelled();
    if names.is_empty() {
        return;
    }
    o.push_str(",\"features_not_modelled\":[");
    for (i, f) in names.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str(&json_string(f.name()));
    }
    o.push(']');
}

/// Appends `"0x%016x"` (a quoted 64-bit value), without core::fmt: every
/// result has three.
fn push_hex16(o: &mut String, v: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = *b"\"0x0000000000000000\"";
    for (i, c) in text[3..19].iter_mut().enumerate() {
        *c = DIGITS[((v >> (60 - 4 * i)) & 0xf) as usize];
    }
    // Cannot fail: ASCII.
    o.push_str(std::str::from_utf8(&text).unwrap_or_default());
}

/// A JSON string literal.
pub(crate) fn json_string(s: &str) -> String {
    // Serializing a str cannot fail.
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::push_hex16;

    #[test]
    fn hex16_is_format_016x_quoted() {
        for v in [0, 1, 0x80, 0xdead_beef, 0x0123_4567_89ab_cdef, u64::MAX] {
            let mut o = String::from("x");
            push_hex16(&mut o, v);
            assert_eq!(o, format!("x\"0x{v:016x}\""));
        }
    }
}
