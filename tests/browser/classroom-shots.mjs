// Screenshots of the classroom views at a laptop's 1366x768 and a projector's 1024x768 with Large
// type, light theme: the first screen, presenter mode, and a stage 2 walk.
//   node tests/browser/classroom-shots.mjs [outdir]   (default docs/screenshots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ready, loadFixture, ROOT } from './lib.mjs';

const out = process.argv[2] ?? join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const srv = await serve();
const { context, close } = await launch();

async function open(w, h, large) {
  const page = await context.newPage();
  await page.setViewportSize({ width: w, height: h });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(srv.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await ready(page);
  if (large) await page.click('[data-testid="large"]');
  return page;
}

async function steps(page, n) {
  await page.click('[aria-label="First step"]');
  for (let i = 0; i < n; i++) await page.click('[data-testid="step-fwd"]');
}

try {
  for (const [w, h, large] of [[1366, 768, false], [1024, 768, true]]) {
    const tag = `${w}x${h}${large ? '-large' : ''}`;
    // The first screen as a student first sees it.
    let page = await open(w, h, large);
    await page.screenshot({ path: join(out, `first-${tag}.png`) });
    // Presenter mode at the level 2 entry: the arithmetic, the VA's bits, the chain.
    if (await page.locator('[data-testid="intro-close"]').count()) await page.click('[data-testid="intro-close"]');
    await page.click('[data-testid="present"]');
    await steps(page, 16);
    await page.screenshot({ path: join(out, `present-${tag}.png`) });
    await page.close();
    // A stage 2 walk at the level 2 table's stage 2 step, the chain (IPA → PA) in view.
    page = await open(w, h, large);
    if (await page.locator('[data-testid="intro-close"]').count()) await page.click('[data-testid="intro-close"]');
    await loadFixture(page, 'stage2-ipa-not-pa');
    await page.click('[data-testid="notice"] button');
    if (large) await page.click('[data-testid="drawer-toggle"]');
    await steps(page, 15);
    await page.locator('[data-testid="chain-s2"]').nth(1).evaluate((e) => e.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: join(out, `stage2-${tag}.png`) });
    await page.close();
    console.log(tag);
  }
} finally {
  await close();
  await srv.close();
}
