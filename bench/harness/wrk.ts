/**
 * Runs wrk (Debian's /usr/bin/wrk, or WRK=path) against one URL with one of the Lua scripts of
 * bench/wrk/, and reads the `BENCH_JSON` line that bench/wrk/report.lua prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { WRK_DIR } from './paths.ts';
import { onCore } from './pinning.ts';

/** What report.lua prints for one wrk run. */
export interface WrkResult {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Scenario 3 only: answers "1", i.e. sessions the server did not read back. */
  resets: number;
}

/** A load to send: a script of bench/wrk/ and a path. */
export interface Load {
  script: 'get.lua' | 'post.lua' | 'session.lua';
  path: string;
}

/** The wrk parameters of a run. */
export interface WrkOptions {
  connections: number;
  seconds: number;
  /** The core wrk runs on, or null to let the scheduler choose. */
  core: number | null;
}

const WRK = process.env['WRK'] ?? 'wrk';

/**
 * wrk's version line, or null when it is not installed.
 *
 * @example
 * ```ts
 * wrkVersion(); // 'wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer'
 * ```
 */
export function wrkVersion(): string | null {
  const result = spawnSync(WRK, ['-v'], { encoding: 'utf8' });
  if (result.error) return null;
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim() ?? null;
}

/** Requests per second of a wrk result. */
export function rate(result: WrkResult): number {
  return result.requests / (result.durationUs / 1e6);
}

/** Socket errors and non-2xx/3xx answers of a result. */
export function errorCount(result: WrkResult): number {
  const { connect, read, write, status, timeout } = result.errors;
  return connect + read + write + status + timeout;
}

/**
 * Runs one wrk load: one thread (the other core is the server's), fixed connections.
 *
 * @example
 * ```ts
 * const load = { script: 'get.lua', path: '/' } as const;
 * const result = await runWrk('http://127.0.0.1:3000', load, { connections: 50, seconds: 3, core: null });
 * rate(result); // requests per second
 * ```
 */
export function runWrk(baseUrl: string, load: Load, options: WrkOptions): Promise<WrkResult> {
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '5s',
    '-s',
    join(WRK_DIR, load.script),
    `${baseUrl}${load.path}`,
  ];
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = onCore(options.core, WRK, args);
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.split('\n').find((each) => each.startsWith('BENCH_JSON '));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk ${args.join(' ')} failed (${code}):\n${output}`));
        return;
      }
      resolve(JSON.parse(line.slice('BENCH_JSON '.length)) as WrkResult);
    });
  });
}
