// scratch: screenshots at a size. node /tmp/look/look.mjs W H name [hash]
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, screenshot } from '/work/main/tests/browser/harness.mjs';
const [W, H, name, hash] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5]];
await withLab('/work/main/build/web/site', async ({ page }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await page.waitForTimeout(2500);
  await screenshot(page, `/tmp/shots/${name}.png`);
}, { viewport: { width: W, height: H }, hasTouch: W < 600, hash });
