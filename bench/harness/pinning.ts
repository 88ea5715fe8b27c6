/**
 * CPU pinning on a small machine: each server runs on one core with all its threads (GC and
 * compiler included) and wrk on another. Unpinned, a server's background threads steal time from
 * the load generator's core and the scheduler moves both around: on 2 cores the hello ratio of
 * one run swung from 0.72× to 0.92×. Pinned, a server's throughput is what one core gives it,
 * its whole CPU cost per request counted, and rounds agree within a few percent.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/** Which core serves and which loads; null when the run is not pinned. */
export interface Pinning {
  server: number;
  load: number;
}

function hasTaskset(): boolean {
  return !spawnSync('taskset', ['-c', '0', 'true']).error;
}

/**
 * The pinning of this run: the last core for the server, the one before it for wrk, when asked
 * for, with two cores or more and util-linux's `taskset` present.
 *
 * @example
 * ```ts
 * choosePinning(true); // { server: 1, load: 0 } on 2 cores
 * ```
 */
export function choosePinning(wanted: boolean): Pinning | null {
  const cores = cpus().length;
  if (!wanted || cores < 2 || !hasTaskset()) return null;
  return { server: cores - 1, load: cores - 2 };
}

/**
 * A command and its arguments, run on one core through `taskset` when `core` is a number.
 *
 * @example
 * ```ts
 * onCore(1, 'wrk', ['-t1', url]); // ['taskset', ['-c', '1', 'wrk', '-t1', url]]
 * ```
 */
export function onCore(core: number | null, command: string, args: string[]): [string, string[]] {
  return core === null ? [command, args] : ['taskset', ['-c', String(core), command, ...args]];
}
