// threads.mjs: the threaded engine where the page is cross-origin isolated. The same
// site is opened three times: served plainly (one thread), with the two isolation
// headers and the page's option threads: 2 (the worker loads engine_worker_mt and a
// helper, on any machine), and isolated with the default (one thread per core but one,
// at most 4: only checked). The first two train an RBM (CD-1, 784-500, batch 100) and a
// VAE (784-400-20) from the same seed for the same updates and save them: the files'
// fingerprints must be equal (the products split by columns sum every element as one
// thread does), the isolated page must report the threads it uses, and nothing else
// may change (no errors, no off-origin requests). A fourth opening is isolated with
// threads: 2 on a copy of the site without the helper threads' script
// (engine_worker_mt.worker.js, as on a hand-copied site): the lab must fall back to one
// thread and train the same model, not stop or hang. The times are printed (a
// measurement, not a check: on two cores the page's drawing takes the second one).
//   node tests/browser/threads.mjs [siteDir=build/web/site]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withLab, waitForLabReady, waitForTrainingSet, problems, testReport } from './harness.mjs';

const site = path.resolve(process.argv[2] || 'build/web/site');
const { log, check, finish } = testReport('threads');
const UPDATES = 100;

async function trainAndSave(isolated, labOptions, updates, dir = site) {
  return withLab(dir, async ({ page, collector }) => {
    await waitForLabReady(page);
    await waitForTrainingSet(page);
    const r = await page.evaluate(async (updates) => {
      const out = { isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency };
      out.threads = (await lab.send({ cmd: 'status' })).status.threads;
      out.runs = {};
      if (!updates) return out;
      const files = {};
      const off = lab.onEvent((e) => { if (e.type === 'model_file') files[e.model] = e.fingerprint; });
      for (const [model, config] of [['rbm', { hidden: 500, batch_size: 100, seed: 7 }],
                                     ['vae', { seed: 7 }]]) {
        const init = await lab.send({ cmd: 'init', model, config });
        const t = performance.now();
        const step = await lab.send({ cmd: 'step', count: updates });
        const ms = performance.now() - t;
        const save = await lab.send({ cmd: 'save_model', model });
        out.runs[model] = { init: init.ok, step: step.ok && step.updates_done, save: save.ok, ms, fingerprint: files[model] };
      }
      off();
      return out;
    }, updates);
    r.problems = problems(collector);
    return r;
  }, { isolated, labOptions });
}

const plain = await trainAndSave(false, null, UPDATES);
const shared = await trainAndSave(true, { threads: 2 }, UPDATES);
const chosen = await trainAndSave(true, null, 0);
const HELPER = 'engine_worker_mt.worker.js';
const noHelperSite = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-site-'));
for (const f of fs.readdirSync(site)) if (f !== HELPER) fs.symlinkSync(path.join(site, f), path.join(noHelperSite, f));
const noHelper = await trainAndSave(true, { threads: 2 }, UPDATES, noHelperSite);
fs.rmSync(noHelperSite, { recursive: true, force: true });
const helperMissing = noHelper.problems.filter((p) => p.includes(HELPER));
check(helperMissing.length > 0, `the site without ${HELPER}: its request fails (${noHelper.problems.join('; ')})`);
noHelper.problems = noHelper.problems.filter((p) => !p.includes(HELPER));
check(noHelper.threads === 1, `without ${HELPER} the isolated page falls back to one thread (got ${noHelper.threads})`);
for (const [name, r] of [['plain', plain], ['isolated, threads 2', shared], ['isolated, default', chosen],
                         [`isolated, threads 2, no ${HELPER}`, noHelper]]) {
  log(`${name}: crossOriginIsolated ${r.isolated}, ${r.cores} cores, ${r.threads} thread(s);`,
      Object.entries(r.runs).map(([m, x]) => `${m} ${UPDATES} updates in ${(x.ms / 1000).toFixed(2)} s`).join(', '));
  check(r.problems.length === 0, `${name} page: ${r.problems.join('; ')}`);
  for (const [m, x] of Object.entries(r.runs)) {
    check(x.init && x.step === UPDATES && x.save && typeof x.fingerprint === 'string',
          `${name} ${m}: init/step/save ${JSON.stringify(x)}`);
  }
}
check(plain.isolated === false && plain.threads === 1, `plain hosting runs one thread (${plain.isolated}, ${plain.threads})`);
check(shared.isolated === true && chosen.isolated === true, 'the headers make the page cross-origin isolated');
check(shared.threads === 2, `the isolated page asked for 2 threads uses them (got ${shared.threads})`);
const expected = Math.max(1, Math.min(4, chosen.cores - 1));
check(chosen.threads === expected, `by default the isolated page uses ${expected} thread(s) on ${chosen.cores} cores (got ${chosen.threads})`);
for (const m of ['rbm', 'vae']) {
  check(plain.runs[m].fingerprint === shared.runs[m].fingerprint,
        `${m}: the same model file on ${shared.threads} threads as on one (${plain.runs[m].fingerprint} vs ${shared.runs[m].fingerprint})`);
  check(plain.runs[m].fingerprint === noHelper.runs[m].fingerprint,
        `${m}: the same model file after the fall-back (${plain.runs[m].fingerprint} vs ${noHelper.runs[m].fingerprint})`);
  log(`${m}: ${(plain.runs[m].ms / shared.runs[m].ms).toFixed(2)}x as fast on ${shared.threads} threads`);
}
finish();
