import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError } from '../../lib/http/errors.ts';
import { Headers } from '../../lib/http/headers.ts';
import { FileStorage, Request, type RequestInit } from '../../lib/http/request.ts';

const encoder = new TextEncoder();
const get = (url: string, headers?: RequestInit['headers']): Request =>
  new Request({ method: 'GET', url, headers: headers ?? { host: 'example.com' } });
const post = (
  contentType: string | null,
  body: string | Uint8Array,
  limits?: RequestInit['limits'],
): Request =>
  new Request({
    method: 'POST',
    url: '/submit',
    headers: contentType === null ? {} : { 'Content-Type': contentType },
    body: typeof body === 'string' ? encoder.encode(body) : body,
    limits,
  });

function thrown(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, HttpError);
    return error as HttpError;
  }
  throw new Error('expected an HttpError');
}

async function rejected(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, HttpError);
    return error as HttpError;
  }
  throw new Error('expected a rejection');
}

const BOUNDARY = 'XyZ123boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
function multipart(parts: Array<{ name: string; value: string; filename?: string }>): string {
  let body = '';
  for (const part of parts) {
    body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"`;
    body +=
      part.filename === undefined
        ? '\r\n\r\n'
        : `; filename="${part.filename}"\r\nContent-Type: text/plain\r\n\r\n`;
    body += `${part.value}\r\n`;
  }
  return body + `--${BOUNDARY}--\r\n`;
}

const basics = suite('Request');

basics('stores method, headers, remote address and scheme', () => {
  const request = new Request({ method: 'post', url: '/', remoteAddr: '10.0.0.1', scheme: 'https' });
  assert.is(request.method, 'POST');
  assert.is(request.remoteAddr, '10.0.0.1');
  assert.is(request.scheme, 'https');
  assert.ok(request.isSecure);
  const defaults = new Request({ method: 'GET', url: '/' });
  assert.is(defaults.remoteAddr, '127.0.0.1');
  assert.is(defaults.scheme, 'http');
  assert.not.ok(defaults.isSecure);
  assert.instance(defaults.headers, Headers);
});

basics('a remote address given as a function is asked for on first read, once', () => {
  let asked = 0;
  const request = new Request({
    method: 'GET',
    url: '/',
    remoteAddr: () => {
      asked++;
      return '198.51.100.7';
    },
  });
  assert.is(asked, 0, 'not at construction');
  assert.is(request.remoteAddr, '198.51.100.7');
  assert.is(request.remoteAddr, '198.51.100.7');
  assert.is(asked, 1);
});

basics('headers: a null-prototype store is adopted, anything else is copied', () => {
  const store = Object.assign(Object.create(null), { 'content-type': 'text/plain', cookie: 'a=1' });
  const adopted = new Request({ method: 'GET', url: '/', headers: store });
  assert.is(adopted.headers.store, store);
  const copied = new Request({ method: 'GET', url: '/', headers: { 'Content-Type': 'text/plain' } });
  assert.is(copied.headers.get('content-type'), 'text/plain');
  const pairs = new Request({ method: 'GET', url: '/', headers: [['X-A', '1']] });
  assert.is(pairs.headers.get('x-a'), '1');
  const instance = new Headers({ 'X-B': '2' });
  assert.is(new Request({ method: 'GET', url: '/', headers: instance }).headers, instance);
});

basics('userAgent and referrer', () => {
  const request = get('/', { 'User-Agent': 'curl/8', Referer: 'https://a.example/' });
  assert.is(request.userAgent, 'curl/8');
  assert.is(request.referrer, 'https://a.example/');
  assert.is(get('/').userAgent, '');
  assert.is(get('/').referrer, null);
});

const url = suite('Request.path');

url('path is percent-decoded, query kept apart', () => {
  const request = get('/caf%C3%A9/a+b%2Fc?q=1&r=%20');
  assert.is(request.path, '/café/a+b/c');
  assert.is(request.rawPath, '/caf%C3%A9/a+b%2Fc');
  assert.is(request.queryString, 'q=1&r=%20');
  assert.is(request.fullPath, '/café/a+b/c?q=1&r=%20');
});

url('an empty path is /, leading slashes collapse (Werkzeug)', () => {
  assert.is(get('?x=1').path, '/');
  assert.is(get('').path, '/');
  assert.is(get('//a//b').path, '/a//b');
  assert.is(get('/%2F%2Fa').path, '/a');
  assert.is(get('*').path, '/*');
});

url('fullPath keeps the ? even without a query (Werkzeug)', () => {
  assert.is(get('/a').fullPath, '/a?');
});

url('invalid encodings never throw: bad UTF-8 is U+FFFD, bad escapes stay', () => {
  assert.is(get('/%FF%FE/x').path, '/\uFFFD\uFFFD/x');
  assert.is(get('/%zz/%').path, '/%zz/%');
  assert.is(get('/%E2%82').path, '/\uFFFD');
});

url('absolute-form targets: path, query and host come from the target', () => {
  const request = get('http://other.example:8080/p%20q?x=1', { host: 'ignored.example' });
  assert.is(request.path, '/p q');
  assert.is(request.queryString, 'x=1');
  assert.is(request.host, 'other.example:8080');
  assert.is(request.url, 'http://other.example:8080/p%20q?x=1');
  const bare = get('http://bare.example', { host: 'ignored.example' });
  assert.is(bare.path, '/');
  assert.is(bare.host, 'bare.example');
});

const host = suite('Request.host');

host('from the Host header, default port dropped', () => {
  assert.is(get('/', { host: 'example.com:80' }).host, 'example.com');
  assert.is(get('/', { host: 'example.com:8080' }).host, 'example.com:8080');
  const https = new Request({
    method: 'GET',
    url: '/',
    headers: { host: 'example.com:443' },
    scheme: 'https',
  });
  assert.is(https.host, 'example.com');
});

host('missing Host is localhost; a hostile one is empty', () => {
  assert.is(get('/', {}).host, 'localhost');
  assert.is(get('/', {}).url, 'http://localhost/');
  assert.is(get('/', { host: 'evil.com/phish?' }).host, '');
  assert.is(get('/', { host: 'a@b' }).host, '');
});

const urls = suite('Request.url');

urls('url, baseUrl, rootUrl and hostUrl', () => {
  const request = get('/a/b?x=1');
  assert.is(request.url, 'http://example.com/a/b?x=1');
  assert.is(request.baseUrl, 'http://example.com/a/b');
  assert.is(request.rootUrl, 'http://example.com/');
  assert.is(request.hostUrl, 'http://example.com/');
  assert.is(get('/a?').url, 'http://example.com/a');
});

urls('is an IRI: readable text decoded, meaningful escapes kept', () => {
  const request = get('/caf%C3%A9/a%20b%3F?q=%C3%A8ry%DF&a=%26');
  assert.is(request.url, 'http://example.com/café/a%20b%3F?q=èry%DF&a=%26');
});

const args = suite('Request.args');

args('parses the query string once', () => {
  const request = get('/?tag=a&tag=b&empty&q=caf%C3%A9+noir');
  assert.equal(request.args.getAll('tag'), ['a', 'b']);
  assert.is(request.args.get('empty'), '');
  assert.is(request.args.get('q'), 'café noir');
  assert.is(request.args, request.args);
});

args('keeps all of 10,000 parameters', () => {
  const query = Array.from({ length: 10_000 }, (_, i) => `p${i}=${i}`).join('&');
  const request = get(`/?${query}`);
  assert.is(request.args.size, 10_000);
  assert.is(request.args.get('p9999'), '9999');
});

args('prototype keys are plain keys', () => {
  const request = get('/?__proto__=x&constructor=y');
  assert.is(request.args.get('__proto__'), 'x');
  assert.is(request.args.get('constructor'), 'y');
});

const cookies = suite('Request.cookies');

cookies('parsed from every Cookie header, first value of a name wins', () => {
  const store = Object.assign(Object.create(null), { cookie: ['a=1; b=2', 'a=3'] });
  const request = new Request({ method: 'GET', url: '/', headers: store });
  assert.is(request.cookies.get('a'), '1');
  assert.equal(request.cookies.getAll('a'), ['1', '3']);
  assert.is(request.cookies.get('b'), '2');
  assert.is(get('/').cookies.size, 0);
});

const body = suite('Request.data');

body('data and text', () => {
  const request = post('text/plain', 'héllo');
  assert.is(request.data.byteLength, 6);
  assert.is(request.text, 'héllo');
  assert.is(post('text/plain', new Uint8Array([0x61, 0xff])).text, 'a\uFFFD');
  const empty = get('/');
  assert.is(empty.data.byteLength, 0);
  assert.is(empty.text, '');
});

body('content type, mimetype, params and length', () => {
  const request = new Request({
    method: 'POST',
    url: '/',
    headers: { 'Content-Type': 'Text/Plain; Charset=utf-8', 'Content-Length': '5' },
    body: encoder.encode('hello'),
  });
  assert.is(request.contentType, 'Text/Plain; Charset=utf-8');
  assert.is(request.mimetype, 'text/plain');
  assert.equal({ ...request.mimetypeParams }, { charset: 'utf-8' });
  assert.is(request.contentLength, 5);
  assert.is(get('/').contentType, null);
  assert.is(get('/').mimetype, '');
  assert.is(get('/').contentLength, null);
  assert.is(get('/', { 'content-length': 'x' }).contentLength, 0);
  assert.is(get('/', { 'content-length': '3', 'transfer-encoding': 'chunked' }).contentLength, null);
});

const json = suite('Request.json');

json('parses application/json and +json bodies', () => {
  assert.equal(post('application/json', '{"a": [1, 2]}').json, { a: [1, 2] });
  assert.equal(post('application/vnd.api+json; charset=utf-8', '[true]').json, [true]);
  assert.ok(post('Application/JSON', '1').isJson);
  assert.is(post('application/json', '\uFEFF"bom"').json, 'bom');
});

json('a non-JSON content type reads as undefined', () => {
  assert.is(post('text/plain', '{"a": 1}').json, undefined);
  assert.is(post(null, '{"a": 1}').json, undefined);
  assert.is(post('application/jsonp', '{}').isJson, false);
  assert.is(post('text/x+json', '{}').isJson, false);
});

json('invalid JSON, an empty body or bad UTF-8 is a 400, every time', () => {
  const request = post('application/json', '{"a": ');
  const error = thrown(() => request.json);
  assert.is(error.status, 400);
  assert.match(error.description, /^Failed to decode JSON object: /);
  assert.is(
    thrown(() => request.json),
    error,
  );
  assert.is(thrown(() => post('application/json', '').json).status, 400);
  assert.is(thrown(() => post('application/json', new Uint8Array([0x22, 0xff, 0x22])).json).status, 400);
});

json('a __proto__ key is a plain own key', () => {
  const value = post('application/json', '{"__proto__": {"admin": true}, "a": 1}').json as Record<
    string,
    unknown
  >;
  assert.ok(Object.hasOwn(value, '__proto__'));
  assert.is(Object.getPrototypeOf(value), Object.prototype);
  assert.is((value as { admin?: boolean }).admin, undefined);
  assert.is(({} as { admin?: boolean }).admin, undefined);
});

const form = suite('Request.form');

form('urlencoded bodies parse lazily and synchronously', () => {
  const request = post('application/x-www-form-urlencoded', 'name=Zo%C3%AB&tag=a&tag=b&__proto__=p');
  assert.not.ok(request.needsFormLoad);
  assert.is(request.form.get('name'), 'Zoë');
  assert.equal(request.form.getAll('tag'), ['a', 'b']);
  assert.is(request.form.get('__proto__'), 'p');
  assert.is(request.files.size, 0);
  assert.is(request.form, request.form);
});

form('other bodies have an empty form', () => {
  assert.is(post('application/json', '{"a":1}').form.size, 0);
  assert.is(post(null, 'a=1').form.size, 0);
  assert.is(get('/?a=1').form.size, 0);
});

form('require is Flask’s request.form[key]', () => {
  const request = post('application/x-www-form-urlencoded', 'a=1');
  assert.is(request.form.require('a'), '1');
  assert.is(thrown(() => request.form.require('b')).status, 400);
});

form('urlencoded limits: size over MAX_FORM_MEMORY_SIZE and parts over MAX_FORM_PARTS are 413', () => {
  const type = 'application/x-www-form-urlencoded';
  assert.is(post(type, 'a=123456', { maxFormMemorySize: 8 }).form.get('a'), '123456');
  const big = post(type, 'a=1234567', { maxFormMemorySize: 8 });
  assert.is(thrown(() => big.form).status, 413);
  assert.is(thrown(() => big.files).status, 413);
  assert.is(post(type, 'a&b&c', { maxFormParts: 3 }).form.size, 3);
  assert.is(thrown(() => post(type, 'a&b&c&d', { maxFormParts: 3 }).form).status, 413);
  assert.is(
    post(type, 'x=1&'.repeat(2000), { maxFormParts: null, maxFormMemorySize: null }).form.getAll('x').length,
    2000,
  );
});

form('Flask defaults apply when no limits are given', () => {
  const type = 'application/x-www-form-urlencoded';
  assert.is(post(type, 'a&'.repeat(1000)).form.getAll('a').length, 1000);
  assert.is(thrown(() => post(type, 'a&'.repeat(1001)).form).status, 413);
  assert.is(thrown(() => post(type, 'a='.padEnd(500_001, 'x')).form).status, 413);
});

const multi = suite('Request.loadForm');

multi('multipart needs loadForm, then gives fields and several files', async () => {
  const request = post(
    MULTIPART,
    multipart([
      { name: 'title', value: 'Trip' },
      { name: 'photo', value: 'one', filename: 'one.jpg' },
      { name: 'photo', value: 'two', filename: 'two.jpg' },
    ]),
  );
  assert.ok(request.needsFormLoad);
  assert.throws(() => request.form, /loadForm/);
  await request.loadForm();
  assert.not.ok(request.needsFormLoad);
  assert.is(request.form.get('title'), 'Trip');
  const photos = request.files.getAll('photo');
  assert.equal(
    photos.map((file) => [file.filename, file.text()]),
    [
      ['one.jpg', 'one'],
      ['two.jpg', 'two'],
    ],
  );
  assert.instance(photos[0], FileStorage);
  assert.is(request.loadForm(), request.loadForm());
});

multi('a multipart request without a body needs no load and has an empty form', async () => {
  const request = post(MULTIPART, '');
  assert.not.ok(request.needsFormLoad);
  await request.loadForm();
  assert.is(request.form.size, 0);
});

multi('loadForm is a no-op for other bodies', async () => {
  const request = post('application/x-www-form-urlencoded', 'a=1');
  await request.loadForm();
  assert.is(request.form.get('a'), '1');
});

multi('broken multipart is a 400, and form keeps throwing it', async () => {
  const request = post(MULTIPART, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end`);
  const error = await rejected(request.loadForm());
  assert.is(error.status, 400);
  assert.not.ok(request.needsFormLoad);
  assert.is(
    thrown(() => request.form),
    error,
  );
  assert.is((await rejected(post('multipart/form-data', 'x').loadForm())).status, 400);
});

multi('oversize multipart is a 413', async () => {
  const field = multipart([{ name: 'a', value: 'x'.repeat(11) }]);
  assert.is((await rejected(post(MULTIPART, field, { maxFormMemorySize: 10 }).loadForm())).status, 413);
  const parts = multipart(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}`, value: 'v' })));
  assert.is((await rejected(post(MULTIPART, parts, { maxFormParts: 3 }).loadForm())).status, 413);
  const ok = post(MULTIPART, parts, { maxFormParts: 4 });
  await ok.loadForm();
  assert.is(ok.form.size, 4);
});

basics.run();
url.run();
host.run();
urls.run();
args.run();
cookies.run();
body.run();
json.run();
form.run();
multi.run();
