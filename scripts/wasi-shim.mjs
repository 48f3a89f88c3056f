// A small WASI preview 1 shim, enough for a program that needs no files: `atwalk bench` built for
// wasm32-wasip1. Used in node and, through its source text, in a browser page, so that both run
// the program the same way (scripts/wasi-run.mjs, scripts/bench-wasm.mjs).

/**
 * Instantiates `wasm` (a WebAssembly.Module, or the bytes of one) with arguments `args`, runs
 * `_start` and resolves to `{ code, stdout, stderr }`. Clocks: performance.now() (monotonic) and
 * Date.now() (real time); standard input is empty; no environment, no preopened directories.
 * Self-contained (no outer names), so that `runWasi.toString()` can be evaluated in a page.
 */
export async function runWasi(wasm, args) {
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
  const imports = {
    wasi_snapshot_preview1: new Proxy(wasi, {
      get: (target, name) => target[name] ?? (() => ENOSYS),
    }),
  };
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  const instance = await WebAssembly.instantiate(module, imports);
  memory = instance.exports.memory;
  let code = 0;
  try {
    instance.exports._start();
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    code = e.code;
  }
  const text = (parts) => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return new TextDecoder().decode(all);
  };
  return { code, stdout: text(out[1]), stderr: text(out[2]) };
}

/**
 * Launches headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) with playwright-core and
 * opens a cross-origin isolated page (COOP and COEP, served by a route: no server), where
 * performance.now() has Chromium's finest resolution (5 us rather than 100 us), with `runWasi`
 * defined. Resolves to { page, close }.
 */
export async function chromiumPage() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  const url = 'http://localhost/atwalk-wasi';
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html',
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
    body: '<!doctype html><title>atwalk wasi</title>',
  }));
  await page.goto(url);
  if (!(await page.evaluate(() => crossOriginIsolated))) {
    console.error('wasi-shim: the page is not cross-origin isolated; its timers are coarse');
  }
  await page.addScriptTag({ content: `window.runWasi = ${runWasi.toString()};` });
  page.setDefaultTimeout(0);
  return { page, close: () => browser.close() };
}
