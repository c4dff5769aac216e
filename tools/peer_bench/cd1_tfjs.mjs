// cd1_tfjs.mjs: one CD-1 epoch of the lab's RBM (784 visible, 500 hidden, minibatch
// 100, the first N training digits) in TensorFlow.js on its WebAssembly backend under
// node, careful (every matMul untransposed) or natural (matMul's transpose flags).
// The epoch itself is cd1Epoch in tfjs_epochs.mjs (shared with the Chromium run).
//
//   node tools/peer_bench/cd1_tfjs.mjs <mnist dir> <careful|natural> [digits=10000] [hidden=500] [batch=100]
// prints {"bench":"cd1_epoch","impl":"tfjs-wasm-careful","env":"node","digits":N,...,"seconds":s,"simd":true,...}
import { cd1Epoch } from './tfjs_epochs.mjs';
import { tfjsWasm, greyDigits, printResult } from './node_tfjs.mjs';

const [dir, form = 'careful', digits = '10000', hidden = '500', batch = '100'] = process.argv.slice(2);
if (!dir || !['careful', 'natural'].includes(form)) {
  console.error('usage: cd1_tfjs.mjs <mnist dir> <careful|natural> [digits] [hidden] [batch]');
  process.exit(2);
}
const N = Number(digits), H = Number(hidden), B = Number(batch);
const tf = await tfjsWasm();
printResult(tf, 'cd1_epoch', form, { digits: N, hidden: H, batch: B },
            await cd1Epoch(tf, greyDigits(dir, N), { form, N, H, B }));
