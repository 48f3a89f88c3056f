#!/usr/bin/env python3
"""Run at-scenario/1 queries as real AT instructions in QEMU and record PAR_EL1.

  # generate N scenarios with gen.py and record QEMU's answers (golden vectors)
  python3 tools/conformance/run.py --seed 1 --count 3000 --out tests/conformance/vectors-1.jsonl

  # run scenario files (one JSON scenario, or JSON Lines) and record QEMU's answers
  python3 tools/conformance/run.py --in a.json b.jsonl --out answers.jsonl

  # re-run a vector file and check that QEMU still gives the recorded answers
  python3 tools/conformance/run.py --check tests/conformance/vectors-1.jsonl

Needs tools/conformance/get-qemu.sh to have run (QEMU 10 in .qemu/) and
aarch64-linux-gnu-as/ld (binutils-aarch64-linux-gnu).  Python 3 stdlib only.

Every query of the output gets an `expect`:
  {"hw_par": "0x..."}                               PAR_EL1 after the AT
  {"hw_par": null, "hw_abort": {"dfsc": "0x.."}}    the AT took a Data Abort
A query whose AT took any other exception (e.g. UNDEFINED) is reported and
left without `expect`.
"""

import argparse
import collections
import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

QEMU = os.path.join(HERE, ".qemu", "usr", "bin", "qemu-system-aarch64")
QEMU_DATA = os.path.join(HERE, ".qemu", "usr", "share", "qemu")
QEMU_MODDIR = os.path.join(HERE, ".qemu", "usr", "lib", "x86_64-linux-gnu", "qemu")
BUILD = os.path.join(HERE, "build")
PAYLOAD_SRC = os.path.join(HERE, "payload", "payload.S")
PAYLOAD_LD = os.path.join(HERE, "payload", "payload.ld")
PAYLOAD = os.path.join(BUILD, "payload.elf")

BLOB_ADDR = 0x40400000
BLOB_MAX = gen.TABLE_LO - BLOB_ADDR            # 28 MiB
MAGIC = 0x31544E4F434B4C41
OPCODE = {"S1E1R": 0, "S1E1W": 1, "S1E0R": 2, "S1E0W": 3, "S1E1RP": 4, "S1E1WP": 5, "S1E1A": 6}
REGS = ["TCR_EL1", "TTBR0_EL1", "TTBR1_EL1", "MAIR_EL1", "SCTLR_EL1", "HCR_EL2", "VTCR_EL2", "VTTBR_EL2"]
M64 = (1 << 64) - 1


def build_payload():
    os.makedirs(BUILD, exist_ok=True)
    srcs = [PAYLOAD_SRC, PAYLOAD_LD]
    if os.path.exists(PAYLOAD) and all(os.path.getmtime(PAYLOAD) >= os.path.getmtime(s) for s in srcs):
        return
    obj = os.path.join(BUILD, "payload.o")
    subprocess.run(["aarch64-linux-gnu-as", "-march=armv9.2-a", "-o", obj, PAYLOAD_SRC], check=True)
    subprocess.run(["aarch64-linux-gnu-ld", "--no-warn-rwx-segments", "-T", PAYLOAD_LD, "-o", PAYLOAD, obj],
                   check=True)


def u64(s):
    return int(s, 16) & M64


def pack(scens):
    """The blob the payload reads (see payload.S)."""
    out = [struct.pack("<8Q", MAGIC, len(scens), gen.TABLE_LO, gen.TABLE_HI, 0, 0, 0, 0)]
    for s in scens:
        cpu = s.get("cpu", {})
        mem = sorted((u64(a), u64(v)) for a, v in s.get("memory", {}).items())
        qs = s["queries"]
        regs = [u64(cpu[r]) if r in cpu else 0 for r in REGS]
        out.append(struct.pack("<11Q", len(mem), len(qs), *regs, 1 if cpu.get("PSTATE_PAN") else 0))
        for a, v in mem:
            out.append(struct.pack("<2Q", a, v))
        for q in qs:
            out.append(struct.pack("<2Q", OPCODE[q["op"]], u64(q["va"])))
    blob = b"".join(out)
    if len(blob) > BLOB_MAX:
        raise ValueError("batch too large for the blob area (%d bytes)" % len(blob))
    return blob


def check_layout(s):
    """Words the payload cannot write make a scenario unusable here."""
    for a in s.get("memory", {}):
        x = u64(a)
        if not (gen.TABLE_LO <= x < gen.TABLE_HI):
            return "memory word %s outside [0x%x, 0x%x)" % (a, gen.TABLE_LO, gen.TABLE_HI)
    for q in s["queries"]:
        if q["op"] not in OPCODE:
            return "unknown op %s" % q["op"]
    return None


def qemu_cmd(blob_path):
    return [QEMU, "-L", QEMU_DATA,
            "-M", "virt,virtualization=on,highmem=off", "-cpu", "max", "-m", "1G",
            "-object", "memory-backend-memfd,id=mem,size=1G", "-machine", "memory-backend=mem",
            "-display", "none", "-audio", "none", "-monitor", "none", "-serial", "stdio",
            "-no-reboot", "-kernel", PAYLOAD,
            "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (blob_path, BLOB_ADDR)]


def run_boot(scens, timeout):
    """One QEMU boot over `scens`. Returns (id_line, per-scenario results, finished?)."""
    with tempfile.TemporaryDirectory() as td:
        bp = os.path.join(td, "blob.bin")
        with open(bp, "wb") as f:
            f.write(pack(scens))
        env = dict(os.environ, QEMU_MODULE_DIR=QEMU_MODDIR)
        try:
            p = subprocess.run(qemu_cmd(bp), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=timeout, env=env)
            out = p.stdout.decode("ascii", "replace")
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("ascii", "replace")
    return parse(out, scens)


def parse(out, scens):
    idline = None
    results = []          # list of lists of query results
    cur = None
    done = False
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        t = line[0]
        if t == "I":
            idline = line[1:].split()
        elif t == "S":
            n = int(line[1:], 16)
            if n != len(results):
                raise RuntimeError("payload out of step: S%d after %d scenarios" % (n, len(results)))
            cur = []
            results.append(cur)
        elif t == "P":
            cur.append({"par": int(line[1:], 16), "mem_changed": []})
        elif t == "X":
            esr, far, elr = (int(x, 16) for x in line[1:].split())
            cur.append({"esr": esr, "far": far, "elr": elr, "mem_changed": []})
        elif t == "M":
            addr, new = (int(x, 16) for x in line[1:].split())
            cur[-1]["mem_changed"].append((addr, new))
        elif t == "W":
            pass
        elif t == "D":
            done = True
    # a scenario whose query lines are incomplete is dropped
    while results and len(results[-1]) < len(scens[len(results) - 1]["queries"]):
        results.pop()
        done = False
    return idline, results, done


# ID registers -> the walker's feature names
def decode_id(idline):
    mmfr0, mmfr1, mmfr2, mmfr3, mmfr4, pfr0, pfr1, curel, hcr, s1e1a_esr = (int(x, 16) for x in idline)

    def f(r, lo):
        return (r >> lo) & 0xf
    parange = {0: 32, 1: 36, 2: 40, 3: 42, 4: 44, 5: 48, 6: 52}[f(mmfr0, 0)]
    feats = []
    pan = f(mmfr1, 20)
    if pan >= 1:
        feats.append("FEAT_PAN")
    if pan >= 2:
        feats.append("FEAT_PAN2")
    if pan >= 3:
        feats.append("FEAT_PAN3")
    if f(mmfr1, 12) >= 1:
        feats.append("FEAT_HPDS")
    if f(mmfr2, 60) >= 1:
        feats.append("FEAT_E0PD")
    if f(mmfr2, 28) >= 1:
        feats.append("FEAT_TTST")
    if f(mmfr2, 16) >= 1:
        feats.append("FEAT_LVA")
    if parange == 52:
        feats.append("FEAT_LPA")
    if f(mmfr0, 28) == 1 and f(mmfr0, 20) == 2:       # TGran4 = 0b0001, TGran16 = 0b0010
        feats.append("FEAT_LPA2")
    if f(mmfr1, 0) >= 1:
        feats.append("FEAT_HAFDBS")
    if s1e1a_esr == 0:
        feats.append("FEAT_ATS1A")
    return {
        "pa_bits": parange, "features": feats, "current_el": curel >> 2, "hcr_el2": hcr,
        "s1e1a": "implemented" if s1e1a_esr == 0 else "UNDEFINED (ESR_EL2 0x%x)" % s1e1a_esr,
        "raw": {"ID_AA64MMFR0_EL1": "0x%016x" % mmfr0, "ID_AA64MMFR1_EL1": "0x%016x" % mmfr1,
                "ID_AA64MMFR2_EL1": "0x%016x" % mmfr2, "ID_AA64MMFR3_EL1": "0x%016x" % mmfr3,
                "ID_AA64MMFR4_EL1": "0x%016x" % mmfr4, "ID_AA64PFR0_EL1": "0x%016x" % pfr0,
                "ID_AA64PFR1_EL1": "0x%016x" % pfr1},
    }


def run_all(scens, batch, jobs, log):
    """Run scenarios in batches (one QEMU boot each), `jobs` boots at a time."""
    results = [None] * len(scens)
    errors = {}
    ids = []
    lock = threading.Lock()
    todo = collections.deque()
    for i in range(0, len(scens), batch):
        todo.append((i, min(i + batch, len(scens))))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                lo, hi = todo.popleft()
            part = scens[lo:hi]
            idline, res, done = run_boot(part, timeout=30 + 0.05 * len(part))
            with lock:
                if idline:
                    ids.append(idline)
                for k, r in enumerate(res):
                    results[lo + k] = r
                got = len(res)
                if got < len(part):
                    # the scenario after the last complete one stopped the payload
                    errors[lo + got] = "QEMU stopped or hung in this scenario"
                    log("scenario %d: QEMU stopped (done=%s); continuing after it" % (lo + got, done))
                    if lo + got + 1 < hi:
                        todo.appendleft((lo + got + 1, hi))
    threads = [threading.Thread(target=worker) for _ in range(max(1, jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors, ids


def fault_kind(par):
    fst = (par >> 1) & 0x3f
    s = (par >> 9) & 1
    ptw = (par >> 8) & 1
    return fst_name(fst) + (" (stage 2%s)" % (", on the stage-1 walk" if ptw else "") if s else "")


def fst_name(fst):
    lv = fst & 3
    hi = fst >> 2
    names = {0: "address size", 1: "translation", 2: "access flag", 3: "permission",
             5: "external abort on walk"}
    special = {0x29: "address size L-1", 0x2b: "translation L-1", 0x13: "external abort on walk L-1",
               0x21: "alignment", 0x30: "TLB conflict", 0x35: "IMPDEF lockdown",
               0x10: "external abort (not on walk)"}
    if fst in special:
        return special[fst]
    if hi in names:
        return "%s L%d" % (names[hi], lv)
    return "FST 0x%02x" % fst


def outcome(q):
    e = q.get("expect", {})
    if "hw_abort" in e:
        return "Data Abort: " + fst_name(int(e["hw_abort"]["dfsc"], 16))
    par = int(e["hw_par"], 16)
    if par & 1:
        return "fault: " + fault_kind(par)
    return "success"


def annotate(scens, results, errors):
    unsupported = []
    for i, s in enumerate(scens):
        r = results[i]
        if r is None:
            s.setdefault("_error", errors.get(i, "not run"))
            continue
        extra = []
        for q, a in zip(s["queries"], r):
            if "par" in a:
                q["expect"] = {"hw_par": "0x%016x" % a["par"]}
            else:
                ec = a["esr"] >> 26
                if ec == 0x25:
                    q["expect"] = {"hw_par": None, "hw_abort": {"dfsc": "0x%02x" % (a["esr"] & 0x3f)}}
                    extra.append("QEMU: AT %s 0x%s took a Data Abort, ESR_EL2=0x%x FAR_EL2=0x%x." %
                                 (q["op"], q["va"][2:].lstrip("0") or "0", a["esr"], a["far"]))
                else:
                    unsupported.append((i, q["op"], q["va"], a["esr"]))
                    extra.append("QEMU: AT %s took an exception with ESR_EL2=0x%x; no expect recorded." %
                                 (q["op"], a["esr"]))
            if a["mem_changed"]:
                mem = {int(k, 16): int(v, 16) for k, v in s.get("memory", {}).items()}
                what = []
                for addr, new in a["mem_changed"]:
                    old = mem.get(addr, 0)
                    d = old ^ new
                    kinds = [n for bit, n in ((10, "AF set"), (7, "AP[2]/S2AP[1] changed (dirty state)")) if d >> bit & 1]
                    what.append("0x%x: 0x%x -> 0x%x (%s)" % (addr, old, new, ", ".join(kinds) or "other bits"))
                extra.append("QEMU: AT %s %s wrote %s; the payload restored memory before the next query." %
                             (q["op"], q["va"], "; ".join(what)))
        if extra:
            s["notes"] = (s.get("notes", "") + " " + " ".join(extra)).strip()
    return unsupported


def read_scenarios(paths):
    out = []
    for p in paths:
        with open(p) as f:
            text = f.read()
        if p.endswith(".jsonl"):
            out += [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            out.append(json.loads(text))
    return out


def summary(scens, elapsed, nboots, log):
    mix = collections.Counter()
    nq = 0
    for s in scens:
        for q in s["queries"]:
            if "expect" in q:
                nq += 1
                mix[outcome(q)] += 1
    log("%d scenarios, %d queries with QEMU answers, %.1f s in QEMU (%d boots): %.0f scenarios/s, %.0f queries/s"
        % (len(scens), nq, elapsed, nboots, len(scens) / elapsed, nq / elapsed))
    for k, v in sorted(mix.items(), key=lambda kv: (-kv[1], kv[0])):
        log("  %6d  %5.1f%%  %s" % (v, 100.0 * v / max(nq, 1), k))
    return mix


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, help="generate scenarios with gen.py from this seed")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--in", dest="inputs", nargs="*", default=[], help="scenario files (.json or .jsonl)")
    ap.add_argument("--check", help="re-run a vector file and compare with its recorded answers")
    ap.add_argument("--out", help="write the scenarios with QEMU's answers here (JSON Lines)")
    ap.add_argument("--batch", type=int, default=1000, help="scenarios per QEMU boot")
    ap.add_argument("--jobs", type=int, default=2, help="QEMU boots at a time")
    ap.add_argument("--summary-json", help="write the run's facts (ID registers, mix, speed) here")
    ap.add_argument("--by-label", action="store_true", help="print the outcome mix per generator query label")
    a = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    if not os.path.exists(QEMU):
        sys.exit("QEMU 10 not found at %s: run tools/conformance/get-qemu.sh" % QEMU)
    build_payload()

    if a.check:
        scens = read_scenarios([a.check])
        recorded = [[json.dumps(q.get("expect")) for q in s["queries"]] for s in scens]
        for s in scens:
            for q in s["queries"]:
                q.pop("expect", None)
    elif a.seed is not None:
        scens = [gen.gen_scenario(a.seed, i) for i in range(a.count)]
    else:
        scens = read_scenarios(a.inputs)
    if not scens:
        sys.exit("no scenarios")

    bad = {}
    runnable = []
    for i, s in enumerate(scens):
        why = check_layout(s)
        if why:
            bad[i] = why
        else:
            runnable.append(i)
    for i, why in bad.items():
        log("scenario %d not run: %s" % (i, why))

    t0 = time.monotonic()
    sub = [scens[i] for i in runnable]
    res, errors, ids = run_all(sub, a.batch, a.jobs, log)
    elapsed = time.monotonic() - t0
    full = [None] * len(scens)
    errs = {}
    for k, i in enumerate(runnable):
        full[i] = res[k]
        if k in errors:
            errs[i] = errors[k]
    errs.update(bad)

    info = decode_id(ids[0]) if ids else None
    if info:
        log("QEMU -cpu max: EL%d, PARange %d bits, features %s; AT S1E1A %s"
            % (info["current_el"], info["pa_bits"], " ".join(info["features"]), info["s1e1a"]))
        for k, v in info["raw"].items():
            log("  %s = %s" % (k, v))
        if a.seed is not None and (info["features"] != gen.QEMU_FEATURES or info["pa_bits"] != gen.QEMU_PA_BITS):
            log("WARNING: gen.py's QEMU_FEATURES/QEMU_PA_BITS differ from this QEMU's ID registers")

    unsupported = annotate(scens, full, errs)
    for i, op, va, esr in unsupported:
        log("scenario %d: AT %s %s took a non-abort exception (ESR_EL2 0x%x)" % (i, op, va, esr))
    for i in sorted(errs):
        log("scenario %d: %s" % (i, errs[i]))

    ok = [s for s in scens if "_error" not in s]
    mix = summary(ok, elapsed, len(ids), log)

    if a.by_label:
        per = collections.defaultdict(collections.Counter)
        for s in ok:
            for q in s["queries"]:
                if "expect" in q:
                    lab = q.get("_label", "?").split(" bit ")[0]
                    per[lab][outcome(q)] += 1
        for lab in sorted(per):
            tot = sum(per[lab].values())
            top = ", ".join("%s %d" % kv for kv in per[lab].most_common(6))
            log("%-28s %5d: %s" % (lab, tot, top))
        cov = collections.Counter(t for s in ok for t in s.get("_tags", []))
        log("coverage (scenarios per tag):")
        for k in sorted(cov):
            log("  %5d  %s" % (cov[k], k))
    for s in scens:
        gen.strip_private(s)

    rc = 0
    if a.check:
        diffs = 0
        for i, s in enumerate(scens):
            for j, q in enumerate(s["queries"]):
                now = json.dumps(q.get("expect"))
                if now != recorded[i][j]:
                    diffs += 1
                    if diffs <= 20:
                        log("scenario %d query %d (%s %s): recorded %s, QEMU now %s"
                            % (i, j, q["op"], q["va"], recorded[i][j], now))
        log("check: %d answers differ from the recorded ones" % diffs)
        rc = 1 if diffs else 0

    if a.out:
        with open(a.out, "w") as f:
            for s in ok:
                f.write(json.dumps(s, separators=(",", ":")) + "\n")
        log("wrote %d scenarios to %s" % (len(ok), a.out))
    if a.summary_json:
        with open(a.summary_json, "w") as f:
            json.dump({"scenarios": len(ok), "seconds_in_qemu": round(elapsed, 2), "boots": len(ids),
                       "scenarios_per_second": round(len(ok) / elapsed, 1), "cpu": info,
                       "mix": dict(mix)}, f, indent=1, sort_keys=True)
    sys.exit(rc)


if __name__ == "__main__":
    main()
