/**
 * Tests for lib/cli/launch-app.ts, in this process: a module that serves its app itself gets the
 * command's settings; under `routes` it hands the app over and serves nothing.
 */
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { launchApp } from '../../lib/cli/launch-app.ts';
import { takeLaunch } from '../../lib/launch.ts';
import type { Server } from '../../lib/server/serve.ts';
import { guard } from '../helpers/live.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = 'tests/fixtures/load-app';

const Launch = suite('launchApp');

Launch('run: the module serves its app with the command settings over its own', async () => {
  const { app, served } = await launchApp(
    `${FIXTURES}/runs-itself.ts`,
    'run',
    { port: 0, host: '127.0.0.1', log: false, handleSignals: false },
    ROOT,
  );
  const { server } = (await import('../fixtures/load-app/runs-itself.ts')) as { server: Server };
  try {
    assert.ok(served);
    assert.is(server.host, '127.0.0.1');
    assert.ok(server.port > 1);
    assert.is(await (await fetch(server.url)).text(), 'runs itself');
    assert.is((await app.testClient().get('/')).text, 'runs itself', 'the app handed over is the one served');
  } finally {
    await server.close();
  }
  assert.is(takeLaunch(), undefined, 'the offer is gone');
});

Launch(
  'routes: a module awaiting app.run() hands its app over, and the command does not wait for it',
  async () => {
    const launched = await guard(launchApp(`${FIXTURES}/routes-itself.ts`, 'routes', {}, ROOT), 'the app');
    assert.not.ok(launched.served);
    assert.equal(launched.app.urlMap.endpoints(), ['listed']);
    assert.is(takeLaunch(), undefined);
  },
);

Launch('a module that runs nothing: its exported app, not served, and the offer withdrawn', async () => {
  const launched = await launchApp(`${FIXTURES}/default-export.ts`, 'run', { port: 0 }, ROOT);
  assert.not.ok(launched.served);
  assert.is((await launched.app.testClient().get('/')).text, 'default');
  assert.is(takeLaunch(), undefined);
});

Launch('a module with no app and no app.run(): the error says both ways', async () => {
  try {
    await launchApp(`${FIXTURES}/none.ts`, 'run', {}, ROOT);
    assert.unreachable('none.ts has no app');
  } catch (error) {
    assert.match((error as Error).message, /Could not find a Phial app in .*none\.ts/);
    assert.match((error as Error).message, /or call app\.run\(\) in it at the top level/);
  }
  assert.is(takeLaunch(), undefined);
});

Launch.run();
