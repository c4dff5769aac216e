// node_tfjs.mjs: what the peer benchmark's node entries (cd1_tfjs.mjs, vae_tfjs.mjs)
// share: TensorFlow.js on its WebAssembly backend under node (from this folder's
// node_modules), the first N MNIST training digits as grey levels, and the JSON line
// each prints: {"bench", "impl":"tfjs-wasm-<form>", "env":"node", "digits", "seconds", ...,
// "simd", "threads"}.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function tfjsWasm() {
  const tf = require('@tensorflow/tfjs');  // tfjs-core with the gradients registered
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

// The first n digits of <dir>/train-images-idx3-ubyte (16 header bytes) as x / 255.
export function greyDigits(dir, n) {
  const raw = fs.readFileSync(path.join(dir, 'train-images-idx3-ubyte'));
  const grey = new Float32Array(n * 784);
  for (let i = 0; i < grey.length; ++i) grey[i] = raw[16 + i] / 255;
  return grey;
}

export function printResult(tf, bench, form, fields, result) {
  console.log(JSON.stringify({ bench, impl: 'tfjs-wasm-' + form, env: 'node', ...fields,
                               ...result, seconds: Number(result.seconds.toFixed(4)),
                               simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
                               threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') }));
}
