#!/usr/bin/env python3
"""Time `atwalk eval` against QEMU over the same conformance scenarios, side by side.

  python3 tools/conformance/speed.py                 # vectors-1.jsonl, 5 rounds
  python3 tools/conformance/speed.py --rounds 9 --min-ratio 20

Both sides answer the same scenarios (default tests/conformance/vectors-1.jsonl,
3000 scenarios) and check the answers against the `expect` the file records:

- QEMU: `python3 tools/conformance/run.py --check VECTORS`, the harness as it
  runs: read the file, pack the scenarios into blobs, boot QEMU 10 once per
  1000 scenarios (2 boots at a time), execute every AT, parse and compare.
  Timed twice: the whole process, and the harness's own clock around the QEMU
  boots ("N s in QEMU", which leaves out Python's start and reading the file).
- atwalk: `target/release/atwalk eval FILE...` over the same scenarios, one
  file each (`atwalk eval` reads one scenario per file; the split is done
  once, before timing), output to a file: process start to exit.

The rounds alternate QEMU and atwalk so both see the same machine load; each
side's median is reported, and the ratio of the medians. The ratio that
counts is the stricter one: against the harness's time in QEMU alone.
Needs tools/conformance/get-qemu.sh to have run; builds atwalk with
`cargo build --release --bin atwalk` unless --atwalk names a binary.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUN_PY = os.path.join(HERE, "run.py")
QEMU = os.path.join(HERE, ".qemu", "usr", "bin", "qemu-system-aarch64")
QEMU_MODDIR = os.path.join(HERE, ".qemu", "usr", "lib", "x86_64-linux-gnu", "qemu")


def log(msg):
    print(msg, flush=True)


def cpu_of_children():
    """CPU seconds (user + system) of the waited-for child processes so far, theirs included."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_qemu(vectors):
    """One `run.py --check` run: (wall seconds, harness's seconds in QEMU, CPU seconds)."""
    cpu = cpu_of_children()
    t = time.perf_counter()
    p = subprocess.run([sys.executable, RUN_PY, "--check", vectors],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    cpu = cpu_of_children() - cpu
    m = re.search(r"^(\d+) scenarios, \d+ queries with QEMU answers, ([0-9.]+) s in QEMU", p.stderr, re.M)
    ok = re.search(r"^check: 0 answers differ", p.stderr, re.M)
    if p.returncode != 0 or not m or not ok:
        sys.exit("speed: QEMU run failed (exit %d):\n%s" % (p.returncode, p.stderr[-2000:]))
    # The harness prints its time with one decimal; recompute it from its rate for more digits.
    rate = re.search(r"s in QEMU \(\d+ boots\): ([0-9.]+) scenarios/s", p.stderr)
    in_qemu = int(m.group(1)) / float(rate.group(1)) if rate else float(m.group(2))
    return wall, in_qemu, cpu


def time_atwalk(atwalk, files, out_path, expect_lines):
    """One `atwalk eval` run over `files`: (wall seconds, process start to exit; CPU seconds)."""
    with open(out_path, "wb") as out:
        cpu = cpu_of_children()
        t = time.perf_counter()
        p = subprocess.run([atwalk, "eval", *files], stdout=out, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t
        cpu = cpu_of_children() - cpu
    # 0: every expect held; 1: some did not (the QEMU deviations in vectors-1.known).
    if p.returncode not in (0, 1):
        sys.exit("speed: atwalk eval failed (exit %d):\n%s" % (p.returncode, p.stderr.decode()[-2000:]))
    with open(out_path, "rb") as f:
        lines = f.read().count(b"\n")
    if lines != expect_lines:
        sys.exit("speed: atwalk eval printed %d lines for %d scenarios" % (lines, expect_lines))
    return wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vectors", default=os.path.join(ROOT, "tests", "conformance", "vectors-1.jsonl"))
    ap.add_argument("--rounds", type=int, default=5, help="QEMU and atwalk runs each (alternating)")
    ap.add_argument("--atwalk", help="the atwalk binary (default: build target/release/atwalk)")
    ap.add_argument("--min-ratio", type=float, help="exit 1 if the QEMU-time ratio is below this")
    a = ap.parse_args()
    if a.rounds < 1:
        sys.exit("speed: --rounds must be at least 1")
    if not os.path.exists(QEMU):
        sys.exit("speed: QEMU 10 not found at %s: run tools/conformance/get-qemu.sh" % QEMU)

    atwalk = a.atwalk
    if not atwalk:
        log("building: cargo build --release --bin atwalk")
        subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "atwalk"], cwd=ROOT, check=True)
        meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT,
                                         check=True, stdout=subprocess.PIPE).stdout)
        atwalk = os.path.join(meta["target_directory"], "release", "atwalk")
    qemu_version = subprocess.run([QEMU, "--version"], stdout=subprocess.PIPE, text=True,
                                  env=dict(os.environ, QEMU_MODULE_DIR=QEMU_MODDIR)).stdout.splitlines()[0]

    with open(a.vectors) as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="atwalk-speed-") as td:
        files = []
        for i, line in enumerate(lines):
            path = os.path.join(td, "%05d.json" % i)
            with open(path, "w") as f:
                f.write(line + "\n")
            files.append(path)
        out_path = os.path.join(td, "results.jsonl")

        log("%d scenarios from %s; %d rounds; nproc %d; load average %.2f %.2f %.2f"
            % (len(lines), os.path.relpath(a.vectors, ROOT), a.rounds, os.cpu_count(), *os.getloadavg()))
        log("QEMU:   python3 tools/conformance/run.py --check %s  (%s)" % (os.path.relpath(a.vectors, ROOT),
                                                                         qemu_version))
        log("atwalk: %s eval FILE... (%d files) > results.jsonl" % (os.path.relpath(atwalk, ROOT), len(files)))
        # A warm-up of each: page cache, payload build.
        time_qemu(a.vectors)
        time_atwalk(atwalk, files, out_path, len(lines))
        q_wall, q_in, q_cpu, at, at_cpu = [], [], [], [], []
        for r in range(a.rounds):
            w, i, c = time_qemu(a.vectors)
            t, tc = time_atwalk(atwalk, files, out_path, len(lines))
            q_wall.append(w)
            q_in.append(i)
            q_cpu.append(c)
            at.append(t)
            at_cpu.append(tc)
            log("  round %d: QEMU %.3f s (%.3f s in QEMU; CPU %.3f s), atwalk %.4f s (CPU %.4f s)"
                % (r + 1, w, i, c, t, tc))

    med = statistics.median
    n = len(lines)
    ratio_in, ratio_wall = med(q_in) / med(at), med(q_wall) / med(at)
    log("QEMU 10.0.2 via run.py --check: median %.3f s end to end, %.3f s in QEMU (%.0f us per scenario);"
        " CPU %.3f s" % (med(q_wall), med(q_in), 1e6 * med(q_in) / n, med(q_cpu)))
    log("atwalk eval:                    median %.4f s end to end (%.1f us per scenario); CPU %.4f s"
        % (med(at), 1e6 * med(at) / n, med(at_cpu)))
    log("ratio: atwalk eval is %.1fx faster than QEMU's time in QEMU, %.1fx than the whole run.py run"
        " (in CPU time, QEMU's run on 2 boots at a time and Python included: %.1fx)"
        % (ratio_in, ratio_wall, med(q_cpu) / med(at_cpu)))
    if a.min_ratio is not None and ratio_in < a.min_ratio:
        log("speed: ratio %.1f is below --min-ratio %g" % (ratio_in, a.min_ratio))
        sys.exit(1)


if __name__ == "__main__":
    main()
