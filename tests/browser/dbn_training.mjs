// dbn_training.mjs: the deep belief network's page in headless Chromium.
//   node tests/browser/dbn_training.mjs [siteDir=build/web/site] [screenshot=<site>/../dbn_training.png]
// Through the test hook, a small DBN (784-50-50 on 1,000 digits, its rates and stage
// budgets written here rather than the defaults') goes through its
// stages: fine-tuning asked for before pre-training is refused with what to do; the
// first layer trains while the second waits, then freezes and the second trains;
// the pre-trained and random classifiers fine-tune side by side; then the deep
// autoencoder's, PCA's and t-SNE's maps of 1,000 test digits, with unseen digits
// placed by two of them, until training completes. A click on the PCA map decodes
// that point. Layer sizes of 0 are refused. Screenshot of the whole page.
// Fails on any console error, page error, failed request or request off the origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'dbn_training.png');
const { log, check, fail, finish } = testReport('dbn_training');
const viewport = { width: 1400, height: 2700 };  // the whole page, maps and table included

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const r = await page.evaluate(async () => {
    const out = {};
    out.init = await lab.send({ cmd: 'init', model: 'dbn', config: { layers: '50-50', train_count: 1000, learning_rate: 0.01, finetune_epochs: 2, finetune_min_updates: 0, finetune_batch_size: 100, map_epochs: 1 } });
    out.early = await lab.send({ cmd: 'stage', stage: 'finetune' });
    out.first = await lab.send({ cmd: 'step', count: 30 });
    out.mid = lab.snapshot().meta.stack;
    out.pretrained = await lab.send({ cmd: 'step', count: 70 });
    out.afterPretraining = lab.snapshot().meta;
    out.finetuned = await lab.send({ cmd: 'step', count: 40 });
    out.afterFinetuning = lab.snapshot().meta;
    out.finetuneStatus = (await lab.send({ cmd: 'status' })).status;
    out.rest = await lab.send({ cmd: 'step', count: 2000 });
    out.endStatus = (await lab.send({ cmd: 'status' })).status;
    out.end = lab.snapshot().meta;
    out.samples = Array.from(lab.snapshot().buffers.samples.slice(0, 784));
    out.mapSizes = ['map_autoencoder', 'map_pca', 'map_tsne', 'unseen_pca', 'map_pixels'].map((b) => lab.snapshot().buffers[b].length);
    return out;
  });
  log(`fine-tuning before pre-training: ${r.early.message}`);
  log(`after 30 updates: training layer ${r.mid.training + 1}; after 100: stage ${r.afterPretraining.stage}; ` +
      `after 140: stage ${r.afterFinetuning.stage}, test error pre-trained ${r.finetuneStatus.metrics.test_error_pretrained}, ` +
      `random ${r.finetuneStatus.metrics.test_error_random}`);
  log(`end (${r.endStatus.updates} updates): ${r.rest.message}; maps ${JSON.stringify(r.end.maps)}`);
  check(r.init.ok, `init dbn: ${JSON.stringify(r.init)}`);
  check(!r.early.ok && /Pre-training has not finished \(0 of 2 layers trained\): keep training until every layer/.test(r.early.message),
        `fine-tuning first is refused with what to do: ${r.early.message}`);
  check(r.first.ok && r.first.updates_done === 30 && r.mid.training === 0, `the first layer trains first: ${JSON.stringify(r.mid)}`);
  check(r.pretrained.updates_done === 70 && r.afterPretraining.stack.training === 2 && r.afterPretraining.stage === 'finetune',
        `both layers train, then fine-tuning begins: ${JSON.stringify(r.afterPretraining.stack)}`);
  const m = r.finetuneStatus.metrics;
  check(r.afterFinetuning.stage === 'maps' && JSON.stringify(r.afterFinetuning.finetune.epochs) === '[2,2]',
        `two epochs of each classifier, then the maps: ${JSON.stringify(r.afterFinetuning.finetune)}`);
  check(m.test_error_pretrained >= 0 && m.test_error_pretrained < 0.9 && m.test_error_random >= 0 && m.test_error_random <= 1,
        `both classifiers' test errors: ${m.test_error_pretrained}, ${m.test_error_random}`);
  check(r.rest.ok && r.rest.message === 'training is complete' && r.endStatus.state === 'paused' && r.end.stage === 'done',
        `paused when every stage is done: ${JSON.stringify(r.rest)}`);
  check(r.end.maps.digits === 1000 && r.end.maps.tsne_iteration === 1000, `t-SNE ran its 1,000 iterations on 1,000 digits`);
  check(JSON.stringify(r.mapSizes) === JSON.stringify([2000, 2000, 2000, 16, 784000]), `map buffers: ${r.mapSizes}`);
  const a = r.end.maps.agreement;
  check(a.tsne > a.pca && a.pca > 0.2, `t-SNE keeps neighbourhoods better than PCA: ${JSON.stringify(a)}`);
  check(r.samples.every((x) => x >= 0 && x <= 1), 'ancestral samples are probabilities');

  // A click at the middle of the PCA map decodes that point.
  await waitFor(page, () => labUi._lab_ui_dbn_map_rect(1, 2) > 100, null, { what: 'the maps on screen' });
  const rect = await page.evaluate(() => [0, 1, 2].map((i) => labUi._lab_ui_dbn_map_rect(1, i)));
  const at = { x: rect[0] + rect[2] * 0.5, y: rect[1] + rect[2] * 0.5 };
  await page.mouse.move(at.x, at.y);
  await page.waitForTimeout(150);
  await page.mouse.down();
  await page.waitForTimeout(150);
  await page.mouse.up();
  await waitFor(page, () => { const d = lab.snapshot().meta.decoded; return d && d.map === 'pca'; }, null,
                { what: 'a click on the PCA map decoded' });
  const decoded = await page.evaluate(() => Array.from(lab.snapshot().buffers.decoded));
  check(decoded.length === 784 && decoded.every((x) => x >= 0 && x <= 1), 'the decoded point is a picture of grey levels');

  const zero = await page.evaluate(() => lab.send({ cmd: 'set', config: { layers: '50-0' } }));
  check(!zero.ok && (zero.errors || []).some((e) => e.field === 'layers'), `a layer of 0 is refused: ${JSON.stringify(zero)}`);
  // Hover the autoencoder's map near its centre (the tooltip shows a digit when a dot is under the mouse).
  const ae = await page.evaluate(() => [0, 1, 2].map((i) => labUi._lab_ui_dbn_map_rect(0, i)));
  await page.mouse.move(ae[0] + ae[2] * 0.5, ae[1] + ae[2] * 0.5);
  await page.waitForTimeout(400);
  await screenshot(page, shot);
  log(`screenshot ${shot}`);
  fail.push(...problems(collector));
}, { viewport });

finish();
