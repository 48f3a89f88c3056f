// The Linux release KVM answers as, in the browser (release build, headless Debian Chromium, as
// app.test.mjs):
//   node --test tests/browser/releases.test.mjs
// The preset kvm-vs-hw/lpa2 (kvm.version v6.17): v6.17's software walk reads 48-bit descriptors,
// v6.18's reads the 52-bit format. Every PAR below is the command line's:
//   atwalk eval --kvm v6.17 presets/kvm-vs-hw/lpa2.json  -> par 0xff00000040400800, slow
//   atwalk eval --kvm v6.18 presets/kvm-vs-hw/lpa2.json  -> par 0x0000000000000807, slow
// and both give hw_par 0xff01000040400b80. "Through the releases" opens each group where it parts
// from the other: the setup of KVM's software walk (slow path step 9), where v6.17 notes that it
// reads the 48-bit format, and the branch "walk_s1() failed" (the core's release_matrix::Parting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hook, shareHashOf, ROOT, freshPage, session } from './lib.mjs';

const V6_17 = { par: '0xff00000040400800', hw: '0xff01000040400b80', path: 'slow' };
const V6_18 = { par: '0x0000000000000807', hw: '0xff01000040400b80', path: 'slow' };

const env = session();

async function outcome(page) {
  return {
    par: await hook(page, 'final-par'),
    hw: await hook(page, 'hw-par'),
    path: await hook(page, 'kvm-path'),
  };
}

/** Waits until KVM's PAR on screen reads `par`. */
async function parIs(page, par) {
  await page.waitForFunction((p) => document.querySelector('[data-testid="final-par"]')?.textContent.trim() === p, par, { timeout: 5000 })
    .catch(async () => assert.equal(await hook(page, 'final-par'), par));
}

/** The index of the group row whose releases (its first cell) include `tag`. */
async function groupOf(page, tag) {
  const firsts = await page.$$eval('[data-testid^="release-group-"] td:first-child', (ts) => ts.map((t) => t.textContent));
  const i = firsts.findIndex((t) => t.split(',').map((x) => x.trim()).includes(tag));
  assert.ok(i >= 0, firsts.join('\n'));
  return i;
}

/** Whether the top of `sel` is on screen, inside the centre column's visible part. */
async function inView(page, sel) {
  return page.$eval(sel, (el) => {
    const r = el.getBoundingClientRect();
    const c = el.closest('.col.centre').getBoundingClientRect();
    const top = Math.max(0, c.top);
    const bottom = Math.min(innerHeight, c.bottom);
    return r.top >= top - 1 && r.top + 20 <= bottom;
  });
}

/** Opens the LPA2 preset (kvm.version v6.17) in a fresh page. */
async function openLpa2() {
  const json = readFileSync(join(ROOT, 'presets', 'kvm-vs-hw', 'lpa2.json'), 'utf8');
  return freshPage(env.browser.context, env.srv.url, shareHashOf(json));
}

test('the release selector re-answers the LPA2 preset as v6.18 and v6.17; through the releases lists the groups', async () => {
  const page = await openLpa2();
  assert.match(await hook(page, 'scenario-title'), /FEAT_LPA2/);
  const sel = '[data-testid="kvm-release"]';
  await page.waitForSelector(sel);
  // The preset says v6.17; the selector shows it.
  assert.equal(await page.inputValue(sel), 'v6.17');
  assert.deepEqual(await outcome(page), V6_17);
  // Newest plus every release, nothing else.
  const options = await page.$$eval(`${sel} option`, (os) => os.map((o) => o.value));
  assert.deepEqual(options, ['', 'v6.12', 'v6.13', 'v6.14', 'v6.15', 'v6.16', 'v6.17', 'v6.18', 'v6.19', 'v7.0']);
  await page.selectOption(sel, 'v6.18');
  await parIs(page, V6_18.par);
  assert.deepEqual(await outcome(page), V6_18);
  await page.selectOption(sel, 'v6.17');
  await parIs(page, V6_17.par);
  assert.deepEqual(await outcome(page), V6_17);
  // Through the releases: built when opened, at least two groups (v6.12..v6.17 and v6.18 on).
  assert.equal(await page.locator('[data-testid^="release-group-"]').count(), 0);
  await page.click('[data-testid="through-releases"] summary');
  await page.waitForSelector('[data-testid="release-group-1"]');
  const rows = await page.$$eval('[data-testid^="release-group-"]', (rs) => rs.map((r) => r.textContent));
  assert.ok(rows.length >= 2, rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('v6.17') && r.includes(V6_17.par)), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('v6.18') && r.includes(V6_18.par)), rows.join('\n'));
  // The v6.18 group's button answers as v6.18 (its release next to v6.17's group), and the
  // selector follows.
  const i = await groupOf(page, 'v6.18');
  await page.click(`[data-testid="release-use-${i}"]`);
  await parIs(page, V6_18.par);
  const first = (await page.textContent(`[data-testid="release-group-${i}"] td`)).split(',')[0].trim();
  assert.equal(await page.inputValue(sel), first);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('through the releases opens each group where it parts from its neighbour: v6.18, then v6.17', async () => {
  const page = await openLpa2();
  const sel = '[data-testid="kvm-release"]';
  assert.equal(await page.inputValue(sel), 'v6.17');
  await page.click('[data-testid="through-releases"] summary');
  await page.waitForSelector('[data-testid="release-group-1"]');
  const card = '[data-testid="step-card"].parts-here';
  assert.equal(await page.locator(card).count(), 0);

  // v6.18's row: the scenario answers as v6.18, its slow path's walk opens at the step where
  // v6.17 and v6.18 part, marked, in view, saying what v6.17 does there instead.
  await page.click(`[data-testid="release-use-${await groupOf(page, 'v6.18')}"]`);
  await parIs(page, V6_18.par);
  assert.deepEqual(await outcome(page), V6_18);
  assert.equal(await page.inputValue(sel), 'v6.18');
  await page.waitForSelector(card);
  assert.equal(await page.getAttribute('[data-testid="walk-source"] .src.on', 'data-source'), 'slow');
  assert.match(await hook(page, 'parts-here'), /^Here v6\.17 and v6\.18 part\. v6\.17 at this step: KVM differs/);
  assert.ok(await inView(page, card), 'the marked step is in view');
  // The flowchart marks the branch that goes the other way: walk_s1() failed.
  await page.click('[data-testid="tab-flow"]');
  const branch = page.locator('.flowcol.selected .fbox.parts-here');
  await branch.waitFor();
  assert.equal(await branch.count(), 1);
  assert.equal(await branch.getAttribute('data-node'), 'SLOW_WALK_FAILED');
  assert.ok(await inView(page, '.flowcol.selected .fbox.parts-here'), 'the marked branch is in view');
  assert.match(await hook(page, 'parts-branch'), /^Here v6\.17 and v6\.18 part: v6\.17 goes another way/);

  // v6.17's group: back to v6.17's answer, its own step marked.
  await page.click(`[data-testid="release-use-${await groupOf(page, 'v6.17')}"]`);
  await parIs(page, V6_17.par);
  assert.deepEqual(await outcome(page), V6_17);
  assert.equal(await page.inputValue(sel), 'v6.17');
  await page.waitForSelector(card);
  assert.match(await hook(page, 'parts-here'), /^Here v6\.17 and v6\.18 part\. v6\.18 at this step: /);
  assert.match(await hook(page, 'step-sentence'), /48-bit format/);
  assert.ok(await inView(page, card), 'the marked step is in view');
  // Any other edit drops the mark: undo answers as v6.18 again, unmarked.
  await page.click('[data-testid="undo"]');
  await parIs(page, V6_18.par);
  assert.equal(await page.locator(card).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('at a projector\'s 1024x768 with Large type the parting step opens in view too', async () => {
  const page = await openLpa2();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.click('[data-testid="large"]');
  await page.click('[data-testid="through-releases"] summary');
  await page.waitForSelector('[data-testid="release-group-1"]');
  await page.click(`[data-testid="release-use-${await groupOf(page, 'v6.18')}"]`);
  await parIs(page, V6_18.par);
  const card = '[data-testid="step-card"].parts-here';
  await page.waitForSelector(card);
  // The mark's sentence itself is on screen, not only the card's top edge.
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-testid="parts-here"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 3000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});
