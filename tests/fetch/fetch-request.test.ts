/**
 * `app.fetch` (lib/fetch/fetch-request.ts): a Web Request through the app's pipeline. Its answers
 * are compared with the server's in tests/parity.test.ts, and it is served by Bun.serve and
 * Deno.serve from the packed tarball in tests/consumers/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { abort } from '../../lib/http/errors.ts';
import { Response } from '../../lib/http/response.ts';

function quietApp() {
  const app = new App();
  const logged = { info: [] as string[], error: [] as unknown[][] };
  app.logger = {
    info: (message: string) => logged.info.push(message),
    warn() {},
    error: (...args: unknown[]) => logged.error.push(args),
  };
  return { app, logged };
}

const Fetch = suite('app.fetch');

Fetch('is bound: it can be handed over as it is', async () => {
  const { app } = quietApp();
  app.get('/')(() => 'Hello, World!');
  const { fetch } = app;
  const response = await fetch(new Request('http://localhost/'));
  assert.is(response.status, 200);
  assert.is(await response.text(), 'Hello, World!');
});

Fetch('always answers with a promise, even for a sync view', () => {
  const { app } = quietApp();
  app.get('/')(() => 'sync');
  assert.instance(app.fetch(new Request('http://localhost/')), Promise);
});

Fetch('the URL gives the host, scheme, path and query the view sees', async () => {
  const { app } = quietApp();
  app.get('/where/<name>')(function where({ request, params, urlFor }) {
    return {
      host: request.host,
      secure: request.isSecure,
      path: request.path,
      q: request.args.get('q'),
      name: params.name,
      url: urlFor('where', { name: 'x', _external: true }),
    };
  });
  const response = await app.fetch(new Request('https://example.com:8443/where/caf%C3%A9?q=1'));
  assert.equal(await response.json(), {
    host: 'example.com:8443',
    secure: true,
    path: '/where/café',
    q: '1',
    name: 'café',
    url: 'https://example.com:8443/where/x',
  });
});

Fetch("the client's address from Deno's handler info or Bun's server, else empty", async () => {
  const { app } = quietApp();
  app.get('/')(({ request }) => request.remoteAddr);
  const request = () => new Request('http://localhost/');
  const deno = { remoteAddr: { transport: 'tcp', hostname: '203.0.113.7', port: 51000 } };
  assert.is(await (await app.fetch(request(), deno)).text(), '203.0.113.7');
  const seen: unknown[] = [];
  const bun = {
    requestIP(req: Request) {
      seen.push(req);
      return { address: '198.51.100.2', family: 'IPv4', port: 4000 };
    },
  };
  const asked = request();
  assert.is(await (await app.fetch(asked, bun)).text(), '198.51.100.2');
  assert.equal(seen, [asked]);
  assert.is(await (await app.fetch(request())).text(), '');
  assert.is(await (await app.fetch(request(), { env: 'a worker binding' })).text(), '');
});

Fetch("Bun's server is asked for the address only when the app reads it", async () => {
  const { app } = quietApp();
  app.get('/')(() => 'no address read');
  let asked = 0;
  const bun = {
    requestIP() {
      asked++;
      return { address: '198.51.100.2' };
    },
  };
  assert.is(await (await app.fetch(new Request('http://localhost/'), bun)).text(), 'no address read');
  assert.is(asked, 0);
});

Fetch("headers a runtime gives as JSON (Bun's Headers.toJSON) are read in one call", async () => {
  const { app } = quietApp();
  app.get('/')(({ request }) => ({
    accept: request.headers.get('accept'),
    cookie: request.cookies.get('a'),
    proto: request.headers.get('constructor'),
  }));
  const web = new Request('http://localhost/');
  let iterated = false;
  const headers = {
    toJSON: () => ({ accept: 'text/html, application/json', cookie: 'a=1', constructor: 'c' }),
    get: (name: string) => web.headers.get(name),
    [Symbol.iterator]() {
      iterated = true;
      return web.headers[Symbol.iterator]();
    },
  };
  const bunLike = { method: 'GET', url: web.url, headers, body: null } as unknown as Request;
  const response = await app.fetch(bunLike);
  assert.equal(await response.json(), { accept: 'text/html, application/json', cookie: '1', proto: 'c' });
  assert.not.ok(iterated);
});

Fetch('a request body reaches the view: form, JSON, multipart upload', async () => {
  const { app } = quietApp();
  app.post('/form')(({ request }) => request.form.toObject());
  app.post('/json')(({ request }) => request.json as Record<string, unknown>);
  app.post('/upload')(({ request }) => {
    const file = request.files.get('doc');
    return { name: file?.filename, text: file?.text() };
  });
  const form = await app.fetch(
    new Request('http://localhost/form', { method: 'POST', body: new URLSearchParams('a=1&b=Привет') }),
  );
  assert.equal(await form.json(), { a: '1', b: 'Привет' });
  const json = await app.fetch(
    new Request('http://localhost/json', {
      method: 'POST',
      body: '{"n":[1,2]}',
      headers: { 'content-type': 'application/json' },
    }),
  );
  assert.equal(await json.json(), { n: [1, 2] });
  const data = new FormData();
  data.append('doc', new Blob(['hello file'], { type: 'text/plain' }), 'r.txt');
  const upload = await app.fetch(new Request('http://localhost/upload', { method: 'POST', body: data }));
  assert.equal(await upload.json(), { name: 'r.txt', text: 'hello file' });
});

Fetch("a body over MAX_CONTENT_LENGTH: the app's 413 handler answers, the view never runs", async () => {
  const { app } = quietApp();
  app.config.MAX_CONTENT_LENGTH = 10;
  const ran: string[] = [];
  app.beforeRequest(() => {
    ran.push('before');
  });
  app.post('/')(() => {
    ran.push('view');
    return 'read';
  });
  app.errorHandler(413)(() => ['Too big for us', 413]);
  const response = await app.fetch(
    new Request('http://localhost/', { method: 'POST', body: 'x'.repeat(11) }),
  );
  assert.is(response.status, 413);
  assert.is(await response.text(), 'Too big for us');
  assert.equal(ran, ['before']);
});

Fetch('an unreadable body is a 400, and the app is not called', async () => {
  const { app } = quietApp();
  let called = false;
  app.post('/')(() => {
    called = true;
    return 'read';
  });
  const body = new ReadableStream({
    pull(controller) {
      controller.error(new Error('reset'));
    },
  });
  const response = await app.fetch(
    new Request('http://localhost/', { method: 'POST', body, duplex: 'half' }),
  );
  assert.is(response.status, 400);
  assert.not.ok(called);
});

Fetch('an error the app propagates is a plain 500 outside debug, logged', async () => {
  const { app, logged } = quietApp();
  app.testing = true; // PROPAGATE_EXCEPTIONS: the error leaves app.handle
  app.get('/boom')(() => {
    throw new Error('secret internals');
  });
  const response = await app.fetch(new Request('http://localhost/boom'));
  assert.is(response.status, 500);
  assert.not.match(await response.text(), /secret internals/);
  assert.is(logged.error.length, 1);
  assert.match(String(logged.error[0]![0]), /Exception on \/boom \[GET\]/);
});

Fetch('debug mode: the traceback page, and a log line per request', async () => {
  const { app, logged } = quietApp();
  app.debug = true;
  app.get('/boom')(() => {
    throw new Error('shown in debug');
  });
  app.get('/teapot')(() => abort(418));
  const boom = await app.fetch(new Request('http://localhost/boom?x=1'));
  assert.is(boom.status, 500);
  assert.match(await boom.text(), /shown in debug/);
  await app.fetch(new Request('http://localhost/teapot'));
  assert.equal(
    logged.info.map((line) => line.replace(/ [\d.]+ms$/, '')),
    ['GET /boom?x=1 500', 'GET /teapot 418'],
  );
});

Fetch('a response the Web platform refuses (status 42) is a 500, logged', async () => {
  const { app, logged } = quietApp();
  app.get('/')(() => new Response('odd', { status: 42 }));
  const response = await app.fetch(new Request('http://localhost/'));
  assert.is(response.status, 500);
  assert.is(logged.error.length, 1);
});

Fetch('HEAD of an error: the status and length, no body', async () => {
  const { app } = quietApp();
  app.testing = true;
  app.get('/boom')(() => {
    throw new Error('x');
  });
  const response = await app.fetch(new Request('http://localhost/boom', { method: 'HEAD' }));
  assert.is(response.status, 500);
  assert.is(response.body, null);
  assert.ok(Number(response.headers.get('content-length')) > 0);
});

Fetch.run();
