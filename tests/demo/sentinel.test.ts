/**
 * The topology test's Sentinel variant: nginx in front of two demo processes whose sessions live on
 * a Redis master watched by three Sentinels, with one replica (`REDIS_SENTINELS`,
 * `REDIS_SENTINEL_NAME`, `REDIS_REPLICAS=1`). The master is killed right after a login; the login
 * opens /profile once the Sentinels have promoted the replica, with nothing but 503s meanwhile.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type DemoProcess,
  get,
  login,
  mainContent,
  profile,
  profileAfterOutage,
  startDemo,
} from '../helpers/demo.ts';
import { type Nginx, startNginx } from '../helpers/nginx.ts';
import { redisCommand } from '../helpers/redis-admin.ts';
import { type RedisSentinels, SENTINEL_NAME, startSentinels } from '../helpers/redis-sentinel.ts';
import { withTools } from '../helpers/tools.ts';

const Sentinel = suite('nginx, two demo instances, Redis behind Sentinel');

if (withTools(Sentinel, ['redis-server', 'nginx'])) {
  let redis: RedisSentinels;
  let instances: DemoProcess[] = [];
  let nginx: Nginx;

  Sentinel.before(async () => {
    redis = await startSentinels();
    const env = {
      SECRET_KEY: 'sentinel test secret',
      SESSION_BACKEND: 'redis',
      REDIS_URL: '',
      REDIS_SENTINELS: redis.addresses,
      REDIS_SENTINEL_NAME: SENTINEL_NAME,
      REDIS_REPLICAS: '1',
      PROXY_FIX: '1',
    };
    instances = await Promise.all([startDemo(env), startDemo(env)]);
    nginx = await startNginx(instances.map((instance) => instance.port));
  });

  Sentinel.after(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.stop();
  });

  Sentinel('a login through nginx holds on both instances and is on the replica', async () => {
    const cookie = await login(nginx.url, 'Ада');
    const upstreams = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const answer = await get(`${nginx.url}/profile`, { cookie });
      assert.is(mainContent(answer.text), 'Привет, Ада!');
      upstreams.add(answer.upstream);
    }
    assert.is(upstreams.size, 2, 'both instances answered');
    const key = `phial:session:${cookie.slice('session='.length, cookie.lastIndexOf('.'))}`;
    assert.is(await redisCommand(redis.replica.port, ['EXISTS', key]), 1);
  });

  Sentinel('the master is killed: the login opens /profile once the replica is promoted', async () => {
    const cookie = await login(nginx.url, 'ada');
    await redis.master.kill(); // right after the login was acknowledged
    const after = await profileAfterOutage(nginx.url, cookie);
    assert.is(after.text, 'Привет, ada!');
    await redis.promoted(redis.replica);
    assert.is(await profile(nginx.url, cookie), 'Привет, ada!');
    // The new master has no replica left: WAIT times out, the login still succeeds, with a warning.
    const again = await login(nginx.url, 'grace');
    assert.is(await profile(nginx.url, again), 'Привет, grace!');
    const warned = instances.filter((instance) =>
      instance.output().includes('only 0 of 1 replica(s) acknowledged'),
    );
    assert.is(warned.length, 1, 'the instance that saved the login warned');
    for (const instance of instances) {
      assert.not.match(instance.output(), 'Exception on', 'no request was logged as a crash');
    }
  });
}

Sentinel.run();
