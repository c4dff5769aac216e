// dbn_default_run.mjs: the deep belief network page's default run in headless Chromium,
// as a student starts it (the default config, Train), polled every 5 s until it pauses
// by itself. Prints each stage's seconds and the figures, saves a screenshot, and checks
// the lesson and its pace:
//   - every stage ran (pre-training, fine-tuning, the maps) and the run paused at "done";
//   - the whole run took under kMaxSeconds (about a minute on 2 idle cores; the bound
//     leaves room for a busy machine, and still catches the old seven-minute default);
//   - the pre-trained classifier is clearly ahead of the randomly initialised one
//     (test error on the page's 500 test digits, at least kLead lower);
//   - the maps separate the digits: the autoencoder's and t-SNE's 10-nearest-neighbour
//     label agreement on the 1,000 map digits well above PCA's;
//   - the ancestral samples are probabilities, and the page logged no error.
//   node tests/browser/dbn_default_run.mjs [siteDir=build/web/site] [screenshot=<site>/../dbn_default_run.png]
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitForTrainingSet, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'dbn_default_run.png');
const { log, check, fail, finish } = testReport('dbn_default_run');
const kMaxSeconds = 150;
const kLead = 0.02;

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitForTrainingSet(page);
  const init = await page.evaluate(async () => {
    const r = await lab.send({ cmd: 'init', model: 'dbn' });
    await lab.send({ cmd: 'train' });
    return r;
  });
  check(init.ok, `init dbn: ${JSON.stringify(init)}`);
  log(`default config ${JSON.stringify(init.config)}`);
  const t0 = Date.now();
  const seconds = () => (Date.now() - t0) / 1000;
  let stage = 'pretrain', stageStart = 0, status = null, meta = null;
  const stageSeconds = {};
  for (;;) {
    await page.waitForTimeout(5000);
    const s = await page.evaluate(async () => ({ status: (await lab.send({ cmd: 'status' })).status, meta: lab.snapshot().meta }));
    status = s.status;
    meta = s.meta;
    if (meta.stage !== stage) {
      stageSeconds[stage] = +(seconds() - stageStart).toFixed(0);
      log(`stage ${meta.stage} after ${stage} took about ${stageSeconds[stage]} s (polled every 5 s)`);
      stage = meta.stage;
      stageStart = seconds();
    }
    if (status.state !== 'training') break;
    if (seconds() > 2 * kMaxSeconds) { log(`stopped after ${seconds().toFixed(0)} s`); break; }
  }
  const total = seconds();
  const m = status.metrics;
  const a = (meta.maps || {}).agreement || {};
  log(`done after ${total.toFixed(0)} s: stages ${JSON.stringify(stageSeconds)}, test error pre-trained ` +
      `${m.test_error_pretrained}, random ${m.test_error_random}; maps ${JSON.stringify(meta.maps)}`);
  check(meta.stage === 'done' && status.state === 'paused', `the run paused when every stage was done: ${meta.stage}, ${status.state}`);
  check(['pretrain', 'finetune', 'maps'].every((k) => k in stageSeconds), `every stage ran: ${JSON.stringify(stageSeconds)}`);
  check(total < kMaxSeconds, `the default run took ${total.toFixed(0)} s (at most ${kMaxSeconds})`);
  check(m.test_error_pretrained >= 0 && m.test_error_pretrained < 0.12,
        `the pre-trained classifier has learnt: test error ${m.test_error_pretrained}`);
  check(m.test_error_random - m.test_error_pretrained >= kLead,
        `the pre-trained classifier is clearly ahead: ${m.test_error_pretrained} against random ${m.test_error_random}`);
  check(meta.maps && meta.maps.digits === 1000 && meta.maps.tsne_iteration === meta.maps.tsne_iterations,
        `t-SNE finished on the 1,000 map digits: ${JSON.stringify(meta.maps)}`);
  check(a.autoencoder > a.pca + 0.06,
        `the autoencoder's map separates the digits better than PCA's: ${JSON.stringify(a)}`);
  check(a.tsne > 0.65 && a.tsne > a.pca + 0.2, `t-SNE's map separates the digits: ${JSON.stringify(a)}`);
  const samples = await page.evaluate(() => Array.from(lab.snapshot().buffers.samples || []));
  check(samples.length === 784 * 16 && samples.every((x) => x >= 0 && x <= 1), 'ancestral samples are probabilities');
  const mean = samples.reduce((x, y) => x + y, 0) / Math.max(1, samples.length);
  log(`ancestral samples: mean pixel ${mean.toFixed(3)} (MNIST's: 0.13)`);
  await screenshot(page, shot);
  log(`screenshot ${shot}`);
  fail.push(...problems(collector));
}, { viewport: { width: 1400, height: 2700 } });

finish();
