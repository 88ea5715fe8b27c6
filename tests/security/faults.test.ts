/**
 * Faults (issue 5): a view, hook or handler that throws or rejects costs its own request a 500
 * and nothing else; `server.close()` under a bounded load lets every accepted request finish.
 * (Redis stopping mid-run is tested against a real redis-server in tests/sessions/redis-store.test.ts.)
 */
import type { IncomingMessage } from 'node:http';
import { Pool } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { App } from '../../lib/app.ts';
import { makeResponse } from '../../lib/make-response.ts';
import { guard, quietApp, start } from '../helpers/live.ts';
import {
  assertServing,
  exchange,
  fetchFresh,
  processErrors,
  statusOf,
  watched,
} from '../helpers/security.ts';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ── errors in views, hooks and handlers ────────────────────────────────────────────────────────

const Throwing = watched(suite('a view that throws or rejects'));

/** Every way user code can fail, one route each. */
const FAILING: ReadonlyArray<[path: string, what: string, install: (app: App) => void]> = [
  ['/throw', 'a sync throw', (app) => app.get('/throw')(() => thrower(new Error('boom')))],
  [
    '/reject',
    'an async rejection',
    (app) =>
      app.get('/reject')(async () => {
        await sleep(1);
        throw new Error('boom');
      }),
  ],
  ['/throw-null', 'throw null', (app) => app.get('/throw-null')(() => thrower(null))],
  ['/throw-undefined', 'throw undefined', (app) => app.get('/throw-undefined')(() => thrower(undefined))],
  ['/throw-string', 'a thrown string', (app) => app.get('/throw-string')(() => thrower('boom'))],
  [
    '/throw-proxy',
    'a thrown object whose every property read throws',
    (app) =>
      app.get('/throw-proxy')(() =>
        thrower(
          new Proxy(new Error('boom'), {
            get() {
              throw new Error('trapped');
            },
          }),
        ),
      ),
  ],
  [
    '/reject-later',
    'a rejection after a timer',
    (app) =>
      app.get('/reject-later')(
        () => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 5)),
      ),
  ],
  // @ts-expect-error: View types refuse a view that returns nothing; this checks the run-time answer
  ['/not-a-response', 'a view returning nothing', (app) => app.get('/not-a-response')(() => undefined)],
  [
    '/bad-status',
    'a status node:http refuses',
    (app) =>
      app.get('/bad-status')(() => {
        const response = makeResponse('x');
        response.status = 1000;
        return response;
      }),
  ],
];

function thrower(error: unknown): never {
  throw error;
}

Throwing('each failure is a 500 for that request; the next one is served', async () => {
  const { app, logged } = quietApp();
  app.get('/')(() => 'ok');
  for (const [, , install] of FAILING) install(app);
  const server = await start(app);
  try {
    for (const [path, what] of FAILING) {
      const result = await exchange(server, [
        `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`,
        'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
      ]);
      assert.match(result.text, /^HTTP\/1\.1 500 Internal Server Error\r\n/, what);
      assert.not.match(result.text, /boom|trapped|late/, `${what}: the message never reaches the client`);
      assert.ok(result.text.endsWith('\r\n\r\nok'), `${what}: the same connection serves the next request`);
    }
    assert.is(logged.error.length, FAILING.length, 'one log entry per failure');
    await assertServing(server, { ...logged, error: [] });
  } finally {
    // A failed assertion must not leave the server up: it would keep the process alive.
    await guard(server.close(), 'close');
  }
});

Throwing('failing requests in the middle of good ones: only they get a 500', async () => {
  const { app } = quietApp();
  app.get('/')(() => 'ok');
  app.get('/work/<int:i>')(async ({ params }) => {
    await sleep(params.i % 3);
    if (params.i % 2 === 1) throw new Error(`odd ${params.i}`);
    return `even ${params.i}`;
  });
  const server = await start(app);
  try {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetchFresh(server, `/work/${i}`).then((res) => [i, res] as const)),
    );
    for (const [i, res] of results) {
      if (i % 2 === 1) assert.is(res.status, 500, `request ${i}`);
      else assert.equal([res.status, res.text], [200, `even ${i}`], `request ${i}`);
    }
  } finally {
    await guard(server.close(), 'close');
  }
  assert.equal(processErrors.events.splice(0), []);
});

Throwing('hooks and error handlers that fail: a 500, or the response when only teardown fails', async () => {
  const { app, logged } = quietApp();
  app.get('/')(() => 'ok');
  app.get('/before')(() => 'unreachable');
  app.get('/after')(() => 'x');
  app.get('/handler')(() => thrower(new RangeError('handled badly')));
  app.get('/teardown')(() => 'still sent');
  app.beforeRequest(async ({ request }) => {
    if (request.path === '/before') throw new Error('before');
  });
  app.afterRequest((response, { request }) => {
    if (request.path === '/after') throw new Error('after');
    return response;
  });
  app.errorHandler(RangeError)(() => thrower(new Error('the handler fails too')));
  app.teardownRequest((_error, { request }) => {
    if (request.path === '/teardown') throw new Error('teardown');
  });
  const server = await start(app);
  try {
    for (const path of ['/before', '/after', '/handler']) {
      const res = await fetchFresh(server, path);
      assert.is(res.status, 500, path);
    }
    const teardown = await fetchFresh(server, '/teardown');
    assert.equal([teardown.status, teardown.text], [200, 'still sent']);
    assert.ok(logged.error.length >= 4);
    await assertServing(server, { ...logged, error: [] });
  } finally {
    // A failed assertion must not leave the server up: it would keep the process alive.
    await guard(server.close(), 'close');
  }
});

Throwing('a stream that throws midway drops its own connection only', async () => {
  const { app, logged } = quietApp();
  app.get('/')(() => 'ok');
  app.get('/stream')(() =>
    (function* () {
      yield 'first chunk\n';
      throw new Error('mid-stream');
    })(),
  );
  const server = await start(app);
  try {
    const result = await exchange(server, 'GET /stream HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.is(statusOf(result.text), 200);
    assert.ok(result.text.includes('first chunk'));
    assert.ok(result.closedByServer, 'the connection is dropped: the body is cut short');
    assert.not.ok(result.text.endsWith('0\r\n\r\n'), 'no final chunk: the client sees the failure');
    assert.is(logged.error.length, 1);
    await assertServing(server, { ...logged, error: [] });
  } finally {
    // A failed assertion must not leave the server up: it would keep the process alive.
    await guard(server.close(), 'close');
  }
});

Throwing.run();

// ── graceful close under load ──────────────────────────────────────────────────────────────────

const Close = watched(suite('server.close() under load'));

Close('every request accepted before and during close() gets its whole response: zero dropped', async () => {
  const { app } = quietApp();
  app.get('/work')(async ({ request }) => {
    const i = Number(request.args.get('i'));
    // A little work, of different lengths, so that requests overlap and finish out of order.
    await sleep(1 + (i % 4));
    return `done ${i}`;
  });
  const server = await start(app);
  const accepted = new Set<number>();
  const answered = new Map<number, string>();
  const failed = new Map<number, string>();
  let closing: Promise<void> | null = null;
  let inFlightAtClose = 0;
  let finished = 0;
  server.httpServer.on('request', (req: IncomingMessage, res) => {
    accepted.add(Number(new URL(req.url ?? '/', 'http://a').searchParams.get('i')));
    res.once('finish', () => finished++);
    if (accepted.size === 150 && closing === null) {
      inFlightAtClose = accepted.size - finished;
      closing = server.close();
    }
  });
  const total = 400;
  const connections = 24;
  const pool = new Pool(server.url.slice(0, -1), { connections, pipelining: 1 });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      try {
        const res = await pool.request({ path: `/work?i=${i}`, method: 'GET' });
        answered.set(i, `${res.statusCode} ${await res.body.text()}`);
      } catch (error) {
        failed.set(i, (error as { code?: string }).code ?? String(error));
      }
    }
  };
  try {
    await guard(Promise.all(Array.from({ length: connections }, worker)), 'the load to finish', 20_000);
    assert.ok(closing !== null, 'close() was called while the load ran');
    await guard(closing!, 'server.close() to resolve');
  } finally {
    await pool.destroy();
  }
  const dropped = [...accepted].filter((i) => answered.get(i) !== `200 done ${i}`);
  assert.equal(dropped, [], `accepted ${accepted.size}, answered ${answered.size}, failed ${failed.size}`);
  assert.ok(inFlightAtClose > 0, 'requests were in flight when close() was called');
  assert.ok(accepted.size >= 150 && accepted.size < total, 'the server stopped accepting after close()');
  for (const i of answered.keys())
    assert.ok(accepted.has(i), `request ${i} was answered without being accepted`);
  assert.ok(
    [...failed.values()].every((code) => /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(code)),
    `only connection errors for requests never accepted: ${[...new Set(failed.values())].join(', ')}`,
  );
  assert.equal(processErrors.events.splice(0), []);
});

Close.run();
