/**
 * The command line of `npm run bench`: the full run by default, `--quick` for development, and
 * overrides for each knob.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The parts of a run that `--skip` can leave out. */
export type Part = 'http' | 'router' | 'startup';

/** Everything a run needs to know. */
export interface Settings {
  quick: boolean;
  /** wrk connections, fixed for the whole run. */
  connections: number;
  /** Seconds of load per server and scenario before the rounds (results discarded). */
  warmup: number;
  /** Seconds of each measurement. */
  duration: number;
  /** Rounds; each round measures every scenario on every server in the same order. */
  rounds: number;
  /** Requests each server must have served before the second memory reading (0: no top-up). */
  memoryRequests: number;
  /** Longest top-up per server, in seconds, so the run stays bounded on a slow machine. */
  topUpLimit: number;
  /** Budget of each router measurement, in ms of CPU time (mitata's min_cpu_time). */
  routerTime: number;
  /** Cold processes for the start-up measurement. */
  startupSamples: number;
  /** Contestant ids to run (all when empty). */
  only: string[];
  skip: Part[];
  /** Where benchmarks.md and benchmarks.svg go. */
  out: string;
}

/** The usage text printed by `--help`. */
export const USAGE = `npm run bench [-- options]

  --quick                 1 round of 1 s, short warm-up, no top-up to 1M requests (about 1.5 min)
  --rounds=N              rounds of measurement (full: 5)
  --duration=S            seconds per measurement (full: 3)
  --warmup=S              seconds of warm-up per server and scenario (full: 2)
  --connections=N         wrk connections (50)
  --memory-requests=N     requests per server before the second memory reading (full: 1000000)
  --only=phial,fastify    contestants to run: node, phial, fastify, express, hono
  --skip=router,startup   parts to leave out: http, router, startup
  --out=DIR               where benchmarks.md and .svg go (full: docs/, quick: bench/results/)`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new TypeError(`--${name} must be a number, got ${value}`);
  return number;
}

/**
 * Reads the command line.
 *
 * @example
 * ```ts
 * readSettings(['--quick', '--only=node,phial']).rounds; // 1
 * ```
 */
export function readSettings(argv: string[], defaultOut: { full: string; quick: string }): Settings | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'memory-requests': { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.help) return null;
  const quick = values.quick;
  const list = (value: string | undefined): string[] => (value ? value.split(',').filter(Boolean) : []);
  return {
    quick,
    connections: positive('connections', values.connections, 50),
    // wrk takes whole seconds.
    warmup: Math.max(1, Math.round(positive('warmup', values.warmup, quick ? 1 : 2))),
    duration: Math.max(1, Math.round(positive('duration', values.duration, quick ? 1 : 3))),
    rounds: Math.max(1, Math.round(positive('rounds', values.rounds, quick ? 1 : 5))),
    memoryRequests: positive('memory-requests', values['memory-requests'], quick ? 0 : 1_000_000),
    topUpLimit: quick ? 10 : 60,
    routerTime: quick ? 40 : 300,
    startupSamples: quick ? 3 : 9,
    only: list(values.only),
    skip: list(values.skip) as Part[],
    // npm runs scripts in bench/; INIT_CWD is where the user typed the command.
    out: values.out ? resolve(process.env['INIT_CWD'] ?? process.cwd(), values.out) : quick ? defaultOut.quick : defaultOut.full,
  };
}
