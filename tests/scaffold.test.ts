import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { Blueprint } from '../lib/blueprint.ts';
import type { Response } from '../lib/http/response.ts';

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

Registration(
  'a view passed Express-style is an error that shows the decorator form, and registers nothing',
  () => {
    const app = new App();
    function index() {
      return 'Home';
    }
    const cases: Array<[() => unknown, string]> = [
      [() => app.get('/', index as never), "app.get('/')(index)"],
      [() => app.post('/items', (() => 'x') as never), "app.post('/items')(view)"],
      [() => app.route('/', index as never), "app.route('/')(index)"],
      [() => app.delete('/x', index as never), "app.delete('/x')(index)"],
    ];
    for (const [register, form] of cases) {
      assert.throws(
        register,
        (error: Error) => error instanceof TypeError && error.message.includes(form),
        form,
      );
    }
    assert.is(app.urlMap.rules().length, 0, 'nothing was registered');
    assert.is(app.viewFunctions.size, 0);
  },
);

Registration('options that are not an object are refused', () => {
  const app = new App();
  assert.throws(
    () => app.get('/', 'index' as never),
    /app\.get\('\/'\): the second argument must be an options object/,
  );
  assert.throws(() => app.put('/', null as never), /must be an options object/);
  assert.throws(() => app.patch('/', ['GET'] as never), /must be an options object/);
});

Registration("a blueprint's message names the blueprint", () => {
  const admin = new Blueprint('admin');
  assert.throws(() => admin.get('/', function dashboard() {} as never), /admin\.get\('\/'\)\(dashboard\)/);
  assert.is(admin.routes.length, 0);
});

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
