import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { redirect } from '../lib/http/response.ts';

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
Urls.run();
Redirects.run();

const Typing = suite('App<SessionData> types the session');

Typing('session.get is typed by the app, with no declaration merging', async () => {
  interface Item {
    sku: string;
  }
  const app = new App<{ username?: string; cart: Item[] }>();
  app.secretKey = 'types';
  app.get('/')(function index({ session }) {
    const name: string | undefined = session.get('username');
    const cart: Item[] = session.get('cart', []);
    const misuse = () => {
      // @ts-expect-error: not a key of the session data
      session.get('password');
      // @ts-expect-error: a number is not a username
      session.set('username', 42);
    };
    assert.type(misuse, 'function');
    session.set('cart', [...cart, { sku: 'tea' }]);
    return `${name ?? 'anonymous'} ${session.get('cart', []).length}`;
  });
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    const misuse = () => {
      // @ts-expect-error: the test client's session is typed too
      session.set('cart', 'not a list');
    };
    assert.type(misuse, 'function');
    session.set('username', 'ada');
  });
  assert.is((await client.get('/')).text, 'ada 1');
});

Typing.run();
