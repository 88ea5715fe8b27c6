/**
 * The demo's configuration from the environment (demo/config.ts, demo/redis.ts): which Redis client
 * each topology gets, and the clear errors for settings that cannot work. Nothing here connects;
 * tests/demo/server.test.ts and topology.test.ts run the demo against real servers.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoOptions } from '../../demo/config.ts';
import { redisFromEnv } from '../../demo/redis.ts';

const Config = suite('demo configuration');

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const quiet = () => {};

Config('REDIS_URL: one URL is a server, a comma-separated list a cluster', async () => {
  const server = await redisFromEnv({ REDIS_URL: 'redis://10.0.0.1:6379' });
  const cluster = await redisFromEnv({ REDIS_URL: 'redis://10.0.0.1:7000, redis://10.0.0.2:7000,' });
  const sentinel = await redisFromEnv({
    REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379',
    REDIS_SENTINEL_NAME: 'm',
  });
  assert.equal([server.kind, cluster.kind, sentinel.kind], ['server', 'cluster', 'sentinel']);
  assert.is((await redisFromEnv({})).kind, 'server', 'the default is one local server');
});

Config('settings that cannot work are refused with what to set', async () => {
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ REDIS_SENTINELS: '10.0.0.1:26379' }, /REDIS_SENTINELS needs REDIS_SENTINEL_NAME/],
    [{ REDIS_SENTINELS: '10.0.0.1', REDIS_SENTINEL_NAME: 'm' }, /'10.0.0.1' is not host:port/],
    [{ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_URL: 'redis://b' }, /not both/],
  ];
  for (const [env, message] of cases) assert.match((await rejection(redisFromEnv(env))).message, message);
  const options = (env: NodeJS.ProcessEnv) => demoOptions({ SECRET_KEY: 's', ...env }, quiet);
  assert.match((await rejection(options({ PROXY_FIX: 'yes' }))).message, /PROXY_FIX must be 1/);
  const replicas = options({ SESSION_BACKEND: 'redis', REDIS_REPLICAS: 'one' });
  assert.match((await rejection(replicas)).message, /REDIS_REPLICAS must be a whole number/);
});

Config('PROXY_FIX=1 trusts one proxy for X-Forwarded-For, -Proto and -Host', async () => {
  assert.equal((await demoOptions({ SECRET_KEY: 's', PROXY_FIX: '1' }, quiet)).options.proxyFix, {
    xFor: 1,
    xProto: 1,
    xHost: 1,
  });
  assert.is((await demoOptions({ SECRET_KEY: 's' }, quiet)).options.proxyFix, undefined);
});

Config.run();
