/** docs/testing.md: the cookie jar, redirects, TESTING and sessions. */
import { App, html, redirect } from 'phial';
import * as assert from 'uvu/assert';

export async function check(): Promise<void> {
  await cookieJar();
  await redirects();
  await errors();
  await sessions();
}

async function cookieJar(): Promise<void> {
  const client = new App().testClient();
  // #region jar
  client.setCookie('theme', 'dark'); // as if localhost had set it, Path=/
  client.setCookie('lang', 'ru', { path: '/app', maxAge: 60 });
  client.setCookie('sso', 'x', { domain: 'example.com', originOnly: false }); // also for subdomains

  client.getCookie('theme')?.value; // 'dark'
  client.getCookie('lang', { path: '/app' })?.expires; // a Date, a minute from now
  client.deleteCookie('theme');
  // #endregion jar
  assert.is(client.getCookie('theme'), undefined);
  const expires = client.getCookie('lang', { path: '/app' })?.expires;
  assert.instance(expires, Date);
  assert.ok(Math.abs((expires as Date).getTime() - Date.now() - 60_000) < 5_000);
  assert.is(client.getCookie('sso')?.originOnly, false);
  assert.is(client.getCookie('lang', { path: '/' }), undefined);
  client.setCookie('theme', 'dark');
  assert.is(client.getCookie('theme')?.value, 'dark');
}

function loginApp(): App {
  const app = new App();
  app.secretKey = 'test';
  app.post('/login')(() => redirect('/profile'));
  app.get('/profile')(() => 'Profile');
  return app;
}

async function redirects(): Promise<void> {
  const client = loginApp().testClient();
  {
    // #region redirect
    const response = await client.post('/login', { form: { username: 'john' } });
    assert.is(response.status, 302);
    assert.is(response.location, '/profile');
    // #endregion redirect
  }
  {
    // #region follow
    const response = await client.post('/login', { form: { username: 'john' }, followRedirects: true });
    assert.is(response.request.path, '/profile');
    assert.is(response.history.length, 1);
    assert.is(response.history[0]?.status, 302);
    // #endregion follow
    assert.is(response.request.method, 'GET');
  }
}

async function errors(): Promise<void> {
  const app = new App();
  const logged: unknown[] = [];
  app.logger = { info() {}, warn() {}, error: (...args: unknown[]) => logged.push(args) };
  const client = app.testClient();
  // #region testing
  app.get('/boom')(function boom() {
    throw new RangeError('the real problem');
  });

  app.config.TESTING = true;
  try {
    await client.get('/boom');
    assert.unreachable('the error propagates');
  } catch (error) {
    assert.instance(error, RangeError);
  }

  app.config.TESTING = false;
  const response = await client.get('/boom');
  assert.is(response.status, 500); // what a user would see; the error is logged
  // #endregion testing
  assert.is(logged.length, 1);
}

async function sessions(): Promise<void> {
  // #region sessions
  const app = new App();
  app.secretKey = 'test';
  app.post('/login')(function login({ request, session }) {
    session.set('username', request.form.get('username'));
    return redirect('/profile');
  });
  app.get('/profile')(function profile({ session }) {
    return session.has('username') ? html`Привет, ${String(session.get('username'))}!` : 'Вы не авторизованы';
  });

  const client = app.testClient();
  const response = await client.post('/login', { form: { username: 'john' }, followRedirects: true });
  assert.is(response.text, 'Привет, john!');
  assert.ok(client.getCookie('session'));
  // #endregion sessions
}
