/**
 * `npm run instance-kill`: what a crashed app instance costs behind nginx. nginx (as docs/deploying.md
 * configures it) in front of two demo processes sharing sessions in one private redis-server; a few
 * connections send GET /profile for logged-in users and, one request in ten, a new login. One second
 * in, one instance is killed (SIGKILL); half a second later it is started again on the same port.
 * The run ends once nginx has sent it requests again for a second. Not part of `npm test` (the
 * topology test asserts the bound: tests/demo/topology.test.ts).
 *
 * Per run: the answers by status, how many requests nginx passed on to the other instance after the
 * first failed (`X-Upstream` names two), and the times from the kill until the restarted instance
 * listened and until nginx passed it a request again. Options: `--runs N` (5), `--connections N` (8).
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { type DemoProcess, login, startDemo } from '../tests/helpers/demo.ts';
import { startNginx } from '../tests/helpers/nginx.ts';
import { startRedis } from '../tests/helpers/redis.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' } },
});
const RUNS = Number(values.runs);
const CONNECTIONS = Number(values.connections);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  statuses: Map<number, number>;
  retried: number;
  listeningMs: number;
  backMs: number;
}

async function run(): Promise<Figures> {
  const redis = await startRedis();
  const env = {
    SECRET_KEY: 'instance bench',
    SESSION_BACKEND: 'redis',
    REDIS_URL: redis.url,
    PROXY_FIX: '1',
  };
  const instances: DemoProcess[] = await Promise.all([startDemo(env), startDemo(env)]);
  const nginx = await startNginx(instances.map((instance) => instance.port));
  const pool = new Pool(nginx.url, { connections: CONNECTIONS });
  const victim = instances[0]!;
  const victimAddress = `127.0.0.1:${victim.port}`;
  const figures: Figures = { statuses: new Map(), retried: 0, listeningMs: Number.NaN, backMs: Number.NaN };
  try {
    const cookie = await login(nginx.url, 'ada');
    let killedAt = Number.POSITIVE_INFINITY;
    let backAt = Number.POSITIVE_INFINITY;
    let restarted = false;
    let running = true;
    let next = 0;
    const request = async (): Promise<void> => {
      const isLogin = next++ % 10 === 9;
      const response = await pool.request(
        isLogin
          ? {
              method: 'POST',
              path: '/login',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: 'username=grace',
            }
          : { method: 'GET', path: '/profile', headers: { cookie } },
      );
      await response.body.dump();
      const now = performance.now();
      if (now < killedAt) return;
      const upstream = String(response.headers['x-upstream'] ?? '');
      figures.statuses.set(response.statusCode, (figures.statuses.get(response.statusCode) ?? 0) + 1);
      if (upstream.includes(', ')) figures.retried++;
      if (upstream === victimAddress && restarted && now < backAt) backAt = now;
    };
    const workers = Array.from({ length: CONNECTIONS }, async () => {
      while (running) await request();
    });
    await sleep(1000);
    killedAt = performance.now();
    await victim.kill();
    await sleep(500);
    await victim.start();
    restarted = true;
    figures.listeningMs = performance.now() - killedAt;
    while (performance.now() < backAt + 1000) await sleep(100);
    running = false;
    await Promise.all(workers);
    figures.backMs = backAt - killedAt;
    return figures;
  } finally {
    await pool.close();
    await nginx.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis.stop();
  }
}

console.log(`instance-kill: 2 instances behind nginx, ${CONNECTIONS} connections, ${RUNS} runs`);
let failed = 0;
let total = 0;
for (let n = 1; n <= RUNS; n++) {
  const figures = await run();
  const counts = [...figures.statuses].sort(([a], [b]) => a - b);
  const runTotal = counts.reduce((sum, [, count]) => sum + count, 0);
  const runFailed = counts.filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  total += runTotal;
  failed += runFailed;
  console.log(
    `run ${n}: ${runTotal} requests after the kill, by status ${counts.map(([s, c]) => `${s}: ${c}`).join(', ')}; ` +
      `${figures.retried} passed on to the other instance; the killed one listened again ${Math.round(figures.listeningMs)} ms ` +
      `after the kill and answered through nginx from ${Math.round(figures.backMs)} ms`,
  );
}
console.log(`summary: ${failed} of ${total} requests failed (5xx)`);
