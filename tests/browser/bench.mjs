// The app's benchmark in the real browser (not a test):
//   trunk build --release --offline && node tests/browser/bench.mjs [edits]
// Reports: the total transferred size of the release build (gzip, as the local server sends it)
// for the first screen (index.html, CSS, the first screen's JS and wasm), that of the full app the
// first screen fetches once on show (src/takeover.rs) and that of the teaching worker the page
// loads after it, the time from navigation to the first interactive render (the first screen's
// `atwalk-interactive` performance mark) and to the full app (`atwalk-full`): cold (the first load of a fresh browser profile, no cache, three profiles;
// each with its first paint, when the wasm starts running and the rest) and warm (five loads in one profile), and the time from one edit (toggling PSTATE.PAN through
// its checkbox, on the PAN example) to the updated walk on screen (the DOM changed, then the next
// animation frame), median and p95.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { serve, launch, ready, loadFixture, DIST } from './lib.mjs';

const EDITS = Number(process.argv[2] ?? 100);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const srv = await serve();
// Cold loads: each in a browser with a fresh profile (no cache, no compiled wasm).
// Of each, where the time went: until the page first paints (index.html's loading line), until the
// wasm runs (`atwalk-start`: download and compilation), and from there to the first screen.
const cold = [];
const coldParts = [];
for (let i = 0; i < 3; i++) {
  const b = await launch();
  const p = await b.context.newPage();
  await p.goto(srv.url);
  await ready(p);
  const t = await p.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    start: performance.getEntriesByName('atwalk-start')[0]?.startTime ?? NaN,
    interactive: performance.getEntriesByName('atwalk-interactive')[0]?.startTime ?? NaN,
    full: performance.getEntriesByName('atwalk-full')[0]?.startTime ?? NaN,
  }));
  cold.push(t.interactive);
  coldParts.push(t);
  await b.close();
}
const { context, close } = await launch();
try {
  // Size: the bytes on the wire for one cold load.
  const page = await context.newPage();
  // The full app's files are counted apart: the page fetches them after the first screen.
  let bytes = 0;
  let fullBytes = 0;
  const urls = new Map();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    if (/\/atwalk-app-full(_bg\.wasm|\.js)$/.test(urls.get(e.requestId) ?? '')) fullBytes += e.encodedDataLength;
    else bytes += e.encodedDataLength;
  });
  const loads = [];
  for (let i = 0; i < 5; i++) {
    bytes = 0;
    fullBytes = 0;
    await page.goto('about:blank');
    await page.goto(srv.url);
    await ready(page);
    const t = await page.evaluate(() => {
      const m = performance.getEntriesByName('atwalk-interactive')[0];
      return m ? m.startTime : NaN;
    });
    loads.push(t);
  }
  const transferred = bytes;
  const transferredFull = fullBytes;
  assert.ok(transferredFull > 0, 'the page fetched the full app');
  // The teaching worker, which the page loads two seconds after its first screen: not in the
  // first load, reported on its own (the two together are everything a page ever fetches). Its
  // wasm is fetched by the worker, out of this page's network events: its files' gzip sizes, once
  // the page has asked for them.
  await page.waitForFunction(() => window.__atwalkTeach?.ready === true, null, { timeout: 20000 });
  const workerFiles = readdirSync(DIST).filter((f) => f.startsWith('atwalk-teach-worker'));
  assert.ok(workerFiles.every((f) => srv.requests.some((u) => u.endsWith(f))), 'the page fetched the worker');
  const worker = workerFiles.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);

  // Edits: each toggles PSTATE.PAN and waits for the walk and the PAR to change on screen, on the
  // PAN example (the default walk's AT S1E1R does not read PSTATE.PAN).
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await ready(page);
  await loadFixture(page, 'pan-blocks-s1e1rp');
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]').textContent.includes('PAN'));
  const times = await page.evaluate(async (n) => {
    const box = document.querySelector('[data-testid="pstate-pan"]');
    const par = document.querySelector('[data-testid="hw-par"]');
    const out = [];
    for (let i = 0; i < n; i++) {
      const before = par.textContent;
      const t0 = performance.now();
      const changed = new Promise((ok) => {
        const mo = new MutationObserver(() => {
          if (par.textContent !== before) {
            mo.disconnect();
            ok();
          }
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      box.click();
      await changed;
      const dom = performance.now() - t0;
      await new Promise((ok) => requestAnimationFrame(() => ok()));
      out.push({ dom, frame: performance.now() - t0 });
    }
    return out;
  }, EDITS);
  const dom = times.map((t) => t.dom);
  const frame = times.map((t) => t.frame);
  const r = (x) => Math.round(x * 10) / 10;
  const report = {
    transferred_gzip_bytes: transferred,
    transferred_gzip_kb: r(transferred / 1024),
    full_app_after_first_screen_gzip_bytes: transferredFull,
    worker_after_first_screen_gzip_bytes: worker,
    first_interactive_cold_ms: { median: r(pct(cold, 50)), all: cold.map(r) },
    full_app_on_show_cold_ms: { median: r(pct(coldParts.map((t) => t.full), 50)), all: coldParts.map((t) => r(t.full)) },
    cold_parts_ms: coldParts.map((t) => ({
      first_paint: r(t.paint),
      wasm_runs: r(t.start),
      wasm_to_interactive: r(t.interactive - t.start),
    })),
    first_interactive_ms: { median: r(pct(loads, 50)), all: loads.map(r) },
    edit_to_dom_ms: { median: r(pct(dom, 50)), p95: r(pct(dom, 95)), edits: EDITS },
    edit_to_next_frame_ms: { median: r(pct(frame, 50)), p95: r(pct(frame, 95)) },
    targets: { kb: 260, first_interactive_ms: 300, edit_ms: 16 },
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await close();
  await srv.close();
}
