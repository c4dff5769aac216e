// exercises.mjs: the guided exercises in headless Chromium, as a student works one.
//   node tests/browser/exercises.mjs [siteDir=build/web/site] [screenshot=<site>/../exercises.png]
// The six exercises of assets/exercises/ load; "Set up" of the GRBM exercise opens
// the 2-D lab with d = 3; answers typed with the keyboard are checked (a wrong one
// is marked, the right ones pass once the model is trained); the exercise stays done
// after a reload (localStorage) until "Reset progress".
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport, settledItemRect } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'exercises.png');
const { log, check, fail, finish } = testReport('exercises');

const state = (page) => page.evaluate(() => JSON.parse(labUi.UTF8ToString(labUi._lab_ui_exercises())));
const click = async (page, name) => {
  const r = await settledItemRect(page, name);
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await frames(page, 2);
};
// Two UI frames after an input, not a fixed pause: on a loaded machine a frame can take
// longer than a pause, and keys typed before the click's frame would reach no field.
const frames = async (page, n) => {
  const f0 = await page.evaluate(() => labUi._lab_ui_frame_count());
  await waitFor(page, (f) => labUi._lab_ui_frame_count() >= f, f0 + n, { what: `${n} UI frames` });
};
const answer = async (page, field, text) => {
  await click(page, field);
  // Select all, as a person does: Ctrl held down over frames of its own, A pressed while
  // it is down (a press and release in one frame is kept for the next by main.cpp).
  // Playwright's press('Control+A') can fall across two frames on a loaded machine,
  // the Ctrl's release arriving with the A, which then lands without its Ctrl.
  await page.keyboard.down('Control');
  await frames(page, 1);
  await page.keyboard.press('KeyA');
  await frames(page, 2);
  await page.keyboard.up('Control');
  await frames(page, 1);
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
  await frames(page, 2);
};

await withLab(site, async ({ page, collector, url }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  await click(page, 'Exercises');
  await waitFor(page, () => JSON.parse(labUi.UTF8ToString(labUi._lab_ui_exercises())).count === 6, null,
                { what: 'the six exercises' });
  const s0 = await state(page);
  check(s0.problems.length === 0, `every exercise file reads: ${JSON.stringify(s0.problems)}`);

  await click(page, 'grbm-components title');
  await click(page, 'grbm-components set up');
  await waitFor(page, () => lab.status().model === 'grbm2d' && lab.status().config.hidden === 3, null,
                { what: '"Set up" to open the 2-D lab with d = 3' });
  log('Set up: the 2-D lab with d = 3');

  // Answers: one wrong (6 components for d = 3), then right.
  const right = ['1', '2', '4', '8', '3', '3'];
  for (let i = 0; i < right.length; ++i) await answer(page, `grbm-components q${i + 1}`, i === 3 ? '6' : right[i]);
  await click(page, 'grbm-components check');
  let lines = (await state(page)).lines['grbm-components'];
  log(`with a wrong answer: ${lines.map((l) => (l.ok ? '+' : '-')).join('')}`);
  check(lines.length === 8 && !lines[3].ok && lines[0].ok && lines[4].ok, `the wrong answer is marked: ${JSON.stringify(lines)}`);
  check(!lines[7].ok, 'before training, the components check fails');

  await answer(page, 'grbm-components q4', '8');
  const r = await page.evaluate(() => lab.send({ cmd: 'step', count: 3000 }));
  check(r.ok, 'trained');
  await page.waitForTimeout(500);
  await click(page, 'grbm-components check');
  lines = (await state(page)).lines['grbm-components'];
  log(`after training, right answers: ${lines.map((l) => (l.ok ? '+' : '-')).join('')}`);
  check(lines.every((l) => l.ok), `all right: ${JSON.stringify(lines.filter((l) => !l.ok))}`);
  check((await state(page)).done.includes('grbm-components'), 'the exercise is done');
  await screenshot(page, shot);

  // Kept in the browser: a reload shows it done; Reset progress forgets it.
  await page.reload({ waitUntil: 'load' });
  await waitForLabReady(page);
  await waitForLabUi(page);
  await click(page, 'Exercises');
  await waitFor(page, () => JSON.parse(labUi.UTF8ToString(labUi._lab_ui_exercises())).done.includes('grbm-components'),
                null, { what: 'the done exercise after a reload' });
  await click(page, 'Reset progress');
  check((await state(page)).done.length === 0, 'Reset progress forgets it');
  fail.push(...problems(collector));
});
finish();
