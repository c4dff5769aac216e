// bench_page.mjs: the two sides of the Chromium peer benchmark, each in its own
// dedicated Web Worker (as the lab runs its engine), no cross-origin isolation.
//
// window.runLab({bench: 'cd1'|'vae', digits, threads}): the lab's real engine worker
//   (/site/web/lab_worker.js + /site/engine_worker.{js,wasm}, the files of the built
//   site) driven by its message protocol (web/worker/protocol.hpp), as the page does:
//   init the model with the benchmark's config, "step 5" (warm-up), then "train" as
//   the Train button does, until the first progress event that counts digits/100 more
//   updates, then "pause". The worker trains in its ~40 ms chunks with the progress
//   events, evaluations and snapshots it interleaves (at most ~10% of the time): the
//   time is the page's, scaled by digits/100 over the updates done (a chunk may end a
//   little past the epoch). The status after it gives the worker's own costs (ms per
//   update, evaluation, snapshot). threads > 1 (a cross-origin isolated page): the
//   worker's threaded engine with that many threads.
// window.runTfjs({bench, form: 'careful'|'natural', digits}): tfjs_worker.js.
const CONFIGS = {
  cd1: { model: 'rbm', config: { hidden: 500, batch_size: 100, cd_k: 1, persistent: false } },
  vae: { model: 'vae', config: { variational: true, latent: 20, hidden: 400, layers: 1, activation: 'relu',
                                 optimizer: 'adam', learning_rate: 0.001, batch_size: 100 } },
};

window.runLab = ({ bench, digits, threads = 1 }) => new Promise((resolve, reject) => {
  const worker = new Worker('/site/web/lab_worker.js');
  const replies = new Map();
  let nextId = 1, ready = null, onProgress = null;
  const failed = (message) => { worker.terminate(); reject(new Error(message)); };
  worker.onerror = (e) => failed('lab worker: ' + e.message);
  worker.onmessage = (e) => {
    const ev = JSON.parse(e.data.event);
    if (ev.type === 'ready') ready();
    else if (ev.type === 'progress' && onProgress) onProgress(ev);
    else if (ev.type === 'error') failed('lab worker error: ' + ev.message);
    else if (ev.type === 'reply' && replies.has(ev.id)) {
      replies.get(ev.id)(ev);
      replies.delete(ev.id);
    }
  };
  const send = (command) => new Promise((answered) => {
    const id = nextId++;
    replies.set(id, answered);
    worker.postMessage({ command: { v: 1, id, ...command } });
  });
  const must = async (command) => {
    const r = await send(command);
    if (!r.ok) throw new Error(`${command.cmd} refused: ${r.message || JSON.stringify(r.errors)}`);
    return r;
  };
  new Promise((r) => { ready = r; }).then(async () => {
    const c = CONFIGS[bench];
    await must({ cmd: 'init', model: c.model, config: { ...c.config, train_count: digits } });
    await must({ cmd: 'step', count: 5 });
    const target = Math.floor(digits / 100);
    const start = (await must({ cmd: 'status' })).status.updates;
    let t0 = 0;
    const epoch = new Promise((done) => {
      onProgress = (ev) => {
        if (ev.updates - start < target) return;
        onProgress = null;
        done({ seconds: (performance.now() - t0) / 1000, updates: ev.updates - start });
      };
    });
    t0 = performance.now();
    await must({ cmd: 'train' });
    const { seconds, updates } = await epoch;
    await must({ cmd: 'pause' });
    const { status } = await must({ cmd: 'status' });
    worker.terminate();
    resolve({ seconds: seconds * target / updates, updates, wall_seconds: seconds, costs_ms: status.costs_ms,
              chunk_batches: status.chunk_batches, metrics: status.metrics, threads: status.threads });
  }).catch((err) => failed(String(err.message || err)));
  worker.postMessage({ start: { dataBase: new URL('/site/data/', location.href).href,
                                engineUrl: new URL('/site/engine_worker.js', location.href).href, threads } });
});

window.runTfjs = (job) => new Promise((resolve, reject) => {
  const worker = new Worker('tfjs_worker.js');
  worker.onerror = (e) => { worker.terminate(); reject(new Error('tfjs worker: ' + e.message)); };
  worker.onmessage = (e) => {
    worker.terminate();
    if (e.data.error) reject(new Error(e.data.error));
    else resolve(e.data);
  };
  worker.postMessage(job);
});

window.benchPageReady = true;
