// smoothness.mjs: a measurement, not a test (its figures depend on the machine): is the
// page smooth while the worker trains? In headless Chromium it trains each main tab in
// turn (RBM, the 2-D GRBM, the VAE, the DBN; about 70 s in all, the tab open as a
// student would see it) and records on the main thread:
//   - every long task (PerformanceObserver 'longtask', over 50 ms) and every long
//     animation frame ('long-animation-frame', with its scripts when Chromium says);
//   - what ran then: the page's requestAnimationFrame callbacks (the ImGui frame:
//     layout, texture uploads, WebGL calls) and the worker's messages as lab.js takes
//     them (JSON.parse, the UI module's copy and apply_event), each timed, so that a
//     long task is put down to the biggest of them it covers;
//   - the frame rate: the intervals between animation frames (median, 95th percentile
//     = the 5th percentile of the frame rate, worst);
//   - the snapshots: how many, and the bytes of buffers sent and kept (protocol.hpp 5).
// Prints a table per tab and in all, and with --json <file> writes every record.
//   node tests/browser/smoothness.mjs [siteDir=build/web/site] [--seconds-scale 1] [--json out.json]
//        [--gpu-compositing]
import fs from 'node:fs';
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitForTrainingSet, CHROMIUM_ARGS } from './harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const scale = Number(opt('--seconds-scale', '1'));
const jsonOut = opt('--json', null);
// --gpu-compositing: without --disable-gpu, Chromium composites with SwiftShader as its
// GPU, and the WebGL canvas is no longer read back on the main thread at each commit
// (an experiment: which long tasks belong to software compositing).
const gpuCompositing = args.includes('--gpu-compositing') && args.splice(args.indexOf('--gpu-compositing'), 1);
if (gpuCompositing) CHROMIUM_ARGS.splice(CHROMIUM_ARGS.indexOf('--disable-gpu'), 1);
const site = path.resolve(args[0] || 'build/web/site');

// The tabs trained in turn, and for how long (seconds).
const PHASES = [
  { model: 'rbm', seconds: 20 },
  { model: 'grbm2d', seconds: 10 },
  { model: 'vae', seconds: 25 },
  { model: 'dbn', seconds: 15 },
];

// Runs in the page before its own scripts: the observers and the timing wrappers.
function instrument() {
  const P = window.__smooth = { longtasks: [], loaf: [], spans: [], frames: [], marks: [],
                                rafCalls: 0, rafMs: 0, messages: 0, messageMs: 0 };
  const LONG_SPAN = 8;  // ms: shorter callbacks are only counted
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        P.longtasks.push({ start: e.startTime, duration: e.duration,
                           attribution: (e.attribution || []).map((a) => `${a.containerType || ''}:${a.name || ''}`) });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { P.noLongtask = String(err); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        P.loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
                      render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
                      scripts: (e.scripts || []).map((s) => ({ invoker: s.invoker, type: s.invokerType,
                                                               fn: s.sourceFunctionName,
                                                               url: String(s.sourceURL || '').split('/').pop(),
                                                               start: s.startTime, duration: s.duration })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (err) { P.noLoaf = String(err); }

  // The page's animation-frame callbacks (Emscripten's main loop: the ImGui frame).
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = function (cb) {
    return raf(function (t) {
      const s = performance.now();
      try { return cb(t); } finally {
        const d = performance.now() - s;
        P.rafCalls++;
        P.rafMs += d;
        if (d >= LONG_SPAN) P.spans.push({ what: 'ui frame', start: s, duration: d });
      }
    });
  };
  // The frame rate: one timestamp per animation frame, from a loop of our own.
  (function tick(t) { P.frames.push(t); raf(tick); })(performance.now());

  // The worker's messages as lab.js takes them (its onmessage handler), by event type.
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    set onmessage(fn) {
      super.onmessage = function (e) {
        const s = performance.now();
        try { return fn.call(this, e); } finally {
          const d = performance.now() - s;
          P.messages++;
          P.messageMs += d;
          if (d >= LONG_SPAN) {
            const text = e.data && typeof e.data.event === 'string' ? e.data.event : '';
            const m = /"type":"([a-z_]+)"/.exec(text);
            const bytes = (e.data && e.data.buffers || []).reduce((n, b) => n + b.byteLength, 0);
            P.spans.push({ what: `worker event ${m ? m[1] : '?'}`, start: s, duration: d, text: text.length, bytes });
          }
        }
      };
    }
    get onmessage() { return super.onmessage; }
  };
}

// Per phase: the records that fall in [t0, t1).
function summarise(P, t0, t1, snaps) {
  const inside = (e) => e.start >= t0 && e.start < t1;
  const tasks = P.longtasks.filter(inside);
  const spans = P.spans.filter((s) => s.start >= t0 - 1000 && s.start < t1);
  // A long task is put down to the biggest timed callback inside it.
  const causes = {};
  const worst = [];
  for (const t of tasks) {
    let best = null;
    for (const s of spans) {
      const overlap = Math.min(s.start + s.duration, t.start + t.duration) - Math.max(s.start, t.start);
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { ...s, overlap };
    }
    const cause = best ? best.what : 'not the page\'s callbacks (browser work: GC, compile, input, ...)';
    causes[cause] = (causes[cause] || 0) + 1;
    worst.push({ duration: Math.round(t.duration), cause, ...(best && best.bytes !== undefined ? { bytes: best.bytes, text: best.text } : {}) });
  }
  worst.sort((a, b) => b.duration - a.duration);
  const frames = P.frames.filter((t) => t >= t0 && t < t1);
  const gaps = [];
  for (let i = 1; i < frames.length; ++i) gaps.push(frames[i] - frames[i - 1]);
  gaps.sort((a, b) => a - b);
  const q = (p) => (gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] : NaN);
  const loafs = P.loaf.filter(inside);
  const scripts = {};
  for (const l of loafs) {
    for (const s of l.scripts) {
      const k = `${s.type} ${s.invoker}`.slice(0, 80);
      scripts[k] = Math.max(scripts[k] || 0, Math.round(s.duration));
    }
  }
  return {
    seconds: (t1 - t0) / 1000,
    long_tasks: tasks.length,
    long_task_ms: Math.round(tasks.reduce((n, t) => n + t.duration, 0)),
    worst: worst.slice(0, 5),
    causes,
    long_animation_frames: loafs.length,
    loaf_scripts_worst: scripts,
    frames: frames.length,
    fps: frames.length / ((t1 - t0) / 1000),
    frame_ms: { median: q(0.5), p95: q(0.95), max: gaps.length ? gaps[gaps.length - 1] : NaN },
    snapshots: snaps.count,
    snapshot_mb_sent: snaps.sent / 1048576,
    snapshot_mb_kept: snaps.kept / 1048576,
  };
}

const report = await withLab(site, async ({ page }) => {
  await page.addInitScript(instrument);
  await page.reload({ waitUntil: 'load' });
  await waitForLabReady(page);
  await waitForTrainingSet(page);
  await waitForLabUi(page);
  // Snapshot bytes, counted in the page as they arrive.
  await page.evaluate(() => {
    window.__snaps = { count: 0, sent: 0, kept: 0 };
    lab.onEvent((e, buffers) => {
      if (e.type !== 'snapshot') return;
      window.__snaps.count++;
      window.__snaps.sent += buffers.reduce((n, b) => n + b.byteLength, 0);
      window.__snaps.kept += (e.kept || []).reduce((n, b) => n + 4 * b.rows * b.cols, 0);
    });
  });
  await page.waitForTimeout(2000);  // the start-up settles
  const phases = [];
  for (const ph of PHASES) {
    const reply = await page.evaluate(async (m) => {
      const r = await lab.send({ cmd: 'use', model: m });
      if (!r.ok) return r;
      return lab.send({ cmd: 'train' });
    }, ph.model);
    if (!reply.ok) throw new Error(`${ph.model}: ${JSON.stringify(reply)}`);
    await page.waitForTimeout(1000);  // the tab's first frames (textures made, fonts) are not training
    // Canvas drawings: the UI frames whose picture changed and was drawn (main.cpp).
    const { t0, draws0 } = await page.evaluate(() => {
      window.__snaps = { count: 0, sent: 0, kept: 0 };
      window.__draws = () => (labUi._lab_ui_canvas_draws ? labUi._lab_ui_canvas_draws() : NaN);
      return { t0: performance.now(), draws0: window.__draws() };
    });
    await page.waitForTimeout(ph.seconds * 1000 * scale);
    const r = await page.evaluate(() => ({ t1: performance.now(), snaps: window.__snaps, status: lab.status(),
                                           draws: window.__draws() }));
    await page.evaluate(() => lab.send({ cmd: 'pause' }));
    phases.push({ model: ph.model, t0, t1: r.t1, snaps: r.snaps, updates: r.status.updates, state: r.status.state,
                  ups: r.status.updates_per_second, canvas_draws: r.draws - draws0 });
  }
  const P = await page.evaluate(() => window.__smooth);
  return { phases, P };
}, { viewport: { width: 1280, height: 800 } });

const { phases, P } = report;
if (P.noLongtask) console.log(`no longtask observer: ${P.noLongtask}`);
const rows = [];
for (const ph of phases) {
  const s = summarise(P, ph.t0, ph.t1, ph.snaps);
  rows.push({ model: ph.model, ...s, canvas_draws: ph.canvas_draws });
  console.log(`${ph.model}: ${s.seconds.toFixed(0)} s, ${ph.updates} updates (${(ph.ups || 0).toFixed(0)}/s), ` +
              `${s.long_tasks} long tasks (${s.long_task_ms} ms), ${s.long_animation_frames} long animation frames; ` +
              `${s.fps.toFixed(1)} fps, frame interval median ${s.frame_ms.median.toFixed(1)} ms, ` +
              `p95 ${s.frame_ms.p95.toFixed(1)} ms, max ${s.frame_ms.max.toFixed(0)} ms; ` +
              `canvas drawn ${(ph.canvas_draws / s.seconds).toFixed(1)} times/s; ` +
              `${s.snapshots} snapshots, ${s.snapshot_mb_sent.toFixed(1)} MB sent, ${s.snapshot_mb_kept.toFixed(1)} MB kept`);
  if (s.long_tasks) {
    console.log(`   causes: ${JSON.stringify(s.causes)}`);
    console.log(`   worst: ${JSON.stringify(s.worst)}`);
  }
  if (Object.keys(s.loaf_scripts_worst).length) console.log(`   long-frame scripts (worst ms): ${JSON.stringify(s.loaf_scripts_worst)}`);
}
const all = summarise(P, phases[0].t0, phases[phases.length - 1].t1,
                      phases.reduce((a, p) => ({ count: a.count + p.snaps.count, sent: a.sent + p.snaps.sent,
                                                 kept: a.kept + p.snaps.kept }), { count: 0, sent: 0, kept: 0 }));
// "In all" spans the phases and the switches between them; the per-tab lines are the training only.
const training = rows.reduce((n, r) => n + r.long_tasks, 0);
console.log(`in all (${all.seconds.toFixed(0)} s, switches included): ${all.long_tasks} long tasks ` +
            `(${training} while training), worst ${all.worst.length ? all.worst[0].duration : 0} ms; ` +
            `frame interval median ${all.frame_ms.median.toFixed(1)} ms, p95 ${all.frame_ms.p95.toFixed(1)} ms; ` +
            `UI frames: ${P.rafCalls} callbacks, ${(P.rafMs / P.rafCalls).toFixed(1)} ms each on average; ` +
            `worker messages: ${P.messages}, ${(P.messageMs / P.messages).toFixed(2)} ms each on average`);
if (jsonOut) {
  fs.writeFileSync(jsonOut, JSON.stringify({ rows, all, phases, P }, null, 1));
  console.log(`records: ${jsonOut}`);
}
