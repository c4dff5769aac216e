// phone_layout.mjs: the lab on a phone-sized touch screen (390 x 844 CSS px).
//   node tests/browser/phone_layout.mjs [siteDir=build/web/site] [screenshot=<site>/../phone_layout.png]
// One column: the 2-D lab's plane is at least 300 px wide; a swipe on the page
// scrolls it (the plane moves up by about the swipe); a tap on Train starts
// training; the folded settings open with a tap. A desktop-sized window keeps its
// two columns (the plane is beside the controls, not under them).
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';
import { touchStroke } from './pad.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'phone_layout.png');
const { log, check, fail, finish } = testReport('phone_layout');

const planeRect = (page) => page.evaluate(() => [0, 1, 2].map((i) => labUi._lab_ui_plane_rect(i)));
const itemRect = (page, name) => page.evaluate((n) => [0, 1, 2, 3].map((i) => labUi.ccall('lab_ui_item_rect', 'number',
                                                                    ['string', 'number'], [n, i])), name);
const swipe = (page, fromY, toY) => touchStroke(page, Array.from({ length: 15 }, (_, i) =>
  ({ x: 200, y: fromY + (toY - fromY) * i / 14 })));
const tap = async (page, r) => {
  const p = { x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 };
  await touchStroke(page, [p, p]);
};

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitFor(page, () => labUi._lab_ui_plane_rect(2) > 0, null, { what: 'the plane on screen' });
  await page.waitForTimeout(500);
  const before = await planeRect(page);
  log(`plane at y ${before[1].toFixed(0)}, ${before[2].toFixed(0)} px wide`);
  check(before[2] >= 300, `the plane is at least 300 px wide on a phone: ${before[2]}`);
  check(before[0] + before[2] <= 390, `the plane fits the screen: x ${before[0]} + ${before[2]}`);
  await screenshot(page, shot);
  log(`screenshot ${shot}`);

  // A swipe up from below the plane scrolls the page: the plane moves up.
  await swipe(page, 800, 450);
  await page.waitForTimeout(300);
  const after = await planeRect(page);
  log(`after a 350 px swipe the plane is at y ${after[1].toFixed(0)}`);
  check(before[1] - after[1] > 200, `a swipe scrolls the page: plane y ${before[1]} -> ${after[1]}`);

  // A tap on Train (the run bar, above the folded settings) starts training.
  await swipe(page, 450, 800);  // back up
  await page.waitForTimeout(300);
  await tap(page, await itemRect(page, 'run bar'));
  await waitFor(page, () => lab.status().state === 'training', null, { what: 'a tap on Train to start training' });
  await tap(page, await itemRect(page, 'run bar'));
  await waitFor(page, () => lab.status().state !== 'training', null, { what: 'a second tap to pause' });

  // The folded settings open with a tap: the plane moves down below them.
  const folded = await planeRect(page);
  await tap(page, await itemRect(page, 'Controls and settings'));
  await waitFor(page, (y) => labUi._lab_ui_plane_rect(1) > y + 200, folded[1], { what: 'the settings to unfold' });
  fail.push(...problems(collector));
}, { hash: 'model=grbm2d&hidden=3', viewport: { width: 390, height: 844 }, hasTouch: true });

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitFor(page, () => labUi._lab_ui_plane_rect(2) > 0, null, { what: 'the plane on screen' });
  const r = await planeRect(page);
  log(`desktop: plane at x ${r[0].toFixed(0)}, ${r[2].toFixed(0)} px`);
  check(r[0] > 300, `on a desktop the plane is beside the controls: x ${r[0]}`);
  fail.push(...problems(collector));
}, { hash: 'model=grbm2d&hidden=3' });

finish();
