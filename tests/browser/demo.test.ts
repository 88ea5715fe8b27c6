/**
 * The demo as a person uses it: served on a free port and driven in headless Chromium. A real
 * browser is the judge of what a test client can only assume: that it keeps the quoted cookie
 * value, hides HttpOnly cookies from scripts, follows the redirects and renders escaped HTML as
 * text. The profile page is saved to tests/artifacts/profile.png and the shop, as a person sees it
 * with the demo's layout and stylesheet, to tests/artifacts/shop.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDemoApp } from '../../demo/app.ts';
import type { Server } from '../../lib/server/serve.ts';
import { SessionSigner } from '../../lib/sessions/signer.ts';
import { type HeadlessBrowser, launchChromium, withChromium } from '../helpers/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SCREENSHOT = `${ARTIFACTS}profile.png`;
const SHOP_SCREENSHOT = `${ARTIFACTS}shop.png`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Cyrillic to cross the form and the session as UTF-8, and markup that must come back as text. */
const NAME = 'Иван <b>Грозный</b> & Co';

/** The key createDemoApp() signs with by default. */
const DEMO_SECRET = 'phial demo: development only';

const Demo = suite('demo in Chromium');

if (withChromium(Demo)) {
  let server: Server | undefined;
  let browser: HeadlessBrowser | undefined;
  let page: Page;

  const url = (path: string): string => new URL(path, server!.url).href;
  // Each page of the demo says its message in the <main> of its layout.
  // biome-ignore lint/performance/useDomNodeTextContent: a browser test reads the text as rendered
  const mainText = (): Promise<string> => page.locator('main').innerText();
  // biome-ignore lint/performance/useDomNodeTextContent: a browser test reads the text as rendered
  const bodyText = (): Promise<string> => page.locator('body').innerText();
  const cookieNamed = async (name: string) =>
    (await browser!.context.cookies(server!.url)).find((cookie) => cookie.name === name);

  Demo.before(async () => {
    server = await createDemoApp().run({ host: '127.0.0.1', port: 0, handleSignals: false, log: false });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  Demo.after(async () => {
    await Promise.allSettled([browser?.close(), server?.close()]);
  });

  Demo('the index links to /set_cookie, which sets the cookie', async () => {
    await page.goto(url('/'));
    assert.is(await page.title(), 'Phial demo');
    await page.locator('main a[href="/set_cookie"]').click();
    await page.waitForURL(url('/set_cookie'));
    assert.is(await mainText(), 'Куки установлены!');
  });

  Demo('the browser keeps the quoted cookie value and sends it back', async () => {
    const username = await cookieNamed('username');
    assert.is(username?.value, '"John Doe"');
    await page.goto(url('/get_cookie'));
    assert.is(await mainText(), 'Привет, John Doe!');
  });

  Demo('logging in through the form lands on the profile, the name escaped', async () => {
    await page.goto(url('/login'));
    await page.locator('input[name=username]').fill(NAME);
    await page.locator('input[type=submit]').click();
    await page.waitForURL(url('/profile'));
    assert.is(await mainText(), `Привет, ${NAME}!`);
    assert.is(await page.locator('b').count(), 0, 'the <b> in the name is text, not an element');
  });

  Demo('the session cookie is HttpOnly: page scripts cannot read it', async () => {
    // A string, evaluated in the page: the project's types know Node, not the DOM.
    const visible = await page.evaluate<string>('document.cookie');
    assert.match(visible, /(^|; )username=/);
    assert.not.match(visible, /(^|; )session=/);
    const session = await cookieNamed('session');
    assert.ok(session, 'the browser holds the session cookie');
    assert.is(session!.httpOnly, true);
    assert.is((await cookieNamed('username'))?.httpOnly, false);
  });

  Demo('a screenshot of the profile page is saved as a test artefact', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = await readFile(SCREENSHOT);
    assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'profile.png is a PNG');
  });

  Demo('logging out forgets the name; the session keeps only the CSRF token of the forms', async () => {
    await page.goto(url('/logout'));
    await page.waitForURL(url('/profile'));
    assert.match(await mainText(), 'Вы не авторизованы');
    const session = await cookieNamed('session');
    assert.ok(session, 'the login form stored a CSRF token in the session');
    const data = new SessionSigner({ secretKey: DEMO_SECRET }).loads(session!.value) as Record<
      string,
      unknown
    >;
    assert.equal(Object.keys(data), ['csrf_token']);
    await page.locator('a', { hasText: 'Авторизуйтесь' }).click();
    await page.waitForURL(url('/login'));
  });

  Demo('the shop: adding to the cart flashes a message once', async () => {
    await page.goto(url('/shop/'));
    await page.locator('li', { hasText: 'Earl Grey' }).getByRole('button', { name: 'Add to cart' }).click();
    const flashes = page.locator('p.flash');
    await flashes.first().waitFor();
    assert.equal(await flashes.allInnerTexts(), ['Чай «Earl Grey» is in your cart.']);
    await page.reload();
    assert.is(await flashes.count(), 0, 'a flashed message is shown once');
    await page.getByRole('link', { name: 'cart', exact: true }).click();
    await page.waitForURL(url('/shop/cart'));
    assert.match(await bodyText(), 'Чай «Earl Grey» × 1');
    assert.match(await bodyText(), 'Total: 4.50 €');
  });

  Demo('the shop: the theme link sets a cookie and the page turns dark', async () => {
    await page.goto(url('/shop/'));
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    assert.is(await background(), 'rgb(255, 255, 255)');
    // The redirect lands on the same URL: the new page is the one offering the light theme.
    await page.getByRole('link', { name: 'dark theme', exact: true }).click();
    await page.getByRole('link', { name: 'light theme', exact: true }).waitFor();
    assert.is(await background(), 'rgb(34, 34, 34)');
    assert.is((await cookieNamed('theme'))?.value, 'dark');
    await page.getByRole('link', { name: 'light theme', exact: true }).click();
    await page.getByRole('link', { name: 'dark theme', exact: true }).waitFor();
    assert.is(await background(), 'rgb(255, 255, 255)');
  });

  Demo(
    'a screenshot of the shop, with items in the cart and a flash, is saved as a test artefact',
    async () => {
      await page.goto(url('/shop/'));
      await page.locator('li', { hasText: 'Mug' }).getByRole('button', { name: 'Add to cart' }).click();
      await page.locator('p.flash').first().waitFor();
      // The layout's stylesheet applies: the header bar is the demo's dark blue.
      const header = await page.evaluate<string>(
        "getComputedStyle(document.querySelector('header')).backgroundColor",
      );
      assert.is(header, 'rgb(31, 58, 95)');
      const links = await page.locator('header nav a').allInnerTexts();
      assert.equal(links, [
        '/set_cookie',
        '/get_cookie',
        '/login',
        '/profile',
        '/logout',
        'The shop',
        'Your cart',
      ]);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SHOP_SCREENSHOT, fullPage: true });
      assert.ok((await readFile(SHOP_SCREENSHOT)).subarray(0, 8).equals(PNG_SIGNATURE), 'shop.png is a PNG');
    },
  );
}

Demo.run();
