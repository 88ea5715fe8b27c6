/** docs/flask.md: a Flask app and its test, translated. */
import assert from 'node:assert/strict';
// #region app
import { App, abort, type HttpError, jsonify } from 'phial';

const app = new App();
app.secretKey = 'dev';

app.beforeRequest(function loadUser({ request, g }) {
  g.user = request.cookies.get('user');
});

app.route('/items/<int:id>', { methods: ['GET', 'PUT'] })(function item({ request, params, g }) {
  if (params.id !== 1) abort(404, 'No such item.');
  if (request.method === 'PUT') {
    const name = request.form.require('name');
    return [jsonify({ id: params.id, name }), 200];
  }
  return { id: params.id, by: g.user };
});

app.errorHandler(404)(function notFound(error: HttpError) {
  return [`Not here: ${error.description}`, 404];
});
// #endregion app

app.get('/cart')(function cart({ session }) {
  return { cart: session.get('cart') ?? [] };
});

export async function check(): Promise<void> {
  // #region test
  const client = app.testClient();
  client.setCookie('user', 'ada');
  assert.deepEqual((await client.get('/items/1')).json(), { id: 1, by: 'ada' });
  const saved = await client.put('/items/1', { form: { name: 'Teapot' } });
  assert.deepEqual(saved.json(), { id: 1, name: 'Teapot' });
  assert.equal((await client.get('/items/2')).status, 404);
  await client.sessionTransaction((session) => {
    session.set('cart', ['tea']);
  });
  // #endregion test
  assert.equal((await client.get('/items/2')).text, 'Not here: No such item.');
  assert.equal((await client.put('/items/1', { form: {} })).status, 400);
  assert.deepEqual((await client.get('/cart')).json(), { cart: ['tea'] });
  const nowhere = await client.get('/nowhere');
  assert.equal(nowhere.status, 404);
  assert.match(nowhere.text, /^Not here: The requested URL was not found on the server\./);
}
