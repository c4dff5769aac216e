// tfjs_worker.js: one tfjs epoch in Chromium (a classic dedicated worker, like the
// lab's engine): TensorFlow.js (the @tensorflow/tfjs bundle: core with its gradients)
// and its WebAssembly backend from this folder's node_modules (served as /tfjs/), the
// first N training digits fetched from the local server, then cd1Epoch or vaeEpoch of
// tfjs_epochs.mjs, the same code the node runs use. Posts {seconds, ..., simd, threads}
// or {error}.
'use strict';
importScripts('/tfjs/tfjs/dist/tf.es2017.min.js', '/tfjs/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js');

self.onmessage = async (e) => {
  const { bench, form, digits } = e.data;
  try {
    tf.wasm.setWasmPaths(new URL('/tfjs/tfjs-backend-wasm/dist/', self.location.href).href);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
    await tf.ready();
    const raw = new Uint8Array(await (await fetch('/site/data/train-images-idx3-ubyte')).arrayBuffer());
    const grey = new Float32Array(digits * 784);
    for (let i = 0; i < grey.length; ++i) grey[i] = raw[16 + i] / 255;
    const { cd1Epoch, vaeEpoch } = await import('./tfjs_epochs.mjs');
    const result = await (bench === 'cd1' ? cd1Epoch : vaeEpoch)(tf, grey, { form, N: digits });
    self.postMessage({ ...result, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
                       threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') });
  } catch (err) {
    self.postMessage({ error: String((err && err.stack) || err) });
  }
};
