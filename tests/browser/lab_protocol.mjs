// lab_protocol.mjs: the worker protocol in the real page (Chromium), through the
// test hook window.lab (web/lab.js): load progress, ready, commands and replies,
// training in chunks while the UI renders, snapshots reaching the UI module
// (bridge.cpp), a prompt pause, refusals; lab.js's busy and engine-stop handling
// (on a fake worker); then the same page without its data files, which must show
// the error (window.lab.status().error, the page line).
//   node tests/browser/lab_protocol.mjs [siteDir=build/web/site]
import path from 'node:path';
import { withLab, withSiteVariant, waitForLabUi, waitForLabReady, waitForTrainingSet, waitFor, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { log, check, fail, finish } = testReport('lab_protocol');

await withLab(site, async ({ page, collector }) => {
  const ready = await waitForLabReady(page);
  log('ready:', JSON.stringify({ train: ready.train_count, test: ready.test_count }));
  await waitForTrainingSet(page);  // (data_loading.mjs: what works before)
  await waitForLabUi(page);
  const r = await page.evaluate(async () => {
    const out = {};
    const s0 = lab.status();
    out.loads = s0.loads;
    out.stateAtReady = s0.state;
    out.bad = await lab.send({ cmd: 'set', config: { hidden: 'many', momentum: 2 } });
    out.unknown = await lab.send({ cmd: 'fly' });
    out.exactRefused = await lab.send({ cmd: 'exact_ll' });
    out.set = await lab.send({ cmd: 'set', config: { hidden: 100, batch_size: 50 } });
    out.train = await lab.send({ cmd: 'train' });
    const t = performance.now();
    await lab.waitFor((s) => s.updates >= 600, 60000);
    out.trainMs = performance.now() - t;
    const tp = performance.now();
    out.pause = await lab.send({ cmd: 'pause' });
    out.pauseMs = performance.now() - tp;
    out.status = lab.status();
    out.probe = await lab.send({ cmd: 'hidden_probs', index: 3 });
    const snap = lab.snapshot();
    out.snapshot = { probe: snap.meta.probe, buffers: snap.meta.buffers,
                     lengths: Object.fromEntries(Object.entries(snap.buffers).map(([k, v]) => [k, v.length])),
                     float32: Object.values(snap.buffers).every((b) => b instanceof Float32Array) };
    // Paused, nothing changes: another snapshot sends no buffer again (protocol.hpp, 5),
    // and the page keeps every one (lab.snapshot(), the UI module).
    out.before = Object.keys(lab.snapshot().buffers).sort();
    const seen = [];
    const off = lab.onEvent((e, buffers) => {
      if (e.type === 'snapshot') seen.push({ sent: e.buffers.map((b) => b.name), kept: e.kept.map((b) => b.name), arrays: buffers.length });
    });
    out.again = await lab.send({ cmd: 'snapshot' });
    off();
    out.seen = seen;
    out.after = Object.keys(lab.snapshot().buffers).sort();
    out.step = await lab.send({ cmd: 'step', count: 25 });
    out.ui = { events: labUi._lab_ui_events_received(), bad: labUi._lab_ui_bad_events(),
               snapshots: labUi._lab_ui_snapshot_version() };
    return out;
  });
  log(`600 updates (784x100, batch 50) in ${(r.trainMs / 1000).toFixed(1)} s while the UI renders; ` +
      `${r.status.updates_per_second?.toFixed(0)} updates/s in chunks; pause answered in ${r.pauseMs.toFixed(0)} ms`);
  log('metrics:', JSON.stringify(r.status.metrics));
  log('UI module took in:', JSON.stringify(r.ui));

  for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    const l = r.loads[f];
    check(l && l.total > 0 && l.loaded === l.total, `load progress for ${f}: ${JSON.stringify(l)}`);
  }
  check(r.stateAtReady === 'idle' || r.stateAtReady === 'loading', `state at ready: ${r.stateAtReady}`);
  check(!r.bad.ok && r.bad.errors.some((e) => e.field === 'hidden') && r.bad.errors.some((e) => e.field === 'momentum'),
        `bad set refused per field: ${JSON.stringify(r.bad)}`);
  check(!r.unknown.ok && /unknown command/.test(r.unknown.message), `unknown command: ${JSON.stringify(r.unknown)}`);
  check(!r.exactRefused.ok, 'exact_ll refused at 200 hidden units');
  check(r.set.ok && r.set.applied === 'reset', `structural set: ${JSON.stringify(r.set)}`);
  check(r.train.ok, 'train');
  // Not a timing test (shared machines are noisy): only that pause is answered before training would end.
  check(r.pause.ok && r.pauseMs < 5000, `pause answered (${r.pauseMs} ms)`);
  check(r.status.state === 'paused', `state after pause: ${r.status.state}`);
  for (const k of ['recon_error', 'free_energy_train', 'free_energy_test', 'free_energy_gap', 'pseudo_likelihood']) {
    check(Number.isFinite(r.status.metrics[k]), `metric ${k}`);
  }
  check(r.probe.ok && r.snapshot.probe.index === 3, `hidden_probs: ${JSON.stringify(r.probe)}`);
  check(r.snapshot.float32, 'snapshot buffers are Float32Arrays');
  for (const b of r.snapshot.buffers) check(r.snapshot.lengths[b.name] === b.rows * b.cols, `buffer ${b.name} size`);
  check(r.snapshot.lengths.filters === 784 * 100 && r.snapshot.lengths.hidden_probs === 100, 'filters/hidden_probs sizes');
  check(r.again.ok && r.seen.length === 1 && r.seen[0].sent.length === 0 && r.seen[0].arrays === 0 &&
        r.seen[0].kept.length === r.before.length, `an unchanged snapshot sends nothing again: ${JSON.stringify(r.seen)}`);
  check(JSON.stringify(r.after) === JSON.stringify(r.before), `the page keeps every buffer: ${r.before} / ${r.after}`);
  check(r.step.ok && r.step.updates_done === 25, `step: ${JSON.stringify(r.step)}`);
  check(r.ui.events > 20 && r.ui.bad === 0 && r.ui.snapshots >= 2, `UI bridge: ${JSON.stringify(r.ui)}`);

  // lab.js alone, on a scripted fake worker: busy follows the busy events (replies do
  // not clear it), and when the engine stops (progress state error) every command
  // still waiting is answered ok:false with the error, instead of hanging.
  const f = await page.evaluate(async () => {
    const real = { lab: window.lab, Worker: window.Worker, labPage: window.labPage };
    let fake = null;
    window.Worker = class { constructor() { fake = this; } postMessage() {} terminate() {} };
    window.labPage = {};  // keep the real page's status line out of it
    try {
      await new Promise((resolve, reject) => {  // a second copy of lab.js (the CSP allows no eval)
        const script = document.createElement('script');
        script.src = 'web/lab.js?copy';
        script.onload = resolve;
        script.onerror = () => reject(new Error('web/lab.js did not load'));
        document.head.appendChild(script);
      });
      const copy = window.lab;
      const emit = (e) => fake.onmessage({ data: { event: JSON.stringify({ v: 1, ...e }) } });
      const progress = (state) => ({ type: 'progress', state, model: 'rbm', run: 0, epoch: 0, updates: 0,
                                      epoch_fraction: 0, metrics: {} });
      const out = {};
      emit({ type: 'ready', config: {}, train_count: 1, test_count: 1 });
      const exact = copy.send({ cmd: 'exact_ll' });   // id 1: never answered by the fake
      const status = copy.send({ cmd: 'status' });    // id 2
      emit({ type: 'busy', task: 'exact_log_likelihood', fraction: 0.5, message: 'summing: 50%' });
      emit({ type: 'reply', id: 2, ok: true });
      out.status = await status;
      out.busyAfterReply = copy.status().busy;
      emit({ type: 'busy', task: 'exact_log_likelihood', fraction: 1, message: '' });
      out.busyAfterEnd = copy.status().busy;
      emit({ type: 'busy', task: 'exact_log_likelihood', fraction: 0.1, message: 'summing: 10%' });
      emit({ type: 'error', message: 'the engine aborted' });
      emit(progress('error'));
      out.exact = await Promise.race([exact, new Promise((res) => setTimeout(() => res('hung'), 2000))]);
      out.busyAfterError = copy.status().busy;
      return out;
    } finally {
      Object.assign(window, real);
    }
  });
  check(f.status.ok && f.busyAfterReply === 'summing: 50%', `busy survives an unrelated reply: ${JSON.stringify(f)}`);
  check(f.busyAfterEnd === null, `busy ends with an empty busy message: ${JSON.stringify(f)}`);
  check(f.exact !== 'hung' && f.exact.ok === false && f.exact.id === 1 && f.exact.message === 'the engine aborted',
        `a pending command is refused when the engine stops: ${JSON.stringify(f.exact)}`);
  check(f.busyAfterError === null, `busy cleared when the engine stops: ${JSON.stringify(f)}`);
  fail.push(...problems(collector));
});

// The same page without data/: a readable error, on the page and in status().
await withSiteVariant(site, () => null, (bare) => withLab(bare, async ({ page }) => {
  await waitFor(page, () => window.lab && window.lab.status().error, null, { timeout: 60000, what: 'the load error' });
  const r = await page.evaluate(async () => ({
    status: lab.status(),
    line: document.getElementById('status').textContent,
    uiShowsIt: window.labPage.uiReady,  // once the UI draws, its own error page shows the message
    reply: await lab.send({ cmd: 'train' }),
    ready: await lab.ready.then(() => 'resolved', (e) => 'rejected: ' + e.message),
  }));
  log('without data:', r.status.error);
  check(/HTTP 404/.test(r.status.error), `error names the HTTP status: ${r.status.error}`);
  check(r.status.state === 'error', `state without data: ${r.status.state}`);
  check(/404/.test(r.line) || r.uiShowsIt, `the page's line or the UI shows it: ${r.line}`);
  check(!r.reply.ok && /404/.test(r.reply.message), `commands refused with the reason: ${JSON.stringify(r.reply)}`);
  check(r.ready.startsWith('rejected'), `lab.ready: ${r.ready}`);
}));

finish();
