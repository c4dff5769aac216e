// own_data.mjs: the student's own data in headless Chromium.
//   node tests/browser/own_data.mjs [siteDir=build/web/site]
// 1. images=fashion loads Fashion-MNIST in MNIST's place (its test images carry far
//    more ink than digits); the trained defaults (MNIST models) are refused with a reason.
// 2. "Load points from a CSV file" in the 2-D lab: the file's points become the data;
//    a bad file is refused naming its line, and the points stay.
// 3. "Add from files (CSV or PNG)": two PNGs (dark ink on white, named 1_... and 7_...)
//    join the student's set with their labels, inverted to MNIST's bright ink; a PNG
//    without a digit in its name is refused, naming the file.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitForTrainingSet, waitFor, problems, testReport, settledItemRect } from './harness.mjs';
import { padState, centre } from './pad.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { log, check, fail, finish } = testReport('own_data');

// Clicks the named control and hands the file chooser these files.
async function chooseFiles(page, name, files) {
  const r = await settledItemRect(page, name);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2)]);
  await chooser.setFiles(files);
}
// The next refusal the worker (or the page) sends.
const nextRefusal = (page) => page.evaluate(() => new Promise((resolve) => {
  const off = lab.onEvent((e) => { if (e.type === 'reply' && e.ok === false) { off(); resolve(e.message); } });
}));

// 1. Fashion-MNIST.
await withLab(site, async ({ page, collector }) => {
  const ready = await waitForLabReady(page);
  const all = await waitForTrainingSet(page);
  await waitForLabUi(page);
  const ink = await page.evaluate(() => {
    const d = lab.snapshot().buffers.data;
    return d.reduce((a, b) => a + b, 0) / d.length;
  });
  log(`Fashion-MNIST: ${all.train_count} + ${all.test_count} images, mean grey of the shown test images ${ink.toFixed(3)}`);
  check(all.train_count === 60000 && all.test_count === 10000, 'the whole set');
  check(ready.images === 'fashion', `the ready event names the set: ${ready.images}`);
  check(ink > 0.2, `clothes carry more ink than digits (MNIST about 0.13): ${ink}`);
  const r = await page.evaluate(() => lab.send({ cmd: 'load_default', model: 'rbm' }));
  check(!r.ok && /Fashion-MNIST/.test(r.message), `the MNIST defaults are refused: ${r.message}`);
  fail.push(...problems(collector));
}, { hash: 'images=fashion' });

await withLab(site, async ({ page, collector }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const mnistInk = await page.evaluate(() => {
    const d = lab.snapshot().buffers.data;
    return d.reduce((a, b) => a + b, 0) / d.length;
  });
  check(mnistInk < 0.2, `MNIST by default: mean grey ${mnistInk}`);

  // 2. Points from a CSV file.
  await page.evaluate(() => lab.send({ cmd: 'init', model: 'grbm2d' }));
  await waitFor(page, () => labUi._lab_ui_plane_rect(2) > 0, null, { what: 'the plane' });
  const csv = 'x,y\n' + Array.from({ length: 50 }, (_, i) => `${(i % 10) - 5}, ${Math.floor(i / 10) - 2}`).join('\n') + '\n';
  await chooseFiles(page, 'load points', { name: 'grid.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitFor(page, () => lab.snapshot().buffers.points.length === 100 && lab.status().config.dataset === 'custom', null,
                { what: 'the 50 points of the file' });
  log('grid.csv: 50 points, the data set is custom');
  const refusal = nextRefusal(page);
  await chooseFiles(page, 'load points', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n3,x\n') });
  const message = await refusal;
  log(`bad.csv: ${message}`);
  check(/bad\.csv.*line 2: "x" is not a number/.test(message), `the refusal names the line: ${message}`);
  check(await page.evaluate(() => lab.snapshot().buffers.points.length === 100), 'the points stay');

  // 3. PNG files: dark ink on white paper, drawn here; one without a label in its name.
  const pngs = await page.evaluate(async () => {
    const make = async (draw) => {
      const c = new OffscreenCanvas(56, 56), g = c.getContext('2d');
      g.fillStyle = '#fff'; g.fillRect(0, 0, 56, 56);
      g.strokeStyle = '#000'; g.lineWidth = 6; g.beginPath(); draw(g); g.stroke();
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
      return Array.from(bytes);
    };
    return [await make((g) => { g.moveTo(28, 8); g.lineTo(28, 48); }),
            await make((g) => { g.moveTo(14, 10); g.lineTo(42, 10); g.lineTo(24, 48); })];
  });
  const box = (await padState(page)).toggle;
  await page.mouse.click(centre(box).x, centre(box).y);  // "Draw a digit" opens the column with "Your own digits"
  const userTest = page.evaluate(() => new Promise((resolve) => {
    const off = lab.onEvent((e, buffers) => {
      if (e.type !== 'user_test') return;
      off();
      const d = buffers[0] || [];
      let border = 0, top = 0;
      for (let i = 0; i < d.length; ++i) {
        const x = i % 28, y = Math.floor(i / 28) % 28;
        if (x === 0 || y === 0 || x === 27 || y === 27) border = Math.max(border, d[i]);
        top = Math.max(top, d[i]);
      }
      resolve({ count: e.count, labels: e.labels, border, top });
    });
  }));
  userTest.catch(() => {});  // should the files not arrive, the error that says why is the one reported
  await chooseFiles(page, 'add digit files', [
    { name: '1_mine.png', mimeType: 'image/png', buffer: Buffer.from(pngs[0]) },
    { name: '7_mine.png', mimeType: 'image/png', buffer: Buffer.from(pngs[1]) }]);
  const added = await userTest;
  log(`PNG files: ${JSON.stringify(added)}`);
  check(added.count === 2 && JSON.stringify(added.labels) === '[1,7]', `two digits labelled 1 and 7: ${JSON.stringify(added)}`);
  check(added.top > 0.8 && added.border < 0.1, `dark ink on white became bright ink on black: ${JSON.stringify(added)}`);
  const unlabelled = nextRefusal(page);
  await chooseFiles(page, 'add digit files', [{ name: 'mine.png', mimeType: 'image/png', buffer: Buffer.from(pngs[0]) }]);
  const why = await unlabelled;
  log(`mine.png: ${why}`);
  check(/mine\.png/.test(why) && /not a number/.test(why), `a PNG without a label is refused, naming it: ${why}`);
  fail.push(...problems(collector));
});
finish();
