// Faults the lab survives (issue 16, item 4), in headless Chromium:
//   node tests/browser/engine_faults.mjs [siteDir=build/web/site] [shots=<site>/../faults]
// 1. The worker is killed (it closes itself: no error event, only silence) and, later,
//    crashes (an uncaught error): the heartbeat or onerror notices, commands are
//    refused, the UI offers a restart; the restart loads the data again and brings
//    back the models the page kept (the VAE and the RBM), weights exact, the RBM active.
// 2. Training diverges: paused, the message, the weights and the data position from
//    before the bad chunk; training goes on after a sane setting.
// 3. The tab is hidden while the RBM trains, then shown (frozen, then resumed: headless
//    Chromium never hides a page): no false "stopped answering", training goes on, and
//    the UI catches up.
// 4. The data fail to load: first the test images (the lab cannot start: "Try again"),
//    then the training images (the lab works on the test set: "Try again"); each
//    retry, once the file is back on the site, carries on.
// Fails on any console error, page error, failed request or off-origin request but
// the ones each fault causes.
import fs from 'node:fs';
import path from 'node:path';
import { withLab, withSiteVariant, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport,
         settledItemRect } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shots = process.argv[3] || path.join(path.dirname(site), 'faults');
const { log, check, fail, finish } = testReport('engine_faults');
const labOptions = { heartbeatMs: 500 };  // silence for 3.5 s counts as stopped

async function click(page, name) {
  const [x, y, w, h] = await settledItemRect(page, name);
  await page.mouse.click(x + w / 2, y + h / 2);
}

// Sum and length of a snapshot buffer of a model: the same weights give the same pictures.
const pictureSum = (page, model, buffer) => page.evaluate(async ([m, b]) => {
  await lab.send({ cmd: 'snapshot' });
  const s = lab.snapshot(m);
  const f = s && s.buffers[b];
  return f ? [f.length, f.reduce((a, x) => a + x, 0)] : null;
}, [model, buffer]);

// Waits for the UI's offer of a restart and the refusal of commands meanwhile.
async function expectStopped(page, what) {
  await waitFor(page, () => lab.status().state === 'error', null, { timeout: 30000, what: `the page to notice (${what})` });
  const r = await page.evaluate(async () => ({ status: lab.status(), step: await lab.send({ cmd: 'step', count: 1 }) }));
  check(!r.step.ok, `${what}: commands are refused while the engine is stopped: ${JSON.stringify(r.step)}`);
  await settledItemRect(page, 'restart');  // the UI offers it
  return r.status;
}

// The page restarts the worker: ready again, then the VAE and the RBM (active) loaded
// back, with the weights they had.
async function expectRestored(page, before, what) {
  await waitForLabReady(page);
  const restored = await page.evaluate(() => lab.restored);
  check(JSON.stringify(restored) === '["vae","rbm"]', `${what}: the kept models are back: ${JSON.stringify(restored)}`);
  const model = await page.evaluate(() => lab.status().model);
  check(model === 'rbm', `${what}: the RBM is active again: ${model}`);
  const rbm = await pictureSum(page, 'rbm', 'filters');
  check(JSON.stringify(rbm) === JSON.stringify(before.rbmFilters),
        `${what}: the RBM's filters are those it had: ${JSON.stringify(rbm)} vs ${JSON.stringify(before.rbmFilters)}`);
  const goOn = await page.evaluate(() => lab.send({ cmd: 'step', count: 20 }));
  check(goOn.ok && goOn.updates_done === 20, `${what}: training goes on after the restart: ${JSON.stringify(goOn)}`);
  // Its copy is the page's again, as the RBM is now.
  await waitFor(page, () => lab.kept().rbm && lab.kept().rbm.updates === lab.status().updates, null,
                { what: `the new copy of the RBM (${what})` });
  before.rbmFilters = await pictureSum(page, 'rbm', 'filters');
}

const engineWorker = (page) => page.workers().find((w) => /lab_worker\.js/.test(w.url()));

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);

  // Two models trained a little: the VAE, then the RBM (active). The page keeps a copy of each.
  const before = await page.evaluate(async () => {
    await lab.send({ cmd: 'use', model: 'vae' });
    await lab.send({ cmd: 'step', count: 30 });
    await lab.send({ cmd: 'use', model: 'rbm' });
    await lab.send({ cmd: 'step', count: 200 });
    return { rbm: { updates: lab.status().updates } };
  });
  await waitFor(page, (u) => lab.kept().rbm && lab.kept().rbm.updates === u && lab.kept().vae, before.rbm.updates,
                { what: 'the copies of the RBM and the VAE' });
  before.rbmFilters = await pictureSum(page, 'rbm', 'filters');
  log('kept:', JSON.stringify(await page.evaluate(() => lab.kept())));

  // 1a. Killed: the worker closes itself; only the heartbeat can tell.
  const t0 = Date.now();
  await engineWorker(page).evaluate(() => self.close());
  const killed = await expectStopped(page, 'killed');
  log(`killed: noticed in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${killed.error}`);
  check(/stopped answering/.test(killed.error), `the message says what happened: ${killed.error}`);
  await screenshot(page, path.join(shots, 'killed.png'));
  await click(page, 'restart');
  await expectRestored(page, before, 'after a kill');

  // 1b. Crashed: an uncaught error in the worker.
  await engineWorker(page).evaluate(() => { setTimeout(() => { throw new Error('a planted fault'); }, 0); });
  const crashed = await expectStopped(page, 'crashed');
  log('crashed:', crashed.error);
  check(/planted fault/.test(crashed.error), `the message carries the error: ${crashed.error}`);
  await click(page, 'restart');
  await expectRestored(page, before, 'after a crash');

  // 2. Divergence: the weights and the data position from before the bad chunk.
  const d = await page.evaluate(async () => {
    const out = { before: lab.status() };
    out.set = await lab.send({ cmd: 'set', config: { learning_rate: 10, weight_decay: 0.5 } });
    out.step = await lab.send({ cmd: 'step', count: 50 });
    out.after = lab.status();
    await lab.send({ cmd: 'snapshot' });
    out.finite = lab.snapshot('rbm').buffers.filters.every(Number.isFinite);
    await lab.send({ cmd: 'set', config: { learning_rate: 0.05, weight_decay: 0.0001 } });
    out.resume = await lab.send({ cmd: 'step', count: 20 });
    return out;
  });
  log('diverged:', d.after.error);
  check(/diverged/.test(d.after.error) && d.after.state === 'paused', `paused with the message: ${d.after.state} ${d.after.error}`);
  // The chunks before the bad one count; the data position is that of the updates kept
  // (minibatches of 20 from the start of the epoch), not that of the update that diverged.
  const diverged = Number(/at update (\d+)/.exec(d.after.error)[1]);
  check(d.after.updates < diverged && d.after.epoch === 0 &&
        d.after.epoch_fraction === d.after.updates * 20 / d.after.train_count,
        `updates and data position from before the bad chunk: ${d.after.updates} updates (diverged at ${diverged}), ` +
        `epoch ${d.after.epoch} + ${d.after.epoch_fraction}`);
  check(d.finite, 'the weights kept are finite');
  check(d.resume.ok && d.resume.updates_done === 20, `training goes on with a sane setting: ${JSON.stringify(d.resume)}`);

  // 3. Hidden, then shown. Headless Chromium keeps every page visible, so the page is
  // frozen instead, as Chrome freezes a background tab (its timers, frames and worker
  // stop), for longer than the heartbeat's patience, then resumed.
  await page.evaluate(() => lab.send({ cmd: 'train' }));
  const hidden0 = await page.evaluate(() => lab.waitFor((s) => s.state === 'training', 10000));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await new Promise((r) => setTimeout(r, 8000));
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  const shown = await page.evaluate(async () => {
    const u0 = lab.status().updates, f0 = labUi._lab_ui_frame_count(), v0 = labUi._lab_ui_snapshot_version();
    await new Promise((r) => setTimeout(r, 5000));  // the heartbeat would have given up by now
    return { status: lab.status(), updates: lab.status().updates - u0, frames: labUi._lab_ui_frame_count() - f0,
             snapshots: labUi._lab_ui_snapshot_version() - v0 };
  });
  log(`frozen 8 s at ${hidden0.updates} updates; then ${shown.updates} updates, ${shown.frames} frames, ` +
      `${shown.snapshots} snapshots in 5 s`);
  check(shown.status.state === 'training', `still training after the freeze, not stopped: ${shown.status.state}`);
  check(shown.updates > 0, 'training goes on once shown');
  check(shown.frames > 5 && shown.snapshots > 0, 'the UI draws and takes snapshots again once shown');
  await page.evaluate(() => lab.send({ cmd: 'pause' }));
  await screenshot(page, path.join(shots, 'shown.png'));

  // The divergence message and the planted crash are meant; nothing else may show.
  fail.push(...problems(collector).filter((p) => !/diverged|planted fault/.test(p)));
}, { labOptions });

// 4. The data fail to load, then come back.
const missing = ['t10k-images-idx3-ubyte.gz', 'train-images-idx3-ubyte.gz'];
const keep = {};
await withSiteVariant(site, (name, bytes) => {
  if (!missing.includes(name)) return bytes;
  keep[name] = bytes;
  return null;
}, (dir) => withLab(dir, async ({ page, collector }) => {
  const putBack = (name) => fs.writeFileSync(path.join(dir, 'data', name), keep[name]);
  await waitFor(page, () => window.lab && lab.status().error, null, { timeout: 60000, what: 'the data error' });
  await waitForLabUi(page);
  await settledItemRect(page, 'restart');
  await screenshot(page, path.join(shots, 'no_test_set.png'));
  log('no test images:', await page.evaluate(() => lab.status().error));
  putBack(missing[0]);
  await click(page, 'restart');
  await waitForLabReady(page);
  await waitFor(page, () => lab.status().error, null, { timeout: 60000, what: 'the training images\' error' });
  const partial = await page.evaluate(async () => ({ status: lab.status(), step: await lab.send({ cmd: 'step', count: 5 }) }));
  log('no training images:', partial.status.error);
  check(partial.status.ready && partial.status.train_pending, 'the lab works on the test set meanwhile');
  await settledItemRect(page, 'restart');
  await screenshot(page, path.join(shots, 'no_training_set.png'));
  putBack(missing[1]);
  await click(page, 'restart');
  await waitFor(page, () => lab.status().ready && !lab.status().train_pending && !lab.status().error, null,
                { timeout: 60000, what: 'the whole data set after Try again' });
  const whole = await page.evaluate(async () => ({ status: lab.status(), step: await lab.send({ cmd: 'step', count: 5 }) }));
  check(whole.status.train_count === 60000, `all the training digits: ${whole.status.train_count}`);
  check(whole.step.ok, `training on them: ${JSON.stringify(whole.step)}`);
  fail.push(...problems(collector).filter((p) => !missing.some((m) => p.includes(m))));
}, { labOptions }));

finish();
