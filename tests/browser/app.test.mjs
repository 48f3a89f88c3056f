// End-to-end tests of the release build in headless Debian Chromium (playwright-core):
//   node --test tests/browser/          (after `trunk build --release --offline`)
// ATWALK_SUBPATH_DIST names a build made with `--public-url /some/path/` to test sub-path hosting.
// Every expected PAR below was checked with the command-line evaluator (`atwalk eval`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { serve, ready, hook, loadFixture, ROOT, freshPage, session } from './lib.mjs';

// The default scenario: the preset basics/4k-walk, a plain 4-level walk, AT S1E1R of a page at
// 0x40200000.
const PLAIN = {
  par: '0xff00000040200b80',
  hw: '0xff00000040200b80',
  path: 'fast',
};

// The PAN scenario (tests/browser/fixtures/pan-blocks-s1e1rp.json, the app's example before the
// preset library), where KVM's fast path and the hardware differ.
const PAN = 'pan-blocks-s1e1rp';
const DEFAULT = {
  par: '0xff00000040400b80',
  hw: '0x000000000000081f',
  path: 'fast',
};

const env = session();

/** A fresh page on the default scenario (local storage cleared). */
async function fresh() {
  return freshPage(env.browser.context, env.srv.url);
}

/** Waits until the step counter reads `text` (a render may trail the event on a busy machine). */
async function stepIs(page, text) {
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-index"]')?.textContent.trim() === t, text, { timeout: 5000 })
    .catch(async () => assert.equal(await hook(page, 'step-index'), text));
}

/** A fresh page on the PAN scenario. */
async function freshPan() {
  const page = await fresh();
  await loadFixture(page, PAN);
  return page;
}

/** A share-link fragment for this JSON text, as docs/scenario-format.md defines it. */
function shareHash(json) {
  return '#s=' + deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url');
}

/** Types into a text input and commits it (the editors apply on change). */
async function setText(page, selector, value) {
  await page.fill(selector, value);
  await page.press(selector, 'Enter');
  await page.locator(selector).blur();
}

async function outcome(page) {
  return {
    par: await hook(page, 'final-par'),
    hw: await hook(page, 'hw-par'),
    path: await hook(page, 'kvm-path'),
  };
}

test('the default scenario is a plain 4-level walk; the PAN example: PAN blocks AT S1E1RP on hardware, KVM answers on its fast path', async () => {
  const page = await fresh();
  assert.deepEqual(await outcome(page), PLAIN);
  assert.match(await hook(page, 'scenario-title'), /4KB walk through four levels/);
  await loadFixture(page, PAN);
  assert.deepEqual(await outcome(page), DEFAULT);
  assert.match(await hook(page, 'scenario-title'), /PAN blocks/);
  // No request leaves the page's own origin.
  assert.ok(env.srv.requests.every((u) => u.startsWith('/')));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('editing TCR_EL1 fields re-walks: EPD0 then T0SZ', async () => {
  const page = await freshPan();
  await page.check('#TCR_EL1-EPD0');
  // EPD0: no walk through TTBR0: the hardware's level 0 Translation fault; KVM from v6.18 (the default, v7.0) reports it at the start level.
  assert.deepEqual(await outcome(page), { par: '0x000000000000080b', hw: '0x0000000000000809', path: 'slow' });
  await page.uncheck('#TCR_EL1-EPD0');
  assert.deepEqual(await outcome(page), DEFAULT);
  // T0SZ = 24: the walk starts at level 0 and finds the tables laid out for level 1.
  await setText(page, '#TCR_EL1-T0SZ', '24');
  assert.equal(await hook(page, 'hw-par'), '0x000000000000080b');
  // The raw value follows the field.
  assert.equal(await page.inputValue('[data-testid="TCR_EL1-raw"]'), '0x0000000200800018');
  // And a raw value drives the fields.
  await setText(page, '[data-testid="TCR_EL1-raw"]', '0x0000000200800019');
  assert.equal(await page.inputValue('#TCR_EL1-T0SZ'), '25');
  assert.deepEqual(await outcome(page), DEFAULT);
  await page.close();
});

test('editing a descriptor field by field and as hex', async () => {
  const page = await freshPan();
  const row = '[data-at="0x0000000040202008"]';
  await page.$eval(row, (d) => { d.open = true; });
  // AP = 0b00: EL0 has no access, so PAN does not apply and S1E1RP succeeds.
  await page.selectOption('#desc-40202008-AP', '0');
  assert.equal(await hook(page, 'hw-par'), '0xff00000040400b80');
  await setText(page, '[data-testid="desc-40202008-raw"]', '0x0000000040400743');
  assert.equal(await hook(page, 'hw-par'), DEFAULT.hw);
  await page.close();
});

test('the tables view: whole tables, a next-level table and a page made from empty slots', async () => {
  const page = await freshPan();
  // Each level's table is shown, with the walked entry marked and the empty runs folded.
  assert.equal(await page.locator('.tcard').count(), 3);
  assert.match(await page.locator('[data-table="0x0000000040202000"]').textContent(), /510 empty entries/);
  // VA 0x401234 indexes the empty entry [2] of the level 2 table: a level 2 Translation fault.
  await setText(page, '#at-va', '0x0000000000401234');
  assert.equal(await hook(page, 'hw-par'), '0x000000000000080d');
  const l2 = '[data-at="0x0000000040201010"]';
  await page.$eval(l2, (d) => { d.open = true; });
  await page.click(`${l2} [data-testid="create-table"]`);
  // The new level 3 table (at 0x40210000) is empty: now a level 3 Translation fault.
  assert.equal(await hook(page, 'hw-par'), '0x000000000000080f');
  assert.equal(await page.inputValue('[data-testid="desc-40201010-raw"]'), '0x0000000040210003');
  const l3 = '[data-at="0x0000000040210008"]';
  await page.$eval(l3, (d) => { d.open = true; });
  await page.click(`${l3} [data-testid="make-leaf"]`);
  // A page at 0x40220000, EL1 read/write (AP 0b00), so PAN does not apply: S1E1RP succeeds.
  assert.deepEqual(await outcome(page), { par: '0xff00000040220a00', hw: '0xff00000040220a00', path: 'fast' });
  // Editing a neighbour field by field: the page's AP to 0b01 (EL0 too), and PAN fails S1E1RP again.
  await page.$eval(l3, (d) => { d.open = true; });
  await page.selectOption('#desc-40210008-AP', '1');
  assert.equal(await hook(page, 'hw-par'), '0x000000000000081f');
  // Showing an empty slot by its index, and adding a table by hand.
  await setText(page, '[data-table="0x0000000040210000"] .openslot input', '7');
  assert.equal(await page.locator('[data-at="0x0000000040210038"]').count(), 1);
  await page.click('[data-testid="add-table"]');
  assert.equal(await page.locator('.tcard').count(), 4);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('scenario metadata: title, CPU features, PA size and RAM edits survive a reload; expect badge', async () => {
  const page = await freshPan();
  await page.$eval('[data-testid="meta-edit"]', (d) => { d.open = true; });
  await setText(page, '[data-testid="meta-title"]', 'My PAN lesson');
  assert.equal(await hook(page, 'scenario-title'), 'My PAN lesson');
  // Without FEAT_PAN2 the CPU has no AT S1E1RP: UNDEFINED.
  await page.uncheck('[data-testid="feat-FEAT_PAN2"]');
  assert.match(await hook(page, 'hw-par'), /UNDEFINED.*FEAT_PAN2/);
  await page.check('[data-testid="feat-FEAT_PAN2"]');
  assert.equal(await hook(page, 'hw-par'), DEFAULT.hw);
  await page.selectOption('[data-testid="meta-pa"]', '40');
  // RAM that stops below the level 1 table: the walk takes an external abort (hardware: Data Abort).
  await setText(page, '[data-testid="ram-0-size"]', '0x100000');
  assert.match(await hook(page, 'hw-par'), /Data Abort/);
  await setText(page, '[data-testid="ram-0-size"]', '0x40000000');
  assert.equal(await hook(page, 'hw-par'), DEFAULT.hw);
  // State the current result as the expectation: pass; then PAN off: fail.
  await page.click('[data-testid="expect-set"]');
  assert.match(await hook(page, 'expect-badge'), /pass/);
  await page.uncheck('[data-testid="pstate-pan"]');
  assert.match(await hook(page, 'expect-badge'), /fail/);
  await page.reload();
  await ready(page);
  assert.equal(await hook(page, 'scenario-title'), 'My PAN lesson');
  assert.equal(await page.inputValue('[data-testid="meta-pa"]'), '40');
  assert.equal(await page.inputValue('[data-testid="ram-0-size"]'), '0x40000000');
  assert.match(await hook(page, 'expect-badge'), /fail/);
  // Undo goes back through the metadata edits too.
  await page.check('[data-testid="pstate-pan"]');
  assert.match(await hook(page, 'expect-badge'), /pass/);
  await page.click('[data-testid="undo"]');
  assert.match(await hook(page, 'expect-badge'), /fail/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the KVM flowchart draws every branch of both logics and lights the path taken', async () => {
  const page = await freshPan();
  await page.click('[data-testid="tab-flow"]');
  const merged = '[data-logic^="merged"]';
  const v1 = '[data-logic^="v1"]';
  // Every branch of each logic is drawn.
  assert.ok((await page.locator(`${merged} [data-node]`).count()) >= 10);
  assert.ok((await page.locator(`${v1} [data-node]`).count()) >= 10);
  // Merged: the P op goes to at_s1e1p_fast (yes), PAR.F is clear (no): the hardware's PAR stands.
  const pop = page.locator(`${merged} [data-node="FAST_P_OP"]`);
  assert.match(await pop.getAttribute('class'), /\blit\b/);
  assert.equal(await pop.locator('.edge.yes').getAttribute('data-taken'), 'true');
  assert.equal(await pop.locator('.edge.no').getAttribute('data-taken'), 'false');
  assert.equal(await page.locator(`${merged} [data-node="MERGED_PAR_F"] .edge.no`).getAttribute('data-taken'), 'true');
  assert.match(await page.locator(`${merged} [data-node="MERGED_NOT_PERM"]`).getAttribute('class'), /unreached/);
  // v1 walks again in software: its retry_slow branch is taken.
  assert.equal(await page.locator(`${v1} [data-node="V1_RETRY_SLOW"] .edge.yes`).getAttribute('data-taken'), 'true');
  assert.match(await hook(page, 'kvm-summary'), /merged \(Linux\): fast path.*v1 \(first posted\): slow path/);
  // A shadow miss sends merged down the slow path: its PAR.F branch now says yes.
  await page.uncheck('[data-testid="shadow-page-0x40202000"]');
  assert.equal(await page.locator(`${merged} [data-node="MERGED_PAR_F"] .edge.yes`).getAttribute('data-taken'), 'true');
  assert.match(await page.locator(`${merged} [data-node="MERGED_NOT_PERM"]`).getAttribute('class'), /\blit\b/);
  // Every branch in full: the unreached ones show their edges too.
  await page.check('[data-testid="flow-full"]');
  assert.equal(await page.locator(`${merged} .folded`).count(), 0);
  await page.close();
});

/** The lit path of one flowchart: its boxes in decision order with the edge taken, checked
 * against the arrows drawn (each step's taken arrow leads to the next lit box). */
async function litPath(page, logic) {
  return page.locator(`[data-logic^="${logic}"]`).evaluate((col) => {
    const boxes = [...col.querySelectorAll('[data-node][data-order]')]
      .sort((a, b) => Number(a.dataset.order) - Number(b.dataset.order));
    return boxes.map((b, i) => {
      const yes = b.querySelector('.edge.yes').dataset.taken === 'true';
      const no = b.querySelector('.edge.no').dataset.taken === 'true';
      const val = yes && no ? 'both' : yes ? 'yes' : 'no';
      const next = boxes[i + 1];
      // The arrow lit out of this box (to the next box, or the end).
      const lit = [...col.querySelectorAll(`.farrow.taken[data-from="${b.dataset.node}"]`)].map((a) => a.dataset.to);
      const end = b.querySelector(`.edge.${val === 'no' ? 'no' : 'yes'}.end.taken`) !== null;
      return `${b.dataset.node}:${val}${next ? (lit.includes(next.dataset.node) ? '' : ' (no arrow)') : end ? ' → end' : ' (no end)'}`;
    });
  });
}

test('the flowchart lights exactly the trace\'s decisions, step by step (fast and slow path)', async () => {
  const page = await freshPan();
  await page.click('[data-testid="tab-flow"]');
  // Default example: merged takes the fast path (checked with `atwalk eval --trace`).
  assert.deepEqual(await litPath(page, 'merged'), [
    'UNDEFINED:yes', 'FAST_E2H_TGE:no', 'FAST_NO_MMU:no', 'FAST_P_OP:yes', 'FAST_NOT_FAIL:yes',
    'MERGED_PAR_F:no → end',
  ]);
  assert.match(await hook(page, 'kvm-summary'), /merged \(Linux\): fast path/);
  assert.equal(await page.locator('[data-logic^="merged"]').getAttribute('data-ended'), 'true');
  // Step through: first decision only, then the second, the current box outlined.
  await page.click('[aria-label="First step"]');
  assert.match(await hook(page, 'step-index'), /decision 1 \//);
  assert.deepEqual(await litPath(page, 'merged'), ['UNDEFINED:yes (no end)']);
  assert.equal(await page.locator('[data-logic^="merged"] .fbox.current').getAttribute('data-node'), 'UNDEFINED');
  assert.equal(await page.locator('[data-logic^="merged"]').getAttribute('data-ended'), 'false');
  await page.click('[data-testid="step-fwd"]');
  assert.equal(await page.locator('[data-logic^="merged"] .fbox.current').getAttribute('data-node'), 'FAST_E2H_TGE');
  assert.equal(await page.locator('[data-logic^="merged"] .farrow.taken[data-from="UNDEFINED"]').getAttribute('data-to'), 'FAST_E2H_TGE');
  assert.match(await hook(page, 'flow-now'), /host mode.*No/);
  // The shadow-miss example: merged takes the slow path.
  await loadFixture(page, 'shadow-miss-slow-path');
  await page.click('[data-testid="tab-flow"]');
  assert.deepEqual(await litPath(page, 'merged'), [
    'UNDEFINED:yes', 'FAST_E2H_TGE:no', 'FAST_NO_MMU:no', 'FAST_P_OP:no', 'FAST_NOT_FAIL:yes',
    'MERGED_PAR_F:yes', 'MERGED_NOT_PERM:yes', 'MERGED_NOT_AF:yes', 'SLOW_AS_EL0:no', 'SLOW_PAN:no',
    'SLOW_SETUP_FAILED:no', 'SLOW_MMU_DISABLED:no', 'SLOW_WALK_FAILED:no', 'SLOW_PERM_FAIL:no → end',
  ]);
  assert.deepEqual(await litPath(page, 'v1'), [
    'UNDEFINED:yes', 'V1_NO_MMU:no', 'V1_OP_KNOWN:yes', 'V1_AT_FAILED:no', 'V1_RETRY_SLOW_SET:yes',
    'V1_PAR_F:yes', 'V1_RETRY_SLOW:yes', 'SLOW_AS_EL0:no', 'SLOW_PAN:no', 'SLOW_SETUP_FAILED:no',
    'SLOW_MMU_DISABLED:no', 'SLOW_WALK_FAILED:no', 'SLOW_PERM_FAIL:no → end',
  ]);
  assert.match(await hook(page, 'kvm-summary'), /merged \(Linux\): slow path/);
  // The skipping arrow V1_PAR_F → V1_RETRY_SLOW is drawn in a lane and lit.
  assert.equal(await page.locator('[data-logic^="v1"] .farrow.lane.taken[data-from="V1_PAR_F"]').getAttribute('data-to'), 'V1_RETRY_SLOW');
  // Animating the slow walk from its box goes back to the walk tab.
  await page.locator('[data-logic^="merged"] .fnode.process.slow button').first().click();
  assert.equal(await page.getAttribute('[data-source="slow"]', 'aria-pressed'), 'true');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('toggling PSTATE.PAN', async () => {
  const page = await freshPan();
  await page.uncheck('[data-testid="pstate-pan"]');
  assert.equal(await hook(page, 'hw-par'), '0xff00000040400b80');
  await page.check('[data-testid="pstate-pan"]');
  assert.equal(await hook(page, 'hw-par'), DEFAULT.hw);
  await page.close();
});

test('a table page missing from the shadow stage 2 sends KVM down the slow path', async () => {
  const page = await freshPan();
  await page.uncheck('[data-testid="shadow-page-0x40202000"]');
  assert.deepEqual(await outcome(page), { par: '0x000000000000081f', hw: DEFAULT.hw, path: 'slow' });
  await page.check('[data-testid="shadow-page-0x40202000"]');
  assert.equal(await hook(page, 'kvm-path'), 'fast');
  await page.close();
});

test('the animation steps forward and back, by button and by key', async () => {
  const page = await fresh();
  const total = Number((await hook(page, 'step-index')).split('/')[1]);
  assert.ok(total > 10, `a walk of ${total} steps`);
  await page.click('[aria-label="First step"]');
  await stepIs(page, `step 1 / ${total}`);
  const first = await hook(page, 'step-sentence');
  await page.click('[data-testid="step-fwd"]');
  await page.click('[data-testid="step-fwd"]');
  await stepIs(page, `step 3 / ${total}`);
  assert.notEqual(await hook(page, 'step-sentence'), first);
  await page.click('[data-testid="step-back"]');
  await stepIs(page, `step 2 / ${total}`);
  await page.locator('body').focus();
  await page.keyboard.press('ArrowLeft');
  await stepIs(page, `step 1 / ${total}`);
  assert.equal(await hook(page, 'step-sentence'), first);
  await page.keyboard.press('End');
  await stepIs(page, `step ${total} / ${total}`);
  // The last step is the PAR, and it names the hardware's value.
  assert.match(await hook(page, 'step-sentence'), /0xff00000040200b80/);
  await page.close();
});

test('a share link opens its scenario; the share button makes one', async () => {
  const page = await fresh();
  const json = readFileSync(join(ROOT, 'presets/kvm-vs-hw/non-canonical-va.json'), 'utf8');
  await page.goto(env.srv.url + shareHash(json)); // a hash change on an open page
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]').textContent.includes('non-canonical'));
  assert.equal(new URL(page.url()).hash, '', 'the link is taken out of the address bar');
  await page.reload();
  await ready(page);
  // Reloaded after the link was taken: the autosave now holds the linked scenario.
  assert.match(await hook(page, 'scenario-title'), /non-canonical/);
  assert.deepEqual(await outcome(page), { par: '0x0000000000000801', hw: '0x0000000000000809', path: 'slow' });
  const fresh2 = await env.browser.context.newPage();
  await fresh2.goto(env.srv.url + shareHash(json));
  await ready(fresh2);
  assert.match(await hook(fresh2, 'scenario-title'), /non-canonical/);
  assert.equal(await hook(fresh2, 'final-par'), '0x0000000000000801');
  // The share button's link carries the scenario back.
  await fresh2.click('[data-testid="menu-file"]');
  await fresh2.click('[data-testid="share"]');
  const link = await fresh2.inputValue('[data-testid="share-url"]');
  assert.ok(link.startsWith(env.srv.url + '#s='), link);
  assert.ok(!link.includes('+') && !link.includes('/', env.srv.url.length) && !link.endsWith('='));
  await page.goto(link);
  await ready(page);
  assert.equal(await hook(page, 'final-par'), '0x0000000000000801');
  await fresh2.close();
  await page.close();
});

test('a reload keeps the edits (local storage), and undo/redo walk them back', async () => {
  const page = await freshPan();
  await page.uncheck('[data-testid="pstate-pan"]');
  await setText(page, '#at-va', '0x0000000000201238');
  await page.reload();
  await ready(page);
  assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), false);
  assert.equal(await page.inputValue('#at-va'), '0x0000000000201238');
  assert.equal(await hook(page, 'hw-par'), '0xff00000040400b80');
  // Undo history is per page: edit, undo, redo.
  await page.check('[data-testid="pstate-pan"]');
  assert.equal(await hook(page, 'hw-par'), DEFAULT.hw);
  await page.click('[data-testid="undo"]');
  assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), false);
  await page.locator('body').focus();
  await page.keyboard.press('Control+y');
  assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), true);
  await page.close();
});

test('a bad file and a bad link give a clear message and leave the scenario unchanged', async () => {
  const page = await freshPan();
  await page.uncheck('[data-testid="pstate-pan"]'); // an edit that must survive
  const before = await outcome(page);
  await page.setInputFiles('[data-testid="import"]', {
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "at-scenario/1", "cpu": {"TCR_EL1": "0xZZ"}, "queries": []}'),
  });
  const notice = page.locator('[data-testid="notice"]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /bad\.json.*cpu\.TCR_EL1/);
  assert.deepEqual(await outcome(page), before);
  assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), false);
  // Not JSON at all.
  await page.setInputFiles('[data-testid="import"]', {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent.includes('notes.txt'));
  assert.deepEqual(await outcome(page), before);
  // A link that is not base64url, then one that inflates to a scenario with a bad field.
  await page.goto(env.srv.url + '#s=%%%not-base64');
  await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent.includes('base64url'));
  assert.deepEqual(await outcome(page), before);
  await page.goto(env.srv.url + shareHash('{"format": "at-scenario/1", "cpu": {}, "memory": {}, "queries": [{"op": "S1E9X", "va": "0x0"}]}'));
  await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent.includes('queries[0].op'));
  assert.deepEqual(await outcome(page), before);
  // Also on a fresh load with the bad link.
  await page.goto('about:blank');
  await page.goto(env.srv.url + '#s=AAAA');
  await ready(page);
  assert.match(await page.locator('[data-testid="notice"]').textContent(), /share link/);
  assert.deepEqual(await outcome(page), before);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a preset loads from the menu, and the KVM logic switch re-decides', async () => {
  const page = await fresh();
  // Picking a preset in the menu does not load it; Load does. KVM, 4: v1's redundant walk.
  await page.selectOption('[data-testid="examples"]', 'kvm/4');
  assert.match(await hook(page, 'scenario-title'), /4KB walk through four levels/);
  await page.click('[data-testid="examples-load"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]').textContent.includes('v1 walks again'));
  assert.equal(await hook(page, 'kvm-path'), 'fast');
  await page.check('[data-testid="logic-v1"]');
  assert.equal(await hook(page, 'kvm-path'), 'slow');
  await page.check('[data-testid="logic-merged"]');
  assert.equal(await hook(page, 'kvm-path'), 'fast');
  await page.close();
});

test('the app works under a sub-path', { skip: !process.env.ATWALK_SUBPATH_DIST }, async () => {
  const sub = await serve(process.env.ATWALK_SUBPATH_DIST, '/some/path/');
  try {
    const page = await env.browser.context.newPage();
    await page.goto(sub.url);
    await ready(page);
    assert.deepEqual(await outcome(page), PLAIN);
    assert.ok(sub.requests.every((u) => u.startsWith('/some/path/')), sub.requests.join(' '));
    await page.close();
  } finally {
    await sub.close();
  }
});
