/**
 * The command line of `npm run bench`: the full run by default, `--quick` for development, and
 * overrides for each knob.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The parts of a run that `--skip` can leave out. */
export type Part = 'http' | 'router' | 'startup';

const PARTS: readonly Part[] = ['http', 'router', 'startup'];

function list(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

/** Everything a run needs to know. */
export interface Settings {
  quick: boolean;
  /** wrk connections, fixed for the whole run. */
  connections: number;
  /** Seconds of load per server and scenario before the rounds (results discarded). */
  warmup: number;
  /** Seconds of each measurement. */
  duration: number;
  /** Seconds of untimed load right before each measurement (see http.ts). */
  settle: number;
  /** Rounds; each round measures every scenario on every server in the same order. */
  rounds: number;
  /** Servers on one core and wrk on another (see pinning.ts); `--no-pin` turns it off. */
  pin: boolean;
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
  /** Where benchmarks.md and benchmarks.svg go; null for the default (docs/, or bench/results/ when quick). */
  out: string | null;
  /** Saved raw figures to write the page and chart from, measuring nothing (`--report=FILE`). */
  report: string | null;
}

/** The usage text printed by `--help`. */
export const USAGE = `npm run bench [-- options]

  --quick                 1 round of 1 s, 1 s warm-up, no top-up to 1M requests (under a minute)
  --rounds=N              rounds of measurement (full: 5)
  --duration=S            seconds per measurement (full: 2)
  --warmup=S              seconds of warm-up per server and scenario (full: 2)
  --settle=S              seconds of untimed load right before each measurement (1)
  --connections=N         wrk connections (50)
  --no-pin                let the scheduler place servers and wrk (default: one core each, by taskset)
  --memory-requests=N     requests per server before the second memory reading (full: 1000000)
  --only=phial,fastify    contestants to run: node, phial, fastify, express, hono, phial-node24,
                          bun, phial-bun, hono-bun (Node 24 and Bun from .cache/runtimes)
  --skip=router,startup   parts to leave out: http, router, startup
  --out=DIR               where benchmarks.md and .svg go (full: docs/, quick: bench/results/)
  --report=FILE           write benchmarks.md and .svg again from a saved bench/results/*.json`;

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
 * readSettings(['--quick'])?.rounds; // 1
 * ```
 */
export function readSettings(argv: string[]): Settings | null {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      quick: { type: 'boolean', default: false },
      pin: { type: 'boolean', default: true },
      help: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      settle: { type: 'string' },
      connections: { type: 'string' },
      'memory-requests': { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
    },
  });
  if (values.help) return null;
  const skip = list(values.skip);
  const unknownPart = skip.find((part) => !PARTS.includes(part as Part));
  if (unknownPart !== undefined) throw new TypeError(`--skip takes ${PARTS.join(', ')}; got ${unknownPart}`);
  // npm runs scripts in bench/; INIT_CWD is where the user typed the command.
  const here = process.env['INIT_CWD'] ?? process.cwd();
  const report = values.report ? resolve(here, values.report) : null;
  const quick = values.quick;
  return {
    quick,
    connections: Math.max(1, Math.round(positive('connections', values.connections, 50))),
    // wrk takes whole seconds.
    warmup: Math.max(1, Math.round(positive('warmup', values.warmup, quick ? 1 : 2))),
    duration: Math.max(1, Math.round(positive('duration', values.duration, quick ? 1 : 2))),
    settle: Math.round(positive('settle', values.settle, 1)),
    rounds: Math.max(1, Math.round(positive('rounds', values.rounds, quick ? 1 : 5))),
    pin: values.pin,
    memoryRequests: positive('memory-requests', values['memory-requests'], quick ? 0 : 1_000_000),
    topUpLimit: quick ? 10 : 30,
    routerTime: quick ? 40 : 300,
    startupSamples: quick ? 3 : 9,
    only: list(values.only),
    skip: skip as Part[],
    out: values.out ? resolve(here, values.out) : null,
    report,
  };
}
