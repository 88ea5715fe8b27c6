/**
 * A private Redis Cluster for the topology tests: six redis-server nodes on loopback (three masters,
 * three replicas, made with `redis-cli --cluster create`), each in its own temp directory, stopped
 * and removed after the suite. A node can be killed (SIGKILL), frozen and restarted; a restarted
 * master rejoins as a replica of the one that replaced it.
 *
 * Cluster nodes also listen on port + 10000 (the cluster bus), so ports are picked below 55000
 * with both free. `cluster-node-timeout` is 1 s, so a dead master is replaced in a few seconds;
 * `repl-diskless-sync-delay 0` lets replicas finish their first sync at once (a replica that has
 * not synced refuses to take over). Nothing here asserts a duration.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RedisServer, startRedis } from './redis.ts';
import { redisCommand, redisInfo, waitFor } from './redis-admin.ts';
import { requireTool } from './tools.ts';

/** The cluster's settings, also quoted in docs/deploying.md. */
export const CLUSTER_NODE_ARGS = [
  '--cluster-enabled',
  'yes',
  '--cluster-config-file',
  'nodes.conf',
  '--cluster-node-timeout',
  '1000',
  // Keys on the masters that stay up keep working while one master is replaced.
  '--cluster-require-full-coverage',
  'no',
  '--repl-diskless-sync-delay',
  '0',
];

/** One node of the cluster. */
export interface ClusterNode {
  readonly server: RedisServer;
  readonly port: number;
  readonly url: string;
}

/** A line of CLUSTER NODES. */
export interface NodeView {
  id: string;
  port: number;
  flags: string[];
  masterId: string | null;
  linked: boolean;
  slots: string[];
}

/** A running private cluster. */
export interface RedisCluster {
  readonly nodes: readonly ClusterNode[];
  /** Every node's URL, for `createCluster({ rootNodes })` or `REDIS_URL`. */
  readonly urls: string[];
  /** The master that serves `key` now, as the cluster says. */
  masterOf(key: string): Promise<ClusterNode>;
  /** The replica of `master`. */
  replicaOf(master: ClusterNode): Promise<ClusterNode>;
  /** Resolves once every master has a synced replica and every node agrees all are up. */
  healthy(): Promise<void>;
  /** Resolves once `replica` is a master serving slots, as every running node sees it. */
  promoted(replica: ClusterNode): Promise<void>;
  /** SIGKILL, as a crash would; {@link healthy} leaves the node out until it is restarted. */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a killed node again and waits until the cluster is healthy. */
  restart(node: ClusterNode): Promise<void>;
  /** Resumes paused nodes and restarts killed ones: a failed test leaves a healthy cluster behind. */
  repair(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts six nodes, joins them into a cluster, and resolves once it is healthy. */
export async function startCluster(): Promise<RedisCluster> {
  const redisCli = requireTool('redis-cli');
  const root = mkdtempSync(join(tmpdir(), 'phial-cluster-'));
  const nodes: ClusterNode[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const dir = mkdtempSync(join(root, 'node-'));
      const server = await startRedis({ args: CLUSTER_NODE_ARGS, dir, port: clusterPort });
      nodes.push({ server, port: server.port, url: server.url });
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await promisify(execFile)(
      redisCli,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'],
      { timeout: 30_000 },
    );
    const cluster = new PrivateCluster(nodes, root);
    await cluster.healthy();
    return cluster;
  } catch (error) {
    await Promise.all(nodes.map((node) => node.server.stop()));
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

class PrivateCluster implements RedisCluster {
  readonly nodes: readonly ClusterNode[];
  readonly urls: string[];
  readonly #root: string;
  readonly #down = new Set<ClusterNode>();

  constructor(nodes: ClusterNode[], root: string) {
    this.nodes = nodes;
    this.urls = nodes.map((node) => node.url);
    this.#root = root;
  }

  #running(): ClusterNode[] {
    return this.nodes.filter((node) => !this.#down.has(node));
  }

  #byPort(port: number): ClusterNode {
    const node = this.nodes.find((candidate) => candidate.port === port);
    if (node === undefined) throw new Error(`no node on port ${port}`);
    return node;
  }

  async masterOf(key: string): Promise<ClusterNode> {
    const asked = this.#running()[0]!;
    const slot = Number(await redisCommand(asked.port, ['CLUSTER', 'KEYSLOT', key]));
    const views = await clusterNodes(asked.port);
    const master = views.find(
      (view) =>
        view.flags.includes('master') && !isFailed(view) && view.slots.some((range) => inRange(slot, range)),
    );
    if (master === undefined) throw new Error(`no live master serves slot ${slot}`);
    return this.#byPort(master.port);
  }

  async replicaOf(master: ClusterNode): Promise<ClusterNode> {
    const views = await clusterNodes(master.port);
    const id = views.find((view) => view.flags.includes('myself'))!.id;
    const replica = views.find((view) => view.masterId === id && !isFailed(view));
    if (replica === undefined) throw new Error(`the master on ${master.port} has no replica`);
    return this.#byPort(replica.port);
  }

  healthy(): Promise<void> {
    return waitFor('a healthy cluster: three masters with a synced replica each', async () => {
      for (const node of this.#running()) {
        if (!(await this.#nodeHealthy(node))) return false;
      }
      return true;
    }).then(() => undefined);
  }

  async #nodeHealthy(node: ClusterNode): Promise<boolean> {
    const cluster = await redisInfo(node.port, 'cluster');
    if (cluster.get('cluster_enabled') !== '1') return false;
    const state = String(await redisCommand(node.port, ['CLUSTER', 'INFO']));
    if (!state.includes('cluster_state:ok')) return false;
    const views = await clusterNodes(node.port);
    if (views.length !== this.nodes.length || views.some((view) => isFailed(view) || !view.linked))
      return false;
    const mastersWithSlots = views.filter((view) => view.flags.includes('master') && view.slots.length > 0);
    if (mastersWithSlots.length !== 3) return false;
    const replication = await redisInfo(node.port, 'replication');
    if (replication.get('role') === 'slave') {
      return (
        replication.get('master_link_status') === 'up' && replication.get('master_sync_in_progress') === '0'
      );
    }
    // A master serving slots needs its replica synced and online; an empty master is not a replica yet.
    const me = views.find((view) => view.flags.includes('myself'))!;
    if (me.slots.length === 0) return false;
    return (
      replication.get('connected_slaves') === '1' &&
      (replication.get('slave0') ?? '').includes('state=online')
    );
  }

  promoted(replica: ClusterNode): Promise<void> {
    return waitFor(`the replica on ${replica.port} promoted`, async () => {
      for (const node of this.#running()) {
        const views = await clusterNodes(node.port);
        const view = views.find((candidate) => candidate.port === replica.port);
        if (view === undefined || !view.flags.includes('master') || view.slots.length === 0) return false;
        const state = String(await redisCommand(node.port, ['CLUSTER', 'INFO']));
        if (!state.includes('cluster_state:ok')) return false;
      }
      return true;
    }).then(() => undefined);
  }

  async kill(node: ClusterNode): Promise<void> {
    this.#down.add(node);
    await node.server.kill();
  }

  async restart(node: ClusterNode): Promise<void> {
    await node.server.start();
    this.#down.delete(node);
    await this.healthy();
  }

  async repair(): Promise<void> {
    for (const node of this.nodes) node.server.resume();
    const down = [...this.#down];
    if (down.length === 0) return;
    for (const node of down) {
      await node.server.start();
      this.#down.delete(node);
    }
    await this.healthy();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.server.stop()));
    rmSync(this.#root, { recursive: true, force: true });
  }
}

/** The cluster as one node sees it (CLUSTER NODES). */
export async function clusterNodes(port: number): Promise<NodeView[]> {
  const text = String(await redisCommand(port, ['CLUSTER', 'NODES']));
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id = '', address = '', flags = '', master = '-', , , , link = '', ...slots] = line
        .trim()
        .split(' ');
      return {
        id,
        port: Number(address.slice(address.lastIndexOf(':') + 1, address.indexOf('@'))),
        flags: flags.split(','),
        masterId: master === '-' ? null : master,
        linked: link === 'connected',
        slots: slots.filter((slot) => !slot.startsWith('[')),
      };
    });
}

function isFailed(view: NodeView): boolean {
  return view.flags.includes('fail') || view.flags.includes('fail?');
}

function inRange(slot: number, range: string): boolean {
  const [from, to = from] = range.split('-').map(Number);
  return slot >= from! && slot <= to!;
}

/** A port below 55000 whose cluster bus port (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 35_000);
    if ((await canListen(port)) && (await canListen(port + 10_000))) return port;
  }
  throw new Error('no free pair of ports for a cluster node');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
