// Screenshots of a lesson at a laptop's 1366x768 and a projector's 1024x768 with Large type, light
// theme: the lesson's bar, its question above the walk, and a glossary entry open.
//   node tests/browser/lesson-shots.mjs [outdir]   (default docs/screenshots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ready, ROOT, openCleared } from './lib.mjs';

const out = process.argv[2] ?? join(ROOT, 'docs', 'screenshots');
const route = process.env.LESSON ?? 'faults/3';
mkdirSync(out, { recursive: true });
const srv = await serve();
const { context, close } = await launch();

try {
  for (const [w, h, large] of [[1366, 768, false], [1024, 768, true]]) {
    const tag = `${w}x${h}${large ? '-large' : ''}`;
    const page = await context.newPage();
    await page.setViewportSize({ width: w, height: h });
    await page.emulateMedia({ colorScheme: 'light' });
    await openCleared(page, srv.url, `#lesson=${route}`);
    await ready(page);
    if (await page.locator('[data-testid="intro-close"]').count()) await page.click('[data-testid="intro-close"]');
    if (await page.locator('[data-testid="notice"] button').count()) await page.click('[data-testid="notice"] button');
    // The question's second query (AT S1E1W: the fault), at the step that decides it.
    if (await page.locator('#query-pick').count()) await page.selectOption('#query-pick', '1');
    // On a projector the walk takes the room: the machine state's panel closed, as a teacher does.
    if (large) {
      await page.click('[data-testid="large"]');
      await page.click('[data-testid="drawer-toggle"]');
    }
    await page.click('[aria-label="Last step"]');
    await page.click('[data-testid="step-back"]');
    await page.screenshot({ path: join(out, `lesson-${tag}.png`) });
    // A glossary entry, opened from the question.
    await page.locator('[data-testid="lesson-question"] button.term').first().click();
    await page.waitForSelector('[data-testid="glossary"]');
    await page.screenshot({ path: join(out, `glossary-${tag}.png`) });
    await page.close();
    console.log(tag);
  }
} finally {
  await close();
  await srv.close();
}
