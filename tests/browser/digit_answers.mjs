// digit_answers.mjs: the trained defaults answer the student's drawing, in headless Chromium.
//   node tests/browser/digit_answers.mjs [siteDir=build/web/site] [shots folder=<site>/..]
// 1. As a student would: the page opens, the pad opens, "Start from trained" for the
//    deep belief network (load_default: the manifest, the file, its fingerprint); a
//    "1" drawn with the mouse and a "0" drawn by touch make its classifier answer 1
//    and 0; a 7 and a 4 are reported (not required). The time from opening the page to
//    the first answer is reported.
// 2. Every other trained default loads (rbm, grbm, vae, dbm) and answers the drawing
//    (trained, loaded, finite); each model is saved (model_file bytes) and opened
//    again from those bytes; a damaged file is refused and the model kept.
// Screenshot: digit_answers.png. Fails on any console error, page error, failed
// request or request off the origin.
import path from 'node:path';
import { withLab, waitForLabUi, waitForLabReady, waitFor, screenshot, problems, testReport } from './harness.mjs';
import { padState, waitPad, centre, line, arc, mouseStroke, touchStroke } from './pad.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shots = process.argv[3] || path.dirname(site);
const { log, check, fail, finish } = testReport('digit_answers');

// Every drawing event's answers, kept in the page: [{at, kinds, classes, finite}].
function listenToAnswers() {
  window.__answers = [];
  window.lab.onEvent((ev, buffers) => {
    if (ev.type !== 'drawing' || ev.cleared) return;
    const named = {};
    (ev.buffers || []).forEach((b, i) => { named[b.name] = buffers[i]; });
    const probs = named['dbn/class_probs'];
    let best = -1;
    if (probs) best = probs.indexOf(Math.max(...probs));
    const finite = Object.values(named).every((b) => b.every(Number.isFinite));
    window.__answers.push({ at: performance.now(), answers: ev.answers, best, finite,
                            p: probs ? Array.from(probs) : null });
  });
}

// Draws strokes (each a list of points; by mouse or touch), then waits for the
// classifier's answer to the finished digit.
async function drawAndRead(page, strokes, how) {
  const seen = await page.evaluate(() => window.__answers.length);
  for (const s of strokes) await (how === 'touch' ? touchStroke(page, s) : mouseStroke(page, s));
  await waitPad(page, `${strokes.length} strokes`, (p) => p.digit.length === 784);
  // The answer to the last digit sent: wait until answers stop arriving.
  await waitFor(page, (n) => window.__answers.length > n && window.__answers.at(-1).best >= 0, seen,
                { what: 'the classifier\'s answer', timeout: 20000 });
  await page.waitForTimeout(300);
  return page.evaluate(() => window.__answers.at(-1));
}

async function clearPad(page) {
  const clear = centre((await padState(page)).clear);
  await page.mouse.click(clear.x, clear.y);
  await waitPad(page, 'Clear', (p) => p.strokes === 0);
}

await withLab(site, async ({ page, collector }) => {
  await page.evaluate(() => { window.lab.downloads = false; });
  await waitForLabReady(page);
  await page.evaluate(listenToAnswers);
  await waitForLabUi(page);
  const s = await padState(page);
  await page.mouse.click(centre(s.toggle).x, centre(s.toggle).y);
  await waitPad(page, 'the pad open', (p) => p.open && p.pad[2] > 100);
  const pad = (await padState(page)).pad;

  // 1. The DBN's trained default, then a 1 and a 0.
  const loaded = await page.evaluate(() => window.lab.send({ cmd: 'load_default', model: 'dbn' }));
  check(loaded.ok, `the trained DBN loads: ${loaded.message}`);
  const digits = [
    { label: 1, how: 'mouse', strokes: [line(pad, [0.52, 0.12], [0.48, 0.88])] },
    { label: 0, how: 'touch', strokes: [arc(pad, [0.5, 0.5], [0.22, 0.36])] },
    { label: 7, how: 'mouse', strokes: [line(pad, [0.25, 0.18], [0.75, 0.18]), line(pad, [0.75, 0.18], [0.42, 0.88])] },
    { label: 4, how: 'touch', strokes: [line(pad, [0.3, 0.12], [0.25, 0.55]), line(pad, [0.25, 0.55], [0.75, 0.55]),
                                        line(pad, [0.62, 0.2], [0.62, 0.9])] },
  ];
  let right = 0, first = null;
  for (const d of digits) {
    const a = await drawAndRead(page, d.strokes, d.how);
    if (first === null) first = a.at;
    log(`drew a ${d.label} (${d.how}): the classifier reads ${a.best} ` +
        `(p = ${a.p.map((x) => x.toFixed(2)).join(' ')})`);
    check(a.finite, 'every answer is finite');
    if (d.label <= 1) check(a.best === d.label, `the classifier reads the drawn ${d.label} as ${d.label}`);
    right += a.best === d.label;
    if (d.label === 7) await screenshot(page, path.join(shots, 'digit_answers.png'));
    await clearPad(page);
  }
  log(`time from opening the page to the first answer: ${(first / 1000).toFixed(1)} s ` +
      `(the test draws as soon as the DBN has loaded); accuracy on the drawn digits: ${right} of ${digits.length}`);

  // 2. The other defaults answer too; every model saved and opened again; damage refused.
  for (const kind of ['rbm', 'grbm', 'vae', 'dbm']) {
    const r = await page.evaluate((k) => window.lab.send({ cmd: 'load_default', model: k }), kind);
    check(r.ok && r.model === kind, `the trained ${kind} loads: ${r.message}`);
  }
  const a = await drawAndRead(page, [line(pad, [0.5, 0.15], [0.5, 0.85])], 'mouse');
  for (const kind of ['rbm', 'grbm', 'vae', 'dbn', 'dbm']) {
    const ans = a.answers[kind] || {};
    check(ans.trained === true && ans.loaded === true, `the ${kind} answers as a trained, loaded model: ${JSON.stringify(ans)}`);
  }
  check(a.finite, 'every model\'s answer is finite');
  for (const kind of ['rbm', 'grbm', 'vae', 'dbn', 'dbm']) {
    const result = await page.evaluate(async (k) => {
      let bytes = null;
      const off = window.lab.onEvent((ev, buffers) => { if (ev.type === 'model_file') bytes = buffers[0]; });
      const saved = await window.lab.send({ cmd: 'save_model', model: k });
      off();
      if (!saved.ok || !bytes) return { saved };
      const copy = bytes.slice().buffer;
      const opened = await window.lab.send({ cmd: 'load_model', source: k + '.lmf' }, copy);
      const damaged = bytes.slice();
      damaged[damaged.length >> 1] ^= 4;
      const refused = await window.lab.send({ cmd: 'load_model', source: 'damaged.lmf' }, damaged.buffer);
      return { saved, opened, refused, size: bytes.length, model: window.lab.status().model };
    }, kind);
    check(result.saved.ok && result.opened && result.opened.ok && result.opened.model === kind,
          `${kind}: saved (${result.size} bytes) and opened again: ${JSON.stringify(result.opened || result.saved)}`);
    check(result.refused && !result.refused.ok && /damaged/.test(result.refused.message) && result.model === kind,
          `${kind}: a damaged copy is refused, the model kept: ${result.refused && result.refused.message}`);
  }
  fail.push(...problems(collector));
}, { hasTouch: true });

finish();
