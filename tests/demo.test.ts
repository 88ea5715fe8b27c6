/**
 * The demo reproduces the seed article's examples verbatim: paths, cookie and messages.
 */

import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDemoApp } from '../demo/app.ts';
import type { Server } from '../lib/server.ts';

const Demo = suite('demo through the test client');

Demo('/set_cookie sets username = John Doe and answers the article message', async () => {
  const client = createDemoApp().testClient();
  const response = await client.get('/set_cookie');
  assert.is(response.status, 200);
  assert.is(response.text, 'Куки установлены!');
  assert.is(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(client.getCookie('username')?.value, 'John Doe');
});

Demo('/get_cookie greets the cookie, escaped, or says it is missing', async () => {
  const client = createDemoApp().testClient();
  assert.is((await client.get('/get_cookie')).text, 'Куки "username" не найдены.');
  await client.get('/set_cookie');
  assert.is((await client.get('/get_cookie')).text, 'Привет, John Doe!');
  client.setCookie('username', '<script>alert(1)</script>');
  const hostile = await client.get('/get_cookie');
  assert.is(hostile.text, 'Привет, &lt;script&gt;alert(1)&lt;/script&gt;!');
});

Demo('/ lists every demo route', async () => {
  const app = createDemoApp();
  const page = (await app.testClient().get('/')).text;
  for (const rule of app.urlMap.rules()) {
    if (rule.rule === '/') continue;
    assert.match(page, `href="${rule.rule}"`, `the landing page links ${rule.rule}`);
  }
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
  assert.is(await set.body.text(), 'Куки установлены!');
  const setCookie = set.headers['set-cookie'];
  assert.is(setCookie, 'username="John Doe"; Path=/');
  const pair = String(setCookie).split(';')[0]!;
  const get = await request(new URL('/get_cookie', server.url), { headers: { cookie: pair } });
  assert.is(await get.body.text(), 'Привет, John Doe!');
});

Demo.run();
Live.run();
