import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Request } from '../../lib/http/request.ts';
import { jsonify, Response, redirect } from '../../lib/http/response.ts';
import { readTestResponse } from '../../lib/testing/response.ts';

const GET = new Request({ method: 'GET', url: '/' });
const HEAD = new Request({ method: 'HEAD', url: '/' });

const Read = suite('readTestResponse');

function webStream(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

Read('a text body: bytes, text and a Content-Length in bytes', async () => {
  const response = await readTestResponse(new Response('Привет'), GET);
  assert.is(response.status, 200);
  assert.is(response.statusText, 'OK');
  assert.is(response.text, 'Привет');
  assert.is(response.data.byteLength, 12);
  assert.is(response.headers.get('content-length'), '12');
  assert.is(response.mimetype, 'text/html');
  assert.is(response.request, GET);
  assert.equal(response.history, []);
});

Read('bytes and an empty body get a Content-Length too', async () => {
  const bytes = await readTestResponse(new Response(new Uint8Array([1, 2, 3])), GET);
  assert.equal([...bytes.data], [1, 2, 3]);
  assert.is(bytes.headers.get('content-length'), '3');
  const empty = await readTestResponse(new Response(null), GET);
  assert.is(empty.headers.get('content-length'), '0');
  assert.is(empty.text, '');
});

Read('Content-Length is the real length, whatever the app said', async () => {
  const response = new Response('abc', { headers: { 'Content-Length': '99' } });
  assert.is((await readTestResponse(response, GET)).headers.get('content-length'), '3');
});

Read('the app Response is left as it was', async () => {
  const response = new Response('abc');
  await readTestResponse(response, GET);
  assert.not.ok(response.headers.has('content-length'));
});

Read('streams are read to the end: async generators, generators, Node streams', async () => {
  const asyncGen = async function* () {
    yield 'a';
    yield new Uint8Array([98]);
    yield 'ж';
  };
  const syncGen = function* () {
    yield 'x';
    yield 'y';
  };
  for (const [body, expected] of [
    [asyncGen(), 'abж'],
    [syncGen(), 'xy'],
    [Readable.from([Buffer.from('no'), Buffer.from('de')]), 'node'],
    [webStream('web'), 'web'],
  ] as const) {
    const response = await readTestResponse(new Response(body), GET);
    assert.is(response.text, expected);
    // Streamed bodies go out chunked: no Content-Length.
    assert.is(response.headers.get('content-length'), null);
  }
});

Read('a stream that fails rejects with its error', async () => {
  const failing = async function* () {
    yield 'a';
    throw new RangeError('broken stream');
  };
  try {
    await readTestResponse(new Response(failing()), GET);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, RangeError);
  }
});

Read('HEAD: no body, the Content-Length of the full one', async () => {
  const response = await readTestResponse(new Response('Привет'), HEAD);
  assert.is(response.data.byteLength, 0);
  assert.is(response.headers.get('content-length'), '12');
});

Read('HEAD closes a stream without reading it', async () => {
  let read = 0;
  const body = (async function* () {
    read++;
    yield 'a';
  })();
  const response = await readTestResponse(new Response(body), HEAD);
  assert.is(response.text, '');
  assert.is(read, 0);
  // Returned, so it can never produce anything.
  assert.equal(await body.next(), { value: undefined, done: true });
  const node = Readable.from(['x']);
  await readTestResponse(new Response(node), HEAD);
  assert.ok(node.destroyed);
});

Read('204 and 304: no body and no Content-Length', async () => {
  for (const status of [204, 304]) {
    const response = await readTestResponse(new Response('ignored', { status }), GET);
    assert.is(response.data.byteLength, 0);
    assert.is(response.headers.get('content-length'), null);
  }
});

Read('json() parses the body; a body that is not JSON throws', async () => {
  const response = await readTestResponse(jsonify({ id: 42, tags: ['a'] }), GET);
  assert.is(response.mimetype, 'application/json');
  assert.equal(response.json(), { id: 42, tags: ['a'] });
  const html = await readTestResponse(new Response('<p>'), GET);
  assert.throws(() => html.json(), SyntaxError);
});

Read('location and statusText of a redirect', async () => {
  const response = await readTestResponse(redirect('/profile', 303), GET);
  assert.is(response.status, 303);
  assert.is(response.statusText, 'See Other');
  assert.is(response.location, '/profile');
});

Read('cookies: the Set-Cookie values by name, unquoted, with their options', async () => {
  const app = new Response('ok');
  app.setCookie('username', 'John Doe', { maxAge: 3600, secure: true });
  app.setCookie('theme', 'light');
  app.setCookie('theme', 'dark', { path: '/app', sameSite: 'Lax' });
  app.deleteCookie('old');
  const response = await readTestResponse(app, GET);
  assert.is(response.headers.getSetCookie().length, 4);
  const { username, theme, old } = response.cookies;
  assert.is(username!.value, 'John Doe');
  assert.is(username!.options.maxAge, 3600);
  assert.ok(username!.options.secure);
  assert.instance(username!.options.expires, Date);
  assert.equal(theme, { value: 'dark', options: { path: '/app', sameSite: 'Lax' } });
  assert.is(old!.value, '');
  assert.is(old!.options.maxAge, 0);
  assert.is(response.cookies.missing, undefined);
});

Read.run();
