import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../../lib/app.ts';
import { Response, redirect } from '../../lib/http/response.ts';
import { makeResponse } from '../../lib/make-response.ts';
import { TestClient } from '../../lib/testing/client.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** The seed article's cookie views, plus views that echo what they received. */
function makeApp(): App {
  const app = new App();
  app.logger = quiet;
  app.get('/set_cookie')(function set_cookie() {
    const response = makeResponse('Куки установлены!');
    response.setCookie('username', 'John Doe');
    return response;
  });
  app.get('/get_cookie')(function get_cookie({ request }) {
    const username = request.cookies.get('username');
    return username ? `Привет, ${username}!` : 'Куки "username" не найдены.';
  });
  app.route('/echo', { methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] })(function echo({ request }) {
    return {
      method: request.method,
      url: request.url,
      path: request.path,
      args: request.args.toObject(),
      cookie: request.headers.get('cookie'),
      contentType: request.contentType,
      contentLength: request.headers.get('content-length'),
      text: request.text,
      remoteAddr: request.remoteAddr,
      secure: request.isSecure,
    };
  });
  app.get('/echo/<path:rest>')(function echo_path({ request }) {
    return { path: request.path, rawPath: request.rawPath, cookie: request.headers.get('cookie') };
  });
  return app;
}

const Cookies = suite('TestClient cookies');

Cookies('a cookie set by one response is sent with the next request (the seed article)', async () => {
  const client = makeApp().testClient();
  assert.is((await client.get('/get_cookie')).text, 'Куки "username" не найдены.');
  const set = await client.get('/set_cookie');
  assert.is(set.text, 'Куки установлены!');
  assert.is(set.headers.get('set-cookie'), 'username="John Doe"; Path=/');
  assert.is(set.cookies.username?.value, 'John Doe');
  assert.is(client.getCookie('username')?.value, 'John Doe');
  assert.is((await client.get('/get_cookie')).text, 'Привет, John Doe!');
});

Cookies('app.testClient() gives a TestClient with an empty jar of its own', () => {
  const app = makeApp();
  const client = app.testClient();
  assert.instance(client, TestClient);
  assert.is(client.app, app);
  client.setCookie('a', '1');
  assert.is(app.testClient().getCookie('a'), undefined);
});

Cookies('setCookie stores a cookie the app then reads; deleteCookie forgets it', async () => {
  const client = makeApp().testClient();
  client.setCookie('username', 'Мир "quoted"');
  assert.is((await client.get('/get_cookie')).text, 'Привет, Мир "quoted"!');
  client.deleteCookie('username');
  assert.is((await client.get('/echo')).json().cookie, null);
});

Cookies('Path: a cookie reaches only its subtree, most specific path first', async () => {
  const client = makeApp().testClient();
  client.setCookie('root', '1');
  client.setCookie('deep', '2', { path: '/echo/a' });
  assert.is((await client.get('/echo')).json().cookie, 'root=1');
  assert.is((await client.get('/echo/a/b')).json().cookie, 'deep=2; root=1');
  assert.is((await client.get('/echo/ab')).json().cookie, 'root=1');
});

Cookies('without Path, a cookie gets the directory of the request path', async () => {
  const app = makeApp();
  app.get('/account/login')(function login() {
    return makeResponse('ok').setCookie('token', 't', { path: null });
  });
  const client = app.testClient();
  await client.get('/account/login');
  assert.is(client.getCookie('token')?.path, '/account');
  assert.is((await client.get('/echo')).json().cookie, null);
});

Cookies('Domain shares a cookie with subdomains; a host-only cookie stays on its host', async () => {
  const app = makeApp();
  app.get('/domain')(function domain() {
    return makeResponse('ok').setCookie('shared', '1', { domain: 'example.com' }).setCookie('own', '2');
  });
  const client = app.testClient();
  await client.get('/domain', { baseUrl: 'http://www.example.com' });
  assert.is(
    (await client.get('/echo', { baseUrl: 'http://www.example.com' })).json().cookie,
    'shared=1; own=2',
  );
  assert.is((await client.get('/echo', { baseUrl: 'http://api.example.com' })).json().cookie, 'shared=1');
  assert.is((await client.get('/echo')).json().cookie, null);
});

Cookies('Max-Age=0 and a past Expires (deleteCookie) remove the cookie', async () => {
  const app = makeApp();
  app.get('/logout')(function logout() {
    return makeResponse('bye').deleteCookie('username');
  });
  app.get('/expire')(function expire() {
    return makeResponse('gone').setCookie('username', 'x', { expires: new Date(0) });
  });
  const client = app.testClient();
  for (const path of ['/logout', '/expire']) {
    await client.get('/set_cookie');
    assert.ok(client.getCookie('username'));
    await client.get(path);
    assert.is(client.getCookie('username'), undefined, path);
    assert.is((await client.get('/get_cookie')).text, 'Куки "username" не найдены.');
  }
});

Cookies('Secure cookies are sent over https only', async () => {
  const app = makeApp();
  app.get('/secure')(function secure() {
    return makeResponse('ok').setCookie('username', 'John Doe', { maxAge: 3600, secure: true });
  });
  const client = app.testClient();
  await client.get('/secure', { baseUrl: 'https://localhost' });
  assert.ok(client.getCookie('username')?.secure);
  assert.is((await client.get('/echo')).json().cookie, null);
  client.baseUrl = 'https://localhost';
  const echoed = (await client.get('/echo')).json();
  assert.is(echoed.cookie, 'username="John Doe"');
  assert.ok(echoed.secure);
});

Cookies('a Cookie header given by the test is sent along with the jar', async () => {
  const client = makeApp().testClient();
  client.setCookie('a', '1');
  const echoed = (await client.get('/echo', { headers: { Cookie: 'given=x' } })).json();
  assert.is(echoed.cookie, 'given=x; a=1');
});

const Requests = suite('TestClient requests');

Requests('the method shortcuts and open() send their method', async () => {
  const client = makeApp().testClient();
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    assert.is((await client[method]('/echo')).json().method, method.toUpperCase());
  }
  assert.is((await client.open('/echo', { method: 'put' })).json().method, 'PUT');
  assert.is((await client.open('/echo')).json().method, 'GET');
  const options = await client.options('/echo');
  assert.is(options.headers.get('allow'), 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
});

Requests('query: an object, URLSearchParams or a string, added to the path’s own query', async () => {
  const client = makeApp().testClient();
  const args = async (path: string, query?: any) => (await client.get(path, { query })).json().args;
  assert.equal(await args('/echo', { q: 'café noir', tag: ['a', 'b'], page: 2, on: true }), {
    q: 'café noir',
    tag: 'a',
    page: '2',
    on: 'true',
  });
  assert.equal(await args('/echo?x=1', new URLSearchParams({ y: '2' })), { x: '1', y: '2' });
  assert.equal(await args('/echo', '?z=3'), { z: '3' });
  assert.equal(await args('/echo', 'q=café noir'), { q: 'café noir' });
  const tags = await client.get('/echo', { query: { tag: ['a', 'b'] } });
  assert.is(new URL(tags.json().url).search, '?tag=a&tag=b');
});

Requests('form, json and raw bodies arrive with their type and Content-Length', async () => {
  const app = makeApp();
  app.post('/submit')(function submit({ request }) {
    return {
      form: Object.fromEntries([...request.form.keys()].map((key) => [key, request.form.getAll(key)])),
      json: request.json ?? null,
    };
  });
  const client = app.testClient();
  const form = await client.post('/submit', { form: { username: 'john', tag: ['a', 'b'] } });
  assert.equal(form.json(), { form: { username: ['john'], tag: ['a', 'b'] }, json: null });
  const json = await client.post('/submit', { json: { id: 1, name: 'Мир' } });
  assert.equal(json.json(), { form: {}, json: { id: 1, name: 'Мир' } });
  const echoed = (await client.post('/echo', { json: { name: 'Мир' } })).json();
  assert.is(echoed.contentType, 'application/json');
  assert.is(echoed.contentLength, String(Buffer.byteLength('{"name":"Мир"}')));
  const raw = (await client.put('/echo', { body: 'a,b', contentType: 'text/csv' })).json();
  assert.equal([raw.contentType, raw.contentLength, raw.text], ['text/csv', '3', 'a,b']);
  const bare = (await client.post('/echo', { body: new Uint8Array([104, 105]) })).json();
  assert.equal([bare.contentType, bare.contentLength, bare.text], [null, '2', 'hi']);
  assert.is((await client.get('/echo')).json().contentLength, null);
});

Requests(
  'a Content-Type header wins over the implied one; the contentType option wins over both',
  async () => {
    const client = makeApp().testClient();
    const header = await client.post('/echo', {
      json: 1,
      headers: { 'Content-Type': 'application/vnd.api+json' },
    });
    assert.is(header.json().contentType, 'application/vnd.api+json');
    const option = await client.post('/echo', {
      json: 1,
      headers: { 'Content-Type': 'x/y' },
      contentType: 'a/b',
    });
    assert.is(option.json().contentType, 'a/b');
  },
);

Requests('files: a multipart body with the form fields, read by request.files', async () => {
  const app = makeApp();
  app.post('/upload')(function upload({ request }) {
    return {
      title: request.form.get('title'),
      files: request.files.getAll('photos').map((file) => [file.filename, file.contentType, file.text()]),
      single: request.files.get('doc')?.filename ?? null,
    };
  });
  const response = await app.testClient().post('/upload', {
    form: { title: 'Отпуск' },
    files: {
      photos: [
        { filename: 'a.txt', content: 'first' },
        { filename: 'б.png', content: new Uint8Array([0x68, 0x69]), contentType: 'image/png' },
      ],
      doc: { filename: 'doc.txt', content: 'd' },
    },
  });
  assert.equal(response.json(), {
    title: 'Отпуск',
    files: [
      ['a.txt', 'application/octet-stream', 'first'],
      ['б.png', 'image/png', 'hi'],
    ],
    single: 'doc.txt',
  });
});

Requests('conflicting body options throw before anything is sent', async () => {
  let called = false;
  const app = makeApp();
  app.beforeRequest(() => {
    called = true;
  });
  try {
    await app.testClient().post('/echo', { json: {}, form: {} });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TypeError);
  }
  assert.not.ok(called);
});

Requests('baseUrl, an absolute URL, remoteAddr and headers reach the request', async () => {
  const client = makeApp().testClient();
  const local = (await client.get('/echo')).json();
  assert.equal([local.url, local.remoteAddr, local.secure], ['http://localhost/echo', '127.0.0.1', false]);
  const other = (await client.get('https://example.com:8443/echo?a=1', { remoteAddr: '10.0.0.1' })).json();
  assert.equal(
    [other.url, other.remoteAddr, other.secure],
    ['https://example.com:8443/echo?a=1', '10.0.0.1', true],
  );
  const viaBase = (await client.get('/echo', { baseUrl: 'http://example.org' })).json();
  assert.is(viaBase.url, 'http://example.org/echo');
});

Requests('paths are sent as a client sends them: encoded, never normalized', async () => {
  const client = makeApp().testClient();
  const echoed = (await client.get('/echo/café/a b')).json();
  assert.equal([echoed.path, echoed.rawPath], ['/echo/café/a b', '/echo/caf%C3%A9/a%20b']);
  assert.is((await client.get('/echo/a%2Fb')).json().rawPath, '/echo/a%2Fb');
  // Werkzeug answers repeated slashes with a 308 to the merged path: the client must not merge them.
  const merged = await client.get('//echo//x');
  assert.is(merged.status, 308);
  assert.is(merged.location, '/echo/x');
});

Requests('HEAD: the GET view runs, no body comes back, Content-Length is the full one', async () => {
  const client = makeApp().testClient();
  const response = await client.head('/set_cookie');
  assert.is(response.status, 200);
  assert.is(response.text, '');
  assert.is(response.headers.get('content-length'), String(Buffer.byteLength('Куки установлены!')));
  assert.is(client.getCookie('username')?.value, 'John Doe');
});

Requests(
  'a body over MAX_CONTENT_LENGTH is refused unread: a 413 from the app, the view not called',
  async () => {
    const app = makeApp();
    app.config.MAX_CONTENT_LENGTH = 4;
    const seen: string[] = [];
    app.beforeRequest(({ request }) => {
      seen.push(request.bodyError === null ? 'body read' : `refused ${request.bodyError.status}`);
    });
    app.post('/count', { endpoint: 'count' })(({ request }) => {
      seen.push('view');
      return String(request.data.byteLength);
    });
    const client = app.testClient();
    const response = await client.post('/count', { body: '12345' });
    assert.is(response.status, 413);
    assert.match(response.text, '<title>413 Payload Too Large</title>');
    assert.equal(seen, ['refused 413']);
    assert.is((await client.post('/count', { body: '1234' })).text, '4');
  },
);

Requests('errorHandler(413) answers a refused body, as in Flask', async () => {
  const app = makeApp();
  app.config.MAX_CONTENT_LENGTH = 4;
  app.errorHandler(413)(() => ['Файл слишком большой', 413]);
  const response = await app.testClient().post('/echo', { body: '12345' });
  assert.is(response.status, 413);
  assert.is(response.text, 'Файл слишком большой');
});

Requests('a before-request hook that reads a refused body gets the 413', async () => {
  const app = makeApp();
  app.config.MAX_CONTENT_LENGTH = 4;
  app.beforeRequest(({ request }) => {
    void request.form;
  });
  const response = await app.testClient().post('/echo', { form: { name: 'a long value' } });
  assert.is(response.status, 413);
});

Requests('response.request is the Request the app saw', async () => {
  const response = await makeApp()
    .testClient()
    .post('/echo', { form: { a: '1' } });
  assert.is(response.request.method, 'POST');
  assert.is(response.request.form.get('a'), '1');
});

const Redirects = suite('TestClient followRedirects');

/** An app whose views redirect in every way the tests need. */
function redirectApp(): App {
  const app = makeApp();
  app.route('/login', { methods: ['GET', 'POST'] })(function login({ request }) {
    const response = redirect('/get_cookie');
    response.setCookie('username', request.form.get('username') ?? 'nobody');
    return response;
  });
  app.get('/logout')(function logout() {
    return redirect('/get_cookie').deleteCookie('username');
  });
  app.get('/step/<int:n>')(function step({ params }) {
    return redirect(`/step2/${params.n}`).setCookie('step', String(params.n));
  });
  app.get('/step2/<int:n>')(function step2() {
    return redirect('/echo').setCookie('step', 'two');
  });
  app.route('/to/<int:status>', { methods: ['GET', 'HEAD', 'POST', 'PUT'] })(function to({
    params,
    request,
  }) {
    return redirect(request.args.get('location') ?? '/echo', params.status);
  });
  app.get('/hop/<int:n>')(function hop({ params }) {
    return params.n === 0 ? 'landed' : redirect(`/hop/${params.n - 1}`);
  });
  app.get('/dir/page')(function page({ request }) {
    return redirect(request.args.get('next')!);
  });
  return app;
}

Redirects('without followRedirects the redirect itself comes back', async () => {
  const response = await redirectApp().testClient().get('/to/302');
  assert.is(response.status, 302);
  assert.is(response.location, '/echo');
  assert.equal(response.history, []);
});

Redirects(
  'a login that sets a cookie and redirects: the next hop sends it; history keeps the chain',
  async () => {
    const client = redirectApp().testClient();
    const response = await client.post('/login', { form: { username: 'John Doe' }, followRedirects: true });
    assert.is(response.status, 200);
    assert.is(response.text, 'Привет, John Doe!');
    assert.is(response.request.method, 'GET');
    assert.is(response.request.path, '/get_cookie');
    assert.is(response.history.length, 1);
    assert.is(response.history[0]!.status, 302);
    assert.is(response.history[0]!.request.method, 'POST');
    assert.is(response.history[0]!.cookies.username?.value, 'John Doe');
    assert.is(client.getCookie('username')?.value, 'John Doe');
  },
);

Redirects('each hop stores its cookies before the next is sent (flask#5786)', async () => {
  const client = redirectApp().testClient();
  await client.get('/set_cookie');
  const loggedOut = await client.get('/logout', { followRedirects: true });
  assert.is(loggedOut.text, 'Куки "username" не найдены.');
  assert.is(client.getCookie('username'), undefined);
  const chain = await client.get('/step/1', { followRedirects: true });
  assert.is(chain.json().cookie, 'step=two');
  assert.equal(
    chain.history.map((r) => r.request.path),
    ['/step/1', '/step2/1'],
  );
});

Redirects('303 turns a POST into a GET without its body', async () => {
  const response = await redirectApp()
    .testClient()
    .post('/to/303', { form: { a: '1' }, headers: { 'X-Kept': 'yes' }, followRedirects: true });
  const echoed = response.json();
  assert.equal(
    [echoed.method, echoed.text, echoed.contentType, echoed.contentLength],
    ['GET', '', null, null],
  );
  assert.is(response.request.headers.get('x-kept'), 'yes');
});

Redirects('307 and 308 repeat the method and the body', async () => {
  const client = redirectApp().testClient();
  for (const status of [307, 308]) {
    const echoed = (await client.post(`/to/${status}`, { json: { a: 1 }, followRedirects: true })).json();
    assert.equal(
      [echoed.method, echoed.text, echoed.contentType, echoed.contentLength],
      ['POST', '{"a":1}', 'application/json', '7'],
    );
  }
});

Redirects(
  '301 and 302 turn POST into GET, but keep other methods (the Fetch standard, Werkzeug)',
  async () => {
    const client = redirectApp().testClient();
    for (const status of [301, 302]) {
      assert.is(
        (await client.post(`/to/${status}`, { body: 'x', followRedirects: true })).json().method,
        'GET',
      );
      const put = (await client.put(`/to/${status}`, { body: 'x', followRedirects: true })).json();
      assert.equal([put.method, put.text], ['PUT', 'x']);
    }
  },
);

Redirects('HEAD stays HEAD through a 303', async () => {
  const response = await redirectApp().testClient().head('/to/303', { followRedirects: true });
  assert.is(response.request.method, 'HEAD');
  assert.is(response.status, 200);
  assert.is(response.text, '');
});

Redirects('relative Locations resolve against the current URL', async () => {
  const client = redirectApp().testClient();
  const follow = async (next: string) =>
    (await client.get('/dir/page', { query: { next }, followRedirects: true })).request.url;
  assert.is(await follow('/echo?x=1'), 'http://localhost/echo?x=1');
  assert.is(await follow('../echo'), 'http://localhost/echo');
  assert.is(await follow('?next=/echo#top'), 'http://localhost/echo');
});

Redirects('a redirect to another host is followed in-process, with that Host', async () => {
  const client = redirectApp().testClient();
  const response = await client.get('/to/302', {
    query: { location: 'https://other.example/echo?a=1' },
    followRedirects: true,
  });
  const echoed = response.json();
  assert.equal([echoed.url, echoed.secure], ['https://other.example/echo?a=1', true]);
  assert.is(response.request.headers.get('host'), 'other.example');
  const withHost = await client.get('/to/302', {
    query: { location: 'http://third.example/echo' },
    headers: { Host: 'localhost' },
    followRedirects: true,
  });
  assert.is(withHost.json().url, 'http://third.example/echo');
});

Redirects('30 redirects are followed; the 31st is an error', async () => {
  const client = redirectApp().testClient();
  const landed = await client.get('/hop/30', { followRedirects: true });
  assert.is(landed.text, 'landed');
  assert.is(landed.history.length, 30);
  try {
    await client.get('/hop/31', { followRedirects: true });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, Error);
    assert.match((error as Error).message, /Too many redirects/);
  }
});

Redirects('a 3xx without Location is not followed', async () => {
  const app = makeApp();
  app.get('/bare')(function bare() {
    return ['moved', 302];
  });
  const response = await app.testClient().get('/bare', { followRedirects: true });
  assert.is(response.status, 302);
  assert.is(response.text, 'moved');
});

const Propagation = suite('TestClient and TESTING');

function failingApp(): App {
  const app = makeApp();
  app.get('/boom')(function boom() {
    throw new RangeError('boom');
  });
  app.get('/boom-async')(async function boom_async() {
    await Promise.resolve();
    throw new RangeError('async boom');
  });
  return app;
}

Propagation('with TESTING, an unhandled error rejects with that very error', async () => {
  const app = failingApp();
  app.config.TESTING = true;
  for (const path of ['/boom', '/boom-async']) {
    try {
      await app.testClient().get(path);
      assert.unreachable();
    } catch (error) {
      assert.instance(error, RangeError);
      assert.match((error as Error).message, /boom/);
    }
  }
});

Propagation('without TESTING, it is a 500 page and a log line', async () => {
  const app = failingApp();
  const logged: unknown[] = [];
  app.logger = { ...quiet, error: (...args: unknown[]) => logged.push(args) };
  const response = await app.testClient().get('/boom');
  assert.is(response.status, 500);
  assert.match(response.text, 'Internal Server Error');
  assert.not.match(response.text, 'boom');
  assert.is(logged.length, 1);
});

Propagation('HTTP errors are responses either way', async () => {
  const app = failingApp();
  app.config.TESTING = true;
  assert.is((await app.testClient().get('/missing')).status, 404);
});

const Parity = suite('TestClient and the server');

Parity('status, headers and body are the ones a socket client gets', async () => {
  const app = makeApp();
  app.get('/bytes')(() => new Uint8Array([1, 2, 3]));
  app.get('/empty')(() => new Response(null, { status: 201 }));
  app.get('/stream')(function* stream() {
    yield 'chunk 1, ';
    yield 'chunk 2';
  });
  app.get('/no-content')(() => ['ignored', 204]);
  app.get('/moved')(() => redirect('/set_cookie'));
  app.config.MAX_CONTENT_LENGTH = 8;
  const server = await app.run({ host: '127.0.0.1', port: 0, log: false, handleSignals: false });
  const client = app.testClient();
  // Connection management and framing belong to the socket, not to the response.
  const wire = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
  const comparable = (headers: Iterable<[string, string]>) =>
    [...headers].filter(([name]) => !wire.has(name)).sort(([a], [b]) => a.localeCompare(b));
  try {
    const cases: Array<[string, string, string?]> = [
      ['GET', '/set_cookie'],
      ['HEAD', '/set_cookie'],
      ['GET', '/bytes'],
      ['GET', '/empty'],
      ['GET', '/stream'],
      ['HEAD', '/stream'],
      ['GET', '/no-content'],
      ['GET', '/moved'],
      ['GET', '/missing'],
      ['POST', '/set_cookie'],
      ['OPTIONS', '/echo'],
      ['POST', '/echo', 'too long a body'],
    ];
    for (const [method, path, body] of cases) {
      const live = await fetch(new URL(path, server.url), {
        method,
        redirect: 'manual',
        ...(body && { body }),
      });
      const liveBody = new Uint8Array(await live.arrayBuffer());
      const local = await client.open(path, { method, ...(body && { body }) });
      const label = `${method} ${path}`;
      assert.is(local.status, live.status, label);
      assert.equal(comparable(local.headers), comparable(live.headers), label);
      assert.equal([...local.data], [...liveBody], label);
    }
  } finally {
    await server.close();
  }
});

const Csrf = suite('TestClient and CSRF');

Csrf('requests pass the origin check by default: no Origin, no Sec-Fetch-Site', async () => {
  const client = makeApp().testClient();
  const echoed = await client.post('/echo', { form: { a: '1' } });
  assert.is(echoed.status, 200);
  assert.is(echoed.request.headers.get('origin'), null);
  assert.is(echoed.request.headers.get('sec-fetch-site'), null);
});

Csrf('crossSite acts as a page of another site; headers given explicitly win', async () => {
  const app = makeApp();
  app.config.CSRF_ENABLED = false; // to see what arrives
  const client = app.testClient();
  const sent = async (options: Parameters<TestClient['post']>[1]) => {
    const { request } = await client.post('/echo', options);
    return [request.headers.get('origin'), request.headers.get('sec-fetch-site')];
  };
  assert.equal(await sent({ crossSite: true }), ['https://cross-site.example', 'cross-site']);
  assert.equal(await sent({ crossSite: 'http://evil.example' }), ['http://evil.example', 'cross-site']);
  assert.equal(await sent({ crossSite: true, headers: { 'Sec-Fetch-Site': 'same-site' } }), [
    'https://cross-site.example',
    'same-site',
  ]);
  assert.equal(await sent({ crossSite: false }), [null, null]);
  app.config.CSRF_ENABLED = true;
  assert.is((await client.post('/echo', { crossSite: true })).status, 403);
});

Csrf('csrfToken() stores a token in the jar session and returns it signed', async () => {
  const app = makeApp();
  app.secretKey = 'dev';
  app.config.CSRF_TOKEN_REQUIRED = true;
  const client = app.testClient();
  assert.is((await client.post('/echo')).status, 400);
  const token = await client.csrfToken();
  assert.ok(client.getCookie('session'), 'the session holding the value is in the jar');
  assert.is((await client.post('/echo', { form: { csrf_token: token } })).status, 200);
  assert.is((await client.post('/echo', { headers: { 'X-CSRFToken': token } })).status, 200);
  assert.is(await client.csrfToken().then((again) => again.split('.')[0]), token.split('.')[0]);
  assert.is((await app.testClient().post('/echo', { form: { csrf_token: token } })).status, 400);
});

Csrf('csrfToken() without a secret key says what to set', async () => {
  try {
    await makeApp().testClient().csrfToken();
    assert.unreachable('should throw');
  } catch (error) {
    assert.match((error as Error).message, 'secretKey');
  }
});

Cookies.run();
Requests.run();
Csrf.run();
Redirects.run();
Propagation.run();
Parity.run();
