/**
 * Tests for lib/server/access-log.ts over real sockets: a server started with `accessLog` writes a
 * line per request, after the response, with the address proxyFix trusts; without it, the
 * server's request listener is `app.handler` itself.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AccessLog, accessLogFrom } from '../../lib/server/access-log.ts';
import { proxyFix } from '../../lib/server/proxy-fix.ts';
import { guard, quietApp, start } from '../helpers/live.ts';

/** A stream that keeps what is written, and says when a line arrives. */
function collector(): {
  stream: { write(chunk: string): boolean };
  writes: string[];
  lines: () => string[];
  next: () => Promise<void>;
} {
  const writes: string[] = [];
  let waiting: (() => void) | null = null;
  return {
    stream: {
      write(chunk: string) {
        writes.push(chunk);
        waiting?.();
        return true;
      },
    },
    writes,
    lines: () => writes.join('').split('\n').filter(Boolean),
    next: () => guard(new Promise<void>((resolve) => (waiting = resolve)), 'a log line'),
  };
}

async function get(url: string, init: Parameters<typeof request>[1] = {}): Promise<string> {
  const response = await request(url, { reset: true, ...init });
  return response.body.text();
}

const Live = suite('accessLog');

Live(
  'combined: a line per request once its response is out, with status, size, referer and agent',
  async () => {
    const { app } = quietApp();
    app.get('/hello')(() => 'Hello, World!');
    const out = collector();
    const server = await start(app, { accessLog: { stream: out.stream } });
    try {
      const written = out.next();
      await get(`${server.url}hello?x=1`, {
        headers: { 'user-agent': 'test-agent', referer: 'http://a.test/' },
      });
      await written;
      assert.equal(out.lines().length, 1);
      assert.match(
        out.lines()[0]!,
        /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/hello\?x=1 HTTP\/1\.1" 200 13 "http:\/\/a\.test\/" "test-agent"$/,
      );
    } finally {
      await server.close();
    }
  },
);

Live('json: 404s, HEAD (no body sent) and streamed bodies (size unknown) are logged too', async () => {
  const { app } = quietApp();
  app.get('/stream')(function* stream() {
    yield 'a';
    yield 'b';
  });
  app.get('/page')(() => 'page');
  const out = collector();
  const server = await start(app, { accessLog: { format: 'json', stream: out.stream } });
  try {
    for (const [path, method] of [
      ['missing', 'GET'],
      ['page', 'HEAD'],
      ['stream', 'GET'],
    ] as const) {
      const written = out.next();
      await get(`${server.url}${path}`, { method });
      await written;
    }
    const records = out.lines().map((line) => JSON.parse(line));
    assert.equal(
      records.map(({ method, url, status, bytes }) => [method, url, status, bytes]),
      [
        ['GET', '/missing', 404, 207],
        ['HEAD', '/page', 200, null],
        ['GET', '/stream', 200, null],
      ],
    );
    for (const record of records) {
      assert.is(record.remoteAddr, '127.0.0.1');
      assert.ok(record.durationMs >= 0);
      assert.match(record.time, /^\d{4}-\d\d-\d\dT/);
    }
  } finally {
    await server.close();
  }
});

Live("behind proxyFix, the client's address from X-Forwarded-For", async () => {
  const { app } = quietApp();
  proxyFix(app, { xFor: 1 });
  app.get('/')(({ request }) => request.remoteAddr);
  const out = collector();
  const server = await start(app, { accessLog: { stream: out.stream } });
  try {
    const written = out.next();
    assert.is(await get(server.url, { headers: { 'x-forwarded-for': '203.0.113.9' } }), '203.0.113.9');
    await written;
    assert.match(out.lines()[0]!, /^203\.0\.113\.9 - - /);
  } finally {
    await server.close();
  }
});

Live('off, the request listener is app.handler itself: nothing runs per request', async () => {
  const { app } = quietApp();
  const off = await start(app);
  const on = await start(app, { accessLog: { stream: collector().stream } });
  try {
    assert.equal(off.httpServer.listeners('request'), [app.handler]);
    assert.is(on.httpServer.listeners('request').length, 1);
    assert.is.not(on.httpServer.listeners('request')[0], app.handler);
  } finally {
    await Promise.all([off.close(), on.close()]);
  }
});

const Writer = suite('AccessLog');

Writer('lines of one turn are written together, in writes of at most 4 KiB, whole lines only', async () => {
  const out = collector();
  const log = new AccessLog({ stream: out.stream });
  const line = 'x'.repeat(99); // 100 bytes with its newline
  for (let i = 0; i < 100; i++) log.write(line);
  assert.equal(out.writes, [], 'nothing is written in the same turn');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(
    out.writes.map((chunk) => chunk.length),
    [4000, 4000, 2000],
  );
  for (const chunk of out.writes) assert.ok(chunk.endsWith('\n'));
  log.write('y'.repeat(5000));
  log.flush();
  assert.is(out.writes.at(-1), `${'y'.repeat(5000)}\n`, 'a longer line goes alone');
});

Writer('lines queued when the process exits are written on the way out', () => {
  const module = fileURLToPath(new URL('../../lib/server/access-log.ts', import.meta.url));
  const script = `
    import { AccessLog } from ${JSON.stringify(module)};
    new AccessLog().write('the last line');
    process.exit(0);
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.is(result.status, 0);
  assert.is(result.stdout, 'the last line\n');
});

Writer('accessLogFrom reads the setting; a bad format is a TypeError', () => {
  assert.is(accessLogFrom(undefined), null);
  assert.is(accessLogFrom(false), null);
  assert.is(accessLogFrom(true)!.format, 'combined');
  assert.is(accessLogFrom('json')!.format, 'json');
  assert.is(accessLogFrom({})!.format, 'combined');
  assert.throws(
    () => accessLogFrom('xml' as never),
    /accessLog format must be 'combined' or 'json', got "xml"/,
  );
});

Live.run();
Writer.run();
