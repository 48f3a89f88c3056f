// The app under its largest inputs, in headless Chromium on the release build (the issue "never
// dies, stays responsive, says what it refuses"): a 100,000-word scenario shows its walk within
// 1 s and an edit afterwards reaches the screen within 50 ms; a 1,000,000-word one is refused at
// once with the app's limit and the command line named; the format's other limits (queries, RAM
// ranges, shadow pages) too; a full browser storage gives a message; the page's last line of
// defence. The scenarios are made here (tests/browser/big.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { ready, hook, freshPage, session } from './lib.mjs';
import { bigScenarioFiles, bigScenarioText, importTimed, timed, PAN_EDIT, WORD_EDIT } from './big.mjs';

/** The example of docs/scenario-format.md (3 words) as a share link's fragment. */
const EXAMPLE_LINK = '#s=' + deflateRawSync(Buffer.from(bigScenarioText(3))).toString('base64url');

const env = session();
let big;

before(() => {
  big = bigScenarioFiles([100000, 150000, 260000, 1000000]);
});

after(() => big?.remove());

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A fresh page (storage cleared) on the example of docs/scenario-format.md with PSTATE.PAN off,
 * so that its walk differs from the big scenarios'.
 */
async function fresh() {
  const page = await freshPage(env.browser.context, env.srv.url, EXAMPLE_LINK);
  await page.uncheck('[data-testid="pstate-pan"]');
  return page;
}

/** Median time of `n` edits of each kind (PSTATE.PAN, and a memory word made invalid and back). */
async function editTimes(page, n = 5) {
  const pan = [];
  const word = [];
  for (let i = 0; i < n; i++) {
    pan.push((await timed(page, ...PAN_EDIT)).frame);
    word.push((await timed(page, ...WORD_EDIT(0))).frame);
    word.push((await timed(page, ...WORD_EDIT(1))).frame);
  }
  return { pan: median(pan), word: median(word) };
}

test('100,000 words: the walk within 1 s, an edit within 50 ms, memory a page at a time, no share link', async () => {
  const page = await fresh();
  const r = await importTimed(page, big.files[100000]);
  assert.equal(r.what, 'shown', JSON.stringify(r));
  assert.ok(r.frame < 1000, `import took ${r.frame} ms`);
  const t = await editTimes(page);
  assert.ok(t.pan < 50 && t.word < 50, `edits took ${JSON.stringify(t)} ms (median)`);
  // A key press steps the walk.
  await page.evaluate(() => document.activeElement?.blur());
  const before = await hook(page, 'step-index');
  await page.keyboard.press('ArrowRight'); // a walk opens at step 1
  assert.notEqual(await hook(page, 'step-index'), before);
  // The memory list draws one page of 32 words, and pages on, or jumps to an address.
  await page.click('[data-testid="allmem"] > summary');
  const rows = page.locator('[data-testid="allmem"] tbody tr');
  const pager = page.locator('[data-testid="allmem"] [data-testid="pager"]');
  // The fold's rows are drawn on the render after the click.
  await rows.first().waitFor();
  assert.equal(await rows.count(), 32);
  assert.match(await pager.textContent(), /1–32 of 100,000 words/);
  assert.equal(await rows.first().locator('code').textContent(), '0x0000000040200000');
  await pager.locator('button[title="The page after"]').click();
  assert.match(await pager.textContent(), /33–64 of 100,000 words/);
  assert.equal(await rows.first().locator('code').textContent(), '0x0000000040200100');
  await page.fill('[data-testid="mem-goto"]', '0x402c34f8');
  await page.press('[data-testid="mem-goto"]', 'Enter');
  assert.match(await pager.textContent(), /99,969–100,000 of 100,000 words/);
  assert.equal(await rows.last().locator('code').textContent(), '0x00000000402c34f8');
  // Full tables: each card draws the 32 entries around the walked one and says what it hides.
  assert.match(await page.locator('[data-table="0x0000000040202000"] [data-testid="hidden-entries"]').first().textContent(), /\[32\]–\[511\]: 480 entries, 480 in use/);
  // Too long for a link: said when made, with Export offered instead.
  await page.click('[data-testid="menu-file"]');
  await page.click('[data-testid="share"]');
  assert.match(await page.locator('[data-testid="share-too-large"]').textContent(), /too large for a share link: its link would be [\d,]+ characters, and browsers carry links of at most about 32,000/);
  const download = page.waitForEvent('download');
  await page.click('[data-testid="share-export"]');
  assert.equal((await download).suggestedFilename(), 'scenario.json');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('1,000,000 words is refused at once, naming the limit and the command line; 260,000 too', async () => {
  const page = await fresh();
  const before = await hook(page, 'hw-par');
  const r = await importTimed(page, big.files[1000000]);
  assert.equal(r.what, 'refused', JSON.stringify(r));
  assert.ok(r.frame < 200, `the refusal took ${r.frame} ms`);
  assert.match(r.notice, /big1000000\.json was not loaded: it is 28\.6 MB, and the app opens files of at most 10\.0 MB \(about 250,000 memory words; docs\/scenario-format\.md, Limits\)\. The command line takes it: atwalk eval big1000000\.json\. Your scenario is unchanged\./);
  assert.equal(await hook(page, 'hw-par'), before);
  assert.ok((await editTimes(page, 3)).pan < 50);
  // Under 10 MB but more words than the app holds: refused once read.
  const before2 = await hook(page, 'hw-par');
  const r2 = await importTimed(page, big.files[260000]);
  assert.equal(r2.what, 'refused', JSON.stringify(r2));
  assert.match(r2.notice, /big260000\.json was not loaded: memory: 260,000 words, and the app holds at most 250,000 .*atwalk eval big260000\.json/);
  assert.equal(await hook(page, 'hw-par'), before2);
  assert.equal(await page.isEnabled('[data-testid="undo"]'), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('10,000 queries, 10,000 RAM ranges and 100,000 shadow pages: shown within 1 s, edited within 50 ms, a page at a time', async () => {
  const page = await fresh();
  const r = await importTimed(page, big.files.wide);
  assert.equal(r.what, 'shown', JSON.stringify(r));
  assert.ok(r.frame < 1000, `import took ${r.frame} ms`);
  assert.ok((await editTimes(page, 3)).pan < 50);
  assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) < 5000, 'a page of each list');
  assert.equal(await page.locator('#query-pick option').count(), 100);
  await page.fill('[data-testid="query-go"]', '10000');
  await page.press('[data-testid="query-go"]', 'Enter');
  await page.waitForFunction(() => document.querySelector('label[for="query-pick"]').textContent === 'Query 10000 of 10000');
  assert.equal(await page.inputValue('#at-va'), '0x000000000020ae6c');
  assert.match(await page.locator('.pages + [data-testid="pager"]').textContent(), /1–32 of 99,997 other pages listed/);
  await page.click('.pages + [data-testid="pager"] button[title="The page after"]');
  assert.match(await page.locator('.pages + [data-testid="pager"]').textContent(), /33–64 of 99,997/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('autosave: a full storage quota and a scenario too large to keep give a message, not a panic', async () => {
  const page = await fresh();
  await page.evaluate(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === 'atwalk.scenario.v1' && window.__full) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return set.call(this, k, v);
    };
    window.__full = true;
  });
  await page.check('[data-testid="pstate-pan"]');
  const notice = page.locator('[data-testid="notice"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent.includes('Not autosaved'));
  assert.match(await notice.textContent(), /Not autosaved: the browser refused to store it \(QuotaExceededError: The quota has been exceeded\.\)\. Export the scenario to keep it/);
  // The app goes on: edits still answer.
  await page.uncheck('[data-testid="pstate-pan"]');
  assert.equal(await hook(page, 'hw-par'), '0xff00000040400b80');
  // Too large for the browser's storage: said, and the last scenario saved stays.
  await page.evaluate(() => (window.__full = false));
  await page.check('[data-testid="pstate-pan"]');
  await page.waitForTimeout(600);
  await page.uncheck('[data-testid="pstate-pan"]');
  const r = await importTimed(page, big.files[150000]);
  assert.equal(r.what, 'shown', JSON.stringify(r));
  await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent.includes('Not autosaved'));
  assert.match(await notice.textContent(), /Not autosaved: this scenario is at least 4\.3 MB as text, and the app autosaves at most 4\.0 MB/);
  assert.match(await page.evaluate(() => localStorage.getItem('atwalk.scenario.v1')), /"PSTATE_PAN": false/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the last line of defence: a stopped app says so and reloads with the last scenario that worked', async () => {
  const page = await fresh(); // PSTATE.PAN off: the hardware PAR is a success
  await page.waitForTimeout(600); // the autosave has written it
  // What the page does when the app traps (here simulated: memory ran out, then the abort).
  await page.evaluate(() => {
    window.atwalkOutOfMemory(123456);
    dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));
  });
  const box = page.locator('[data-testid="stopped"]');
  assert.match(await box.textContent(), /atwalk stopped because of an internal error: it ran out of memory \(123456 more bytes were needed\)\. .*The last scenario that worked is kept in this browser/);
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid="stopped-reload"]')]);
  await ready(page);
  assert.match(await hook(page, 'notice'), /reloaded after an internal error, with the last scenario that worked/);
  assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), false);
  // A page load that stopped while opening the autosave sets it aside the next time.
  await page.evaluate(() => sessionStorage.setItem('atwalk.booting', 'autosave'));
  await page.reload();
  await ready(page);
  assert.match(await hook(page, 'notice'), /the autosaved scenario stopped the app while the page was opening it, so it was set aside/);
  assert.doesNotMatch(await hook(page, 'scenario-title'), /\(3 words\)/, 'the default scenario');
  assert.match(await page.evaluate(() => localStorage.getItem('atwalk.scenario.failed.v1')), /"PSTATE_PAN": false/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
