// grbm_plane.mjs: the 2-D Gaussian-Bernoulli RBM lab in headless Chromium.
//   node tests/browser/grbm_plane.mjs [siteDir=build/web/site] [screenshot=<site>/../grbm_plane.png]
// 1. Through the test hook: the 2-D lab with d = 2 on the grid of Gaussians; training
//    raises the exact log-likelihood and the status reports 4 components; the UI's
//    tab follows (the plane is drawn); screenshot.
// 2. Clicking on the plane adds a point (the data set becomes "custom"); a
//    right-click removes one.
// 3. Bad input: a single point and identical points train without NaN; a point far
//    outside the plane is refused with a message and the data stay as they were.
// Fails on any console error, page error, failed request or request off the origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'grbm_plane.png');
const { log, check, fail, finish } = testReport('grbm_plane');

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);

  // 1. d = 2 on the grid: the exact log-likelihood rises, 4 components carry weight.
  const r = await page.evaluate(async () => {
    const out = {};
    out.init = await lab.send({ cmd: 'init', model: 'grbm2d', config: { dataset: 'grid', hidden: 2 } });
    out.before = (await lab.send({ cmd: 'status' })).status;
    out.step = await lab.send({ cmd: 'step', count: 4000 });
    out.after = (await lab.send({ cmd: 'status' })).status;
    return out;
  });
  const llBefore = r.before.metrics.exact_log_likelihood_train, llAfter = r.after.metrics.exact_log_likelihood_train;
  log(`grid, d = 2: exact log-likelihood ${llBefore?.toFixed(3)} -> ${llAfter?.toFixed(3)} nats/point, ` +
      `${r.after.metrics.components} components after ${r.after.updates} updates`);
  check(r.init.ok && r.init.model === 'grbm2d', `init grbm2d: ${JSON.stringify(r.init)}`);
  check(r.before.model === 'grbm2d', `the active model: ${r.before.model}`);
  check(r.step.ok && r.step.updates_done === 4000, `step: ${JSON.stringify(r.step)}`);
  check(Number.isFinite(llBefore) && Number.isFinite(llAfter) && llAfter > llBefore + 0.5,
        `training raises the exact log-likelihood: ${llBefore} -> ${llAfter}`);
  check(r.after.metrics.components === 4, `4 components: ${r.after.metrics.components}`);
  await waitFor(page, () => labUi._lab_ui_plane_rect(2) > 100, null, { what: 'the plane on screen (its tab opened)' });
  await screenshot(page, shot);
  log(`screenshot ${shot}`);

  // 2. Clicks on the plane: a left click adds a point there, a right click removes it.
  const rect = await page.evaluate(() => [0, 1, 2].map((i) => labUi._lab_ui_plane_rect(i)));
  const count = () => page.evaluate(() => lab.snapshot().buffers.points.length / 2);
  const n0 = await count();
  const at = { x: rect[0] + rect[2] * 0.75, y: rect[1] + rect[2] * 0.25 };  // plane point (4, 4)
  await page.mouse.click(at.x, at.y);
  await waitFor(page, (n) => lab.snapshot().buffers.points.length / 2 === n + 1, n0, { what: 'a point added by a click' });
  const added = await page.evaluate(() => {
    const p = lab.snapshot().buffers.points;
    return { x: p[p.length - 2], y: p[p.length - 1], dataset: lab.status().config.dataset };
  });
  log(`click added (${added.x.toFixed(2)}, ${added.y.toFixed(2)}); data set ${added.dataset}`);
  check(Math.abs(added.x - 4) < 0.3 && Math.abs(added.y - 4) < 0.3, `the point lands where clicked: ${JSON.stringify(added)}`);
  check(added.dataset === 'custom', `the data set becomes custom: ${added.dataset}`);
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await waitFor(page, (n) => lab.snapshot().buffers.points.length / 2 === n, n0, { what: 'a point removed by a right click' });

  // 3. Degenerate and absurd point sets.
  const b = await page.evaluate(async () => {
    const finite = () => Object.values(lab.snapshot().buffers).every((a) => a.every(Number.isFinite));
    const out = {};
    out.single = await lab.send({ cmd: 'points', points: [[1, 1]] });
    out.singleStep = await lab.send({ cmd: 'step', count: 500 });
    out.singleStatus = (await lab.send({ cmd: 'status' })).status;
    await lab.send({ cmd: 'snapshot' });
    out.singleFinite = finite();
    out.same = await lab.send({ cmd: 'points', points: Array.from({ length: 50 }, () => [-2, 3]) });
    out.sameStep = await lab.send({ cmd: 'step', count: 500 });
    out.sameStatus = (await lab.send({ cmd: 'status' })).status;
    await lab.send({ cmd: 'snapshot' });
    out.sameFinite = finite();
    out.far = await lab.send({ cmd: 'points', points: [[0, 0], [1e6, 2]] });
    await lab.send({ cmd: 'snapshot' });
    out.afterFar = lab.snapshot().buffers.points.length / 2;
    out.empty = await lab.send({ cmd: 'points', points: [] });
    return out;
  });
  log('single point:', b.singleStep.ok, b.singleStatus.metrics.exact_log_likelihood_train,
      '| identical points:', b.sameStep.ok, b.sameStatus.metrics.exact_log_likelihood_train, '| far point:', b.far.message);
  check(b.single.ok && b.singleStep.ok && b.singleFinite && Number.isFinite(b.singleStatus.metrics.exact_log_likelihood_train),
        `a single point trains without NaN: ${JSON.stringify(b.singleStep)}`);
  check(b.same.ok && b.sameStep.ok && b.sameFinite && Number.isFinite(b.sameStatus.metrics.exact_log_likelihood_train),
        `identical points train without NaN: ${JSON.stringify(b.sameStep)}`);
  check(!b.far.ok && /100/.test(b.far.message || ''), `a far point is refused with a message: ${JSON.stringify(b.far)}`);
  check(b.afterFar === 50, `the refused set leaves the data as they were: ${b.afterFar}`);
  check(!b.empty.ok, 'an empty point set is refused');
  fail.push(...problems(collector));
});

finish();
