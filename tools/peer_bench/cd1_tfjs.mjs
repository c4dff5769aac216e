// cd1_tfjs.mjs: the lab's CD-1 epoch written in TensorFlow.js ops on its WebAssembly
// backend (the peer a web developer would reach for), in two formulations:
//   careful   every product untransposed: W^T and the batch's transposes made
//             explicitly (tf.transpose) before tf.matMul
//   natural   tf.matMul's transpose flags, as the maths reads
// The update is the lab's (engine/cd.hpp), with its default binarisation of the
// digits (a fresh Bernoulli sample of each minibatch):
//   h0 = sigmoid(v0 W + c), hs ~ h0, v1 ~ sigmoid(hs W^T + b), h1 = sigmoid(v1 W + c)
//   dW = (v0^T h0 - v1^T h1) / B, db = mean(v0 - v1), dc = mean(h0 - h1)
//   vel = momentum vel + lr (grad - weight_decay W) (no decay on biases); theta += vel
// Shapes as tools/latent_bench.cpp: 784 visible, 500 hidden, minibatch 100, the
// first N training digits, one epoch in random order.
//
//   node tools/peer_bench/cd1_tfjs.mjs <mnist dir> <careful|natural> [digits=10000] [hidden=500] [batch=100]
// prints {"bench":"cd1_epoch","impl":"tfjs-wasm-careful","digits":N,"seconds":s,"simd":true}
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const wasm = require('@tensorflow/tfjs-backend-wasm');

const [dir, form = 'careful', digitsArg = '10000', hiddenArg = '500', batchArg = '100'] = process.argv.slice(2);
if (!dir || !['careful', 'natural'].includes(form)) {
  console.error('usage: cd1_tfjs.mjs <mnist dir> <careful|natural> [digits] [hidden] [batch]');
  process.exit(2);
}
const N = Number(digitsArg), H = Number(hiddenArg), B = Number(batchArg), D = 784;
const lr = 0.05, momentum = 0.5, decay = 1e-4;

// The first N training digits as grey levels in [0, 1] (IDX: 16 header bytes).
const raw = fs.readFileSync(path.join(dir, 'train-images-idx3-ubyte'));
const pixels = new Float32Array(N * D);
for (let i = 0; i < N * D; ++i) pixels[i] = raw[16 + i] / 255;

wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out') + '/');
await tf.setBackend('wasm');
await tf.ready();

const W = tf.variable(tf.randomNormal([D, H], 0, 0.01, 'float32', 1));
const b = tf.variable(tf.zeros([D]));
const c = tf.variable(tf.zeros([H]));
const vW = tf.variable(tf.zeros([D, H])), vb = tf.variable(tf.zeros([D])), vc = tf.variable(tf.zeros([H]));
const grey = tf.tensor2d(pixels, [N, D]);
const sample = (p) => tf.cast(tf.less(tf.randomUniform(p.shape), p), 'float32');

function update(rows) {
  tf.tidy(() => {
    const v0 = sample(tf.gather(grey, rows));
    let h0, v1, h1, pos, neg;
    if (form === 'careful') {
      const WT = tf.transpose(W);
      h0 = tf.sigmoid(tf.add(tf.matMul(v0, W), c));
      v1 = sample(tf.sigmoid(tf.add(tf.matMul(sample(h0), WT), b)));
      h1 = tf.sigmoid(tf.add(tf.matMul(v1, W), c));
      pos = tf.matMul(tf.transpose(v0), h0);
      neg = tf.matMul(tf.transpose(v1), h1);
    } else {
      h0 = tf.sigmoid(tf.add(tf.matMul(v0, W), c));
      v1 = sample(tf.sigmoid(tf.add(tf.matMul(sample(h0), W, false, true), b)));
      h1 = tf.sigmoid(tf.add(tf.matMul(v1, W), c));
      pos = tf.matMul(v0, h0, true, false);
      neg = tf.matMul(v1, h1, true, false);
    }
    const gW = tf.sub(tf.div(tf.sub(pos, neg), B), tf.mul(W, decay));
    vW.assign(tf.add(tf.mul(vW, momentum), tf.mul(gW, lr)));
    vb.assign(tf.add(tf.mul(vb, momentum), tf.mul(tf.mean(tf.sub(v0, v1), 0), lr)));
    vc.assign(tf.add(tf.mul(vc, momentum), tf.mul(tf.mean(tf.sub(h0, h1), 0), lr)));
    W.assign(tf.add(W, vW));
    b.assign(tf.add(b, vb));
    c.assign(tf.add(c, vc));
  });
}

const order = tf.util.createShuffledIndices(N);
const batchRows = (k) => tf.tensor1d(Array.from(order.slice(k * B, (k + 1) * B)), 'int32');
for (let k = 0; k < 5; ++k) {  // warm-up, as latent-bench does
  const rows = batchRows(k);
  update(rows);
  rows.dispose();
}
await W.data();
const t0 = performance.now();
for (let k = 0; k < Math.floor(N / B); ++k) {
  const rows = batchRows(k);
  update(rows);
  rows.dispose();
}
await W.data();  // the last update finished
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ bench: 'cd1_epoch', impl: 'tfjs-wasm-' + form, digits: N, hidden: H, batch: B,
                             seconds: Number(seconds.toFixed(4)), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
                             threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') }));
