/**
 * The other site of the CSRF tests: a small Phial app, served on another loopback address
 * (127.0.0.2, another site to a browser than 127.0.0.1), whose pages attack a target app once
 * they have loaded, as a hostile page a logged-in visitor opens would.
 */
import { App, escapeHtml } from '../../lib/index.ts';
import type { Server } from '../../lib/server/serve.ts';

/** The attack pages, by path. */
export const ATTACKS = {
  /** Auto-submits a form to the target's cart. */
  cart: '/cart',
  /** Auto-submits the target's login form with the attacker's name. */
  login: '/login',
  /** Calls fetch() with credentials, then writes the outcome into the page title. */
  fetch: '/fetch',
} as const;

/** The name the login attack signs the visitor in as. */
export const ATTACKER = 'mallory';

function autoSubmit(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return (
    '<!doctype html>\n<title>You won a prize</title>\n' +
    `<form id="attack" method="post" action="${escapeHtml(action)}">${inputs}</form>\n` +
    "<script>addEventListener('load', () => document.getElementById('attack').submit());</script>\n"
  );
}

/**
 * Serves the attack pages against `target` (`http://127.0.0.1:5000`) on 127.0.0.2.
 *
 * @example
 * ```ts
 * const attacker = await serveAttacker(demo.url);
 * await page.goto(new URL(ATTACKS.cart, attacker.url).href);
 * ```
 */
export function serveAttacker(target: string, host = '127.0.0.2'): Promise<Server> {
  const base = target.replace(/\/$/, '');
  const app = new App();
  app.logger = { info() {}, warn() {}, error() {} };
  app.get(ATTACKS.cart)(() => autoSubmit(`${base}/shop/cart/tea`, {}));
  app.get(ATTACKS.login)(() => autoSubmit(`${base}/login`, { username: ATTACKER }));
  app.get(ATTACKS.fetch)(
    () =>
      '<!doctype html>\n<title>fetching</title>\n<script>\n' +
      `fetch(${JSON.stringify(`${base}/shop/cart/tea`)}, { method: 'POST', credentials: 'include', body: new URLSearchParams({ csrf_token: 'guess' }) })\n` +
      "  .then((response) => { document.title = 'status ' + response.status; }, (error) => { document.title = 'failed: ' + error.name; });\n" +
      '</script>\n',
  );
  return app.run({ host, port: 0, handleSignals: false, log: false });
}
