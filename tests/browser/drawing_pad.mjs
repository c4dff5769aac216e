// drawing_pad.mjs: the "Draw a digit" pad in headless Chromium, with a mouse and a touch screen.
//   node tests/browser/drawing_pad.mjs [siteDir=build/web/site] [shots folder=<site>/..]
// 1. 1280 x 800: the top bar's toggle opens the pad beside the tabs; a vertical mouse
//    stroke gives a 28x28 digit (784 values in [0, 1]) whose ink is in the middle
//    columns, top to bottom; a touch stroke across the top adds to it; Undo takes the
//    touch stroke back (the digit is the mouse stroke's again); Clear empties it.
// 2. 390 x 844 at devicePixelRatio 2 (a phone): the pad opens by a tap, fits the
//    screen, and touch strokes and a tapped dot draw.
// Screenshots of both (drawing_pad.png, drawing_pad_phone.png). The pad is driven
// through pad.mjs (its page hook: labUi._lab_ui_drawing_pad()).
// Fails on any console error, page error, failed request or request off the origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, screenshot, problems, testReport } from './harness.mjs';
import { padState, waitPad, centre, line, mouseStroke, touchStroke } from './pad.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shots = process.argv[3] || path.dirname(site);
const { log, check, fail, finish } = testReport('drawing_pad');

// Where a digit's ink is: its mass, centre of mass (pixel centres at index + 0.5), the
// share of the mass in columns 10..18, how many rows hold ink, the first of them, and
// the widest row (its width and index).
function ink(digit) {
  let mass = 0, row = 0, col = 0, middle = 0, inkRows = 0, firstRow = -1, widest = 0, widestRow = -1;
  for (let r = 0; r < 28; r++) {
    let rowInk = 0;
    for (let c = 0; c < 28; c++) {
      const v = digit[r * 28 + c];
      mass += v; row += v * (r + 0.5); col += v * (c + 0.5);
      if (c >= 10 && c <= 18) middle += v;
      if (v > 0.1) rowInk++;
    }
    if (rowInk > 0 && inkRows++ === 0) firstRow = r;
    if (rowInk > widest) { widest = rowInk; widestRow = r; }
  }
  return { mass, row: row / mass, col: col / mass, middle: middle / mass, inkRows, firstRow, widest, widestRow,
           valid: digit.length === 784 && digit.every((v) => Number.isFinite(v) && v >= 0 && v <= 1) };
}
const barOnTop = (i) => i.valid && i.widest >= 10 && i.widestRow - i.firstRow <= 3;

// The UI still draws frames (no abort, no frozen page).
async function checkAlive(page) {
  const frames = await page.evaluate(() => labUi._lab_ui_frame_count());
  await page.waitForTimeout(300);
  check(await page.evaluate((n) => labUi._lab_ui_frame_count() > n + 2, frames), 'the page still draws frames');
}

async function openPad(page, press) {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const s0 = await padState(page);
  check(!s0.open && s0.strokes === 0 && s0.digit.length === 0, `the pad starts closed and empty: ${JSON.stringify(s0)}`);
  await press(centre(s0.toggle));
  await waitPad(page, 'the pad open on screen', (s) => s.open && s.pad[2] > 100);
  return padState(page);
}

// 1. Desktop: mouse, touch, Undo, Clear.
await withLab(site, async ({ page, collector }) => {
  const s = await openPad(page, (p) => page.mouse.click(p.x, p.y));
  log(`pad at ${s.pad.map(Math.round)} in a 1280 x 800 page`);
  check(s.pad[0] > 640 && s.pad[0] + s.pad[2] <= 1280 && s.pad[1] + s.pad[3] <= 800,
        `the pad sits at the right, on screen: ${s.pad}`);

  await mouseStroke(page, line(s.pad, [0.5, 0.15], [0.52, 0.85]));
  await waitPad(page, 'the mouse stroke\'s digit', (p) => p.strokes === 1 && p.digit.length === 784);
  const one = (await padState(page)).digit, a = ink(one);
  log(`mouse stroke: ink in ${a.inkRows} rows, ${(100 * a.middle).toFixed(1)}% in the middle columns, ` +
      `centre of mass (${a.row.toFixed(2)}, ${a.col.toFixed(2)})`);
  check(a.valid, 'the digit is 784 values in [0, 1]');
  check(a.middle > 0.97 && a.inkRows >= 18 && a.widest <= 6, `a vertical line: ink in the middle columns, top to bottom: ${JSON.stringify(a)}`);
  check(Math.abs(a.row - 14.5) <= 1 && Math.abs(a.col - 14.5) <= 1, `centred by its mass: ${a.row}, ${a.col}`);

  await touchStroke(page, line(s.pad, [0.2, 0.15], [0.8, 0.15]));
  await waitPad(page, 'the touch stroke added', (p) => p.strokes === 2 && p.digit.length === 784);
  const t = ink((await padState(page)).digit);
  log(`touch stroke across the top: widest ink row ${t.widest} pixels (was ${a.widest})`);
  check(barOnTop(t), `a bar across the top: ${JSON.stringify(t)}`);

  const undo = centre((await padState(page)).undo);
  await page.mouse.click(undo.x, undo.y);
  await waitPad(page, 'Undo', (p) => p.strokes === 1);
  const undone = (await padState(page)).digit;
  check(undone.length === 784 && undone.every((v, i) => Math.abs(v - one[i]) < 1e-6),
        'Undo takes the last stroke back: the digit is the first stroke\'s again');
  await screenshot(page, path.join(shots, 'drawing_pad.png'));

  const clear = centre((await padState(page)).clear);
  await page.mouse.click(clear.x, clear.y);
  await waitPad(page, 'Clear', (p) => p.strokes === 0 && p.digit.length === 0);
  const status = await page.evaluate(() => window.lab.status());
  check(!status.error, `no error from the drawing commands: ${status.error}`);
  await checkAlive(page);
  fail.push(...problems(collector));
}, { hasTouch: true });

// 2. A phone: the pad fits, touch strokes and a tapped dot draw.
await withLab(site, async ({ page, collector }) => {
  const s = await openPad(page, (p) => page.touchscreen.tap(p.x, p.y));
  log(`phone: pad at ${s.pad.map(Math.round)} in a 390 x 844 page`);
  check(s.pad[0] >= 0 && s.pad[0] + s.pad[2] <= 390 && s.pad[1] + s.pad[3] <= 844 && s.pad[2] >= 250,
        `the pad fits the phone's screen: ${s.pad}`);
  await touchStroke(page, line(s.pad, [0.3, 0.2], [0.7, 0.2]));
  await touchStroke(page, line(s.pad, [0.7, 0.2], [0.4, 0.85]));
  await waitPad(page, 'touch strokes', (p) => p.strokes === 2 && p.digit.length === 784);
  const seven = ink((await padState(page)).digit);
  check(barOnTop(seven), `a 7 drawn by touch: ${JSON.stringify(seven)}`);
  const dot = { x: s.pad[0] + s.pad[2] * 0.85, y: s.pad[1] + s.pad[3] * 0.85 };
  await page.touchscreen.tap(dot.x, dot.y);
  await waitPad(page, 'a tapped dot', (p) => p.strokes === 3);
  check(ink((await padState(page)).digit).valid, 'with a dot, still a valid digit');
  await screenshot(page, path.join(shots, 'drawing_pad_phone.png'));
  await checkAlive(page);
  fail.push(...problems(collector));
}, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });

finish();
