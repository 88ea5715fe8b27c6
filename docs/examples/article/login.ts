/** The article's login, in a session: README and docs/sessions.md. */

import assert from 'node:assert/strict';
// #region page
import { App, html, redirect } from 'phial';

// #region login
const app = new App<{ username?: string }>();
app.secretKey = process.env.SECRET_KEY!; // signs the session: keep it secret

app.route('/login', { methods: ['GET', 'POST'] })(function login({ request, session, urlFor }) {
  if (request.method === 'POST') {
    session.regenerate(); // a new session identity at login (session fixation)
    session.set('username', request.form.require('username'));
    return redirect(urlFor('profile'));
  }
  return '<form method="post"><p><input type=text name=username><p><input type=submit value=Login></form>';
});

app.get('/profile')(function profile({ session }) {
  if (session.has('username')) return html`Привет, ${session.get('username')}!`;
  return 'Вы не авторизованы. <a href="/login">Авторизуйтесь</a>';
});
// #endregion login

app.get('/logout')(function logout({ session, urlFor }) {
  session.pop('username');
  return redirect(urlFor('profile'));
});
// #endregion page

export async function check(): Promise<void> {
  app.secretKey = 'a test secret';
  const client = app.testClient();
  assert.ok((await client.get('/login')).text.includes('<form method="post">'));
  const login = await client.post('/login', { form: { username: '<John>' } });
  assert.equal(login.status, 302);
  assert.equal(login.location, '/profile');
  assert.equal(client.getCookie('session')?.httpOnly, true);
  assert.equal((await client.get('/profile')).text, 'Привет, &lt;John&gt;!');
  const logout = await client.get('/logout', { followRedirects: true });
  assert.equal(logout.text, 'Вы не авторизованы. <a href="/login">Авторизуйтесь</a>');
  assert.equal((await client.post('/login', { form: {} })).status, 400);
  {
    // #region transaction
    const client = app.testClient();
    await client.sessionTransaction((session) => {
      session.set('username', 'ada');
    });
    assert.equal((await client.get('/profile')).text, 'Привет, ada!');
    // #endregion transaction
  }
}
