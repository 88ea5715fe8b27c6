/** Tests for lib/server/access-log-format.ts: the Combined Log Format and JSON lines. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type AccessRecord,
  combinedLogLine,
  jsonLogLine,
  logEscape,
  logTime,
} from '../../lib/server/access-log-format.ts';

/** 2000-10-10 20:55:36 UTC, Apache's own example (13:55:36 -0700). */
const TIME = Date.UTC(2000, 9, 10, 20, 55, 36, 250);

function record(overrides: Partial<AccessRecord> = {}): AccessRecord {
  return {
    remoteAddr: '127.0.0.1',
    time: TIME,
    method: 'GET',
    url: '/apache_pb.gif?x=1',
    httpVersion: '1.0',
    status: 200,
    bytes: 2326,
    referer: 'http://www.example.com/start.html',
    userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    durationMs: 1.23456,
    ...overrides,
  };
}

/** Runs `fn` with the process in time zone `tz` (Node re-reads TZ when it is assigned). */
function inZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

const Time = suite('logTime');

Time("Apache's %t: local time with the zone's offset", () => {
  assert.is(
    inZone('America/Los_Angeles', () => logTime(TIME)),
    '10/Oct/2000:13:55:36 -0700',
  );
  // Another second, so that the per-second cache cannot answer.
  assert.is(
    inZone('Asia/Kolkata', () => logTime(TIME + 1000)),
    '11/Oct/2000:02:25:37 +0530',
  );
  assert.is(
    inZone('UTC', () => logTime(TIME + 2000)),
    '10/Oct/2000:20:55:38 +0000',
  );
});

const Escape = suite('logEscape');

Escape('plain text is left alone', () => {
  assert.is(logEscape('Mozilla/5.0 (X11; Linux x86_64)'), 'Mozilla/5.0 (X11; Linux x86_64)');
});

Escape('quotes, backslashes, control and non-ASCII characters cannot end or forge a line', () => {
  assert.is(logEscape('a"b\\c'), 'a\\"b\\\\c');
  assert.is(logEscape('x\r\n127.0.0.1 - - [forged]'), 'x\\x0d\\x0a127.0.0.1 - - [forged]');
  assert.is(logEscape('\x00\x1b\x7f'), '\\x00\\x1b\\x7f');
  assert.is(logEscape('caf\xc3\xa9'), 'caf\\xc3\\xa9', 'latin1 bytes as node:http reads them');
  assert.is(logEscape('€'), '\\xe2\\x82\\xac', 'anything wider as its UTF-8 bytes');
});

const Combined = suite('combinedLogLine');

Combined("Apache's example line", () => {
  assert.is(
    inZone('America/Los_Angeles', () => combinedLogLine(record({ time: TIME + 10_000 }))),
    '127.0.0.1 - - [10/Oct/2000:13:55:46 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326 ' +
      '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
  );
});

Combined('absent values are dashes; a hostile request stays on one line', () => {
  const line = inZone('UTC', () =>
    combinedLogLine(
      record({
        time: TIME + 20_000,
        method: 'GET',
        url: '/"\n',
        bytes: null,
        referer: null,
        userAgent: 'evil"\r\nx',
        remoteAddr: '',
      }),
    ),
  );
  assert.is(
    line,
    '- - - [10/Oct/2000:20:55:56 +0000] "GET /\\"\\x0a HTTP/1.0" 200 - "-" "evil\\"\\x0d\\x0ax"',
  );
  assert.is(combinedLogLine(record({ bytes: 0 })).split(' ')[9], '-', 'no body is a dash, as %b has it');
});

const Json = suite('jsonLogLine');

Json('one JSON object: ISO time, every field, the duration rounded to a microsecond', () => {
  const line = jsonLogLine(record({ userAgent: 'a\nb', referer: null }));
  assert.not.match(line, '\n');
  assert.equal(JSON.parse(line), {
    time: '2000-10-10T20:55:36.250Z',
    remoteAddr: '127.0.0.1',
    method: 'GET',
    url: '/apache_pb.gif?x=1',
    protocol: 'HTTP/1.0',
    status: 200,
    bytes: 2326,
    referer: null,
    userAgent: 'a\nb',
    durationMs: 1.235,
  });
});

Json('the same text as JSON.stringify of the object, for hostile strings too', () => {
  const hostile = record({
    url: '/"\\\u2028\ud800\n',
    userAgent: '\u0000</script>',
    referer: null,
    bytes: null,
  });
  assert.is(
    jsonLogLine(hostile),
    JSON.stringify({
      time: new Date(hostile.time).toISOString(),
      remoteAddr: hostile.remoteAddr,
      method: hostile.method,
      url: hostile.url,
      protocol: `HTTP/${hostile.httpVersion}`,
      status: hostile.status,
      bytes: hostile.bytes,
      referer: hostile.referer,
      userAgent: hostile.userAgent,
      durationMs: 1.235,
    }),
  );
});

Time.run();
Escape.run();
Combined.run();
Json.run();
