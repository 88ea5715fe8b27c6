import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot, watchSources } from '../../lib/cli/reloader.ts';
import { guard } from '../helpers/live.ts';

function tempProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'phial-reloader-'));
  writeFileSync(join(root, 'package.json'), '{}');
  mkdirSync(join(root, 'src', 'views'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
  mkdirSync(join(root, '.git'));
  return root;
}

/** Watches `root` and resolves with the first file reported. */
function firstChange(root: string): { next: Promise<string>; close(): void } {
  let report!: (file: string) => void;
  const next = new Promise<string>((resolve) => {
    report = resolve;
  });
  const watcher = watchSources(root, (file) => report(file));
  return { next: guard(next, 'a change to be reported', 5000), close: () => watcher.close() };
}

const Root = suite('projectRoot');

Root('the nearest directory with a package.json, else the file’s own', () => {
  const root = tempProject();
  try {
    assert.is(projectRoot(join(root, 'src', 'views', 'app.ts')), root);
    const loose = mkdtempSync(join(tmpdir(), 'phial-loose-'));
    assert.is(projectRoot(join(loose, 'app.ts')), loose);
    rmSync(loose, { recursive: true });
  } finally {
    rmSync(root, { recursive: true });
  }
});

Root.run();

const Watch = suite('watchSources');

Watch('reports source files in nested directories, not node_modules, dot dirs or other files', async () => {
  const root = tempProject();
  const watcher = firstChange(root);
  try {
    // The ignored writes come first: the first report is the first file that counts.
    writeFileSync(join(root, 'node_modules', 'dep', 'index.js'), '');
    writeFileSync(join(root, '.git', 'index.ts'), '');
    writeFileSync(join(root, 'src', 'notes.txt'), '');
    writeFileSync(join(root, 'src', 'views', 'page.ts'), 'export {};');
    assert.is(await watcher.next, join(root, 'src', 'views', 'page.ts'));
  } finally {
    watcher.close();
    rmSync(root, { recursive: true });
  }
});

Watch('follows a directory created after it started', async () => {
  const root = tempProject();
  const watcher = firstChange(root);
  try {
    mkdirSync(join(root, 'lib'));
    // The new directory is picked up from its creation event: poll until a file in it is seen.
    const file = join(root, 'lib', 'late.ts');
    let seen = '';
    watcher.next.then(
      (path) => {
        seen = path;
      },
      () => {},
    );
    for (let i = 0; i < 50 && seen === ''; i++) {
      writeFileSync(file, `export const n = ${i};`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.is(seen, file);
  } finally {
    watcher.close();
    rmSync(root, { recursive: true });
  }
});

Watch.run();
