// share_link.mjs: a teacher's link reproduces the settings; a malformed link keeps the defaults.
//   node tests/browser/share_link.mjs [siteDir=build/web/site]
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, problems } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const fail = [];
const check = (ok, what) => { if (!ok) fail.push(what); };

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

if (fail.length) {
  console.error('share_link FAILED:\n  ' + fail.join('\n  '));
  process.exit(1);
}
console.log('share_link OK');
