/** docs/security.md: cross-site request forgery, the default protection and its exemptions. */
import assert from 'node:assert/strict';
import { App, Blueprint, CsrfError, escapeHtml, redirect } from 'phial';

// #region form
const app = new App<{ cart?: string[] }>();
app.secretKey = 'docs example secret';

app.get('/cart')(({ session, csrfToken }) => {
  const cart = session.get('cart') ?? [];
  return (
    `<p>${escapeHtml(cart.join(', ') || 'Your cart is empty.')}</p>` +
    '<form method="post" action="/cart/tea">' +
    `<input type="hidden" name="csrf_token" value="${escapeHtml(csrfToken())}">` +
    '<button>Add tea</button></form>'
  );
});

app.post('/cart/<product>')(({ params, session }) => {
  session.set('cart', [...(session.get('cart') ?? []), params.product]);
  return redirect('/cart');
});
// #endregion form

// #region exempt
// Other sites post here by design; the view checks the sender's signature itself.
app.csrfExempt(
  app.post('/webhooks/payment')(function payment_webhook() {
    return 'received';
  }),
);

const api = new Blueprint('api', { urlPrefix: '/api' }); // token-authenticated, no cookies
api.post('/orders')(function create_order() {
  return ['created', 201];
});
app.registerBlueprint(api);
app.csrfExempt(api);
// #endregion exempt

// #region handler
app.errorHandler(CsrfError)((error: CsrfError) => [
  `<h1>This form could not be sent</h1><p>${escapeHtml(error.description)}</p>` +
    '<p><a href="/cart">Back to your cart</a></p>',
  error.status, // 403 from the origin check, 400 from the token check
]);
// #endregion handler

export async function check(): Promise<void> {
  // #region testing
  const client = app.testClient();
  // By default the client sends neither Origin nor Sec-Fetch-Site: it passes, as a script would.
  await client.post('/cart/tea');
  // crossSite: true sends what a browser sends for a form on another site.
  const refused = await client.post('/cart/mug', { crossSite: true });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /Sec-Fetch-Site: cross-site/);
  assert.match((await client.get('/cart')).text, /<p>tea<\/p>/);
  // #endregion testing
  assert.match(refused.text, /This form could not be sent/);
  assert.equal(refused.headers.getSetCookie().length, 0, 'no session saved');
  const spoofed = await client.post('/cart/mug', { headers: { Origin: 'https://evil.example' } });
  assert.equal(spoofed.status, 403);
  assert.equal((await client.post('/webhooks/payment', { crossSite: true })).text, 'received');
  assert.equal((await client.post('/api/orders', { crossSite: true })).status, 201);
  assert.match((await client.get('/cart')).text, /name="csrf_token" value="[\w.-]+"/);
}
