import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { App } from '../../lib/app.ts';
import { loadApp, NoAppError, parseAppSpec } from '../../lib/cli/load-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = 'tests/fixtures/load-app';

async function body(app: App<any>, path: string): Promise<string> {
  return (await app.testClient().get(path)).text;
}

async function failure(spec: string): Promise<Error> {
  return loadApp(spec, ROOT).then(
    () => {
      throw new Error(`${spec} loaded`);
    },
    (error: Error) => error,
  );
}

const Spec = suite('parseAppSpec');

Spec('a path with an optional export name after the last colon', () => {
  assert.equal(parseAppSpec('demo/app.ts:createDemoApp'), { path: 'demo/app.ts', name: 'createDemoApp' });
  assert.equal(parseAppSpec('app.ts'), { path: 'app.ts', name: null });
  assert.equal(parseAppSpec('C:\\site\\app.ts'), { path: 'C:\\site\\app.ts', name: null });
  assert.equal(parseAppSpec('odd:dir/app.ts:$app'), { path: 'odd:dir/app.ts', name: '$app' });
  assert.equal(parseAppSpec('app.ts:create()'), { path: 'app.ts:create()', name: null });
});

Spec.run();

const Load = suite('loadApp');

Load('an `app` export', async () => {
  const app = await loadApp('tests/fixtures/routes-app.ts', ROOT);
  assert.match(await body(app, '/'), /^Hello from/);
});

Load('the default export', async () => {
  assert.is(await body(await loadApp(`${FIXTURES}/default-export.ts`, ROOT), '/'), 'default');
});

Load('a createApp factory is called', async () => {
  assert.is(await body(await loadApp(`${FIXTURES}/factory.ts`, ROOT), '/'), 'factory');
});

Load('the only create…App export, async, is called', async () => {
  assert.is(await body(await loadApp(`${FIXTURES}/named-factory.ts`, ROOT), '/shop'), 'shop');
});

Load('the demo: createDemoApp, found or named', async () => {
  for (const spec of ['demo/app.ts', 'demo/app.ts:createDemoApp']) {
    const app = await loadApp(spec, ROOT);
    assert.ok(app.urlMap.endpoints().includes('login'), spec);
  }
});

Load('a named app among several', async () => {
  const app = await loadApp(`${FIXTURES}/several.ts:site`, ROOT);
  assert.is(app, (await import('../fixtures/load-app/several.ts')).site);
});

Load('several apps and no name: NoAppError says how to name one', async () => {
  const error = await failure(`${FIXTURES}/several.ts`);
  assert.instance(error, NoAppError);
  assert.match(error.message, /exports several apps \(api, site\); name one: .*several\.ts:api/);
});

Load('no app: NoAppError says what to export', async () => {
  const error = await failure(`${FIXTURES}/none.ts`);
  assert.instance(error, NoAppError);
  assert.match(error.message, /Could not find a Phial app in .*none\.ts/);
  assert.match(error.message, /export function createApp/);
});

Load('a missing export, a missing file, a factory that returns no app', async () => {
  assert.match(
    (await failure(`${FIXTURES}/factory.ts:nope`)).message,
    /no export named 'nope' \(its exports: createApp\)/,
  );
  assert.match((await failure(`${FIXTURES}/absent.ts`)).message, /No such file/);
  assert.match(
    (await failure(`${FIXTURES}/bad-factory.ts`)).message,
    /createApp\(\) did not return a Phial App \(got Object\)/,
  );
  assert.match(
    (await failure(`${FIXTURES}/default-export.ts:VERSION`)).message,
    /neither a Phial App nor a function/,
  );
});

Load.run();
