/**
 * The demo deployed as docs/deploying.md describes, all of it real and on loopback: nginx (HTTP and
 * HTTPS) in front of two demo processes, whose sessions live in a Redis Cluster of three masters and
 * three replicas, with `REDIS_REPLICAS=1` and `PROXY_FIX=1`. The test client connects from
 * 127.0.0.2, so the address the app reports is the client's, not nginx's (127.0.0.1).
 *
 * Checked: a login holds across requests landing on both instances; the app sees the client's
 * scheme, host and address; the master holding a login is killed and the login still opens
 * /profile once its replica is promoted; an instance is killed and restarted under load and no
 * request fails but for a bounded number of 502/503.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type Answer,
  type DemoProcess,
  get,
  login,
  mainContent,
  profileAfterOutage,
  startDemo,
} from '../helpers/demo.ts';
import { type Nginx, startNginx, TLS_CERTIFICATE } from '../helpers/nginx.ts';
import { waitFor } from '../helpers/redis-admin.ts';
import { type RedisCluster, startCluster } from '../helpers/redis-cluster.ts';
import { withTools } from '../helpers/tools.ts';

/** The client: another loopback address than nginx's, and trusting the test certificate. */
const browser = new Agent({
  localAddress: '127.0.0.2',
  connect: { ca: readFileSync(TLS_CERTIFICATE) },
});

function page(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return get(url, headers, browser);
}

const Topology = suite('nginx, two demo instances, a Redis Cluster');

if (withTools(Topology, ['redis-server', 'redis-cli', 'nginx'])) {
  let cluster: RedisCluster;
  let instances: DemoProcess[] = [];
  let nginx: Nginx;

  Topology.before(async () => {
    cluster = await startCluster();
    const env = {
      SECRET_KEY: 'topology test secret',
      SESSION_BACKEND: 'redis',
      REDIS_URL: cluster.urls.join(','),
      REDIS_REPLICAS: '1',
      PROXY_FIX: '1',
    };
    instances = await Promise.all([startDemo(env), startDemo(env)]);
    // Only now: a request through nginx before the instances listen would mark them failed.
    nginx = await startNginx(instances.map((instance) => instance.port));
  });

  Topology.after.each(async () => {
    await cluster.repair();
  });

  Topology.after(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await cluster?.stop();
    await browser.close();
  });

  Topology('a login through nginx holds across requests landing on both instances', async () => {
    const cookie = await login(nginx.url, 'Ада');
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const answer = await page(`${nginx.url}/profile`, { cookie });
      assert.is(mainContent(answer.text), 'Привет, Ада!');
      upstreams.add(answer.upstream);
    }
    assert.equal(
      [...upstreams].sort(),
      instances.map((instance) => `127.0.0.1:${instance.port}`).sort(),
      'both instances answered',
    );
  });

  Topology(
    "urlFor(_external) and request.remoteAddr show the client's scheme, host and address",
    async () => {
      for (const [scheme, port] of [
        ['http', nginx.port],
        ['https', nginx.tlsPort],
      ] as const) {
        const host = `phial.test:${port}`;
        for (let i = 0; i < 2; i++) {
          // The client's own X-Forwarded-For is kept by nginx, and ignored by the app: only the
          // value nginx appended is trusted.
          const answer = await page(`${scheme}://127.0.0.1:${port}/whoami`, {
            host,
            'x-forwarded-for': '10.6.6.6',
          });
          assert.is(answer.status, 200);
          assert.equal(JSON.parse(answer.text), {
            remoteAddr: '127.0.0.2',
            url: `${scheme}://${host}/whoami`,
          });
        }
      }
    },
  );

  Topology('the master holding a login is killed: the login opens /profile after failover', async () => {
    const cookie = await login(nginx.url, 'ada');
    const key = `phial:session:${cookie.slice('session='.length, cookie.lastIndexOf('.'))}`;
    const master = await cluster.masterOf(key);
    const replica = await cluster.replicaOf(master);
    await cluster.kill(master); // right after the login was acknowledged
    const after = await profileAfterOutage(nginx.url, cookie, browser);
    assert.is(after.text, 'Привет, ada!');
    assert.is((await cluster.masterOf(key)).port, replica.port, 'the replica serves the key now');
    for (const instance of instances) {
      assert.not.match(instance.output(), 'Exception on', 'no request was logged as a crash');
    }
    await cluster.restart(master);
  });

  Topology(
    'under load, an instance killed and restarted costs at most one 502/503 per request in flight',
    async () => {
      const cookie = await login(nginx.url, 'grace');
      const concurrency = 4;
      const statuses = new Map<number, number>();
      const served = new Map<string, number>();
      let running = true;
      const worker = async (): Promise<void> => {
        while (running) {
          const answer = await page(`${nginx.url}/profile`, { cookie });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 200) {
            assert.is(mainContent(answer.text), 'Привет, grace!');
            served.set(answer.upstream, (served.get(answer.upstream) ?? 0) + 1);
          }
        }
      };
      const workers = Array.from({ length: concurrency }, worker);
      const victim = instances[0]!;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      try {
        await pause(300);
        await victim.kill();
        const servedBeforeRestart = served.get(`127.0.0.1:${victim.port}`) ?? 0;
        await pause(300);
        await victim.start();
        // nginx tries the instance again after fail_timeout (1 s): wait until it answers again.
        await waitFor(
          'the restarted instance to serve',
          async () => (served.get(`127.0.0.1:${victim.port}`) ?? 0) > servedBeforeRestart,
        );
        await pause(300);
      } finally {
        running = false;
        await Promise.all(workers);
      }
      const failed = (statuses.get(502) ?? 0) + (statuses.get(503) ?? 0);
      const total = [...statuses.values()].reduce((sum, count) => sum + count, 0);
      assert.equal(
        [...statuses.keys()].filter((status) => ![200, 502, 503].includes(status)),
        [],
        `statuses: ${JSON.stringify([...statuses])}`,
      );
      assert.ok(failed <= concurrency, `${failed} of ${total} requests failed`);
      assert.ok((served.get(`127.0.0.1:${instances[1]!.port}`) ?? 0) > 0, 'the other instance served');
    },
  );
}

Topology.run();
