import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { RequestContext } from '../lib/context.ts';
import { Request } from '../lib/http/request.ts';

const Context = suite('RequestContext');

Context('blueprint comes from the endpoint', () => {
  const ctx = new RequestContext(new App(), new Request({ method: 'GET', url: '/' }), {});
  assert.is(ctx.blueprint, null);
  ctx.endpoint = 'index';
  assert.is(ctx.blueprint, null);
  ctx.endpoint = 'admin.users';
  assert.is(ctx.blueprint, 'admin');
});

Context('g is an empty object without a prototype, fresh per context', () => {
  const app = new App();
  const a = new RequestContext(app, new Request({ method: 'GET', url: '/' }), {});
  const b = new RequestContext(app, new Request({ method: 'GET', url: '/' }), {});
  a.g.user = 'ada';
  assert.is(b.g.user, undefined);
  assert.is(Object.getPrototypeOf(a.g), null);
});

Context('session before the pipeline opened it is a clear error', () => {
  const ctx = new RequestContext(new App(), new Request({ method: 'GET', url: '/' }), {});
  assert.throws(() => ctx.session, /not open yet/);
});

Context('urlFor survives destructuring and builds from the request host', async () => {
  const app = new App();
  app.get('/user/<int:id>')(function user({ urlFor }) {
    return urlFor('user', { id: 7, _external: true });
  });
  const response = await app.testClient().get('/user/1', { headers: { host: 'phial.test:8080' } });
  assert.is(response.text, 'http://phial.test:8080/user/7');
});

Context('csrfToken: one token per request, bound to the session, safe to destructure', async () => {
  const app = new App();
  app.secretKey = 'dev';
  app.get('/')(({ csrfToken, session }) => {
    const first = csrfToken();
    return [first, csrfToken(), session.get('csrf_token')].join(' ');
  });
  const [first, second, raw] = (await app.testClient().get('/')).text.split(' ');
  assert.is(first, second);
  assert.match(raw!, /^[0-9a-f]{40}$/);
  assert.is(Buffer.from(first!.split('.')[0]!, 'base64url').toString(), JSON.stringify(raw));
});

Context('csrfToken before the session is open is the same clear error', () => {
  const app = new App();
  app.secretKey = 'dev';
  const ctx = new RequestContext(app, new Request({ method: 'GET', url: '/' }), {});
  assert.throws(() => ctx.csrfToken(), /not open yet/);
});

Context.run();
