// models_manifest.mjs: assets/models/manifest.json from what make_models.sh's
// latent-cli runs printed (JSON lines in DIR: <kind>.save.jsonl, <kind>.f32.jsonl,
// <kind>.int8.jsonl, <kind>.page.jsonl, <kind>.command). For each kind: its file,
// bytes, fingerprint (checked by the page before loading), the command that made it,
// and its figures: the first evaluation after loading (and the exact_ll reply's
// estimate when there is one) on all 10,000 test digits as stored (figures) and
// before reducing its precision (float32_figures), and as the page evaluates it, on
// the first 500 (page_figures, which the unit tests check).
//   node tools/models_manifest.mjs DIR [--keep OLD] kind...   (prints the manifest)
// --keep OLD: the entries of OLD (a manifest) for kinds not listed stay, in OLD's
// order, followed by the listed kinds new to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...rest] = process.argv.slice(2);
const keep = rest[0] === '--keep' ? JSON.parse(readFileSync(rest[1], 'utf8')).models : [];
const kinds = rest[0] === '--keep' ? rest.slice(2) : rest;
const lines = (name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

function figures(name) {
  const events = lines(name);
  const measured = events.find((e) => e.type === 'progress' && e.metrics && Object.keys(e.metrics).length > 0);
  if (!measured) throw new Error(`${name}: no evaluation after loading`);
  const out = { ...measured.metrics };
  for (const e of events) {
    if (e.type === 'reply' && e.ok && e.iw_log_likelihood !== undefined) out.iw_log_likelihood = e.iw_log_likelihood;
  }
  return out;
}

const models = kinds.map((kind) => {
  const saved = lines(`${kind}.save.jsonl`).find((e) => e.event === 'saved');
  if (!saved) throw new Error(`${kind}: the model was not saved`);
  return {
    kind,
    file: `${kind}.lmf`,
    bytes: saved.bytes,
    fingerprint: saved.fingerprint,
    command: readFileSync(join(dir, `${kind}.command`), 'utf8').trim(),
    evaluated_on: 10000,
    figures: figures(`${kind}.int8.jsonl`),
    float32_figures: figures(`${kind}.f32.jsonl`),
    page_figures: figures(`${kind}.page.jsonl`),
  };
});
const made = new Map(models.map((m) => [m.kind, m]));
const merged = keep.map((m) => made.get(m.kind) || m);
for (const m of models) if (!keep.some((k) => k.kind === m.kind)) merged.push(m);
process.stdout.write(JSON.stringify({ version: 1, models: merged }, null, 2) + '\n');
