// The first screen and the hand-over to the full app (src/takeover.rs): the first screen works on
// its own (the walk steps, the preferences change) while the full app is held back; when it comes,
// it goes on with what was on show; a share link opened on the first screen stays the scenario and
// is autosaved by the full app; if the full app cannot load, the first screen says so and goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, watchedPage, openCleared, firstReady, ready, hook, shareHashOf, fixtureText } from './lib.mjs';

const env = session();
const FULL = /\/atwalk-app-full(\.js|_bg\.wasm)$/;

/** Holds the full app's files back until the function it gives is called. */
async function holdFull(page) {
  let release;
  const gate = new Promise((ok) => {
    release = ok;
  });
  await page.route(FULL, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

test('the first screen steps on its own, and the full app goes on from where it was', async () => {
  const page = await watchedPage(env.browser.context);
  const release = await holdFull(page);
  await openCleared(page, env.srv.url);
  await firstReady(page);
  // The first screen: the walk and the result, the editors on their way.
  assert.equal(await page.getAttribute('html', 'data-app'), null);
  assert.match(await hook(page, 'intro'), /What you see/);
  assert.match(await hook(page, 'region-machine'), /loading/);
  assert.equal(await page.locator('[data-testid="at-op"]').count(), 0);
  assert.ok(await page.evaluate(() => performance.getEntriesByName('atwalk-interactive').length === 1));
  // It answers: three steps, Large type, the shortcut list asked for.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  assert.match(await hook(page, 'step-index'), /^step 4 \//);
  await page.click('[data-testid="large"]');
  assert.equal(await page.getAttribute('html', 'data-large'), '1');
  release();
  await ready(page);
  // The full app: the same step, the same type size, the editors in place; one app on the page.
  assert.match(await hook(page, 'step-index'), /^step 4 \//);
  assert.equal(await page.getAttribute('html', 'data-large'), '1');
  assert.equal(await page.locator('[data-testid="at-op"]').count(), 1);
  assert.equal(await page.locator('[data-testid="region-walk"]').count(), 1);
  assert.equal(await page.locator('[data-testid="loading"]').count(), 0);
  // And it goes on: a step further, and the walk's editors answer.
  await page.keyboard.press('ArrowRight');
  assert.match(await hook(page, 'step-index'), /^step 5 \//);
  assert.equal(await page.evaluate(() => localStorage.getItem('atwalk.prefs.v1')?.includes('large=1')), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a share link opened on the first screen is the full app\'s scenario, and is autosaved', async () => {
  const page = await watchedPage(env.browser.context);
  const release = await holdFull(page);
  const json = fixtureText('stage2-ipa-not-pa');
  const title = JSON.parse(json).title;
  await openCleared(page, env.srv.url, shareHashOf(json));
  await firstReady(page);
  assert.equal(await hook(page, 'scenario-title'), title);
  const par = await hook(page, 'hw-par');
  release();
  await ready(page);
  assert.equal(await hook(page, 'scenario-title'), title);
  assert.equal(await hook(page, 'hw-par'), par);
  assert.equal(await page.evaluate(() => location.hash), '');
  // The full app saves the link's scenario (the first screen saves nothing).
  await page.waitForFunction((t) => localStorage.getItem('atwalk.scenario.v1')?.includes(t), title, { timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a share link pasted while the first screen is on show is opened by the full app', async () => {
  const page = await watchedPage(env.browser.context);
  const release = await holdFull(page);
  await openCleared(page, env.srv.url);
  await firstReady(page);
  const json = fixtureText('stage2-ipa-not-pa');
  await page.evaluate((h) => { location.hash = h; }, shareHashOf(json));
  release();
  await ready(page);
  await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t,
    JSON.parse(json).title, { timeout: 5000 });
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an exercise link opened on the first screen: Undo in the full app brings back the scenario it replaced', async () => {
  const page = await watchedPage(env.browser.context);
  const release = await holdFull(page);
  await openCleared(page, env.srv.url, shareHashOf(fixtureText('stage2-ipa-not-pa')) + '&exercise=0');
  await firstReady(page);
  const before = 'A 4KB walk through four levels';
  release();
  await page.waitForSelector('html[data-app="full"] [data-testid="exercise"]');
  // During the exercise its panel asks the question; the scenario's own title is not on show.
  assert.equal(await page.locator('[data-testid="scenario-title"]').count(), 0);
  await page.click('[data-testid="undo"]');
  await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t, before);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('if the full app does not load, the first screen says so and its walk still works', async () => {
  const page = await watchedPage(env.browser.context);
  await page.route(FULL, (route) => route.abort());
  await openCleared(page, env.srv.url);
  await firstReady(page);
  await page.waitForSelector('[data-testid="notice"]');
  assert.match(await hook(page, 'notice'), /did not load.*reload the page/s);
  await page.keyboard.press('ArrowRight');
  assert.match(await hook(page, 'step-index'), /^step 2 \//);
  assert.deepEqual(page.errors, []);
  await page.close();
});
