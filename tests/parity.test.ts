/**
 * The test client, the server and `app.fetch` are three doors onto one pipeline: every scenario
 * here runs through each and must give the same status, headers and body.
 */

import { request as httpRequest } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { abort } from '../lib/http/errors.ts';
import { redirect } from '../lib/http/response.ts';
import { makeResponse } from '../lib/make-response.ts';
import type { Server } from '../lib/server/serve.ts';

interface Scenario {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Headers that belong to the connection, not to the response. */
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function scenarioApp(): App {
  const app = new App();
  app.logger = { info() {}, warn() {}, error() {} };
  app.secretKey = 'parity secret';
  app.config.MAX_CONTENT_LENGTH = 4096;
  app.get('/')(() => 'Hello, World!');
  app.get('/json')(() => ({ id: 42, name: 'Привет' }));
  app.get('/tuple')(() => ['created', 201, { 'X-Custom': 'yes' }]);
  app.get('/bytes')(() => new Uint8Array([104, 105]));
  app.get('/set_cookie')(() => {
    const response = makeResponse('Куки установлены!');
    response.setCookie('username', 'John Doe', { maxAge: 3600, httpOnly: true, sameSite: 'Lax' });
    return response;
  });
  app.get('/get_cookie')(({ request }) => `Привет, ${request.cookies.get('username') ?? 'nobody'}!`);
  app.get('/two_cookies')(() =>
    makeResponse('two').setCookie('theme', 'dark').setCookie('lang', 'ru', { path: '/shop' }),
  );
  app.get('/delete_cookie')(() => makeResponse('gone').deleteCookie('username'));
  app.get('/redirect')(() => redirect('/json'));
  app.get('/slash/')(() => 'slashed');
  app.get('/user/<int:id>')(function user({ params }) {
    return { id: params.id };
  });
  app.route('/echo', { methods: ['POST', 'PUT'] })(({ request }) => ({
    form: request.form.toObject(),
    json: request.isJson ? request.json : null,
    args: request.args.toObject(),
  }));
  app.post('/upload')(({ request }) => {
    const file = request.files.get('doc');
    return { name: file?.filename, size: file?.size, field: request.form.get('title') };
  });
  app.get('/teapot')(() => abort(418));
  app.get('/boom')(() => {
    throw new Error('secret internals');
  });
  app.get('/stream')(function* stream() {
    yield 'one,';
    yield 'two';
  });
  app.get('/session')(({ session }) => {
    session.set('visits', (session.get('visits') ?? 0) + 1);
    return String(session.get('visits'));
  });
  return app;
}

const multipartBody =
  '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nReport\r\n' +
  '--XyZ\r\nContent-Disposition: form-data; name="doc"; filename="r.txt"\r\nContent-Type: text/plain\r\n\r\nhello file\r\n' +
  '--XyZ--\r\n';

const scenarios: Scenario[] = [
  { name: 'hello', method: 'GET', path: '/' },
  { name: 'JSON', method: 'GET', path: '/json' },
  { name: 'tuple with status and headers', method: 'GET', path: '/tuple' },
  { name: 'bytes', method: 'GET', path: '/bytes' },
  { name: 'set a cookie', method: 'GET', path: '/set_cookie' },
  { name: 'read a cookie', method: 'GET', path: '/get_cookie', headers: { cookie: 'username="John Doe"' } },
  { name: 'read a missing cookie', method: 'GET', path: '/get_cookie' },
  { name: 'two Set-Cookie headers stay two', method: 'GET', path: '/two_cookies' },
  { name: 'delete a cookie', method: 'GET', path: '/delete_cookie' },
  { name: 'redirect', method: 'GET', path: '/redirect' },
  { name: 'strict slash 308 keeps the query', method: 'GET', path: '/slash?a=1' },
  { name: 'converter match', method: 'GET', path: '/user/42' },
  { name: 'converter mismatch is 404', method: 'GET', path: '/user/abc' },
  { name: 'unknown path', method: 'GET', path: '/nowhere' },
  { name: 'wrong method', method: 'DELETE', path: '/json' },
  { name: 'HEAD', method: 'HEAD', path: '/json' },
  { name: 'OPTIONS', method: 'OPTIONS', path: '/echo' },
  {
    name: 'urlencoded form',
    method: 'POST',
    path: '/echo?x=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'username=John+Doe&lang=%D1%80%D1%83',
  },
  {
    name: 'JSON body',
    method: 'PUT',
    path: '/echo',
    headers: { 'content-type': 'application/json' },
    body: '{"a":[1,2],"__proto__":{"polluted":true}}',
  },
  {
    name: 'invalid JSON is 400',
    method: 'POST',
    path: '/echo',
    headers: { 'content-type': 'application/json' },
    body: '{"a":',
  },
  {
    name: 'multipart upload',
    method: 'POST',
    path: '/upload',
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
    body: multipartBody,
  },
  {
    name: 'broken multipart is 400',
    method: 'POST',
    path: '/upload',
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
    body: '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nunterminated',
  },
  {
    name: 'a body over MAX_CONTENT_LENGTH is 413',
    method: 'POST',
    path: '/echo',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `big=${'x'.repeat(5000)}`,
  },
  { name: 'abort(418)', method: 'GET', path: '/teapot' },
  { name: 'unhandled error is a plain 500', method: 'GET', path: '/boom' },
  { name: 'streamed body', method: 'GET', path: '/stream' },
  { name: 'new session', method: 'GET', path: '/session' },
];

interface Seen {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

function comparable(headers: Iterable<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (CONNECTION_HEADERS.has(name)) continue;
    const current = out[name];
    out[name] = current === undefined ? value : [...(Array.isArray(current) ? current : [current]), value];
  }
  return out;
}

/**
 * Cookie Expires dates and a session's timestamp (and so its signature) depend on the second a
 * response was made; compare them without it.
 */
function withoutDates(seen: Seen): Seen {
  const cookies = seen.headers['set-cookie'];
  if (cookies === undefined) return seen;
  const strip = (cookie: string) =>
    cookie.replace(/Expires=[^;]+/, 'Expires=…').replace(/^(session=[^.;]+)\.[^;]+/, '$1.…');
  const stripped = Array.isArray(cookies) ? cookies.map(strip) : strip(cookies);
  return { ...seen, headers: { ...seen.headers, 'set-cookie': stripped } };
}

async function throughTestClient(app: App, scenario: Scenario): Promise<Seen> {
  const response = await app.testClient().open(scenario.path, {
    method: scenario.method,
    headers: scenario.headers ?? {},
    ...(scenario.body !== undefined && { body: scenario.body }),
  });
  return { status: response.status, headers: comparable(response.headers), body: response.text };
}

async function throughFetch(app: App, scenario: Scenario): Promise<Seen> {
  const response = await app.fetch(
    new Request(new URL(scenario.path, 'http://localhost'), {
      method: scenario.method,
      headers: scenario.headers ?? {},
      ...(scenario.body !== undefined && { body: scenario.body }),
    }),
  );
  return { status: response.status, headers: comparable(response.headers), body: await response.text() };
}

async function throughSocket(server: Server, scenario: Scenario): Promise<Seen> {
  const response = await httpRequest(new URL(scenario.path, server.url), {
    method: scenario.method as 'GET',
    headers: scenario.headers ?? {},
    ...(scenario.body !== undefined && { body: scenario.body }),
  });
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, item]);
  }
  return { status: response.statusCode, headers: comparable(pairs), body: await response.body.text() };
}

const Parity = suite('test client and server parity');
let server: Server;
const app = scenarioApp();

Parity.before(async () => {
  server = await app.run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
});

Parity.after(async () => {
  await server.close();
});

for (const scenario of scenarios) {
  Parity(`${scenario.name}: ${scenario.method} ${scenario.path}`, async () => {
    const viaClient = withoutDates(await throughTestClient(app, scenario));
    const viaSocket = withoutDates(await throughSocket(server, scenario));
    const viaFetch = withoutDates(await throughFetch(app, scenario));
    assert.equal(viaClient, viaSocket, 'the test client and the server');
    assert.equal(viaFetch, viaSocket, 'app.fetch and the server');
  });
}

Parity('the scenarios cover success, client errors, server errors and redirects', async () => {
  const statuses = new Set<number>();
  for (const scenario of scenarios) statuses.add((await throughTestClient(app, scenario)).status);
  for (const status of [200, 201, 302, 308, 400, 404, 405, 413, 418, 500])
    assert.ok(statuses.has(status), `${status}`);
});

Parity.run();
