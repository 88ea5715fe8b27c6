import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { anonymousEndpoint, checkRouteOptions, endpointFromView } from '../lib/endpoint.ts';

const Endpoints = suite('endpointFromView');

Endpoints("a function's own name wins", () => {
  assert.is(
    endpointFromView(function login() {}, '/login', undefined, ['POST']),
    'login',
  );
});

Endpoints('a decorated method uses its name', () => {
  assert.is(
    endpointFromView(() => {}, '/x', 'about'),
    'about',
  );
});

Endpoints('an anonymous view gets a name made from its rule', () => {
  assert.is(endpointFromView({ name: '' }, '/user/<int:id>'), 'user_id');
  assert.is(endpointFromView({ name: '' }, '/files/<path:rest>/raw'), 'files_rest_raw');
  assert.is(endpointFromView({ name: '' }, '/'), 'index');
  assert.is(endpointFromView({ name: 'anonymous' }, '/a-b'), 'a_b', "new Function's name counts as none");
});

const Anonymous = suite('anonymousEndpoint');

Anonymous('GET alone (or no methods) adds nothing; other methods are added in lower case', () => {
  assert.is(anonymousEndpoint('/items'), 'items');
  assert.is(anonymousEndpoint('/items', ['GET']), 'items');
  assert.is(anonymousEndpoint('/items', ['get']), 'items');
  assert.is(anonymousEndpoint('/items', ['POST']), 'items_post');
  assert.is(anonymousEndpoint('/items/<int:id>', ['PUT']), 'items_id_put');
  assert.is(anonymousEndpoint('/items', ['GET', 'POST']), 'items_get_post');
  assert.is(anonymousEndpoint('/items', ['post', 'POST']), 'items_post', 'each method once');
  assert.is(anonymousEndpoint('/', ['DELETE']), 'index_delete');
});

Anonymous('anonymous views on one URL, one per method, do not collide, and each builds its URL', async () => {
  const app = new App();
  app.get('/items')(() => 'list');
  app.post('/items')(() => ['made', 201]);
  app.put('/items/<int:id>')(({ params }) => `put ${params.id}`);
  app.delete('/items/<int:id>')(({ params }) => `deleted ${params.id}`);
  assert.equal([...app.viewFunctions.keys()], ['items', 'items_post', 'items_id_put', 'items_id_delete']);
  const client = app.testClient();
  assert.is((await client.get('/items')).text, 'list');
  const made = await client.post('/items');
  assert.is(made.status, 201);
  assert.is(made.text, 'made');
  assert.is((await client.put('/items/3')).text, 'put 3');
  assert.is((await client.delete('/items/3')).text, 'deleted 3');
  assert.is(app.urlFor('items_post'), '/items');
  assert.is(app.urlFor('items_id_delete', { id: 3 }), '/items/3');
});

Anonymous(
  'two anonymous views for the same rule and method still collide, with a message that says why',
  () => {
    const app = new App();
    app.post('/items')(() => 'one');
    assert.throws(
      () => app.post('/items')(() => 'two'),
      (error: Error) =>
        error.message.includes('overwriting an existing endpoint function: items_post') &&
        error.message.includes('named after its rule and methods'),
    );
  },
);

const Options = suite('checkRouteOptions');

Options('accepts an options object or nothing', () => {
  checkRouteOptions('get', '/', undefined);
  checkRouteOptions('get', '/', {});
  checkRouteOptions('route', '/', { methods: ['POST'] }, 'admin');
});

Options('a function is the view given Express-style: the message shows the decorator form', () => {
  assert.throws(
    () => checkRouteOptions('get', '/', function index() {}),
    (error: Error) =>
      error instanceof TypeError &&
      error.message ===
        "app.get('/') takes options, not the view: a route is a decorator, so write app.get('/')(index) " +
          "(Flask's @app.get(…)).",
  );
  assert.throws(
    () => checkRouteOptions('post', '/x', () => 1, 'admin'),
    /write admin\.post\('\/x'\)\(view\)/,
  );
});

Options('anything else is named as a wrong second argument', () => {
  for (const value of [null, 'index', 42, ['GET']]) {
    assert.throws(
      () => checkRouteOptions('put', '/', value),
      /app\.put\('\/'\): the second argument must be an options object/,
    );
  }
});

Endpoints.run();
Anonymous.run();
Options.run();
