// vae_training.mjs: the autoencoder / VAE page in headless Chromium.
//   node tests/browser/vae_training.mjs [siteDir=build/web/site] [screenshot=<site>/../vae_training.png]
// 1. Through the test hook: the default VAE trains for a few hundred updates and
//    its test ELBO rises; the gap (importance-weighted log p(x)) is measured and is
//    at least the ELBO of the same digits; the page shows the VAE tab; screenshot.
// 2. Bad input: latent size 0 is refused with a message; a diverging learning
//    rate pauses training with a message and keeps finite weights; a sane rate resumes.
// Fails on any console error, page error, failed request or request off the origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'vae_training.png');
const { log, check, fail, finish } = testReport('vae_training');

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const r = await page.evaluate(async () => {
    const out = {};
    out.use = await lab.send({ cmd: 'use', model: 'vae' });
    out.before = (await lab.send({ cmd: 'status' })).status;
    out.step = await lab.send({ cmd: 'step', count: 300 });
    out.after = (await lab.send({ cmd: 'status' })).status;
    out.gap = await lab.send({ cmd: 'exact_ll' });
    out.gapStatus = (await lab.send({ cmd: 'status' })).status;
    return out;
  });
  const e0 = r.before.metrics.elbo_test, e1 = r.after.metrics.elbo_test;
  log(`VAE (defaults): test ELBO ${e0?.toFixed(1)} -> ${e1?.toFixed(1)} nats after ${r.after.updates} updates; ` +
      `gap: log p(x) ${r.gapStatus.metrics.iw_log_likelihood?.toFixed(2)} vs ELBO ${r.gapStatus.metrics.iw_elbo?.toFixed(2)}`);
  check(r.use.ok && r.use.model === 'vae', `use vae: ${JSON.stringify(r.use)}`);
  check(r.step.ok && r.step.updates_done === 300, `step: ${JSON.stringify(r.step)}`);
  check(Number.isFinite(e0) && Number.isFinite(e1) && e1 > e0 + 20, `the test ELBO rises: ${e0} -> ${e1}`);
  check(r.gap.ok && Number.isFinite(r.gap.iw_log_likelihood), `exact_ll (importance sampling): ${JSON.stringify(r.gap)}`);
  check(r.gapStatus.metrics.iw_log_likelihood >= r.gapStatus.metrics.iw_elbo - 0.5,
        `log p(x) >= ELBO on the same digits: ${r.gapStatus.metrics.iw_log_likelihood} vs ${r.gapStatus.metrics.iw_elbo}`);
  await waitFor(page, () => labUi._lab_ui_snapshot_version() >= 2, null, { what: 'VAE snapshots in the UI' });
  await page.waitForTimeout(300);
  await screenshot(page, shot);
  log(`screenshot ${shot}`);

  const b = await page.evaluate(async () => {
    const out = {};
    out.zero = await lab.send({ cmd: 'set', config: { latent: 0 } });
    out.diverge = await lab.send({ cmd: 'set', config: { learning_rate: 1, optimizer: 'sgd', momentum: 0.99 } });
    out.step = await lab.send({ cmd: 'step', count: 3000 });
    out.status = (await lab.send({ cmd: 'status' })).status;
    await lab.send({ cmd: 'snapshot' });
    const s = lab.snapshot().buffers;
    out.finite = Object.keys(s).every((k) => s[k].every(Number.isFinite));
    out.resume = await lab.send({ cmd: 'set', config: { learning_rate: 0.001, optimizer: 'adam' } });
    out.again = await lab.send({ cmd: 'step', count: 20 });
    return out;
  });
  log('latent 0:', b.zero.message, '| diverging:', b.status.error || b.step.message);
  check(!b.zero.ok && (b.zero.errors || []).some((e) => e.field === 'latent'), `latent 0 is refused: ${JSON.stringify(b.zero)}`);
  check(b.diverge.ok, `the diverging setting is accepted (it is in range): ${JSON.stringify(b.diverge)}`);
  check(!b.step.ok && /diverged/.test(b.step.message || ''), `training diverges with a message: ${JSON.stringify(b.step)}`);
  check(b.status.state === 'paused', `paused after diverging: ${b.status.state}`);
  check(b.finite, 'the pictures stay finite (the last good weights are kept)');
  check(b.resume.ok && b.again.ok, 'training resumes at a sane rate');
  fail.push(...problems(collector).filter((p) => !/diverged/.test(p)));
});

finish();
