// soak.mjs: a long run (a tool, not part of the test command): does the lab's memory grow
// as a student trains every model for a long time? In headless Chromium (harness.mjs) it
// opens the lab, waits for the training images, opens every tab once (so every model
// exists: round 0), then for each round and each model kind in the tabs' order (the
// "ready" event's kinds: rbm, grbm2d, grbm, vae, dbn, dbm) acts as a student would:
//   - opens the tab with its key (1..9, web/ui/panels.cpp; lab.send use if the key is
//     not taken), so the UI draws that model's pictures while it trains;
//   - opens "Draw a digit" (key D), draws a digit with the mouse and leaves it there
//     (every model answers it again after each snapshot); asks for a snapshot and
//     saves the model (save_model; lab.downloads false: nothing is downloaded);
//   - trains (lab.send train); a kind that stops by itself (the DBN and the DBM end
//     their lesson) is read at that moment (a "lesson end" sample), reset and trained
//     again, so allocation churn goes on;
//   - at the end of its time: pauses, clears and closes the pad, resets the model
//     (starts over: every kind then holds a fresh model, so readings at the same point
//     of two rounds compare like with like) and is read once more ("segment end").
// --minutes is divided evenly among kinds and rounds. About every 10 s (less for short
// runs) it samples:
//   worker wasm    the engine worker's wasm memory (status reply's memory.heap_bytes;
//                  it grows, never shrinks)
//   worker malloc  malloc's bytes in use in the worker (memory.in_use_bytes)
//   worker JS      the worker's V8 heap in use after a full GC (Runtime.getHeapUsage
//                  through a CDP session auto-attached to the dedicated worker: the page's
//                  session with Target.setAutoAttach {flatten: false}, messages by
//                  Target.sendMessageToTarget. performance.memory does not exist in a
//                  worker scope, and Playwright cannot open a CDP session on a worker)
//   page JS        the page's V8 heap in use plus the ArrayBuffers it holds (snapshots,
//                  the models lab.js keeps), after HeapProfiler.collectGarbage
//                  (Runtime.getHeapUsage: usedSize + backingStorageSize; both in the JSON)
//   UI wasm        the UI module's wasm memory (labUi.HEAPU8.length; the UI exports no
//                  malloc statistics)
//   renderer RSS   the summed VmRSS (/proc) of Chromium's renderer processes (--type=renderer)
//                  that descend from this node process: the tab, page and worker, as the
//                  system sees it (the GPU process's RSS is in the JSON)
//   updates        the active model's updates (status), so the curve shows training went on
// Prints a line per sample (the table) and a summary; --json writes everything (every
// sample: also the page's V8 heap and ArrayBuffers apart, the kept models' bytes, the GPU
// process's and all Chromium's RSS). --check <json> runs the checks again on a saved run.
//
//   node tests/browser/soak.mjs <siteDir> [--minutes 20] [--rounds 2] [--every 10]
//        [--json out.json] [--max-growth-mb 8] [--max-rss-growth-mb 64] [--kinds dbn,dbm]
//   node tests/browser/soak.mjs --check out.json [--max-growth-mb 8] [--max-rss-growth-mb 64]
// --minutes 1 is a smoke check (about 3 minutes with start-up and the pad).
//
// The checks (exit 1 naming each figure past its bound; else "soak OK"). The bounds are
// well above what 24-minute runs measured (2026-12-06, BENCHMARKS.md "Soak"):
//   Per kind, from its first sample after warm-up (the first 25 % of the kind's time, at
//   most 60 s and half its first segment) to its last sample while training (a later
//   round's: the other models are then fresh, as they were):
//     worker malloc  <= 8 MB (--max-growth-mb N)    measured at most +0.2 MB
//     page JS less the kept models <= 12 MB (1.5 N)  measured at most +1.2 MB; the copies
//                    lab.js keeps (one per kind, replaced; a DBN's is 22 MB after its
//                    maps) are checked over the whole run, below
//     worker JS      <= 4 MB (0.5 N)                 measured 0.5-0.6 MB throughout
//   (in a 24-minute run a kind's readings compared are ~13 minutes apart: a leak faster
//   than ~0.6 MB a minute in the worker or ~0.9 MB a minute in the page fails; one of a
//   snapshot's pictures kept per snapshot would fail within a minute)
//   The DBN and the DBM run a lesson whose memory rises stage by stage (the DBN's malloc
//   from ~80 to ~170 MB at its maps) and falls at the reset: for them the readings
//   compared are the first and last "lesson end" (the same point of the lesson); with
//   fewer than two, the segment ends (after the reset).
//     UI wasm, worker wasm: at most one growth step (emscripten's: 20 % of the size, at
//                    most 96 MB) while the kind is the one open, after its warm-up in
//                    round 1 (the DBN's and the DBM's: after their first lesson end too).
//                    Wasm memory never shrinks and is shared by every kind: the DBN's
//                    first lesson grows both for good (UI 19 -> 28 MB, worker 128 -> 319
//                    MB in three growths, the last at its maps, 57 to 78 s in, measured),
//                    which is its warm-up, not growth, nor the next kind's.
//   Across rounds (--rounds >= 2): each kind's reading after its reset at the end of its
//   segment (every model fresh), first round against last: worker malloc <= 8 MB, page
//   JS less kept <= 12 MB (measured +0.2 and +0.1 MB). Over the whole run, against round 1
//   (by its end every kind has trained, run its lesson and drawn every picture): renderer
//   RSS at the end <= its round-1 peak + 64 MB (--max-rss-growth-mb; RSS is the
//   allocators' view, released lazily: samples differ by ~10 MB; measured: end 6 MB
//   below that peak); page JS with the kept models at the end <= its round-1 peak + 12 MB;
//   worker and UI wasm at the end <= their size at the end of round 1 + one step.
import fs from 'node:fs';
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitForTrainingSet, waitFor, problems } from './harness.mjs';
import { padState, centre, line, arc, mouseStroke } from './pad.mjs';

// ---- arguments ---------------------------------------------------------------------------

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const minutes = Number(opt('--minutes', '20'));
const roundsArg = Math.max(1, Math.round(Number(opt('--rounds', '2'))));
const everyArg = opt('--every', null);
const jsonOut = opt('--json', null);
const checkFile = opt('--check', null);  // a saved --json: its checks again, nothing run
const onlyKinds = opt('--kinds', null);    // e.g. dbn,dbm: only those tabs (in the tabs' order)
const growthMb = Number(opt('--max-growth-mb', '8'));
const rssGrowthMb = Number(opt('--max-rss-growth-mb', '64'));
if (checkFile && !args[0]) args[0] = '.';
if (!args[0] || !(minutes > 0) || !(growthMb > 0) || !(rssGrowthMb > 0)) {
  console.error('usage: node tests/browser/soak.mjs <siteDir> [--minutes 20] [--rounds 2] [--every 10] ' +
                '[--json out.json] [--max-growth-mb 8] [--max-rss-growth-mb 64] [--kinds rbm,vae,...]\n' +
                '       node tests/browser/soak.mjs --check out.json [--max-growth-mb 8] [--max-rss-growth-mb 64]');
  process.exit(2);
}
const site = path.resolve(args[0]);
const MB = 1048576;
const BOUNDS = {
  worker_malloc: growthMb * MB,
  page_js: 1.5 * growthMb * MB,
  worker_js: 0.5 * growthMb * MB,
  renderer_rss: rssGrowthMb * MB,
};
// Emscripten's memory growth (MEMORY_GROWTH_GEOMETRIC_STEP 0.2, _CAP 96 MB), rounded up to
// 64 KiB pages (a single request bigger than a step grows by what it needs: past this bound).
const oneStep = (bytes) => Math.min(0.2 * bytes, 96 * MB) + 65536;

const t0 = Date.now();
const secs = () => (Date.now() - t0) / 1000;
const log = (...a) => console.log(`[${secs().toFixed(0).padStart(5)}s]`, ...a);
const mb = (b) => (b === null || b === undefined || Number.isNaN(b) ? '   -  ' : (b / MB).toFixed(1).padStart(6));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the renderer's RSS, from /proc -----------------------------------------------------

function procTree(root) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const out = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop();
    for (const c of children.get(p) || []) { out.push(c); todo.push(c); }
  }
  return out;
}

// {renderer, gpu, all}: summed VmRSS in bytes of Chromium's processes under this node.
function chromiumRss() {
  const sum = { renderer: 0, gpu: 0, all: 0, renderers: 0 };
  for (const pid of procTree(process.pid)) {
    try {
      // Chromium rewrites its processes' titles: the arguments may be one string.
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!/chrom/i.test(cmd.split(' ')[0])) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (!m) continue;
      const rss = Number(m[1]) * 1024;
      const type = (/--type=(\S+)/.exec(cmd) || [null, 'browser'])[1];
      sum.all += rss;
      if (type === 'renderer') { sum.renderer += rss; sum.renderers++; }
      if (type === 'gpu-process') sum.gpu += rss;
    } catch { /* gone */ }
  }
  return sum;
}

// ---- the worker's JS heap, through CDP ----------------------------------------------------

// The page's CDP session, auto-attached (not flattened) to its dedicated worker: commands
// to the worker go as Target.sendMessageToTarget, answers come as receivedMessageFromTarget.
async function cdpProbes(page) {
  const cdp = await page.context().newCDPSession(page);
  let workerSession = null;
  let nextId = 1;
  const waiting = new Map();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workerSession = e.sessionId;
  });
  cdp.on('Target.detachedFromTarget', (e) => { if (e.sessionId === workerSession) workerSession = null; });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    let m;
    try { m = JSON.parse(e.message); } catch { return; }
    if (m.id !== undefined && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const toWorker = (method, params = {}) => new Promise((resolve) => {
    if (!workerSession) { resolve(null); return; }
    const id = nextId++;
    const timer = setTimeout(() => { waiting.delete(id); resolve(null); }, 20000);
    waiting.set(id, (m) => { clearTimeout(timer); resolve(m.result || null); });
    cdp.send('Target.sendMessageToTarget', { sessionId: workerSession, message: JSON.stringify({ id, method, params }) })
      .catch(() => { clearTimeout(timer); waiting.delete(id); resolve(null); });
  });
  return {
    async pageHeap() {
      await cdp.send('HeapProfiler.collectGarbage');
      return cdp.send('Runtime.getHeapUsage');
    },
    async workerHeap() {
      if (!(await toWorker('HeapProfiler.collectGarbage'))) return null;
      return toWorker('Runtime.getHeapUsage');
    },
  };
}

// ---- the page -----------------------------------------------------------------------------

// lab.send with a time limit (lab.send never rejects, but a worker busy for long answers late).
async function send(page, command, ms = 60000) {
  return page.evaluate(([c, t]) => Promise.race([
    window.lab.send(c),
    new Promise((r) => setTimeout(() => r({ ok: false, message: `no reply in ${t} ms` }), t)),
  ]).then((r) => {  // small: only what this tool reads
    const out = { ok: r.ok, message: r.message, model: r.model };
    if (r.status) {
      out.status = { state: r.status.state, model: r.status.model, run: r.status.run, updates: r.status.updates,
                     epoch: r.status.epoch, memory: r.status.memory || null };
    }
    return out;
  }), [command, ms]);
}

const trainingAgain = (page) => page.evaluate(() => window.lab.waitFor((s) => s.state === 'training', 30000)
  .then(() => true, () => false));

const pageStatus = (page) => page.evaluate(() => {
  const s = window.lab.status();
  return { state: s.state, model: s.model, updates: s.updates, run: s.run, busy: s.busy };
});

async function frames(page, n) {
  const f0 = await page.evaluate(() => labUi._lab_ui_frame_count());
  await waitFor(page, (f) => labUi._lab_ui_frame_count() >= f, f0 + n, { what: `${n} UI frames`, timeout: 30000 });
}

// Opens the tab of `kind` (index i in the tab order) with its key, as a student may.
async function openTab(page, kind, i) {
  if ((await pageStatus(page)).model === kind) return 'open';
  if (i < 9) {
    await page.keyboard.press(String(i + 1));
    try {
      await waitFor(page, (k) => window.lab.status().model === k, kind, { what: `key ${i + 1}`, timeout: 15000 });
      await frames(page, 3);
      return `key ${i + 1}`;
    } catch { /* the key was not taken: as the tab would */ }
  }
  const r = await send(page, { cmd: 'use', model: kind });
  if (!r.ok) throw new Error(`use ${kind}: ${r.message}`);
  await frames(page, 3);
  return 'lab.send use';
}

// The drawing pad: opened (key D, or its button), a digit drawn with the mouse; resolves
// with the models that answered (or null if no answer came).
async function drawDigit(page, which) {
  let s = await padState(page);
  if (!s.open) {
    await page.keyboard.press('d');
    try {
      await waitPad(page, 'open', { timeout: 5000 });
    } catch {
      s = await padState(page);
      await page.mouse.click(centre(s.toggle).x, centre(s.toggle).y);
      await waitPad(page, 'open');
    }
  }
  const pad = (await padState(page)).pad;
  const shapes = [
    [line(pad, [0.52, 0.12], [0.48, 0.88])],                                              // 1
    [arc(pad, [0.5, 0.5], [0.22, 0.36])],                                                 // 0
    [line(pad, [0.25, 0.18], [0.75, 0.18]), line(pad, [0.75, 0.18], [0.42, 0.88])],       // 7
  ];
  const seen = await page.evaluate(() => window.__soakDrawings);
  for (const stroke of shapes[which % shapes.length]) await mouseStroke(page, stroke);
  await waitPad(page, 'digit');
  try {
    await waitFor(page, (n) => window.__soakDrawings > n, seen, { what: 'the models\' answers', timeout: 30000 });
  } catch { return null; }
  return page.evaluate(() => window.__soakLastAnswer);
}

// The pad's state (pad.mjs's waitPad evaluates its test with eval, which the page's CSP
// refuses): `what` is one of the states below.
async function waitPad(page, what, { timeout = 15000 } = {}) {
  await waitFor(page, (w) => {
    const p = JSON.parse(labUi.UTF8ToString(labUi._lab_ui_drawing_pad()));
    if (w === 'open') return p.open && p.pad[2] > 100;
    if (w === 'closed') return !p.open;
    if (w === 'digit') return p.digit.length === 784;
    if (w === 'clear') return p.strokes === 0;
    return false;
  }, what, { timeout, what: `the pad ${what}` });
}

async function clearAndClosePad(page) {
  const s = await padState(page);
  if (!s.open) return;
  if (s.strokes > 0) {
    const c = centre(s.clear);
    await page.mouse.click(c.x, c.y);
    await waitPad(page, 'clear').catch(() => {});
  }
  await page.keyboard.press('d');
  await waitPad(page, 'closed', { timeout: 5000 }).catch(async () => {
    const t = (await padState(page)).toggle;
    await page.mouse.click(centre(t).x, centre(t).y);
  });
}

// ---- the run --------------------------------------------------------------------------------

const samples = [];
const notes = [];
let header = false;

function printRow(p) {
  if (!header) {
    console.log('    time  rnd kind    tag        updates  worker wasm  malloc  worker JS  page JS  (kept)  UI wasm  renderer RSS');
    console.log('     (s)                                          (MB)    (MB)       (MB)     (MB)    (MB)     (MB)          (MB)');
    header = true;
  }
  console.log(`  ${p.t.toFixed(0).padStart(6)}  ${String(p.round).padStart(3)} ${p.kind.padEnd(7)} ` +
              `${(p.tag || '').padEnd(10)} ${String(p.updates ?? '-').padStart(7)}  ${mb(p.worker_wasm).padStart(11)}  ` +
              `${mb(p.worker_malloc)}  ${mb(p.worker_js).padStart(9)}  ${mb(p.page_js).padStart(7)}  ${mb(p.kept_bytes)}  ` +
              `${mb(p.ui_wasm).padStart(7)}  ${mb(p.renderer_rss).padStart(12)}`);
}

async function sample(page, probes, round, kind, segStart, tag) {
  const reply = await send(page, { cmd: 'status' }, 60000);
  const [wh, ph] = [await probes.workerHeap(), await probes.pageHeap()];
  const ui = await page.evaluate(() => {
    const kept = window.lab.kept ? window.lab.kept() : null;
    let keptBytes = null;
    if (kept) keptBytes = Object.values(kept).reduce((n, k) => n + k.bytes, 0);
    return { ui_wasm: window.labUi && window.labUi.HEAPU8 ? window.labUi.HEAPU8.length : null, kept_bytes: keptBytes,
             state: window.lab.status().state };
  });
  const rss = chromiumRss();
  const st = reply.status || {};
  const mem = st.memory || {};
  const p = {
    t: secs(), seg_t: (Date.now() - segStart) / 1000, round, kind, tag: tag || '',
    state: st.state || ui.state, model: st.model, run: st.run, updates: st.updates, epoch: st.epoch,
    worker_wasm: mem.heap_bytes ?? null, worker_malloc: mem.in_use_bytes ?? null,
    worker_js: wh ? wh.usedSize : null, worker_js_total: wh ? wh.totalSize : null,
    page_js: ph ? ph.usedSize + (ph.backingStorageSize || 0) : null, page_js_used: ph ? ph.usedSize : null,
    page_buffers: ph ? ph.backingStorageSize ?? null : null, page_embedder: ph ? ph.embedderHeapUsedSize ?? null : null,
    ui_wasm: ui.ui_wasm, kept_bytes: ui.kept_bytes,
    page_own: ph ? ph.usedSize + (ph.backingStorageSize || 0) - (ui.kept_bytes || 0) : null,
    renderer_rss: rss.renderer, renderers: rss.renderers, gpu_rss: rss.gpu, chromium_rss: rss.all,
  };
  if (!reply.ok) p.status_error = reply.message;
  samples.push(p);
  printRow(p);
  return p;
}

// Kinds that end by themselves (their "state" leaves training): readings compared at the same point.
const LESSONS = new Set(['dbn', 'dbm']);

let kinds = [];
const runLab = () => withLab(site, async ({ page, collector }) => {
  const ready = await waitForLabReady(page, { timeout: 300000 });
  let tabs = (ready.kinds || []).map((k) => k.name);
  if (!tabs.length) tabs = ready.models || ['rbm'];
  kinds = onlyKinds ? tabs.filter((k) => onlyKinds.split(',').includes(k)) : tabs;
  if (!kinds.length) throw new Error(`--kinds ${onlyKinds}: none of the lab's kinds (${tabs.join(', ')})`);
  const tabIndex = (k) => tabs.indexOf(k);
  await waitForLabUi(page, { timeout: 300000 });
  await waitForTrainingSet(page, { timeout: 300000 });
  const hasKept = await page.evaluate(() => typeof window.lab.kept === 'function');
  log(`the lab is ready: kinds ${kinds.join(', ')}; lab.kept() ${hasKept ? 'present' : 'absent'}`);
  await page.evaluate(() => {
    window.lab.downloads = false;
    window.__soakDrawings = 0;
    window.lab.onEvent((ev) => {
      if (ev.type !== 'drawing' || ev.cleared) return;
      window.__soakDrawings++;
      window.__soakLastAnswer = Object.keys(ev.answers || {});
    });
  });
  const probes = await cdpProbes(page);
  await sleep(500);
  const rounds = roundsArg;
  const segSeconds = (minutes * 60) / (kinds.length * rounds);
  const kindSeconds = segSeconds * rounds;
  const every = everyArg ? Number(everyArg) : Math.max(1, Math.min(10, segSeconds / 4));
  const warm = Math.min(60, 0.25 * kindSeconds, 0.5 * segSeconds);
  log(`${minutes} min: ${rounds} round(s) of ${kinds.length} kinds, ${segSeconds.toFixed(0)} s each; a sample every ` +
      `${every.toFixed(1)} s; warm-up ${warm.toFixed(0)} s`);

  // Round 0: a look at every tab (each model is built).
  for (let i = 0; i < kinds.length; ++i) {
    const how = await openTab(page, kinds[i], tabIndex(kinds[i]));
    await sleep(1000);
    await sample(page, probes, 0, kinds[i], Date.now(), `opened`);
    if (how === 'lab.send use') notes.push(`round 0: the ${kinds[i]} tab's key was not taken (lab.send use)`);
  }

  const segments = [];
  for (let round = 1; round <= rounds; ++round) {
    for (let i = 0; i < kinds.length; ++i) {
      const kind = kinds[i];
      const segStart = Date.now();
      const segEnd = segStart + segSeconds * 1000;
      const seg = { round, kind, opened: await openTab(page, kind, tabIndex(kind)), restarts: 0, answered: null, start_t: secs() };
      segments.push(seg);
      let r = await send(page, { cmd: 'train' });
      if (!r.ok) throw new Error(`train ${kind}: ${r.message}`);
      if (!(await trainingAgain(page))) notes.push(`round ${round} ${kind}: not training 30 s after train`);
      await sample(page, probes, round, kind, segStart, 'train');
      let acted = false;
      let nextSample = Date.now() + every * 1000;
      while (Date.now() < segEnd) {
        await sleep(Math.max(0, Math.min(1000, nextSample - Date.now(), segEnd - Date.now())));
        if (!acted && Date.now() - segStart > Math.min(5000, segSeconds * 250)) {
          // What a student does while it trains: draw a digit, a snapshot, "Save model".
          acted = true;
          try {
            seg.answered = await drawDigit(page, i + round);
            if (!seg.answered) notes.push(`round ${round} ${kind}: no answer to the drawing within 30 s`);
          } catch (e) { notes.push(`round ${round} ${kind}: drawing: ${e.message}`); }
          const snap = await send(page, { cmd: 'snapshot' });
          const saved = await send(page, { cmd: 'save_model', model: kind });
          if (!snap.ok || !saved.ok) notes.push(`round ${round} ${kind}: snapshot ${snap.message || 'ok'}, save ${saved.message || 'ok'}`);
          continue;
        }
        const s = await pageStatus(page);
        if (s.state !== 'training' && Date.now() < segEnd - 2000) {
          // It stopped by itself (a lesson's end, or a refusal): read it, start over, train.
          const lessonEnd = s.state === 'paused' && LESSONS.has(kind);
          await sample(page, probes, round, kind, segStart, lessonEnd ? 'lesson end' : `stopped:${s.state}`);
          if (!lessonEnd) notes.push(`round ${round} ${kind}: training stopped (${s.state}) after ${s.updates} updates`);
          await send(page, { cmd: 'reset' });
          r = await send(page, { cmd: 'train' });
          if (!r.ok) throw new Error(`train ${kind} again: ${r.message}`);
          // lab.status() follows progress events, which may come after the reply: once it
          // says training, the stop just read is not read again.
          if (!(await trainingAgain(page))) notes.push(`round ${round} ${kind}: not training 30 s after train`);
          seg.restarts++;
          nextSample = Date.now() + every * 1000;
          continue;
        }
        if (Date.now() >= nextSample) {
          await sample(page, probes, round, kind, segStart, '');
          nextSample += every * 1000;
          if (nextSample < Date.now()) nextSample = Date.now() + every * 1000;
        }
      }
      await sample(page, probes, round, kind, segStart, 'last');
      await send(page, { cmd: 'pause' });
      await clearAndClosePad(page).catch((e) => notes.push(`round ${round} ${kind}: closing the pad: ${e.message}`));
      await send(page, { cmd: 'reset' });
      await frames(page, 3);
      await sleep(1000);
      await sample(page, probes, round, kind, segStart, 'seg end');
      seg.end_t = secs();
    }
  }
  return { segments, every, warm, segSeconds, kindSeconds, hasKept, problems: problems(collector) };
}, { viewport: { width: 1280, height: 800 } });

let result, rounds = roundsArg;
if (checkFile) {  // a saved run: its samples, checked (with the bounds given now)
  const saved = JSON.parse(fs.readFileSync(checkFile, 'utf8'));
  samples.push(...saved.samples);
  kinds = saved.kinds;
  rounds = saved.rounds;
  result = { segments: saved.segments, every: saved.every, warm: saved.warm_up_s, segSeconds: saved.segment_s,
             hasKept: saved.has_kept, command: saved.command, site: saved.site, minutes: saved.minutes, runSeconds: saved.seconds,
             problems: (saved.failures || []).filter((f) => /^(page error|console error|request|HTTP|off-origin|CSP)/.test(f)) };
  log(`checking ${checkFile}: ${saved.command} (${samples.length} samples, ${(saved.seconds / 60).toFixed(1)} min)`);
} else {
  result = await runLab();
}

// ---- the checks -------------------------------------------------------------------------------

const failures = [];
const growths = [];
// Checked per kind: [key, name, bound (null: one wasm growth step)].
const FIGURES = [
  ['worker_malloc', 'worker malloc', BOUNDS.worker_malloc],
  ['page_own', 'page JS (less the kept models)', BOUNDS.page_js],
  ['worker_js', 'worker JS', BOUNDS.worker_js],
];
// The wasm memories are the page's high-water marks, shared by every kind (the DBN's first
// maps grow both, for good): a kind is charged with the growth that happens while it is the
// one open, after its warm-up in round 1 (for the DBN and the DBM: after their first
// lesson end as well, whose stages set their peaks), and from the sample before its first
// in later rounds. Allowed: one growth event, of at most one step.
const WASM = [['ui_wasm', 'UI wasm'], ['worker_wasm', 'worker wasm']];
function ownGrowth(kind, key) {
  const mine = samples.filter((p) => p.kind === kind && p.round === 1);
  const firstEnd = mine.find((p) => p.tag === 'lesson end');
  const warmUntil = LESSONS.has(kind) && firstEnd ? Math.max(result.warm, firstEnd.seg_t) : result.warm;
  const events = [];
  for (let i = 1; i < samples.length; ++i) {
    const a = samples[i - 1], b = samples[i];
    if (b.kind !== kind || b.round < 1 || a[key] === null || b[key] === null) continue;
    if (b.round === 1 && (a.kind !== kind || a.round !== 1 || a.seg_t < warmUntil)) continue;
    if (b[key] > a[key]) events.push({ t: b.t, from: a[key], to: b[key] });
  }
  return events;
}
const SHOWN = ['worker_wasm', 'worker_malloc', 'worker_js', 'page_js', 'page_own', 'kept_bytes', 'ui_wasm', 'renderer_rss'];
const peakOf = (list, key) => Math.max(...list.map((p) => p[key] ?? 0));
for (const kind of kinds) {
  const mine = samples.filter((p) => p.kind === kind && p.round > 0);
  const training = mine.filter((p) => p.tag !== 'seg end');
  const segEnds = mine.filter((p) => p.tag === 'seg end');
  const afterWarm = training.filter((p) => p.round > 1 || p.seg_t >= result.warm);
  let from = afterWarm[0] || training[training.length - 1];
  let to = training[training.length - 1];
  let how = 'first sample after warm-up -> last while training';
  if (LESSONS.has(kind)) {
    const ends = training.filter((p) => p.tag === 'lesson end');
    if (ends.length >= 2) {
      [from, to] = [ends[0], ends[ends.length - 1]];
      how = `first -> last lesson end (${ends.length} lesson ends)`;
    } else if (segEnds.length >= 2) {
      [from, to] = [segEnds[0], segEnds[segEnds.length - 1]];
      how = `round 1 -> ${to.round} after its reset (${ends.length} lesson end${ends.length === 1 ? '' : 's'})`;
    } else {
      how = `first sample after warm-up -> last while training (${ends.length} lesson end${ends.length === 1 ? '' : 's'}: not the same point of the lesson)`;
    }
  }
  if (!from || !to) { notes.push(`${kind}: no samples`); continue; }
  const g = { kind, how, from_t: from.t, to_t: to.t, from_updates: from.updates, to_updates: to.updates,
              growth: {}, bound: {}, start: {}, end: {}, peak: {} };
  for (const k of SHOWN) { g.start[k] = from[k]; g.end[k] = to[k]; g.peak[k] = peakOf(mine, k); }
  for (const [key, name, bound] of FIGURES) {
    if (from[key] === null || to[key] === null) continue;
    const d = to[key] - from[key];
    const limit = bound ?? oneStep(from[key]);
    g.growth[key] = d;
    g.bound[key] = limit;
    if (!(d <= limit)) failures.push(`${kind}: ${name} grew by ${(d / MB).toFixed(1)} MB (${how}; bound ${(limit / MB).toFixed(1)} MB)`);
  }
  for (const [key, name] of WASM) {
    const events = ownGrowth(kind, key);
    g.growth[key] = events.reduce((n, e) => n + e.to - e.from, 0);
    g.growth_events = { ...(g.growth_events || {}), [key]: events };
    const list = events.map((e) => `${mb(e.from).trim()} -> ${mb(e.to).trim()} MB at ${e.t.toFixed(0)} s`).join(', ');
    if (events.length > 1 || events.some((e) => e.to - e.from > oneStep(e.from))) {
      failures.push(`${kind}: ${name} grew while it trained, after warm-up: ${list} (bound: one step of 20 %, at most 96 MB)`);
    }
  }
  // Across rounds: the readings after its reset at the end of each segment (every model fresh).
  if (segEnds.length >= 2) {
    const a = segEnds[0], b = segEnds[segEnds.length - 1];
    g.after_reset = { rounds: [a.round, b.round], worker_malloc: [a.worker_malloc, b.worker_malloc], page_own: [a.page_own, b.page_own] };
    if (!(b.worker_malloc - a.worker_malloc <= BOUNDS.worker_malloc)) {
      failures.push(`${kind}: worker malloc after its reset grew by ${((b.worker_malloc - a.worker_malloc) / MB).toFixed(1)} MB from round 1 to ${b.round}`);
    }
    if (!(b.page_own - a.page_own <= BOUNDS.page_js)) {
      failures.push(`${kind}: page JS after its reset grew by ${((b.page_own - a.page_own) / MB).toFixed(1)} MB from round 1 to ${b.round}`);
    }
  }
  growths.push(g);
}
const whole = {};
if (rounds >= 2) {
  const round1 = samples.filter((p) => p.round <= 1);
  const last = samples[samples.length - 1];
  const end1 = round1[round1.length - 1];
  Object.assign(whole, {
    rss_peak_round1: peakOf(round1, 'renderer_rss'), rss_end: last.renderer_rss, rss_peak: peakOf(samples, 'renderer_rss'),
    page_js_peak_round1: peakOf(round1, 'page_js'), page_js_end: last.page_js,
    kept_peak_round1: peakOf(round1, 'kept_bytes'), kept_end: last.kept_bytes,
    worker_wasm_round1: end1.worker_wasm, worker_wasm_end: last.worker_wasm,
    ui_wasm_round1: end1.ui_wasm, ui_wasm_end: last.ui_wasm,
  });
  const over = (what, end, ref, bound) => {
    if (!(end - ref <= bound)) failures.push(`${what}: ${mb(ref).trim()} MB after round 1, ${mb(end).trim()} MB at the end (bound +${mb(bound).trim()} MB)`);
  };
  over('renderer RSS (its round-1 peak)', whole.rss_end, whole.rss_peak_round1, BOUNDS.renderer_rss);
  over('page JS with the kept models (its round-1 peak)', whole.page_js_end, whole.page_js_peak_round1, BOUNDS.page_js);
  over('worker wasm memory', whole.worker_wasm_end, whole.worker_wasm_round1, oneStep(whole.worker_wasm_round1));
  over('UI wasm memory', whole.ui_wasm_end, whole.ui_wasm_round1, oneStep(whole.ui_wasm_round1));
}
for (const s of result.segments) {
  const ts = samples.filter((p) => p.round === s.round && p.kind === s.kind && p.tag !== 'seg end');
  s.updates = Math.max(0, ...ts.map((p) => p.updates || 0));
  s.samples = ts.length;
  if (!(s.updates > 0)) failures.push(`round ${s.round} ${s.kind}: it did not train (updates ${ts.map((p) => p.updates).join(', ')})`);
}
if (!samples.some((p) => p.renderer_rss > 0)) failures.push('no renderer process found under this node process (/proc)');
if (!samples.some((p) => p.worker_js > 0)) notes.push('the worker\'s JS heap could not be read (CDP auto-attach)');
failures.push(...result.problems);

// ---- the summary --------------------------------------------------------------------------------

console.log('\nPer kind, MB: start -> end of the readings compared [peak of all its samples in rounds >= 1]');
const cell = (g, k) => `${mb(g.start[k]).trim()} -> ${mb(g.end[k]).trim()} [${mb(g.peak[k]).trim()}]`;
for (const g of growths) {
  console.log(`  ${g.kind} (${g.how}; updates ${g.from_updates} -> ${g.to_updates}):\n` +
              `    worker malloc ${cell(g, 'worker_malloc')}, worker wasm ${cell(g, 'worker_wasm')} (grew ${mb(g.growth.worker_wasm).trim()} ` +
              `while it trained), worker JS ${cell(g, 'worker_js')}\n` +
              `    page JS ${cell(g, 'page_js')} (less the kept models ${cell(g, 'page_own')}), UI wasm ${cell(g, 'ui_wasm')} ` +
              `(grew ${mb(g.growth.ui_wasm).trim()} while it trained), ` +
              `renderer RSS ${cell(g, 'renderer_rss')}` +
              (g.after_reset ? `\n    after its reset, round ${g.after_reset.rounds[0]} -> ${g.after_reset.rounds[1]}: worker malloc ` +
                               `${mb(g.after_reset.worker_malloc[0]).trim()} -> ${mb(g.after_reset.worker_malloc[1]).trim()}, page JS less kept ` +
                               `${mb(g.after_reset.page_own[0]).trim()} -> ${mb(g.after_reset.page_own[1]).trim()}` : ''));
}
console.log('Segments: ' + result.segments.map((s) => `${s.round}/${s.kind} ${s.updates} updates${s.restarts ? `, ${s.restarts} restart(s)` : ''}` +
                                               `${s.opened.startsWith('key') ? '' : ` [${s.opened}]`}`).join('; '));
if (rounds >= 2) {
  console.log(`After round 1 -> end: renderer RSS peak ${mb(whole.rss_peak_round1).trim()} -> end ${mb(whole.rss_end).trim()} ` +
              `(peak of the run ${mb(whole.rss_peak).trim()}); page JS peak ${mb(whole.page_js_peak_round1).trim()} -> ` +
              `${mb(whole.page_js_end).trim()} (kept models ${mb(whole.kept_peak_round1).trim()} -> ${mb(whole.kept_end).trim()}); ` +
              `worker wasm ${mb(whole.worker_wasm_round1).trim()} -> ${mb(whole.worker_wasm_end).trim()}; ` +
              `UI wasm ${mb(whole.ui_wasm_round1).trim()} -> ${mb(whole.ui_wasm_end).trim()} MB`);
}
{
  const first = samples.find((p) => p.round >= 1), last = samples[samples.length - 1];
  if (first && last && first.gpu_rss !== undefined) {
    console.log(`GPU process RSS (not checked): ${mb(first.gpu_rss).trim()} MB at the start of round 1, ` +
                `${mb(peakOf(samples, 'gpu_rss')).trim()} MB at its peak, ${mb(last.gpu_rss).trim()} MB at the end`);
  }
}
for (const n of notes) console.log(`note: ${n}`);
if (jsonOut) {
  fs.writeFileSync(jsonOut, JSON.stringify({
    command: checkFile ? result.command : process.argv.slice(1).join(' '), checked: checkFile ? process.argv.slice(1).join(' ') : undefined,
    site: checkFile ? result.site : site, minutes: checkFile ? result.minutes : minutes, rounds, every: result.every, warm_up_s: result.warm,
    segment_s: result.segSeconds, kinds, has_kept: result.hasKept, bounds_bytes: BOUNDS,
    seconds: checkFile ? result.runSeconds : secs(), samples, segments: result.segments, growth: growths, whole, notes, failures,
  }, null, 1));
  console.log(`wrote ${jsonOut}`);
}
if (failures.length) {
  console.error('soak FAILED:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log(checkFile ? `soak OK (the ${(result.runSeconds / 60).toFixed(1)}-minute run in ${checkFile})`
                      : `soak OK (${(secs() / 60).toFixed(1)} min)`);
