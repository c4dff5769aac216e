// tfjs_epochs.mjs: the lab's two training epochs written in TensorFlow.js ops, for the
// peer benchmark (tools/peer_bench.sh). No I/O and no backend choice here: the caller
// (cd1_tfjs.mjs / vae_tfjs.mjs under node, tfjs_worker.js in Chromium) hands in `tf`
// with its WebAssembly backend ready and the first N training digits as grey levels
// (Float32Array, N x 784, values in [0, 1]). Each function warms up on 5 minibatches,
// then times one epoch (N / B minibatches in a fresh random order) until its last
// update has finished, and returns {seconds, ...}.
//
// Two formulations of each:
//   careful  every tf.matMul untransposed: transposes made explicitly (tf.transpose),
//            because the wasm backend's matMul is far slower with its transpose flags
//   natural  the maths as it reads: matMul's transpose flags (CD-1), tfjs's own
//            gradients through the layers (VAE: tf.fused.matMul + optimizer.minimize)
const D = 784;

// A fresh 0/1 sample of probabilities p (the lab's dynamic binarisation and sampling).
const bernoulli = (tf, p) => tf.cast(tf.less(tf.randomUniform(p.shape), p), 'float32');

// Times `epoch` batches after 5 warm-up ones; update(rows) must only enqueue work;
// done() returns a promise settled when everything enqueued has run.
async function timeEpoch(tf, N, B, update, done) {
  const order = tf.util.createShuffledIndices(N);
  const run = (k) => {
    const rows = tf.tensor1d(Array.from(order.slice(k * B, (k + 1) * B)), 'int32');
    update(rows);
    rows.dispose();
  };
  for (let k = 0; k < 5; ++k) run(k);
  await done();
  tf.util.shuffle(order);
  const t0 = performance.now();
  for (let k = 0; k < Math.floor(N / B); ++k) run(k);
  await done();
  return (performance.now() - t0) / 1000;
}

// CD-1 of a binary RBM (engine/cd.hpp with tools/latent_bench.cpp's settings: cd_k 1,
// not persistent, lr 0.05, momentum 0.5, weight decay 1e-4, W ~ N(0, 0.01^2), zero biases):
//   v0 ~ grey, h0 = sigmoid(v0 W + c), hs ~ h0, v1 ~ sigmoid(hs W^T + b), h1 = sigmoid(v1 W + c)
//   dW = (v0^T h0 - v1^T h1) / B, db = mean(v0 - v1), dc = mean(h0 - h1)
//   vel = momentum vel + lr (grad - weight_decay W) (no decay on biases); theta += vel
export async function cd1Epoch(tf, grey01, { form = 'careful', N = 10000, H = 500, B = 100 } = {}) {
  const lr = 0.05, momentum = 0.5, decay = 1e-4;
  const grey = tf.tensor2d(grey01.subarray(0, N * D), [N, D]);
  const W = tf.variable(tf.randomNormal([D, H], 0, 0.01, 'float32', 1));
  const b = tf.variable(tf.zeros([D])), c = tf.variable(tf.zeros([H]));
  const vW = tf.variable(tf.zeros([D, H])), vb = tf.variable(tf.zeros([D])), vc = tf.variable(tf.zeros([H]));
  const update = (rows) => tf.tidy(() => {
    const v0 = bernoulli(tf, tf.gather(grey, rows));
    const h0 = tf.sigmoid(tf.add(tf.matMul(v0, W), c));
    let v1, h1, pos, neg;
    if (form === 'careful') {
      v1 = bernoulli(tf, tf.sigmoid(tf.add(tf.matMul(bernoulli(tf, h0), tf.transpose(W)), b)));
      h1 = tf.sigmoid(tf.add(tf.matMul(v1, W), c));
      pos = tf.matMul(tf.transpose(v0), h0);
      neg = tf.matMul(tf.transpose(v1), h1);
    } else {
      v1 = bernoulli(tf, tf.sigmoid(tf.add(tf.matMul(bernoulli(tf, h0), W, false, true), b)));
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
  const seconds = await timeEpoch(tf, N, B, update, () => W.data());
  tf.dispose([grey, W, b, c, vW, vb, vc]);
  return { seconds };
}

// The lab's VAE (engine/vae.cpp, mlp.cpp, optimizer.cpp, vae_trainer.cpp), one digit a row:
//   encoder  x -> relu(x W1 + b1) (H) -> [mu | logvar] = h W2 + b2 (2L)
//   decoder  z = mu + exp(logvar / 2) eps, eps ~ N(0, I) -> relu(z W3 + b3) (H) -> logits a = g W4 + b4 (784)
//   loss     mean over the batch of  sum_i softplus(a_i) - x_i a_i      (-log p(x|z), Bernoulli)
//                                  + 1/2 sum_k mu_k^2 + exp(logvar_k) - 1 - logvar_k   (KL to N(0, I))
//   x        a fresh 0/1 sample of the grey digits each minibatch (dynamic binarisation)
//   init     relu layers' W ~ N(0, 2 / in) (He), the others' N(0, 2 / (in + out)) (Glorot),
//            biases 0 but b4 = logit of the mean grey pixel of the first min(N, 10000)
//            digits, clamped to [0.01, 0.99]
//   Adam     lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8 (tf.train.adam)
// careful: each layer is a tf.customGrad whose gradient multiplies by explicit transposes
// (and gives the data no gradient); natural: tfjs differentiates tf.fused.matMul itself.
export async function vaeEpoch(tf, grey01, { form = 'careful', N = 10000, H = 400, L = 20, B = 100 } = {}) {
  const grey = tf.tensor2d(grey01.subarray(0, N * D), [N, D]);
  const weights = (i, o, relu) => tf.variable(tf.randomNormal([i, o], 0, Math.sqrt(relu ? 2 / i : 2 / (i + o))));
  const mean = new Float32Array(D);
  const M = Math.min(N, 10000);
  for (let j = 0; j < M; ++j) for (let i = 0; i < D; ++i) mean[i] += grey01[j * D + i] / M;
  const logits = mean.map((m) => { const p = Math.min(0.99, Math.max(0.01, m)); return Math.log(p / (1 - p)); });
  const W1 = weights(D, H, true), b1 = tf.variable(tf.zeros([H]));
  const W2 = weights(H, 2 * L, false), b2 = tf.variable(tf.zeros([2 * L]));
  const W3 = weights(L, H, true), b3 = tf.variable(tf.zeros([H]));
  const W4 = weights(H, D, false), b4 = tf.variable(tf.tensor1d(logits));
  const vars = [W1, b1, W2, b2, W3, b3, W4, b4];
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);

  // y = act(x W + b) with a hand-written gradient: every product untransposed.
  const carefulDense = (activation, dataInput) => tf.customGrad((x, W, bias, save) => {
    const y = tf.fused.matMul({ a: x, b: W, bias, activation });
    save([x, W, y]);
    return {
      value: y,
      gradFunc: (dy, [xs, Ws, ys]) => {
        const g = activation === 'relu' ? tf.mul(dy, tf.step(ys)) : dy;
        const dx = dataInput ? tf.zerosLike(xs) : tf.matMul(g, tf.transpose(Ws));
        return [dx, tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
      },
    };
  });
  const naturalDense = (activation) => (x, W, bias) => tf.fused.matMul({ a: x, b: W, bias, activation });
  const dense = form === 'careful'
    ? [carefulDense('relu', true), carefulDense('linear'), carefulDense('relu'), carefulDense('linear')]
    : [naturalDense('relu'), naturalDense('linear'), naturalDense('relu'), naturalDense('linear')];

  let elboSum = tf.scalar(0);  // kept on the backend: read once, after the epoch
  const update = (rows) => {
    const next = tf.tidy(() => {
      const x = bernoulli(tf, tf.gather(grey, rows));
      const eps = tf.randomNormal([B, L]);
      const cost = optimizer.minimize(() => {
        const enc = dense[1](dense[0](x, W1, b1), W2, b2);
        const mu = tf.slice(enc, [0, 0], [B, L]), logvar = tf.slice(enc, [0, L], [B, L]);
        const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
        const a = dense[3](dense[2](z, W3, b3), W4, b4);
        const recon = tf.sum(tf.sub(tf.softplus(a), tf.mul(x, a)));
        const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1))), 0.5);
        return tf.div(tf.add(recon, kl), B);
      }, true, vars);
      return tf.sub(elboSum, cost);
    });
    elboSum.dispose();
    elboSum = next;
  };
  const seconds = await timeEpoch(tf, N, B, update, () => W1.data());
  const elbo = (await elboSum.data())[0] / (Math.floor(N / B) + 5);
  tf.dispose([grey, elboSum, ...vars]);
  optimizer.dispose();
  return { seconds, elbo: Number(elbo.toFixed(2)) };
}
