/**
 * `npm start` as a user runs it: real demo processes configured from the environment. Two of them
 * with one SECRET_KEY share a login, through the signed cookie or through Redis.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { login, profile, startDemo } from '../helpers/demo.ts';
import { type RedisServer, startRedis, withRedis } from '../helpers/redis.ts';

const Processes = suite('demo processes');

Processes('SESSION_BACKEND=cookie: two processes with one SECRET_KEY share a login', async () => {
  const env = { SECRET_KEY: 'shared demo secret', SESSION_BACKEND: 'cookie' };
  const [a, b] = await Promise.all([startDemo(env), startDemo(env)]);
  try {
    const cookie = await login(a.url, 'Ада');
    assert.is(await profile(b.url, cookie), 'Привет, Ада!');
    assert.not.match(a.output(), 'SECRET_KEY is not set');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

Processes('a different SECRET_KEY does not open the login', async () => {
  const [a, b] = await Promise.all([
    startDemo({ SECRET_KEY: 'one secret', SESSION_BACKEND: 'cookie' }),
    startDemo({ SECRET_KEY: 'another secret', SESSION_BACKEND: 'cookie' }),
  ]);
  try {
    const cookie = await login(a.url, 'ada');
    assert.match(await profile(b.url, cookie), 'Вы не авторизованы');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

Processes('without SECRET_KEY the demo warns and still works', async () => {
  const demo = await startDemo({ SECRET_KEY: '', SESSION_BACKEND: '' });
  try {
    assert.match(demo.output(), 'SECRET_KEY is not set');
    const cookie = await login(demo.url, 'ada');
    assert.is(await profile(demo.url, cookie), 'Привет, ada!');
  } finally {
    await demo.stop();
  }
});

Processes('SESSION_BACKEND=encrypted and memory log in within one process', async () => {
  for (const backend of ['encrypted', 'memory']) {
    const demo = await startDemo({ SECRET_KEY: 'secret', SESSION_BACKEND: backend });
    try {
      const cookie = await login(demo.url, backend);
      assert.is(await profile(demo.url, cookie), `Привет, ${backend}!`, backend);
    } finally {
      await demo.stop();
    }
  }
});

const WithRedis = suite('demo processes sharing Redis');

if (withRedis(WithRedis)) {
  let redis: RedisServer;

  WithRedis.before(async () => {
    redis = await startRedis();
  });

  WithRedis.after(async () => {
    await redis.stop();
  });

  WithRedis('SESSION_BACKEND=redis: two processes share a login kept in Redis', async () => {
    const env = { SECRET_KEY: 'shared demo secret', SESSION_BACKEND: 'redis', REDIS_URL: redis.url };
    const [a, b] = await Promise.all([startDemo(env), startDemo(env)]);
    try {
      const cookie = await login(a.url, 'grace');
      assert.ok(cookie.length < 120, 'the cookie holds an id, not the data');
      assert.is(await profile(b.url, cookie), 'Привет, grace!');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
}

Processes.run();
WithRedis.run();
