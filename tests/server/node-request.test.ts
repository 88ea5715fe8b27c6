/**
 * One request through the app over a real socket: undici as the client, raw node:net where undici
 * cannot say it (a body never sent, Expect: 100-continue). Every app listens on port 0 and is
 * closed by its test; timeouts only guard against hangs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Response } from '../../lib/http/response.ts';
import { handleNodeRequest } from '../../lib/server/node-request.ts';
import {
  deferred,
  guard,
  quietApp,
  rawConnect,
  receivedMatch,
  start,
  stripAnsi,
  tick,
} from '../helpers/live.ts';

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

Limits(
  'errorHandler(413) and after-request hooks answer a refused body, then the connection closes',
  async () => {
    const { app } = quietApp();
    app.config.MAX_CONTENT_LENGTH = 10;
    let viewCalls = 0;
    app.post('/upload')(() => {
      viewCalls++;
      return 'stored';
    });
    app.errorHandler(413)(() => ['Файл слишком большой', 413]);
    app.afterRequest((response) => {
      response.headers.set('x-after', 'ran');
      return response;
    });
    const server = await start(app);
    try {
      const raw = rawConnect(server.port);
      raw.socket.write('POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 11\r\n\r\n');
      await guard(raw.closed, 'the connection to close after the 413');
      const text = raw.received();
      assert.match(text, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
      assert.match(text, /\r\nx-after: ran\r\n/i);
      assert.match(text, /\r\nConnection: close\r\n/i);
      // The raw connection reads bytes as latin1.
      assert.ok(text.endsWith(`\r\n\r\n${Buffer.from('Файл слишком большой').toString('latin1')}`), text);
      assert.is(viewCalls, 0);
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

Handle.run();
Limits.run();
Errors.run();
