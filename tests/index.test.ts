import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as phial from '../lib/index.ts';

const Surface = suite('public surface');

Surface('the names code outside the project relies on are exported', () => {
  const names = [
    'App',
    'Blueprint',
    'makeResponse',
    'redirect',
    'abort',
    'HttpError',
    'Response',
    'jsonify',
    'escapeHtml',
    'flash',
    'getFlashedMessages',
    'TestClient',
    'Session',
    'SecureCookieSessionInterface',
    'EncryptedCookieSessionInterface',
    'ServerSideSessionInterface',
    'MemoryStore',
    'RedisStore',
    'parseCookie',
    'serializeCookie',
    'CsrfError',
    'generateCsrfToken',
  ];
  for (const name of names) assert.ok(name in phial, `${name} is exported`);
});

Surface('importing Phial does not load the redis package (a peer dependency)', () => {
  // A child process whose module resolution refuses `redis`: importing Phial must still work.
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === 'redis' || specifier.startsWith('@redis/')) throw new Error('redis was imported');
    return next(specifier, context);
  }`;
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    const phial = await import(${JSON.stringify(new URL('../lib/index.ts', import.meta.url).href)});
    console.log(typeof phial.App);
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.is(result.stderr, '');
  assert.is(result.stdout.trim(), 'function');
  // The same child importing `redis` itself fails: the hook does refuse it.
  const control = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script.replace(/await import\([^)]*\)/, "await import('redis')"),
    ],
    { encoding: 'utf8' },
  );
  assert.is.not(control.status, 0);
  assert.match(control.stderr, 'redis was imported');
});

Surface.run();
