import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonify, Response, redirect } from '../../lib/http/response.ts';

const Responses = suite('Response');

Responses('defaults: 200, text/html with charset, no body', () => {
  const response = new Response();
  assert.is(response.status, 200);
  assert.is(response.statusText, 'OK');
  assert.is(response.mimetype, 'text/html');
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(response.data.length, 0);
});

Responses('mimetype adds a charset to text types only', () => {
  const response = new Response('x', { mimetype: 'text/plain' });
  assert.is(response.headers.get('content-type'), 'text/plain; charset=utf-8');
  response.mimetype = 'image/png';
  assert.is(response.headers.get('content-type'), 'image/png');
  assert.is(new Response('x', { contentType: 'text/csv' }).headers.get('content-type'), 'text/csv');
});

Responses('setCookie and deleteCookie append Set-Cookie headers', () => {
  const response = new Response('ok');
  response.setCookie('username', 'John Doe');
  response.setCookie('theme', 'dark', { httpOnly: true });
  response.deleteCookie('old', { path: '/a' });
  const cookies = response.headers.getSetCookie();
  assert.is(cookies.length, 3);
  assert.is(cookies[0], 'username="John Doe"; Path=/');
  assert.match(cookies[1]!, /^theme=dark; HttpOnly; Path=\/$/);
  assert.match(cookies[2]!, /^old=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=\/a$/);
});

Responses('setCookie refuses a bad name before anything is written', () => {
  const response = new Response('ok');
  assert.throws(() => response.setCookie('a b', 'x'), TypeError);
  assert.is(response.headers.getSetCookie().length, 0);
});

Responses('a streamed body cannot be read as data', () => {
  const response = new Response(
    (async function* () {
      yield 'x';
    })(),
  );
  assert.ok(response.isStreamed);
  assert.throws(() => response.data, TypeError);
});

const Redirects = suite('redirect');

Redirects('302 by default with Location and an HTML body that escapes the target', () => {
  const response = redirect('/profile?a=1&b="2"');
  assert.is(response.status, 302);
  assert.is(response.location, '/profile?a=1&b="2"');
  assert.match(response.text, 'href="/profile?a=1&amp;b=&#34;2&#34;"');
});

Redirects('other statuses', () => {
  assert.is(redirect('/x', 303).status, 303);
  assert.is(redirect('/x', 308).status, 308);
});

Redirects('CR/LF in the location is refused (header injection)', () => {
  assert.throws(() => redirect('/x\r\nSet-Cookie: a=1'), TypeError);
});

const Jsonify = suite('jsonify');

Jsonify('compact JSON with a final newline and application/json', () => {
  const response = jsonify({ id: 42, name: 'Привет' }, 201);
  assert.is(response.status, 201);
  assert.is(response.headers.get('content-type'), 'application/json');
  assert.is(response.text, '{"id":42,"name":"Привет"}\n');
});

Responses.run();
Redirects.run();
Jsonify.run();
