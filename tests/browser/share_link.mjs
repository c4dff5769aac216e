// share_link.mjs: a teacher's link reproduces the settings (RBM, 2-D GRBM, DBN); a malformed link keeps the defaults.
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
