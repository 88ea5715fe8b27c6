/**
 * The packed tarball, installed into an empty folder, on every runtime Phial supports: the node
 * running the tests (20 in CI, and 24), Node 22 and 24, Bun and Deno. The same JavaScript app
 * (tests/fixtures/consumer/app.mjs) answers the same way behind node:http (`app.run()`) and behind
 * `app.fetch` (Bun.serve, Deno.serve, or called directly on Node); CommonJS can `require` it; the
 * `phial` command loads a TypeScript app with the runtime's own type stripping.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { guard } from '../helpers/live.ts';
import { ROOT, run, sharedProject } from '../helpers/package.ts';
import { consumerRuntimes, type Runtime, runtimeEnv, scriptCommand } from '../helpers/runtimes.ts';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'consumer');

/** The installed tarball with the fixture app's files beside it. */
function project(): string {
  const dir = sharedProject('runtimes');
  for (const file of ['app.mjs', 'probe.mjs', 'serve-http.mjs', 'serve-fetch.mjs', 'require.cjs', 'app.ts']) {
    cpSync(join(FIXTURES, file), join(dir, file));
  }
  return dir;
}

function runScript(runtime: Runtime, script: string, args: readonly string[] = [], cwd = project()) {
  const [command, ...rest] = scriptCommand(runtime, script, args);
  return run(command!, rest, { cwd, env: runtimeEnv(), timeoutMs: 60_000 });
}

/** What every runtime and door must answer, from tests/fixtures/consumer/probe.mjs. */
function expected(runtime: Runtime) {
  const html = 'text/html; charset=utf-8';
  return {
    hello: { status: 200, type: html, cookies: [], body: 'Hello, World!' },
    user: { status: 200, type: 'application/json', cookies: [], body: '{"id":42}\n' },
    cookies: ['theme=dark; Path=/', 'lang=ru; Path=/shop'],
    session: ['1', '2'],
    stream: 'one,two',
    form: '{"form":{"name":"Ада"}}\n',
    tooLarge: 413,
    runtime: runtime.kind,
  };
}

function probed(runtime: Runtime, script: string) {
  const ran = runScript(runtime, script);
  assert.is(ran.status, 0, `${runtime.id} ${script}:\n${ran.output}`);
  const line = ran.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}

const Runtimes = suite('the package on every runtime');
const runtimes = consumerRuntimes(Runtimes);

for (const runtime of runtimes) {
  const name = `${runtime.id} (${runtime.kind} ${runtime.version})`;

  Runtimes(`${name}: app.run() serves the app over the runtime's node:http`, () => {
    assert.equal(probed(runtime, 'serve-http.mjs'), expected(runtime));
  });

  Runtimes(`${name}: app.fetch answers the same`, () => {
    assert.equal(probed(runtime, 'serve-fetch.mjs'), expected(runtime));
  });

  Runtimes(`${name}: require('phial') from CommonJS`, () => {
    const ran = runScript(runtime, 'require.cjs');
    assert.is(ran.status, 0, ran.output);
    assert.is(ran.stdout.trim(), 'Hello from CommonJS');
  });

  Runtimes(`${name}: phial routes loads a JavaScript app`, () => {
    const ran = runScript(runtime, 'node_modules/phial/dist/cli/bin.mjs', [
      'routes',
      'app.mjs',
      '--sort',
      'rule',
    ]);
    assert.is(ran.status, 0, ran.output);
    assert.match(ran.stdout, /^Endpoint\s+Methods\s+Rule\n/);
    assert.match(ran.stdout, /\nuser\s+GET\s+\/user\/<int:id>\n/);
  });

  Runtimes(`${name}: phial routes loads a TypeScript app, or says how to`, () => {
    const ran = runScript(runtime, 'node_modules/phial/dist/cli/bin.mjs', ['routes', 'app.ts']);
    const strips = runtime.kind !== 'node' || typeof probeTypeScript(runtime) === 'string';
    if (strips) {
      assert.is(ran.status, 0, ran.output);
      assert.match(ran.stdout, /\nuser\s+GET\s+\/user\/<int:id>\n/);
    } else {
      // No type stripping (Node 20), and no tsx in this project: the two ways out.
      assert.is(ran.status, 2, ran.output);
      assert.match(ran.stderr, /cannot run app\.ts by itself/);
      assert.match(ran.stderr, /Node 22\.18 or newer/);
      assert.match(ran.stderr, /npm install --save-dev tsx/);
    }
  });
}

/** `process.features.typescript` of a Node: 'strip' where it strips types, else undefined. */
function probeTypeScript(runtime: Runtime): string | undefined {
  const ran = run(runtime.path, ['-p', 'process.features.typescript || ""'], { env: runtimeEnv() });
  return ran.stdout.trim() || undefined;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Asks `url` until it answers (the runtime is up), then returns the body. */
async function firstAnswer(url: string, exited: Promise<unknown>, output: () => string): Promise<string> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`the server exited:\n${output()}`);
    try {
      return await (await fetch(url)).text();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The docs' example server (docs/runtimes.md), as `bun server.ts` and `deno serve` run it. */
const DOCS_EXAMPLE = ['docs/examples/runtimes/app.ts', 'docs/examples/runtimes/server.ts'];

for (const runtime of runtimes.filter((each) => each.kind !== 'node')) {
  Runtimes(`${runtime.id}: the docs' server.ts, a default export with app.fetch, serves`, async () => {
    const dir = join(project(), 'runtimes');
    mkdirSync(dir, { recursive: true });
    for (const file of DOCS_EXAMPLE)
      cpSync(join(ROOT, file), join(dir, file.slice(file.lastIndexOf('/') + 1)));
    const port = await freePort();
    const args =
      runtime.kind === 'bun'
        ? ['server.ts']
        : ['serve', '--allow-env', '--host', '127.0.0.1', '--port', String(port), 'server.ts'];
    const child = spawn(runtime.path, args, {
      cwd: dir,
      env: runtimeEnv({ PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    const exited = once(child, 'exit');
    try {
      const text = await guard(
        firstAnswer(`http://127.0.0.1:${port}/`, exited, () => output),
        'the server',
        30_000,
      );
      const name = runtime.kind === 'bun' ? 'Bun' : 'Deno';
      // The runtime passed the client's address beside the request.
      assert.match(text, new RegExp(`^Hello from ${name} \\((::ffff:)?127\\.0\\.0\\.1\\)$`));
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await guard(exited, 'the server to stop', 10_000);
    }
  });
}

// Where no node lacks type stripping (a run on Node 24 alone), Node 20's tsx path has nothing to run on.
const nodeWithoutStripping = runtimes.find((runtime) => runtime.kind === 'node' && !probeTypeScript(runtime));
if (nodeWithoutStripping !== undefined) {
  Runtimes(
    `${nodeWithoutStripping.id} with tsx in the project: phial loads a TypeScript app through it`,
    () => {
      const dir = sharedProject('with-tsx');
      cpSync(join(FIXTURES, 'app.ts'), join(dir, 'app.ts'));
      // The repository's own tsx, as `npm install --save-dev tsx` would put it.
      symlinkSync(join(ROOT, 'node_modules', 'tsx'), join(dir, 'node_modules', 'tsx'), 'dir');
      const bin = 'node_modules/phial/dist/cli/bin.mjs';
      const ran = runScript(nodeWithoutStripping, bin, ['routes', 'app.ts'], dir);
      assert.is(ran.status, 0, ran.output);
      assert.match(ran.stdout, /\nuser\s+GET\s+\/user\/<int:id>\n/);
    },
  );
}

Runtimes.run();
