/**
 * The `phial` command as a user runs it: `node lib/cli/bin.mjs …` in a child process. Servers listen
 * on port 0 and the test reads the port from the "Running on" line. Waits are bounded; nothing
 * asserts a duration.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../lib/cli/command.ts';
import { guard, stripAnsi } from '../helpers/live.ts';
import { PROCESS_TIMEOUT, type Started, startProcess } from '../helpers/process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PHIAL = join(ROOT, 'lib', 'cli', 'bin.mjs');
const FIXTURE = 'tests/fixtures/routes-app.ts';

/** `phial …` in a child process; `waitFor` resolves with the whole output once `pattern` is in it. */
function phial(
  args: readonly string[],
  cwd = ROOT,
): Omit<Started, 'waitFor'> & {
  waitFor(pattern: RegExp, what: string, times?: number): Promise<string>;
} {
  const started = startProcess([PHIAL, ...args], { cwd });
  return {
    ...started,
    waitFor: async (pattern, what, times) => {
      await started.waitFor(pattern, what, times);
      return started.output();
    },
  };
}

/** The URL of the n-th "Running on" line (1-based). */
function runningUrl(output: string, n = 1): string {
  const urls = [...output.matchAll(/Running on (http:\/\/[^\s]+)/g)].map((match) => match[1]!);
  const url = urls[n - 1];
  assert.ok(url, `a "Running on" line number ${n} in:\n${output}`);
  return url!;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  // Bounded, so that a lost connection fails the test instead of stalling the suite.
  const response = await request(url, { reset: true, headersTimeout: 10_000, bodyTimeout: 10_000 });
  return { status: response.statusCode, text: await response.body.text() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `main` in this process, collecting what it prints. */
async function mainOutput(
  argv: string[],
): Promise<{ status: number | undefined; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

const Main = suite('main');

Main('routes prints the route table, sorted like flask routes', async () => {
  const { status, stdout } = await mainOutput(['routes', FIXTURE, '--sort', 'rule']);
  assert.is(status, 0);
  assert.is(
    stdout,
    [
      'Endpoint         Methods    Rule',
      '---------------  ---------  --------------',
      'index            GET        /',
      'zeta             DELETE     /a',
      'admin.dashboard  GET        /admin/',
      'user             GET, POST  /user/<int:id>',
      '',
    ].join('\n'),
  );
});

Main('routes finds the demo app through its createDemoApp factory', async () => {
  const { status, stdout } = await mainOutput(['routes', 'demo/app.ts', '--all-methods']);
  assert.is(status, 0);
  assert.match(stdout, /login\s+GET, HEAD, OPTIONS, POST\s+\/login/);
});

Main('mistakes exit with status 2 and say what to do', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['routes', 'tests/fixtures/load-app/none.ts'], /Could not find a Phial app/],
    [['routes', FIXTURE, '--sort', 'size'], /--sort must be one of endpoint, methods, rule, match/],
    [['serve', FIXTURE], /no such command 'serve'/],
    [['routes', 'tests/fixtures/absent.ts'], /no such file: tests\/fixtures\/absent\.ts/],
    [['run', FIXTURE, '--port', 'http'], /--port must be an integer from 0 to 65535/],
    [['run', FIXTURE, '--workers', '0'], /--workers must be an integer from 1/],
    [['run', FIXTURE, '--bogus'], /^Error: No such option: --bogus\.\n/],
    [['run', FIXTURE, '--port'], /^Error: --port needs a value: --port 5000\n/],
    [['run', FIXTURE, '--debug=yes'], /^Error: --debug takes no value\.\n/],
    [
      ['run', FIXTURE, '--access-log-format', 'xml'],
      /--access-log-format must be combined or json, got 'xml'/,
    ],
  ];
  for (const [argv, message] of cases) {
    const { status, stderr } = await mainOutput(argv);
    assert.is(status, 2, argv.join(' '));
    assert.match(stderr, message);
    assert.match(stderr, /Try 'phial --help'/);
  }
});

Main('a mistyped option or command is named, with the closest one, in one line', async () => {
  const option = await mainOutput(['run', FIXTURE, '--prot', '5000']);
  assert.is(option.status, 2);
  assert.is(option.stderr, "Error: No such option: --prot. Did you mean --port?\nTry 'phial --help'.\n");
  const command = await mainOutput(['rnu', FIXTURE]);
  assert.is(command.status, 2);
  assert.is(command.stderr, "Error: no such command 'rnu'. Did you mean 'run'?\nTry 'phial --help'.\n");
});

Main('new writes an app into a new folder and says what to do next; a busy folder is refused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'phial-new-'));
  try {
    const dir = join(root, 'shop');
    const created = await mainOutput(['new', dir]);
    assert.is(created.status, 0);
    assert.match(created.stdout, /app\.ts, test\/app\.test\.ts, package\.json/);
    assert.match(created.stdout, /npm install\n\s+npm test\n\s+npm start/);
    const again = await mainOutput(['new', dir]);
    assert.is(again.status, 2);
    assert.match(again.stderr, /is not empty/);
    assert.is((await mainOutput(['new'])).status, 2);
    assert.match((await mainOutput(['new', 'a', 'b'])).stderr, /phial new takes one folder/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Main('--help prints the usage; no command is a usage error', async () => {
  const help = await mainOutput(['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /Usage: phial <command>/);
  assert.match(help.stdout, /new DIR/);
  assert.is((await mainOutput([])).status, 2);
});

Main.run();

const Command = suite('phial (lib/cli/bin.mjs)');

Command('runs as a plain node script: from the source, tsx is registered by the bin', async () => {
  const cli = phial(['routes', FIXTURE]);
  assert.is(await guard(cli.exited, 'phial routes', PROCESS_TIMEOUT), 0);
  assert.match(cli.output(), /^Endpoint\s+Methods\s+Rule\n/);
});

Command.run();

const Run = suite('phial run');

Run('serves the app until SIGTERM, without a request log outside debug', async () => {
  const cli = phial(['run', FIXTURE, '--port', '0', '--host', '127.0.0.1']);
  try {
    const url = runningUrl(await cli.waitFor(/Running on/, 'the server to listen'));
    const response = await get(`${url}user/7`);
    assert.is(response.status, 200);
    assert.is(response.text, 'user 7');
    assert.match(cli.output(), /Debug mode: off/);
    assert.is(await cli.stop(), 0, 'SIGTERM drains and exits cleanly');
    assert.not.match(cli.output(), /GET \/user\/7 200/);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

Run('a module that calls app.run() itself is served once, with the command line settings', async () => {
  const cli = phial(['run', 'tests/fixtures/routes-server.ts', '--port', '0', '--host', '127.0.0.1']);
  try {
    const url = runningUrl(await cli.waitFor(/Running on/, 'the server to listen'));
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.is((await get(`${url}user/7`)).text, 'user 7');
    assert.is(await cli.stop(), 0);
    const output = stripAnsi(cli.output());
    assert.is(output.match(/Running on/g)?.length, 1, `one server:\n${output}`);
    assert.not.match(output, /Could not find a Phial app/);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

Run('phial routes lists the routes of a module that calls app.run(), and serves nothing', async () => {
  const cli = phial(['routes', 'tests/fixtures/routes-server.ts']);
  try {
    assert.is(await guard(cli.exited, 'phial routes', PROCESS_TIMEOUT), 0);
    assert.match(cli.output(), /^Endpoint\s+Methods\s+Rule\n/);
    assert.match(cli.output(), /user\s+GET, POST\s+\/user\/<int:id>/);
    assert.not.match(cli.output(), /Running on|192\.0\.2\.1/);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

Run('--access-log writes a Combined Log Format line per request to stdout', async () => {
  const cli = phial(['run', FIXTURE, '--port', '0', '--access-log']);
  try {
    const url = runningUrl(await cli.waitFor(/Running on/, 'the server to listen'));
    await request(`${url}user/7?x=1`, {
      headers: { 'user-agent': 'cli-test', referer: 'http://example.com/' },
    }).then((response) => response.body.text());
    const output = await cli.waitFor(/"GET \/user\/7\?x=1 HTTP\/1\.1"/, 'the access log line');
    assert.match(
      output,
      /\n127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/user\/7\?x=1 HTTP\/1\.1" 200 6 "http:\/\/example\.com\/" "cli-test"\n/,
    );
    assert.is(await cli.stop(), 0);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

Run('a port in use is one line and exit status 1, without a stack', async () => {
  const busy = createServer();
  busy.listen(0, '127.0.0.1');
  await once(busy, 'listening');
  const port = (busy.address() as AddressInfo).port;
  const cli = phial(['run', FIXTURE, '--port', String(port)]);
  try {
    assert.is(await guard(cli.exited, 'phial to give up', PROCESS_TIMEOUT), 1);
    assert.is(
      cli.output(),
      ` * Serving Phial app '${FIXTURE}'\nPort ${port} is in use by another program. Either identify and stop ` +
        `that program, or start the server with a different port: PORT=${port + 1}, phial run --port ${port + 1}, ` +
        `or app.run({ port: ${port + 1} }).\n`,
    );
  } finally {
    cli.child.kill('SIGKILL');
    busy.close();
  }
});

Run('--workers 2 serves from two processes; SIGHUP replaces them, SIGTERM stops them all', async () => {
  const cli = phial(['run', FIXTURE, '--port', '0', '--workers', '2']);
  const pidsAt = async (url: string): Promise<Set<number>> => {
    const pids = new Set<number>();
    for (let i = 0; i < 40 && pids.size < 2; i++) pids.add(Number((await get(url)).text.split(' ').pop()));
    return pids;
  };
  try {
    const url = runningUrl(await cli.waitFor(/Running on .* with 2 workers/, 'the workers to listen'));
    const first = await pidsAt(url);
    assert.is(first.size, 2, `two workers answered: ${[...first]}`);
    cli.child.kill('SIGHUP');
    await cli.waitFor(/Workers replaced/, 'the workers to be replaced');
    const second = await pidsAt(url);
    assert.is(second.size, 2);
    for (const pid of second) assert.not.ok(first.has(pid), `worker ${pid} is new`);
    assert.is(await cli.stop(), 0);
    for (const pid of [...first, ...second]) assert.not.ok(isAlive(pid), `worker ${pid} is gone`);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

Run('--debug logs each request, shows tracebacks, and restarts when a source file changes', async () => {
  // A project of its own, so that edits elsewhere in this repository do not restart it.
  const project = mkdtempSync(join(tmpdir(), 'phial-cli-'));
  const lib = JSON.stringify(join(ROOT, 'lib', 'index.ts'));
  const source = (version: string): string =>
    `import { App } from ${lib};\n` +
    'export const app = new App();\n' +
    `app.get('/')(() => '${version} ' + process.pid);\n` +
    "app.get('/boom')(() => { throw new Error('kaboom'); });\n";
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }');
  writeFileSync(join(project, 'app.ts'), source('v1'));
  const cli = phial(['run', 'app.ts', '--debug', '--port', '0'], project);
  try {
    const first = runningUrl(await cli.waitFor(/Running on/, 'the server to listen'));
    const before = await get(first);
    assert.match(before.text, /^v1 \d+$/);
    await cli.waitFor(/GET \/ 200 [\d.]+ms/, 'the request log line');
    const boom = await get(`${first}boom`);
    assert.is(boom.status, 500);
    assert.match(boom.text, /kaboom/, 'the traceback page shows the error');

    writeFileSync(join(project, 'app.ts'), source('v2'));
    await cli.waitFor(/Detected change in 'app\.ts', reloading/, 'the reloader to see the change');
    const second = runningUrl(await cli.waitFor(/Running on/, 'the app to start again', 2), 2);
    const after = await get(second);
    assert.match(after.text, /^v2 \d+$/, 'the new code is served');
    const [oldPid, newPid] = [before.text, after.text].map((text) => Number(text.split(' ')[1]));
    assert.is.not(newPid, oldPid, 'by a new process');
    assert.not.ok(isAlive(oldPid!), 'the old process is gone');

    assert.is(await cli.stop(), 0);
    assert.not.ok(isAlive(newPid!), 'stopping the reloader stops the app');
  } finally {
    cli.child.kill('SIGKILL');
    rmSync(project, { recursive: true });
  }
});

Run.run();
