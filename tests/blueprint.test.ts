import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { Blueprint } from '../lib/blueprint.ts';
import { abort } from '../lib/http/errors.ts';

function quietApp(): App {
  const app = new App();
  app.logger = { info() {}, warn() {}, error() {} };
  return app;
}

const Blueprints = suite('Blueprints');

Blueprints('prefix URLs and endpoints; hooks and handlers apply to their own endpoints', async () => {
  const app = quietApp();
  const admin = new Blueprint('admin', { urlPrefix: '/admin' });
  const calls: string[] = [];
  app.beforeRequest(() => {
    calls.push('app before');
  });
  admin.beforeRequest(() => {
    calls.push('admin before');
  });
  admin.afterRequest((response) => {
    calls.push('admin after');
    return response;
  });
  app.afterRequest((response) => {
    calls.push('app after');
    return response;
  });
  admin.errorHandler(403)(() => ['admin says no', 403]);
  admin.get('/')(function index({ urlFor }) {
    return urlFor('.users', { page: 2 });
  });
  admin.get('/users')(function users() {
    return 'users';
  });
  admin.get('/secret')(() => abort(403));
  app.get('/secret')(() => abort(403));
  app.registerBlueprint(admin);

  const client = app.testClient();
  const index = await client.get('/admin/');
  assert.is(index.text, '/admin/users?page=2');
  assert.equal(calls, ['app before', 'admin before', 'admin after', 'app after']);
  calls.length = 0;
  await client.get('/secret');
  assert.equal(calls, ['app before', 'app after']);
  assert.is((await client.get('/admin/secret')).text, 'admin says no');
  assert.match((await client.get('/secret')).text, 'Forbidden');
  assert.is(app.urlFor('admin.users'), '/admin/users');
});

Blueprints('names must be unique and routes come before registration', () => {
  const app = quietApp();
  const shop = new Blueprint('shop');
  shop.get('/cart')(function cart() {
    return 'cart';
  });
  app.registerBlueprint(shop);
  assert.throws(() => app.registerBlueprint(new Blueprint('shop')), /already registered/);
  assert.throws(() => shop.get('/late')(() => 'late'), /before app.registerBlueprint/);
  assert.throws(() => new Blueprint('a.b'), /without dots/);
  assert.throws(() => new Blueprint('x', { urlPrefix: 'admin' }), /must start with a slash/);
});

Blueprints.run();
