// rbm_ais.mjs: the RBM tab's "Measure log-likelihood (AIS)" as a student uses it, in
// headless Chromium on the built site.
//   node tests/browser/rbm_ais.mjs [siteDir=build/web/site] [screenshot=<site>/../rbm_ais.png]
// An RBM with 12 hidden units (small enough for the exact check) trains briefly; the
// button is clicked; the worker reports progress (busy events of the AIS task, with a
// rising fraction) and then the estimate with its range; the exact log Z it carries
// agrees with the AIS estimate within its range. Before that, a first measurement is
// stopped with the Stop button beside its progress: the progress goes, no figure comes,
// and the lab carries on. Fails on any console or page error.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'rbm_ais.png');
const { log, check, fail, finish } = testReport('rbm_ais');

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const trained = await page.evaluate(async () => {
    window.__busy = [];
    lab.onEvent((e) => { if (e.type === 'busy') window.__busy.push({ task: e.task, fraction: e.fraction, message: e.message }); });
    await lab.send({ cmd: 'step', count: 600 });
    return lab.status().updates;
  });
  check(trained >= 600, `the RBM trained (${trained} updates)`);
  // The button, where the UI drew it (CSS px), clicked as a student would.
  await waitFor(page, () => labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], ['ais', 2]) > 0, null,
                { what: 'the AIS button' });
  const rect = (name) => page.evaluate((n) => [0, 1, 2, 3].map((i) => labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], [n, i])), name);
  const r = await rect('ais');
  // Started, then stopped: Stop appears beside the progress and sends pause.
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await waitFor(page, () => labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], ['stop_measuring', 2]) > 0, null,
                { what: 'the Stop button beside the progress' });
  const s = await rect('stop_measuring');
  await page.mouse.click(s[0] + s[2] / 2, s[1] + s[3] / 2);
  await waitFor(page, () => { const b = window.__busy[window.__busy.length - 1]; return b && !b.message; }, null,
                { what: 'the measurement to stop' });
  const stopped = await page.evaluate(() => ({ m: lab.status().metrics, state: lab.status().state }));
  check(!Number.isFinite(stopped.m.ais_log_likelihood), 'the stopped measurement gave no figure');
  check(stopped.state !== 'error', `the lab carries on after Stop (${stopped.state})`);
  await page.waitForTimeout(300);
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await waitFor(page, () => Number.isFinite(lab.status().metrics.ais_log_likelihood), null,
                { timeout: 120000, what: 'the AIS estimate' });
  await page.mouse.move(5, 790);  // the button's tooltip away
  await page.waitForTimeout(300);
  const out = await page.evaluate(() => ({ m: lab.status().metrics, busy: window.__busy, state: lab.status().state }));
  await screenshot(page, shot);
  const m = out.m;
  const ais = out.busy.filter((b) => b.task === 'ais_log_likelihood');
  check(ais.length >= 2, `progress was reported (${ais.length} busy events of the AIS task)`);
  check(ais.some((b) => b.fraction > 0 && b.fraction < 1), 'a busy event in mid-course');
  log(`AIS ${m.ais_log_likelihood.toFixed(2)} nats (${(m.ais_log_likelihood_low ?? NaN).toFixed(2)} to ` +
      `${(m.ais_log_likelihood_high ?? NaN).toFixed(2)}); log Z ${m.ais_log_partition.toFixed(3)} by AIS, ` +
      `${(m.ais_exact_log_partition ?? NaN).toFixed(3)} exact`);
  check(m.ais_log_likelihood < 0, 'the log-likelihood is negative');
  check(Number.isFinite(m.ais_exact_log_partition), 'the exact check came with it (12 hidden units)');
  check(Math.abs(m.ais_log_partition - m.ais_exact_log_partition) < 0.5, 'AIS agrees with the exact log Z');
  check(m.ais_log_partition_low <= m.ais_exact_log_partition && m.ais_exact_log_partition <= m.ais_log_partition_high,
        'the exact log Z lies within the AIS range');
  check(out.state !== 'error', `the lab is still working (${out.state})`);
  fail.push(...problems(collector));
}, { hash: 'model=rbm&hidden=12' });
finish();
