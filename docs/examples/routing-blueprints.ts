/** docs/routing.md: blueprints and the URL map on its own. */
import assert from 'node:assert/strict';
// #region blueprint
import { App, Blueprint } from 'phial';

const admin = new Blueprint('admin', { urlPrefix: '/admin' });

admin.get('/')(function index() {
  return 'Admin home';
});
admin.get('/users/<int:id>')(function user({ params, urlFor }) {
  return `User ${params.id}; home is ${urlFor('.index')}`; // '.index' is this blueprint's 'admin.index'
});

const app = new App();
app.registerBlueprint(admin);

app.urlFor('admin.index'); // '/admin/'
app.urlFor('admin.user', { id: 3 }); // '/admin/users/3'

// #endregion blueprint

// #region url_map
import { UrlMap } from 'phial';

const map = new UrlMap();
map.add('/user/<int:id>', { endpoint: 'user' });
map.match('/user/5', 'GET'); // { kind: 'match', rule, params: { id: 5 } }
map.match('/user/5', 'POST'); // { kind: 'methodNotAllowed', allowed: ['GET', 'HEAD', 'OPTIONS'] }
map.match('/nope', 'GET'); // { kind: 'notFound' }
map.build('user', { id: 5 }); // '/user/5'
map.rules(); // every Rule, in registration order
// #endregion url_map

export async function check(): Promise<void> {
  assert.equal(app.urlFor('admin.index'), '/admin/');
  assert.equal(app.urlFor('admin.user', { id: 3 }), '/admin/users/3');
  const client = app.testClient();
  assert.equal((await client.get('/admin/')).text, 'Admin home');
  assert.equal((await client.get('/admin/users/3')).text, 'User 3; home is /admin/');

  const match = map.match('/user/5', 'GET');
  assert.equal(match.kind, 'match');
  assert.deepEqual(match.kind === 'match' && { ...match.params }, { id: 5 });
  assert.equal(match.kind === 'match' && match.rule.endpoint, 'user');
  assert.deepEqual(map.match('/user/5', 'POST'), {
    kind: 'methodNotAllowed',
    allowed: ['GET', 'HEAD', 'OPTIONS'],
  });
  assert.deepEqual(map.match('/nope', 'GET'), { kind: 'notFound' });
  assert.equal(map.build('user', { id: 5 }), '/user/5');
  assert.deepEqual(
    map.rules().map((rule) => rule.rule),
    ['/user/<int:id>'],
  );
}
