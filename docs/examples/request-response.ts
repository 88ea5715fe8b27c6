/** docs/request-response.md: the view, bodies, return values, errors and hooks. */
import assert from 'node:assert/strict';
// #region context
import { App, abort, html, jsonify, redirect } from 'phial';

const app = new App();

app.route('/hello/<name>', { methods: ['GET', 'POST'] })(function hello({ request, params, urlFor }) {
  if (request.method === 'POST') return redirect(urlFor('hello', { name: params.name }));
  return html`Hello, ${params.name}!`;
});
// #endregion context

// #region upload
app.config.MAX_CONTENT_LENGTH = 16 * 1024 * 1024;

app.post('/upload')(function upload({ request }) {
  const file = request.files.get('avatar');
  if (!file) abort(400, 'No file in the field "avatar".');
  return { name: file.filename, size: file.size, type: file.contentType };
});
// #endregion upload

// #region returns
app.get('/api/users/<int:id>')(function apiUser({ params }) {
  if (params.id !== 1) return [{ error: 'no such user' }, 404]; // JSON, with a 404
  return { id: 1, name: 'Ada' }; // JSON: {"id":1,"name":"Ada"}
});
app.get('/teapot')(() => ['I am a teapot', 418, { 'X-Tea': 'green' }]); // [body, status, headers]
app.get('/pair')(() => jsonify(['x', 200])); // a list that looks like a tuple, sent as JSON
// #endregion returns

// #region redirect_abort
app.get('/old')(() => redirect('/new', 301));
app.get('/admin')(({ request }) => (request.args.get('token') === 'x' ? 'ok' : abort(403)));
// #endregion redirect_abort

// #region handlers
app.errorHandler(404)((_error, { request }) => [html`Nothing at ${request.path}`, 404]);

class PaymentRequired extends Error {}
app.errorHandler(PaymentRequired)(() => ['Please pay first.', 402]);
// #endregion handlers

app.get('/premium')(() => {
  throw new PaymentRequired();
});

// #region hooks
app.beforeRequest(({ g }) => {
  g.startedAt = performance.now();
});

app.afterRequest((response, { g }) => {
  response.headers.set('Server-Timing', `app;dur=${(performance.now() - g.startedAt).toFixed(1)}`);
  return response;
});

app.teardownRequest((error) => {
  if (error) console.error('request failed', error);
});
// #endregion hooks

// #region decorators
class Pages {
  @app.get('/about')
  about() {
    return 'About us';
  }
}
// #endregion decorators

export async function check(): Promise<void> {
  const client = app.testClient();
  assert.equal((await client.get('/hello/<b>')).text, 'Hello, &lt;b&gt;!');
  const posted = await client.post('/hello/Ada');
  assert.equal(posted.status, 302);
  assert.equal(posted.location, '/hello/Ada');

  const uploaded = await client.post('/upload', {
    files: { avatar: { filename: 'me.png', content: new Uint8Array(3), contentType: 'image/png' } },
  });
  assert.deepEqual(uploaded.json(), { name: 'me.png', size: 3, type: 'image/png' });
  const missing = await client.post('/upload', { form: { x: '1' } });
  assert.equal(missing.status, 400);
  assert.ok(
    missing.text.includes('No file in the field &#34;avatar&#34;.') || missing.text.includes('avatar'),
  );

  const found = await client.get('/api/users/1');
  assert.equal(found.mimetype, 'application/json');
  assert.equal(found.text, '{"id":1,"name":"Ada"}\n');
  const notFound = await client.get('/api/users/2');
  assert.equal(notFound.status, 404);
  assert.deepEqual(notFound.json(), { error: 'no such user' });
  const teapot = await client.get('/teapot');
  assert.deepEqual(
    [teapot.status, teapot.text, teapot.headers.get('x-tea')],
    [418, 'I am a teapot', 'green'],
  );
  assert.deepEqual((await client.get('/pair')).json(), ['x', 200]);

  const old = await client.get('/old');
  assert.deepEqual([old.status, old.location], [301, '/new']);
  assert.equal((await client.get('/admin')).status, 403);
  assert.equal((await client.get('/admin', { query: { token: 'x' } })).text, 'ok');

  const nowhere = await client.get('/nowhere');
  assert.deepEqual([nowhere.status, nowhere.text], [404, 'Nothing at /nowhere']);
  const premium = await client.get('/premium');
  assert.deepEqual([premium.status, premium.text], [402, 'Please pay first.']);

  assert.match((await client.get('/hello/x')).headers.get('server-timing') ?? '', /^app;dur=\d+\.\d$/);
  assert.equal((await client.get('/about')).text, 'About us');
  assert.equal(typeof new Pages().about, 'function');
}
