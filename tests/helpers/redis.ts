/**
 * Runs a private `redis-server` (Debian's redis-server package) for the Redis session tests: on a
 * free port, nothing saved to disk, stopped after the suite. It can be stopped and started again on
 * the same port, to test an outage and a recovery, killed outright (SIGKILL) as a crash would, or
 * frozen (SIGSTOP) and thawed. Extra arguments make it a replica, a cluster node or a Sentinel.
 * Nothing here asserts a duration.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { Test } from 'uvu';

const DEBIAN_PATH = '/usr/bin/redis-server';
const INSTALL_HINT = 'apt-get install -y redis-server';
/** How long a start may take before it is a failure instead of a hang. */
const START_DEADLINE_MS = 10_000;

/** The redis-server to run: Debian's, else one on PATH, else null. */
export function redisServerPath(): string | null {
  if (existsSync(DEBIAN_PATH)) return DEBIAN_PATH;
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return found.status === 0 ? 'redis-server' : null;
}

/**
 * Decides whether a suite's Redis tests can run. Without redis-server: on CI (`CI=true`) it adds a
 * failing test saying how to install it; elsewhere it prints a notice and the caller skips them.
 */
export function withRedis(test: Test): boolean {
  if (redisServerPath() !== null) return true;
  const message = `redis-server is missing: ${INSTALL_HINT} (the tests start their own on a free port)`;
  if (process.env.CI === 'true') {
    test('redis-server is installed', () => {
      throw new Error(message);
    });
  } else {
    console.warn(`Skipping Redis tests: ${message}`);
  }
  return false;
}

/** A running (or stopped) private Redis. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** Stops the server and resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would; resolves once the process has exited. */
  kill(): Promise<void>;
  /** SIGSTOP: the process keeps its sockets but answers nothing (nor replicates) until resumed. */
  pause(): void;
  /** SIGCONT after {@link pause}. */
  resume(): void;
  /** What the server printed so far. */
  output(): string;
}

/** How to start a private Redis. */
export interface RedisOptions {
  /** A configuration file to start from (a Sentinel's, which Sentinel rewrites as it learns). */
  configFile?: string;
  /** Extra arguments after the port and the no-persistence defaults (`--replicaof …`, a config file). */
  args?: readonly string[];
  /** The working directory (`--dir`), where a cluster node keeps its nodes.conf; the temp dir by default. */
  dir?: string;
  /** Picks the port; a free one by default. */
  port?: () => Promise<number>;
  /** Resolves once the server is ready; PING answering PONG by default. */
  ready?: (port: number) => Promise<void>;
}

/** Starts a private redis-server on a free port; resolves once it answers PING. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const bin = redisServerPath();
  if (bin === null) throw new Error(`redis-server is missing: ${INSTALL_HINT}`);
  let lastError: unknown;
  // Another process may take the free port between our probe and redis-server's bind: try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await (options.port ?? freePort)();
    const server = new PrivateRedis(bin, port, options);
    try {
      await server.start();
      return server;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

class PrivateRedis implements RedisServer {
  readonly port: number;
  readonly url: string;
  readonly #bin: string;
  readonly #options: RedisOptions;
  #child: ChildProcess | null = null;
  #output = '';
  readonly #killOnExit = (): void => {
    this.#child?.kill('SIGKILL');
  };

  constructor(bin: string, port: number, options: RedisOptions = {}) {
    this.#bin = bin;
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.#options = options;
  }

  output(): string {
    return this.#output;
  }

  async start(): Promise<void> {
    if (this.#child !== null) throw new Error('redis-server is already running');
    const { configFile, args = [], dir = tmpdir(), ready = waitForPong } = this.#options;
    const base = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    // A config file must come before the --options.
    const child = spawn(this.#bin, [...(configFile ? [configFile] : []), ...base, '--dir', dir, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    this.#child = child;
    process.once('exit', this.#killOnExit);
    const exited = once(child, 'exit').then(() => {
      throw new Error(`redis-server exited while starting:\n${this.#output}`);
    });
    try {
      await Promise.race([ready(this.port), exited]);
    } catch (error) {
      await this.stop();
      throw error;
    }
    exited.catch(() => {});
  }

  async stop(): Promise<void> {
    await this.#end('SIGTERM');
  }

  async kill(): Promise<void> {
    await this.#end('SIGKILL');
  }

  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  async #end(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    this.#child = null;
    process.removeListener('exit', this.#killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    child.kill('SIGCONT'); // a paused server would not act on SIGTERM
    await exited;
  }
}

/** A port nothing listens on at the moment (another process may take it before we bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls PING until redis-server answers +PONG, or fails after START_DEADLINE_MS. */
export async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}
