/**
 * One contestant in its own process, on one core when the run is pinned: started with
 * {@link NODE_FLAGS} and an IPC channel, ready when it reports its port, asked for its memory over
 * IPC, stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { MemoryReport } from '../servers/announce.ts';
import type { Contestant } from './build.ts';
import { BUILD_DIR } from './paths.ts';
import { onCore } from './pinning.ts';
import { runtimeBinary } from './runtimes.ts';

/** A running contestant. */
export interface ServerProcess {
  contestant: Contestant;
  child: ChildProcess;
  port: number;
  url: string;
  /** Requests answered so far, as counted by wrk (warm-up and top-up included). */
  requests: number;
}

function once<T>(child: ChildProcess, type: string, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type?: string }) => {
      if (message.type === type) finish(null, message as T);
    };
    const onExit = (code: number | null) => finish(new Error(`${what}: the process exited (${code})`));
    function finish(error: Error | null, value?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * The flags every contestant runs with, the baseline included.
 *
 * `--expose-gc` lets a server collect before it reports its memory (see servers/announce.ts).
 *
 * `--no-memory-reducer`: between its measurements a contestant idles for a minute while the others
 * run, and the baseline, measured around each of them, never idles. After such an idle, V8's memory
 * reducer left node's own stream code (the tick objects `process.nextTick` makes in `endReadable`,
 * `resOnFinish`, `onwrite`) on a slow runtime path for the rest of the run:
 * `Runtime_DefineKeyedOwnPropertyInLiteral` took 12% of Phial's CPU under `perf record`, none
 * without the idle. Five-server runs with 2 s warm-ups, one round: Phial's hello 0.78× and 0.61×
 * of the baseline, 0.95× with the flag; Fastify's hello 52.6k req/s, 63.8k with it. The flag
 * measures every server in the steady state a loaded server is in.
 */
export const NODE_FLAGS: readonly string[] = ['--expose-gc', '--no-memory-reducer'];

/** The command line of a contestant: node with {@link NODE_FLAGS}, or bun (which takes none of them). */
function commandLine(contestant: Contestant, script: string): [string, string[]] {
  const binary = runtimeBinary(contestant.runtime);
  if (binary === null) throw new Error(`${contestant.name}: ${contestant.runtime} is not installed`);
  return [binary.path, contestant.runtime === 'bun' ? [script] : [...NODE_FLAGS, script]];
}

/**
 * Starts a contestant's bundle and waits for it to listen.
 *
 * @example
 * ```ts
 * const server = await startServer(CONTESTANTS[1], null);
 * await fetch(server.url);
 * ```
 */
export async function startServer(contestant: Contestant, core: number | null): Promise<ServerProcess> {
  const script = join(BUILD_DIR, 'servers', contestant.file);
  const [command, args] = onCore(core, ...commandLine(contestant, script));
  const child = spawn(command, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, PORT: '0', NODE_ENV: 'production' },
  });
  const { port } = await once<{ port: number }>(child, 'ready', 15_000, `starting ${contestant.name}`);
  return { contestant, child, port, url: `http://127.0.0.1:${port}`, requests: 0 };
}

/**
 * The server's `process.memoryUsage()` after a full GC.
 *
 * @example
 * ```ts
 * (await readMemory(server)).heapUsed;
 * ```
 */
export async function readMemory(server: ServerProcess): Promise<MemoryReport> {
  const answer = once<MemoryReport>(server.child, 'memory', 10_000, `memory of ${server.contestant.name}`);
  server.child.send({ type: 'memory' });
  return answer;
}

/**
 * Stops a contestant and waits for its exit.
 *
 * @example
 * ```ts
 * await stopServer(server);
 * ```
 */
export async function stopServer(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
