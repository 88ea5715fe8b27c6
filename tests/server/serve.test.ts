/**
 * The server over real sockets: listening, timeouts, answers to requests node:http cannot parse,
 * graceful close and signals. undici is the client, raw node:net where undici cannot say it (a
 * malformed request line, a header too large). Every app listens on port 0 and is closed by its
 * test; timeouts only guard against hangs, nothing asserts a duration.
 */
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serve } from '../../lib/server/serve.ts';
import { ServerStartError } from '../../lib/server/start-error.ts';
import { deferred, guard, quietApp, rawConnect, receivedMatch, start, tick } from '../helpers/live.ts';
import { PROCESS_TIMEOUT } from '../helpers/process.ts';

// ── what node:http cannot parse ────────────────────────────────────────────────────────────────

const ClientErrors = suite('serve: client errors');

ClientErrors('a malformed request line gets a 400, and the next request works', async () => {
  const { app } = quietApp();
  app.get('/')(() => 'ok');
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('THIS IS NOT HTTP\r\n\r\n');
    await guard(raw.closed, 'the connection to close');
    assert.match(raw.received(), /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(raw.received(), /\r\nConnection: close\r\n/);
    assert.match(raw.received(), /<h1>Bad Request<\/h1>/);
    const res = await request(server.url);
    assert.is(await res.body.text(), 'ok');
  } finally {
    await server.close();
  }
});

ClientErrors('garbage after a good request on a keep-alive connection still gets a 400', async () => {
  const { app } = quietApp();
  app.get('/')(() => 'ok');
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await receivedMatch(raw, /\r\n\r\nok$/, 'the first response');
    raw.socket.write('\x01\x02 nonsense\r\n\r\n');
    await guard(raw.closed, 'the connection to close');
    assert.match(raw.received(), /ok(HTTP\/1\.1 400 Bad Request\r\n)/);
    assert.match(raw.received(), /<h1>Bad Request<\/h1>/);
  } finally {
    await server.close();
  }
});

ClientErrors('an oversized header gets a 431', async () => {
  const { app } = quietApp();
  app.get('/')(() => 'ok');
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    await guard(raw.closed, 'the connection to close');
    assert.match(raw.received(), /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.match(raw.received(), /header fields exceeds the maximum size/);
  } finally {
    await server.close();
  }
});

ClientErrors('a client too slow to send its headers gets a 408 (SERVER_HEADERS_TIMEOUT)', async () => {
  const { app } = quietApp();
  app.config.SERVER_HEADERS_TIMEOUT = 100;
  app.config.SERVER_REQUEST_TIMEOUT = 200;
  app.get('/')(() => 'ok');
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('GET / HTTP/1.1\r\nHost: local');
    await guard(raw.closed, 'the connection to close');
    assert.match(raw.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(raw.received(), /<h1>Request Timeout<\/h1>/);
  } finally {
    await server.close();
  }
});

// ── serve and close ────────────────────────────────────────────────────────────────────────────

const Serve = suite('serve');

Serve('listens on a free port, applies the timeouts and prints like Flask', async () => {
  const { app, logged } = quietApp();
  app.config.SERVER_HEADERS_TIMEOUT = 7000;
  app.config.SERVER_REQUEST_TIMEOUT = 8000;
  app.config.SERVER_KEEP_ALIVE_TIMEOUT = 9000;
  const server = await start(app, { log: true });
  try {
    assert.ok(server.port > 0);
    assert.is(server.host, '127.0.0.1');
    assert.is(server.url, `http://127.0.0.1:${server.port}/`);
    assert.is((server.httpServer.address() as AddressInfo).port, server.port);
    assert.is(server.httpServer.headersTimeout, 7000);
    assert.is(server.httpServer.requestTimeout, 8000);
    assert.is(server.httpServer.keepAliveTimeout, 9000);
    assert.equal(logged.info, [
      ' * Debug mode: off',
      ` * Running on http://127.0.0.1:${server.port}/ (Press CTRL+C to quit)`,
    ]);
  } finally {
    await server.close();
  }
});

Serve('refuses a port that is not one', async () => {
  const { app } = quietApp();
  for (const port of [-1, 65536, 1.5, Number.NaN]) {
    try {
      await start(app, { port });
      assert.unreachable(`port ${port} should be refused`);
    } catch (error) {
      assert.instance(error, TypeError);
      assert.match((error as Error).message, /RunOptions\.port/);
    }
  }
});

Serve('refuses a headers timeout longer than the request timeout, naming both keys', async () => {
  const { app } = quietApp();
  app.config.SERVER_HEADERS_TIMEOUT = 60_000;
  try {
    await start(app);
    assert.unreachable('should be refused');
  } catch (error) {
    assert.instance(error, TypeError);
    assert.match((error as Error).message, /SERVER_HEADERS_TIMEOUT .* SERVER_REQUEST_TIMEOUT/);
  }
});

Serve('SIGINT and SIGTERM listeners are added with handleSignals and removed by close()', async () => {
  const { app } = quietApp();
  const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
  const server = await serve(app, { port: 0, log: false });
  assert.equal(
    [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')],
    [before[0]! + 1, before[1]! + 1],
  );
  const closing = server.close();
  assert.is(server.close(), closing, 'a second close() returns the same promise');
  await closing;
  assert.equal([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], before);
});

Serve('SIGTERM drains the request in flight, then the process exits with 0', async () => {
  const appModule = fileURLToPath(new URL('../../lib/app.ts', import.meta.url));
  const script = `
    import { App } from ${JSON.stringify(appModule)};
    const app = new App();
    app.get('/slow')(async () => {
      console.log('entered');
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'done';
    });
    const server = await app.run({ port: 0, log: false });
    console.log('port ' + server.port);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    const printed = new EventEmitter();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      printed.emit('data');
    });
    const saw = (pattern: RegExp): Promise<RegExpMatchArray> =>
      guard(
        new Promise((resolve) => {
          const check = (): void => {
            const match = output.match(pattern);
            if (match === null) return;
            printed.off('data', check);
            resolve(match);
          };
          printed.on('data', check);
          check();
        }),
        `the child to print ${pattern}`,
        PROCESS_TIMEOUT,
      );
    const port = Number((await saw(/port (\d+)/))[1]);
    const exited = once(child, 'exit');
    const pending = request(`http://127.0.0.1:${port}/slow`);
    await saw(/entered/);
    child.kill('SIGTERM');
    const res = await guard(pending, 'the drained response');
    assert.is(await res.body.text(), 'done');
    const [code] = await guard(exited, 'the child to exit', PROCESS_TIMEOUT);
    assert.is(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

Serve('without handleSignals, a port in use rejects with a one-line ServerStartError', async () => {
  const { app } = quietApp();
  const first = await start(app);
  try {
    await start(app, { port: first.port });
    assert.unreachable('the second listen should fail');
  } catch (error) {
    assert.instance(error, ServerStartError);
    assert.is((error as ServerStartError).code, 'EADDRINUSE');
    assert.match((error as Error).message, new RegExp(`^Port ${first.port} is in use by another program\\.`));
    assert.not.match((error as Error).message, '\n');
  } finally {
    await first.close();
  }
});

/** Runs `await app.run()` in a child process with `env`; resolves with its exit code and output. */
async function runScript(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const appModule = fileURLToPath(new URL('../../lib/app.ts', import.meta.url));
  const script = `
    import { App } from ${JSON.stringify(appModule)};
    const app = new App();
    app.get('/')(() => 'hello');
    await app.run();
    console.log('listening');
    process.exit(0);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    const [code] = (await guard(once(child, 'exit'), 'the script to exit', PROCESS_TIMEOUT)) as [
      number | null,
    ];
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

Serve('await app.run() on a port in use prints one line, no stack, and exits with 1', async () => {
  const busy = createServer();
  busy.listen(0, '127.0.0.1');
  await once(busy, 'listening');
  const port = (busy.address() as AddressInfo).port;
  try {
    const { code, stdout, stderr } = await runScript({ PORT: String(port) });
    assert.is(code, 1);
    assert.not.match(stdout, 'listening');
    assert.is(
      stderr,
      `Port ${port} is in use by another program. Either identify and stop that program, or start the server ` +
        `with a different port: PORT=${port + 1}, phial run --port ${port + 1}, or app.run({ port: ${port + 1} }).\n`,
    );
  } finally {
    busy.close();
  }
});

Serve('PORT=abc prints one line naming PORT, no stack, and exits with 1', async () => {
  const { code, stderr } = await runScript({ PORT: 'abc' });
  assert.is(code, 1);
  assert.is(stderr, 'PORT must be an integer from 0 to 65535, got "abc": PORT=5000, or unset it\n');
});

Serve('http.createServer(app.handler) works on its own', async () => {
  const { app } = quietApp();
  app.route('/', { methods: ['GET', 'POST'] })(({ request }) => `${request.method} ${request.data.length}`);
  const httpServer = createServer(app.handler);
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/`;
  try {
    assert.is(await (await request(url)).body.text(), 'GET 0');
    assert.is(await (await request(url, { method: 'POST', body: 'abc' })).body.text(), 'POST 3');
  } finally {
    httpServer.closeAllConnections();
    httpServer.close();
  }
});

const Close = suite('Server.close');

Close('drains an in-flight request while refusing new connections', async () => {
  const { app } = quietApp();
  const entered = deferred();
  const release = deferred();
  app.get('/slow')(async () => {
    entered.resolve();
    await release.promise;
    return 'done';
  });
  const server = await start(app);
  const pending = request(`${server.url}slow`);
  await guard(entered.promise, 'the view to start');
  let closed = false;
  const closing = server.close().then(() => {
    closed = true;
  });
  const refused = await guard(
    new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    }),
    'a new connection to be refused',
  );
  assert.is(refused, 'ECONNREFUSED');
  await tick();
  assert.is(closed, false, 'close() waits for the request in flight');
  release.resolve();
  const res = await guard(pending, 'the slow response');
  assert.is(res.statusCode, 200);
  assert.is(res.headers.connection, 'close');
  assert.is(await res.body.text(), 'done');
  await guard(closing, 'close() to resolve');
  assert.is(closed, true);
});

Close('ends idle keep-alive connections at once', async () => {
  const { app } = quietApp();
  app.config.SERVER_KEEP_ALIVE_TIMEOUT = 60_000;
  app.get('/')(() => 'ok');
  const server = await start(app);
  const raw = rawConnect(server.port);
  raw.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await receivedMatch(raw, /\r\n\r\nok$/, 'the response');
  assert.match(raw.received(), /\r\nConnection: keep-alive\r\n/);
  const closing = server.close();
  await guard(raw.closed, 'the idle connection to be closed');
  await guard(closing, 'close() to resolve');
});

ClientErrors.run();
Serve.run();
Close.run();
