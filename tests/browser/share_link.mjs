// share_link.mjs: a teacher's link reproduces the settings (RBM, 2-D GRBM, DBN); the
// 2-D lab's own points, added by clicks, come back from "Copy link"'s link (more than
// a link holds: the link leaves them out); a malformed link keeps the defaults.
//   node tests/browser/share_link.mjs [siteDir=build/web/site]
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { check, fail, finish } = testReport('share_link');

// Each link is opened in a fresh page, as a student would (no reload mid-download).
await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitFor(page, () => lab.status().config && lab.status().config.hidden === 25, null,
                { what: 'the link\'s settings to be applied' });
  const c = await page.evaluate(() => lab.status().config);
  console.log('from the link:', JSON.stringify(c));
  check(c.learning_rate === 0.1 && c.binarization === 'threshold' && c.persistent === false,
        `the link's settings: ${JSON.stringify(c)}`);
  check(c.momentum === 0.5 && c.batch_size === 20, 'fields absent from the link keep their defaults');
  fail.push(...problems(collector));
}, { hash: 'hidden=25&learning_rate=0.1&binarization=threshold&persistent=false' });

// A link to the 2-D GRBM lab opens that model with its settings.
await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitFor(page, () => lab.status().model === 'grbm2d' && lab.status().config && lab.status().config.hidden === 3,
                null, { what: 'the 2-D GRBM link to be applied' });
  const c = await page.evaluate(() => lab.status().config);
  console.log('2-D GRBM link:', JSON.stringify(c));
  check(c.dataset === 'ring' && c.learning_rate === 0.02, `the GRBM link's settings: ${JSON.stringify(c)}`);
  await waitFor(page, () => labUi._lab_ui_plane_rect(2) > 100, null, { what: 'the 2-D tab to open' });
  fail.push(...problems(collector));
}, { hash: 'model=grbm2d&dataset=ring&hidden=3&learning_rate=0.02' });

// A link to a one-layer DBN with a Gaussian bottom ("layers=300" arrives as a number).
await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitFor(page, () => lab.status().model === 'dbn' && lab.status().config && lab.status().config.layers === '300',
                null, { what: 'the DBN link to be applied' });
  const c = await page.evaluate(() => lab.status().config);
  console.log('DBN link:', JSON.stringify(c));
  check(c.bottom === 'gaussian' && c.finetune_epochs === 3 && c.code_size === 2,
        `the DBN link's settings: ${JSON.stringify(c)}`);
  fail.push(...problems(collector));
}, { hash: 'model=dbn&layers=300&bottom=gaussian&finetune_epochs=3' });

// Points of one's own: clicked onto the plane, put in the link by "Copy link", and
// back, rounded to 0.01, when the link is opened.
const clickItem = async (page, name) => {
  const r = await page.evaluate((n) => [0, 1, 2, 3].map((i) => labUi.ccall('lab_ui_item_rect', 'number',
                                                                           ['string', 'number'], [n, i])), name);
  if (r[2] <= 0) throw new Error(`"${name}" is not on screen`);
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
};
let made = null;
await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitFor(page, () => labUi._lab_ui_plane_rect(2) > 100, null, { what: 'the 2-D tab to open' });
  const rect = await page.evaluate(() => [0, 1, 2].map((i) => labUi._lab_ui_plane_rect(i)));
  const spots = [[0.2, 0.3], [0.7, 0.6], [0.45, 0.8]];
  for (const [fx, fy] of spots) {
    const n = await page.evaluate(() => lab.snapshot().buffers.points.length / 2);
    await page.mouse.click(rect[0] + rect[2] * fx, rect[1] + rect[2] * fy);
    await waitFor(page, (m) => lab.snapshot().buffers.points.length / 2 === m + 1, n, { what: 'a point added by a click' });
  }
  const points = await page.evaluate(() => Array.from(lab.snapshot().buffers.points));
  await clickItem(page, 'Copy link');
  await waitFor(page, () => location.hash.includes('xy='), null, { what: 'the link in the address bar' });
  const hash = await page.evaluate(() => location.hash.slice(1));
  console.log(`link with ${points.length / 2} points (${hash.length} characters): ${hash.slice(0, 120)}...`);
  check(!/dataset=custom/.test(hash) && /hidden=3/.test(hash), `the link has the settings, not "custom": ${hash}`);
  made = { hash, points };

  // More points than a link holds: the link leaves them out (and says so on the page).
  const many = [];
  for (let i = 0; i < 1001; ++i) many.push([(i % 40) * 0.2 - 4, Math.floor(i / 40) * 0.3 - 4]);
  const r = await page.evaluate((p) => lab.send({ cmd: 'points', points: p }), many);
  check(r.ok && r.points === 1001, `1001 points taken: ${JSON.stringify(r)}`);
  await waitFor(page, () => lab.snapshot().buffers.points.length === 2002, null, { what: 'the snapshot with 1001 points' });
  await clickItem(page, 'Copy link');
  await waitFor(page, (h) => location.hash.slice(1) !== h, hash, { what: 'the new link' });
  const big = await page.evaluate(() => location.hash.slice(1));
  check(!big.includes('xy=') && !big.includes('dataset=custom'), `past the limit the link has no points: ${big}`);
  fail.push(...problems(collector));
}, { hash: 'model=grbm2d&dataset=ring&hidden=3' });

if (made) {
  await withLab(site, async ({ page, collector }) => {
    await waitForLabReady(page);
    await waitForLabUi(page);
    await waitFor(page, (n) => lab.status().model === 'grbm2d' && lab.snapshot() && lab.snapshot().meta.model === 'grbm2d' &&
                               lab.snapshot().buffers.points.length === n, made.points.length,
                  { what: 'the link\'s points to be applied' });
    const got = await page.evaluate(() => ({ points: Array.from(lab.snapshot().buffers.points), config: lab.status().config }));
    const worst = Math.max(...got.points.map((v, i) => Math.abs(v - made.points[i])));
    console.log(`points from the link: ${got.points.length / 2}, largest change ${worst.toFixed(4)}; config ${JSON.stringify(got.config)}`);
    check(worst <= 0.0051, `the points come back rounded to 0.01: largest change ${worst}`);
    check(got.config.dataset === 'custom' && got.config.hidden === 3, `custom data, d = 3: ${JSON.stringify(got.config)}`);
    fail.push(...problems(collector));
  }, { hash: made.hash });
}

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await page.waitForTimeout(1000);
  const d = await page.evaluate(() => ({ config: lab.status().config, frames: labUi._lab_ui_frame_count() }));
  console.log('malformed link:', JSON.stringify(d.config));
  check(d.config.hidden === 200 && d.config.learning_rate === 0.05, `a malformed link keeps the defaults: ${JSON.stringify(d.config)}`);
  check(d.frames > 0, 'the page keeps drawing');
  fail.push(...problems(collector));
}, { hash: 'hidden=abc&learning_rate=0.1' });

finish();
