/**
 * The docs cannot rot: every `ts` block of README.md and docs/*.md is a region of a file under
 * docs/examples (byte for byte, see tests/helpers/doc-examples.ts), and every example file runs
 * here: modules export `check()`, `*.test.ts` files register their own suites, and programs
 * (files that call `app.run()`) are started in a child process and asked for a page.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as articleApp from '../docs/examples/article/app.ts';
import * as articleLogin from '../docs/examples/article/login.ts';
import * as cookies from '../docs/examples/cookies.ts';
import * as cookieFunctions from '../docs/examples/cookies-functions.ts';
import * as quickstartTests from '../docs/examples/quickstart/app.test.ts';
import type {} from '../docs/examples/quickstart/server.ts';
import * as routingBlueprints from '../docs/examples/routing-blueprints.ts';
import * as routingCustom from '../docs/examples/routing-custom.ts';
import * as routingRules from '../docs/examples/routing-rules.ts';
import * as routingTypes from '../docs/examples/routing-types.ts';
import * as routingUrls from '../docs/examples/routing-urls.ts';
import * as staticFiles from '../docs/examples/static-files/app.ts';
import {
  checkPage,
  docPages,
  exampleFiles,
  extractRegion,
  findCodeBlocks,
  parseMarker,
  syncPage,
} from './helpers/doc-examples.ts';
import { guard } from './helpers/live.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** An example module: `check()` runs it; a `*.test.ts` example registers uvu suites on import instead. */
interface Example {
  check?: () => unknown;
}

/** Every example module, by path. A new file under docs/examples must be listed here (or in PROGRAMS). */
const MODULES: Record<string, Example> = {
  'docs/examples/article/app.ts': articleApp,
  'docs/examples/article/login.ts': articleLogin,
  'docs/examples/cookies.ts': cookies,
  'docs/examples/cookies-functions.ts': cookieFunctions,
  'docs/examples/quickstart/app.test.ts': quickstartTests,
  'docs/examples/routing-blueprints.ts': routingBlueprints,
  'docs/examples/routing-custom.ts': routingCustom,
  'docs/examples/routing-rules.ts': routingRules,
  'docs/examples/routing-types.ts': routingTypes,
  'docs/examples/routing-urls.ts': routingUrls,
  'docs/examples/static-files/app.ts': staticFiles,
};

/** Example modules without a check() of their own, by the example module that runs them. */
const RUN_BY: Record<string, string> = {
  'docs/examples/quickstart/app.ts': 'docs/examples/quickstart/app.test.ts',
};

/** Examples that serve an app: started with PORT=0, then `path` must answer 200 with `text` in it. */
const PROGRAMS: Record<string, { path: string; text: string }> = {
  'docs/examples/article/server.ts': { path: '/get_cookie', text: 'Куки "username" не найдены.' },
  'docs/examples/quickstart/server.ts': { path: '/', text: 'Hello, stranger!' },
};

const pages = suite('docs: code blocks');

for (const page of docPages(root)) {
  pages(`${page}: every ts block is its example's region`, () => {
    const problems = checkPage(read(page), read).map(({ line, message }) => `${page}:${line}: ${message}`);
    assert.ok(problems.length === 0, `\n${problems.join('\n')}`);
  });
}

pages.run();

const examples = suite('docs: examples');

examples('every file under docs/examples is listed in MODULES, RUN_BY or PROGRAMS', () => {
  const listed = [...Object.keys(MODULES), ...Object.keys(RUN_BY), ...Object.keys(PROGRAMS)].sort();
  assert.equal(exampleFiles(root), listed);
  for (const runner of Object.values(RUN_BY)) assert.ok(runner in MODULES, `${runner} is not in MODULES`);
});

for (const [path, example] of Object.entries(MODULES)) {
  if (path.endsWith('.test.ts')) continue;
  examples(`${path} passes its check()`, async () => {
    assert.type(example.check, 'function', `${path} must export check()`);
    await example.check!();
  });
}

examples.run();

const programs = suite('docs: programs');

/** Runs a program on a free port, fetches `path`, then stops it with SIGTERM (a graceful close). */
async function runProgram(file: string, path: string): Promise<{ status: number; text: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SECRET_KEY: 'docs test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const collect = (chunk: string): void => {
      output += chunk;
      const found = /Running on (http:\/\/[^/\s]+)/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    exited.then(() => reject(new Error(`${file} exited before listening:\n${output}`)));
  });
  try {
    const url = await guard(listening, `${file} to listen`, 15_000);
    const response = await fetch(url + path);
    return { status: response.status, text: await response.text() };
  } finally {
    child.kill('SIGTERM');
    await guard(exited, `${file} to exit`);
  }
}

for (const [file, { path, text }] of Object.entries(PROGRAMS)) {
  programs(`${file} serves ${path}`, async () => {
    const result = await runProgram(file, path);
    assert.is(result.status, 200);
    assert.ok(
      result.text.includes(text),
      `expected ${JSON.stringify(text)} in ${JSON.stringify(result.text)}`,
    );
  });
}

programs.run();

const helper = suite('doc-examples');

const EXAMPLE = [
  "import { App } from 'phial';",
  '// #region app',
  'const app = new App();',
  '// #region view',
  'function view() {',
  "  return 'Hi';",
  '}',
  '// #endregion view',
  '// #endregion app',
  'export async function check() {',
  '  // #region inner',
  "  await app.testClient().get('/');",
  '  // #endregion inner',
  '}',
].join('\n');

helper('extractRegion strips nested markers and common indentation', () => {
  assert.is(extractRegion(EXAMPLE, 'app'), "const app = new App();\nfunction view() {\n  return 'Hi';\n}");
  assert.is(extractRegion(EXAMPLE, 'view'), "function view() {\n  return 'Hi';\n}");
  assert.is(extractRegion(EXAMPLE, 'inner'), "await app.testClient().get('/');");
  assert.ok(extractRegion(EXAMPLE, null).startsWith("import { App } from 'phial';\nconst app"));
});

helper('extractRegion throws on missing, unclosed and repeated regions', () => {
  assert.throws(() => extractRegion(EXAMPLE, 'nope'), /no '\/\/ #region nope'/);
  assert.throws(() => extractRegion('// #region a\nx', 'a'), /never closed/);
  assert.throws(() => extractRegion('// #region a\n// #endregion a\n// #region a\n', 'a'), /opened twice/);
});

helper('parseMarker reads a path and an optional region', () => {
  assert.equal(parseMarker('<!-- example: docs/examples/a.ts#b-c -->'), {
    path: 'docs/examples/a.ts',
    region: 'b-c',
  });
  assert.equal(parseMarker('  <!--example: docs/examples/a.ts-->'), {
    path: 'docs/examples/a.ts',
    region: null,
  });
  assert.is(parseMarker('<!-- a comment -->'), null);
});

const files: Record<string, string> = { 'docs/examples/a.ts': EXAMPLE };
const readFake = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT');
  return text;
};

helper('findCodeBlocks finds indented blocks, their language and marker', () => {
  const page =
    'x\n- item:\n\n  <!-- example: docs/examples/a.ts#view -->\n  ```ts\n  a\n    b\n  ```\n\n```sh\nls\n```\n';
  const blocks = findCodeBlocks(page);
  assert.is(blocks.length, 2);
  assert.equal(blocks[0]!.source, { path: 'docs/examples/a.ts', region: 'view' });
  assert.is(blocks[0]!.content, 'a\n  b');
  assert.is(blocks[0]!.indent, '  ');
  assert.is(blocks[1]!.lang, 'sh');
  assert.is(blocks[1]!.source, null);
});

helper('checkPage reports ts blocks without a marker, stale blocks and missing examples', () => {
  const unmarked = checkPage('# T\n\n```ts\nx\n```\n\n```sh\nls\n```\n', readFake);
  assert.equal(
    unmarked.map((problem) => problem.line),
    [3],
  );
  const stale = checkPage('<!-- example: docs/examples/a.ts#inner -->\n```ts\nold\n```\n', readFake);
  assert.match(stale[0]!.message, 'differs from docs/examples/a.ts#inner');
  const missing = checkPage('<!-- example: docs/examples/b.ts#x -->\n```ts\nx\n```\n', readFake);
  assert.match(missing[0]!.message, 'does not exist');
  const noRegion = checkPage('<!-- example: docs/examples/a.ts#x -->\n```ts\nx\n```\n', readFake);
  assert.match(noRegion[0]!.message, "no '// #region x'");
  assert.equal(
    checkPage(
      "<!-- example: docs/examples/a.ts#inner -->\n```ts\nawait app.testClient().get('/');\n```",
      readFake,
    ),
    [],
  );
});

helper('syncPage rewrites stale blocks with the fence indentation, and leaves the rest', () => {
  const page =
    '- a\n\n  <!-- example: docs/examples/a.ts#view -->\n  ```ts\n  old\n  ```\n\n```ts\nuntouched\n```\n';
  const synced = syncPage(page, readFake);
  assert.is(
    synced,
    "- a\n\n  <!-- example: docs/examples/a.ts#view -->\n  ```ts\n  function view() {\n    return 'Hi';\n  }\n  ```\n\n```ts\nuntouched\n```\n",
  );
  assert.equal(
    checkPage(synced, readFake).map((problem) => problem.line),
    [10],
  );
});

helper.run();
