/**
 * The demo: the examples of the article Phial was born from ("Работа с сессиями и куками в
 * Flask"), ported line by line, paths and messages included, plus a small shop (demo/shop.ts)
 * that shows what a real app keeps in cookies and sessions.
 */
import {
  App,
  escapeHtml,
  makeResponse,
  type ProxyFixOptions,
  proxyFix,
  redirect,
  type SessionInterface,
} from '../lib/index.ts';
import { createShop } from './shop.ts';

/** What the demo keeps in the session. */
export interface DemoSession {
  username?: string;
  cart?: Record<string, number>;
}

/** How the demo is configured; `demo/config.ts` reads it from the environment. */
export interface DemoOptions {
  secretKey: string;
  sessionInterface?: SessionInterface;
  /** Set behind a reverse proxy: which of its `X-Forwarded-*` headers to trust (proxyFix). */
  proxyFix?: ProxyFixOptions;
}

const LOGIN_FORM = `
        <form method="post">
            <p><input type=text name=username>
            <p><input type=submit value=Login>
        </form>
    `;

/** Builds the demo app. Tests import this; `demo/server.ts` serves it. */
export function createDemoApp(
  options: DemoOptions = { secretKey: 'phial demo: development only' },
): App<DemoSession> {
  const app = new App<DemoSession>();
  app.secretKey = options.secretKey;
  if (options.sessionInterface) app.sessionInterface = options.sessionInterface;
  if (options.proxyFix) proxyFix(app, options.proxyFix);

  app.get('/')(function index({ urlFor }) {
    const routes: Array<[string, string]> = [
      [urlFor('set_cookie'), 'sets the cookie username = "John Doe" with response.setCookie'],
      [urlFor('get_cookie'), 'reads the username cookie back from request.cookies'],
      [urlFor('login'), 'a login form that stores your name in the session'],
      [urlFor('profile'), 'greets the name kept in the session, or asks you to log in'],
      [urlFor('logout'), 'pops the name from the session and goes back to the profile'],
      [urlFor('shop.index'), 'a small shop: a cart in the session, a theme in a cookie, flash messages'],
      [
        urlFor('whoami'),
        'your address and the URL you used, as the app sees them (behind a proxy: PROXY_FIX=1)',
      ],
    ];
    const items = routes
      .map(
        ([href, what]) =>
          `<li><a href="${escapeHtml(href)}">${escapeHtml(href)}</a> — ${escapeHtml(what)}</li>`,
      )
      .join('\n');
    return (
      '<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<title>Phial demo</title>\n' +
      '<h1>Phial demo: cookies and sessions</h1>\n' +
      '<p>The examples of the article on cookies and sessions in Flask, on Phial.</p>\n' +
      `<ul>\n${items}\n</ul>\n`
    );
  });

  app.get('/set_cookie')(function set_cookie() {
    const response = makeResponse('Куки установлены!');
    response.setCookie('username', 'John Doe');
    return response;
  });

  app.get('/get_cookie')(function get_cookie({ request }) {
    const username = request.cookies.get('username');
    if (username) {
      return `Привет, ${escapeHtml(username)}!`;
    }
    return 'Куки "username" не найдены.';
  });

  app.route('/login', { methods: ['GET', 'POST'] })(function login({ request, session, urlFor }) {
    if (request.method === 'POST') {
      const username = request.form.require('username');
      session.regenerate(); // a new session identity at login: no session fixation
      session.set('username', username);
      return redirect(urlFor('profile'));
    }
    return LOGIN_FORM;
  });

  app.get('/profile')(function profile({ session }) {
    if (session.has('username')) {
      return `Привет, ${escapeHtml(session.get('username'))}!`;
    }
    return 'Вы не авторизованы. <a href="/login">Авторизуйтесь</a>';
  });

  app.get('/logout')(function logout({ session, urlFor }) {
    session.pop('username');
    return redirect(urlFor('profile'));
  });

  // Not in the article: what the app sees of the client, to check a reverse proxy's setup.
  app.get('/whoami')(function whoami({ request, urlFor }) {
    return { remoteAddr: request.remoteAddr, url: urlFor('whoami', { _external: true }) };
  });

  app.registerBlueprint(createShop());
  return app;
}
