import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { Blueprint } from '../lib/blueprint.ts';
import { abort, HttpError } from '../lib/errors.ts';
import { makeResponse } from '../lib/make-response.ts';
import { Request } from '../lib/request.ts';
import { Response, redirect } from '../lib/response.ts';

function quietApp(): App {
  const app = new App();
  app.logger = { info() {}, warn() {}, error() {} };
  return app;
}

const Routes = suite('App.route');

Routes('get/post/put/patch/delete register methods and return the view unchanged', async () => {
  const app = quietApp();
  const view = () => 'x';
  assert.is(app.get('/a')(view), view);
  app.post('/b')(function b({ request }) {
    return request.method;
  });
  app.put('/c')(() => 'put');
  app.patch('/d')(() => 'patch');
  app.delete('/e')(() => 'delete');
  const client = app.testClient();
  assert.is((await client.post('/b')).text, 'POST');
  assert.is((await client.put('/c')).text, 'put');
  assert.is((await client.patch('/d')).text, 'patch');
  assert.is((await client.delete('/e')).text, 'delete');
  assert.is((await client.post('/a')).status, 405);
});

Routes('endpoint: the function name, the given one, or one derived from the rule', () => {
  const app = quietApp();
  app.get('/login')(function login() {
    return '';
  });
  app.get('/user/<int:id>', { endpoint: 'user' })(() => '');
  app.get('/post/<int:year>/<slug>')(() => '');
  assert.ok(app.viewFunctions.has('login'));
  assert.ok(app.viewFunctions.has('user'));
  assert.ok(app.viewFunctions.has('post_year_slug'));
});

Routes('a second function under the same endpoint is an error; the same function twice is not', () => {
  const app = quietApp();
  function page() {
    return '';
  }
  app.get('/a')(page);
  app.get('/b')(page);
  assert.throws(
    () =>
      app.get('/c')(function page() {
        return '';
      }),
    /overwriting an existing endpoint function: page/,
  );
});

Routes('route works as a TC39 method decorator', async () => {
  const app = quietApp();
  class Pages {
    title = 'About us';
    @app.get('/about')
    about() {
      return 'About us';
    }
  }
  assert.is(new Pages().title, 'About us');
  assert.ok(app.viewFunctions.has('about'));
  assert.is((await app.testClient().get('/about')).text, 'About us');
});

Routes('HEAD answers a GET route without a body; OPTIONS lists the methods', async () => {
  const app = quietApp();
  app.route('/x', { methods: ['GET', 'POST'] })(() => 'hello');
  const client = app.testClient();
  const head = await client.head('/x');
  assert.is(head.status, 200);
  assert.is(head.text, '');
  assert.is(head.headers.get('content-length'), '5');
  const options = await client.options('/x');
  assert.is(options.status, 200);
  assert.equal(options.headers.get('allow')!.split(', ').sort(), ['GET', 'HEAD', 'OPTIONS', 'POST']);
});

Routes('405 carries Allow; 404 for unknown paths', async () => {
  const app = quietApp();
  app.post('/only-post')(() => 'x');
  const client = app.testClient();
  const wrong = await client.get('/only-post');
  assert.is(wrong.status, 405);
  assert.match(wrong.headers.get('allow')!, 'POST');
  assert.is((await client.get('/nowhere')).status, 404);
});

Routes('a rule with a trailing slash redirects with 308, keeping the query', async () => {
  const app = quietApp();
  app.get('/projects/')(() => 'projects');
  const response = await app.testClient().get('/projects', { query: { page: 2 } });
  assert.is(response.status, 308);
  assert.is(response.headers.get('location'), '/projects/?page=2');
});

const Hooks = suite('App hooks');

Hooks('run in Flask order: before (registration), view, after (reverse), teardown (reverse)', async () => {
  const app = quietApp();
  const calls: string[] = [];
  app.beforeRequest(() => {
    calls.push('before 1');
  });
  app.beforeRequest(() => {
    calls.push('before 2');
  });
  app.afterRequest((response) => {
    calls.push('after 1');
    return response;
  });
  app.afterRequest((response) => {
    calls.push('after 2');
    return response;
  });
  app.teardownRequest(() => calls.push('teardown 1'));
  app.teardownRequest(() => calls.push('teardown 2'));
  app.get('/')(() => {
    calls.push('view');
    return 'ok';
  });
  await app.testClient().get('/');
  assert.equal(calls, ['before 1', 'before 2', 'view', 'after 2', 'after 1', 'teardown 2', 'teardown 1']);
});

Hooks('a before hook that returns a value answers instead of the view', async () => {
  const app = quietApp();
  let viewRan = false;
  app.beforeRequest(({ request }) => (request.args.has('block') ? ['blocked', 403] : undefined));
  app.get('/')(() => {
    viewRan = true;
    return 'view';
  });
  const blocked = await app.testClient().get('/', { query: { block: 1 } });
  assert.is(blocked.status, 403);
  assert.is(blocked.text, 'blocked');
  assert.not.ok(viewRan);
});

Hooks('after hooks may replace the response, and run for 404s too', async () => {
  const app = quietApp();
  app.afterRequest((response) => {
    response.headers.set('X-Frame-Options', 'DENY');
    return response;
  });
  app.afterRequest(() => makeResponse('replaced', 202));
  app.get('/')(() => 'view');
  const client = app.testClient();
  const ok = await client.get('/');
  assert.is(ok.status, 202);
  assert.is(ok.text, 'replaced');
  assert.is(ok.headers.get('x-frame-options'), 'DENY');
  const missing = await client.get('/missing');
  assert.is(missing.headers.get('x-frame-options'), 'DENY');
});

Hooks('async hooks and views are awaited in order', async () => {
  const app = quietApp();
  const calls: string[] = [];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  app.beforeRequest(async ({ g }) => {
    await tick();
    g.user = 'ada';
    calls.push('before');
  });
  app.afterRequest(async (response) => {
    await tick();
    calls.push('after');
    response.headers.set('X-After', '1');
  });
  app.teardownRequest(async () => {
    await tick();
    calls.push('teardown');
  });
  app.get('/')(async ({ g }) => {
    await tick();
    calls.push('view');
    return `user ${g.user}`;
  });
  const response = await app.testClient().get('/');
  assert.is(response.text, 'user ada');
  assert.is(response.headers.get('x-after'), '1');
  assert.equal(calls, ['before', 'view', 'after', 'teardown']);
});

Hooks('teardown hooks receive the unhandled error', async () => {
  const app = quietApp();
  let seen: unknown = 'not called';
  app.teardownRequest((error) => {
    seen = error;
  });
  app.get('/boom')(() => {
    throw new Error('kaboom');
  });
  app.get('/fine')(() => 'fine');
  const client = app.testClient();
  await client.get('/fine');
  assert.is(seen, null);
  await client.get('/boom');
  assert.instance(seen, Error);
  assert.is((seen as Error).message, 'kaboom');
});

Hooks('a sync app answers synchronously from handle()', () => {
  const app = quietApp();
  app.get('/')(() => 'sync');
  const result = app.handle(new Request({ method: 'GET', url: '/' }));
  assert.instance(result, Response);
  assert.is((result as Response).text, 'sync');
});

const Errors = suite('App errors');

Errors('abort() gives the status with the default page', async () => {
  const app = quietApp();
  app.get('/tea')(() => abort(418));
  const response = await app.testClient().get('/tea');
  assert.is(response.status, 418);
  assert.match(response.text, "I'm a Teapot");
});

Errors('handlers by status code and by class, most specific class first', async () => {
  const app = quietApp();
  class AppError extends Error {}
  class PaymentRequired extends AppError {}
  app.errorHandler(404)((_error, { request }) => [`Nothing at ${request.path}`, 404]);
  app.errorHandler(AppError)(() => ['app error', 400]);
  app.errorHandler(PaymentRequired)(() => ['pay first', 402]);
  app.get('/pay')(() => {
    throw new PaymentRequired();
  });
  app.get('/app')(() => {
    throw new AppError();
  });
  const client = app.testClient();
  const missing = await client.get('/missing');
  assert.is(missing.status, 404);
  assert.is(missing.text, 'Nothing at /missing');
  assert.is((await client.get('/pay')).status, 402);
  assert.is((await client.get('/app')).text, 'app error');
});

Errors('an HttpError class handler catches every HTTP error', async () => {
  const app = quietApp();
  app.errorHandler(HttpError)((error: HttpError) => ({ error: error.status }));
  app.post('/p')(() => 'x');
  const client = app.testClient();
  assert.equal((await client.get('/nope')).json(), { error: 404 });
  assert.equal((await client.get('/p')).json(), { error: 405 });
});

Errors('an unhandled error is a 500 that does not show its message', async () => {
  const app = quietApp();
  const logged: unknown[] = [];
  app.logger = { info() {}, warn() {}, error: (...args) => logged.push(args) };
  app.get('/boom')(() => {
    throw new Error('database password is hunter2');
  });
  app.get('/next')(() => 'still serving');
  const client = app.testClient();
  const response = await client.get('/boom');
  assert.is(response.status, 500);
  assert.not.match(response.text, 'hunter2');
  assert.match(response.text, 'Internal Server Error');
  assert.is(logged.length, 1);
  assert.is((await client.get('/next')).text, 'still serving');
});

Errors('a 500 handler receives an HttpError whose cause is the original error', async () => {
  const app = quietApp();
  app.errorHandler(500)((error: HttpError) => [`handled: ${(error.cause as Error).message}`, 500]);
  app.get('/boom')(() => {
    throw new Error('original');
  });
  const response = await app.testClient().get('/boom');
  assert.is(response.status, 500);
  assert.is(response.text, 'handled: original');
});

Errors('TESTING: an unhandled error propagates out of the test client', async () => {
  const app = quietApp();
  app.config.TESTING = true;
  class Boom extends Error {}
  app.get('/boom')(() => {
    throw new Boom('propagated');
  });
  try {
    await app.testClient().get('/boom');
    assert.unreachable('the request should have rejected');
  } catch (error) {
    assert.instance(error, Boom);
  }
});

Errors('TESTING: HTTP errors are still responses', async () => {
  const app = quietApp();
  app.config.TESTING = true;
  app.get('/forbidden')(() => abort(403));
  assert.is((await app.testClient().get('/forbidden')).status, 403);
});

Errors('returning nothing is a 500, and in TESTING an error naming the view', async () => {
  const app = quietApp();
  app.get('/empty')(function profile() {
    return undefined;
  });
  assert.is((await app.testClient().get('/empty')).status, 500);
  app.config.TESTING = true;
  try {
    await app.testClient().get('/empty');
    assert.unreachable('should reject');
  } catch (error) {
    assert.match((error as Error).message, "view function for 'profile' did not return a valid response");
  }
});

Errors('an error inside an error handler is a 500, not a crash', async () => {
  const app = quietApp();
  app.errorHandler(404)(() => {
    throw new Error('handler broke');
  });
  const response = await app.testClient().get('/missing');
  assert.is(response.status, 500);
});

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

const Urls = suite('App.urlFor');

Urls('builds paths with query extras, lists and anchors outside a request', () => {
  const app = quietApp();
  app.get('/user/<int:id>', { endpoint: 'user' })(() => '');
  assert.is(app.urlFor('user', { id: 5, q: 'x', _anchor: 'top' }), '/user/5?q=x#top');
  assert.is(app.urlFor('user', { id: 5, tag: ['a', 'b'] }), '/user/5?tag=a&tag=b');
});

Urls('external URLs use the request host inside a request, SERVER_NAME outside', async () => {
  const app = quietApp();
  app.get('/')(function index({ urlFor }) {
    return urlFor('index', { _external: true });
  });
  assert.is(
    (await app.testClient().get('/', { headers: { host: 'example.com' } })).text,
    'http://example.com/',
  );
  assert.throws(() => app.urlFor('index', { _external: true }), /SERVER_NAME/);
  app.config.SERVER_NAME = 'phial.test';
  assert.is(app.urlFor('index', { _external: true }), 'http://phial.test/');
});

Urls('an unknown endpoint suggests a close one', () => {
  const app = quietApp();
  app.get('/profile')(function profile() {
    return '';
  });
  assert.throws(() => app.urlFor('profil'), /profile/);
});

const Redirects = suite('redirect through the app');

Redirects('a view redirect reaches the client with its location', async () => {
  const app = quietApp();
  app.get('/old')(() => redirect('/new', 301));
  app.get('/new')(() => 'new');
  const client = app.testClient();
  const response = await client.get('/old');
  assert.is(response.status, 301);
  assert.is(response.headers.get('location'), '/new');
  const followed = await client.get('/old', { followRedirects: true });
  assert.is(followed.text, 'new');
  assert.is(followed.history.length, 1);
});

Routes.run();
Hooks.run();
Errors.run();
Blueprints.run();
Urls.run();
Redirects.run();
