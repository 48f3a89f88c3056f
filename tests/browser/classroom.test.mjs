// The classroom: layouts for every room size, the first screen, the keyboard, the AT selector,
// presenter mode, building a mapping from nothing and address-shaped editing. Release build in
// headless Debian Chromium (playwright-core), as app.test.mjs:
//   node --test tests/browser/classroom.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready, hook, loadFixture, watchedPage, openCleared, session } from './lib.mjs';

const env = session();

/** A fresh page at `w`x`h` on the default scenario, in Large type if `large`. */
async function fresh(w = 1366, h = 768, large = false) {
  const page = await watchedPage(env.browser.context);
  await page.setViewportSize({ width: w, height: h });
  await openCleared(page, env.srv.url);
  await ready(page);
  if (large) await page.click('[data-testid="large"]');
  return page;
}

/** The bounding boxes of the three regions (machine state, walk, result); null for one not shown. */
async function regions(page) {
  return page.evaluate(() => Object.fromEntries(['machine', 'walk', 'result'].map((k) => {
    const e = document.querySelector(`[data-testid="region-${k}"]`);
    if (!e) return [k, null];
    const r = e.getBoundingClientRect();
    return [k, { x: r.x, y: r.y, w: r.width, h: r.height }];
  })));
}

function overlap(a, b) {
  if (!a || !b) return 0;
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0.5 && h > 0.5 ? w * h : 0;
}

/** Elements inside the walk whose content is wider than they are (clipped or scrolling sideways). */
async function clippedInWalk(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid="region-walk"] *')]
    .filter((e) => {
      const s = getComputedStyle(e);
      return e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'visible' && e.clientWidth > 0
        && e.tagName !== 'INPUT' && e.tagName !== 'SELECT' && !e.closest('.sr-only');
    })
    .map((e) => `${e.tagName}.${e.className}`));
}

for (const [w, h, large] of [[1366, 768, false], [1366, 768, true], [1024, 768, false], [1024, 768, true]]) {
  test(`layout at ${w}x${h}${large ? ' with Large type' : ''}: the walk is the widest region, nothing overlaps, the first screen teaches`, async () => {
    const page = await fresh(w, h, large);
    const r = await regions(page);
    assert.ok(r.walk.w >= 0.55 * w, `the walk is ${Math.round(r.walk.w)} px of ${w}`);
    for (const k of ['machine', 'result']) {
      if (r[k]) assert.ok(r[k].w <= r.walk.w + 1, `${k} (${r[k].w} px) is not wider than the walk`);
    }
    assert.equal(overlap(r.machine, r.walk), 0, 'machine state and walk overlap');
    assert.equal(overlap(r.machine, r.result), 0, 'machine state and result overlap');
    assert.equal(overlap(r.walk, r.result), 0, 'walk and result overlap');
    assert.deepEqual(await clippedInWalk(page), []);
    // The toolbar is one line: every row it takes is a row the walk does not get.
    const bar = await page.locator('header.toolbar').boundingBox();
    assert.ok(bar.height < 60, `the toolbar is ${Math.round(bar.height)} px high: more than one line`);
    // The first screen: the introduction, the scenario's notes above the walk, and step 1 in view.
    assert.match(await hook(page, 'intro'), /What you see.*→/s);
    assert.match(await hook(page, 'step-index'), /^step 1 \//);
    const card = await page.locator('[data-testid="step-card"]').boundingBox();
    assert.ok(card.y + 40 < h, `step 1's card starts at ${card.y} px, in view`);
    const notes = await page.locator('[data-testid="scenario-notes"]').boundingBox();
    assert.ok(notes.y < card.y, 'the notes are above the walk');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('presenter mode: the walk and the result alone, stepped by a clicker; Esc leaves', async () => {
  const page = await fresh(1024, 768, true);
  await page.click('[data-testid="present"]');
  const r = await regions(page);
  assert.equal(r.machine, null);
  assert.ok(r.walk.w >= 0.55 * 1024);
  assert.equal(overlap(r.walk, r.result), 0);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  assert.match(await hook(page, 'step-index'), /^step 3 \//);
  await page.keyboard.press('PageUp');
  assert.match(await hook(page, 'step-index'), /^step 2 \//);
  await page.keyboard.press('Escape');
  assert.notEqual((await regions(page)).machine, null);
  await page.close();
});

test('the AT selector shows the walked op after changing an op, adding a query and removing another', async () => {
  const page = await fresh();
  // A scenario of two queries.
  await loadFixture(page, 'plain-4k-walk');
  const walkedOp = async () => {
    await page.click('[aria-label="First step"]');
    return (await hook(page, 'step-sentence')).match(/^AT (\S+)/)[1];
  };
  // Five actions: change query 1's op, add a query (a copy, shown), pick query 2, remove it, look.
  await page.selectOption('#at-op', 'S1E0W');
  await page.click('text=+ query');
  await page.selectOption('#query-pick', '1');
  assert.equal(await page.inputValue('#at-op'), await walkedOp());
  await page.click('text=− query');
  assert.equal(await page.inputValue('#at-op'), await walkedOp());
  await page.selectOption('#query-pick', '0');
  assert.equal(await page.inputValue('#at-op'), await walkedOp());
  await page.selectOption('#query-pick', '1');
  assert.equal(await page.inputValue('#at-op'), await walkedOp());
  await page.close();
});

test('← and → step wherever the focus is, except in a text field; ? lists the keys', async () => {
  const page = await fresh();
  // The skip link is the first thing Tab reaches, and it leads to the walk.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'walk');
  // The walk selector focused.
  await page.focus('[data-source="hw"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.match(await hook(page, 'step-index'), /^step 3 \//);
  assert.equal(await page.getAttribute('[data-source="hw"]', 'aria-pressed'), 'true');
  // A select focused: the speed menu keeps its value, the walk steps.
  await page.focus('#walk-speed');
  const speed = await page.inputValue('#walk-speed');
  await page.keyboard.press('ArrowLeft');
  assert.match(await hook(page, 'step-index'), /^step 2 \//);
  assert.equal(await page.inputValue('#walk-speed'), speed);
  // A text field keeps its keys.
  await page.focus('#at-va');
  await page.keyboard.press('ArrowRight');
  assert.match(await hook(page, 'step-index'), /^step 2 \//);
  // The shortcut list.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('?');
  assert.match(await hook(page, 'help'), /Page Down.*presenter/s);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid="help"]').count(), 0);
  await page.close();
});

test('the presets menu loads only on an explicit choice', async () => {
  const page = await fresh();
  await page.focus('[data-testid="examples"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.match(await hook(page, 'scenario-title'), /4KB walk through four levels/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('[data-testid="scenario-title"]').textContent.includes('four levels'));
  assert.match(await hook(page, 'scenario-title'), /Blocks/);
  assert.match(await hook(page, 'step-index'), /^step 1 \//);
  await page.close();
});

test('side by side: the three walks aligned, KVM\'s difference in a row of its own, a click opens it', async () => {
  const page = await fresh();
  await loadFixture(page, 'non-canonical-va');
  await page.click('[data-testid="tab-compare"]');
  const diff = page.locator('[data-testid="compare"] td.kvmdiffers');
  assert.equal(await diff.count(), 1);
  // Its row has no hardware step.
  assert.equal(await diff.evaluate((td) => td.parentElement.children[0].className), 'none');
  assert.match(await diff.textContent(), /KVM differs here/);
  await diff.locator('button').click();
  assert.equal(await page.getAttribute('[data-source="slow"]', 'aria-pressed'), 'true');
  assert.match(await hook(page, 'step-sentence'), /^KVM differs here/);
  assert.equal(await hook(page, 'kvm-differs-here'), 'KVM differs here');
  await page.close();
});

test('building from nothing: New, then Map this VA, and AT S1E1W gives the page\'s address', async () => {
  const page = await fresh();
  const actions = [];
  const act = async (what, f) => { actions.push(what); await f(); };
  await act('New', () => page.click('[data-testid="new-scenario"]'));
  await act('type the VA', () => page.fill('[data-testid="map-va-va"]', '0x7f123456789a'));
  await act('type the PA', () => page.fill('[data-testid="map-va-pa"]', '0x80345000'));
  await act('Map', () => page.click('[data-testid="map-va-go"]'));
  await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent.includes('Mapped VA'));
  await act('AT S1E1W', () => page.selectOption('#at-op', 'S1E1W'));
  assert.ok(actions.length <= 6, actions.join(', '));
  // The hardware and KVM agree: PA 0x80345000, Normal Write-Back (ATTR 0xff), Inner Shareable.
  assert.equal(await hook(page, 'hw-par'), '0xff00000080345b80');
  assert.equal(await hook(page, 'final-par'), '0xff00000080345b80');
  assert.equal(await page.inputValue('#at-va'), '0x00007f123456789a');
  // The walk created the three tables below the first and the page: four levels.
  assert.equal(await page.locator('.tcard').count(), 4);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('address-shaped editing: an address typed into OA lands as that address; lost bits are reported; encoded fields are menus', async () => {
  const page = await fresh();
  await loadFixture(page, 'plain-4k-walk');
  const row = '[data-at="0x0000000040203b38"]';
  await page.waitForSelector(row, { state: 'attached' });
  await page.$eval(row, (d) => { d.open = true; });
  const oa = '#desc-40203b38-OA';
  assert.equal(await page.inputValue(oa), '0x80345000');
  await page.fill(oa, '0x9abcd000');
  await page.press(oa, 'Enter');
  // The page's address, whole: PAR_EL1.PA is that address; the descriptor's other fields stay.
  assert.equal(await hook(page, 'hw-par'), '0xff0000009abcdb80');
  assert.equal(await page.inputValue('[data-testid="desc-40203b38-raw"]'), '0x006000009abcdf43');
  // Bits below the page are not part of OA: a warning, and the address without them.
  await page.fill(oa, '0x9abcd123');
  await page.press(oa, 'Enter');
  assert.match(await page.locator(`${row} [data-field="OA"] .ferr`).textContent(), /bits \[11:0\] of 0x9abcd123 \(0x123\) are not part of OA/);
  assert.equal(await page.inputValue('[data-testid="desc-40203b38-raw"]'), '0x006000009abcdf43');
  // Too large for OA: refused.
  await page.fill(oa, '0x1000000000000');
  await page.press(oa, 'Enter');
  assert.match(await page.locator(`${row} [data-field="OA"] .ferr`).textContent(), /does not fit/);
  assert.equal(await hook(page, 'hw-par'), '0xff0000009abcdb80');
  // AP is a menu that says what each value means; the 4KB descriptor shows no OA_52.
  assert.match(await page.locator(`${row} [data-field="AP"] select`).textContent(), /EL1 and EL0 read\/write/);
  assert.equal(await page.locator(`${row} [data-field="OA_52"]`).count(), 0);
  // TCR_EL1 lists the fields the walk uses first: T0SZ before the folded MTX1.
  const tcr = await page.locator('[data-reg="TCR_EL1"] .word > .field').evaluateAll((fs) => fs.map((f) => f.dataset.field));
  assert.equal(tcr[1], 'T0SZ');
  assert.ok(!tcr.includes('MTX1'));
  await page.close();
});

test('the whole walk drawn: stage 2 in the chain, the entry address as arithmetic, PAR_EL1 composed, the shadow stage 2 miss explained', async () => {
  const page = await fresh();
  await loadFixture(page, 'plain-4k-walk');
  // The plain walk: the chain is drawn from step 1 (dimmed ahead), entries as arithmetic.
  assert.equal(await page.locator('.chain .node.ahead').count() >= 5, true);
  assert.match(await page.locator('.chain .node.table').first().textContent(), /0x40200000 \+ 254 × 8 = 0x402007f0/);
  // The last step: PAR_EL1 from its sources.
  await page.click('[aria-label="Last step"]');
  const par = page.locator('figure.pcompose');
  assert.match(await par.textContent(), /MAIR_EL1\.Attr0 = 0xff/);
  assert.match(await par.textContent(), /0x89a is dropped/);
  assert.match(await par.textContent(), /descriptor's SH = 0b11: Inner Shareable/);
  // Stage 2: each table's IPA → PA in the chain.
  await loadFixture(page, 'stage2-ipa-not-pa');
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]').textContent.includes('Stage 2'));
  const s2 = await page.locator('[data-testid="chain-s2"]').allTextContents();
  assert.deepEqual(s2, [
    'stage 2: IPA 0x402008a0 → PA 0xc02008a0',
    'stage 2: IPA 0x40201488 → PA 0xc0201488',
    'stage 2: IPA 0x40202a28 → PA 0xc0202a28',
  ]);
  // The fast path's shadow miss, in words.
  await loadFixture(page, 'shadow-miss-slow-path');
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]').textContent.toLowerCase().includes('shadow'));
  await page.click('[data-source="fast"]');
  await page.click('[aria-label="Last step"]');
  for (let i = 0; i < 40; i++) {
    if (await page.locator('[data-testid="step-note"]').count()) break;
    await page.click('[data-testid="step-back"]');
  }
  assert.match(await hook(page, 'step-note'), /KVM's shadow stage 2 has no page for 0x40202000/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('stage 2 walks step like the stage 1 walk when unfolded', async () => {
  const page = await fresh();
  await loadFixture(page, 'stage2-ipa-not-pa');
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-title"]').textContent.includes('Stage 2'));
  const total = Number((await hook(page, 'step-index')).split('/')[1]);
  await page.click('[data-testid="s2-steps"]');
  const unfolded = Number((await hook(page, 'step-index')).split('/')[1]);
  assert.ok(unfolded > total + 20, `${unfolded} > ${total} + 20`);
  // Step until a stage 2 step is on show.
  for (let i = 0; i < 40; i++) {
    if ((await page.locator('[data-testid="step-card"] > header .where').textContent()).includes('inside the stage 2 walk')) break;
    await page.keyboard.press('ArrowRight');
  }
  assert.match(await page.locator('[data-testid="step-card"] > header .where').textContent(), /stage 2.*inside the stage 2 walk/);
  await page.close();
});
