// dbn_default_run.mjs: a measurement, not a test: the deep belief network page's
// default run in headless Chromium, as a student starts it (the default config, Train),
// polled every 10 s until every stage is done; prints each stage's time and the
// classifiers' and maps' figures, and saves a screenshot of the page at the end.
//   node tests/browser/dbn_default_run.mjs [siteDir=build/web/site] [screenshot=<site>/../dbn_default_run.png]
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, screenshot } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'dbn_default_run.png');

await withLab(site, async ({ page }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await page.evaluate(async () => {
    await lab.send({ cmd: 'init', model: 'dbn' });
    await lab.send({ cmd: 'train' });
  });
  const t0 = Date.now();
  let stage = '';
  const best = {};
  for (;;) {
    await page.waitForTimeout(10000);
    const s = await page.evaluate(async () => ({ status: (await lab.send({ cmd: 'status' })).status, meta: lab.snapshot().meta }));
    const seconds = ((Date.now() - t0) / 1000).toFixed(0);
    Object.assign(best, s.status.metrics);
    if (s.meta.stage !== stage) {
      stage = s.meta.stage;
      console.log(`${seconds} s: stage ${stage}`);
    }
    console.log(`${seconds} s: ${s.status.updates} updates, ${s.status.state}, ${JSON.stringify(s.status.metrics)}`);
    if (s.status.state !== 'training') {
      console.log(`done after ${seconds} s; maps ${JSON.stringify(s.meta.maps)}; finetune ${JSON.stringify(s.meta.finetune)}`);
      break;
    }
    if (Date.now() - t0 > 15 * 60 * 1000) { console.log('stopped after 15 minutes'); break; }
  }
  await screenshot(page, shot);
  console.log(`screenshot ${shot}`);
}, { viewport: { width: 1400, height: 2700 } });
