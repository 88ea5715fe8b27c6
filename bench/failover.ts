/**
 * `npm run failover`: measures what a Redis failover costs the demo deployed as docs/deploying.md
 * describes: nginx in front of two demo processes, sessions in a Redis Cluster (three masters,
 * three replicas) or on a master watched by three Sentinels. Not part of `npm test`; it uses the
 * same private servers as the topology tests (tests/helpers/), on loopback.
 *
 * Each run starts the whole topology afresh, logs in a few dozen users, then sends GET /profile for
 * them (and, one request in ten, a new login) from several connections through nginx. One second
 * in, it kills (SIGKILL) the master holding the first user's session, and keeps going until that
 * session has been served again for a second. Then it checks that every login that was answered
 * with a redirect still opens /profile.
 *
 * Per run: when the replica said it was a master; from when requests for the failed master's
 * sessions all succeeded again (the start of the first request after the last failed one); the
 * answers after the kill (200, 503, anything else) for those sessions, for the others and for new
 * logins; and how many acknowledged logins were lost.
 *
 * Options: `--topology cluster|sentinel` (default cluster), `--runs N` (5), `--replicas 0|1`
 * (REDIS_REPLICAS, default 1), `--connections N` (8). Prints one line per run and a summary.
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { type DemoProcess, login, profileAfterOutage, startDemo } from '../tests/helpers/demo.ts';
import { type Nginx, startNginx } from '../tests/helpers/nginx.ts';
import { redisInfo, waitFor } from '../tests/helpers/redis-admin.ts';
import { type RedisCluster, startCluster } from '../tests/helpers/redis-cluster.ts';
import { type RedisSentinels, SENTINEL_NAME, startSentinels } from '../tests/helpers/redis-sentinel.ts';

const { values } = parseArgs({
  options: {
    topology: { type: 'string', default: 'cluster' },
    runs: { type: 'string', default: '5' },
    replicas: { type: 'string', default: '1' },
    connections: { type: 'string', default: '8' },
  },
});
const TOPOLOGY = values.topology === 'sentinel' ? 'sentinel' : 'cluster';
const RUNS = Number(values.runs);
const REPLICAS = values.replicas!;
const CONNECTIONS = Number(values.connections);
const USERS = 24;

/** One topology, started and ready: where to send requests, and how to fail its master. */
interface Deployment {
  nginx: Nginx;
  /** The port of the master holding `key`. */
  masterOf(key: string): Promise<number>;
  /** Kills the master on `port`: when, and a promise of how long its replica took to take over. */
  failMaster(port: number): Promise<{ killedAt: number; promotedMs: Promise<number> }>;
  stop(): Promise<void>;
}

interface Figures {
  promotedMs: number;
  /** From the kill to the start of the first request after which every request to the failed master succeeded. */
  restoredMs: number;
  affected: Counts;
  unaffected: Counts;
  logins: Counts;
  acknowledged: number;
  lost: number;
}

interface Counts {
  ok: number;
  unavailable: number;
  other: number;
}

const counts = (): Counts => ({ ok: 0, unavailable: 0, other: 0 });
const sessionKey = (cookie: string) =>
  `phial:session:${cookie.slice('session='.length, cookie.lastIndexOf('.'))}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deploy(): Promise<Deployment> {
  const common = {
    SECRET_KEY: 'failover bench',
    SESSION_BACKEND: 'redis',
    REDIS_REPLICAS: REPLICAS,
    PROXY_FIX: '1',
  };
  if (TOPOLOGY === 'cluster') {
    const cluster = await startCluster();
    return withInstances({ ...common, REDIS_URL: cluster.urls.join(',') }, clusterFailure(cluster), () =>
      cluster.stop(),
    );
  }
  const sentinels = await startSentinels();
  const env = {
    ...common,
    REDIS_URL: '',
    REDIS_SENTINELS: sentinels.addresses,
    REDIS_SENTINEL_NAME: SENTINEL_NAME,
  };
  return withInstances(env, sentinelFailure(sentinels), () => sentinels.stop());
}

type Failure = Pick<Deployment, 'masterOf' | 'failMaster'>;

function clusterFailure(cluster: RedisCluster): Failure {
  return {
    masterOf: async (key) => (await cluster.masterOf(key)).port,
    async failMaster(port) {
      const master = cluster.nodes.find((node) => node.port === port)!;
      const replica = await cluster.replicaOf(master);
      const killedAt = performance.now();
      await cluster.kill(master);
      return { killedAt, promotedMs: promotion(replica.port, killedAt, () => cluster.promoted(replica)) };
    },
  };
}

function sentinelFailure(sentinels: RedisSentinels): Failure {
  return {
    masterOf: async () => sentinels.master.port,
    async failMaster() {
      const killedAt = performance.now();
      await sentinels.master.kill();
      const replica = sentinels.replica;
      return { killedAt, promotedMs: promotion(replica.port, killedAt, () => sentinels.promoted(replica)) };
    },
  };
}

/**
 * How long after `killedAt` the replica on `port` said it was a master (polled every 50 ms); resolves
 * once `agreed` has too (every node, or every Sentinel, names it).
 */
async function promotion(port: number, killedAt: number, agreed: () => Promise<void>): Promise<number> {
  await waitFor(
    'the replica to be a master',
    async () => (await redisInfo(port, 'replication')).get('role') === 'master',
  );
  const promotedMs = performance.now() - killedAt;
  await agreed();
  return promotedMs;
}

async function withInstances(
  env: Record<string, string>,
  failure: Failure,
  stopRedis: () => Promise<void>,
): Promise<Deployment> {
  const instances: DemoProcess[] = await Promise.all([startDemo(env), startDemo(env)]);
  const nginx = await startNginx(instances.map((instance) => instance.port));
  return {
    nginx,
    ...failure,
    async stop() {
      await nginx.stop();
      await Promise.all(instances.map((instance) => instance.stop()));
      await stopRedis();
    },
  };
}

async function run(): Promise<Figures> {
  const deployment = await deploy();
  const pool = new Pool(deployment.nginx.url, { connections: CONNECTIONS });
  try {
    const users = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => ({
        name: `user${i}`,
        cookie: await login(deployment.nginx.url, `user${i}`),
      })),
    );
    const acknowledged: Array<{ name: string; cookie: string }> = [...users];
    const failing = await deployment.masterOf(sessionKey(users[0]!.cookie));
    const affectedUsers = new Set<string>();
    for (const user of users) {
      if ((await deployment.masterOf(sessionKey(user.cookie))) === failing) affectedUsers.add(user.name);
    }
    const figures: Figures = {
      promotedMs: Number.NaN,
      restoredMs: 0,
      affected: counts(),
      unaffected: counts(),
      logins: counts(),
      acknowledged: 0,
      lost: 0,
    };
    let killedAt = Number.POSITIVE_INFINITY;
    let lastFailure = Number.NEGATIVE_INFINITY;
    let lastFailedStart = Number.NEGATIVE_INFINITY;
    const okStarts: number[] = [];
    let running = true;
    let next = 0;
    let fresh = 0;

    const request = async (): Promise<void> => {
      const i = next++;
      if (i % 10 === 9) {
        const name = `new${fresh++}`;
        const response = await pool.request({
          method: 'POST',
          path: '/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `username=${name}`,
        });
        await response.body.dump();
        const cookie = [response.headers['set-cookie']].flat().find((value) => value?.startsWith('session='));
        if (response.statusCode === 302 && cookie) {
          acknowledged.push({ name, cookie: cookie.split(';')[0]! });
          if (performance.now() > killedAt) figures.logins.ok++;
        } else if (performance.now() > killedAt) {
          figures.logins[response.statusCode === 503 ? 'unavailable' : 'other']++;
        }
        return;
      }
      const user = users[i % users.length]!;
      const started = performance.now();
      const response = await pool.request({
        method: 'GET',
        path: '/profile',
        headers: { cookie: user.cookie },
      });
      const text = await response.body.text();
      if (performance.now() < killedAt) return;
      const bucket = affectedUsers.has(user.name) ? figures.affected : figures.unaffected;
      const ok = response.statusCode === 200 && text.includes(`<main>Привет, ${user.name}!</main>`);
      if (ok) {
        bucket.ok++;
      } else {
        bucket[response.statusCode === 503 ? 'unavailable' : 'other']++;
      }
      if (bucket !== figures.affected) return;
      if (ok) {
        okStarts.push(started);
      } else {
        lastFailure = performance.now();
        lastFailedStart = Math.max(lastFailedStart, started);
      }
    };
    const workers = Array.from({ length: CONNECTIONS }, async () => {
      while (running) await request();
    });

    await sleep(1000);
    const failure = await deployment.failMaster(failing);
    killedAt = failure.killedAt;
    figures.promotedMs = await failure.promotedMs;
    // Until the failed master's sessions have been served without a failure for a second.
    while (
      figures.affected.ok === 0 ||
      performance.now() - Math.max(lastFailure, killedAt + figures.promotedMs) < 1000
    ) {
      await sleep(100);
    }
    running = false;
    await Promise.all(workers);
    const restoredAt = Math.min(...okStarts.filter((start) => start > lastFailedStart));
    figures.restoredMs = Math.max(restoredAt - killedAt, 0);

    figures.acknowledged = acknowledged.length;
    for (const { name, cookie } of acknowledged) {
      if ((await profileAfterOutage(deployment.nginx.url, cookie)).text !== `Привет, ${name}!`)
        figures.lost++;
    }
    return figures;
  } finally {
    await pool.close();
    await deployment.stop();
  }
}

function line(n: number, f: Figures): string {
  const c = (counts: Counts) => `${counts.ok} ok / ${counts.unavailable} 503 / ${counts.other} other`;
  return (
    `run ${n}: promoted after ${Math.round(f.promotedMs)} ms, served again from ${Math.round(f.restoredMs)} ms; ` +
    `affected sessions ${c(f.affected)}; other sessions ${c(f.unaffected)}; logins ${c(f.logins)}; ` +
    `acknowledged logins lost ${f.lost} of ${f.acknowledged}`
  );
}

console.log(
  `failover: ${TOPOLOGY}, REDIS_REPLICAS=${REPLICAS}, ${CONNECTIONS} connections through nginx, ${USERS} users, ${RUNS} runs`,
);
const all: Figures[] = [];
for (let n = 1; n <= RUNS; n++) {
  const figures = await run();
  all.push(figures);
  console.log(line(n, figures));
}
const range = (pick: (f: Figures) => number) => {
  const numbers = all.map(pick);
  return `${Math.round(Math.min(...numbers))}–${Math.round(Math.max(...numbers))}`;
};
const sum = (pick: (f: Figures) => number) => all.reduce((total, f) => total + pick(f), 0);
console.log(
  `summary: promotion ${range((f) => f.promotedMs)} ms; served again ${range((f) => f.restoredMs)} ms after the kill; ` +
    `503s per run ${range((f) => f.affected.unavailable + f.unaffected.unavailable + f.logins.unavailable)}; ` +
    `other failures ${sum((f) => f.affected.other + f.unaffected.other + f.logins.other)}; ` +
    `acknowledged logins lost ${sum((f) => f.lost)} of ${sum((f) => f.acknowledged)}`,
);
