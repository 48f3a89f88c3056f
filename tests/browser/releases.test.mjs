// The Linux release KVM answers as, in the browser (release build, headless Debian Chromium, as
// app.test.mjs):
//   node --test tests/browser/releases.test.mjs
// The preset kvm-vs-hw/lpa2 (kvm.version v6.17): v6.17's software walk reads 48-bit descriptors,
// v6.18's reads the 52-bit format. Every PAR below is the command line's:
//   atwalk eval --kvm v6.17 presets/kvm-vs-hw/lpa2.json  -> par 0xff00000040400800, slow
//   atwalk eval --kvm v6.18 presets/kvm-vs-hw/lpa2.json  -> par 0x0000000000000807, slow
// and both give hw_par 0xff01000040400b80.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ready, hook, shareHashOf, ROOT } from './lib.mjs';

const V6_17 = { par: '0xff00000040400800', hw: '0xff01000040400b80', path: 'slow' };
const V6_18 = { par: '0x0000000000000807', hw: '0xff01000040400b80', path: 'slow' };

let srv;
let browser;

before(async () => {
  srv = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

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

test('the release selector re-answers the LPA2 preset as v6.18 and v6.17; through the releases lists the groups', async () => {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(new URL('no-app-here.txt', srv.url).href);
  await page.evaluate(() => localStorage.clear());
  const json = readFileSync(join(ROOT, 'presets', 'kvm-vs-hw', 'lpa2.json'), 'utf8');
  await page.goto(srv.url + shareHashOf(json));
  await ready(page);
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
  // A row's button answers as its first release, and the selector follows.
  const i = rows.findIndex((r) => r.includes('v6.18'));
  await page.click(`[data-testid="release-use-${i}"]`);
  await parIs(page, V6_18.par);
  const first = (await page.textContent(`[data-testid="release-group-${i}"] td`)).split(',')[0].trim();
  assert.equal(await page.inputValue(sel), first);
  assert.deepEqual(page.errors, []);
  await page.close();
});
