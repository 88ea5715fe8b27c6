/**
 * Responses onto the wire, over a real socket: Content-Length, HEAD, bodiless statuses, and
 * streamed bodies with backpressure and disconnects. Timeouts only guard against hangs.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Response } from '../../lib/http/response.ts';
import { deferred, guard, quietApp, rawConnect, receivedMatch, start, tick } from '../helpers/live.ts';

const Write = suite('writeResponse');

Write('HEAD has the Content-Length of GET and no body; a streamed body is never produced', async () => {
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

Write('no body is Content-Length 0; 204 and 304 carry neither body nor length', async () => {
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

// ── streamed responses ─────────────────────────────────────────────────────────────────────────

const Streams = suite('writeResponse: streamed bodies');

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

Write.run();
Streams.run();
