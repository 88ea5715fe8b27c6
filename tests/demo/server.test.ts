/**
 * `npm start` as a user runs it: real demo processes configured from the environment. Two of them
 * with one SECRET_KEY share a login, through the signed cookie or through Redis.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mainContent } from '../helpers/demo.ts';
import { startProcess } from '../helpers/process.ts';
import { type RedisServer, startRedis, withRedis } from '../helpers/redis.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface DemoProcess {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

/** Starts `tsx demo/server.ts` with `env` and resolves when it prints where it listens. */
async function startDemo(env: Record<string, string>): Promise<DemoProcess> {
  const port = await freePort();
  const demo = startProcess(['--import', 'tsx', 'demo/server.ts'], {
    cwd: ROOT,
    env: { HOST: '127.0.0.1', PORT: String(port), ...env },
  });
  try {
    await demo.waitFor(/Running on/, 'the demo to listen');
  } catch (error) {
    demo.kill();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: demo.output,
    async stop() {
      await demo.stop();
    },
  };
}

async function login(base: string, username: string): Promise<string> {
  const response = await request(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username }).toString(),
  });
  await response.body.dump();
  assert.is(response.statusCode, 302);
  const setCookie = [response.headers['set-cookie']].flat().find((value) => value?.startsWith('session='));
  assert.ok(setCookie, 'login sets the session cookie');
  return setCookie!.split(';')[0]!;
}

/** What /profile says, in the `<main>` of the demo's layout. */
async function profile(base: string, cookie: string): Promise<string> {
  const response = await request(`${base}/profile`, { headers: { cookie } });
  return mainContent(await response.body.text());
}

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
