/**
 * `npm run docs:sync`: rewrites every marked code block of README.md and docs/*.md from its
 * example file, so writers never copy code by hand, then lists what is still wrong (blocks
 * without a marker, missing files or regions). Exits 1 when something is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPage, docPages, syncPage } from './doc-examples.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

let failed = false;
for (const page of docPages(root)) {
  const before = read(page);
  const after = syncPage(before, read);
  if (after !== before) {
    writeFileSync(join(root, page), after);
    console.log(`updated ${page}`);
  }
  for (const problem of checkPage(after, read)) {
    failed = true;
    console.error(`${page}:${problem.line}: ${problem.message}`);
  }
}
process.exitCode = failed ? 1 : 0;
