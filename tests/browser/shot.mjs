// Screenshots of the main screen and of KVM's decision tab at laptop and projector sizes, light
// and dark:
//   node tests/browser/shot.mjs [outdir]   (default docs/screenshots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ready, ROOT } from './lib.mjs';

const out = process.argv[2] ?? join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const srv = await serve();
const { context, close } = await launch();
try {
  for (const [w, h] of [[1366, 768], [1920, 1080]]) {
    for (const scheme of ['light', 'dark']) {
      const page = await context.newPage();
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(srv.url);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await ready(page);
      if (process.env.SHOT_STEP) {
        await page.click('[aria-label="First step"]');
        for (let i = 0; i < Number(process.env.SHOT_STEP); i++) await page.click('[data-testid="step-fwd"]');
      }
      const file = join(out, `main-${w}x${h}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      // KVM's decision tab, stepped to the fourth decision so a current box is outlined.
      await page.click('[data-testid="tab-flow"]');
      await page.click('[aria-label="First step"]');
      for (let i = 0; i < 3; i++) await page.click('[data-testid="step-fwd"]');
      const flow = join(out, `flow-${w}x${h}-${scheme}.png`);
      await page.screenshot({ path: flow });
      console.log(flow);
      await page.close();
    }
  }
} finally {
  await close();
  await srv.close();
}
