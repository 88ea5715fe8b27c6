/**
 * Bad input gets a clear 4xx and the server keeps serving (issue 5). Every case goes over a real
 * socket (raw node:net for bytes no client library would send) and ends with the same check: no
 * 500, no unhandled rejection or uncaught exception, a request on a fresh connection is answered,
 * no connection is left open, and `server.close()` resolves.
 */
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { App } from '../../lib/app.ts';
import type { Server } from '../../lib/server/serve.ts';
import { guard, type Logged, quietApp, start } from '../helpers/live.ts';
import {
  assertServing,
  bodyOf,
  exchange,
  fetchFresh,
  noConnectionsLeft,
  processErrors,
  statusOf,
  watched,
} from '../helpers/security.ts';

interface Harness {
  app: App;
  logged: Logged;
  server: Server;
  /** How many times a view ran. */
  views: () => number;
}

/** An app with views that read every part of a request, served on a free port. */
async function serveHostile(configure: (app: App) => void = () => {}): Promise<Harness> {
  const { app, logged } = quietApp();
  let views = 0;
  const count = (): void => {
    views++;
  };
  app.config.MAX_CONTENT_LENGTH = 64 * 1024;
  app.config.SERVER_HEADERS_TIMEOUT = 500;
  app.config.SERVER_REQUEST_TIMEOUT = 1000;
  configure(app);
  app.get('/')(() => 'ok');
  app.route('/echo', { methods: ['GET', 'POST'] })(({ request }) => {
    count();
    return { path: request.path, host: request.host, args: [...request.args], size: request.data.length };
  });
  app.get('/p/<name>')(({ params }) => {
    count();
    return { name: params.name };
  });
  app.post('/form')(({ request }) => {
    count();
    return { form: [...request.form], files: [...request.files.keys()] };
  });
  app.post('/json')(({ request }) => {
    count();
    return { received: request.json };
  });
  app.get('/cookies')(({ request }) => {
    count();
    return { cookies: [...request.cookies] };
  });
  const server = await start(app);
  return { app, logged, server, views: () => views };
}

/**
 * Runs `body` against a fresh hostile app, then checks that it still serves. A failing `body`
 * closes the server and reports its own failure, not the check's.
 */
async function withHostile(
  body: (h: Harness) => Promise<void>,
  configure?: (app: App) => void,
): Promise<void> {
  const h = await serveHostile(configure);
  try {
    await body(h);
  } catch (error) {
    h.server.httpServer.closeAllConnections();
    await h.server.close();
    throw error;
  }
  await assertServing(h.server, h.logged);
}

/** Asserts Phial's own error page with `status` and `Connection: close`, and that the server hung up. */
function assertRefused(
  result: { text: string; closedByServer: boolean },
  status: number,
  title: string,
  what: string,
): void {
  assert.is(statusOf(result.text), status, `${what}: ${JSON.stringify(result.text.slice(0, 80))}`);
  assert.match(result.text, /\r\nConnection: close\r\n/i, what);
  assert.ok(bodyOf(result.text).includes(`<h1>${title}</h1>`), `${what}: Phial's page`);
  assert.ok(result.closedByServer, `${what}: the server ends the connection`);
}

/** The JSON body of raw latin1 bytes, decoded as UTF-8. */
function parseJsonBody(text: string): any {
  return JSON.parse(Buffer.from(bodyOf(text), 'latin1').toString('utf8'));
}

// ── request lines and headers node:http cannot parse ───────────────────────────────────────────

const Malformed = watched(suite('malformed request lines and headers'));

const MALFORMED_LINES: ReadonlyArray<[string, string | Uint8Array]> = [
  ['an unknown HTTP version', 'GET / HTTP/9.9\r\nHost: a\r\n\r\n'],
  ['a NUL in the target', 'GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n'],
  ['a space inside the target', 'GET /a b HTTP/1.1\r\nHost: a\r\n\r\n'],
  ['raw bytes above 0x7f in the target', Buffer.from('GET /\xff\xc3 HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1')],
  ['a lower-case method', 'get / HTTP/1.1\r\nHost: a\r\n\r\n'],
  ['an HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
  ['binary garbage', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03])],
];

const MALFORMED_HEADERS: ReadonlyArray<[string, string]> = [
  ['a header without a colon', 'GET / HTTP/1.1\r\nHost: a\r\nBroken\r\n\r\n'],
  ['a space before the colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n'],
  ['an obsolete line folding', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\r\n b\r\n\r\n'],
  ['a bare CR inside a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n'],
  ['a NUL inside a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n'],
  ['a bad character in a name', 'GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n'],
  ['bare LF line ends', 'GET / HTTP/1.1\nHost: a\n\n'],
  [
    'Content-Length with Transfer-Encoding (smuggling)',
    'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  ],
  [
    'two different Content-Lengths',
    'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
  ],
  ['a Content-Length that is not a number', 'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n'],
  ['a negative Content-Length', 'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n'],
  [
    'a chunk size that is not hex',
    'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
  ],
  [
    'a Transfer-Encoding other than chunked',
    'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabc',
  ],
  ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n'],
];

Malformed('a malformed request line is a 400 page, and the connection ends', async () => {
  await withHostile(async (h) => {
    for (const [what, bytes] of MALFORMED_LINES) {
      assertRefused(await exchange(h.server, bytes), 400, 'Bad Request', what);
    }
    assert.is(h.views(), 0);
  });
});

Malformed('a malformed header is a 400, and the connection ends', async () => {
  await withHostile(async (h) => {
    for (const [what, bytes] of MALFORMED_HEADERS) {
      const result = await exchange(h.server, bytes);
      assert.is(statusOf(result.text), 400, `${what}: ${JSON.stringify(result.text.slice(0, 80))}`);
      assert.match(result.text, /\r\nConnection: close\r\n/i, what);
      assert.ok(result.closedByServer, `${what}: the server ends the connection`);
    }
    assert.is(h.views(), 0);
  });
});

Malformed('oversized headers are a 431: one huge header, or thousands of small ones', async () => {
  await withHostile(async (h) => {
    const huge = `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`;
    assertRefused(await exchange(h.server, huge), 431, 'Request Header Fields Too Large', 'one huge header');
    const many = `GET / HTTP/1.1\r\nHost: a\r\n${'X-A: b\r\n'.repeat(5000)}\r\n`;
    assertRefused(await exchange(h.server, many), 431, 'Request Header Fields Too Large', 'many headers');
    const longTarget = `GET /?${'a'.repeat(32 * 1024)} HTTP/1.1\r\nHost: a\r\n\r\n`;
    assertRefused(
      await exchange(h.server, longTarget),
      431,
      'Request Header Fields Too Large',
      'a long target',
    );
  });
});

Malformed('a method node:http does not know is a 400; one it knows but no rule has is a 405', async () => {
  await withHostile(async (h) => {
    assertRefused(
      await exchange(h.server, 'FOO /echo HTTP/1.1\r\nHost: a\r\n\r\n'),
      400,
      'Bad Request',
      'FOO',
    );
    for (const method of ['PROPFIND', 'PURGE', 'PUT', 'DELETE']) {
      const res = await fetchFresh(h.server, '/echo', { method });
      assert.is(res.status, 405, method);
      assert.is(res.headers.allow, 'GET, HEAD, OPTIONS, POST');
    }
    assert.is(h.views(), 0);
  });
});

Malformed(
  'an absolute-form target is routed on its path; a hostile authority never becomes the host',
  async () => {
    await withHostile(async (h) => {
      const send = async (target: string): Promise<any> => {
        const result = await exchange(
          h.server,
          `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`,
        );
        assert.is(statusOf(result.text), 200, target);
        return parseJsonBody(result.text);
      };
      assert.equal(await send('http://example.com/echo?q=1'), {
        path: '/echo',
        host: 'example.com',
        args: [['q', '1']],
        size: 0,
      });
      assert.is((await send('http://evil.example@good.example/echo')).host, '');
      assert.is((await send('http://a,b.example/echo')).host, '');
      const script = 'GET http://<script>/echo HTTP/1.1\r\nHost: a\r\n\r\n';
      assertRefused(await exchange(h.server, script), 400, 'Bad Request', 'markup in the authority');
      assert.is((await send('javascript://alert(1)/echo')).path, '/echo');
    });
  },
);

Malformed('HTTP/1.0 without Host is served, as localhost', async () => {
  await withHostile(async (h) => {
    const result = await exchange(h.server, 'GET /echo HTTP/1.0\r\n\r\n');
    assert.is(statusOf(result.text), 200);
    assert.is(parseJsonBody(result.text).host, 'localhost');
    assert.ok(result.closedByServer, 'HTTP/1.0 without keep-alive closes after the response');
  });
});

Malformed(
  'CONNECT is answered by the app (a 404 page), the connection ends, and a reset cannot crash it',
  async () => {
    await withHostile(async (h) => {
      assertRefused(
        await exchange(h.server, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
        404,
        'Not Found',
        'CONNECT',
      );
      // Bytes after the request (a TLS hello, say) change nothing.
      const tunnel = await exchange(h.server, [
        'CONNECT evil.example:22 HTTP/1.1\r\nHost: evil.example:22\r\n\r\n',
        'SSH-2.0-OpenSSH\r\n',
      ]);
      assertRefused(tunnel, 404, 'Not Found', 'CONNECT with tunnel bytes');
      // A client that resets at once: the socket node handed over has an error listener.
      const reset = connect(h.server.port, '127.0.0.1', () => {
        reset.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
        reset.resetAndDestroy();
      });
      reset.on('error', () => {});
      await new Promise((resolve) => reset.on('close', resolve));
      assert.is(h.views(), 0);
    });
  },
);

Malformed.run();

// ── percent-encoding and UTF-8 ─────────────────────────────────────────────────────────────────

const Encoding = watched(suite('invalid percent-encoding and invalid UTF-8'));

Encoding('in the path: decoded leniently (U+FFFD), routed, never a 500', async () => {
  await withHostile(async (h) => {
    const result = await exchange(
      h.server,
      'GET /p/%zz%FF%C3%E0%80 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    assert.is(statusOf(result.text), 200);
    assert.equal(parseJsonBody(result.text), { name: '%zz\uFFFD\uFFFD\uFFFD\uFFFD' });
    const lone = await exchange(
      h.server,
      'GET /p/%D8%00%ED%A0%80 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    assert.is(statusOf(lone.text), 200, 'encoded NUL and an encoded surrogate');
    const slash = await exchange(
      h.server,
      'GET /p/a%2F..%2F..%2Fetc HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    assert.is(statusOf(slash.text), 404, 'an encoded slash does not match a one-segment rule');
  });
});

Encoding('in the query: invalid escapes are kept as sent', async () => {
  await withHostile(async (h) => {
    const target = '/echo?a=%zz&b=%FF%FE&c=%C3%A9&%E0%80=1&d=%&e=%%41';
    const result = await exchange(h.server, `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    assert.is(statusOf(result.text), 200);
    assert.equal(parseJsonBody(result.text).args, [
      ['a', '%zz'],
      ['b', '%FF%FE'],
      ['c', 'é'],
      ['%E0%80', '1'],
      ['d', '%'],
      ['e', '%A'],
    ]);
  });
});

Encoding('in a urlencoded form: invalid escapes kept, invalid UTF-8 bytes replaced', async () => {
  await withHostile(async (h) => {
    const body = Buffer.concat([Buffer.from('a=%zz&b=%FF&c='), Buffer.from([0xff, 0xfe, 0xc3])]);
    const head =
      'POST /form HTTP/1.1\r\nHost: a\r\nConnection: close\r\n' +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`;
    const result = await exchange(h.server, [head, body]);
    assert.is(statusOf(result.text), 200);
    assert.equal(parseJsonBody(result.text).form, [
      ['a', '%zz'],
      ['b', '%FF'],
      ['c', '\uFFFD\uFFFD\uFFFD'],
    ]);
  });
});

Encoding('in cookies: bad escapes, bad quoting and raw bytes read as plain strings', async () => {
  await withHostile(async (h) => {
    const cookie = Buffer.concat([
      Buffer.from('Cookie: a=%zz; b="\\777\\"; c="unterminated; d='),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('; =nameless; e\r\n'),
    ]);
    const result = await exchange(h.server, [
      'GET /cookies HTTP/1.1\r\nHost: a\r\nConnection: close\r\n',
      cookie,
      '\r\n',
    ]);
    assert.is(statusOf(result.text), 200);
    const cookies: Array<[string, string]> = parseJsonBody(result.text).cookies;
    assert.equal(cookies[0], ['a', '%zz']);
    assert.ok(cookies.every(([name, value]) => typeof name === 'string' && typeof value === 'string'));
  });
});

Encoding('in header values: bytes that are not UTF-8 are accepted as they are', async () => {
  await withHostile(async (h) => {
    const result = await exchange(h.server, [
      'GET /echo HTTP/1.1\r\nConnection: close\r\n',
      Buffer.from([...Buffer.from('Host: '), 0xff, 0xfe, 0x0d, 0x0a]),
      Buffer.from([...Buffer.from('User-Agent: '), 0xc3, 0x28, 0x0d, 0x0a, 0x0d, 0x0a]),
    ]);
    assert.is(statusOf(result.text), 200);
    assert.is(parseJsonBody(result.text).host, '', 'a host with bytes no host has reads as empty');
  });
});

Encoding.run();

// ── bodies: too large, too short, abandoned ────────────────────────────────────────────────────

const Bodies = watched(suite('request bodies over the limit, shorter than declared, or abandoned'));

Bodies(
  'a Content-Length over MAX_CONTENT_LENGTH is a 413 sent before the body, then the connection ends',
  async () => {
    await withHostile(async (h) => {
      // Only the head is sent: the 413 comes back without the server waiting for 100 MB.
      const result = await exchange(
        h.server,
        'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\n\r\n',
      );
      assertRefused(result, 413, 'Payload Too Large', 'Content-Length: 100000000');
      assert.is(h.views(), 0);
    });
  },
);

Bodies('a client that keeps sending after the 413 is cut off', async () => {
  await withHostile(async (h) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const result = await exchange(h.server, [
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\n\r\n',
      ...Array.from({ length: 16 }, () => chunk),
    ]);
    assertRefused(result, 413, 'Payload Too Large', 'a body that keeps coming');
  });
});

Bodies('a chunked body is refused with a 413 the moment it passes the limit', async () => {
  await withHostile(async (h) => {
    const chunk = `8000\r\n${'a'.repeat(0x8000)}\r\n`;
    const result = await exchange(h.server, [
      'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n',
      chunk,
      chunk,
      chunk,
    ]);
    assertRefused(result, 413, 'Payload Too Large', 'chunked past 64 KiB');
    assert.is(h.views(), 0);
  });
});

Bodies('Expect: 100-continue with a body over the limit gets the 413 instead of 100 Continue', async () => {
  await withHostile(async (h) => {
    const result = await exchange(
      h.server,
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n',
    );
    assert.not.match(result.text, /100 Continue/);
    assertRefused(result, 413, 'Payload Too Large', 'Expect: 100-continue');
  });
});

Bodies('a body shorter than its Content-Length, then FIN: a 400, the view never runs', async () => {
  await withHostile(async (h) => {
    const result = await exchange(
      h.server,
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc',
      {
        halfClose: true,
      },
    );
    assert.is(statusOf(result.text), 400);
    assert.ok(result.closedByServer);
    assert.is(h.views(), 0);
  });
});

Bodies(
  'a body shorter than its Content-Length, then silence: a 408 after SERVER_REQUEST_TIMEOUT',
  async () => {
    await withHostile(async (h) => {
      const result = await exchange(
        h.server,
        'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc',
        {
          waitMs: 5000,
        },
      );
      assertRefused(result, 408, 'Request Timeout', 'a body that never completes');
      assert.is(h.views(), 0);
    });
  },
);

Bodies('a client that vanishes mid-body: dropped quietly, the view never runs, no socket left', async () => {
  await withHostile(async (h) => {
    for (const head of [
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 50000\r\n\r\n',
      'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n',
    ]) {
      const { connect } = await import('node:net');
      const socket = connect(h.server.port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(head);
      socket.write('x'.repeat(1000));
      // Give the server the head and part of the body before the client disappears.
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      await noConnectionsLeft(h.server);
    }
    assert.is(h.views(), 0);
  });
});

Bodies.run();

// ── bodies the app cannot read ─────────────────────────────────────────────────────────────────

const Unreadable = watched(suite('invalid JSON, broken multipart, deep nesting and many parameters'));

function post(path: string, contentType: string, body: string | Buffer): Buffer[] {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  const head =
    `POST ${path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\n\r\n`;
  return [Buffer.from(head, 'latin1'), bytes];
}

Unreadable('invalid JSON is a 400 that says why', async () => {
  await withHostile(async (h) => {
    for (const [what, body] of [
      ['truncated', '{"a":'],
      ['empty', ''],
      ['a trailing comma', '[1,]'],
      ['not UTF-8', Buffer.from([0x22, 0xff, 0xfe, 0x22])],
      ['NaN', '{"a": NaN}'],
    ] as const) {
      const result = await exchange(h.server, post('/json', 'application/json', body));
      assert.is(statusOf(result.text), 400, what);
      assert.match(bodyOf(result.text), /Failed to decode JSON object/, what);
    }
  });
});

Unreadable('deeply nested JSON is a 400, never a stack overflow (500)', async () => {
  await withHostile(async (h) => {
    const deep = '['.repeat(30_000) + ']'.repeat(30_000);
    const result = await exchange(h.server, post('/json', 'application/json', deep));
    assert.is(statusOf(result.text), 400);
    assert.match(bodyOf(result.text), /nested deeper than 1000/);
    const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    assert.is(statusOf((await exchange(h.server, post('/json', 'application/json', objects))).text), 400);
    // Brackets inside strings are text, not nesting.
    const inString = JSON.stringify({ text: '['.repeat(5000) });
    assert.is(statusOf((await exchange(h.server, post('/json', 'application/json', inString))).text), 200);
    const allowed = '['.repeat(1000) + ']'.repeat(1000);
    const echoed = await exchange(h.server, post('/json', 'application/json', allowed));
    assert.is(statusOf(echoed.text), 200, '1000 levels are still JSON');
  });
});

Unreadable('broken multipart is a 400', async () => {
  await withHostile(async (h) => {
    for (const [what, contentType, body] of [
      ['no boundary', 'multipart/form-data', 'hello'],
      ['an empty boundary', 'multipart/form-data; boundary=', '--\r\n\r\n'],
      ['garbage', 'multipart/form-data; boundary=xx', '--xx\r\nbroken stuff\r\n'],
      [
        'no closing boundary',
        'multipart/form-data; boundary=xx',
        '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      ],
      ['a part without headers end', 'multipart/form-data; boundary=xx', '--xx\r\nContent-Disposition: form'],
    ] as const) {
      const result = await exchange(h.server, post('/form', contentType, body));
      assert.is(statusOf(result.text), 400, `${what}: ${JSON.stringify(result.text.slice(0, 60))}`);
    }
    assert.is(h.views(), 0);
  });
});

Unreadable('10,000 form fields are a 413 (MAX_FORM_PARTS), urlencoded or multipart', async () => {
  await withHostile(
    async (h) => {
      const urlencoded = Array.from({ length: 10_000 }, (_, i) => `k${i}=${i}`).join('&');
      const form = await exchange(h.server, post('/form', 'application/x-www-form-urlencoded', urlencoded));
      assert.is(statusOf(form.text), 413);
      const parts = Array.from(
        { length: 10_000 },
        (_, i) => `--xx\r\nContent-Disposition: form-data; name="k${i}"\r\n\r\n${i}\r\n`,
      ).join('');
      const multipart = await exchange(
        h.server,
        post('/form', 'multipart/form-data; boundary=xx', `${parts}--xx--\r\n`),
      );
      assert.is(statusOf(multipart.text), 413);
    },
    (app) => {
      app.config.MAX_CONTENT_LENGTH = 1024 * 1024;
    },
  );
});

Unreadable(
  '10,000 query parameters: a 431 past the header limit; read in full when the limit allows',
  async () => {
    const query = Array.from({ length: 10_000 }, (_, i) => `k${i}=${i}`).join('&');
    let app: App | undefined;
    await withHostile(async (h) => {
      app = h.app;
      const result = await exchange(h.server, `GET /echo?${query} HTTP/1.1\r\nHost: a\r\n\r\n`);
      assertRefused(result, 431, 'Request Header Fields Too Large', '10,000 parameters');
    });
    // The same app behind a server that accepts 1 MiB of headers: every parameter arrives.
    const big = createServer({ maxHeaderSize: 1024 * 1024 }, app!.handler);
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    try {
      const port = (big.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/echo?${query}&${'same=1&'.repeat(10_000)}`);
      assert.is(res.status, 200);
      const { args } = (await res.json()) as { args: Array<[string, string]> };
      assert.is(args.length, 20_000);
      assert.equal(args[9999], ['k9999', '9999']);
      assert.equal(args[19_999], ['same', '1']);
    } finally {
      big.closeAllConnections();
      await guard(new Promise((resolve) => big.close(resolve)), 'the big-header server to close');
    }
    assert.equal(processErrors.events.splice(0), []);
  },
);

Unreadable.run();
