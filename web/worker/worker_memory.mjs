// worker_memory.mjs: a measurement (and, with --max-growth-mb, a check): does the engine
// worker's memory grow as it trains? The real worker (web/lab_worker.js +
// engine_worker.js/.wasm) runs in a node worker thread dressed as a Web Worker, as in
// worker_node_test.mjs, on the site's MNIST. For each kind asked for, it trains the
// default model in steps (step {count}), asks for as many snapshots as the page gets
// per update (snapshot commands; the page's cadence is about 4 a second), and after
// each step reads the status reply's "memory" (worker.cpp: the wasm memory's size and
// malloc's bytes in use) and the worker thread's JS heap (after a full GC). Prints the curve, a point per step, and the growth from the first
// point after warm-up to the last.
//
//   node web/worker/worker_memory.mjs <engine_worker.js> <lab_worker.js> <data dir (*.gz)>
//        [--kind rbm:UPDATES:SNAPSHOTS ...] [--points 30] [--max-growth-mb M] [--json out.json]
//        [--init '{"layers":"4000-4000"}']   (a config that each kind's model starts from)
// Default kinds: rbm:20000:600 vae:20000:600. An hour-equivalent is the updates (and the
// snapshots) an hour of training in the page makes: tests/browser/smoothness.mjs
// measures both rates per tab.
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const take = (name) => {
  const out = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) out.push(args.splice(i, 2)[1]);
  return out;
};
const kinds = take('--kind').map((k) => {
  const [model, updates, snapshots] = k.split(':');
  return { model, updates: Number(updates), snapshots: Number(snapshots || 0) };
});
if (!kinds.length) kinds.push({ model: 'rbm', updates: 20000, snapshots: 600 }, { model: 'vae', updates: 20000, snapshots: 600 });
const points = Number(take('--points')[0] || 30);
const maxGrowthMb = take('--max-growth-mb').map(Number)[0];
const jsonOut = take('--json')[0];
const initConfig = take('--init').map((j) => JSON.parse(j))[0];  // a config for every kind's init
const [engineJs, workerJs, dataDir] = args.map((p) => path.resolve(p));
if (!engineJs || !workerJs || !dataDir) {
  console.error('usage: node worker_memory.mjs <engine_worker.js> <lab_worker.js> <data dir> [--kind rbm:N:S] ...');
  process.exit(2);
}

// What a browser's worker scope provides, plus one message of our own: {heap: true}
// answers with the thread's JS heap in use, after a full GC.
const prelude = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const vm = require('node:vm');
const v8 = require('node:v8');
v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc');  // a full collection before each reading
const { fileURLToPath } = require('node:url');
globalThis.self = globalThis;
self.location = { href: workerData.workerUrl };
self.importScripts = (...urls) => {
  for (const u of urls) vm.runInThisContext(fs.readFileSync(fileURLToPath(u), 'utf8'), { filename: u });
};
self.postMessage = (m, transfer) => parentPort.postMessage(m, transfer);
parentPort.on('message', (data) => {
  if (data && data.heap) {
    fullGc();
    parentPort.postMessage({ heap: v8.getHeapStatistics().used_heap_size });
    return;
  }
  if (self.onmessage) self.onmessage({ data });
});
self.fetch = async (url) => {
  const bytes = fs.readFileSync(fileURLToPath(new URL(url)));
  return new Response(bytes, { status: 200, headers: { 'content-length': String(bytes.length) } });
};
vm.runInThisContext(fs.readFileSync(workerData.workerPath, 'utf8'), { filename: workerData.workerPath });
`;

const worker = new Worker(prelude, {
  eval: true,
  workerData: { workerUrl: pathToFileURL(workerJs).href, workerPath: workerJs },
});
let nextId = 1;
const pending = new Map();
let onReady = null, onHeap = null;
let snapshotBytes = 0;
worker.on('message', (m) => {
  if (m.heap !== undefined) { onHeap(m.heap); return; }
  const ev = JSON.parse(m.event);
  if (ev.type === 'snapshot') snapshotBytes += (m.buffers || []).reduce((n, b) => n + b.byteLength, 0);
  if (ev.type === 'ready' && !ev.train_pending && onReady) onReady(ev);
  if (ev.type === 'error') console.log('worker error event:', ev.message);
  if (ev.type === 'reply' && pending.has(ev.id)) {
    pending.get(ev.id)(ev);
    pending.delete(ev.id);
  }
});
worker.on('error', (e) => { console.error('worker error', e); process.exit(1); });
const send = (command) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, resolve);
  worker.postMessage({ command: { ...command, v: 1, id } });
});
const jsHeap = () => new Promise((resolve) => { onHeap = resolve; worker.postMessage({ heap: true }); });

const ready = new Promise((resolve) => { onReady = resolve; });
worker.postMessage({ start: { dataBase: pathToFileURL(dataDir).href + '/', engineUrl: pathToFileURL(engineJs).href,
                              wasmBinary: fs.readFileSync(engineJs.replace(/\.js$/, '.wasm')) } });
await ready;

const t0 = Date.now();
const mb = (b) => (b / 1048576).toFixed(2);
const results = [];
let failed = false;
for (const k of kinds) {
  let r = await send({ cmd: 'use', model: k.model });
  if (!r.ok) throw new Error(`use ${k.model}: ${r.message}`);
  if (initConfig) {
    r = await send({ cmd: 'init', model: k.model, config: initConfig });
    if (!r.ok) throw new Error(`init ${k.model}: ${r.message}`);
  }
  const curve = [];
  const per = Math.max(1, Math.round(k.updates / points));
  const snapsPer = k.snapshots / points;
  let snapsOwed = 0;
  console.log(`${k.model}: ${k.updates} updates in ${points} steps of ${per}, ${k.snapshots} snapshots asked for besides the worker's own`);
  for (let i = 0; i <= points; ++i) {
    if (i > 0) {
      r = await send({ cmd: 'step', count: per });
      if (!r.ok) { console.log(`  step refused: ${r.message}`); break; }
      for (snapsOwed += snapsPer; snapsOwed >= 1; snapsOwed -= 1) await send({ cmd: 'snapshot' });
    }
    const s = (await send({ cmd: 'status' })).status;
    const p = { updates: s.updates, heap_bytes: s.memory.heap_bytes, in_use_bytes: s.memory.in_use_bytes,
                js_heap_bytes: await jsHeap(), seconds: (Date.now() - t0) / 1000, snapshot_mb: snapshotBytes / 1048576 };
    curve.push(p);
    console.log(`  ${String(p.updates).padStart(8)} updates: wasm memory ${mb(p.heap_bytes)} MB, malloc in use ` +
                `${mb(p.in_use_bytes)} MB, worker JS heap ${mb(p.js_heap_bytes)} MB  (${p.seconds.toFixed(0)} s)`);
  }
  // Growth after warm-up (the first step builds the buffers that are then reused).
  const first = curve[Math.min(1, curve.length - 1)], last = curve[curve.length - 1];
  const growth = { heap: last.heap_bytes - first.heap_bytes, in_use: last.in_use_bytes - first.in_use_bytes,
                   js: last.js_heap_bytes - first.js_heap_bytes };
  console.log(`${k.model}: from ${first.updates} to ${last.updates} updates: wasm memory ${mb(growth.heap)} MB, ` +
              `malloc in use ${mb(growth.in_use)} MB, worker JS heap ${mb(growth.js)} MB`);
  if (maxGrowthMb !== undefined) {
    const worst = Math.max(growth.heap, growth.in_use, growth.js) / 1048576;
    if (!(worst <= maxGrowthMb)) {
      console.error(`${k.model}: the worker's memory grew by ${worst.toFixed(2)} MB (bound ${maxGrowthMb} MB)`);
      failed = true;
    }
  }
  results.push({ ...k, curve, growth });
  await send({ cmd: 'pause' });
}
await worker.terminate();
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 1));
if (failed) process.exit(1);
console.log('worker_memory: done');
