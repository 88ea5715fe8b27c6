/**
 * `phial new`: the files it writes and the folders it refuses. That the new app installs from the
 * packed tarball and passes its own test is tested in tests/consumers/new-app.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createNewApp, NewAppError, newAppFiles, ownVersions, packageName } from '../../lib/cli/new-app.ts';

const VERSIONS = { phial: '^1.2.3', tsx: '^4.0.0', typescript: '~5.9', typesNode: '^22.0.0' };
const ROOT_MANIFEST = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'phial-new-'));
}

const Files = suite('phial new: the files');

Files('an app, its test, package.json, tsconfig.json and .gitignore', () => {
  const paths = newAppFiles('shop', VERSIONS).map((file) => file.path);
  assert.equal(paths, ['app.ts', 'test/app.test.ts', 'package.json', 'tsconfig.json', '.gitignore']);
});

Files('package.json: start and test scripts, Phial and the tools at the given versions', () => {
  const file = newAppFiles('shop', VERSIONS).find((f) => f.path === 'package.json')!;
  const manifest = JSON.parse(file.content);
  assert.is(manifest.name, 'shop');
  assert.is(manifest.type, 'module');
  assert.is(manifest.scripts.start, 'phial run app.ts');
  assert.match(manifest.scripts.test, /test\/app\.test\.ts$/);
  assert.equal(manifest.dependencies, { phial: '^1.2.3' });
  assert.equal(manifest.devDependencies, { '@types/node': '^22.0.0', tsx: '^4.0.0', typescript: '~5.9' });
});

Files("the test uses the test client on the app's own routes", () => {
  const files = newAppFiles('shop', VERSIONS);
  const app = files.find((f) => f.path === 'app.ts')!.content;
  const test = files.find((f) => f.path === 'test/app.test.ts')!.content;
  assert.match(app, /from 'phial'/);
  assert.match(test, /app\.testClient\(\)/);
  for (const route of ["'/'", "'/hello/<name>'"]) assert.ok(app.includes(route), route);
});

Files("versions come from Phial's own package.json", () => {
  assert.equal(ownVersions(), {
    phial: `^${ROOT_MANIFEST.version}`,
    tsx: ROOT_MANIFEST.devDependencies.tsx,
    typescript: ROOT_MANIFEST.devDependencies.typescript,
    typesNode: ROOT_MANIFEST.devDependencies['@types/node'],
  });
});

Files('a package name npm accepts, from the folder name', () => {
  assert.is(packageName('shop'), 'shop');
  assert.is(packageName('My Shop'), 'my-shop');
  assert.is(packageName('.hidden'), 'hidden');
  assert.is(packageName('Привет'), 'phial-app');
  assert.is(packageName('a'.repeat(300)).length, 214);
});

const Create = suite('phial new: the folder');

Create('a new folder is created and filled', () => {
  const root = scratch();
  try {
    const dir = join(root, 'My Shop');
    const written = createNewApp(dir, VERSIONS);
    for (const path of written) assert.ok(existsSync(join(dir, path)), path);
    assert.is(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, 'my-shop');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Create('an empty folder is used; a folder with anything in it, or a file, is refused', () => {
  const root = scratch();
  try {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    assert.ok(createNewApp(empty, VERSIONS).length > 0);
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    assert.throws(
      () => createNewApp(busy, VERSIONS),
      (error: Error) => error instanceof NewAppError,
    );
    assert.is(readFileSync(join(busy, 'notes.txt'), 'utf8'), 'mine');
    assert.not.ok(existsSync(join(busy, 'app.ts')), 'nothing written');
    assert.throws(
      () => createNewApp(join(busy, 'notes.txt'), VERSIONS),
      (error: Error) => error instanceof NewAppError && /is a file/.test(error.message),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Files.run();
Create.run();
