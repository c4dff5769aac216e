// page_weight.mjs: a measurement, not a test: what a full load of the lab's page moves
// over the wire and how soon it shows a trained picture, on the tests' local server in
// headless Chromium, and how big the code modules are gzipped.
//   bytes over the wire  every response's body as sent (Playwright's request sizes),
//                        summed by kind, for one load of index.html (RBM tab, the default)
//   first trained picture  from navigation (performance.now() = 0) to the first frame the
//                        page draws after the first snapshot with updates > 0; Train is
//                        sent (as the button sends it) the moment window.lab.ready resolves
//   code modules         each of lab_ui.{js,wasm} and engine_worker.{js,wasm} gzipped (-9),
//                        as a host that compresses them sends them
//   node tests/browser/page_weight.mjs [siteDir=build/web/site] [loads=3]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serveStatic, launchChromium, waitForLabReady } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const loads = Number(process.argv[3] || 3);
const mb = (b) => (b / 1e6).toFixed(2) + ' MB';

const kindOf = (url) => {
  const p = new URL(url).pathname;
  if (/\/data\//.test(p)) return 'data';
  if (/\.wasm$/.test(p)) return 'wasm';
  if (/\.js$/.test(p)) return 'js';
  return 'other';
};

async function oneLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const sizes = [];
  context.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => ({ url: r.url(), body: s.responseBodySize }))));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await waitForLabReady(page);
  const t = await page.evaluate(() => new Promise((resolve) => {
    const times = { ready: performance.now() };
    const off = lab.onEvent((e) => {
      if (e.type === 'ready' && !e.train_pending && !times.training_set) times.training_set = performance.now();
      if (e.type !== 'snapshot' || !(e.updates > 0)) return;
      off();
      times.snapshot = performance.now();
      (function drawn() {  // the UI's next frame shows it (once the UI is up)
        if (!window.labPage.uiReady) { setTimeout(drawn, 10); return; }
        requestAnimationFrame(() => { times.picture = performance.now(); resolve(times); });
      })();
    });
    lab.send({ cmd: 'train' });
  }));
  const rows = await Promise.all(sizes);
  await context.close();
  const bytes = { data: 0, wasm: 0, js: 0, other: 0 };
  for (const r of rows) bytes[kindOf(r.url)] += Math.max(0, r.body);
  return { t, bytes, urls: rows.map((r) => new URL(r.url).pathname) };
}

const server = await serveStatic(site);
const browser = await launchChromium();
try {
  const runs = [];
  for (let i = 0; i < loads; ++i) {
    const r = await oneLoad(browser, server.url);
    runs.push(r);
    const total = Object.values(r.bytes).reduce((a, b) => a + b, 0);
    console.log(`load ${i + 1}: ${mb(total)} over the wire (data ${mb(r.bytes.data)}, wasm ${mb(r.bytes.wasm)}, ` +
                `js ${mb(r.bytes.js)}, other ${mb(r.bytes.other)}); lab.ready ${r.t.ready.toFixed(0)} ms, ` +
                `training set ${(r.t.training_set ?? r.t.ready).toFixed(0)} ms, first trained picture ${r.t.picture.toFixed(0)} ms`);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`median first trained picture: ${median(runs.map((r) => r.t.picture)).toFixed(0)} ms; ` +
              `data files fetched: ${runs[0].urls.filter((u) => /\/data\//.test(u)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
}

let code = 0;
for (const f of ['lab_ui.js', 'lab_ui.wasm', 'engine_worker.js', 'engine_worker.wasm']) {
  const raw = fs.readFileSync(path.join(site, f));
  const gz = zlib.gzipSync(raw, { level: 9 }).length;
  code += gz;
  console.log(`${f}: ${mb(raw.length)}, gzipped ${mb(gz)}`);
}
console.log(`the two code modules gzipped: ${mb(code)}`);
