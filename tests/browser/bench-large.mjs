// The app under its largest inputs, in the real browser (not a test):
//   trunk build --release --offline && node tests/browser/bench-large.mjs [words...] [wide] [--edits N]
// For each size (default 100000 and 1000000 words, then `wide`), on a fresh page: imports the
// example of docs/scenario-format.md padded to that many memory words (tests/browser/big.mjs;
// `wide`: at the format's other limits, 10,000 queries, 10,000 RAM ranges and 100,000 shadow
// pages) through the Import button, as a user would, and reports
// - import_ms: from the file input's change event to the imported walk on screen (hardware PAR
//   0x81f, the page showed 0xff00000040400b80 before) and the next animation frame; or, when the
//   app refuses the file, to the refusal on screen (`refused` holds its text);
// - edit_ms: an edit afterwards (PSTATE.PAN's checkbox) until the PAR changed on screen and the
//   next frame, median and max of N (default 10); word_edit_ms: the same for a memory word (the
//   walked level 3 descriptor, as hex in the tables view, made invalid and valid again: 2N);
// - key_ms: a key press (← steps the walk) until the step counter changed and the next frame;
// - the wasm memory after all that, and every page error (a dead app logs `RuntimeError`).
import { serve, launch, ready } from './lib.mjs';
import { bigScenarioFiles, importTimed, timed, PAN_EDIT, WORD_EDIT } from './big.mjs';

const args = process.argv.slice(2);
const editsAt = args.indexOf('--edits');
const EDITS = editsAt >= 0 ? Number(args[editsAt + 1]) : 10;
const sizes = args.filter((a, i) => /^\d+$/.test(a) && (editsAt < 0 || i !== editsAt + 1)).map(Number);
const SIZES = sizes.length || args.includes('wide') ? sizes : [100000, 1000000];
const WIDE = args.includes('wide') || !sizes.length;
const TIMEOUT_MS = 150000;

const r = (x) => Math.round(x * 10) / 10;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function one(context, url, words, file) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 300)));
  page.on('crash', () => errors.push('the page crashed'));
  page.on('console', (m) => m.type() === 'error' && errors.push('console: ' + m.text().slice(0, 300)));
  await page.addInitScript(() =>
    addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm)),
  );
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await ready(page);
  await page.uncheck('[data-testid="pstate-pan"]'); // the walk on show differs from the file's
  const out = { words, file_bytes: 0, errors };
  out.file_bytes = (await import('node:fs')).statSync(file).size;
  // Import: from the input's change event to the imported walk (or a refusal) on screen.
  const wall0 = Date.now();
  const res = await Promise.race([
    importTimed(page, file, TIMEOUT_MS),
    new Promise((ok) => page.once('crash', () => ok({ what: 'crash' }))),
  ]).catch((e) => ({ what: 'error', error: String(e).slice(0, 200) }));
  out.import = { ...res, wall_ms: Date.now() - wall0 };
  if (res.dom !== undefined) {
    out.import.dom = r(res.dom);
    out.import.frame = r(res.frame);
  }
  if (res.what === 'shown' || res.what === 'refused') try {
    // Edits: PSTATE.PAN toggled, then the walked level 3 descriptor's value, until the hardware
    // PAR changes on screen.
    const edits = [];
    const words = [];
    // After a refusal the default scenario is on show, whose walk PSTATE.PAN does not change:
    // only the key presses below say that the page still answers.
    for (let i = 0; res.what === 'shown' && i < EDITS; i++) {
      const t = await timed(page, ...PAN_EDIT).catch(() => null);
      if (t) edits.push(t.frame);
      for (const j of [0, 1]) {
        const w = await timed(page, ...WORD_EDIT(j)).catch(() => null);
        if (w) words.push(w.frame);
      }
    }
    if (edits.length) out.edit_ms = { median: r(median(edits)), max: r(Math.max(...edits)), n: edits.length };
    if (words.length) out.word_edit_ms = { median: r(median(words)), max: r(Math.max(...words)), n: words.length };
    // A key press: → steps on a step (a walk opens at step 1), ← back.
    await page.locator('body').focus();
    const keys = [];
    for (let i = 0; i < EDITS; i++) {
      const t = await timed(
        page,
        `window.__step = document.querySelector('[data-testid="step-index"]')?.textContent;
         document.body.dispatchEvent(new KeyboardEvent('keydown', { key: i % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true }));`.replace('i % 2', String(i % 2)),
        `document.querySelector('[data-testid="step-index"]')?.textContent !== window.__step`,
      ).catch(() => null);
      if (t) keys.push(t.frame);
    }
    out.key_ms = { median: r(median(keys)), max: r(Math.max(...keys)), n: keys.length };
  } catch (e) {
    errors.push('after the import: ' + String(e).slice(0, 200));
  }
  out.wasm_memory_mb = await page
    .evaluate(() => (window.__wasm ? window.__wasm.memory.buffer.byteLength / 1048576 : null))
    .catch(() => null);
  await page.close().catch(() => {});
  return out;
}

const srv = await serve();
const { context, close } = await launch();
const { files, remove } = bigScenarioFiles(SIZES);
try {
  const results = [];
  for (const n of SIZES) {
    const res = await one(context, srv.url, n, files[n]);
    console.log(JSON.stringify(res));
    results.push(res);
  }
  if (WIDE) console.log(JSON.stringify(await one(context, srv.url, 'wide', files.wide)));
  console.log(
    JSON.stringify({ targets: { import_100k_ms: 1000, edit_100k_ms: 50, import_1m_ms: 5000, edit_1m_ms: 200 } }),
  );
} finally {
  remove();
  await close();
  await srv.close();
}
