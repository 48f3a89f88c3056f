// Runs a wasm32-wasip1 program that needs no files (`atwalk bench`) in node or in headless
// Chromium, through the WASI shim of scripts/wasi-shim.mjs:
//   node scripts/wasi-run.mjs [--chromium] PROGRAM.wasm [ARGS...]
// Prints the program's standard output and error; exits with its status.
import { readFile } from 'node:fs/promises';
import { argv, exit, stderr, stdout } from 'node:process';

import { chromiumPage, runWasi } from './wasi-shim.mjs';

let rest = argv.slice(2);
const inChromium = rest[0] === '--chromium';
if (inChromium) rest = rest.slice(1);
const [wasmPath, ...args] = rest;
if (!wasmPath) {
  console.error('usage: node scripts/wasi-run.mjs [--chromium] PROGRAM.wasm [ARGS...]');
  exit(2);
}
const bytes = await readFile(wasmPath);
let result;
if (inChromium) {
  const { page, close } = await chromiumPage();
  try {
    result = await page.evaluate(
      ({ b64, args }) => window.runWasi(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), args),
      { b64: bytes.toString('base64'), args: [wasmPath, ...args] },
    );
  } finally {
    await close();
  }
} else {
  result = await runWasi(bytes, [wasmPath, ...args]);
}
stdout.write(result.stdout);
stderr.write(result.stderr);
exit(result.code);
