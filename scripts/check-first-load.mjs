// scripts/check-first-load.mjs [DIST]: the teaching library's texts belong to the teaching worker,
// not to the app's first load (src/library.rs). In the release build (default dist/), the app's
// wasm must hold the first preset's text (the default scenario) and no other preset's text nor
// any glossary explanation; the worker's wasm must hold them all (so the check cannot pass by
// finding nothing anywhere). Run by scripts/test.sh after the release build.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const root = new URL('..', import.meta.url).pathname;
const wasm = (prefix) => {
  const f = readdirSync(dist).find((n) => n.startsWith(prefix) && n.endsWith('_bg.wasm'));
  if (!f) throw new Error(`${dist}: no ${prefix}*_bg.wasm`);
  return readFileSync(join(dist, f)).toString('latin1');
};
const app = wasm('atwalk-app');
const worker = wasm('atwalk-teach-worker');
// The bytes of a UTF-8 string as they stand in a wasm file read as latin1.
const bytes = (s) => Buffer.from(s, 'utf8').toString('latin1');

const index = JSON.parse(readFileSync(join(root, 'presets/index.json'), 'utf8'));
const files = index.chapters.flatMap((c) => c.presets.map((p) => p.file));
// A preset file's text is included whole: its notes, as the file spells them, find it.
const notes = (file) => {
  const text = readFileSync(join(root, 'presets', file), 'utf8');
  const line = text.split('\n').find((l) => l.trimStart().startsWith('"notes"'));
  return bytes(line.trim().slice(0, 80));
};
const glossary = JSON.parse(readFileSync(join(root, 'crates/atwalk-teach/data/glossary.json'), 'utf8'));

const problems = [];
files.forEach((f, i) => {
  const n = notes(f);
  if (!worker.includes(n)) problems.push(`the worker lacks presets/${f}`);
  if (i === 0 && !app.includes(n)) problems.push(`the app lacks its default scenario, presets/${f}`);
  if (i > 0 && app.includes(n)) problems.push(`the app's first load carries presets/${f}`);
});
for (const e of glossary) {
  const t = bytes(e.text);
  if (!worker.includes(t)) problems.push(`the worker lacks the glossary's ${e.term}`);
  if (app.includes(t)) problems.push(`the app's first load carries the glossary's explanation of ${e.term}`);
}
if (problems.length) {
  for (const p of problems) console.log(`    ${p}`);
  process.exit(1);
}
console.log(`    ${files.length} presets and ${glossary.length} glossary entries: in the worker; in the app, the default preset only`);
