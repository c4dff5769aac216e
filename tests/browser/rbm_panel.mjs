// rbm_panel.mjs: the RBM panel trains live and stays clean, with screenshots to look at.
//   node tests/browser/rbm_panel.mjs [siteDir=build/web/site] [outDir=build/web/shots]
//   env: DPR (1), TRAIN_MS (25000), WIDTH/HEIGHT (1280x800), HASH (a URL hash to open with)
// Fails (exit 1) on: console/page errors, a snapshot that never reaches the UI, training
// that does not advance, a UI that stops drawing frames.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems } from './harness.mjs';

const site = process.argv[2] || 'build/web/site';
const out = process.argv[3] || path.join(path.dirname(site), 'shots');
const dpr = Number(process.env.DPR || 1);
const trainMs = Number(process.env.TRAIN_MS || 25000);
const viewport = { width: Number(process.env.WIDTH || 1280), height: Number(process.env.HEIGHT || 800) };
const tag = `${viewport.width}x${viewport.height}@${dpr}`;

const result = await withLab(site, async ({ page, collector, url }) => {
  if (process.env.HASH) await page.goto(url + '#' + process.env.HASH, { waitUntil: 'load' });
  await waitForLabUi(page);
  await screenshot(page, path.join(out, `loading-${tag}.png`));
  await waitForLabReady(page);
  await page.waitForTimeout(500);
  const shots = [await screenshot(page, path.join(out, `ready-${tag}.png`))];
  const v0 = await page.evaluate(() => window.labUi._lab_ui_snapshot_version());
  const reply = await page.evaluate(() => window.lab.send({ cmd: 'train' }));
  await page.waitForTimeout(trainMs);
  const f0 = await page.evaluate(() => window.labUi._lab_ui_frame_count());
  await page.waitForTimeout(1000);
  const f1 = await page.evaluate(() => window.labUi._lab_ui_frame_count());
  shots.push(await screenshot(page, path.join(out, `trained-${tag}.png`)));
  // Hover a filter tile to see its tooltip.
  await page.mouse.move(viewport.width * 0.42, viewport.height * 0.25);
  await page.waitForTimeout(400);
  shots.push(await screenshot(page, path.join(out, `hover-${tag}.png`)));
  // The lower half of the right area.
  await page.mouse.move(viewport.width * 0.7, viewport.height * 0.6);
  for (let i = 0; i < 12; ++i) { await page.mouse.wheel(0, 400); await page.waitForTimeout(150); }
  await page.waitForTimeout(600);
  shots.push(await screenshot(page, path.join(out, `scrolled-${tag}.png`)));
  const status = await page.evaluate(() => window.lab.status());
  const v1 = await page.evaluate(() => window.labUi._lab_ui_snapshot_version());
  return { reply, status, v0, v1, fps: f1 - f0, shots, issues: problems(collector), console: collector.console };
}, { viewport, deviceScaleFactor: dpr });

const fail = [...result.issues];
if (!result.reply || !result.reply.ok) fail.push(`train was refused: ${JSON.stringify(result.reply)}`);
if (!(result.v1 > result.v0)) fail.push(`no new snapshot reached the UI (${result.v0} -> ${result.v1})`);
if (!(result.status.updates > 0)) fail.push('no updates were made');
if (!(result.fps >= 2)) fail.push(`the UI drew ${result.fps} frames in a second`);
console.log(`rbm_panel ${tag}: ${result.status.state}, ${result.status.updates} updates, epoch ${result.status.epoch}, ` +
            `snapshots ${result.v0} -> ${result.v1}, ${result.fps} frames/s while training`);
console.log('screenshots: ' + result.shots.join(' '));
if (fail.length) {
  console.log(result.console.join('\n'));
  console.error('rbm_panel FAILED:\n  ' + fail.join('\n  '));
  process.exit(1);
}
console.log('rbm_panel OK');
