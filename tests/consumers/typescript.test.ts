/**
 * A TypeScript project type-checks against the installed tarball with `tsc`: strict, its own
 * declarations checked (`skipLibCheck: false`), and the strictest settings users commonly turn on
 * (exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax), once with
 * `module: nodenext` and once with `moduleResolution: bundler`. The code is every example of the
 * docs (docs/examples/, typed params and their `@ts-expect-error`s included), the doors handed to
 * runtimes (tests/fixtures/consumer-ts/doors.ts) and a CommonJS module (commonjs.cts). The project
 * has @types/node and what the examples import (uvu, redis), and neither @types/busboy nor
 * @types/nunjucks: the types of Phial's own dependencies stay out of its declarations.
 */
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, run, sharedProject } from '../helpers/package.ts';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const STRICTEST = {
  target: 'ES2023',
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
};

const SETUPS = {
  nodenext: { module: 'NodeNext', moduleResolution: 'NodeNext' },
  bundler: { module: 'Preserve', moduleResolution: 'bundler' },
} as const;

/** Links a package of the repository's node_modules into the project, as npm would install it. */
function link(dir: string, name: string): void {
  const target = join(dir, 'node_modules', name);
  mkdirSync(join(target, '..'), { recursive: true });
  if (!existsSync(target)) symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
}

function project(): string {
  const dir = sharedProject('typescript');
  if (existsSync(join(dir, 'doors.ts'))) return dir;
  for (const name of ['@types/node', 'uvu', 'redis']) link(dir, name);
  cpSync(join(ROOT, 'docs', 'examples'), join(dir, 'examples'), { recursive: true });
  for (const file of ['doors.ts', 'commonjs.cts']) {
    cpSync(join(ROOT, 'tests', 'fixtures', 'consumer-ts', file), join(dir, file));
  }
  for (const [name, setup] of Object.entries(SETUPS)) {
    const config = {
      compilerOptions: { ...STRICTEST, ...setup },
      include: ['examples', 'doors.ts', 'commonjs.cts'],
    };
    writeFileSync(join(dir, `tsconfig.${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
  }
  return dir;
}

const Types = suite('a TypeScript project on the installed package');

Types("the project has no @types/busboy or @types/nunjucks: Phial's declarations do not need them", () => {
  const dir = project();
  for (const types of ['busboy', 'nunjucks']) {
    assert.not.ok(existsSync(join(dir, 'node_modules', '@types', types)), types);
  }
  assert.ok(existsSync(join(dir, 'node_modules', 'phial', 'dist', 'index.d.ts')));
});

for (const name of Object.keys(SETUPS)) {
  Types(`tsc finds no error with ${name} resolution and the strictest settings`, () => {
    const dir = project();
    const ran = run(process.execPath, [TSC, '-p', `tsconfig.${name}.json`], { cwd: dir, timeoutMs: 180_000 });
    assert.is(ran.output, '', 'no diagnostics');
    assert.is(ran.status, 0);
  });
}

Types('tsc does report a type error there: the check is real', () => {
  const dir = project();
  const broken = join(dir, 'broken');
  mkdirSync(broken, { recursive: true });
  writeFileSync(
    join(broken, 'app.ts'),
    "import { App } from 'phial';\nnew App().get('/<int:id>')(({ params }) => params.id.toUpperCase());\n",
  );
  const config = { compilerOptions: { ...STRICTEST, ...SETUPS.nodenext }, include: ['app.ts'] };
  writeFileSync(join(broken, 'tsconfig.json'), JSON.stringify(config));
  const ran = run(process.execPath, [TSC, '-p', 'broken/tsconfig.json'], { cwd: dir, timeoutMs: 180_000 });
  assert.is(ran.status, 2);
  assert.match(ran.stdout, /Property 'toUpperCase' does not exist on type 'number'/);
});

Types.run();
