/**
 * CSRF protection proven in a real browser (issue 14). The demo runs on 127.0.0.1 and a hostile
 * page on 127.0.0.2, another site to Chromium. A visitor logs in to the demo, then opens the
 * hostile page, which auto-submits a form to the cart, posts to /login, and calls fetch with
 * credentials. Without protection (the control) the attacks work, because Chromium sends a
 * cookie set less than two minutes ago with a cross-site top-level POST ("Lax+POST"); with it,
 * they are refused and nothing changes, while the demo's own forms keep working.
 */
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDemoApp } from '../../demo/app.ts';
import type { Server } from '../../lib/server/serve.ts';
import { type HeadlessBrowser, launchChromium, withChromium } from '../helpers/browser.ts';
import { ATTACKER, ATTACKS, serveAttacker } from '../helpers/cross-site.ts';

/** What the demo saw of one request, recorded by an after-request hook. */
interface Seen {
  method: string;
  path: string;
  status: number;
  site: string | null;
  origin: string | null;
  cookie: boolean;
}

interface DemoOptions {
  /** CSRF_ENABLED; on by default, as in every app. */
  enabled?: boolean;
  tokenRequired?: boolean;
  /** Removes Sec-Fetch-Site and Origin before the app sees them: a browser too old to send them. */
  oldBrowser?: boolean;
}

const Attacks = suite('CSRF in Chromium: a page on 127.0.0.2 attacks the demo');
const Tokens = suite('CSRF in Chromium: with CSRF_TOKEN_REQUIRED');

if (withChromium(Attacks) && withChromium(Tokens)) {
  let browser: HeadlessBrowser | undefined;
  let page: Page;
  let servers: Server[] = [];
  let demo = '';
  let attacker = '';
  let seen: Seen[] = [];

  async function start(options: DemoOptions = {}): Promise<void> {
    const app = createDemoApp({
      secretKey: 'browser csrf test secret',
      csrfTokenRequired: options.tokenRequired ?? false,
    });
    app.config.CSRF_ENABLED = options.enabled ?? true;
    app.afterRequest((response, { request }) => {
      const { method, path, headers } = request;
      const cookie = headers.has('cookie');
      seen.push({
        method,
        path,
        status: response.status,
        site: headers.get('sec-fetch-site'),
        origin: headers.get('origin'),
        cookie,
      });
      return response;
    });
    if (options.oldBrowser) {
      const handle = app.handle.bind(app);
      app.handle = (request) => {
        request.headers.delete('sec-fetch-site').delete('origin');
        return handle(request);
      };
    }
    const server = await app.run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
    servers.push(server);
    demo = server.url.replace(/\/$/, '');
    const hostile = await serveAttacker(demo);
    servers.push(hostile);
    attacker = hostile.url.replace(/\/$/, '');
  }

  const setup = async () => {
    // One page for every test (a persistent context ends with its last page), with no cookies left.
    browser ??= await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await browser.context.clearCookies();
    seen = [];
  };
  const teardown = async () => {
    // The browser stays open, holding idle and preconnected sockets: end them, or close() waits on them.
    const closing = servers.map((server) => server.close());
    for (const server of servers) server.httpServer.closeAllConnections();
    await Promise.allSettled(closing);
    servers = [];
  };
  for (const test of [Attacks, Tokens]) {
    test.before.each(setup);
    test.after.each(teardown);
  }
  Tokens.after(async () => {
    await browser?.close();
  });

  // biome-ignore lint/performance/useDomNodeTextContent: a browser test reads the text as rendered
  const bodyText = (): Promise<string> => page.locator('body').innerText();
  // biome-ignore lint/performance/useDomNodeTextContent: as above, without the layout around the page
  const mainText = (): Promise<string> => page.locator('main').innerText();

  async function login(name: string): Promise<void> {
    await page.goto(`${demo}/login`);
    await page.locator('input[name=username]').fill(name);
    await page.locator('input[type=submit]').click();
    await page.waitForURL(`${demo}/profile`);
  }

  async function addToCart(product: string): Promise<void> {
    await page.goto(`${demo}/shop/`);
    await page.locator('li', { hasText: product }).getByRole('button', { name: 'Add to cart' }).click();
    await page.locator('p.flash').first().waitFor();
  }

  /** The cart as the page shows it, without the layout around it. */
  async function cart(): Promise<string> {
    await page.goto(`${demo}/shop/cart`);
    return mainText();
  }

  async function profile(): Promise<string> {
    await page.goto(`${demo}/profile`);
    return mainText();
  }

  /** Opens an attack page; resolves once the browser shows what the demo answered its form. */
  async function openAttack(path: string): Promise<void> {
    await page.goto(attacker + path);
    await page.waitForURL((url) => url.origin === new URL(demo).origin);
    await page.waitForLoadState();
  }

  async function openFetchAttack(): Promise<string> {
    await page.goto(attacker + ATTACKS.fetch);
    await page.waitForFunction('document.title !== "fetching"');
    return page.title();
  }

  function lastPost(path: string): Seen {
    const found = seen.filter((entry) => entry.method === 'POST' && entry.path === path).at(-1);
    if (found === undefined) throw new Error(`the demo saw no POST ${path}: ${JSON.stringify(seen)}`);
    return found;
  }

  Attacks(
    'the control, protection off: both attacks work, Chromium sends the cookie cross-site',
    async () => {
      await start({ enabled: false });
      await login('Ада');
      await openAttack(ATTACKS.cart);
      const post = lastPost('/shop/cart/tea');
      assert.equal(
        { status: post.status, site: post.site, origin: post.origin, cookie: post.cookie },
        { status: 302, site: 'cross-site', origin: attacker, cookie: true },
        '127.0.0.2 is another site to Chromium, and the session cookie went along',
      );
      assert.match(await cart(), 'Чай «Earl Grey» × 1');
      await openAttack(ATTACKS.login);
      assert.is(await profile(), `Привет, ${ATTACKER}!`);
    },
  );

  Attacks(
    'protected by default: the auto-submitted cart form gets a 403 page saying why; the cart is unchanged',
    async () => {
      await start();
      await login('Ада');
      await addToCart('Mug');
      await openAttack(ATTACKS.cart);
      assert.equal(lastPost('/shop/cart/tea'), {
        method: 'POST',
        path: '/shop/cart/tea',
        status: 403,
        site: 'cross-site',
        origin: attacker,
        cookie: true,
      });
      assert.match(
        await bodyText(),
        'Cross-site request refused: the browser sent Sec-Fetch-Site: cross-site',
      );
      const text = await cart();
      assert.match(text, 'Mug <with a handle> × 1');
      assert.not.match(text, 'Earl Grey');
    },
  );

  Attacks('protected: the forged login is refused (403); the visitor is still themselves', async () => {
    await start();
    await login('Ада');
    await openAttack(ATTACKS.login);
    assert.is(lastPost('/login').status, 403);
    assert.match(await bodyText(), 'Cross-site request refused');
    assert.is(await profile(), 'Привет, Ада!');
  });

  Attacks(
    'protected: fetch with credentials is refused (403), and the page cannot read the answer',
    async () => {
      await start();
      await login('Ада');
      assert.match(await openFetchAttack(), /^failed: TypeError$/, 'no CORS: the answer stays unreadable');
      const post = lastPost('/shop/cart/tea');
      assert.equal(
        { status: post.status, site: post.site, origin: post.origin },
        { status: 403, site: 'cross-site', origin: attacker },
      );
      assert.match(await cart(), 'Your cart is empty.');
    },
  );

  Attacks("protected: the demo's own forms keep working", async () => {
    await start();
    await login('Ада');
    await addToCart('Earl Grey');
    await addToCart('Earl Grey');
    assert.match(await cart(), 'Чай «Earl Grey» × 2');
    await page.getByRole('button', { name: 'Empty the cart' }).click();
    await page.locator('p.flash').first().waitFor();
    assert.match(await bodyText(), 'Your cart is empty.');
    assert.ok(seen.filter((entry) => entry.method === 'POST').every((entry) => entry.site === 'same-origin'));
  });

  Tokens("the demo's own forms carry their token and keep working", async () => {
    await start({ tokenRequired: true });
    await login('Ада');
    await addToCart('Silver spoon');
    assert.match(await cart(), 'Silver spoon × 1');
    await page.getByRole('button', { name: 'Empty the cart' }).click();
    await page.locator('p.flash').first().waitFor();
    assert.match(await bodyText(), 'Your cart is empty.');
    assert.is(await profile(), 'Привет, Ада!');
  });

  Tokens('the attacks meet the origin check first (403)', async () => {
    await start({ tokenRequired: true });
    await login('Ада');
    await openAttack(ATTACKS.cart);
    assert.is(lastPost('/shop/cart/tea').status, 403);
    await openAttack(ATTACKS.login);
    assert.is(lastPost('/login').status, 403);
    assert.match(await openFetchAttack(), /^failed: /);
    assert.is(lastPost('/shop/cart/tea').status, 403);
    assert.is(await profile(), 'Привет, Ада!');
    assert.match(await cart(), 'Your cart is empty.');
  });

  Tokens('a same-origin form with a changed token is a 400 page, without one a 400 too', async () => {
    await start({ tokenRequired: true });
    await login('Ада');
    const submitFirstForm = async (script: string) => {
      await page.goto(`${demo}/shop/`);
      await page.evaluate(script);
      await page.locator('li', { hasText: 'Earl Grey' }).getByRole('button', { name: 'Add to cart' }).click();
      await page.waitForURL(`${demo}/shop/cart/tea`);
    };
    await submitFirstForm(`document.querySelector('li input[name=csrf_token]').value += 'x'`);
    assert.is(lastPost('/shop/cart/tea').status, 400);
    assert.match(await bodyText(), 'The CSRF token is invalid.');
    await submitFirstForm(`document.querySelector('li input[name=csrf_token]').remove()`);
    assert.is(lastPost('/shop/cart/tea').status, 400);
    assert.match(await bodyText(), 'The CSRF token is missing.');
    assert.match(await cart(), 'Your cart is empty.');
  });

  Tokens(
    'a browser too old to send Sec-Fetch-Site or Origin: only the token stops the forged post',
    async () => {
      // Without tokens required, such a browser's forged post passes the origin check: the gap the token closes.
      await start({ oldBrowser: true });
      await login('Ада');
      await openAttack(ATTACKS.cart);
      assert.equal(lastPost('/shop/cart/tea').site, null, 'the headers were removed');
      assert.is(lastPost('/shop/cart/tea').status, 302);
      assert.match(await cart(), 'Earl Grey');
      await teardown();
      await setup();
      await start({ oldBrowser: true, tokenRequired: true });
      await login('Ада');
      await openAttack(ATTACKS.cart);
      assert.is(lastPost('/shop/cart/tea').status, 400);
      assert.match(await bodyText(), 'The CSRF token is missing.');
      await openAttack(ATTACKS.login);
      assert.is(lastPost('/login').status, 400);
      assert.is(await profile(), 'Привет, Ада!');
      assert.match(await cart(), 'Your cart is empty.');
    },
  );
}

Attacks.run();
Tokens.run();
