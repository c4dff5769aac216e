// rbm_training.mjs: a student's first minute, in headless Chromium on the built site.
//   node tests/browser/rbm_training.mjs [siteDir=build/web/site] [screenshot=<site>/../rbm_training.png]
// 1. The lab loads; Train at the default settings; updates advance and the
//    reconstruction error falls; the UI keeps drawing frames; screenshot.
// 2. A diverging setting (learning rate 10, weight decay 0.5: W <- -4 W per update)
//    pauses training with a NaN message and keeps finite weights (filters).
// 3. A corrupt data file (truncated test labels) gives a readable message, and the
//    page keeps running.
// Fails on any console error, page error, failed request or request off the origin.
import path from 'node:path';
import zlib from 'node:zlib';
import { withLab, withSiteVariant, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'rbm_training.png');
const { log, check, fail, finish } = testReport('rbm_training');

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const r = await page.evaluate(async () => {
    const frames = () => labUi._lab_ui_frame_count();
    const out = { framesBefore: frames() };
    out.train = await lab.send({ cmd: 'train' });
    await lab.waitFor((s) => Number.isFinite(s.metrics.recon_error), 30000);
    out.first = lab.status();
    await lab.waitFor((s) => s.updates >= out.first.updates + 1500, 120000);
    // Average a few progress events so one noisy chunk does not decide.
    const recent = [];
    await new Promise((resolve) => {
      const off = lab.onEvent((e) => {
        if (e.type === 'progress' && Number.isFinite(e.metrics && e.metrics.recon_error)) recent.push(e.metrics.recon_error);
        if (recent.length >= 5) { off(); resolve(); }
      });
    });
    out.late = recent.reduce((a, b) => a + b, 0) / recent.length;
    out.status = lab.status();
    out.framesAfter = frames();
    return out;
  });
  log(`updates ${r.first.updates} -> ${r.status.updates} (${r.status.updates_per_second?.toFixed(0)}/s), ` +
      `recon error ${r.first.metrics.recon_error.toFixed(1)} -> ${r.late.toFixed(1)}, ` +
      `UI frames ${r.framesBefore} -> ${r.framesAfter}`);
  check(r.train.ok, `train: ${JSON.stringify(r.train)}`);
  check(r.status.state === 'training', `state while training: ${r.status.state}`);
  check(r.status.updates > r.first.updates + 1500, 'updates advance');
  check(r.late < 0.8 * r.first.metrics.recon_error, `reconstruction error falls: ${r.first.metrics.recon_error} -> ${r.late}`);
  // Any steady frame rate will do (headless Chromium on a loaded machine can be slow):
  // the point is that training does not freeze the page.
  check(r.framesAfter >= r.framesBefore + 5, `the UI keeps drawing while training (${r.framesBefore} -> ${r.framesAfter} frames)`);
  await waitFor(page, () => labUi._lab_ui_snapshot_version() >= 3, null, { what: 'snapshots in the UI' });
  await screenshot(page, shot);
  log(`screenshot ${shot}`);

  const d = await page.evaluate(async () => {
    const out = {};
    out.set = await lab.send({ cmd: 'set', config: { learning_rate: 10, weight_decay: 0.5 } });
    await lab.waitFor((s) => s.state === 'paused' && s.error, 60000);
    out.status = lab.status();
    await lab.send({ cmd: 'snapshot' });
    const f = lab.snapshot().buffers.filters;
    out.finite = f.length > 0 && f.every(Number.isFinite);
    out.resume = await lab.send({ cmd: 'set', config: { learning_rate: 0.05, weight_decay: 0.0001 } });
    out.step = await lab.send({ cmd: 'step', count: 20 });
    return out;
  });
  log('diverging run:', d.status.error);
  check(d.set.ok && d.set.applied === 'live', `live set: ${JSON.stringify(d.set)}`);
  check(/NaN/.test(d.status.error), `divergence message: ${d.status.error}`);
  check(d.finite, 'weights kept finite after divergence');
  check(d.resume.ok && d.step.ok && d.step.updates_done === 20,
        `training continues after fixing the setting: ${JSON.stringify([d.resume, d.step])}`);
  // The divergence message is meant for the student; it is not a page error.
  fail.push(...problems(collector).filter((p) => !/diverged/.test(p)));
});

// A corrupt file: a copy of the site whose test labels are cut short by 100 bytes (in a whole .gz).
const truncateLabels = (name, bytes) => (name === 't10k-labels-idx1-ubyte.gz'
  ? zlib.gzipSync(zlib.gunzipSync(bytes).subarray(0, -100)) : bytes);
await withSiteVariant(site, truncateLabels, (corrupt) => withLab(corrupt, async ({ page, collector }) => {
  await waitFor(page, () => window.lab && window.lab.status().error, null, { timeout: 60000, what: 'the data error' });
  await waitForLabUi(page);
  const r = await page.evaluate(async () => {
    const f0 = labUi._lab_ui_frame_count();
    await new Promise((res) => setTimeout(res, 500));
    return { status: lab.status(), framesMoving: labUi._lab_ui_frame_count() > f0,
             reply: await lab.send({ cmd: 'train' }) };
  });
  log('corrupt labels:', r.status.error);
  check(r.status.state === 'error', `state with corrupt data: ${r.status.state}`);
  check(/truncated|corrupt/.test(r.status.error), `message names the problem: ${r.status.error}`);
  check(r.framesMoving, 'the page keeps drawing');
  check(!r.reply.ok, 'commands refused while there is no data');
  fail.push(...problems(collector).filter((p) => !/truncated|corrupt/.test(p)));
}));

finish();
