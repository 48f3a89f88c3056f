// The map benchmark's scenario for the browser: a fully populated 4-level 4KB tree as large as the
// app holds (250,000 memory words; src/limits.rs). Every table the walk can reach has 512 valid
// entries, as in atwalk-teach's full_tree_4k (786,944 words, which only the command line takes):
// the level 0 table's 512 entries point at 162 level 1 tables in turn (entry i at table i % 162);
// in each level 1 table entry 0 points at a level 2 table and the other 511 are 1GB blocks; in each
// level 2 table entry 0 points at a level 3 table and the other 511 are 2MB blocks; each level 3
// table holds 512 pages. 249,344 words; the map reads 786,944 descriptors, as for the full tree.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const SUBTREES = 162;

/** The at-scenario/1 text of the tree. */
export function treeText() {
  const TABLES = 0x800000000000;
  const table = (n) => TABLES + 0x1000 * n;
  const hex = (v) => `"0x${v.toString(16)}"`;
  const LEAF = (1 << 10) | (0b11 << 8);
  const words = [];
  const put = (a, v) => words.push(`${hex(a)}:${hex(v)}`);
  for (let i = 0; i < 512; i++) put(table(0) + 8 * i, table(1 + (i % SUBTREES)) + 3);
  for (let i = 0; i < SUBTREES; i++) {
    const l1 = table(1 + i);
    const l2 = table(1 + SUBTREES + i);
    const l3 = table(1 + 2 * SUBTREES + i);
    const va1 = i * 2 ** 39;
    put(l1, l2 + 3);
    for (let j = 1; j < 512; j++) put(l1 + 8 * j, va1 + j * 2 ** 30 + LEAF + 1);
    put(l2, l3 + 3);
    for (let k = 1; k < 512; k++) put(l2 + 8 * k, va1 + k * 2 ** 21 + LEAF + 1);
    for (let p = 0; p < 512; p++) put(l3 + 8 * p, va1 + p * 2 ** 12 + LEAF + 3);
  }
  return `{"format":"at-scenario/1","title":"A fully populated 4-level 4KB tree","cpu":{"TCR_EL1":"0x500800010",` +
    `"TTBR0_EL1":${hex(table(0))},"MAIR_EL1":"0xff","SCTLR_EL1":"0x5"},"memory":{${words.join(',')}},` +
    `"queries":[{"op":"S1E1R","va":"0x1234"}]}`;
}

/** Writes the tree to a temporary file; returns its path and its number of words. */
export function treeFile() {
  const dir = mkdtempSync(join(tmpdir(), 'atwalk-tree-'));
  const file = join(dir, 'tree.json');
  const text = treeText();
  writeFileSync(file, text);
  return { file, words: 512 + SUBTREES * 1536, bytes: text.length };
}
