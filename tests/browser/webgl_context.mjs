// webgl_context.mjs: the canvas loses its WebGL context and gets it back, in headless Chromium.
//   node tests/browser/webgl_context.mjs [siteDir=build/web/site] [shots=<site>/../webgl_context]
// 1. The RBM trains 200 updates (then pauses); screenshot "before".
// 2. The context is lost (WEBGL_lose_context): the UI keeps running its frames but draws
//    nothing, and the lab still answers (5 more updates, whose snapshot reaches the UI).
// 3. The context is restored: the UI draws again, with no GL error; screenshot "restored":
//    the pictures are back (the filters as before, the fantasy chains' as busy, the whole
//    canvas about the same).
// 4. Lost and restored again with nothing between: screenshot "again", nearly identical
//    to "restored".
// 5. The VAE tab, trained after the restore (textures made in the new context): its
//    manifold is a picture, not a blank square; screenshot "vae".
// 6. The drawing pad: a stroke, then a second one drawn while the context is lost; once
//    restored, the pad shows both (about twice the ink); screenshot "pad".
// Screenshots in shots/: before, lost, restored, again, vae, pad_before, pad.
// Fails on any console error, page error, failed request, request off the origin, GL
// error left on the context (getError) or console line from WebGL after the first loss
// (an error on a dead object, a buffer the backend thinks larger than it is).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { withLab, waitForLabUi, waitForLabReady, waitFor, settledItemRect, screenshot, problems, testReport }
  from './harness.mjs';
import { padState, centre, line, mouseStroke } from './pad.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shots = process.argv[3] || path.join(path.dirname(site), 'webgl_context');
const { log, check, fail, finish } = testReport('webgl_context');

// An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's screenshots are) as RGB bytes.
function decodePng(buf) {
  let pos = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat = [];
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32BE(pos), name = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (name === 'IHDR') [width, height, depth, type, interlace] = [data.readUInt32BE(0), data.readUInt32BE(4), data[8], data[9], data[12]];
    else if (name === 'IDAT') idat.push(data);
    else if (name === 'IEND') break;
    pos += 12 + len;
  }
  if (depth !== 8 || (type !== 2 && type !== 6) || interlace) throw new Error(`PNG kind not read here: ${depth}/${type}/${interlace}`);
  const bpp = type === 6 ? 4 : 3, stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  let prev = new Uint8Array(stride), cur = new Uint8Array(stride);
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; ++i) {
      const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let p = a;
      if (filter === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = line[i] + [0, a, b, (a + b) >> 1, p][filter];
    }
    for (let x = 0; x < width; ++x) for (let k = 0; k < 3; ++k) rgb[(y * width + x) * 3 + k] = cur[x * bpp + k];
    [prev, cur] = [cur, prev];
  }
  return { width, height, rgb };
}

// Grey level statistics of a rectangle [x, y, w, h] (CSS px = screenshot px at DPR 1).
function stats(img, [x0, y0, w, h] = [0, 0, img.width, img.height]) {
  let n = 0, sum = 0, sq = 0;
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(img.height, Math.round(y0 + h)); ++y) {
    for (let x = Math.max(0, Math.round(x0)); x < Math.min(img.width, Math.round(x0 + w)); ++x) {
      const i = (y * img.width + x) * 3, v = 0.299 * img.rgb[i] + 0.587 * img.rgb[i + 1] + 0.114 * img.rgb[i + 2];
      ++n; sum += v; sq += v * v;
    }
  }
  const mean = sum / Math.max(1, n);
  return { mean: +mean.toFixed(1), std: +Math.sqrt(Math.max(0, sq / Math.max(1, n) - mean * mean)).toFixed(1), n };
}

// Pixels (in a rectangle) brighter than grey level 128: the pad's ink.
function bright(img, [x0, y0, w, h]) {
  let n = 0;
  for (let y = Math.round(y0); y < Math.round(y0 + h); ++y) {
    for (let x = Math.round(x0); x < Math.round(x0 + w); ++x) n += img.rgb[(y * img.width + x) * 3 + 1] > 128;
  }
  return n;
}

// Share of the pixels (in a rectangle) whose colour differs by more than 16 in a channel.
function changed(a, b, [x0, y0, w, h] = [0, 0, a.width, a.height]) {
  let n = 0, d = 0;
  for (let y = Math.round(y0); y < Math.round(y0 + h); ++y) {
    for (let x = Math.round(x0); x < Math.round(x0 + w); ++x) {
      const i = (y * a.width + x) * 3;
      ++n;
      if (Math.abs(a.rgb[i] - b.rgb[i]) > 16 || Math.abs(a.rgb[i + 1] - b.rgb[i + 1]) > 16 ||
          Math.abs(a.rgb[i + 2] - b.rgb[i + 2]) > 16) ++d;
    }
  }
  return +(d / Math.max(1, n)).toFixed(4);
}

await withLab(site, async ({ page, collector }) => {
  const shoot = async (name) => {
    const file = await screenshot(page, path.join(shots, `${name}.png`));
    log(`screenshot ${file}`);
    return decodePng(fs.readFileSync(file));
  };
  const counts = () => page.evaluate(() => ({ frames: labUi._lab_ui_frame_count(), draws: labUi._lab_ui_canvas_draws(),
                                              snapshot: labUi._lab_ui_snapshot_version() }));
  // Frames run and the canvas settles: no draw during the last 600 ms.
  const settle = async () => {
    let last = await counts();
    for (let i = 0; i < 40; ++i) {
      await page.waitForTimeout(600);
      const now = await counts();
      if (now.draws === last.draws && now.frames > last.frames) return now;
      last = now;
    }
    throw new Error('the canvas did not settle');
  };
  // pad.mjs's waitPad, polled from here (its page-side eval is refused by the page's CSP).
  const untilPad = async (what, test) => {
    for (const t0 = Date.now(); Date.now() - t0 < 15000; await page.waitForTimeout(100)) {
      if (test(await padState(page))) return;
    }
    throw new Error(`timed out after 15000 ms waiting for ${what}`);
  };
  // Any GL error the restored context holds (the UI never reads them itself).
  const glErrors = () => page.evaluate(() => {
    const gl = document.getElementById('canvas').getContext('webgl2'), out = [];
    for (let e = gl.getError(), i = 0; e !== gl.NO_ERROR && i < 10; e = gl.getError(), ++i) out.push(e);
    return out;
  });

  await waitForLabReady(page);
  await waitForLabUi(page);
  await page.mouse.move(1270, 790);  // no tooltip in the pictures
  const trained = await page.evaluate(async () => {
    const v0 = labUi._lab_ui_snapshot_version();
    const step = await lab.send({ cmd: 'step', count: 200 });
    return { step, v0 };
  });
  check(trained.step.ok && trained.step.updates_done === 200, `200 updates: ${JSON.stringify(trained.step)}`);
  await waitFor(page, (v) => labUi._lab_ui_snapshot_version() > v, trained.v0, { what: 'the snapshot in the UI' });
  const filters = await settledItemRect(page, 'filters');
  const fantasy = await settledItemRect(page, 'fantasy');
  await settle();
  const before = await shoot('before');
  const consoleBefore = collector.console.length;

  // 2. Lost.
  await page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    window.contextEvents = [];
    canvas.addEventListener('webglcontextlost', () => contextEvents.push('lost'));
    canvas.addEventListener('webglcontextrestored', () => contextEvents.push('restored'));
    window.loseContext = canvas.getContext('webgl2').getExtension('WEBGL_lose_context');
    loseContext.loseContext();
  });
  await waitFor(page, () => contextEvents.includes('lost'), null, { what: 'webglcontextlost' });
  const lost0 = await counts();
  const whileLost = await page.evaluate(async () => {
    const v = labUi._lab_ui_snapshot_version();
    const step = await lab.send({ cmd: 'step', count: 5 });
    return { step, v, state: lab.status().state };
  });
  await waitFor(page, (v) => labUi._lab_ui_snapshot_version() > v, whileLost.v, { what: 'a snapshot while lost' });
  await page.waitForTimeout(1000);
  const lost1 = await counts();
  log(`lost: frames ${lost0.frames} -> ${lost1.frames}, canvas draws ${lost0.draws} -> ${lost1.draws}, ` +
      `snapshot ${whileLost.v} -> ${lost1.snapshot}, step ${JSON.stringify(whileLost.step)}`);
  check(whileLost.step.ok && whileLost.step.updates_done === 5, `the lab answers while lost: ${JSON.stringify(whileLost.step)}`);
  check(lost1.frames >= lost0.frames + 5, `frames go on while lost (${lost0.frames} -> ${lost1.frames})`);
  check(lost1.draws === lost0.draws, `nothing drawn while lost (${lost0.draws} -> ${lost1.draws})`);
  check(await page.evaluate(() => window.labPage.uiReady === true && document.getElementById('status').hidden),
        'the page shows no failure while lost');
  await shoot('lost');

  // 3. Restored.
  await page.evaluate(() => loseContext.restoreContext());
  await waitFor(page, () => contextEvents.includes('restored'), null, { what: 'webglcontextrestored' });
  await waitFor(page, (d) => labUi._lab_ui_canvas_draws() > d, lost1.draws, { what: 'a drawing after the restore' });
  await settle();
  const restoredErrors = await glErrors();
  const restored = await shoot('restored');
  check(restoredErrors.length === 0, `GL errors after the restore: ${restoredErrors}`);
  const s = {
    canvas: [stats(before), stats(restored), changed(before, restored)],
    filters: [stats(before, filters), stats(restored, filters), changed(before, restored, filters)],
    fantasy: [stats(before, fantasy), stats(restored, fantasy), changed(before, restored, fantasy)],
  };
  log(`before -> restored (grey mean/std, share changed): ${JSON.stringify(s)}`);
  const near = (a, b, by) => Math.abs(a - b) <= by;
  check(s.filters[1].std > 20 && near(s.filters[0].mean, s.filters[1].mean, 6) && near(s.filters[0].std, s.filters[1].std, 6) &&
        s.filters[2] < 0.15, `the filters are back as they were: ${JSON.stringify(s.filters)}`);
  check(s.fantasy[1].std > 20 && near(s.fantasy[0].std, s.fantasy[1].std, 0.3 * s.fantasy[0].std),
        `the fantasy chains are a picture again: ${JSON.stringify(s.fantasy)}`);
  check(near(s.canvas[0].mean, s.canvas[1].mean, 3) && near(s.canvas[0].std, s.canvas[1].std, 3) && s.canvas[2] < 0.08,
        `the canvas is drawn as before: ${JSON.stringify(s.canvas)}`);

  // 4. Lost and restored again, nothing changed between.
  const d0 = (await counts()).draws;
  await page.evaluate(() => { contextEvents.length = 0; loseContext.loseContext(); });
  await waitFor(page, () => contextEvents.includes('lost'), null, { what: 'webglcontextlost (again)' });
  await page.waitForTimeout(300);
  await page.evaluate(() => loseContext.restoreContext());
  await waitFor(page, () => contextEvents.includes('restored'), null, { what: 'webglcontextrestored (again)' });
  await waitFor(page, (d) => labUi._lab_ui_canvas_draws() > d, d0, { what: 'a drawing after the second restore' });
  await settle();
  const again = await shoot('again');
  const same = changed(restored, again);
  log(`restored -> again: ${same} of the pixels changed`);
  check(same < 0.002, `the second restore draws the same picture (${same} of the pixels changed)`);

  // 5. Textures made in the restored context: the VAE tab.
  const vae = await page.evaluate(async () => {
    const use = await lab.send({ cmd: 'use', model: 'vae' });
    const step = await lab.send({ cmd: 'step', count: 100 });
    return { use, step };
  });
  check(vae.use.ok && vae.step.ok, `VAE: ${JSON.stringify(vae)}`);
  const manifold = await settledItemRect(page, 'manifold');
  await settle();
  const vaeErrors = await glErrors();
  const shot = await shoot('vae');
  const m = stats(shot, manifold);
  log(`VAE manifold ${JSON.stringify(manifold.map(Math.round))}: ${JSON.stringify(m)}`);
  check(vaeErrors.length === 0, `GL errors on the VAE tab: ${vaeErrors}`);
  check(m.std > 20 && m.mean > 5, `the VAE's manifold is a picture: ${JSON.stringify(m)}`);

  // 6. The drawing pad, drawn on while the context is lost.
  const s0 = await padState(page);
  await page.mouse.click(centre(s0.toggle).x, centre(s0.toggle).y);
  await untilPad('the pad open on screen', (p) => p.open && p.pad[2] > 100);
  const pad = (await padState(page)).pad;
  await mouseStroke(page, line(pad, [0.5, 0.15], [0.52, 0.85]));
  await untilPad('the first stroke', (p) => p.strokes === 1 && p.digit.length === 784);
  await page.mouse.move(1270, 790);
  await settle();
  const oneStroke = bright(await shoot('pad_before'), pad);
  await page.evaluate(() => { contextEvents.length = 0; loseContext.loseContext(); });
  await waitFor(page, () => contextEvents.includes('lost'), null, { what: 'webglcontextlost (pad)' });
  await mouseStroke(page, line(pad, [0.2, 0.5], [0.8, 0.5]));
  await untilPad('the stroke drawn while lost', (p) => p.strokes === 2);
  await page.mouse.move(1270, 790);
  await page.evaluate(() => loseContext.restoreContext());
  await waitFor(page, () => contextEvents.includes('restored'), null, { what: 'webglcontextrestored (pad)' });
  await settle();
  const padErrors = await glErrors();
  const twoStrokes = bright(await shoot('pad'), pad);
  log(`pad ${JSON.stringify(pad.map(Math.round))}: ink pixels ${oneStroke} (one stroke) -> ${twoStrokes} (two, the second drawn while lost)`);
  check(padErrors.length === 0, `GL errors with the pad: ${padErrors}`);
  check(oneStroke > 500 && twoStrokes > 1.5 * oneStroke, `the pad shows both strokes after the restore (${oneStroke} -> ${twoStrokes})`);

  // (Chromium's "GPU stall due to ReadPixels", the screenshots', is no error.)
  const glLines = collector.console.slice(consoleBefore)
    .filter((l) => /WebGL|GL_INVALID|INVALID_(OPERATION|VALUE|ENUM)/.test(l) && !/GL Driver Message \(OpenGL, Performance/.test(l));
  check(glLines.length === 0, `WebGL console lines: ${glLines.join(' | ')}`);
  fail.push(...problems(collector));
});

finish();
