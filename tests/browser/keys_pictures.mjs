// keys_pictures.mjs: keyboard shortcuts and pictures out, in headless Chromium.
//   node tests/browser/keys_pictures.mjs [siteDir=build/web/site]
// 2 opens the second tab (the 2-D lab), 1 the first; Space trains and pauses; E opens
// the exercises; a right click on the weight filters offers "Save this picture (PNG)",
// which makes a PNG of them.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { log, check, fail, finish } = testReport('keys_pictures');

const rect = (page, name) => page.evaluate((n) => [0, 1, 2, 3].map((i) =>
  labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], [n, i])), name);

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await page.evaluate(() => { lab.downloads = false; });
  await page.keyboard.press('2');
  await waitFor(page, () => lab.status().model === 'grbm2d', null, { what: 'key 2 to open the 2-D lab' });
  await page.keyboard.press('1');
  await waitFor(page, () => lab.status().model === 'rbm', null, { what: 'key 1 to open the RBM' });
  await page.keyboard.press(' ');
  await waitFor(page, () => lab.status().state === 'training', null, { what: 'Space to train' });
  await page.keyboard.press(' ');
  await waitFor(page, () => lab.status().state === 'paused', null, { what: 'Space again to pause' });
  log('keys 2, 1, Space, Space: the 2-D lab, the RBM, training, paused');
  await page.keyboard.press('e');
  await waitFor(page, () => labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], ['Reset progress', 2]) > 0,
                null, { what: 'key E to open the exercises' });
  await page.keyboard.press('e');

  const f = await rect(page, 'filters');
  check(f[2] > 100, `the filters on screen: ${f}`);
  await page.mouse.click(f[0] + f[2] / 2, f[1] + f[3] / 2, { button: 'right' });
  await waitFor(page, () => labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], ['save picture', 2]) > 0,
                null, { what: 'the picture menu' });
  const s = await rect(page, 'save picture');
  await page.mouse.click(s[0] + s[2] / 2, s[1] + s[3] / 2);
  await waitFor(page, () => !!lab.lastSaved, null, { what: 'the PNG' });
  const pic = await page.evaluate(() => lab.lastSaved);
  log(`saved ${pic.name}, ${pic.bytes} bytes`);
  check(pic.name === 'filters.png' && pic.bytes > 1000, `a PNG of the filters: ${JSON.stringify(pic)}`);
  fail.push(...problems(collector));
});
finish();
