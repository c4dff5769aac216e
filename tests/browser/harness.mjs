// harness.mjs: shared machinery for the browser tests (playwright-core + Debian's Chromium).
//
//   serveStatic(root, {port, isolated, csp})  a tiny static HTTP server on 127.0.0.1 (port 0 =
//                                    any free); isolated: with the two headers that make a page
//                                    cross-origin isolated (COOP same-origin, COEP require-corp);
//                                    every response carries the page's Content-Security-Policy
//                                    (CSP; csp false: none), whose violations are reported to
//                                    the server (CSP_REPORT_PATH) and collected by openPage
//   launchChromium({headless})       Chromium with the flags that work on this kind of machine
//   openPage(browser, url, opts)     a page plus collectors: console errors, page errors,
//                                    failed / >= 400 responses, requests that leave the origin
//                                    (the page's, its frames' and workers', other tabs'), CSP
//                                    violations (the page's, its frames' and workers')
//   waitFor(page, fn, arg, {timeout, what})  poll a page-side condition, with a clear failure message
//   screenshot(page, file)           PNG of the viewport (creates the folder)
//   problems(collector)              the list of collected problems (empty = clean)
//   withLab(siteDir, fn, opts)       serve + launch + open index.html (opts.hash: with #hash), run fn,
//                                    always clean up
//   withSiteVariant(siteDir, edit, fn)  a temporary copy of the site whose MNIST files are
//                                    edit(name, bytes) (name: "<idx file>.gz", bytes gzipped;
//                                    null leaves the file out; data/fashion/ stays as it is); fn(dir)
//   waitForLabUi(page)               the ImGui page drew its first frames with the TTF font
//   waitForLabReady(page)            web/lab.js's worker loaded the engine and the test set (lab.ready)
//   waitForTrainingSet(page)         ... and the training images (status().train_pending false)
//   settledItemRect(page, name)      where the UI last drew the marked control `name` ([x, y, w,
//                                    h], CSS px), once on screen and the same over two frames (a
//                                    layout that an answer or a worker reply just changed moves)
//
// By default no COOP/COEP headers are sent (the lab must work on plain hosting); with
// them (isolated) the page may share memory and the worker runs the threaded engine.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Flags from TOOLCHAIN.md. playwright adds --headless, --no-sandbox and a fresh
// --user-data-dir (a temporary profile) itself.
export const CHROMIUM_ARGS = [
  '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css', '.ttf': 'font/ttf',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',  // the data: bytes the page unpacks itself, so no Content-Encoding
};

export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The page's Content-Security-Policy: the same string as tools/serve.py's CSP and the
// <meta> in index.html and web/embed_example.html (page_security.mjs checks it). Sent
// here with a report-uri, since a worker's violations reach no console the tests see.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
                   "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'";
export const CSP_REPORT_PATH = '/__csp_report';
const cspReports = new Map();  // origin -> [violation text], filled by serveStatic's servers
function reportsOf(origin) {
  if (!cspReports.has(origin)) cspReports.set(origin, []);
  return cspReports.get(origin);
}
// A report-uri report (application/csp-report JSON) as one line.
function violationText(body) {
  let r;
  try { r = JSON.parse(body)['csp-report']; } catch { return `unreadable report: ${body.slice(0, 200)}`; }
  if (!r) return `unreadable report: ${body.slice(0, 200)}`;
  const where = r['source-file'] ? ` at ${r['source-file']}:${r['line-number'] || 0}` : '';
  return `${r['effective-directive'] || r['violated-directive']} refused ${r['blocked-uri'] || '?'} (in ${r['document-uri']}${where})`;
}

export async function serveStatic(root, { port = 0, host = '127.0.0.1', isolated = false, csp = true } = {}) {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`serveStatic: no index.html in ${root} (build the web preset first)`);
  }
  let reports = null;
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === CSP_REPORT_PATH) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('end', () => { reports.push(violationText(body)); res.writeHead(204).end(); });
      return;
    }
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = '/'; }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
        'Content-Length': st.size,
        ...(isolated ? ISOLATION_HEADERS : {}),
        ...(csp ? { 'Content-Security-Policy': `${CSP}; report-uri ${CSP_REPORT_PATH}` } : {}),
        // No "Cache-Control: no-store": with it, Chromium 156 reports the worker's streamed
        // MNIST fetches as net::ERR_ABORTED now and then, although the bodies arrive whole.
      });
      if (req.method === 'HEAD') { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
  const url = `http://${host}:${server.address().port}/`;
  reports = reportsOf(new URL(url).origin);
  reports.length = 0;  // a port used before
  // close ends open connections too: a response still streaming to a browser that has
  // gone (a proxy's upstream, paused by back-pressure) would keep close() waiting for ever.
  return { url, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

export async function launchChromium({ headless = true, args = [] } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless, args: [...CHROMIUM_ARGS, ...args] });
}

// Opens url in a fresh context and collects everything that should fail a test.
// opts.viewport {width, height}, opts.deviceScaleFactor, opts.hasTouch (a touch screen),
// opts.log (echo the console), opts.labOptions (window.latentLabOptions, web/lab.js, set
// before the page's scripts run).
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 },
                                               deviceScaleFactor = 1, hasTouch = false, log = false,
                                               labOptions = null } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, hasTouch });
  const page = await context.newPage();
  if (labOptions) await page.addInitScript((o) => { window.latentLabOptions = o; }, labOptions);
  const origin = new URL(url).origin;
  const c = { consoleErrors: [], pageErrors: [], failedRequests: [], badResponses: [], offOrigin: [], console: [],
              cspViolations: reportsOf(origin) };
  page.on('console', (m) => {
    const line = `[${m.type()}] ${m.text()}`;
    c.console.push(line);
    if (log) console.log(`  page ${line}`);
    if (m.type() === 'error') c.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => c.pageErrors.push(String(e && e.stack || e)));
  // The context's requests: the page's, its frames' and workers', and any tab it opens.
  context.on('request', (r) => {
    const u = r.url();
    if (!/^(data|blob):/.test(u) && new URL(u).origin !== origin) c.offOrigin.push(u);
  });
  page.on('requestfailed', (r) => c.failedRequests.push(`${r.url()} (${r.failure() && r.failure().errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) c.badResponses.push(`${r.status()} ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, collector: c };
}

export function problems(c) {
  return [
    ...c.consoleErrors.map((t) => `console error: ${t}`),
    ...c.pageErrors.map((t) => `page error: ${t}`),
    ...c.failedRequests.map((t) => `request failed: ${t}`),
    ...c.badResponses.map((t) => `HTTP ${t}`),
    ...c.offOrigin.map((t) => `off-origin request: ${t}`),
    ...(c.cspViolations || []).map((t) => `CSP violation: ${t}`),
  ];
}

export async function waitFor(page, fn, arg, { timeout = 30000, what = 'condition' } = {}) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 100 });
  } catch (e) {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
}

export async function screenshot(page, file) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

// Serve siteDir, open its index.html in headless Chromium, run fn({page, collector, url}),
// and always close everything.
export async function withLab(siteDir, fn, opts = {}) {
  const server = await serveStatic(siteDir, opts);
  let browser;
  try {
    browser = await launchChromium(opts);
    const { page, context, collector } = await openPage(browser, server.url + (opts.hash ? '#' + opts.hash : ''), opts);
    try {
      return await fn({ page, collector, url: server.url });
    } finally {
      await context.close();
    }
  } finally {
    if (browser) await browser.close();
    await server.close();
  }
}

// The lab page's own readiness: the first ImGui frame is drawn and the TTF font is in.
export async function waitForLabUi(page, { timeout = 60000 } = {}) {
  await waitFor(page, () => window.labPage && window.labPage.uiReady, null,
                { timeout, what: 'the UI (window.labPage.uiReady)' });
  await waitFor(page, () => window.labPage.fontReady !== undefined, null,
                { timeout, what: 'the UI font (window.labPage.fontReady)' });
  // a few frames after the font arrived, so it is on screen
  const f0 = await page.evaluate(() => window.labUi._lab_ui_frame_count());
  await waitFor(page, (n) => window.labUi._lab_ui_frame_count() >= n, f0 + 3,
                { timeout, what: 'three more frames' });
}

// The worker side: window.lab.ready resolves with the first "ready" event (engine + the
// test set; the training images may still be arriving: waitForTrainingSet).
// Returns that event; throws if the page has no window.lab or the worker reported an error.
export async function waitForLabReady(page, { timeout = 120000 } = {}) {
  const has = await page.evaluate(() => !!(window.lab && window.lab.ready));
  if (!has) throw new Error('window.lab.ready is missing (web/lab.js not loaded?)');
  return page.evaluate((ms) => Promise.race([
    window.lab.ready,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`lab.ready not resolved after ${ms} ms`)), ms)),
  ]), timeout);
}

// The training images are in too (the second "ready"): returns window.lab.status().
export async function waitForTrainingSet(page, { timeout = 120000 } = {}) {
  await waitFor(page, () => window.lab && lab.status().ready && !lab.status().train_pending, null,
                { timeout, what: 'the training images (lab.status().train_pending false)' });
  return page.evaluate(() => lab.status());
}

export async function withSiteVariant(siteDir, edit, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-site-'));
  try {
    for (const f of fs.readdirSync(siteDir)) if (f !== 'data') fs.symlinkSync(path.join(siteDir, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, 'data'));
    for (const f of fs.readdirSync(path.join(siteDir, 'data'))) {
      const from = path.join(siteDir, 'data', f);
      if (fs.statSync(from).isDirectory()) {  // another image set (data/fashion/): as it is
        fs.symlinkSync(from, path.join(dir, 'data', f));
        continue;
      }
      const bytes = edit(f, fs.readFileSync(from));
      if (bytes) fs.writeFileSync(path.join(dir, 'data', f), bytes);
    }
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// A browser test's bookkeeping: log with elapsed seconds, checks that collect
// failures, and the end (exit 1 listing the failures, or "<name> OK").
export async function settledItemRect(page, name) {
  const rect = () => page.evaluate((n) => [0, 1, 2, 3].map((i) =>
    labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], [n, i])), name);
  await waitFor(page, (n) => labUi.ccall('lab_ui_item_rect', 'number', ['string', 'number'], [n, 2]) > 0, name,
                { what: `"${name}" on screen` });
  let r = await rect();
  for (let tries = 0; tries < 20; ++tries) {
    const f0 = await page.evaluate(() => labUi._lab_ui_frame_count());
    await waitFor(page, (f) => labUi._lab_ui_frame_count() >= f + 2, f0, { what: 'two UI frames' });
    const again = await rect();
    if (again.every((x, i) => x === r[i])) break;
    r = again;
  }
  return r;
}

export function testReport(name) {
  const t0 = Date.now();
  const fail = [];
  return {
    fail,
    log: (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a),
    check: (ok, what) => { if (!ok) fail.push(what); },
    finish() {
      if (fail.length) {
        console.error(`${name} FAILED:\n  ` + fail.join('\n  '));
        process.exit(1);
      }
      console.log(`${name} OK`);
    },
  };
}
