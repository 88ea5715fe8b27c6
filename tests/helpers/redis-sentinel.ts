/**
 * A private Sentinel setup for the topology tests: one master, one replica and three Sentinels
 * (redis-server --sentinel, each with its own config file, which Sentinel rewrites as it learns),
 * on loopback, stopped and removed after the suite. `down-after-milliseconds` is 1 s, so a dead
 * master is replaced in a few seconds. Nothing here asserts a duration.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RedisServer, startRedis } from './redis.ts';
import { redisCommand, redisInfo, waitFor } from './redis-admin.ts';

/** The name the Sentinels monitor the master under. */
export const SENTINEL_NAME = 'phial';

/** A Sentinel's configuration, also quoted in docs/deploying.md. */
export function sentinelConf(masterPort: number): string {
  return `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${masterPort} 2
sentinel down-after-milliseconds ${SENTINEL_NAME} 1000
sentinel failover-timeout ${SENTINEL_NAME} 10000
sentinel parallel-syncs ${SENTINEL_NAME} 1
`;
}

/** A running master, its replica and three Sentinels. */
export interface RedisSentinels {
  readonly master: RedisServer;
  readonly replica: RedisServer;
  readonly sentinels: readonly RedisServer[];
  /** `127.0.0.1:PORT,…` of the Sentinels, for `REDIS_SENTINELS`. */
  readonly addresses: string;
  /** Resolves once every Sentinel names `server` as the master, and `server` says it is one. */
  promoted(server: RedisServer): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the master, the replica and the Sentinels; resolves once they all know each other. */
export async function startSentinels(): Promise<RedisSentinels> {
  const dir = mkdtempSync(join(tmpdir(), 'phial-sentinel-'));
  const servers: RedisServer[] = [];
  try {
    // The replica may become a master: both start replicas' syncs at once.
    const syncAtOnce = ['--repl-diskless-sync-delay', '0'];
    const master = await startRedis({ args: syncAtOnce, dir: mkdtempSync(join(dir, 'master-')) });
    servers.push(master);
    const replicaOf = ['--replicaof', '127.0.0.1', String(master.port)];
    const replica = await startRedis({
      args: [...syncAtOnce, ...replicaOf],
      dir: mkdtempSync(join(dir, 'replica-')),
    });
    servers.push(replica);
    const sentinels: RedisServer[] = [];
    for (let i = 0; i < 3; i++) {
      const configFile = join(dir, `sentinel-${i}.conf`);
      writeFileSync(configFile, sentinelConf(master.port));
      const sentinel = await startRedis({ configFile, args: ['--sentinel'], dir, port: freePort });
      servers.push(sentinel);
      sentinels.push(sentinel);
    }
    const setup = new PrivateSentinels(master, replica, sentinels, dir);
    await setup.ready();
    return setup;
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

class PrivateSentinels implements RedisSentinels {
  readonly master: RedisServer;
  readonly replica: RedisServer;
  readonly sentinels: readonly RedisServer[];
  readonly addresses: string;
  readonly #dir: string;

  constructor(master: RedisServer, replica: RedisServer, sentinels: RedisServer[], dir: string) {
    this.master = master;
    this.replica = replica;
    this.sentinels = sentinels;
    this.addresses = sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(',');
    this.#dir = dir;
  }

  /** The replica synced, and each Sentinel sees it and the two other Sentinels (a quorum can act). */
  async ready(): Promise<void> {
    await waitFor('the replica to sync and the Sentinels to find each other', async () => {
      const replication = await redisInfo(this.replica.port, 'replication');
      if (
        replication.get('master_link_status') !== 'up' ||
        replication.get('master_sync_in_progress') !== '0'
      ) {
        return false;
      }
      for (const sentinel of this.sentinels) {
        const fields = await sentinelMaster(sentinel.port);
        if (fields.get('num-other-sentinels') !== '2' || fields.get('num-slaves') !== '1') return false;
        if (fields.get('flags') !== 'master') return false;
      }
      return true;
    });
  }

  promoted(server: RedisServer): Promise<void> {
    return waitFor(`the server on ${server.port} promoted`, async () => {
      const replication = await redisInfo(server.port, 'replication');
      if (replication.get('role') !== 'master') return false;
      for (const sentinel of this.sentinels) {
        const address = await redisCommand(sentinel.port, [
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          SENTINEL_NAME,
        ]);
        if (!Array.isArray(address) || Number(address[1]) !== server.port) return false;
      }
      return true;
    }).then(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.all([this.master, this.replica, ...this.sentinels].map((server) => server.stop()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** `SENTINEL MASTER name` as a map. */
async function sentinelMaster(port: number): Promise<Map<string, string>> {
  const reply = (await redisCommand(port, ['SENTINEL', 'MASTER', SENTINEL_NAME])) as string[];
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  return fields;
}
