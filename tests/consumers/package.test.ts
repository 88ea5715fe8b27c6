/**
 * The tarball `npm pack` makes, as a user installs it: what it holds, what publint and
 * @arethetypeswrong/cli say of it, and a production install (`npm install --omit=dev`) that runs
 * the `phial` command with plain node and pulls in no TypeScript tooling.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { npm, packedTarball, ROOT, run, sharedProject } from '../helpers/package.ts';

const BIN = join(ROOT, 'node_modules', '.bin');

function tarballFiles(): string[] {
  return execFileSync('tar', ['-tzf', packedTarball()], { encoding: 'utf8' }).trim().split('\n').sort();
}

const Tarball = suite('the packed tarball');

Tarball('holds dist/, README, LICENSE and package.json, and nothing else of the repository', () => {
  const files = tarballFiles();
  const outside = files.filter((file) => !file.startsWith('package/dist/'));
  assert.equal(outside, ['package/LICENSE', 'package/README.md', 'package/package.json']);
  assert.not.ok(
    files.some((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts')),
    'no TypeScript source',
  );
});

Tarball('dist/ has JavaScript, declarations, declaration maps and source maps for each module', () => {
  const files = new Set(tarballFiles());
  for (const module of ['index', 'app', 'http/request', 'fetch/fetch-request', 'cli/command']) {
    for (const ext of ['.js', '.js.map', '.d.ts', '.d.ts.map']) {
      assert.ok(files.has(`package/dist/${module}${ext}`), `${module}${ext}`);
    }
  }
  assert.ok(files.has('package/dist/cli/bin.mjs'));
});

Tarball('package.json: exports with types and default, the bin in dist/, run-time dependencies only', () => {
  const dir = sharedProject('package');
  const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', 'phial', 'package.json'), 'utf8'));
  assert.equal(manifest.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' });
  assert.equal(manifest.bin, { phial: './dist/cli/bin.mjs' });
  // busboy parses multipart forms, nunjucks runs the templates: nothing for development.
  assert.equal(Object.keys(manifest.dependencies).sort(), ['busboy', 'nunjucks']);
  const bin = readFileSync(join(dir, 'node_modules', 'phial', 'dist', 'cli', 'bin.mjs'), 'utf8');
  assert.ok(bin.startsWith('#!/usr/bin/env node\n'));
  assert.match(bin, /import\('\.\/command\.js'\)|import\("\.\/command\.js"\)/);
});

Tarball('publint reports nothing, warnings and suggestions included', () => {
  const ran = run(join(BIN, 'publint'), ['run', packedTarball(), '--strict', '--level', 'suggestion']);
  assert.is(ran.status, 0, ran.output);
  assert.match(ran.output, /All good!/);
});

Tarball(
  '@arethetypeswrong/cli: types resolve for node10, node16 and bundlers; CommonJS is require(esm)',
  () => {
    const ran = run(join(BIN, 'attw'), [packedTarball(), '--format', 'json']);
    const report = JSON.parse(ran.stdout) as { problems: Record<string, Array<{ resolutionKind: string }>> };
    // An ES module package: a `require` of it is Node's require(esm) (20.19+, 22.12+), which attw
    // reports as its one remark. Anything else it finds fails this test.
    assert.equal(Object.keys(report.problems), ['CJSResolvesToESM']);
    assert.equal(
      report.problems.CJSResolvesToESM!.map((problem) => problem.resolutionKind),
      ['node16-cjs'],
    );
    const strict = run(join(BIN, 'attw'), [packedTarball(), '--ignore-rules', 'cjs-resolves-to-esm']);
    assert.is(strict.status, 0, strict.output);
  },
);

const Production = suite('a production install');

/** The packages Phial's run-time dependencies pull in, following each package.json. */
function runtimeClosure(modules: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
  };
  visit('phial');
  return [...seen].sort();
}

Production('holds Phial and what its run-time dependencies need: no tsx, no esbuild, no TypeScript', () => {
  const modules = join(sharedProject('package'), 'node_modules');
  const installed = readdirSync(modules).filter((name) => !name.startsWith('.'));
  assert.equal(installed.sort(), runtimeClosure(modules));
  for (const tool of ['tsx', 'esbuild', '@esbuild', 'typescript', '@types']) {
    assert.not.ok(existsSync(join(modules, tool)), tool);
  }
});

Production('npx phial routes app.mjs works there, with plain node', () => {
  const dir = sharedProject('package');
  cpSync(join(ROOT, 'tests', 'fixtures', 'consumer', 'app.mjs'), join(dir, 'app.mjs'));
  const ran = npm(['exec', '--offline', '--', 'phial', 'routes', 'app.mjs', '--sort', 'rule'], dir, 60_000);
  assert.match(ran.stdout, /^Endpoint\s+Methods\s+Rule\n/);
  for (const rule of ['/', '/cookies', '/echo', '/user/<int:id>']) {
    assert.match(ran.stdout, new RegExp(`\\s${rule.replace(/[/<>]/g, '\\$&')}\\n`), rule);
  }
});

Tarball.run();
Production.run();
