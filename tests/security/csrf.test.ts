/**
 * CSRF protection over a real socket (issue 14): the demo served on a free port and driven with
 * undici, a plain HTTP client. A client that announces another origin (`Origin`) or another site
 * (`Sec-Fetch-Site`) is refused as a browser would be, and changes nothing; one that announces
 * neither passes the origin check (scripts, API clients); with CSRF_TOKEN_REQUIRED it still needs
 * the token of its session. The browser side is tests/browser/csrf.test.ts.
 */
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDemoApp } from '../../demo/app.ts';
import { demoOptions } from '../../demo/config.ts';
import type { Server } from '../../lib/server/serve.ts';

interface Answer {
  status: number;
  text: string;
  location: string | undefined;
  setCookie: string[];
}

/** A client with one cookie: the session, kept as a browser would. */
class Visitor {
  cookie = '';
  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  async send(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    form?: string,
  ): Promise<Answer> {
    const response = await request(new URL(path, this.base), {
      method: method as 'GET',
      headers: {
        ...(this.cookie && { cookie: this.cookie }),
        ...(form !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
        ...headers,
      },
      ...(form !== undefined && { body: form }),
    });
    const raw = response.headers['set-cookie'];
    const setCookie = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const value of setCookie) {
      if (value.startsWith('session=')) this.cookie = value.split(';')[0]!;
    }
    const location = response.headers.location;
    return {
      status: response.statusCode,
      text: await response.body.text(),
      location: location as string | undefined,
      setCookie,
    };
  }

  /** The text of a page's <main>: what the demo's layout wraps around each page. */
  async main(path: string): Promise<string> {
    const page = (await this.send('GET', path)).text;
    return /<main>([\s\S]*)<\/main>/.exec(page)?.[1] ?? page;
  }

  /** The CSRF token of the first form on a page. */
  async tokenFrom(path: string): Promise<string> {
    const page = (await this.send('GET', path)).text;
    const token = /name="csrf_token" value="([^"]+)"/.exec(page)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${path}`);
    return token;
  }
}

const Origins = suite('CSRF over a socket: announced origins');
let server: Server;
let own = '';

Origins.before(async () => {
  server = await createDemoApp().run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
  own = server.url.replace(/\/$/, '');
});

Origins.after(async () => {
  await server.close();
});

async function loggedIn(): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  assert.is((await visitor.send('POST', '/login', {}, 'username=ada')).status, 302);
  assert.is(await visitor.main('/profile'), 'Привет, ada!');
  return visitor;
}

Origins(
  'a foreign Origin or Sec-Fetch-Site is a 403 that says which check failed, and changes nothing',
  async () => {
    const visitor = await loggedIn();
    const foreign: Array<[Record<string, string>, string]> = [
      [{ origin: 'http://evil.example' }, 'Origin http://evil.example is not this site'],
      [{ origin: 'null' }, 'Origin &#34;null&#34; is not this site'],
      [{ origin: own.replace('http:', 'https:') }, 'is not this site'],
      [{ origin: own.replace(/:\d+$/, ':1') }, 'is not this site'],
      [{ 'sec-fetch-site': 'cross-site' }, 'Sec-Fetch-Site: cross-site'],
      [{ 'sec-fetch-site': 'same-site' }, 'Sec-Fetch-Site: same-site'],
      [{ 'sec-fetch-site': 'cross-site', origin: own }, 'Sec-Fetch-Site: cross-site'],
    ];
    for (const [headers, message] of foreign) {
      const label = JSON.stringify(headers);
      const cart = await visitor.send('POST', '/shop/cart/tea', headers, '');
      assert.is(cart.status, 403, label);
      assert.match(cart.text, message, label);
      assert.equal(cart.setCookie, [], `${label}: no session saved`);
      const login = await visitor.send('POST', '/login', headers, 'username=mallory');
      assert.is(login.status, 403, label);
      assert.equal(login.setCookie, []);
    }
    assert.match(await visitor.main('/shop/cart'), 'Your cart is empty.');
    assert.is(await visitor.main('/profile'), 'Привет, ada!');
  },
);

Origins("no announcement, this site's Origin, or Sec-Fetch-Site same-origin/none pass", async () => {
  const visitor = await loggedIn();
  const passing: Array<Record<string, string>> = [
    {},
    { origin: own },
    { 'sec-fetch-site': 'same-origin' },
    { 'sec-fetch-site': 'none' },
    { 'sec-fetch-site': 'same-origin', origin: 'http://evil.example' },
  ];
  for (const headers of passing) {
    const added = await visitor.send('POST', '/shop/cart/tea', headers, '');
    assert.is(added.status, 302, JSON.stringify(headers));
    assert.is(added.location, '/shop/');
  }
  assert.match(await visitor.main('/shop/cart'), `× ${passing.length}`);
});

Origins('safe methods are never refused', async () => {
  const visitor = new Visitor(server.url);
  for (const method of ['GET', 'HEAD', 'OPTIONS']) {
    const answer = await visitor.send(method, '/shop/', {
      'sec-fetch-site': 'cross-site',
      origin: 'http://evil.example',
    });
    assert.is(answer.status, 200, method);
  }
});

const Tokens = suite('CSRF over a socket: CSRF_TOKEN_REQUIRED=1');
let strict: Server;

Tokens.before(async () => {
  const { options } = await demoOptions({ SECRET_KEY: 'live csrf test', CSRF_TOKEN_REQUIRED: '1' }, () => {});
  strict = await createDemoApp(options).run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
});

Tokens.after(async () => {
  await strict.close();
});

Tokens(
  'a post without the token of its session is a 400 with Flask-WTF’s message; with it, it passes',
  async () => {
    const visitor = new Visitor(strict.url);
    const missing = await visitor.send('POST', '/login', {}, 'username=ada');
    assert.is(missing.status, 400);
    assert.match(missing.text, 'The CSRF token is missing.');
    const token = await visitor.tokenFrom('/login');
    const login = await visitor.send(
      'POST',
      '/login',
      {},
      `username=ada&csrf_token=${encodeURIComponent(token)}`,
    );
    assert.is(login.status, 302);
    const shopToken = await visitor.tokenFrom('/shop/');
    assert.is((await visitor.send('POST', '/shop/cart/tea', { 'x-csrftoken': shopToken }, '')).status, 302);
    assert.is((await visitor.send('POST', '/shop/cart/tea', { 'x-csrf-token': shopToken }, '')).status, 302);
    const stranger = new Visitor(strict.url);
    await stranger.tokenFrom('/login');
    const foreign = await stranger.send(
      'POST',
      '/shop/cart/tea',
      {},
      `csrf_token=${encodeURIComponent(token)}`,
    );
    assert.is(foreign.status, 400);
    assert.match(foreign.text, 'The CSRF tokens do not match.');
    assert.match(await visitor.main('/shop/cart'), 'Чай «Earl Grey» × 2');
  },
);

Tokens('the origin check still comes first: a cross-site post with a valid token is a 403', async () => {
  const visitor = new Visitor(strict.url);
  const token = await visitor.tokenFrom('/login');
  const refused = await visitor.send(
    'POST',
    '/login',
    { 'sec-fetch-site': 'cross-site' },
    `username=mallory&csrf_token=${encodeURIComponent(token)}`,
  );
  assert.is(refused.status, 403);
  assert.match(await visitor.main('/profile'), 'Вы не авторизованы');
});

Origins.run();
Tokens.run();
