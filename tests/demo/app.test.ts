/**
 * The demo reproduces the seed article's examples verbatim: paths, cookie and messages (each page
 * says its message in the `<main>` of the demo's layout).
 */

import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDemoApp } from '../../demo/app.ts';
import type { Server } from '../../lib/server/serve.ts';
import { mainContent } from '../helpers/demo.ts';

const Demo = suite('demo through the test client');

Demo('/set_cookie sets username = John Doe and answers the article message', async () => {
  const client = createDemoApp().testClient();
  const response = await client.get('/set_cookie');
  assert.is(response.status, 200);
  assert.is(mainContent(response.text), 'Куки установлены!');
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(client.getCookie('username')?.value, 'John Doe');
});

Demo('/get_cookie greets the cookie, escaped, or says it is missing', async () => {
  const client = createDemoApp().testClient();
  assert.is(mainContent((await client.get('/get_cookie')).text), 'Куки "username" не найдены.');
  await client.get('/set_cookie');
  assert.is(mainContent((await client.get('/get_cookie')).text), 'Привет, John Doe!');
  client.setCookie('username', '<script>alert(1)</script>');
  const hostile = await client.get('/get_cookie');
  assert.is(mainContent(hostile.text), 'Привет, &lt;script&gt;alert(1)&lt;/script&gt;!');
});

Demo('/ links every article route and the shop', async () => {
  const app = createDemoApp();
  const page = (await app.testClient().get('/')).text;
  const article = app.urlMap
    .rules()
    .filter((rule) => !rule.endpoint.startsWith('shop.') && !['/', '/whoami'].includes(rule.rule));
  assert.equal(article.map((rule) => rule.rule).sort(), [
    '/get_cookie',
    '/login',
    '/logout',
    '/profile',
    '/set_cookie',
  ]);
  for (const rule of [...article.map((r) => r.rule), '/shop/', '/whoami']) {
    assert.match(mainContent(page), `href="${rule}"`, `the landing page links ${rule}`);
  }
});

Demo('GET /login shows the article form', async () => {
  const response = await createDemoApp().testClient().get('/login');
  assert.is(response.status, 200);
  assert.match(response.text, '<form method="post">');
  assert.match(response.text, '<input type=text name=username>');
  assert.match(response.text, '<input type=submit value=Login>');
});

Demo('login stores the name and redirects to the profile; logout pops it', async () => {
  const client = createDemoApp().testClient();
  assert.is(
    mainContent((await client.get('/profile')).text),
    'Вы не авторизованы. <a href="/login">Авторизуйтесь</a>',
  );
  const login = await client.post('/login', { form: { username: 'Ада' } });
  assert.is(login.status, 302);
  assert.is(login.headers.get('location'), '/profile');
  assert.is(mainContent((await client.get('/profile')).text), 'Привет, Ада!');
  const logout = await client.get('/logout');
  assert.is(logout.status, 302);
  assert.is(logout.headers.get('location'), '/profile');
  assert.is(
    mainContent((await client.get('/profile')).text),
    'Вы не авторизованы. <a href="/login">Авторизуйтесь</a>',
  );
});

Demo('the profile escapes the name it echoes; a login without a name is a 400', async () => {
  const client = createDemoApp().testClient();
  const page = await client.post('/login', {
    form: { username: '<img src=x onerror=alert(1)>' },
    followRedirects: true,
  });
  assert.is(mainContent(page.text), 'Привет, &lt;img src=x onerror=alert(1)&gt;!');
  assert.is((await client.post('/login', { form: {} })).status, 400);
});

Demo('the session cookie is HttpOnly and signed', async () => {
  const client = createDemoApp().testClient();
  const login = await client.post('/login', { form: { username: 'ada' } });
  const cookie = login.headers.getSetCookie().find((value) => value.startsWith('session='));
  assert.ok(cookie);
  assert.match(cookie!, '; HttpOnly');
  const tampered = client.getCookie('session')!.value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  client.setCookie('session', tampered);
  assert.match((await client.get('/profile')).text, 'Вы не авторизованы');
});

Demo("/whoami: the address and external URL the app sees, the proxy's unless told to trust it", async () => {
  // What nginx sends for https://shop.example/whoami asked from 203.0.113.7.
  const forwarded = {
    headers: {
      'x-forwarded-for': '10.6.6.6, 203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shop.example',
    },
    remoteAddr: '127.0.0.1',
  };
  const direct = await createDemoApp().testClient().get('/whoami', forwarded);
  assert.equal(direct.json(), { remoteAddr: '127.0.0.1', url: 'http://localhost/whoami' });
  const behindProxy = createDemoApp({ secretKey: 's', proxyFix: { xFor: 1, xProto: 1, xHost: 1 } });
  const trusted = await behindProxy.testClient().get('/whoami', forwarded);
  assert.equal(trusted.json(), { remoteAddr: '203.0.113.7', url: 'https://shop.example/whoami' });
});

Demo('every form carries the CSRF token of the session, and each token is accepted', async () => {
  const app = createDemoApp();
  app.config.CSRF_TOKEN_REQUIRED = true;
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    session.set('cart', { mug: 1 });
  });
  const posts: Array<[string, string]> = [];
  for (const path of ['/login', '/shop/', '/shop/cart']) {
    const page = (await client.get(path)).text;
    const forms = page.match(/<form[\s\S]*?<\/form>/g) ?? [];
    assert.ok(forms.length > 0, `${path} has forms`);
    for (const form of forms) {
      const token = /<input type="hidden" name="csrf_token" value="([^"]+)">/.exec(form)?.[1];
      assert.ok(token, `a form on ${path} carries the token: ${form}`);
      const action = /action="([^"]+)"/.exec(form)?.[1] ?? path;
      posts.push([action.replaceAll('&amp;', '&'), token!]);
    }
  }
  assert.is(posts.length, 1 + 3 + 1, 'login, three products, empty the cart');
  for (const [action, token] of posts) {
    const form = action === '/login' ? { username: 'ada', csrf_token: token } : { csrf_token: token };
    assert.is((await client.post(action, { form })).status, 302, action);
    assert.is((await client.post(action, { form: { ...form, csrf_token: '' } })).status, 400, action);
  }
});

const Shop = suite('demo shop');

Shop('the cart lives in the session and actions flash a message', async () => {
  const client = createDemoApp().testClient();
  assert.match((await client.get('/shop/cart')).text, 'Your cart is empty.');
  const added = await client.post('/shop/cart/mug', { followRedirects: true });
  assert.match(added.text, 'Mug &lt;with a handle&gt; is in your cart.');
  await client.post('/shop/cart/mug');
  await client.post('/shop/cart/tea');
  const cart = (await client.get('/shop/cart')).text;
  assert.match(cart, 'Mug &lt;with a handle&gt; × 2');
  assert.match(cart, 'Чай «Earl Grey» × 1');
  assert.match(cart, 'Total: 28.50 €');
  assert.not.match((await client.get('/shop/')).text, 'is in your cart', 'a flash is shown once');
  const cleared = await client.post('/shop/cart/clear', { followRedirects: true });
  assert.match(cleared.text, 'Your cart is empty.');
  assert.is((await client.post('/shop/cart/anvil')).status, 404);
});

Shop('the theme is a year-long cookie that changes the page', async () => {
  const client = createDemoApp().testClient();
  assert.match((await client.get('/shop/')).text, 'background:#fff');
  const response = await client.get('/shop/theme/dark');
  assert.is(response.status, 302);
  const cookie = response.headers.getSetCookie()[0]!;
  assert.match(cookie, /^theme=dark; Expires=[^;]+; Max-Age=31536000; HttpOnly; Path=\/; SameSite=Lax$/);
  assert.match((await client.get('/shop/')).text, 'background:#222');
  assert.is((await client.get('/shop/theme/purple')).status, 404);
});

const Live = suite('demo over a socket');
let server: Server;

Live.before(async () => {
  server = await createDemoApp().run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
});

Live.after(async () => {
  await server.close();
});

Live('a browser-like round trip: set the cookie, send it back, read the greeting', async () => {
  const set = await request(new URL('/set_cookie', server.url));
  assert.is(set.statusCode, 200);
  assert.is(mainContent(await set.body.text()), 'Куки установлены!');
  const setCookie = set.headers['set-cookie'];
  assert.is(setCookie, 'username="John Doe"; Path=/');
  const pair = String(setCookie).split(';')[0]!;
  const get = await request(new URL('/get_cookie', server.url), { headers: { cookie: pair } });
  assert.is(mainContent(await get.body.text()), 'Привет, John Doe!');
});

Demo.run();
Shop.run();
Live.run();
