// Shared helpers for the browser tests and the benchmark: a tiny static server for dist/ (optionally
// under a sub-path, gzip-encoded like a real static host) and Debian's Chromium through
// playwright-core. Never `npx playwright install`: the browser is /usr/bin/chromium.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { gzipSync, deflateRawSync } from 'node:zlib';
import { join, extname, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.ATWALK_DIST ?? join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serves `root` at http://127.0.0.1:<port><prefix>; resolves to { url, close, requests }. */
export async function serve(root = DIST, prefix = '/') {
  const requests = [];
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not under ' + prefix);
      return;
    }
    path = path.slice(prefix.length);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      await stat(file);
      let body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if ((req.headers['accept-encoding'] ?? '').includes('gzip')) {
        // Compressed once per file, as a static host serves precompressed files.
        const key = `${file}:${body.length}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Launches headless Debian Chromium with a fresh profile; resolves to { browser, close }. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'atwalk-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
    viewport: { width: 1366, height: 768 },
  });
  return {
    context: browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the full app has taken over from the first screen (src/takeover.rs) and rendered its
 * result: the editors and the teaching layer are then in place.
 */
export async function ready(page) {
  await page.waitForSelector('html[data-app="full"] [data-testid="final-par"]', { timeout: 20000 });
}

/**
 * Waits until the first screen (or the full app after it) has rendered its result (on the page,
 * if hidden: an exercise hides it until the student predicts).
 */
export async function firstReady(page) {
  await page.waitForSelector('[data-testid="final-par"]', { state: 'attached', timeout: 20000 });
}

/**
 * For a test file: the server of dist/ (`env.srv`) and a browser (`env.browser`), started before
 * its tests and closed after them.
 */
export function session() {
  const env = {};
  before(async () => {
    env.srv = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.srv?.close();
  });
  return env;
}

/** A new page of `context` that keeps its uncaught errors in `page.errors`. */
export async function watchedPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/**
 * Clears the app's storage for the server at `url`, then opens `url` + `hash` in `page`. The clear
 * runs on a page of the same origin where the app does not run: the app saves its scenario when its
 * page is hidden, so a clear under a running app would be undone.
 */
export async function openCleared(page, url, hash = '') {
  await page.goto(new URL('no-app-here.txt', url).href);
  await page.evaluate(() => localStorage.clear());
  await page.goto(url + hash);
}

/** A fresh page of `context` (its errors kept, the storage cleared) at `url` + `hash`, the app ready. */
export async function freshPage(context, url, hash = '') {
  const page = await watchedPage(context);
  await openCleared(page, url, hash);
  await ready(page);
  return page;
}

/** The text of a test hook. */
export async function hook(page, id) {
  return (await page.textContent(`[data-testid="${id}"]`))?.trim();
}

/** A share-link fragment for this JSON text, as docs/scenario-format.md defines it. */
export function shareHashOf(json) {
  return '#s=' + deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url');
}

/** The text of a scenario the tests pin exact values of (tests/browser/fixtures/NAME.json). */
export function fixtureText(name) {
  return readFileSync(join(ROOT, 'tests', 'browser', 'fixtures', `${name}.json`), 'utf8');
}

/** Opens fixture `name` in the open page through its share link, and waits until it is on show. */
export async function loadFixture(page, name) {
  const json = fixtureText(name);
  const title = JSON.parse(json).title;
  await page.evaluate((h) => { location.hash = h; }, shareHashOf(json));
  await page.waitForFunction((t) => document.querySelector('[data-testid="scenario-title"]')?.textContent === t, title);
}
