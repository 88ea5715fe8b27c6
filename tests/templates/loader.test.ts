import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TemplateNotFound } from '../../lib/templates/errors.ts';
import { FolderLoader, templatePathParts } from '../../lib/templates/loader.ts';

const Loader = suite('templates/loader');
let root = '';

Loader.before(() => {
  root = mkdtempSync(join(tmpdir(), 'phial-loader-'));
  for (const folder of ['app', 'bp']) mkdirSync(join(root, folder, 'sub'), { recursive: true });
  writeFileSync(join(root, 'app', 'page.html'), 'app page');
  writeFileSync(join(root, 'bp', 'page.html'), 'blueprint page');
  writeFileSync(join(root, 'bp', 'sub', 'only.html'), 'only in the blueprint');
  writeFileSync(join(root, 'secret.txt'), 'outside');
});

Loader.after(() => rmSync(root, { recursive: true, force: true }));

Loader('the first folder that has the file wins; later folders are searched after', () => {
  const loader = new FolderLoader(() => [join(root, 'app'), join(root, 'bp')]);
  assert.is(loader.load('page.html').source, 'app page');
  assert.is(loader.load('sub/only.html').source, 'only in the blueprint');
  assert.is(loader.load('./sub//only.html').path, join(root, 'bp', 'sub', 'only.html'));
});

Loader('a missing template names itself and every folder searched', () => {
  const loader = new FolderLoader(() => [join(root, 'app'), join(root, 'bp')]);
  try {
    loader.load('nope.html');
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, TemplateNotFound);
    assert.match(
      (error as Error).message,
      `Template 'nope.html' not found (searched: ${join(root, 'app')}, ${join(root, 'bp')})`,
    );
  }
  assert.throws(
    () => loader.load('sub'),
    (e: Error) => e instanceof TemplateNotFound,
    'a folder is not a template',
  );
});

Loader('.. never climbs out of a folder', () => {
  const loader = new FolderLoader(() => [join(root, 'app')]);
  assert.is(templatePathParts('../secret.txt'), null);
  assert.is(templatePathParts('a\\..\\b'), null);
  assert.equal(templatePathParts('/a/./b.html'), ['a', 'b.html']);
  assert.throws(
    () => loader.load('../secret.txt'),
    (e: Error) => e instanceof TemplateNotFound,
  );
});

Loader('upToDate sees a changed modification time', () => {
  const loader = new FolderLoader(() => [join(root, 'app')]);
  const loaded = loader.load('page.html');
  assert.ok(loader.upToDate(loaded));
  utimesSync(loaded.path, new Date(), new Date(Date.now() + 5000));
  assert.not.ok(loader.upToDate(loaded));
});

Loader.run();
