/**
 * The docs cannot rot: every `ts` block of README.md and docs/*.md is a region of a file under
 * docs/examples (byte for byte, see tests/helpers/doc-examples.ts), and every example file runs
 * here: modules export `check()`, `*.test.ts` files register their own suites, and programs
 * (files that call `app.run()`) are started in a child process and asked for a page. Every example
 * is imported here, so `tsc` checks it too: programs and type-checked-only examples with
 * `import type {}`, which runs nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as articleApp from '../docs/examples/article/app.ts';
import * as articleLogin from '../docs/examples/article/login.ts';
import type {} from '../docs/examples/article/server.ts';
import * as cookies from '../docs/examples/cookies.ts';
import * as cookieFunctions from '../docs/examples/cookies-functions.ts';
import * as deploying from '../docs/examples/deploying.ts';
import type {} from '../docs/examples/deploying-redis.ts';
import type {} from '../docs/examples/deploying-server.ts';
import * as flask from '../docs/examples/flask.ts';
import * as quickstartTests from '../docs/examples/quickstart/app.test.ts';
import type {} from '../docs/examples/quickstart/server.ts';
import * as requestResponse from '../docs/examples/request-response.ts';
import * as routingBlueprints from '../docs/examples/routing-blueprints.ts';
import * as routingCustom from '../docs/examples/routing-custom.ts';
import * as routingRules from '../docs/examples/routing-rules.ts';
import * as routingTypes from '../docs/examples/routing-types.ts';
import * as routingUrls from '../docs/examples/routing-urls.ts';
import * as runtimesApp from '../docs/examples/runtimes/app.ts';
import type {} from '../docs/examples/runtimes/server.ts';
import * as securityCsrf from '../docs/examples/security-csrf.ts';
import * as securityCsrfTokens from '../docs/examples/security-csrf-tokens.ts';
import * as server from '../docs/examples/server.ts';
import type {} from '../docs/examples/server-access-log.ts';
import type {} from '../docs/examples/server-debug.ts';
import type {} from '../docs/examples/server-handler.ts';
import type {} from '../docs/examples/server-hello.ts';
import * as sessionsCookies from '../docs/examples/sessions-cookies.ts';
import * as sessionsFlash from '../docs/examples/sessions-flash.ts';
import type {} from '../docs/examples/sessions-redis.ts';
import * as staticFiles from '../docs/examples/static-files/app.ts';
import * as templatesApp from '../docs/examples/templates/app.ts';
import * as templatesHtml from '../docs/examples/templates/html.ts';
import * as testingFirstTest from '../docs/examples/testing/cookies.test.ts';
import * as testingRequests from '../docs/examples/testing-requests.ts';
import * as testingState from '../docs/examples/testing-state.ts';
import { MEMORY_STORE_WARNING } from '../lib/sessions/memory-store.ts';
import {
  checkPage,
  docPages,
  exampleFiles,
  extractRegion,
  findCodeBlocks,
  parseMarker,
  syncPage,
} from './helpers/doc-examples.ts';
import { PROCESS_TIMEOUT, startProcess } from './helpers/process.ts';
import { type RedisServer, startRedis, withRedis } from './helpers/redis.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** An example module: `check()` runs it; a `*.test.ts` example registers uvu suites on import instead. */
interface Example {
  check?: () => unknown;
}

/** Every example module, by path. A new file under docs/examples must be listed here or in a table below. */
const MODULES: Record<string, Example> = {
  'docs/examples/article/app.ts': articleApp,
  'docs/examples/article/login.ts': articleLogin,
  'docs/examples/cookies-functions.ts': cookieFunctions,
  'docs/examples/cookies.ts': cookies,
  'docs/examples/deploying.ts': deploying,
  'docs/examples/flask.ts': flask,
  'docs/examples/quickstart/app.test.ts': quickstartTests,
  'docs/examples/request-response.ts': requestResponse,
  'docs/examples/routing-blueprints.ts': routingBlueprints,
  'docs/examples/routing-custom.ts': routingCustom,
  'docs/examples/routing-rules.ts': routingRules,
  'docs/examples/routing-types.ts': routingTypes,
  'docs/examples/routing-urls.ts': routingUrls,
  'docs/examples/runtimes/app.ts': runtimesApp,
  'docs/examples/security-csrf-tokens.ts': securityCsrfTokens,
  'docs/examples/security-csrf.ts': securityCsrf,
  'docs/examples/server.ts': server,
  'docs/examples/sessions-cookies.ts': sessionsCookies,
  'docs/examples/sessions-flash.ts': sessionsFlash,
  'docs/examples/static-files/app.ts': staticFiles,
  'docs/examples/templates/app.ts': templatesApp,
  'docs/examples/templates/html.ts': templatesHtml,
  'docs/examples/testing-requests.ts': testingRequests,
  'docs/examples/testing-state.ts': testingState,
  'docs/examples/testing/cookies.test.ts': testingFirstTest,
};

/**
 * Example modules that print a warning when imported, as a user running them sees it (a MemoryStore
 * says, once per process, that it keeps sessions in this process only). Their test imports them
 * with the warning captured and checked, so that it does not land in the suite's output.
 */
const WARN_ON_IMPORT: Record<string, { load: () => Promise<Example>; warning: string }> = {
  'docs/examples/sessions-interfaces.ts': {
    load: () => import('../docs/examples/sessions-interfaces.ts'),
    warning: MEMORY_STORE_WARNING,
  },
  'docs/examples/sessions-server-side.ts': {
    load: () => import('../docs/examples/sessions-server-side.ts'),
    warning: MEMORY_STORE_WARNING,
  },
};

/** Example modules without a check() of their own, by the example module that runs them. */
const RUN_BY: Record<string, string> = {
  'docs/examples/quickstart/app.ts': 'docs/examples/quickstart/app.test.ts',
};

/** What a program must answer once it listens. */
interface ProgramCheck {
  /** Requested with GET once the program prints `Running on …`. */
  path: string;
  /** The status of the answer; 200 by default. */
  status?: number;
  /** Text the body must contain. */
  text: string;
  /** The program needs REDIS_URL: a private redis-server is started for it. */
  redis?: boolean;
  /** What the program must have printed by the time it exits. */
  output?: RegExp;
}

/** Examples that serve an app (`await app.run()`): started with PORT=0 in a child process, then asked for a page. */
const PROGRAMS: Record<string, ProgramCheck> = {
  'docs/examples/article/server.ts': { path: '/get_cookie', text: 'Куки "username" не найдены.' },
  'docs/examples/deploying-server.ts': {
    path: '/',
    text: 'Hello from worker',
    output: /\n127\.0\.0\.1 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "[^"]*"\n/,
  },
  'docs/examples/quickstart/server.ts': { path: '/', text: 'Hello, stranger!' },
  'docs/examples/server-access-log.ts': {
    path: '/?q=1',
    text: 'Hello, World!',
    output: /\n127\.0\.0\.1 - - \[[^\]]+\] "GET \/\?q=1 HTTP\/1\.1" 200 13 "-" "[^"]*"\n/,
  },
  'docs/examples/server-debug.ts': { path: '/', status: 500, text: 'a bug to look at' },
  'docs/examples/server-hello.ts': { path: '/', text: 'Hello, World!' },
  'docs/examples/sessions-redis.ts': { path: '/', text: 'Visit number 1', redis: true },
};

/** Examples that only `tsc` checks, with the reason they cannot run here. */
const TYPE_CHECKED: Record<string, string> = {
  'docs/examples/deploying-redis.ts':
    'needs a Redis Cluster or Sentinels (tests/demo/topology.test.ts runs the same)',
  'docs/examples/server-handler.ts': 'listens on fixed ports and needs TLS files',
};

/** Examples for other runtimes than this node, by the test that runs them there. */
const RUN_ELSEWHERE: Record<string, string> = {
  'docs/examples/runtimes/server.ts': 'tests/consumers/runtimes.test.ts: served by `bun` and `deno serve`',
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

examples(
  'every file under docs/examples is listed in MODULES, WARN_ON_IMPORT, RUN_BY, PROGRAMS, TYPE_CHECKED or RUN_ELSEWHERE',
  () => {
    const tables = [MODULES, WARN_ON_IMPORT, RUN_BY, PROGRAMS, TYPE_CHECKED, RUN_ELSEWHERE];
    const listed = tables.flatMap((table) => Object.keys(table)).sort();
    assert.equal(exampleFiles(root), listed);
    for (const runner of Object.values(RUN_BY)) assert.ok(runner in MODULES, `${runner} is not in MODULES`);
    for (const [path, runner] of Object.entries(RUN_ELSEWHERE)) {
      const test = runner.slice(0, runner.indexOf(':'));
      assert.ok(read(test).includes(`'${path}'`), `${test} names ${path}`);
    }
  },
);

examples('every program and type-checked example is imported with `import type {}`, so tsc checks it', () => {
  const source = read('tests/docs.test.ts');
  for (const path of [
    ...Object.keys(PROGRAMS),
    ...Object.keys(TYPE_CHECKED),
    ...Object.keys(RUN_ELSEWHERE),
  ]) {
    assert.ok(source.includes(`import type {} from '../${path}';`), `add: import type {} from '../${path}';`);
  }
});

for (const [path, example] of Object.entries(MODULES)) {
  if (path.endsWith('.test.ts')) continue;
  examples(`${path} passes its check()`, async () => {
    assert.type(example.check, 'function', `${path} must export check()`);
    await example.check!();
  });
}

/** Runs `load` with console.warn collecting instead of printing; resolves with what it collected. */
async function collectingWarnings<T>(load: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { value: await load(), warnings };
  } finally {
    console.warn = warn;
  }
}

examples('examples that warn on import print only their expected warning, once per process', async () => {
  const printed: string[] = [];
  for (const [path, { load, warning }] of Object.entries(WARN_ON_IMPORT)) {
    const { value, warnings } = await collectingWarnings(load);
    for (const line of warnings) assert.is(line, warning, `${path} printed an unexpected warning`);
    printed.push(...warnings);
    assert.type(value.check, 'function', `${path} must export check()`);
    await value.check!();
  }
  // MemoryStore warns `console` once: the first example prints it, the second does not again.
  assert.equal(printed, [MEMORY_STORE_WARNING]);
});

examples.run();

const programs = suite('docs: programs');

/**
 * Runs a program on a free port, waits for its "Running on" line (however long a loaded machine
 * takes to start it, up to PROCESS_TIMEOUT), fetches `path`, then stops it with SIGTERM (a
 * graceful close).
 */
async function runProgram(
  file: string,
  path: string,
  env: Record<string, string>,
): Promise<{ status: number; text: string; exitCode: number | null; output: string }> {
  const program = startProcess(['--import', 'tsx', file], {
    cwd: root,
    env: { PORT: '0', HOST: '127.0.0.1', SECRET_KEY: 'docs test', ...env },
  });
  let answer: { status: number; text: string };
  try {
    const [, url] = await program.waitFor(/Running on (http:\/\/[^/\s]+)/, `${file} to listen`);
    const response = await fetch(url + path, { signal: AbortSignal.timeout(PROCESS_TIMEOUT) });
    answer = { status: response.status, text: await response.text() };
  } catch (error) {
    program.kill();
    throw error;
  }
  const exitCode = await program.stop();
  return { ...answer, exitCode, output: program.output() };
}

let redis: RedisServer | null = null;
const canUseRedis = Object.values(PROGRAMS).some((program) => program.redis) && withRedis(programs);
const runnable = Object.entries(PROGRAMS).filter(([, program]) => !program.redis || canUseRedis);
const runs = new Map<string, Promise<Awaited<ReturnType<typeof runProgram>>>>();

// The programs start together: most of their time is Node and tsx starting up.
programs.before(async () => {
  if (runnable.some(([, program]) => program.redis)) redis = await startRedis();
  for (const [file, { path, redis: usesRedis }] of runnable) {
    const run = runProgram(file, path, usesRedis && redis ? { REDIS_URL: redis.url } : {});
    run.catch(() => {}); // awaited by its test; this only marks an early failure as handled
    runs.set(file, run);
  }
});

programs.after(async () => {
  await Promise.allSettled(runs.values());
  await redis?.stop();
});

for (const [file, { path, status = 200, text, output }] of runnable) {
  programs(`${file} serves ${path}`, async () => {
    const result = await runs.get(file)!;
    assert.is(result.status, status);
    assert.ok(
      result.text.includes(text),
      `expected ${JSON.stringify(text)} in ${JSON.stringify(result.text)}`,
    );
    assert.is(result.exitCode, 0, 'SIGTERM closes the server and exits with 0');
    if (output !== undefined) assert.match(result.output, output);
  });
}

programs.run();

const quickstart = suite('docs: quick start');

quickstart('the test script the page sets is the command it runs, and it runs the page’s tests', async () => {
  const commands = findCodeBlocks(read('docs/quickstart.md'))
    .filter((block) => block.lang === 'sh')
    .flatMap((block) => block.content.split('\n'));
  const set = commands.map((line) => /^npm pkg set scripts\.test="([^"]+)"$/.exec(line)).find(Boolean);
  assert.ok(set, 'the page sets scripts.test (npm init leaves a stub that fails)');
  assert.ok(commands.indexOf('npm test') > commands.indexOf(set![0]), 'then runs npm test');
  const [node, ...args] = set![1]!.split(' ');
  assert.is(node, 'node');
  const run = startProcess(args, { cwd: join(root, 'docs/examples/quickstart') });
  await run.waitFor(/Total:/, 'the test summary');
  assert.is(await run.exited, 0);
  assert.match(run.output(), /Passed:\s+5\n/);
});

quickstart.run();

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
