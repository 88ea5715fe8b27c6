/** What the report says about where and how it was measured. */
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Pinning } from './pinning.ts';
import { runtimeBinary } from './runtimes.ts';
import { wrkVersion } from './wrk.ts';

/** The machine, the runtime and the moment of a run. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  wrk: string;
  date: string;
  /** 1-minute load average when the run started and when it ended: a busy machine shows here. */
  loadStart: number;
  loadEnd: number;
  /** The cores of the HTTP part's servers and wrk, or null (unpinned: the scheduler chose). */
  pinning: Pinning | null;
  /** Versions of the other runtimes that ran contestants (Node 24, Bun); absent in older figures. */
  runtimes?: { node24: string | null; bun: string | null };
}

/**
 * Describes this machine now; `loadEnd` is filled in at the end of the run.
 *
 * @example
 * ```ts
 * describeMachine(null).cpu; // 'AMD EPYC'
 * ```
 */
export function describeMachine(pinning: Pinning | null): Machine {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    wrk: wrkVersion() ?? 'not installed',
    date: new Date().toISOString(),
    loadStart: loadavg()[0] ?? 0,
    loadEnd: Number.NaN,
    pinning,
    runtimes: {
      node24: runtimeBinary('node24')?.version ?? null,
      bun: runtimeBinary('bun')?.version ?? null,
    },
  };
}

/** The 1-minute load average now. */
export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}
