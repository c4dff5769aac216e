// dbm_tab.mjs: the deep Boltzmann machine tab's default run in headless Chromium, as a
// student drives it: the page opened on the tab (#model=dbm), Train, polled until the
// run pauses by itself; the test digit stepped with the input's "+" button; "Measure
// the bound (AIS)" clicked. Checks, and saves a screenshot:
//   - the stages came in order (pre-training each layer, joint) and the run paused at
//     "done", within kMaxSeconds;
//   - the DBM's chains and the DBN's samples are probabilities, and the chains differ
//     from one another (they are not one stuck picture);
//   - the mean field of the probed digit settles (its last round changes less than its
//     first, and little);
//   - both reconstruction curves exist, and the joined DBM rebuilds test digits far
//     better than the pixels' mean would;
//   - the "+" clicks moved the probe to test digit 3;
//   - AIS reported progress, then a negative bound with its range;
//   - a drawing (test digit 3's grey levels, sent as the pad sends it) gets the DBM's
//     mean field and the DBN's reconstruction, and "your drawing instead" shows it;
//   - no page error.
//   node tests/browser/dbm_tab.mjs [siteDir=build/web/site] [screenshot=<site>/../dbm_tab.png]
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitForTrainingSet, waitFor, settledItemRect, screenshot, problems,
         testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'dbm_tab.png');
const { log, check, fail, finish } = testReport('dbm_tab');
const kMaxSeconds = 180;

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await waitForTrainingSet(page);
  await page.evaluate(() => {
    window.__busy = [];
    lab.onEvent((e) => { if (e.type === 'busy') window.__busy.push({ task: e.task, fraction: e.fraction }); });
  });
  const started = await page.evaluate(() => lab.send({ cmd: 'train' }));
  check(started.ok, `train: ${JSON.stringify(started)}`);
  const t0 = Date.now();
  const seconds = () => (Date.now() - t0) / 1000;
  const stages = [];
  let status = null, meta = null;
  for (;;) {
    await page.waitForTimeout(2000);
    const s = await page.evaluate(async () => ({ status: (await lab.send({ cmd: 'status' })).status,
                                                 meta: (lab.snapshot('dbm') || {}).meta || {} }));
    status = s.status;
    meta = s.meta;
    if (meta.stage && stages[stages.length - 1] !== meta.stage) {
      stages.push(meta.stage);
      log(`stage ${meta.stage} at ${seconds().toFixed(0)} s`);
    }
    if (status.state !== 'training' || seconds() > 2 * kMaxSeconds) break;
  }
  const total = seconds();
  const m = status.metrics;
  log(`done after ${total.toFixed(0)} s: ${JSON.stringify(m)}; dbm ${JSON.stringify(meta.dbm)}, dbn ${JSON.stringify(meta.dbn)}`);
  check(status.model === 'dbm', `the DBM tab's model ran (${status.model})`);
  check(meta.stage === 'done' && status.state === 'paused', `paused when done: ${meta.stage}, ${status.state}`);
  check(['pretrain_top', 'joint', 'done'].every((k) => stages.includes(k)) &&
        stages.indexOf('joint') < stages.indexOf('done'), `the stages in order: ${stages}`);
  check(total < kMaxSeconds, `the default run took ${total.toFixed(0)} s (at most ${kMaxSeconds})`);

  const b = await page.evaluate(() => {
    const s = lab.snapshot('dbm').buffers;
    const pick = (n) => (s[n] ? Array.from(s[n]) : []);
    return { samples: pick('samples'), dbn: pick('dbn_samples'), change: lab.snapshot('dbm').meta.mean_field.change };
  });
  const unit = (a) => a.length > 0 && a.every((x) => x >= 0 && x <= 1);
  check(b.samples.length === 784 * 16 && unit(b.samples), `the DBM's 16 chains are probabilities (${b.samples.length})`);
  check(b.dbn.length === 784 * 16 && unit(b.dbn), `the DBN's 16 samples are probabilities (${b.dbn.length})`);
  let apart = 0;
  for (let i = 1; i < 16; ++i)
    for (let p = 0; p < 784; ++p) apart += Math.abs(b.samples[i * 784 + p] - b.samples[p]) / (15 * 784);
  log(`mean difference of chains 1..15 from chain 0: ${apart.toFixed(3)}; mean-field changes ${b.change.map((x) => x.toPrecision(2))}`);
  check(apart > 0.03, `the chains differ from one another (${apart.toFixed(3)})`);
  const last = b.change[b.change.length - 1];
  check(b.change.length === 20 && last < b.change[0] && last < 0.01, `the mean field settles (${b.change[0]} -> ${last})`);
  // The pixels' mean rebuilds a binarised MNIST test digit with a squared error of about 64.
  check(m.test_recon_dbm > 0 && m.test_recon_dbm < 45, `the DBM rebuilds test digits (${m.test_recon_dbm})`);
  check(m.test_recon_dbn > 0 && m.test_recon_dbn < 45, `the DBN rebuilds test digits (${m.test_recon_dbn})`);

  // The test digit's "+" (the input's right end), three times.
  const d = await settledItemRect(page, 'dbm_digit');
  for (let i = 0; i < 3; ++i) {
    await page.mouse.click(d[0] + d[2] - d[3] / 2, d[1] + d[3] / 2);
    await page.waitForTimeout(150);
  }
  await waitFor(page, () => (lab.snapshot('dbm').meta.probe || {}).index === 3, null, { what: 'the probe at digit 3' });

  const a = await settledItemRect(page, 'dbm_ais');
  await page.mouse.click(a[0] + a[2] / 2, a[1] + a[3] / 2);
  await waitFor(page, () => Number.isFinite(lab.status().metrics.ais_bound), null,
                { timeout: 240000, what: 'the bound by AIS' });
  await page.mouse.move(5, 790);
  await page.waitForTimeout(500);
  const out = await page.evaluate(() => ({ m: lab.status().metrics, busy: window.__busy, state: lab.status().state }));
  await screenshot(page, shot);
  const ais = out.busy.filter((e) => e.task === 'ais_bound');
  log(`bound ${out.m.ais_bound} (${out.m.ais_bound_low} to ${out.m.ais_bound_high}), log Z ${out.m.ais_log_partition}; ` +
      `${ais.length} busy events`);
  check(ais.some((e) => e.fraction > 0 && e.fraction < 1), `AIS reported its progress (${ais.length} busy events)`);
  check(out.m.ais_bound < 0 && out.m.ais_bound > -400, `a plausible bound (${out.m.ais_bound})`);
  check(!(out.m.ais_bound_low > out.m.ais_bound) && !(out.m.ais_bound_high < out.m.ais_bound), 'the bound within its range');
  check(out.state !== 'error', `the lab still works (${out.state})`);

  const drawn = await page.evaluate(async () => {
    let names = null;
    const off = lab.onEvent((ev) => {
      if (ev.type === 'drawing' && !ev.cleared) names = (ev.buffers || []).map((b) => b.name);
    });
    const pixels = Array.from(lab.snapshot('dbm').buffers.probe);
    const r = await lab.send({ cmd: 'drawing', pixels });
    for (let i = 0; i < 50 && !names; ++i) await new Promise((ok) => setTimeout(ok, 100));
    off();
    return { ok: r.ok, names };
  });
  check(drawn.ok && drawn.names && ['dbm/mean_field', 'dbm/mean_field_h1', 'dbm/dbn_reconstruction', 'dbm/probe']
    .every((n) => drawn.names.includes(n)), `the DBM answers a drawing: ${JSON.stringify(drawn.names)}`);
  const box = await settledItemRect(page, 'dbm_drawing');
  await page.mouse.click(box[0] + box[3] / 2, box[1] + box[3] / 2);
  await page.waitForTimeout(500);
  await screenshot(page, shot.replace(/\.png$/, '_drawing.png'));
  fail.push(...problems(collector));
}, { hash: 'model=dbm' });
finish();
