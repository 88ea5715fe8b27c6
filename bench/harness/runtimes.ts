/**
 * What runs each contestant: the node running the harness (Node 20 in the published runs), Node 24
 * and Bun. Node 24 and Bun come from .cache/runtimes/bin, where .ci/runtimes.sh installs them from
 * npm; NODE24 and BUN name other binaries. A contestant whose runtime is missing is left out of the
 * run, with a warning in the report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Contestant } from './build.ts';
import { ROOT_DIR } from './paths.ts';

/** A runtime's binary and version, or null when it is not there. */
export interface RuntimeBinary {
  path: string;
  version: string;
}

const cache = new Map<string, RuntimeBinary | null>();

function probe(path: string): RuntimeBinary | null {
  if (!existsSync(path)) return null;
  const ran = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const version = /(\d+\.\d+\.\d+)/.exec(ran.stdout ?? '')?.[1];
  return ran.status === 0 && version !== undefined ? { path, version } : null;
}

/**
 * The binary that runs `runtime`, or null when it is not installed.
 *
 * @example
 * ```ts
 * runtimeBinary('bun')?.path; // '/repo/.cache/runtimes/bin/bun'
 * ```
 */
export function runtimeBinary(runtime: Contestant['runtime']): RuntimeBinary | null {
  if (runtime === 'node') return { path: process.execPath, version: process.versions.node };
  if (!cache.has(runtime)) {
    const override = runtime === 'bun' ? process.env['BUN'] : process.env['NODE24'];
    cache.set(runtime, probe(override ?? join(ROOT_DIR, '.cache', 'runtimes', 'bin', runtime)));
  }
  return cache.get(runtime) ?? null;
}

/** How a runtime is named in the report: `Node 20.20.2`, `Bun 1.4.5`. */
export function runtimeLabel(runtime: Contestant['runtime']): string {
  const binary = runtimeBinary(runtime);
  const name = runtime === 'bun' ? 'Bun' : 'Node';
  return binary === null ? `${name} (missing)` : `${name} ${binary.version}`;
}
