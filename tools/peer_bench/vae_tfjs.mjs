// vae_tfjs.mjs: one epoch of the lab's VAE (784-400-20, relu, minibatch 100, Adam at
// 1e-3, dynamic binarisation, the first N training digits) in TensorFlow.js on its
// WebAssembly backend under node, careful (hand-written layer gradients, every matMul
// untransposed) or natural (tfjs's own gradients). The epoch itself is vaeEpoch in
// tfjs_epochs.mjs (shared with the Chromium run); "elbo" is the mean training ELBO of
// its updates (nats per digit), to check it learns as the lab does.
//
//   node tools/peer_bench/vae_tfjs.mjs <mnist dir> <careful|natural> [digits=10000] [hidden=400] [latent=20] [batch=100]
// prints {"bench":"vae_epoch","impl":"tfjs-wasm-careful","env":"node","digits":N,...,"seconds":s,"elbo":e,...}
import { vaeEpoch } from './tfjs_epochs.mjs';
import { tfjsWasm, greyDigits, printResult } from './node_tfjs.mjs';

const [dir, form = 'careful', digits = '10000', hidden = '400', latent = '20', batch = '100'] = process.argv.slice(2);
if (!dir || !['careful', 'natural'].includes(form)) {
  console.error('usage: vae_tfjs.mjs <mnist dir> <careful|natural> [digits] [hidden] [latent] [batch]');
  process.exit(2);
}
const N = Number(digits), H = Number(hidden), L = Number(latent), B = Number(batch);
const tf = await tfjsWasm();
printResult(tf, 'vae_epoch', form, { digits: N, hidden: H, latent: L, batch: B },
            await vaeEpoch(tf, greyDigits(dir, N), { form, N, H, L, B }));
