/**
 * CSRF protection as a stage of the pipeline (lib/csrf-stage.ts), through an app and its test
 * client: on by default, where it runs (after the session opens, before the hooks), what a refusal
 * does and does not do, exemptions, tokens, and what routing answers itself.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { Blueprint } from '../lib/blueprint.ts';
import { CsrfError } from '../lib/csrf/errors.ts';
import { abort } from '../lib/http/errors.ts';
import { escapeHtml } from '../lib/http/html.ts';
import { Request } from '../lib/http/request.ts';
import { proxyFix } from '../lib/server/proxy-fix.ts';
import { MemoryStore } from '../lib/sessions/memory-store.ts';
import { ServerSideSessionInterface } from '../lib/sessions/server-side.ts';
import { isPromise } from '../lib/utils/maybe-promise.ts';

interface Cart {
  items?: string[];
}

/** A cart app that records which stages ran. */
function cartApp(): { app: App<Cart>; calls: string[] } {
  const app = new App<Cart>();
  app.secretKey = 'stage test secret';
  app.logger = { info() {}, warn() {}, error() {} };
  const calls: string[] = [];
  app.beforeRequest(() => {
    calls.push('before');
  });
  app.afterRequest((response) => {
    calls.push('after');
    return response;
  });
  app.teardownRequest(() => calls.push('teardown'));
  app.route('/cart', { methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] })(({ request, session }) => {
    calls.push('view');
    if (request.method !== 'GET') session.set('items', [...(session.get('items') ?? []), 'tea']);
    return (session.get('items') ?? []).join(',') || 'empty';
  });
  app.route('/form', { methods: ['GET', 'POST'] })(({ request, csrfToken }) =>
    request.method === 'GET' ? csrfToken() : `posted ${request.form.get('item') ?? ''}`,
  );
  return { app, calls };
}

const Default = suite('CSRF stage: on by default');

Default('a same-origin or header-less post passes; a cross-site one is a 403 that says why', async () => {
  const { app } = cartApp();
  const client = app.testClient();
  assert.is((await client.post('/cart')).text, 'tea');
  assert.is((await client.post('/cart', { headers: { 'Sec-Fetch-Site': 'same-origin' } })).text, 'tea,tea');
  assert.is((await client.post('/cart', { headers: { Origin: 'http://localhost' } })).text, 'tea,tea,tea');
  const refused = await client.post('/cart', { crossSite: true });
  assert.is(refused.status, 403);
  assert.match(refused.text, 'Sec-Fetch-Site: cross-site');
  const byOrigin = await client.post('/cart', { headers: { Origin: 'https://evil.example' } });
  assert.is(byOrigin.status, 403);
  assert.match(byOrigin.text, 'Origin https://evil.example is not this site');
  assert.is((await client.get('/cart')).text, 'tea,tea,tea', 'the refused posts changed nothing');
});

Default('every unsafe method is checked; safe ones never are', async () => {
  const { app } = cartApp();
  const client = app.testClient();
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    assert.is((await client.open('/cart', { method, crossSite: true })).status, 403, method);
  }
  for (const method of ['GET', 'HEAD', 'OPTIONS']) {
    assert.is((await client.open('/cart', { method, crossSite: true })).status, 200, method);
  }
});

Default(
  'a refusal runs no before hook and no view, saves no session; after and teardown hooks run',
  async () => {
    const { app, calls } = cartApp();
    const client = app.testClient();
    await client.post('/cart');
    const cookie = client.getCookie('session')?.value;
    assert.ok(cookie);
    calls.length = 0;
    const refused = await client.post('/cart', { crossSite: true });
    assert.is(refused.status, 403);
    assert.equal(calls, ['after', 'teardown']);
    assert.is(refused.headers.getSetCookie().length, 0);
    assert.is(client.getCookie('session')?.value, cookie);
  },
);

Default(
  'a refusal saves no session even when the error handler writes to it, or a refresh is due',
  async () => {
    const store = new MemoryStore({ logger: { warn() {} } }); // its one-process warning is not this test's subject
    const { app } = cartApp();
    app.sessionInterface = new ServerSideSessionInterface({ store });
    app.errorHandler(403)((error, { session }) => {
      session.set('items', ['forged']);
      return [`styled: ${escapeHtml((error as CsrfError).description)}`, 403];
    });
    app.post('/deny')(() => abort(403));
    app.post('/permanent')(({ session }) => {
      session.permanent = true;
      session.set('items', ['kept']);
      return 'ok';
    });
    const client = app.testClient();
    await client.post('/permanent');
    const id = client.getCookie('session')?.value;
    const refused = await client.post('/cart', { crossSite: true });
    assert.match(refused.text, 'styled: Cross-site request refused');
    assert.is(refused.headers.getSetCookie().length, 0, 'no refresh of the permanent session either');
    assert.is((await client.get('/cart')).text, 'kept');
    // The same handler after a view's own 403 saves what it wrote, as Flask does.
    await client.post('/deny');
    assert.is((await client.get('/cart')).text, 'forged');
    assert.is(client.getCookie('session')?.value, id);
    await store.close();
  },
);

Default('errorHandler(403), errorHandler(400) and errorHandler(CsrfError) style the refusals', async () => {
  const { app } = cartApp();
  app.config.CSRF_TOKEN_REQUIRED = true;
  app.errorHandler(403)((error: CsrfError) => [`origin refused (${error.reason})`, 403]);
  app.errorHandler(400)((error: CsrfError) => [`token refused (${error.reason}): ${error.description}`, 400]);
  const client = app.testClient();
  assert.is((await client.post('/cart', { crossSite: true })).text, 'origin refused (sec-fetch-site)');
  assert.is((await client.post('/cart')).text, 'token refused (token-missing): The CSRF token is missing.');
  const byClass = cartApp().app;
  byClass.errorHandler(CsrfError)((error: CsrfError) => [`${error.layer} layer`, error.status]);
  const refused = await byClass.testClient().post('/cart', { headers: { Origin: 'null' } });
  assert.is(refused.status, 403);
  assert.is(refused.text, 'origin layer');
});

Default('CSRF_ENABLED = false turns both layers off', async () => {
  const { app } = cartApp();
  app.config.CSRF_ENABLED = false;
  app.config.CSRF_TOKEN_REQUIRED = true;
  assert.is((await app.testClient().post('/cart', { crossSite: true })).text, 'tea');
});

Default('what routing answers itself is not checked: 404, 405 and the slash redirect', async () => {
  const { app, calls } = cartApp();
  app.post('/folder/')(() => 'folder');
  const client = app.testClient();
  assert.is((await client.post('/nowhere', { crossSite: true })).status, 404);
  assert.is((await client.post('/folder', { crossSite: true })).status, 308);
  assert.is((await client.post('/folder/', { crossSite: true })).status, 403, 'its target is checked');
  app.get('/read-only')(() => 'read');
  assert.is((await client.post('/read-only', { crossSite: true })).status, 405);
  assert.not.ok(calls.includes('view'));
});

Default('trusted origins pass, through the config', async () => {
  const { app } = cartApp();
  app.config.CSRF_TRUSTED_ORIGINS = ['https://admin.example'];
  const client = app.testClient();
  assert.is((await client.post('/cart', { crossSite: 'https://admin.example' })).status, 200);
  assert.is((await client.post('/cart', { crossSite: 'https://other.example' })).status, 403);
  app.config.CSRF_TRUSTED_ORIGINS = ['https://admin.example/'];
  const misconfigured = await client.post('/cart');
  assert.is(misconfigured.status, 500, 'a bad setting is an error, never a silent pass');
});

Default('a synchronous view stays synchronous through the stage', () => {
  const { app } = cartApp();
  const post = (headers: Record<string, string>) =>
    app.handle(new Request({ method: 'POST', url: '/cart', headers: { Host: 'localhost', ...headers } }));
  const passed = post({ 'Sec-Fetch-Site': 'same-origin' });
  assert.not.ok(isPromise(passed));
  const refused = post({ 'Sec-Fetch-Site': 'cross-site' });
  assert.not.ok(isPromise(refused));
  if (!isPromise(refused)) assert.is(refused.status, 403);
});

Default('behind a proxy the origin is the one proxyFix restores', async () => {
  const { app } = cartApp();
  const client = app.testClient();
  const viaProxy = {
    Host: 'app:8000',
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'shop.example',
    Origin: 'https://shop.example',
  };
  assert.is(
    (await client.post('/cart', { headers: viaProxy })).status,
    403,
    'without proxyFix: http://app:8000',
  );
  proxyFix(app, { xProto: 1, xHost: 1 });
  assert.is((await client.post('/cart', { headers: viaProxy })).status, 200);
  assert.is(
    (await client.post('/cart', { headers: { ...viaProxy, Origin: 'http://shop.example' } })).status,
    403,
    'the scheme counts',
  );
});

const Exempt = suite('CSRF stage: csrfExempt');

Exempt('a view function, an endpoint name or a blueprint is exempt; others are not', async () => {
  const { app } = cartApp();
  app.csrfExempt(
    app.post('/webhook')(function webhook() {
      return 'hooked';
    }),
  );
  app.post('/named')(function named() {
    return 'named';
  });
  app.csrfExempt('named');
  const api = new Blueprint('api', { urlPrefix: '/api' });
  api.post('/items')(function items() {
    return 'api';
  });
  app.registerBlueprint(api);
  app.csrfExempt(api);
  const shared = () => 'shared';
  app.post('/shared-a', { endpoint: 'a' })(shared);
  app.post('/shared-b', { endpoint: 'b' })(shared);
  app.csrfExempt(shared);
  app.config.CSRF_TOKEN_REQUIRED = true;
  const client = app.testClient();
  for (const [path, text] of [
    ['/webhook', 'hooked'],
    ['/named', 'named'],
    ['/api/items', 'api'],
    ['/shared-a', 'shared'],
    ['/shared-b', 'shared'],
  ]) {
    const response = await client.post(path!, { crossSite: true });
    assert.is(response.status, 200, path);
    assert.is(response.text, text);
  }
  assert.is((await client.post('/cart', { crossSite: true })).status, 403);
  assert.is((await client.post('/cart')).status, 400, 'the token is still required elsewhere');
});

Exempt('works as a method decorator, and refuses anything else', async () => {
  const { app } = cartApp();
  class Hooks {
    @app.csrfExempt
    @app.post('/incoming')
    incoming() {
      return 'in';
    }
  }
  assert.ok(new Hooks());
  assert.is((await app.testClient().post('/incoming', { crossSite: true })).text, 'in');
  assert.throws(() => app.csrfExempt(42 as never), /view function, an endpoint name or a Blueprint/);
});

const Tokens = suite('CSRF stage: tokens');

Tokens(
  'CSRF_TOKEN_REQUIRED: the form field or a header carries the token; a wrong one is a 400',
  async () => {
    const { app } = cartApp();
    app.config.CSRF_TOKEN_REQUIRED = true;
    const client = app.testClient();
    const token = (await client.get('/form')).text;
    assert.is((await client.post('/form', { form: { csrf_token: token, item: 'tea' } })).text, 'posted tea');
    assert.is((await client.post('/form', { headers: { 'X-CSRFToken': token } })).status, 200);
    assert.is((await client.post('/form', { headers: { 'X-CSRF-Token': token } })).status, 200);
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'The CSRF token is missing.'],
      [{ csrf_token: `${token}x` }, 'The CSRF token is invalid.'],
      [{ csrf_token: (await app.testClient().get('/form')).text }, 'The CSRF tokens do not match.'],
    ];
    for (const [form, message] of cases) {
      const refused = await client.post('/form', { form });
      assert.is(refused.status, 400);
      assert.match(refused.text, message);
    }
  },
);

Tokens('an expired token is refused with its own message', async () => {
  const { app } = cartApp();
  app.config.CSRF_TOKEN_REQUIRED = true;
  const client = app.testClient();
  const token = await client.csrfToken();
  const tokens = app.csrfSettings().tokens!;
  let expired = '';
  await client.sessionTransaction((session) => {
    expired = tokens.generate(session, Math.floor(Date.now() / 1000) - 3601);
  });
  const refused = await client.post('/form', { form: { csrf_token: expired } });
  assert.is(refused.status, 400);
  assert.match(refused.text, 'The CSRF token has expired.');
  assert.is((await client.post('/form', { form: { csrf_token: token } })).status, 200);
});

Tokens('a token in a multipart form is read once the form is parsed', async () => {
  const { app } = cartApp();
  app.config.CSRF_TOKEN_REQUIRED = true;
  const client = app.testClient();
  const token = await client.csrfToken();
  const upload = { filename: 'a.txt', content: 'hello' };
  const posted = await client.post('/form', {
    form: { csrf_token: token, item: 'mug' },
    files: { f: upload },
  });
  assert.is(posted.text, 'posted mug');
  assert.is((await client.post('/form', { form: { item: 'mug' }, files: { f: upload } })).status, 400);
});

Tokens('ctx.csrfToken(): one token per request, kept in the session, destructurable', async () => {
  const { app } = cartApp();
  app.get('/twice')(({ csrfToken }) => `${csrfToken()} ${csrfToken()}`);
  const client = app.testClient();
  const [a, b] = (await client.get('/twice')).text.split(' ');
  assert.is(a, b);
  assert.ok(client.getCookie('session'), 'the new session value is saved');
  const [c] = (await client.get('/twice')).text.split(' ');
  assert.is(c!.split('.')[0], a!.split('.')[0], 'the same session value, signed again');
});

Tokens(
  'templates: {{ csrf_token() }} is the request token; a page that never calls it stores none',
  async () => {
    const { app } = cartApp();
    app.config.CSRF_TOKEN_REQUIRED = true;
    app.get('/template')(({ renderString, csrfToken }) =>
      renderString('<input name="csrf_token" value="{{ csrf_token() }}">|{{ direct }}', {
        direct: csrfToken(),
      }),
    );
    app.get('/plain')(({ renderString }) => renderString('<p>{{ request.path }}</p>'));
    const client = app.testClient();
    assert.is((await client.get('/plain')).text, '<p>/plain</p>');
    assert.is(client.getCookie('session'), undefined, 'no token, no session');
    const [field, direct] = (await client.get('/template')).text.split('|');
    const token = /value="([^"]+)"/.exec(field!)?.[1];
    assert.is(token, direct, 'one token per request, in the template and the view');
    assert.is((await client.post('/form', { form: { csrf_token: token! } })).status, 200);
  },
);

Tokens('csrfToken() without a secret key is an error that says what to set', async () => {
  const app = new App();
  app.logger = { info() {}, warn() {}, error() {} };
  app.get('/')(({ csrfToken }) => csrfToken());
  const response = await app.testClient().get('/');
  assert.is(response.status, 500);
  app.testing = true;
  try {
    await app.testClient().get('/');
    assert.unreachable('should throw');
  } catch (error) {
    assert.match((error as Error).message, 'set app.secretKey');
  }
});

Default.run();
Exempt.run();
Tokens.run();
