/** docs/routing.md: building URLs, defaults and build errors. */
import assert from 'node:assert/strict';
import { App } from 'phial';

const app = new App();
app.route('/user/<int:id>', { endpoint: 'user' })(({ params }) => `User ${params.id}`);
app.get('/profile')(function profile() {
  return 'Profile';
});
app.post('/create')(function create() {
  return 'Created';
});

// #region urlFor
app.urlFor('user', { id: 5 }); // '/user/5'
app.urlFor('user', { id: 5, q: 'x', _anchor: 'top' }); // '/user/5?q=x#top'
app.urlFor('user', { id: 5, tab: ['posts', 'likes'] }); // '/user/5?tab=posts&tab=likes'
app.config.SERVER_NAME = 'example.com'; // outside a request, external URLs need it
app.urlFor('user', { id: 5, _external: true }); // 'http://example.com/user/5'

app.get('/x')(function x({ urlFor }) {
  return urlFor('user', { id: 5, _external: true, _scheme: 'https' }); // 'https://<request host>/user/5'
});
// #endregion urlFor

// #region defaults
const all = app.route('/all/', { endpoint: 'all', defaults: { page: 1 } })(function all({ params }) {
  return `Page ${params.page}`;
});
app.route('/all/page/<int:page>', { endpoint: 'all' })(all);
// urlFor('all') and urlFor('all', { page: 1 }) → '/all/';  urlFor('all', { page: 2 }) → '/all/page/2'
// GET /all/page/1 → 308 to /all/
// #endregion defaults

function buildError(endpoint: string, values: Record<string, unknown> = {}, method?: string): string {
  try {
    app.urlFor(endpoint, method ? { ...values, _method: method } : values);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

export async function check(): Promise<void> {
  assert.equal(app.urlFor('user', { id: 5 }), '/user/5');
  assert.equal(app.urlFor('user', { id: 5, q: 'x', _anchor: 'top' }), '/user/5?q=x#top');
  assert.equal(app.urlFor('user', { id: 5, tab: ['posts', 'likes'] }), '/user/5?tab=posts&tab=likes');
  assert.equal(app.urlFor('user', { id: 5, _external: true }), 'http://example.com/user/5');
  const client = app.testClient();
  assert.equal((await client.get('/x', { baseUrl: 'http://shop.test' })).text, 'https://shop.test/user/5');

  assert.equal(app.urlFor('all'), '/all/');
  assert.equal(app.urlFor('all', { page: 1 }), '/all/');
  assert.equal(app.urlFor('all', { page: 2 }), '/all/page/2');
  const first = await client.get('/all/page/1');
  assert.equal(first.status, 308);
  assert.equal(first.location, '/all/');
  assert.equal((await client.get('/all/page/2')).text, 'Page 2');
  assert.equal((await client.get('/all/')).text, 'Page 1');

  assert.equal(
    buildError('profil'),
    "Could not build url for endpoint 'profil'. Did you mean 'profile' instead?",
  );
  assert.equal(
    buildError('user'),
    "Could not build url for endpoint 'user'. Did you forget to specify values ['id']?",
  );
  assert.equal(
    buildError('create', {}, 'GET'),
    "Could not build url for endpoint 'create' ('GET'). Did you mean to use methods ['POST']?",
  );
}
