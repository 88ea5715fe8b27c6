/**
 * The demo: the examples of the article Phial was born from ("Работа с сессиями и куками в
 * Flask"), ported line by line, paths and messages included, plus a small shop (demo/shop.ts)
 * that shows what a real app keeps in cookies and sessions. Every page is rendered from the Jinja
 * templates in demo/templates/, as a Flask app would render them.
 */
import {
  App,
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
  /** CSRF_TOKEN_REQUIRED: every form post must carry its token, not only come from the demo's origin. */
  csrfTokenRequired?: boolean;
}

/** Every example, as the base layout's navigation shows it: endpoint and label. */
const NAVIGATION: ReadonlyArray<readonly [string, string]> = [
  ['set_cookie', '/set_cookie'],
  ['get_cookie', '/get_cookie'],
  ['login', '/login'],
  ['profile', '/profile'],
  ['logout', '/logout'],
  ['shop.index', 'The shop'],
  ['shop.cart', 'Your cart'],
];

/** The landing page's list: endpoint and what the example does. */
const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['set_cookie', 'sets the cookie username = "John Doe" with response.setCookie'],
  ['get_cookie', 'reads the username cookie back from request.cookies'],
  ['login', 'a login form that stores your name in the session'],
  ['profile', 'greets the name kept in the session, or asks you to log in'],
  ['logout', 'pops the name from the session and goes back to the profile'],
  ['shop.index', 'a small shop: a cart in the session, a theme in a cookie, flash messages'],
  ['whoami', 'your address and the URL you used, as the app sees them (behind a proxy: PROXY_FIX=1)'],
];

/** Builds the demo app. Tests import this; `demo/server.ts` serves it. */
export function createDemoApp(
  options: DemoOptions = { secretKey: 'phial demo: development only' },
): App<DemoSession> {
  const app = new App<DemoSession>({ rootPath: import.meta.dirname });
  app.secretKey = options.secretKey;
  if (options.sessionInterface) app.sessionInterface = options.sessionInterface;
  if (options.proxyFix) proxyFix(app, options.proxyFix);
  // CSRF protection is on by default: cross-site form posts are refused (403). Every form of the
  // templates carries its token, checked too when CSRF_TOKEN_REQUIRED is on.
  app.config.CSRF_TOKEN_REQUIRED = options.csrfTokenRequired ?? false;
  app.contextProcessor(() => ({ navigation: NAVIGATION }));

  app.get('/')(function index({ render }) {
    return render('index.html', { routes: ROUTES });
  });

  app.get('/set_cookie')(function set_cookie({ render }) {
    const response = makeResponse(render('message.html', { title: 'Cookie', message: 'Куки установлены!' }));
    response.setCookie('username', 'John Doe');
    return response;
  });

  app.get('/get_cookie')(function get_cookie({ request, render }) {
    return render('get_cookie.html', { username: request.cookies.get('username') });
  });

  app.route('/login', { methods: ['GET', 'POST'] })(function login({ request, session, urlFor, render }) {
    if (request.method === 'POST') {
      const username = request.form.require('username');
      session.regenerate(); // a new session identity at login: no session fixation
      session.set('username', username);
      return redirect(urlFor('profile'));
    }
    return render('login.html');
  });

  app.get('/profile')(function profile({ render }) {
    return render('profile.html');
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
