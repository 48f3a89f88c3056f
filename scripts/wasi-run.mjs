// Runs a wasm32-wasip1 program (one that needs no files: `atwalk bench`) in node or in headless
// Chromium, through the small WASI shim below, so that both engines run it the same way:
//   node scripts/wasi-run.mjs [--chromium] PROGRAM.wasm [ARGS...]
// Prints the program's standard output and error; exits with its status. --chromium runs it in
// Debian's /usr/bin/chromium (or $CHROMIUM) with playwright-core from node_modules, as the
// browser tests do, on a cross-origin isolated page (finer timers). scripts/bench-wasm.sh uses it
// to run `atwalk bench` built for wasm32-wasip1.
import { readFile } from 'node:fs/promises';
import { argv, exit, stderr, stdout } from 'node:process';

/**
 * Instantiates `bytes` with a WASI preview 1 shim (arguments, clocks, standard output and error;
 * no files, no environment) and runs `_start`. Self-contained, so that it can also be handed to
 * a browser page. Clocks: performance.now() (monotonic) and Date.now() (real time).
 */
async function runWasi(bytes, args) {
  const out = { 1: [], 2: [] };
  let memory;
  const view = () => new DataView(memory.buffer);
  const enc = new TextEncoder();
  const EBADF = 8;
  const ENOSYS = 52;
  class Exit {
    constructor(code) {
      this.code = code;
    }
  }
  const argBytes = args.map((a) => enc.encode(`${a}\0`));
  const wasi = {
    args_sizes_get(countPtr, sizePtr) {
      view().setUint32(countPtr, argBytes.length, true);
      view().setUint32(sizePtr, argBytes.reduce((n, a) => n + a.length, 0), true);
      return 0;
    },
    args_get(argvPtr, bufPtr) {
      for (const a of argBytes) {
        view().setUint32(argvPtr, bufPtr, true);
        new Uint8Array(memory.buffer, bufPtr, a.length).set(a);
        argvPtr += 4;
        bufPtr += a.length;
      }
      return 0;
    },
    environ_sizes_get(countPtr, sizePtr) {
      view().setUint32(countPtr, 0, true);
      view().setUint32(sizePtr, 0, true);
      return 0;
    },
    environ_get() {
      return 0;
    },
    clock_time_get(id, _precision, timePtr) {
      const ns = id === 0 ? Date.now() * 1e6 : performance.now() * 1e6;
      view().setBigUint64(timePtr, BigInt(Math.round(ns)), true);
      return 0;
    },
    fd_write(fd, iovs, iovsLen, writtenPtr) {
      if (!out[fd]) return EBADF;
      let n = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = view().getUint32(iovs + 8 * i, true);
        const len = view().getUint32(iovs + 8 * i + 4, true);
        out[fd].push(new Uint8Array(memory.buffer, ptr, len).slice());
        n += len;
      }
      view().setUint32(writtenPtr, n, true);
      return 0;
    },
    fd_read(_fd, _iovs, _iovsLen, readPtr) {
      view().setUint32(readPtr, 0, true);
      return 0;
    },
    fd_fdstat_get(fd, statPtr) {
      if (fd > 2) return EBADF;
      new Uint8Array(memory.buffer, statPtr, 24).fill(0);
      view().setUint8(statPtr, 2); // a character device
      return 0;
    },
    fd_close: () => 0,
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    path_open: () => ENOSYS,
    proc_exit(code) {
      throw new Exit(code);
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, {
    wasi_snapshot_preview1: new Proxy(wasi, {
      get: (target, name) => target[name] ?? (() => ENOSYS),
    }),
  });
  memory = instance.exports.memory;
  let code = 0;
  try {
    instance.exports._start();
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    code = e.code;
  }
  const text = (parts) => new TextDecoder().decode(
    parts.reduce((all, p) => {
      const next = new Uint8Array(all.length + p.length);
      next.set(all);
      next.set(p, all.length);
      return next;
    }, new Uint8Array()),
  );
  return { code, stdout: text(out[1]), stderr: text(out[2]) };
}

async function inChromium(bytes, args) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    // A cross-origin isolated page (COOP and COEP), so that performance.now() has Chromium's
    // finest resolution (5 us rather than 100 us); the page is served by the route, no server.
    const url = 'http://localhost/atwalk-wasi-run';
    await page.route(url, (route) => route.fulfill({
      contentType: 'text/html',
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
      body: '<!doctype html><title>wasi-run</title>',
    }));
    await page.goto(url);
    if (!(await page.evaluate(() => crossOriginIsolated))) {
      console.error('wasi-run: the page is not cross-origin isolated; timers are coarse');
    }
    await page.addScriptTag({ content: `window.runWasi = ${runWasi.toString()};` });
    page.setDefaultTimeout(0);
    return await page.evaluate(
      ({ b64, args }) => window.runWasi(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), args),
      { b64: Buffer.from(bytes).toString('base64'), args },
    );
  } finally {
    await browser.close();
  }
}

let rest = argv.slice(2);
const chromium = rest[0] === '--chromium';
if (chromium) rest = rest.slice(1);
const [wasmPath, ...args] = rest;
if (!wasmPath) {
  console.error('usage: node scripts/wasi-run.mjs [--chromium] PROGRAM.wasm [ARGS...]');
  exit(2);
}
const bytes = await readFile(wasmPath);
const run = chromium ? inChromium : runWasi;
const result = await run(bytes, [wasmPath, ...args]);
stdout.write(result.stdout);
stderr.write(result.stderr);
exit(result.code);
