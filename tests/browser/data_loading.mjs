// data_loading.mjs: how the data reaches the page. MNIST arrives gzipped (the .gz
// files are fetched, never the raw IDX), with load events per file; with the training
// images held back (a Playwright route), the lab is ready on the test set: a trained
// default loads and answers, the 2-D lab trains, Train on MNIST waits and starts once
// the training images arrive (the loaded model kept); a cut-short .gz of the test set
// is asked for three times, then named in the error; a cut-short .gz of the training
// images leaves the lab on the test set and MNIST training refused with the reason.
// Also: the two code modules together under 1 MB gzipped.
//   node tests/browser/data_loading.mjs <siteDir>
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { serveStatic, launchChromium, waitForLabReady, waitForLabUi, withSiteVariant, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { log, check, fail, finish } = testReport('data_loading');
const FILES = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-labels-idx1-ubyte', 'train-images-idx3-ubyte'];

// Opens the site's page with `route` (a glob -> handler) in place before navigation;
// fn({page, requests, errors}); requests: every URL asked for, errors: the page's errors.
async function withPage(dir, routes, fn) {
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    for (const [glob, handler] of routes) await context.route(glob, handler);
    const requests = [], errors = [];
    context.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url, { waitUntil: 'load' });
    return await fn({ page, requests, errors });
  } finally {
    await browser.close();
    await server.close();
  }
}

// 1. The training images held back until the checks on the test set are done.
let release;
const held = new Promise((r) => { release = r; });
const holdTraining = ['**/train-images-idx3-ubyte.gz', async (route) => { await held; await route.continue(); }];
await withPage(site, [holdTraining], async ({ page, requests, errors }) => {
  const ready = await waitForLabReady(page);
  await waitForLabUi(page);
  log('ready on the test set:', JSON.stringify({ train: ready.train_count, test: ready.test_count, pending: ready.train_pending }));
  check(ready.train_pending === true && ready.train_count === 0 && ready.test_count === 10000,
        `ready before the training images, on the test set: ${JSON.stringify(ready)}`);
  const early = await page.evaluate(async () => {
    const out = {};
    out.loaded = await lab.send({ cmd: 'load_default', model: 'rbm' });
    out.probe = await lab.send({ cmd: 'hidden_probs', index: 7 });
    out.drawing = await lab.send({ cmd: 'drawing', pixels: Array.from(lab.snapshot().buffers.data.slice(0, 784)) });
    out.filters = Array.from(lab.snapshot().buffers.filters.slice(0, 2000));
    out.metrics = lab.status().metrics;
    out.plane = await lab.send({ cmd: 'use', model: 'grbm2d' });
    out.planeStep = await lab.send({ cmd: 'step', count: 20 });
    out.back = await lab.send({ cmd: 'use', model: 'rbm' });
    window.trainReply = null;
    window.afterArrival = null;
    lab.onEvent((e, buffers) => {  // the first snapshot after the second ready: the model kept?
      if (e.type === 'ready' && !e.train_pending) window.afterArrival = { filters: null };
      if (e.type === 'snapshot' && window.afterArrival && !window.afterArrival.filters) {
        window.afterArrival.filters = Array.from(buffers[e.buffers.findIndex((b) => b.name === 'filters')].slice(0, 2000));
        window.afterArrival.updates = e.updates;
      }
    });
    lab.send({ cmd: 'train' }).then((r) => { window.trainReply = r; });
    await new Promise((r) => setTimeout(r, 1500));
    out.waiting = { reply: window.trainReply, status: lab.status() };
    return out;
  });
  log('on the test set:', JSON.stringify({ loaded: early.loaded.ok, pll: early.metrics.pseudo_likelihood,
                                            plane: early.planeStep.updates_done, busy: early.waiting.status.busy }));
  check(early.loaded.ok, `the trained RBM loads before the training images: ${early.loaded.message}`);
  check(Number.isFinite(early.metrics.free_energy_test), `evaluated on the test digits: ${JSON.stringify(early.metrics)}`);
  check(early.probe.ok && early.drawing.ok, `test digits and drawings answered: ${JSON.stringify([early.probe, early.drawing])}`);
  check(early.plane.ok && early.planeStep.ok && early.planeStep.updates_done === 20,
        `the 2-D lab trains meanwhile: ${JSON.stringify(early.planeStep)}`);
  check(early.waiting.reply === null && /training digits are still arriving/.test(early.waiting.status.busy || ''),
        `Train on MNIST waits, saying why: ${JSON.stringify(early.waiting)}`);
  const loadsEarly = early.waiting.status.loads;
  check(!(loadsEarly['train-images-idx3-ubyte'] && loadsEarly['train-images-idx3-ubyte'].loaded > 0),
        `the training images were held back: ${JSON.stringify(loadsEarly['train-images-idx3-ubyte'])}`);

  release();
  const late = await page.evaluate(async () => {
    await lab.waitFor((s) => !s.train_pending && s.state === 'training' && s.updates > 0, 120000);
    await lab.waitFor(() => window.trainReply !== null && window.afterArrival && window.afterArrival.filters, 30000);
    return { status: lab.status(), reply: window.trainReply, after: window.afterArrival };
  });
  log('after the training images:', JSON.stringify({ train: late.status.train_count, state: late.status.state,
                                                       updates: late.status.updates }));
  check(late.status.train_count === 60000, `train_count once they are here: ${late.status.train_count}`);
  check(late.reply.ok, `the waiting Train ran: ${JSON.stringify(late.reply)}`);
  check(late.status.busy === null, `the waiting message ended: ${late.status.busy}`);
  const same = late.after.filters.every((v, i) => Math.abs(v - early.filters[i]) < 1e-6);
  check(late.after.updates === 0 && same, 'the loaded model is the same model on the training set');
  const loads = late.status.loads;
  for (const f of FILES) {
    const l = loads[f];
    check(l && l.total > 0 && l.loaded === l.total, `load progress for ${f}: ${JSON.stringify(l)}`);
    check(requests.some((u) => u.endsWith('/data/' + f + '.gz')), `${f}.gz fetched`);
  }
  check(loads['train-images-idx3-ubyte'].total < 12e6, `the training images arrive compressed: ${loads['train-images-idx3-ubyte'].total} bytes`);
  const raw = requests.filter((u) => /ubyte$/.test(u));
  check(raw.length === 0, `no raw IDX fetched: ${raw.join(' ')}`);
  check(errors.length === 0, `page errors: ${errors.join('; ')}`);
});

// 2. Per-file progress: the test images served slowly (in pieces), load events in between.
// (A server of our own in front of the site's, which sends them in 8 pieces 150 ms apart.)
{
  const testImages = fs.readFileSync(path.join(site, 'data', 't10k-images-idx3-ubyte.gz'));
  const inner = await serveStatic(site);
  const slow = http.createServer((req, res) => {
    if (!req.url.endsWith('t10k-images-idx3-ubyte.gz')) {
      http.get(inner.url.replace(/\/$/, '') + req.url, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': testImages.length });
    const n = 8, piece = Math.ceil(testImages.length / n);
    let i = 0;
    const next = () => {
      res.write(testImages.subarray(i * piece, (i + 1) * piece));
      if (++i < n) setTimeout(next, 150); else res.end();
    };
    next();
  });
  await new Promise((r) => slow.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${slow.address().port}/`, { waitUntil: 'load' });
    const steps = await page.evaluate(() => new Promise((resolve) => {
      const seen = [];
      lab.onEvent((e) => { if (e.type === 'load' && e.file === 't10k-images-idx3-ubyte') seen.push([e.loaded, e.total]); });
      lab.ready.then(() => resolve(seen), () => resolve(seen));
    }));
    const between = steps.filter(([l, t]) => l > 0 && l < t);
    log(`test images in pieces: ${steps.length} load events, ${between.length} part-way`);
    check(between.length >= 2, `progress part-way through a file: ${JSON.stringify(steps)}`);
  } finally {
    await browser.close();
    slow.close();
    await inner.close();
  }
}

// 3. A test set cut short: asked for three times, then a clear message.
const cut = (name) => (n, bytes) => (n === name + '.gz' ? bytes.subarray(0, bytes.length >> 1) : bytes);
await withSiteVariant(site, cut('t10k-images-idx3-ubyte'), (dir) => withPage(dir, [], async ({ page, requests }) => {
  await page.waitForFunction(() => window.lab && lab.status().error, null, { timeout: 60000 });
  await waitForLabUi(page);
  const r = await page.evaluate(async () => ({ status: lab.status(), reply: await lab.send({ cmd: 'train' }),
                                               ready: await lab.ready.then(() => 'resolved', () => 'rejected') }));
  const asked = requests.filter((u) => u.endsWith('t10k-images-idx3-ubyte.gz')).length;
  log('test images cut short:', r.status.error, `(asked ${asked} times)`);
  check(/t10k-images-idx3-ubyte\.gz/.test(r.status.error) && /gzip/.test(r.status.error) && /3 times/.test(r.status.error),
        `the message names the file and the problem: ${r.status.error}`);
  check(asked === 3, `asked for three times: ${asked}`);
  check(r.ready === 'rejected' && r.status.state === 'error' && !r.reply.ok, `refused, not hung: ${JSON.stringify(r.reply)}`);
}));

// 4. The training images cut short: the lab stays on the test set.
await withSiteVariant(site, cut('train-images-idx3-ubyte'), (dir) => withPage(dir, [], async ({ page }) => {
  await waitForLabReady(page);
  const r = await page.evaluate(async () => {
    await lab.waitFor((s) => s.error, 60000);
    return { status: lab.status(), train: await lab.send({ cmd: 'train' }),
             plane: await lab.send({ cmd: 'use', model: 'grbm2d' }), step: await lab.send({ cmd: 'step', count: 5 }) };
  });
  log('training images cut short:', r.train.message);
  check(/train-images-idx3-ubyte\.gz/.test(r.status.error) && /test digits/.test(r.status.error),
        `the message: ${r.status.error}`);
  check(!r.train.ok && /train-images/.test(r.train.message), `MNIST training refused with the reason: ${r.train.message}`);
  check(r.step.ok && r.step.updates_done === 5, `the 2-D lab still trains: ${JSON.stringify(r.step)}`);
}));

// 5. The code modules, gzipped.
let code = 0;
for (const f of ['lab_ui.js', 'lab_ui.wasm', 'engine_worker.js', 'engine_worker.wasm']) {
  const gz = zlib.gzipSync(fs.readFileSync(path.join(site, f)), { level: 9 }).length;
  log(`${f}: ${gz} bytes gzipped`);
  code += gz;
}
check(code < 1e6, `the two code modules under 1 MB gzipped: ${code} bytes`);

finish();
