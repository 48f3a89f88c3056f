// Ad-hoc look at one element (development aid): node tests/browser/peek.mjs <selector> <out.png> [w h] [large]
import { serve, launch, ready } from './lib.mjs';
const [sel, out, w = 1366, h = 768, large] = process.argv.slice(2);
const srv = await serve();
const { context, close } = await launch();
try {
  const page = await context.newPage();
  await page.setViewportSize({ width: Number(w), height: Number(h) });
  await page.goto(srv.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await ready(page);
  if (large) await page.click('[data-testid="large"]');
  if (process.env.PEEK_JS) await page.evaluate(process.env.PEEK_JS);
  await page.waitForTimeout(200);
  if (sel === 'page') await page.screenshot({ path: out });
  else await page.locator(sel).first().screenshot({ path: out });
} finally {
  await close();
  await srv.close();
}
