// #region hello
import { App, html, redirect } from 'phial';

// The type argument describes what the session holds.
export const app = new App<{ username?: string }>();

app.get('/')(function index({ request, session }) {
  const theme = request.cookies.get('theme', 'light');
  const greeting = session.has('username')
    ? html`Hello, ${session.get('username')}! <a href="/logout">Log out</a>`
    : html`Hello, stranger! <a href="/login">Log in</a>`;
  return html`<body class="${theme}">${greeting}</body>`;
});
// #endregion hello

// #region cookie
app.get('/theme/<any(light, dark):theme>')(function setTheme({ params, urlFor }) {
  const response = redirect(urlFor('index'));
  response.setCookie('theme', params.theme, { maxAge: 365 * 24 * 60 * 60, sameSite: 'Lax' });
  return response;
});
// #endregion cookie

// #region session
// Signs the session cookie. In production, set SECRET_KEY to a long random string.
app.secretKey = process.env.SECRET_KEY ?? 'dev secret, not for production';

app.route('/login', { methods: ['GET', 'POST'] })(function login({ request, session, urlFor }) {
  if (request.method === 'POST') {
    session.regenerate(); // a new session at login
    session.set('username', request.form.require('username'));
    return redirect(urlFor('index'));
  }
  return '<form method="post"><input name="username"> <button>Log in</button></form>';
});

app.get('/logout')(function logout({ session, urlFor }) {
  session.clear();
  return redirect(urlFor('index'));
});
// #endregion session
