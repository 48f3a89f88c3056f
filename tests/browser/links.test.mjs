// Share links decoded by the browser (index.html's atwalkInflate: atob, DecompressionStream, a fatal
// TextDecoder; src/share.rs): the first render of a page opened with a link is the linked
// scenario, and every bad link names the stage that failed and leaves the scenario as it was,
// on an open page and on a fresh load.
//   node --test tests/browser/links.test.mjs     (after `trunk build --release --offline`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { ready, hook, shareHashOf, fixtureText, watchedPage, session } from './lib.mjs';

const env = session();

/** The fragment of a share link whose data is these bytes, raw-DEFLATE'd. */
const linkOf = (bytes) => '#s=' + deflateRawSync(bytes).toString('base64url');

/** A page that records every scenario title the app shows, from its first render on. */
async function watched() {
  const page = await watchedPage(env.browser.context);
  await page.addInitScript(() => {
    window.titles = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="scenario-title"]')?.textContent;
      if (t !== undefined && window.titles.at(-1) !== t) window.titles.push(t);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  return page;
}

async function noticeSays(page, text) {
  await page.waitForFunction((t) => document.querySelector('[data-testid="notice"]')?.textContent.includes(t), text);
  return hook(page, 'notice');
}

test('a page opened with a share link shows the linked scenario in its first render', async () => {
  const page = await watched();
  const json = fixtureText('pan-blocks-s1e1rp');
  await page.goto(env.srv.url + shareHashOf(json));
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.titles), [JSON.parse(json).title]);
  assert.equal(new URL(page.url()).hash, '');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a corrupt link and one that inflates past 10 MB name the stage; the scenario stays', async () => {
  const page = await watched();
  await page.goto(env.srv.url);
  await ready(page);
  await page.check('[data-testid="pstate-pan"]'); // an edit that must survive
  const title = await hook(page, 'scenario-title');
  const par = await hook(page, 'final-par');
  const good = deflateRawSync(Buffer.from(fixtureText('pan-blocks-s1e1rp')));
  // Each notice differs from the one before it, so that waiting for its text waits for it.
  const bad = [
    // Cut short: the DEFLATE stream never ends.
    ['#s=' + good.subarray(0, good.length >> 1).toString('base64url'), 'not raw DEFLATE data'],
    // 10 MiB and one byte of spaces: about 14,000 characters of link, stopped at the limit.
    [linkOf(Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)), 'more than 10.0 MB'],
    // Not DEFLATE at all: a block type that does not exist.
    ['#s=' + Buffer.from([0xff, 0xff, 0xff, 0xff]).toString('base64url'), 'not raw DEFLATE data'],
    [linkOf(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 'not UTF-8 text'],
    ['#s=abc+def', 'not base64url (the character "+" at 6)'],
    ['#s=abcde', 'not base64url (a length of 5 characters)'],
  ];
  for (const [hash, stage] of bad) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    const notice = await noticeSays(page, stage);
    assert.match(notice, /^share link: .*Your scenario is unchanged\./, hash.slice(0, 40));
    assert.equal(await hook(page, 'scenario-title'), title);
    assert.equal(await hook(page, 'final-par'), par);
    assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), true);
  }
  // On a fresh load: the notice, over the autosaved scenario (never the link's).
  for (const [hash, stage] of bad.slice(0, 3)) {
    await page.goto('about:blank');
    await page.goto(env.srv.url + hash);
    await ready(page);
    assert.match(await noticeSays(page, stage), /^share link: /);
    assert.equal(await hook(page, 'scenario-title'), title);
    assert.equal(await page.isChecked('[data-testid="pstate-pan"]'), true);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});
