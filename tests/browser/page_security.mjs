// page_security.mjs: the page's Content-Security-Policy (its own origin only, plus
// compiling WebAssembly) and the size limits on the files a student opens.
//   node tests/browser/page_security.mjs [siteDir=build/web/site] [screenshot=<site>/../page_security.png]
// 1. One policy: tools/serve.py's header (on the page, a worker's script, the threads'
//    helper script, a data file), the <meta> of index.html and embed_example.html, and
//    the test server's (harness.mjs CSP) are the same string, with 'wasm-unsafe-eval'
//    and without 'unsafe-eval' or 'unsafe-inline'.
// 2. Served by tools/serve.py (cross-origin isolated; threads: 2, so that the threaded
//    engine and its helper worker start under the header too): the lab starts, trains
//    and draws, with no error.
// 3. Under the test server's policy: the lab loads, trains 5 updates and draws
//    (screenshot), and "Save model" downloads its file (a blob: URL); in the page and in the engine's worker, eval and new Function throw
//    EvalError and a fetch to another origin (a second local server, which sees no
//    request) fails; an injected inline <script> does not run and an inline <style>
//    does not apply. Each is reported by the harness as a CSP violation, and nothing else.
// 4. The harness sees requests that leave the origin where no policy stops them: the
//    site served without the header, whose worker then has no policy.
// 5. Files refused before they are read: a model file over 400 MB and data files over
//    8 MB (CSV and PNG), each with the reason (a refusal the UI shows); the lab still trains.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP, serveStatic, launchChromium, openPage, withLab, waitFor, waitForLabUi, waitForLabReady,
         screenshot, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const shot = process.argv[3] || path.join(path.dirname(site), 'page_security.png');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { log, check, fail, finish } = testReport('page_security');

const metaOf = (html) => (html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/) || [])[1];

// A server on another origin that counts what it is asked for (and would allow it: CORS *).
const asked = [];
const other = http.createServer((req, res) => {
  asked.push(req.url);
  res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' }).end('other origin');
});
await new Promise((r) => other.listen(0, '127.0.0.1', r));
const otherUrl = `http://127.0.0.1:${other.address().port}/`;

async function freePort() {
  const s = http.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

// The lab works: 5 updates, and the UI draws frames.
async function labWorks(page) {
  return page.evaluate(async () => {
    const f0 = labUi._lab_ui_frame_count();
    const step = await lab.send({ cmd: 'step', count: 5 });
    await new Promise((r) => setTimeout(r, 500));
    return { ok: step.ok, updates: step.updates_done, frames: labUi._lab_ui_frame_count() - f0 };
  });
}

// 1. The policy, as written and as served by tools/serve.py.
for (const f of ['index.html', 'embed_example.html']) {
  const meta = metaOf(fs.readFileSync(path.join(site, f), 'utf8'));
  check(meta === CSP, `${f}'s <meta> policy is harness.mjs's CSP:\n    ${meta}\n    ${CSP}`);
}
check(/'wasm-unsafe-eval'/.test(CSP) && !/'unsafe-eval'|'unsafe-inline'|\*/.test(CSP),
      `the policy allows WebAssembly and no eval, inline code or wildcard: ${CSP}`);
const port = await freePort();
const serve = spawn('/usr/bin/python3', [path.join(root, 'tools/serve.py'), site, String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
let serveErr = '';
serve.stderr.on('data', (d) => { serveErr += d; });
try {
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; ++i) {
    try { await fetch(base, { method: 'HEAD' }); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  for (const f of ['', 'web/lab_worker.js', 'engine_worker_mt.worker.js', 'data/t10k-labels-idx1-ubyte.gz']) {
    const res = await fetch(base + f, { method: 'HEAD' });
    const header = res.headers.get('content-security-policy');
    check(res.ok && header === CSP, `tools/serve.py sends the policy with /${f}: ${res.status} ${header}`);
  }

  // 2. The lab as tools/lab.sh serves it.
  const browser = await launchChromium();
  try {
    const { page, context, collector } = await openPage(browser, base, { labOptions: { threads: 2 } });
    try {
      await waitForLabReady(page);
      await waitForLabUi(page);
      const threads = (await page.evaluate(() => lab.send({ cmd: 'status' }))).status.threads;
      const works = await labWorks(page);
      const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
      log(`tools/serve.py: ${threads} thread(s), ${JSON.stringify(works)}`);
      check(meta === CSP, 'the page carries the <meta> policy');
      check(works.ok && works.updates === 5 && works.frames > 0, `served by tools/serve.py the lab trains and draws: ${JSON.stringify(works)}`);
      check(threads === 2, `isolated, the threaded engine and its helper run under the policy (${threads} threads)`);
      fail.push(...problems(collector).map((p) => `tools/serve.py: ${p}`));
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  serve.kill();
  if (serveErr.includes('Traceback')) fail.push(`tools/serve.py: ${serveErr}`);
}

// 3. What the policy refuses, under the test server's header (with its report-uri).
await withLab(site, async ({ page, collector, url }) => {
  await waitForLabReady(page);
  await waitForLabUi(page);
  const works = await labWorks(page);
  log(`the lab under the policy: ${JSON.stringify(works)}`);
  check(works.ok && works.updates === 5 && works.frames > 0, `the lab trains and draws: ${JSON.stringify(works)}`);
  await screenshot(page, shot);
  // "Save model": a download of a blob: URL, which the policy leaves alone.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }),
                                        page.evaluate(() => lab.send({ cmd: 'save_model' }))]);
  const saved = fs.statSync(await download.path()).size;
  log(`saved ${download.suggestedFilename()}: ${saved} bytes`);
  check(/\.lmf$/.test(download.suggestedFilename()) && saved > 1000, `Save model downloads the file: ${download.suggestedFilename()} ${saved}`);

  // Run from a timer, not inside the evaluation: DevTools' own evaluation may eval.
  const attempts = (target) => target.evaluate((url) => new Promise((resolve) => setTimeout(async () => {
    const out = {};
    try { out.eval = String(eval('1 + 1')); } catch (e) { out.eval = e.name; }
    try { out.fn = String(new Function('return 2')()); } catch (e) { out.fn = e.name; }
    try { out.fetch = (await fetch(url + 'from-' + (self.document ? 'page' : 'worker'))).status; } catch (e) { out.fetch = e.name; }
    resolve(out);
  }, 0)), otherUrl);
  const inPage = await attempts(page);
  const worker = page.workers().find((w) => w.url().endsWith('/web/lab_worker.js'));
  const inWorker = worker ? await attempts(worker) : null;
  const inline = await page.evaluate(() => new Promise((resolve) => setTimeout(() => {
    window.inlineRan = false;
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true;';
    document.body.appendChild(s);
    const st = document.createElement('style');
    st.textContent = '#status { letter-spacing: 7px; }';
    document.head.appendChild(st);
    setTimeout(() => resolve({ script: window.inlineRan,
                               style: getComputedStyle(document.getElementById('status')).letterSpacing }), 200);
  }, 0)));
  log(`page: ${JSON.stringify(inPage)}, worker: ${JSON.stringify(inWorker)}, inline: ${JSON.stringify(inline)}`);
  for (const [where, r] of [['page', inPage], ['worker', inWorker]]) {
    check(r && r.eval === 'EvalError' && r.fn === 'EvalError', `eval and new Function are refused in the ${where}: ${JSON.stringify(r)}`);
    check(r && r.fetch === 'TypeError', `a fetch to another origin fails in the ${where}: ${JSON.stringify(r)}`);
  }
  check(inline.script === false, 'an injected inline <script> does not run');
  check(inline.style !== '7px', `an injected inline <style> does not apply (letter-spacing ${inline.style})`);
  check(asked.length === 0, `the other origin was asked for nothing: ${asked.join(' ')}`);

  // The harness reports each (report-uri, from the page and the worker).
  // (a report: "<directive> refused <what> (in <document or worker> ...)")
  const workerUrl = url + 'web/lab_worker.js';
  const from = (doc) => (t) => t.includes(`(in ${doc})`) || t.includes(`(in ${doc} at `);
  const otherOrigin = otherUrl.replace(/\/$/, '');
  const expected = [['page eval', (t) => t.includes('script-src refused eval') && from(url)(t)],
                    ['worker eval', (t) => t.includes('script-src refused eval') && from(workerUrl)(t)],
                    ['page fetch', (t) => t.includes(`connect-src refused ${otherOrigin}`) && from(url)(t)],
                    ['worker fetch', (t) => t.includes(`connect-src refused ${otherOrigin}`) && from(workerUrl)(t)],
                    ['inline script', (t) => t.includes('script-src-elem refused inline') && from(url)(t)],
                    ['inline style', (t) => t.includes('style-src-elem refused inline') && from(url)(t)]];
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && !expected.every(([, is]) => collector.cspViolations.some(is))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const all = problems(collector);
  log(`the harness reports: ${collector.cspViolations.length} CSP violation(s):\n    ${collector.cspViolations.join('\n    ')}`);
  const violation = (p) => p.startsWith('CSP violation: ');
  for (const [what, is] of expected) {
    check(all.some((p) => violation(p) && is(p)), `the harness reports the ${what}: ${all.join('; ')}`);
  }
  // Chromium's own console lines for the page's refusals are the same events.
  const consoleLine = (p) => p.startsWith('console error: ') && p.includes('Content Security Policy') &&
                             (p.includes(otherOrigin) || /inline (script|style) violates/.test(p));
  const others = all.filter((p) => !(violation(p) && expected.some(([, is]) => is(p))) && !consoleLine(p));
  check(others.length === 0, `nothing else is reported: ${others.join('; ')}`);
  collector.cspViolations.length = 0;  // (the same origin's list, should this server be asked again)
});

// 4. Without the header the worker has no policy: its request off the origin goes out,
//    and the harness sees it.
{
  const server = await serveStatic(site, { csp: false });
  const browser = await launchChromium();
  try {
    const { page, context, collector } = await openPage(browser, server.url, { labOptions: { digits: false } });
    try {
      await waitForLabReady(page);
      const worker = page.workers().find((w) => w.url().endsWith('/web/lab_worker.js'));
      const status = await worker.evaluate((url) => fetch(url + 'unguarded').then((r) => r.status, (e) => e.name), otherUrl);
      log(`no header: the worker's fetch to ${otherUrl}: ${status}; seen: ${JSON.stringify(collector.offOrigin)}`);
      check(status === 200 && asked.includes('/unguarded'), `without the header the worker's request goes out (${status})`);
      check(collector.offOrigin.includes(otherUrl + 'unguarded'), `the harness sees the worker's request: ${collector.offOrigin}`);
      check(problems(collector).some((p) => p === `off-origin request: ${otherUrl}unguarded`), 'and reports it');
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

// 5. Files too large for the lab, refused unread: sparse files of the size, on disk.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-big-'));
const bigFile = (name, bytes) => {
  const f = path.join(dir, name);
  fs.closeSync(fs.openSync(f, 'w'));
  fs.truncateSync(f, bytes);
  return f;
};
try {
  const MB = 1 << 20;
  const model = bigFile('huge.lmf', 400 * MB + 1);
  const csv = bigFile('many.csv', 8 * MB + 1);
  const png = bigFile('3_huge.png', 8 * MB + 1);
  const points = bigFile('points.csv', 8 * MB + 1);
  await withLab(site, async ({ page, collector }) => {
    await waitForLabReady(page);
    await waitForLabUi(page);
    const refusals = async (open, files, count) => {
      const got = page.evaluate((n) => new Promise((resolve) => {
        const seen = [];
        const off = lab.onEvent((e) => {
          if (e.type === 'reply' && e.ok === false) seen.push({ id: e.id, message: e.message });
          if (seen.length === n) { off(); resolve(seen); }
        });
        setTimeout(() => { off(); resolve(seen); }, 10000);
      }), count);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.evaluate(open)]);
      await chooser.setFiles(files);
      return got;
    };
    const m = await refusals(() => lab.chooseModelFile(), model, 1);
    const d = await refusals(() => lab.chooseDataFile('digits'), [csv, png], 2);
    const p = await refusals(() => lab.chooseDataFile('points'), points, 1);
    for (const r of [...m, ...d, ...p]) log(`refused: ${r.message}`);
    check(m.length === 1 && m[0].id === null && /huge\.lmf/.test(m[0].message) && /400 MB/.test(m[0].message),
          `the model file over 400 MB is refused by the page, saying why: ${JSON.stringify(m)}`);
    for (const name of ['many.csv', '3_huge.png']) {
      check(d.some((r) => r.id === null && r.message.includes(name) && /8 MB/.test(r.message)),
            `the digit file ${name} over 8 MB is refused by the page, saying why: ${JSON.stringify(d)}`);
    }
    check(p.length === 1 && p[0].id === null && /points\.csv/.test(p[0].message) && /8 MB/.test(p[0].message),
          `the points file over 8 MB is refused by the page, saying why: ${JSON.stringify(p)}`);
    const works = await labWorks(page);
    check(works.ok && works.updates === 5 && works.frames > 0, `the lab still trains and draws: ${JSON.stringify(works)}`);
    fail.push(...problems(collector));
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  other.close();
}
finish();
