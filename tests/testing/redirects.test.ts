/** Tests for lib/testing/redirects.ts: where a test request goes, and the request a redirect makes. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Headers } from '../../lib/http/headers.ts';
import { Request } from '../../lib/http/request.ts';
import { Response, redirect } from '../../lib/http/response.ts';
import { type Hop, isRedirect, nextHop, resolveTarget, toUri } from '../../lib/testing/redirects.ts';
import { readTestResponse } from '../../lib/testing/response.ts';

const GET = new Request({ method: 'GET', url: '/' });

/** A first hop to `href`, with the given method, headers and body. */
function hopTo(href: string, method: string, headers: Record<string, string> = {}, body?: string): Hop {
  return {
    method,
    target: resolveTarget(href, 'http://localhost/'),
    headers: new Headers(headers),
    body: body === undefined ? null : new TextEncoder().encode(body),
    remoteAddr: undefined,
  };
}

async function answer(status: number, location: string | null) {
  const response = location === null ? new Response('', { status }) : redirect(location, status);
  return readTestResponse(response, GET);
}

const Resolve = suite('resolveTarget');

Resolve('joins a path to the base URL without normalizing it', () => {
  assert.equal(resolveTarget('/a/../b?x=1#frag', 'https://example.com:8443/ignored'), {
    protocol: 'https:',
    host: 'example.com:8443',
    hostname: 'example.com',
    pathname: '/a/../b',
    search: '?x=1',
  });
});

Resolve('adds the leading slash a relative path lacks', () => {
  assert.is(resolveTarget('profile', 'http://localhost/').pathname, '/profile');
});

Resolve('takes an absolute URL as it is, host included', () => {
  const target = resolveTarget('http://other.test:81/p?q', 'http://localhost/');
  assert.is(target.host, 'other.test:81');
  assert.is(target.pathname, '/p');
  assert.is(target.search, '?q');
});

Resolve('percent-encodes what a client cannot send raw', () => {
  const target = resolveTarget('/a b/café?q=é ü', 'http://localhost/');
  assert.is(target.pathname, '/a%20b/caf%C3%A9');
  assert.is(target.search, '?q=%C3%A9%20%C3%BC');
});

const Uri = suite('toUri');

Uri("keeps %XX escapes and the characters a URI allows, like Werkzeug's iri_to_uri", () => {
  assert.is(toUri("/a%20b/!$&'()*+,;=:@.~-_"), "/a%20b/!$&'()*+,;=:@.~-_");
  assert.is(toUri('/😀'), '/%F0%9F%98%80');
  assert.is(toUri('/"<>'), '/%22%3C%3E');
});

const Redirect = suite('isRedirect and nextHop');

Redirect('only 301, 302, 303, 307 and 308 with a Location are followed', async () => {
  for (const status of [301, 302, 303, 307, 308])
    assert.ok(isRedirect(await answer(status, '/next')), `${status}`);
  assert.not.ok(isRedirect(await answer(300, '/next')));
  assert.not.ok(isRedirect(await answer(304, null)));
  assert.not.ok(isRedirect(await answer(302, null)));
});

Redirect('303 turns a POST into a bodiless GET and drops the body headers', async () => {
  const hop = hopTo('/form', 'POST', { 'content-type': 'text/plain', 'x-kept': '1' }, 'data');
  const next = nextHop(hop, await answer(303, '/done?ok=1'));
  assert.is(next.method, 'GET');
  assert.is(next.body, null);
  assert.is(next.target.pathname, '/done');
  assert.is(next.target.search, '?ok=1');
  assert.is(next.headers.get('content-type'), null);
  assert.is(next.headers.get('x-kept'), '1');
});

Redirect('301 and 302 turn a POST into a GET, but keep a PUT as it is', async () => {
  for (const status of [301, 302]) {
    assert.is(nextHop(hopTo('/a', 'POST', {}, 'x'), await answer(status, '/b')).method, 'GET');
    const put = nextHop(
      hopTo('/a', 'PUT', { 'content-type': 'text/plain' }, 'x'),
      await answer(status, '/b'),
    );
    assert.is(put.method, 'PUT');
    assert.is(new TextDecoder().decode(put.body!), 'x');
  }
});

Redirect('307 and 308 repeat the request, body and all', async () => {
  for (const status of [307, 308]) {
    const next = nextHop(
      hopTo('/a', 'POST', { 'content-type': 'text/plain' }, 'x'),
      await answer(status, '/b'),
    );
    assert.is(next.method, 'POST');
    assert.is(new TextDecoder().decode(next.body!), 'x');
    assert.is(next.headers.get('content-type'), 'text/plain');
  }
});

Redirect('a relative Location resolves against the current URL', async () => {
  const next = nextHop(hopTo('/shop/cart/view', 'GET'), await answer(302, '../checkout'));
  assert.is(next.target.pathname, '/shop/checkout');
});

Redirect('a Host header stays on the same host and is dropped for another', async () => {
  const same = nextHop(hopTo('/a', 'GET', { host: 'localhost' }), await answer(302, '/b'));
  assert.is(same.headers.get('host'), 'localhost');
  const other = nextHop(hopTo('/a', 'GET', { host: 'localhost' }), await answer(302, 'http://other.test/b'));
  assert.is(other.headers.get('host'), null);
  assert.is(other.target.host, 'other.test');
});

Resolve.run();
Uri.run();
Redirect.run();
