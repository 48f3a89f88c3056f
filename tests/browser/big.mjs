// Large scenarios for the browser tests and the large-input benchmark, made on the fly (never
// committed): the example of docs/scenario-format.md padded with more memory words, as a user who
// imports a memory dump would have it.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** The example of docs/scenario-format.md (its walk: hardware PAR 0x81f, KVM's fast path). */
const EXAMPLE_WORDS = [
  ['0x40200000', '0x0000000040201003'],
  ['0x40201008', '0x0000000040202003'],
  ['0x40202008', '0x0000000040400743'],
];

/** The hardware PAR the example's walk gives. */
export const BIG_HW_PAR = '0x000000000000081f';

/**
 * The at-scenario/1 text of the example with `words` memory words in all, as a memory dump has
 * them: every word from 0x40200000 up holds a pseudo-random 32-bit value (so the walk's three
 * tables are full, 512 entries each), except the example's three table words, which keep the
 * walk. About 30 bytes a word: 100,000 words are 3 MB, 1,000,000 are 30 MB.
 */
export function bigScenarioText(words) {
  const parts = [];
  parts.push('{\n  "format": "at-scenario/1",\n');
  parts.push(`  "title": "PAN blocks a privileged read of a user page (${words} words)",\n`);
  parts.push('  "notes": "The example of docs/scenario-format.md padded with memory words.",\n');
  parts.push('  "cpu": {\n    "TCR_EL1": "0x0000000200800019",\n    "TTBR0_EL1": "0x0000000040200000",\n');
  parts.push('    "MAIR_EL1": "0x00000000000000ff",\n    "SCTLR_EL1": "0x0000000000000005",\n');
  parts.push('    "PSTATE_PAN": true\n  },\n  "memory": {\n');
  const table = new Set(EXAMPLE_WORDS.map(([a]) => Number(a)));
  const lines = EXAMPLE_WORDS.map(([a, v]) => `  "${a}": "${v}"`);
  let x = 0x12345678;
  for (let i = 0; lines.length < words; i++) {
    const at = 0x40200000 + 8 * i;
    x = (Math.imul(x, 1103515245) + 12345) >>> 0; // a fixed LCG: the same file every run
    if (!table.has(at)) lines.push(`  "0x${at.toString(16)}": "0x${((x | 1) >>> 0).toString(16)}"`);
  }
  parts.push(lines.join(',\n'));
  parts.push('\n  },\n  "ram": [ { "base": "0x40000000", "size": "0x40000000" } ],\n');
  parts.push('  "kvm": { "shadow_s2": "all", "s2_mmu": true },\n');
  parts.push('  "queries": [ { "op": "S1E1RP", "va": "0x0000000000201234" } ]\n}\n');
  return parts.join('');
}

/**
 * The example at the format's other limits: 10,000 queries (S1E1RP and S1E1R in turn, the first
 * the example's), 10,000 RAM ranges (the example's first) and 100,000 shadow stage 2 pages (those
 * of the walk among them). About 2.2 MB.
 */
export function wideScenarioText() {
  const q = [];
  for (let i = 0; i < 10000; i++) {
    q.push(`{ "op": "${i % 2 ? 'S1E1R' : 'S1E1RP'}", "va": "0x${(0x201234 + 8 * (i >> 1)).toString(16)}" }`);
  }
  const ram = ['{ "base": "0x40000000", "size": "0x40000000" }'];
  for (let i = 1; i < 10000; i++) ram.push(`{ "base": "0x${(0x100000000 + i * 0x10000).toString(16)}", "size": "0x1000" }`);
  const pages = [];
  for (let i = 0; i < 100000; i++) pages.push(`"0x${(0x40000000 + i * 0x1000).toString(16)}"`);
  const words = EXAMPLE_WORDS.map(([a, v]) => `"${a}": "${v}"`).join(', ');
  return `{ "format": "at-scenario/1", "title": "At the limits", "cpu": { "TCR_EL1": "0x0000000200800019",
  "TTBR0_EL1": "0x0000000040200000", "MAIR_EL1": "0x00000000000000ff", "SCTLR_EL1": "0x0000000000000005",
  "PSTATE_PAN": true }, "memory": { ${words} },
  "ram": [${ram.join(',\n')}], "kvm": { "shadow_s2": [${pages.join(', ')}], "s2_mmu": true },
  "queries": [${q.join(',\n')}] }`;
}

/**
 * Writes big scenarios into a temporary directory: `files[n]` is the path of the n-word file,
 * `files.wide` that of the scenario at the other limits.
 */
export function bigScenarioFiles(sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'atwalk-big-'));
  const files = {};
  for (const n of sizes) {
    files[n] = join(dir, `big${n}.json`);
    writeFileSync(files[n], bigScenarioText(n));
  }
  files.wide = join(dir, 'wide.json');
  writeFileSync(files.wide, wideScenarioText());
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Times `act` (run in the page) until `done()` holds in the page, then one more frame; rejects
 * after 10 s.
 */
export async function timed(page, act, done) {
  return page.evaluate(
    async ({ act, done }) => {
      const doneFn = new Function(`return (${done})`);
      const t0 = performance.now();
      const changed = new Promise((ok, fail) => {
        setTimeout(() => fail(new Error('no change on screen within 10 s')), 10000);
        const mo = new MutationObserver(() => {
          if (doneFn()) {
            mo.disconnect();
            ok();
          }
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      new Function(act)();
      await changed;
      const dom = performance.now() - t0;
      await new Promise((ok) => requestAnimationFrame(() => ok()));
      return { dom, frame: performance.now() - t0 };
    },
    { act, done },
  );
}

/** An edit: PSTATE.PAN toggled, until the hardware PAR changes on screen (for `timed`). */
export const PAN_EDIT = [
  `window.__par = document.querySelector('[data-testid="hw-par"]').textContent;
   document.querySelector('[data-testid="pstate-pan"]').click();`,
  `document.querySelector('[data-testid="hw-par"]').textContent !== window.__par`,
];

/**
 * A memory edit: the example's walked level 3 descriptor written as hex in the tables view,
 * invalid (even `i`) or valid again (odd `i`), until the hardware PAR changes on screen (for
 * `timed`). Done in pairs, the walk is as before.
 */
export const WORD_EDIT = (i) => [
  `window.__par = document.querySelector('[data-testid="hw-par"]').textContent;
   const el = document.querySelector('[data-testid="desc-40202008-raw"]');
   el.value = ${i % 2 ? "'0x0000000040400743'" : "'0x0000000040400742'"};
   el.dispatchEvent(new Event('change', { bubbles: true }));`,
  `document.querySelector('[data-testid="hw-par"]').textContent !== window.__par`,
];

/**
 * Imports `file` through the Import button and times it in the page: from the input's change
 * event to the imported walk on screen (the hardware PAR of the example, 0x81f, which the page
 * must not show before: uncheck PSTATE.PAN first) or to a refusal (an error notice), then the next
 * frame. Resolves to { what: 'shown' | 'refused' | 'timeout', dom, frame, notice }.
 */
export async function importTimed(page, file, timeout = 30000) {
  const shown = page.evaluate(
    ({ hw, timeout }) =>
      new Promise((ok) => {
        // Captured on the document: before the app's own listener, which may answer at once.
        let t0 = null;
        document.addEventListener('change', () => (t0 = performance.now()), { once: true, capture: true });
        const check = () => {
          const par = document.querySelector('[data-testid="hw-par"]')?.textContent.trim();
          const notice = document.querySelector('[data-testid="notice"]');
          if (t0 !== null && par === hw && notice?.textContent.includes('Imported')) return 'shown';
          if (t0 !== null && notice?.classList.contains('error')) return 'refused';
          return null;
        };
        const mo = new MutationObserver(() => {
          const what = check();
          if (what) {
            mo.disconnect();
            const dom = performance.now() - t0;
            requestAnimationFrame(() =>
              ok({
                what,
                dom,
                frame: performance.now() - t0,
                notice: document.querySelector('[data-testid="notice"]')?.textContent.trim(),
              }),
            );
          }
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        setTimeout(() => ok({ what: 'timeout' }), timeout);
      }),
    { hw: BIG_HW_PAR, timeout },
  );
  await page.setInputFiles('[data-testid="import"]', file);
  return shown;
}
