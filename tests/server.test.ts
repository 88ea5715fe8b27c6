/**
 * The server over real sockets: undici as the client, raw node:net where undici cannot say it
 * (a body never sent, a malformed request line, a header too large). Every app listens on port 0
 * and is closed by its test. Timeouts here only guard against hangs; nothing asserts a duration.
 */
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { Response } from '../lib/response.ts';
import { handleNodeRequest, type RunOptions, type Server, serve } from '../lib/server.ts';

// ── helpers ────────────────────────────────────────────────────────────────────────────────────

interface Logged {
  info: string[];
  error: unknown[][];
}

/** An app whose logger records instead of printing. */
function quietApp(): { app: App; logged: Logged } {
  const app = new App();
  const logged: Logged = { info: [], error: [] };
  app.logger = {
    info: (...args: unknown[]) => logged.info.push(args.map(String).join(' ')),
    warn: () => {},
    error: (...args: unknown[]) => logged.error.push(args),
  };
  return { app, logged };
}

function start(app: App, options: RunOptions = {}): Promise<Server> {
  return serve(app, { port: 0, log: false, handleSignals: false, ...options });
}

/** Rejects when `promise` has not settled in time: a hang fails the test instead of stalling it. */
function guard<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A raw connection that collects everything the server sends. */
function rawConnect(port: number): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    data += chunk;
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => undefined);
  return { socket, received: () => data, closed };
}

/** Resolves once the data received so far matches `pattern`. */
async function receivedMatch(
  raw: ReturnType<typeof rawConnect>,
  pattern: RegExp,
  what: string,
): Promise<string> {
  await guard(
    new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(raw.received())) resolve();
        else if (raw.socket.destroyed)
          reject(new Error(`closed before ${what}; got ${JSON.stringify(raw.received())}`));
        else setTimeout(check, 5);
      };
      check();
    }),
    what,
  );
  return raw.received();
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape is what is being removed
  return text.replace(/\x1b\[[\d;]*m/g, '');
}

// ── requests and responses ─────────────────────────────────────────────────────────────────────

const Handle = suite('handleNodeRequest');

Handle('GET answers with Content-Length and the body', async () => {
  const { app } = quietApp();
  app.get('/')(function index() {
    return 'Привет, World!';
  });
  const server = await start(app);
  try {
    const res = await request(server.url);
    assert.is(res.statusCode, 200);
    assert.is(res.headers['content-length'], String(Buffer.byteLength('Привет, World!')));
    assert.is(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.is(await res.body.text(), 'Привет, World!');
  } finally {
    await server.close();
  }
});

Handle('HEAD has the Content-Length of GET and no body; a streamed body is never produced', async () => {
  const { app } = quietApp();
  let produced = false;
  app.get('/')(() => new Response(new Uint8Array([1, 2, 3, 4, 5])));
  app.get('/stream')(function stream() {
    return (function* () {
      produced = true;
      yield 'never sent';
    })();
  });
  const server = await start(app);
  try {
    const res = await request(server.url, { method: 'HEAD' });
    assert.is(res.statusCode, 200);
    assert.is(res.headers['content-length'], '5');
    assert.is(await res.body.text(), '');
    const streamed = await request(`${server.url}stream`, { method: 'HEAD' });
    assert.is(streamed.statusCode, 200);
    assert.is(await streamed.body.text(), '');
    assert.is(produced, false);
  } finally {
    await server.close();
  }
});

Handle('no body is Content-Length 0; 204 and 304 carry neither body nor length', async () => {
  const { app } = quietApp();
  app.get('/empty')(() => new Response(null));
  app.get('/nothing')(() => new Response('ignored', { status: 204 }));
  const server = await start(app);
  try {
    const empty = await request(`${server.url}empty`);
    assert.is(empty.headers['content-length'], '0');
    assert.is(await empty.body.text(), '');
    const nothing = await request(`${server.url}nothing`);
    assert.is(nothing.statusCode, 204);
    assert.is(nothing.headers['content-length'], undefined);
    assert.is(await nothing.body.text(), '');
  } finally {
    await server.close();
  }
});

Handle('form and JSON bodies reach the view', async () => {
  const { app } = quietApp();
  app.post('/echo')(function echo({ request }) {
    return { form: request.form.get('name') ?? null, json: request.isJson ? request.json : null };
  });
  const server = await start(app);
  try {
    const form = await request(`${server.url}echo`, {
      method: 'POST',
      body: 'name=John+Doe',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(await form.body.json(), { form: 'John Doe', json: null });
    const json = await request(`${server.url}echo`, {
      method: 'POST',
      body: JSON.stringify({ id: 42 }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(await json.body.json(), { form: null, json: { id: 42 } });
  } finally {
    await server.close();
  }
});

Handle('a chunked request body reaches the view', async () => {
  const { app } = quietApp();
  app.post('/echo')(({ request }) => request.text);
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n');
    raw.socket.write('5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
    const text = await receivedMatch(raw, /\r\n\r\nhello world$/, 'the echo');
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    raw.socket.destroy();
  } finally {
    await server.close();
  }
});

Handle('a sync view is answered before handleNodeRequest returns', () => {
  const { app } = quietApp();
  app.get('/')(() => 'sync');
  const calls: string[] = [];
  const req = {
    method: 'GET',
    url: '/',
    headers: Object.create(null),
    socket: { remoteAddress: '127.0.0.1' },
  };
  const res = {
    writeHead: (status: number) => calls.push(`writeHead ${status}`),
    end: (body?: unknown) => calls.push(`end ${String(body)}`),
  };
  handleNodeRequest(app, req as unknown as IncomingMessage, res as unknown as ServerResponse);
  assert.equal(calls, ['writeHead 200', 'end sync']);
});

// ── request bodies over the limit ──────────────────────────────────────────────────────────────

const Limits = suite('handleNodeRequest: MAX_CONTENT_LENGTH');

Limits(
  'a huge Content-Length is answered 413 without the body being sent, then the server goes on',
  async () => {
    const { app } = quietApp();
    let viewCalls = 0;
    app.post('/upload')(() => {
      viewCalls++;
      return 'stored';
    });
    app.get('/')(() => 'still here');
    const server = await start(app);
    try {
      const raw = rawConnect(server.port);
      raw.socket.write(
        'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n' +
          'Content-Length: 10000000000\r\n\r\n',
      );
      await guard(raw.closed, 'the connection to close after the 413');
      const text = raw.received();
      assert.match(text, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
      assert.match(text, /\r\nConnection: close\r\n/i);
      assert.match(text, /exceeds the capacity limit/);
      assert.is(viewCalls, 0);
      const next = await request(server.url);
      assert.is(await next.body.text(), 'still here');
    } finally {
      await server.close();
    }
  },
);

Limits('Expect: 100-continue over the limit gets the 413 instead of 100 Continue', async () => {
  const { app } = quietApp();
  app.config.MAX_CONTENT_LENGTH = 10;
  app.post('/upload')(() => 'stored');
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write(
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n',
    );
    await guard(raw.closed, 'the connection to close after the 413');
    assert.match(raw.received(), /^HTTP\/1\.1 413 /);
    assert.not.match(raw.received(), /100 Continue/);
  } finally {
    await server.close();
  }
});

Limits('Expect: 100-continue within the limit is invited, and the body reaches the view', async () => {
  const { app } = quietApp();
  app.post('/upload')(({ request }) => `got ${request.text}`);
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write(
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
    );
    await receivedMatch(raw, /^HTTP\/1\.1 100 Continue\r\n\r\n$/, '100 Continue');
    raw.socket.write('hello');
    await receivedMatch(raw, /\r\n\r\ngot hello$/, 'the answer');
    raw.socket.destroy();
  } finally {
    await server.close();
  }
});

Limits('a chunked body is refused once it passes the limit', async () => {
  const { app } = quietApp();
  app.config.MAX_CONTENT_LENGTH = 100;
  app.post('/upload')(() => 'stored');
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n');
    raw.socket.write(`c8\r\n${'x'.repeat(200)}\r\n`);
    await receivedMatch(raw, /^HTTP\/1\.1 413 /, 'the 413');
    raw.socket.destroy();
  } finally {
    await server.close();
  }
});

Limits('undici sending a body over the limit reads the 413', async () => {
  const { app } = quietApp();
  app.config.MAX_CONTENT_LENGTH = 1024;
  app.post('/upload')(() => 'stored');
  const server = await start(app);
  try {
    const res = await request(`${server.url}upload`, { method: 'POST', body: Buffer.alloc(64 * 1024, 120) });
    assert.is(res.statusCode, 413);
    await res.body.text();
  } finally {
    await server.close();
  }
});

Limits('a client that leaves mid-body is dropped quietly: no view, no error logged', async () => {
  const { app, logged } = quietApp();
  let viewCalls = 0;
  app.post('/upload')(() => {
    viewCalls++;
    return 'stored';
  });
  const server = await start(app);
  const seen = deferred();
  const requestClosed = new Promise<void>((resolve) => {
    server.httpServer.once('request', (req: IncomingMessage) => {
      seen.resolve();
      req.once('close', resolve);
    });
  });
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly ten b');
    await guard(seen.promise, 'the server to get the request');
    await tick();
    raw.socket.destroy();
    await guard(requestClosed, 'the server to see the request go');
    await tick();
    assert.is(viewCalls, 0);
    assert.is(logged.error.length, 0);
  } finally {
    await server.close();
  }
});

// ── streamed responses ─────────────────────────────────────────────────────────────────────────

const Streams = suite('handleNodeRequest: streamed bodies');

Streams('generators, async generators, Node and web streams are sent chunked', async () => {
  const { app } = quietApp();
  app.get('/sync')(() =>
    (function* () {
      yield 'a';
      yield '';
      yield new Uint8Array([98]);
    })(),
  );
  app.get('/async')(() =>
    (async function* () {
      yield 'a';
      await tick();
      yield 'b';
    })(),
  );
  app.get('/readable')(() => Readable.from(['a', 'b']));
  app.get('/web')(
    () =>
      new ReadableStream<string>({
        start(controller) {
          controller.enqueue('a');
          controller.enqueue('b');
          controller.close();
        },
      }),
  );
  const server = await start(app);
  try {
    for (const path of ['sync', 'async', 'readable', 'web']) {
      const res = await request(server.url + path);
      assert.is(res.statusCode, 200, path);
      assert.is(res.headers['transfer-encoding'], 'chunked', path);
      assert.is(res.headers['content-length'], undefined, path);
      assert.is(await res.body.text(), 'ab', path);
    }
  } finally {
    await server.close();
  }
});

Streams('a client that disconnects stops an async generator: its finally runs', async () => {
  const { app } = quietApp();
  const stopped = deferred();
  app.get('/events')(() =>
    (async function* () {
      try {
        for (;;) {
          yield 'data: tick\n\n';
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        stopped.resolve();
      }
    })(),
  );
  const server = await start(app);
  try {
    const controller = new AbortController();
    const res = await request(`${server.url}events`, { signal: controller.signal });
    const iterator = res.body[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await guard(stopped.promise, "the generator's finally");
  } finally {
    await server.close();
  }
});

Streams('an endless sync generator waits for drain, and stops when the client leaves', async () => {
  const { app } = quietApp();
  const stopped = deferred();
  app.get('/forever')(() =>
    (function* () {
      try {
        for (;;) yield 'x'.repeat(64 * 1024);
      } finally {
        stopped.resolve();
      }
    })(),
  );
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('GET /forever HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await receivedMatch(raw, /^HTTP\/1\.1 200 /, 'the first bytes');
    raw.socket.destroy();
    await guard(stopped.promise, "the generator's finally");
  } finally {
    await server.close();
  }
});

Streams('a Node stream is destroyed when the client leaves', async () => {
  const { app } = quietApp();
  const stream = new Readable({
    read() {
      this.push('x'.repeat(16 * 1024));
    },
  });
  app.get('/forever')(() => new Response(stream));
  const server = await start(app);
  try {
    const raw = rawConnect(server.port);
    raw.socket.write('GET /forever HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await receivedMatch(raw, /^HTTP\/1\.1 200 /, 'the first bytes');
    raw.socket.destroy();
    await guard(once(stream, 'close'), 'the stream to be destroyed');
    assert.ok(stream.destroyed);
  } finally {
    await server.close();
  }
});

Streams('an error mid-stream is logged and the connection dropped; the server goes on', async () => {
  const { app, logged } = quietApp();
  app.get('/broken')(() =>
    (async function* () {
      yield 'partial';
      throw new Error('disk on fire');
    })(),
  );
  app.get('/')(() => 'fine');
  const server = await start(app);
  try {
    const res = await request(`${server.url}broken`);
    assert.is(res.statusCode, 200);
    const read = await res.body.text().then(
      () => 'complete',
      () => 'cut',
    );
    assert.is(read, 'cut');
    assert.is(logged.error.length, 1);
    assert.match(String(logged.error[0]![0]), /GET \/broken/);
    assert.is((logged.error[0]![1] as Error).message, 'disk on fire');
    assert.is(await (await request(server.url)).body.text(), 'fine');
  } finally {
    await server.close();
  }
});

// ── unhandled errors ───────────────────────────────────────────────────────────────────────────

const Errors = suite('handleNodeRequest: unhandled errors');

Errors('outside debug, a 500 never reveals the message', async () => {
  const { app, logged } = quietApp();
  app.get('/crash')(() => {
    throw new Error('password=hunter2');
  });
  const server = await start(app);
  try {
    const res = await request(`${server.url}crash`);
    assert.is(res.statusCode, 500);
    const body = await res.body.text();
    assert.match(body, /Internal Server Error/);
    assert.not.match(body, /hunter2/);
    assert.is(logged.error.length, 1);
  } finally {
    await server.close();
  }
});

Errors('in debug, the traceback page shows the escaped message, the request and the stack', async () => {
  const { app, logged } = quietApp();
  app.get('/crash')(function crash() {
    throw new TypeError('<b>bad</b> input');
  });
  const server = await start(app, { debug: true });
  try {
    assert.is(app.config.DEBUG, true);
    const res = await request(`${server.url}crash?x=1`);
    assert.is(res.statusCode, 500);
    const body = await res.body.text();
    assert.match(body, /<h1>TypeError<\/h1>/);
    assert.match(body, /&lt;b&gt;bad&lt;\/b&gt; input/);
    assert.not.match(body, /<b>bad<\/b>/);
    assert.match(body, /GET \/crash/);
    assert.match(body, /at crash/);
    assert.is(logged.error.length, 1);
  } finally {
    await server.close();
  }
  const line = logged.info.map(stripAnsi).find((entry) => entry.startsWith('GET /crash'));
  assert.ok(line, 'debug logs one line per request');
  assert.match(line!, /^GET \/crash\?x=1 500 \d+\.\dms$/);
});

Errors(
  'TESTING propagates the error out of app.handle; over a socket it is still a 500, never a hang',
  async () => {
    const { app, logged } = quietApp();
    app.testing = true;
    app.get('/sync')(() => {
      throw new Error('sync secret');
    });
    app.get('/async')(async () => {
      await tick();
      throw new Error('async secret');
    });
    const server = await start(app);
    try {
      for (const path of ['sync', 'async']) {
        const res = await guard(request(server.url + path), `the ${path} 500`);
        assert.is(res.statusCode, 500);
        assert.not.match(await res.body.text(), /secret/);
      }
      assert.is(logged.error.length, 2);
    } finally {
      await server.close();
    }
  },
);

Errors('a status node:http refuses becomes a 500', async () => {
  const { app } = quietApp();
  app.get('/')(() => new Response('x', { status: 42 }));
  const server = await start(app);
  try {
    const res = await request(server.url);
    assert.is(res.statusCode, 500);
    await res.body.text();
  } finally {
    await server.close();
  }
});

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
  const appModule = fileURLToPath(new URL('../lib/app.ts', import.meta.url));
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
    cwd: fileURLToPath(new URL('..', import.meta.url)),
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
        20_000,
      );
    const port = Number((await saw(/port (\d+)/))[1]);
    const exited = once(child, 'exit');
    const pending = request(`http://127.0.0.1:${port}/slow`);
    await saw(/entered/);
    child.kill('SIGTERM');
    const res = await guard(pending, 'the drained response');
    assert.is(await res.body.text(), 'done');
    const [code] = await guard(exited, 'the child to exit');
    assert.is(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
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

Handle.run();
Limits.run();
Streams.run();
Errors.run();
ClientErrors.run();
Serve.run();
Close.run();
