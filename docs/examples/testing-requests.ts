/** docs/testing.md: sending requests, forms and files, JSON. */
import { App, jsonify } from 'phial';
import * as assert from 'uvu/assert';

const app = new App();
app.get('/search')(({ request }) => ({ q: request.args.get('q'), tag: request.args.getAll('tag') }));
app.post('/login')(({ request }) => request.form.require('username'));
app.route('/items/<int:id>', { methods: ['PUT', 'PATCH', 'DELETE', 'PROPFIND'] })(function item({ request }) {
  return [request.method, request.headers.get('authorization') ?? request.mimetype].join(' ');
});
app.get('/')(() => 'Home');

// #region upload
app.post('/upload')(function upload({ request }) {
  const photo = request.files.get('photo');
  return { title: request.form.get('title'), name: photo?.filename, size: photo?.size };
});
// #endregion upload

// #region json_view
app.post('/api/items')(function create({ request }) {
  const item = request.json as { name: string };
  return jsonify({ id: 1, name: item.name }, 201);
});
// #endregion json_view

export async function check(): Promise<void> {
  const sent: string[] = [];
  // #region requests
  const client = app.testClient();

  await client.get('/search', { query: { q: 'phial', tag: ['a', 'b'] } }); // /search?q=phial&tag=a&tag=b
  await client.post('/login', { form: { username: 'john', password: 'secret' } });
  await client.put('/items/1', { json: { name: 'Teapot' } });
  await client.patch('/items/1', { body: 'raw text', contentType: 'text/plain' });
  await client.delete('/items/1', { headers: { Authorization: 'Bearer t0k3n' } });
  await client.head('/');
  await client.options('/items/1');
  await client.open('/items/1', { method: 'PROPFIND' });
  // #endregion requests
  const search = await client.get('/search', { query: { q: 'phial', tag: ['a', 'b'] } });
  assert.is(search.request.fullPath, '/search?q=phial&tag=a&tag=b');
  assert.equal(search.json(), { q: 'phial', tag: ['a', 'b'] });
  sent.push((await client.post('/login', { form: { username: 'john', password: 'secret' } })).text);
  sent.push((await client.put('/items/1', { json: { name: 'Teapot' } })).text);
  sent.push((await client.patch('/items/1', { body: 'raw text', contentType: 'text/plain' })).text);
  sent.push((await client.delete('/items/1', { headers: { Authorization: 'Bearer t0k3n' } })).text);
  const head = await client.head('/');
  sent.push(`${head.status} ${head.text === ''} ${head.headers.get('content-length')}`);
  sent.push((await client.options('/items/1')).headers.get('allow') ?? '');
  sent.push((await client.open('/items/1', { method: 'PROPFIND' })).text);
  assert.equal(sent, [
    'john',
    'PUT application/json',
    'PATCH text/plain',
    'DELETE Bearer t0k3n',
    '200 true 4',
    'DELETE, OPTIONS, PATCH, PROPFIND, PUT',
    'PROPFIND ',
  ]);

  const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  // #region upload_request
  const response = await client.post('/upload', {
    form: { title: 'Holidays' },
    files: {
      photo: { filename: 'beach.png', content: pngBytes, contentType: 'image/png' },
    },
  });
  response.json(); // { title: 'Holidays', name: 'beach.png', size: … }
  // #endregion upload_request
  assert.equal(response.json(), { title: 'Holidays', name: 'beach.png', size: 4 });

  {
    // #region json_request
    const response = await client.post('/api/items', { json: { name: 'Teapot' } });
    assert.is(response.status, 201);
    assert.equal(response.json(), { id: 1, name: 'Teapot' });
    // #endregion json_request
  }
}
