import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import type { Response } from '../lib/http/response.ts';
import { endpointFromView } from '../lib/scaffold.ts';

const Endpoints = suite('endpointFromView');

Endpoints("a function's own name wins", () => {
  assert.is(
    endpointFromView(function login() {}, '/login'),
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
});

const Registration = suite('Scaffold registration');

Registration('hooks return the function, so they work as decorators', () => {
  const app = new App();
  const hook = () => undefined;
  assert.is(app.beforeRequest(hook), hook);
  assert.is(
    app.afterRequest((response: Response) => response),
    app.afterRequestHooks[0],
  );
  const handler = () => 'x';
  assert.is(app.errorHandler(404)(handler), handler);
});

Registration('errorHandler refuses a code that is not an error status', () => {
  const app = new App();
  assert.throws(() => app.errorHandler(200), /integer from 400 to 599/);
  assert.throws(() => app.errorHandler(404.5), /integer from 400 to 599/);
});

Registration('route refuses something that is not a function', () => {
  const app = new App();
  assert.throws(() => app.route('/x')('not a view' as never), /expects a view function/);
});

Endpoints.run();
Registration.run();

const Decorators = suite('hooks as method decorators');

Decorators('@app.beforeRequest, @app.afterRequest and @app.teardownRequest register the method', async () => {
  const app = new App();
  const calls: string[] = [];
  class Hooks {
    @app.beforeRequest
    before() {
      calls.push('before');
    }

    @app.afterRequest
    after(response: Response) {
      calls.push('after');
      return response;
    }

    @app.teardownRequest
    teardown() {
      calls.push('teardown');
    }
  }
  assert.ok(new Hooks());
  app.get('/')(() => 'ok');
  await app.testClient().get('/');
  assert.equal(calls, ['before', 'after', 'teardown']);
});

Decorators.run();
