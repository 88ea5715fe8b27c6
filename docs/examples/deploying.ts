/** docs/deploying.md: trusting the proxy in front of the app, and cookies that stay on HTTPS. */
import assert from 'node:assert/strict';
import { App, proxyFix } from 'phial';

// #region proxy
const app = new App();
// nginx, the one proxy in front of the app, sets X-Forwarded-For, -Proto and -Host:
proxyFix(app, { xFor: 1, xProto: 1, xHost: 1 });

app.get('/whoami')(function whoami({ request }) {
  // The client's address and the URL it used, not nginx's.
  return `${request.remoteAddr} asked for ${request.url}`;
});
// #endregion proxy

// #region cookies
app.secretKey = process.env.SECRET_KEY ?? 'docs: development only';
app.config.SESSION_COOKIE_SECURE = true; // sent over HTTPS only
app.config.SESSION_COOKIE_SAMESITE = 'Lax'; // not sent on cross-site POSTs
// SESSION_COOKIE_HTTPONLY is already true: scripts cannot read the session cookie.
// #endregion cookies

app.post('/login')(function login({ request, session }) {
  session.set('username', request.form.require('username'));
  return 'Logged in.';
});

export async function check(): Promise<void> {
  const client = app.testClient();
  // What nginx sends for https://example.com/whoami from 203.0.113.7, with a spoofed entry first.
  const forwarded = {
    'X-Forwarded-For': '10.9.9.9, 203.0.113.7',
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'example.com',
  };
  const whoami = await client.get('/whoami', { headers: forwarded, remoteAddr: '127.0.0.1' });
  assert.equal(whoami.text, '203.0.113.7 asked for https://example.com/whoami');

  const login = await client.post('/login', { headers: forwarded, form: { username: 'ada' } });
  const cookie = login.cookies.session;
  assert.ok(cookie, 'the login sets the session cookie');
  assert.equal(cookie.options.secure, true);
  assert.equal(cookie.options.httpOnly, true);
  assert.equal(cookie.options.sameSite, 'Lax');
}
