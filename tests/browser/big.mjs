// Large scenarios for the browser tests and the large-input benchmark, made on the fly (never
// committed): the example of docs/scenario-format.md padded with more memory words, as a user who
// imports a memory dump would have it.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** The example of docs/scenario-format.md (its walk: hardware PAR 0x81f, KVM's fast path). */
const EXAMPLE_WORDS = [
  ['0x40200000', '0x0000000040201003'],
  ['0x40201008', '0x0000000040202003'],
  ['0x40202008', '0x0000000040400743'],
];

/** The hardware PAR the example's walk gives. */
export const BIG_HW_PAR = '0x000000000000081f';

/**
 * The at-scenario/1 text of the example with `words` memory words in all, as a memory dump has
 * them: every word from 0x40200000 up holds a pseudo-random 32-bit value (so the walk's three
 * tables are full, 512 entries each), except the example's three table words, which keep the
 * walk. About 30 bytes a word: 100,000 words are 3 MB, 1,000,000 are 30 MB.
 */
export function bigScenarioText(words) {
  const parts = [];
  parts.push('{\n  "format": "at-scenario/1",\n');
  parts.push(`  "title": "PAN blocks a privileged read of a user page (${words} words)",\n`);
  parts.push('  "notes": "The example of docs/scenario-format.md padded with memory words.",\n');
  parts.push('  "cpu": {\n    "TCR_EL1": "0x0000000200800019",\n    "TTBR0_EL1": "0x0000000040200000",\n');
  parts.push('    "MAIR_EL1": "0x00000000000000ff",\n    "SCTLR_EL1": "0x0000000000000005",\n');
  parts.push('    "PSTATE_PAN": true\n  },\n  "memory": {\n');
  const table = new Map(EXAMPLE_WORDS.map(([a, v]) => [Number(a), v]));
  const lines = [];
  let x = 0x12345678;
  for (let i = 0; lines.length < words; i++) {
    const at = 0x40200000 + 8 * i;
    x = (Math.imul(x, 1103515245) + 12345) >>> 0; // a fixed LCG: the same file every run
    const v = table.get(at) ?? `0x${((x | 1) >>> 0).toString(16)}`;
    lines.push(`  "0x${at.toString(16)}": "${v}"`);
  }
  parts.push(lines.join(',\n'));
  parts.push('\n  },\n  "ram": [ { "base": "0x40000000", "size": "0x40000000" } ],\n');
  parts.push('  "kvm": { "shadow_s2": "all", "s2_mmu": true },\n');
  parts.push('  "queries": [ { "op": "S1E1RP", "va": "0x0000000000201234" } ]\n}\n');
  return parts.join('');
}

/** Writes big scenarios into a temporary directory; `files[n]` is the path of the n-word file. */
export function bigScenarioFiles(sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'atwalk-big-'));
  const files = {};
  for (const n of sizes) {
    files[n] = join(dir, `big${n}.json`);
    writeFileSync(files[n], bigScenarioText(n));
  }
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
