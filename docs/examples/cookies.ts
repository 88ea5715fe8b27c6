/** docs/cookies.md: chaining, deleting, options and prefixes. */
import assert from 'node:assert/strict';
import { App, makeResponse, Response } from 'phial';

const app = new App();

app.post('/preferences')(function preferences() {
  // #region chain
  return makeResponse('Saved.')
    .setCookie('theme', 'dark', { maxAge: 365 * 24 * 60 * 60 })
    .setCookie('lang', 'ru');
  // #endregion chain
});

// #region logout
app.get('/logout')(function logout() {
  const response = makeResponse('Bye!');
  response.deleteCookie('username');
  return response;
});
// #endregion logout

function pathAndDomain(response: Response): void {
  // #region delete_path
  response.setCookie('theme', 'dark', { path: '/app', domain: 'example.com' });
  // later:
  response.deleteCookie('theme', { path: '/app', domain: 'example.com' });
  // #endregion delete_path
}

function options(response: Response): void {
  // #region options
  // Valid for one hour, HTTPS only (the article's example):
  response.setCookie('username', 'John Doe', { maxAge: 3600, secure: true });
  // username="John Doe"; Expires=Wed, 15 Jan 2025 13:00:00 GMT; Max-Age=3600; Secure; Path=/

  // "Remember me" for 30 days, hidden from scripts, not sent on cross-site POSTs:
  response.setCookie('remember', 'yes', { maxAge: 30 * 24 * 60 * 60, httpOnly: true, sameSite: 'lax' });
  // remember=yes; Expires=Fri, 14 Feb 2025 12:00:00 GMT; Max-Age=2592000; HttpOnly; Path=/; SameSite=Lax

  // Shared with every subdomain of example.com, only under /app:
  response.setCookie('theme', 'dark', { path: '/app', domain: '.example.com' });
  // theme=dark; Domain=example.com; Path=/app

  // A cookie for an embedded widget on other sites:
  response.setCookie('widget', 'x', { sameSite: 'None', partitioned: true });
  // widget=x; Secure; Path=/; SameSite=None; Partitioned
  // #endregion options
}

function prefixes(response: Response, token: string): void {
  assert.throws(
    () => {
      // #region host_prefix_error
      response.setCookie('__Host-sid', token);
      // TypeError: Cookie __Host-sid needs secure: true (a __Host- cookie must be Secure, have Path=/
      // and no Domain, or browsers reject it).
      // #endregion host_prefix_error
    },
    {
      name: 'TypeError',
      message:
        'Cookie __Host-sid needs secure: true (a __Host- cookie must be Secure, have Path=/ and no Domain, ' +
        'or browsers reject it).',
    },
  );
  // #region host_prefix
  response.setCookie('__Host-sid', token, { secure: true, httpOnly: true, sameSite: 'Strict' });
  // __Host-sid=…; Secure; HttpOnly; Path=/; SameSite=Strict
  // #endregion host_prefix
}

const DATE = '[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT';

export async function check(): Promise<void> {
  const client = app.testClient();
  const saved = await client.post('/preferences');
  assert.equal(saved.headers.getSetCookie().length, 2);
  assert.equal(client.getCookie('theme')?.value, 'dark');
  assert.equal(client.getCookie('lang')?.value, 'ru');

  client.setCookie('username', 'John Doe');
  const bye = await client.get('/logout');
  assert.equal(
    bye.headers.get('set-cookie'),
    'username=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
  );
  assert.equal(client.getCookie('username'), undefined);

  const scoped = new Response();
  pathAndDomain(scoped);
  assert.deepEqual(scoped.headers.getSetCookie(), [
    'theme=dark; Domain=example.com; Path=/app',
    'theme=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/app',
  ]);

  const withOptions = new Response();
  options(withOptions);
  const [username, remember, theme, widget] = withOptions.headers.getSetCookie();
  assert.match(username!, new RegExp(`^username="John Doe"; Expires=${DATE}; Max-Age=3600; Secure; Path=/$`));
  assert.match(
    remember!,
    new RegExp(`^remember=yes; Expires=${DATE}; Max-Age=2592000; HttpOnly; Path=/; SameSite=Lax$`),
  );
  assert.equal(theme, 'theme=dark; Domain=example.com; Path=/app');
  assert.equal(widget, 'widget=x; Secure; Path=/; SameSite=None; Partitioned');

  const prefixed = new Response();
  prefixes(prefixed, 't0k3n');
  assert.deepEqual(prefixed.headers.getSetCookie(), [
    '__Host-sid=t0k3n; Secure; HttpOnly; Path=/; SameSite=Strict',
  ]);
}
