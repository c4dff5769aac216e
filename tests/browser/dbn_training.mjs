// dbn_training.mjs: the deep belief network's page in headless Chromium.
//   node tests/browser/dbn_training.mjs [siteDir=build/web/site] [screenshot=<site>/../dbn_training.png]
// Through the test hook, a small DBN (784-50-50) pre-trains greedily: the first
// layer trains while the second waits, then freezes and the second trains; its
// reconstruction errors are reported per layer; ancestral samples reach the page;
// layer sizes of 0 are refused with a message. Screenshot.
// Fails on any console error, page error, failed request or request off the origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'dbn_training.png');
const { log, check, fail, finish } = testReport('dbn_training');

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const r = await page.evaluate(async () => {
    const out = {};
    out.init = await lab.send({ cmd: 'init', model: 'dbn', config: { layers: '50-50', train_count: 1000 } });
    out.first = await lab.send({ cmd: 'step', count: 30 });
    out.mid = lab.snapshot().meta.stack;
    out.midStatus = (await lab.send({ cmd: 'status' })).status;
    out.rest = await lab.send({ cmd: 'step', count: 1000 });
    out.end = lab.snapshot().meta.stack;
    out.endStatus = (await lab.send({ cmd: 'status' })).status;
    out.samples = lab.snapshot().buffers.samples;
    out.zero = await lab.send({ cmd: 'set', config: { layers: '50-0' } });
    return { ...out, samples: out.samples ? Array.from(out.samples.slice(0, 784)) : null };
  });
  log(`after 30 updates: training layer ${r.mid.training + 1}; after ${r.endStatus.updates}: ` +
      `${r.rest.message}; test recon errors ${JSON.stringify(r.endStatus.metrics)}`);
  check(r.init.ok, `init dbn: ${JSON.stringify(r.init)}`);
  check(r.first.ok && r.first.updates_done === 30 && r.mid.training === 0, `the first layer trains first: ${JSON.stringify(r.mid)}`);
  check(r.rest.ok && r.rest.updates_done === 70 && r.end.training === 2, `both layers train, then it stops: ${JSON.stringify(r.rest)}`);
  check(r.endStatus.state === 'paused', `paused when pre-training is complete: ${r.endStatus.state}`);
  check(Number.isFinite(r.endStatus.metrics.test_recon_layer_1) && Number.isFinite(r.endStatus.metrics.test_recon_layer_2),
        'per-layer reconstruction errors');
  check(r.samples && r.samples.every((x) => x >= 0 && x <= 1), 'ancestral samples are probabilities');
  check(!r.zero.ok && (r.zero.errors || []).some((e) => e.field === 'layers'), `a layer of 0 is refused: ${JSON.stringify(r.zero)}`);
  await waitFor(page, () => labUi._lab_ui_snapshot_version() >= 2, null, { what: 'DBN snapshots in the UI' });
  await page.waitForTimeout(300);
  await screenshot(page, shot);
  log(`screenshot ${shot}`);
  fail.push(...problems(collector));
});

finish();
