//! Reading a scenario's queries and their expected outcomes.

use super::json::{Json, REG_LIKE, array, child, elem, err, fields, hex, object, required, show};
use super::{Expect, HwExpect, MAX_QUERIES, Query, ScenarioError};
use crate::kvm::KvmPath;
use crate::op::AtOp;

pub(super) fn parse_queries(v: &Json) -> Result<Vec<Query>, ScenarioError> {
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
