/** docs/sessions.md: the session object, encrypted cookies, rotation. */
import assert from 'node:assert/strict';
// #region encrypted
import { App, EncryptedCookieSessionInterface } from 'phial';

const app = new App();
app.secretKey = process.env.SECRET_KEY!;
app.sessionInterface = new EncryptedCookieSessionInterface(); // or ({ salt: 'my-app-sessions' })
// #endregion encrypted

interface Item {
  name: string;
}
const shop = new App<{ cart: Item[] }>();
shop.secretKey = 'shop secret';

shop.post('/cart')(function addToCart({ request, session }) {
  const item = { name: request.form.require('name') };
  // #region cart
  const cart = session.get('cart') ?? [];
  cart.push(item);
  session.set('cart', cart); // or: session.modified = true
  // #endregion cart
  return { items: cart.length };
});

app.get('/who')(function who({ session }) {
  return String(session.get('user') ?? 'nobody');
});
app.post('/who')(function setWho({ request, session }) {
  session.set('user', request.form.require('user'));
  return 'ok';
});

export async function check(): Promise<void> {
  const cart = shop.testClient();
  assert.deepEqual((await cart.post('/cart', { form: { name: 'tea' } })).json(), { items: 1 });
  assert.deepEqual((await cart.post('/cart', { form: { name: 'cups' } })).json(), { items: 2 });

  // #region fallbacks
  app.config.SECRET_KEY = 'new secret';
  app.config.SECRET_KEY_FALLBACKS = ['older secret', 'old secret'];
  // #endregion fallbacks
  const client = app.testClient();
  app.config.SECRET_KEY = 'old secret';
  app.config.SECRET_KEY_FALLBACKS = null;
  await client.post('/who', { form: { user: 'ada' } });
  const written = client.getCookie('session')?.value ?? '';
  assert.match(written, /^v1\./);
  app.config.SECRET_KEY = 'new secret';
  app.config.SECRET_KEY_FALLBACKS = ['older secret', 'old secret'];
  assert.equal((await client.get('/who')).text, 'ada');
  app.config.SECRET_KEY_FALLBACKS = null;
  assert.equal((await client.get('/who')).text, 'nobody');
}
