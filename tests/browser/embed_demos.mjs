// embed_demos.mjs: web/embed_example.html, a page standing for course notes with three
// demos in iframes (the 2-D mixture with d = 3, the VAE's latent map, the DBN's
// ancestral samples), served from a sub-path (/notes/lab/) of a plain static server.
//   node tests/browser/embed_demos.mjs [siteDir=build/web/site]
// Checks: each demo shows its model and starts training at the first click on its
// Train button (the iframe unfocused until then); the 2-D demo loads no MNIST; the
// wheel over a demo scrolls the notes; a training demo scrolled out of view pauses
// and carries on when back; "open in the full lab" opens the lab with the demo's
// model and settings and no embed options; a malformed embed link says what is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveStatic, launchChromium, openPage, waitFor, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { log, check, fail, finish } = testReport('embed_demos');

// A plain static site whose /notes/lab/ is the lab.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-notes-'));
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>a course site</title>');
fs.mkdirSync(path.join(root, 'notes'));
fs.symlinkSync(site, path.join(root, 'notes', 'lab'));
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const { page, context, collector } = await openPage(browser, server.url + 'notes/lab/embed_example.html',
                                                       { viewport: { width: 1100, height: 800 } });
  const demos = [{ id: 'plane', model: 'grbm2d' }, { id: 'latent', model: 'vae' }, { id: 'samples', model: 'dbn' }];
  const frameOf = (id) => page.frames().find((f) => f.url().includes('embed=' + id));
  const itemRect = (frame, name) => frame.evaluate((n) => [0, 1, 2, 3].map((i) =>
    labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], [n, i])), name);
  // A control of a demo, in the page's coordinates.
  const at = async (id, name) => {
    const box = await page.locator('#' + id).boundingBox();
    const r = await itemRect(frameOf(id), name);
    if (r[2] <= 0) throw new Error(`"${name}" is not on screen in the ${id} demo`);
    return { x: box.x + 1 + r[0] + r[2] / 2, y: box.y + 1 + r[1] + r[3] / 2 };
  };
  const state = (id) => frameOf(id).evaluate(() => lab.status().state);

  for (const d of demos) {
    await page.evaluate((i) => document.getElementById(i).scrollIntoView({ block: 'center' }), d.id);
    await waitFor(page, (i) => [...document.querySelectorAll('iframe')].some((f) => f.id === i && f.contentWindow &&
                  f.contentWindow.lab && f.contentWindow.lab.status().ready), d.id, { timeout: 120000, what: `the ${d.id} demo` });
    const f = frameOf(d.id);
    await f.waitForFunction((m) => lab.status().model === m && window.labPage.uiReady &&
                            labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], ['embed train', 2]) > 0,
                            d.model, { timeout: 60000 });
    if (d.id !== 'plane') {
      await f.waitForFunction((file) => { const l = lab.status().loads[file]; return l && l.total > 0 && l.loaded === l.total; },
                              d.model + '.lmf', { timeout: 60000 });
    }
    const s = await f.evaluate(() => ({ loads: Object.keys(lab.status().loads), train: lab.status().train_count,
                                        focused: document.hasFocus() }));
    log(`${d.id}: model ${d.model}, files ${JSON.stringify(s.loads)}, focused before the click: ${s.focused}`);
    if (d.id === 'plane') {
      check(s.loads.length === 0 && s.train === 0, `the 2-D demo loads no MNIST: ${JSON.stringify(s)}`);
    } else {
      check(s.loads.includes(d.model + '.lmf'), `trained=1 loads the trained ${d.model}: ${JSON.stringify(s.loads)}`);
    }
    await page.waitForTimeout(1500);  // the trained model in place before Train
    // (A trained DBN has nothing left to train: it goes back to paused at once.)
    await f.evaluate(() => {
      window.sawTraining = false;
      lab.onEvent((e) => { if (e.type === 'progress' && e.state === 'training') window.sawTraining = true; });
    });
    const train = await at(d.id, 'embed train');
    await page.mouse.click(train.x, train.y);  // the first click into this iframe
    await f.waitForFunction(() => window.sawTraining, null, { timeout: 15000 })
      .catch(() => fail.push(`the first click on Train in the ${d.id} demo did not start training`));
    log(`${d.id}: ${await state(d.id)} after one click`);
    if (d.id === 'latent') {
      await page.mouse.click(train.x, train.y);
      await f.waitForFunction(() => lab.status().state !== 'training', null, { timeout: 15000 })
        .catch(() => fail.push(`a second click did not pause the ${d.id} demo`));
    }
  }

  // The 2-D demo is still training: scrolled out of view it pauses, back in view it carries on.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await frameOf('plane').waitForFunction(() => lab.status().state === 'paused', null, { timeout: 10000 })
    .catch(() => fail.push('the 2-D demo kept training out of view'));
  await page.evaluate(() => document.getElementById('plane').scrollIntoView({ block: 'center' }));
  await frameOf('plane').waitForFunction(() => lab.status().state === 'training', null, { timeout: 10000 })
    .catch(() => fail.push('the 2-D demo did not carry on when back in view'));
  log(`out of view and back: ${await state('plane')}`);

  // The wheel over a demo (nothing in it scrolls) scrolls the notes.
  const box = await page.locator('#plane').boundingBox();
  const y0 = await page.evaluate(() => window.scrollY);
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.mouse.wheel(0, 300);
  await waitFor(page, (y) => window.scrollY > y + 100, y0, { what: 'the wheel over a demo to scroll the notes' })
    .catch((e) => fail.push(e.message));
  log(`wheel over the demo: the notes scrolled from ${y0} to ${await page.evaluate(() => window.scrollY)}`);

  // "open in the full lab": a new tab with the demo's model and settings, no embed options.
  await page.evaluate(() => document.getElementById('plane').scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(300);
  const open = await at('plane', 'open in the full lab');
  const [full] = await Promise.all([context.waitForEvent('page', { timeout: 15000 }), page.mouse.click(open.x, open.y)]);
  await full.waitForLoadState('load');
  const url = full.url();
  log(`open in the full lab: ${url.slice(0, 140)}...`);
  check(url.includes('/notes/lab/index.html#model=grbm2d') && url.includes('hidden=3') && !url.includes('embed='),
        `the full lab's link: ${url}`);
  await full.close();
  fail.push(...problems(collector));
  await context.close();

  // A malformed embed link: the demo says what is wrong and the lab keeps working.
  const bad = await openPage(browser, server.url + 'notes/lab/index.html#model=vae&embed=latnet');
  await bad.page.waitForFunction(() => window.lab && lab.status().ready && window.labPage.uiReady, null, { timeout: 120000 });
  await bad.page.waitForTimeout(500);
  const frames = await bad.page.evaluate(() => labUi._lab_ui_frame_count());
  check(frames > 0, 'the page draws after a malformed embed link');
  fail.push(...problems(bad.collector));
  await bad.context.close();
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
}
finish();
