// The driver of scripts/bench-wasm.sh (which builds what it names): `atwalk bench` natively and as
// wasm in headless Chromium and in node, interleaved row by row so that all see the same load.
//   node scripts/bench-wasm.mjs --native BIN --wasm NAME=FILE... [--rounds N] [--batches N]
//        [--batch-ms MS]
// Every build first runs the whole bench once (a warm-up: V8 compiles and tiers up the wasm; one
// compiled module per build serves all its runs). Then, --rounds times, each row of the bench
// runs once in every build (`atwalk bench --only ROW`, in a rotating order). For each row and
// build the table gives the lowest of the rounds' medians (a run's median resists a disturbed
// batch, the lowest run a busy moment of a shared machine), and wasm / native.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { argv, exit } from 'node:process';

import { chromiumPage, runWasi } from './wasi-shim.mjs';

const opts = { rounds: 5, batches: 10, batchMs: 20, native: null, wasm: [] };
for (let i = 2; i < argv.length; i++) {
  const [flag, value] = [argv[i], argv[i + 1]];
  i++;
  if (flag === '--native') opts.native = value;
  else if (flag === '--wasm') {
    const eq = value.indexOf('=');
    opts.wasm.push({ name: value.slice(0, eq), file: value.slice(eq + 1) });
  } else if (flag === '--rounds') opts.rounds = Number(value);
  else if (flag === '--batches') opts.batches = Number(value);
  else if (flag === '--batch-ms') opts.batchMs = Number(value);
  else {
    console.error(`bench-wasm: unknown argument ${flag}`);
    exit(2);
  }
}
if (!opts.native || !opts.wasm.length || !(opts.rounds >= 1)) {
  console.error('usage: node scripts/bench-wasm.mjs --native BIN --wasm NAME=FILE... [--rounds N]');
  exit(2);
}
const benchArgs = ['bench', '--batches', String(opts.batches), '--batch-ms', String(opts.batchMs)];

/** `atwalk bench`'s output: its first line and its rows, `SCENARIO MEASURED` -> { median, min }. */
function parse(text) {
  const lines = text.split('\n');
  const rows = new Map();
  for (const line of lines.slice(2)) {
    if (line.length <= 61) continue;
    const cells = line.trim().split(/\s+/);
    const row = `${line.slice(0, 22).trim()} ${line.slice(23, 61).trim()}`;
    rows.set(row, { median: Number(cells.at(-2)), min: Number(cells.at(-1)) });
  }
  return { header: lines[0], rows };
}

function check(what, result) {
  if (result.code !== 0) {
    console.error(`bench-wasm: ${what} exited ${result.code}:\n${result.stderr}`);
    exit(1);
  }
  return result.stdout;
}

const builds = [{
  name: 'native',
  run: async (args) => execFileSync(opts.native, args, { encoding: 'utf8' }),
}];
const { page, close } = await chromiumPage();
try {
  for (const w of opts.wasm) {
    const bytes = readFileSync(w.file);
    await page.evaluate(async ({ name, b64 }) => {
      window.modules ??= {};
      window.modules[name] = await WebAssembly.compile(
        Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
      );
    }, { name: w.name, b64: bytes.toString('base64') });
    builds.push({
      name: `Chromium ${w.name}`,
      size: bytes.length,
      run: async (args) => check(`Chromium ${w.name}`, await page.evaluate(
        ({ name, args }) => window.runWasi(window.modules[name], args),
        { name: w.name, args: ['atwalk', ...args] },
      )),
    });
  }
  for (const w of opts.wasm) {
    const module = new WebAssembly.Module(readFileSync(w.file));
    builds.push({
      name: `node ${w.name}`,
      run: async (args) => check(`node ${w.name}`, await runWasi(module, ['atwalk', ...args])),
    });
  }

  // Warm-up: the whole bench once in each build; the native run names the rows.
  let header = '';
  let rowNames = [];
  for (const b of builds) {
    console.error(`warm-up: ${b.name}`);
    const { header: h, rows } = parse(await b.run(benchArgs));
    if (b.name === 'native') [header, rowNames] = [h, [...rows.keys()]];
  }
  const results = new Map(builds.map((b) => [b.name, new Map(rowNames.map((r) => [r, []]))]));
  for (let round = 0; round < opts.rounds; round++) {
    console.error(`round ${round + 1} of ${opts.rounds}`);
    for (const [i, row] of rowNames.entries()) {
      for (let k = 0; k < builds.length; k++) {
        const b = builds[(k + i + round) % builds.length];
        const got = parse(await b.run([...benchArgs, '--only', row])).rows.get(row);
        if (!got) {
          console.error(`bench-wasm: ${b.name} did not run the row ${row}`);
          exit(1);
        }
        results.get(b.name).get(row).push(got);
      }
    }
  }

  const lowest = (name, row) => Math.min(...results.get(name).get(row).map((r) => r.median));
  const least = (name, row) => Math.min(...results.get(name).get(row).map((r) => r.min));
  const medianOf = (name, row) => {
    const v = results.get(name).get(row).map((r) => r.median).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  const wasmBuilds = builds.slice(1);
  console.log(`native:  ${header}`);
  console.log(`wasm:    ${opts.wasm.map((w) => `${w.name} ${readFileSync(w.file).length} bytes`).join(', ')}`);
  console.log(`rounds:  ${opts.rounds}, each row once per build per round, --batches ${opts.batches}`
    + ` --batch-ms ${opts.batchMs}; ns per evaluation, the lowest of the rounds' medians;`
    + ' x = wasm / native');
  const pad = (s, n) => String(s).padStart(n);
  console.log('row'.padEnd(58) + pad('native', 8)
    + wasmBuilds.map((b) => pad(b.name, 17)).join(''));
  for (const row of rowNames) {
    const n = lowest('native', row);
    console.log(row.padEnd(58) + pad(n.toFixed(1), 8) + wasmBuilds.map((b) => {
      const t = lowest(b.name, row);
      return pad(t.toFixed(1), 10) + pad(`${(t / n).toFixed(2)}x`, 7);
    }).join(''));
  }
  const target = '4-level, no stage 2 evaluate(), trace: true';
  if (rowNames.includes(target)) {
    for (const [label, f] of [['lowest median', lowest], ['median of medians', medianOf],
      ['minimum', least]]) {
      const n = f('native', target);
      console.log(`4-level walk, evaluate() with trace (${label}): native ${n.toFixed(1)} ns; `
        + wasmBuilds.map((b) => {
          const t = f(b.name, target);
          return `${b.name} ${t.toFixed(1)} ns = ${(t / n).toFixed(2)}x`;
        }).join('; '));
    }
  }
} finally {
  await close();
}
