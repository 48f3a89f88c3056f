// Screenshots of an exercise (the question, then the marks) and of the address-space map, at a
// laptop's 1366x768 and a projector's 1024x768 with Large type, light theme.
//   node tests/browser/teach-shots.mjs [outdir]   (default docs/screenshots)
import { mkdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { serve, launch, ready, ROOT, openCleared } from './lib.mjs';

const out = process.argv[2] ?? join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const srv = await serve();
const { context, close } = await launch();

async function open(w, h, large, hash = '') {
  const page = await context.newPage();
  await page.setViewportSize({ width: w, height: h });
  await page.emulateMedia({ colorScheme: 'light' });
  await openCleared(page, srv.url, hash);
  if (hash.startsWith('#ex=')) await page.waitForSelector('[data-testid="exercise"]');
  else await ready(page);
  if (large) await page.click('[data-testid="large"]');
  return page;
}

try {
  for (const [w, h, large] of [[1366, 768, false], [1024, 768, true]]) {
    const tag = `${w}x${h}${large ? '-large' : ''}`;
    // A generated exercise as the student gets it, then marked (a wrong guess: level 2).
    let page = await open(w, h, large, '#ex=faults/easy/7');
    await page.screenshot({ path: join(out, `exercise-${tag}.png`) });
    await page.check('[data-testid="predict-fault"]');
    await page.selectOption('[data-testid="predict-kind"]', { label: 'Permission fault' });
    await page.selectOption('[data-testid="predict-level"]', '2');
    await page.click('[data-testid="predict-check"]');
    await page.click('[data-testid="mark-step"]');
    await page.screenshot({ path: join(out, `exercise-marked-${tag}.png`) });
    await page.close();
    // The map of the preset on AP and the EL1/EL0 matrix, opened under the walk.
    const preset = readFileSync(join(ROOT, 'presets', 'permissions', 'ap.json'));
    page = await open(w, h, large, `#s=${deflateRawSync(preset).toString('base64url')}`);
    if (await page.locator('[data-testid="intro-close"]').count()) await page.click('[data-testid="intro-close"]');
    await page.click('[data-testid="notice"] button');
    await page.click('[data-testid="map"] summary');
    await page.waitForSelector('[data-testid="map-row"]');
    await page.locator('[data-testid="map"]').evaluate((e) => { e.scrollIntoView({ block: 'start' }); window.scrollTo(0, 0); });
    await page.screenshot({ path: join(out, `map-${tag}.png`) });
    await page.close();
    console.log(tag);
  }
} finally {
  await close();
  await srv.close();
}
