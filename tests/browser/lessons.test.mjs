// The preset library in the app: every preset opened through its share link shows the outcome its
// `expect` records; a lesson followed forward and back with its step in the URL; a lesson URL
// opened directly; the user's own scenario one Undo away; a glossary entry opened by mouse and by
// keyboard. Release build in headless Debian Chromium (playwright-core):
//   node --test tests/browser/lessons.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready, hook, shareHashOf, ROOT, freshPage, session } from './lib.mjs';

const INDEX = JSON.parse(readFileSync(join(ROOT, 'presets', 'index.json'), 'utf8'));

const env = session();

/** A fresh page (local storage cleared) at `hash`. */
async function fresh(hash = '') {
  return freshPage(env.browser.context, env.srv.url, hash);
}

/** Waits until the hook `id` reads `want` (a render may trail the event); then checks it. */
async function shows(page, id, want, what) {
  await page.waitForFunction(([i, w]) => document.querySelector(`[data-testid="${i}"]`)?.textContent.trim() === w,
    [id, want], { timeout: 3000 }).catch(() => {});
  assert.equal(await hook(page, id), want, what);
}

/** Waits until the hook `id` matches `re`; then checks it. */
async function matches(page, id, re, what) {
  await page.waitForFunction(([i, r]) => new RegExp(r).test(document.querySelector(`[data-testid="${i}"]`)?.textContent ?? ''),
    [id, re.source], { timeout: 3000 }).catch(() => {});
  assert.match(await hook(page, id), re, what);
}

const hashOf = (page) => page.evaluate(() => location.hash);

test('every preset, opened through its share link, shows the outcome its expect records', async () => {
  const page = await fresh();
  let checked = 0;
  for (const chapter of INDEX.chapters) {
    for (const entry of chapter.presets) {
      const json = readFileSync(join(ROOT, 'presets', entry.file), 'utf8');
      const s = JSON.parse(json);
      await page.evaluate((h) => { location.hash = h; }, shareHashOf(json));
      await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t, s.title);
      for (const [i, q] of s.queries.entries()) {
        if (!q.expect) continue;
        const what = `${entry.file} query ${i + 1}`;
        if (i > 0 || s.queries.length > 1) await page.selectOption('#query-pick', String(i));
        await shows(page, 'final-par', q.expect.par, `${what}: KVM's PAR_EL1`);
        await shows(page, 'kvm-path', q.expect.path, `${what}: KVM's path`);
        if (q.expect.hw_par) await shows(page, 'hw-par', q.expect.hw_par, `${what}: the hardware's PAR_EL1`);
        else await matches(page, 'hw-par', new RegExp(`^Data Abort \\(DFSC ${q.expect.hw_abort.dfsc}`), `${what}: the hardware's abort`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 80, `${checked} queries checked`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a lesson forward and back: its question first, its step in the URL, and the scenario from before one Undo away', async () => {
  const page = await fresh();
  // The user's own edit first: this VA must survive the lesson.
  await page.fill('#at-va', '0x0000000000001000');
  await page.press('#at-va', 'Enter');
  await page.waitForFunction(() => document.querySelector('#at-va').value === '0x0000000000001000');
  const faults = INDEX.chapters.find((c) => c.id === 'faults');
  const n = faults.presets.length;
  await page.selectOption('[data-testid="examples"]', 'faults/1');
  await page.click('[data-testid="lesson-start"]');
  await shows(page, 'lesson-where', `Faults, 1 of ${n}`);
  assert.equal(await hashOf(page), '#lesson=faults/1');
  assert.match(await hook(page, 'lesson-question'), /\?$/);
  // The explanation is folded until the student has followed the walk.
  assert.equal(await page.locator('[data-testid="lesson-explain"]').evaluate((d) => d.open), false);
  assert.ok(await page.getAttribute('[data-testid="lesson-prev"]', 'disabled') !== null);
  // Undo after Next goes back to the step before, still in the lesson.
  await page.click('[data-testid="lesson-next"]');
  await shows(page, 'lesson-where', `Faults, 2 of ${n}`);
  await page.click('[data-testid="undo"]');
  await shows(page, 'lesson-where', `Faults, 1 of ${n}`);
  assert.equal(await hashOf(page), '#lesson=faults/1');
  for (let k = 2; k <= n; k++) {
    await page.click('[data-testid="lesson-next"]');
    await shows(page, 'lesson-where', `Faults, ${k} of ${n}`);
    assert.equal(await hashOf(page), `#lesson=faults/${k}`);
    // Each step opens at the first step of its walk.
    await matches(page, 'step-index', /^step 1 \//);
  }
  assert.ok(await page.getAttribute('[data-testid="lesson-next"]', 'disabled') !== null);
  const last = await hook(page, 'scenario-title');
  for (let k = n - 1; k >= 1; k--) {
    await page.click('[data-testid="lesson-prev"]');
    await shows(page, 'lesson-where', `Faults, ${k} of ${n}`);
    assert.equal(await hashOf(page), `#lesson=faults/${k}`);
  }
  assert.notEqual(await hook(page, 'scenario-title'), last);
  // Leaving keeps the scenario and takes the step out of the URL.
  await page.click('[data-testid="lesson-leave"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="lesson-bar"]'));
  assert.equal(await hashOf(page), '');
  // Every step was a load: Undo walks back through them to the user's own scenario.
  for (let k = 0; k < 2 * n - 1; k++) await page.click('[data-testid="undo"]');
  await page.waitForFunction(() => document.querySelector('#at-va').value === '0x0000000000001000');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a lesson URL opens that step; a bad one says so; a share link still opens its scenario', async () => {
  const page = await fresh('#lesson=permissions/5');
  const perms = INDEX.chapters.find((c) => c.id === 'permissions');
  const entry = perms.presets[4];
  const s = JSON.parse(readFileSync(join(ROOT, 'presets', entry.file), 'utf8'));
  await shows(page, 'lesson-where', `Permissions, 5 of ${perms.presets.length}`);
  assert.equal(await hook(page, 'scenario-title'), s.title);
  assert.equal(await hook(page, 'final-par'), s.queries[0].expect.par);
  assert.equal(await hashOf(page), '#lesson=permissions/5');
  // The presets menu shows the step on show.
  assert.equal(await page.inputValue('[data-testid="examples"]'), 'permissions/5');
  // A reload stays on the step; a chapter's id alone opens its first step.
  await page.reload();
  await ready(page);
  await shows(page, 'lesson-where', `Permissions, 5 of ${perms.presets.length}`);
  await page.evaluate(() => { location.hash = '#lesson=stage2'; });
  await matches(page, 'lesson-where', /^Two stages, 1 of /);
  // A route by name, pasted into the open page.
  await page.evaluate(() => { location.hash = '#lesson=kvm/shadow-miss'; });
  await matches(page, 'lesson-where', /^KVM, 2 of /);
  assert.equal(await hashOf(page), '#lesson=kvm/2');
  // A share link leaves the lesson for its scenario.
  const json = readFileSync(join(ROOT, 'presets', 'basics', 'blocks.json'), 'utf8');
  await page.evaluate((h) => { location.hash = h; }, shareHashOf(json));
  await page.waitForFunction(() => !document.querySelector('[data-testid="lesson-bar"]'));
  assert.equal(await hook(page, 'scenario-title'), JSON.parse(json).title);
  assert.equal(await hashOf(page), '');
  // A step that does not exist: a message, the scenario unchanged.
  await page.evaluate(() => { location.hash = '#lesson=faults/99'; });
  await matches(page, 'notice', /no lesson step/);
  assert.equal(await hook(page, 'scenario-title'), JSON.parse(json).title);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a glossary word opens its entry with its Arm ARM name, by mouse and by keyboard, readable in Large type', async () => {
  const page = await fresh('#lesson=permissions/2');
  await page.click('[data-testid="large"]');
  // The question's words link to the glossary.
  const word = page.locator('[data-testid="lesson-question"] button.term').first();
  const term = await word.getAttribute('data-term');
  await word.click();
  await shows(page, 'glossary-term', term);
  assert.match(await hook(page, 'glossary-arm'), /\w/);
  assert.ok((await hook(page, 'glossary-text')).length > 20);
  // The panel has the focus; Escape closes it and gives the focus back to the word.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'glossary-close');
  const px = await page.locator('[data-testid="glossary-text"]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(px >= 20, `glossary text at ${px}px in Large type`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[data-testid="glossary"]'));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.term), term);
  // Fault names and terms in the step's sentence link too.
  await page.click('[aria-label="Last step"]');
  const inSentence = await page.locator('[data-testid="step-sentence"] button.term').count();
  assert.ok(inSentence >= 1, 'the last step\'s sentence links a term');
  // By keyboard: the sentence's first word.
  const other = page.locator('[data-testid="step-sentence"] button.term').first();
  const otherTerm = await other.getAttribute('data-term');
  await other.focus();
  await page.keyboard.press('Enter');
  await shows(page, 'glossary-term', otherTerm);
  await page.click('[data-testid="glossary-close"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="glossary"]'));
  assert.deepEqual(page.errors, []);
  await page.close();
});
