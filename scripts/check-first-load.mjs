// scripts/check-first-load.mjs [DIST]: what belongs to the first load and what does not.
//
// The page's first load is the first screen (atwalk-app: the walk, the result, the toolbar); the
// full app (atwalk-app-full: the editors, KVM's flowchart, the teaching layer) comes after it
// (src/takeover.rs), and the teaching library's texts are the teaching worker's (src/library.rs).
// In the release build (default dist/): the first screen's wasm holds the first preset's text (the
// default scenario) and none of the full app's rooms; neither app holds any other preset's text
// nor any glossary explanation; the worker's wasm holds them all and the full app's holds its
// rooms (so the check cannot pass by finding nothing anywhere). And the first load (every file of
// dist/ but the full app's and the teaching worker's: index.html, the CSS, the first screen's JS
// and wasm) is within the classroom issue's budget, 260 KB (260,000 bytes) at gzip -9. Run by
// scripts/test.sh after the release build.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const root = new URL('..', import.meta.url).pathname;
const wasm = (re) => {
  const f = readdirSync(dist).find((n) => re.test(n));
  if (!f) throw new Error(`${dist}: no file matching ${re}`);
  return readFileSync(join(dist, f)).toString('latin1');
};
const app = wasm(/^atwalk-app-[0-9a-f]+_bg\.wasm$|^atwalk-app_bg\.wasm$/);
const full = wasm(/^atwalk-app-full_bg\.wasm$/);
const worker = wasm(/^atwalk-teach-worker_bg\.wasm$/);
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
  if (i > 0 && full.includes(n)) problems.push(`the full app carries presets/${f}`);
});
for (const e of glossary) {
  const t = bytes(e.text);
  if (!worker.includes(t)) problems.push(`the worker lacks the glossary's ${e.term}`);
  if (app.includes(t)) problems.push(`the app's first load carries the glossary's explanation of ${e.term}`);
  if (full.includes(t)) problems.push(`the full app carries the glossary's explanation of ${e.term}`);
}
// One text of each of the full app's rooms (src/rooms/full.rs): in the full app, not in the first
// screen. A room moved onto the first screen by mistake shows here.
const rooms = {
  'Map this VA (src/components/editors/build.rs)': 'Write the VA and the PA as addresses',
  'the list of shortcuts (src/components/help.rs)': 'A presentation clicker\'s buttons send Page Up',
  'the address-space map (src/components/map.rs)': 'Address-space map: every mapping the tables define',
};
for (const [room, text] of Object.entries(rooms)) {
  if (!full.includes(bytes(text))) problems.push(`the full app lacks ${room}: the check's text is out of date`);
  if (app.includes(bytes(text))) problems.push(`the first screen carries ${room}`);
}
// The first load's size, file by file.
const BUDGET = 260_000;
const later = /^(atwalk-app-full|atwalk-teach-worker)[._]/;
const first = readdirSync(dist).filter((f) => !later.test(f));
const sizes = first.map((f) => [f, gzipSync(readFileSync(join(dist, f)), { level: 9 }).length]);
const total = sizes.reduce((n, [, b]) => n + b, 0);
if (!first.some((f) => f.endsWith('.wasm'))) problems.push('the first load has no wasm: the check is out of date');
if (total > BUDGET) {
  problems.push(`the first load is ${total} bytes at gzip -9, over the budget of ${BUDGET}: ` +
    sizes.map(([f, b]) => `${f} ${b}`).join(', '));
}
if (problems.length) {
  for (const p of problems) console.log(`    ${p}`);
  process.exit(1);
}
console.log(`    ${files.length} presets and ${glossary.length} glossary entries: in the worker; in the apps, the default preset only; ${Object.keys(rooms).length} rooms of the full app: not in the first screen`);
console.log(`    the first load: ${total} bytes at gzip -9 (${sizes.map(([f, b]) => `${f} ${b}`).join(', ')}), within ${BUDGET}`);
