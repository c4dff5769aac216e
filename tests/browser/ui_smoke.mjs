// ui_smoke.mjs: the page starts, draws ImGui on WebGL2, and stays clean.
//   node tests/browser/ui_smoke.mjs [siteDir=build/web/site] [screenshot=build/web/ui_smoke.png]
// Fails (exit 1) on: no first frame, console errors, page errors, failed or >= 400
// requests, any request off the page's origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, screenshot, problems } from './harness.mjs';

const site = process.argv[2] || 'build/web/site';
const shot = process.argv[3] || path.join(path.dirname(site), 'ui_smoke.png');
const dpr = Number(process.env.DPR || 1);

const t0 = Date.now();
const result = await withLab(site, async ({ page, collector }) => {
  await waitForLabUi(page);
  // With web/lab.js present, also wait for the worker (engine + MNIST), so the
  // screenshot shows a settled page and no download is cut off by closing it.
  const withWorker = await page.evaluate(() => !!window.lab);
  const ready = withWorker ? await waitForLabReady(page) : null;
  const info = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { css: [c.clientWidth, c.clientHeight], px: [c.width, c.height], dpr: devicePixelRatio,
             frames: window.labUi._lab_ui_frame_count(), font: window.labPage.fontReady,
             statusHidden: document.getElementById('status').hidden,
             webgl2: !!document.createElement('canvas').getContext('webgl2') };
  });
  info.worker = withWorker ? (ready && ready.type) || 'ready' : 'absent';
  await page.waitForTimeout(300);  // a few frames with the worker's first events
  await screenshot(page, shot);
  return { info, issues: problems(collector), console: collector.console };
}, { deviceScaleFactor: dpr });

const { info, issues } = result;
const fail = [...issues];
if (info.px[0] !== Math.floor(info.css[0] * info.dpr) || info.px[1] !== Math.floor(info.css[1] * info.dpr)) {
  fail.push(`canvas is ${info.px} px for ${info.css} CSS px at dpr ${info.dpr}`);
}
if (info.font !== true) fail.push('the DejaVuSans font was not handed in');
if (!info.statusHidden) fail.push('the loading line is still visible');
console.log(`ui_smoke: ${JSON.stringify(info)} in ${Date.now() - t0} ms; screenshot ${shot}`);
if (fail.length) {
  console.log(result.console.join('\n'));
  console.error('ui_smoke FAILED:\n  ' + fail.join('\n  '));
  process.exit(1);
}
console.log('ui_smoke OK');
