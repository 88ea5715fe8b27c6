/** docs/routing.md: rules, endpoints, converters and methods. */
import assert from 'node:assert/strict';
// #region intro
import { App } from 'phial';

const app = new App();

app.get('/')(function index() {
  return 'Home';
});

app.route('/user/<int:id>', { endpoint: 'user' })(function showUser({ params, urlFor }) {
  return `User ${params.id}, back to ${urlFor('index')}`;
});
// #endregion intro

// #region endpoints
app.get('/about')(function about() {
  // endpoint 'about'
  return 'About us';
});
app.route('/contact', { endpoint: 'contact_page', methods: ['GET', 'POST'] })(function contact({ request }) {
  return request.method === 'POST' ? 'Thanks!' : 'Write to us';
});
// #endregion endpoints

// #region anonymous
app.get('/notes')(() => 'All notes'); // endpoint 'notes'
app.post('/notes')(() => ['Saved', 201]); // endpoint 'notes_post'
app.delete('/notes/<int:id>')(({ params }) => `Deleted ${params.id}`); // endpoint 'notes_id_delete'
// #endregion anonymous

function home() {
  return 'Home';
}
export function expressStyle(): string {
  try {
    // #region express
    // @ts-expect-error: the view goes in the returned decorator, not beside the rule
    app.get('/home', home);
    // TypeError: app.get('/home') takes options, not the view: a route is a decorator,
    // so write app.get('/home')(home) (Flask's @app.get(…)).
    // #endregion express
  } catch (error) {
    return (error as Error).message;
  }
  return 'registered';
}

// #region converters
app.get('/page/<int(min=1):page>')(({ params }) => `Page ${params.page}`); // /page/3, not /page/0
app.get('/archive/<int(fixed_digits=4):year>')(({ params }) => `${params.year}`); // /archive/2024, not /archive/24
app.get('/<string(length=2):lang>/')(({ params }) => params.lang); // /fr/
app.get('/files/<path:name>')(({ params }) => params.name); // /files/a/b.txt → 'a/b.txt'
app.get('/<any(about, help):page>')(({ params }) => params.page); // /about or /help
app.get('/offset/<float(signed=True):x>')(({ params }) => `${params.x * 2}`); // /offset/-1.5 → '-3'
// #endregion converters

// #region methods
app.get('/item')(function showItem() {
  return 'item';
});
app.post('/item')(function createItem() {
  return ['created', 201];
});
// DELETE /item → 405, Allow: GET, HEAD, OPTIONS, POST
// OPTIONS /item → 200, Allow: GET, HEAD, OPTIONS, POST
// #endregion methods

export async function check(): Promise<void> {
  const client = app.testClient();
  const text = async (path: string, method = 'GET'): Promise<[number, string]> => {
    const response = await client.open(path, { method });
    return [response.status, response.text];
  };
  assert.deepEqual(await text('/'), [200, 'Home']);
  assert.deepEqual(await text('/user/42'), [200, 'User 42, back to /']);
  assert.equal((await text('/user/x'))[0], 404);
  assert.deepEqual(await text('/about'), [200, 'About us']);
  assert.deepEqual(await text('/contact', 'POST'), [200, 'Thanks!']);
  assert.equal(app.urlFor('contact_page'), '/contact');
  assert.equal(app.urlFor('about'), '/about');

  assert.deepEqual(await text('/notes'), [200, 'All notes']);
  assert.deepEqual(await text('/notes', 'POST'), [201, 'Saved']);
  assert.deepEqual(await text('/notes/4', 'DELETE'), [200, 'Deleted 4']);
  assert.equal(app.urlFor('notes_post'), '/notes');
  assert.equal(app.urlFor('notes_id_delete', { id: 4 }), '/notes/4');
  assert.match(expressStyle(), /takes options, not the view: .* write app\.get\('\/home'\)\(home\)/);
  assert.equal((await text('/home'))[0], 404);

  assert.deepEqual(await text('/page/3'), [200, 'Page 3']);
  assert.equal((await text('/page/0'))[0], 404);
  assert.deepEqual(await text('/archive/2024'), [200, '2024']);
  assert.equal((await text('/archive/24'))[0], 404);
  assert.deepEqual(await text('/fr/'), [200, 'fr']);
  assert.equal((await text('/fra/'))[0], 404);
  assert.deepEqual(await text('/files/a/b.txt'), [200, 'a/b.txt']);
  assert.deepEqual(await text('/help'), [200, 'help']);
  assert.deepEqual(await text('/offset/-1.5'), [200, '-3']);
  assert.equal((await text('/offset/1'))[0], 404);

  const deleted = await client.delete('/item');
  assert.equal(deleted.status, 405);
  assert.equal(deleted.headers.get('allow'), 'GET, HEAD, OPTIONS, POST');
  const options = await client.options('/item');
  assert.equal(options.status, 200);
  assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS, POST');
  assert.deepEqual(await text('/item', 'POST'), [201, 'created']);
}
