/**
 * The HTTP part of a run: every contestant in its own process, checked, warmed up, then measured
 * in interleaved rounds (round 1: N A N B N C N D N for each scenario, N the baseline; round 2:
 * N D N C N B N A N…), so a burst of noise from the machine hits every server alike and each
 * ratio compares measurements close in time. Memory is read after the warm-up and again once each
 * server has served `memoryRequests` requests.
 */
import type { MemoryReport } from '../servers/announce.ts';
import type { Contestant } from './build.ts';
import { cpuSeconds } from './cpu-time.ts';
import type { Settings } from './options.ts';
import type { Pinning } from './pinning.ts';
import { checkServer, SCENARIOS, type Scenario } from './scenarios.ts';
import { NODE_FLAGS, readMemory, type ServerProcess, startServer, stopServer } from './server-process.ts';
import { errorCount, rate, runWrk, type WrkResult } from './wrk.ts';

/** One measurement: a server, a scenario, a round. */
export interface Measurement {
  server: Contestant['id'];
  scenario: Scenario['id'];
  round: number;
  /** Position in the run's sequence of measurements; absent in figures saved before it existed. */
  seq?: number;
  rate: number;
  /** The server's own CPU time per request during the measurement, in µs (absent without /proc). */
  cpuUs?: number;
  result: WrkResult;
}

/** Memory of one server at the two readings. */
export interface MemoryFigures {
  server: Contestant['id'];
  afterWarmup: MemoryReport;
  afterLoad: MemoryReport;
  /** Requests served before the second reading. */
  requests: number;
}

/** What the HTTP part hands to the report. */
export interface HttpFigures {
  measurements: Measurement[];
  memory: MemoryFigures[];
  /** Problems worth a line in the report (errors, unread sessions, a short top-up). */
  warnings: string[];
  /** Node's flags for every server; absent in figures saved before they were recorded. */
  nodeFlags?: string[];
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The wrk side of a run: its settings and the core wrk runs on. */
interface Loader {
  settings: Settings;
  core: number | null;
}

async function load(server: ServerProcess, scenario: Scenario, loader: Loader, seconds: number) {
  const { settings, core } = loader;
  const result = await runWrk(server.url, scenario.load, {
    connections: settings.connections,
    seconds,
    core,
  });
  server.requests += result.requests;
  return result;
}

function inspect(result: WrkResult, server: ServerProcess, scenario: Scenario, settings: Settings): string[] {
  const warnings: string[] = [];
  const name = `${server.contestant.name}, ${scenario.name}`;
  if (errorCount(result) > 0) warnings.push(`${name}: wrk saw errors ${JSON.stringify(result.errors)}`);
  if (scenario.id === 'session' && result.resets > settings.connections) {
    warnings.push(`${name}: ${result.resets} answers were a new session (the cookie was not read back)`);
  }
  return warnings;
}

async function warmUp(servers: ServerProcess[], loader: Loader, warnings: string[]): Promise<void> {
  const settings = loader.settings;
  for (const server of servers) {
    for (const scenario of SCENARIOS) {
      const result = await load(server, scenario, loader, settings.warmup);
      warnings.push(...inspect(result, server, scenario, settings));
    }
  }
}

/**
 * The order of one scenario in one round: the baseline (bare node:http, the first server) before
 * the first contestant and again after each one, so that every contestant has a baseline
 * measurement on either side of it. On this 2-core VM the baseline's own rate swung from 42k to
 * 70k req/s between rounds of one run: a ratio to a baseline measured minutes apart carried that
 * swing, one to its neighbours in time much less. Every other round reverses the contestants.
 */
function bracketed(servers: readonly ServerProcess[], round: number): ServerProcess[] {
  const [baseline, ...contestants] = servers;
  if (baseline === undefined) return [];
  if (round % 2 === 0) contestants.reverse();
  return [baseline, ...contestants.flatMap((contestant) => [contestant, baseline])];
}

async function measureRounds(servers: ServerProcess[], loader: Loader, warnings: string[]) {
  const settings = loader.settings;
  const measurements: Measurement[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const scenario of SCENARIOS) {
      for (const server of bracketed(servers, round)) {
        // Between its measurements a contestant idles while the others run, and the baseline never
        // does: load it first, untimed, so its caches and connections are as warm (see NODE_FLAGS
        // for what idling did to V8's state).
        if (settings.settle > 0) await load(server, scenario, loader, settings.settle);
        const cpuBefore = cpuSeconds(server.child.pid);
        const result = await load(server, scenario, loader, settings.duration);
        const cpuAfter = cpuSeconds(server.child.pid);
        warnings.push(...inspect(result, server, scenario, settings));
        measurements.push({
          server: server.contestant.id,
          scenario: scenario.id,
          round,
          seq: measurements.length,
          rate: rate(result),
          ...(cpuBefore !== null &&
            cpuAfter !== null &&
            result.requests > 0 && { cpuUs: ((cpuAfter - cpuBefore) * 1e6) / result.requests }),
          result,
        });
        log(
          `  round ${round} ${scenario.id.padEnd(7)} ${server.contestant.name.padEnd(9)} ${rate(result).toFixed(0)} req/s`,
        );
      }
    }
  }
  return measurements;
}

/**
 * Loads a server with the hello scenario until it has served `memoryRequests` requests, in
 * slices sized from its measured rate, never longer than `topUpLimit` seconds in all.
 */
async function topUp(server: ServerProcess, loader: Loader, warnings: string[]): Promise<void> {
  const settings = loader.settings;
  const hello = SCENARIOS[0] as Scenario;
  let spent = 0;
  while (server.requests < settings.memoryRequests && spent < settings.topUpLimit) {
    const probe = await load(server, hello, loader, 1);
    spent += 1;
    const missing = settings.memoryRequests - server.requests;
    if (missing <= 0) break;
    const seconds = Math.min(Math.ceil(missing / Math.max(rate(probe), 1)), settings.topUpLimit - spent);
    if (seconds <= 0) break;
    await load(server, hello, loader, seconds);
    spent += seconds;
  }
  if (server.requests < settings.memoryRequests) {
    warnings.push(
      `${server.contestant.name}: served ${server.requests} requests before the second memory reading ` +
        `(${settings.memoryRequests} asked, top-up capped at ${settings.topUpLimit} s)`,
    );
  }
}

/**
 * Runs the HTTP part for the given contestants and stops every server it started, even on error.
 * With a pinning, every server runs on its core and wrk on its own.
 *
 * @example
 * ```ts
 * const figures = await runHttp(CONTESTANTS, settings, choosePinning(settings.pin));
 * ```
 */
export async function runHttp(
  contestants: readonly Contestant[],
  settings: Settings,
  pinning: Pinning | null,
): Promise<HttpFigures> {
  const servers: ServerProcess[] = [];
  const warnings: string[] = [];
  const loader: Loader = { settings, core: pinning?.load ?? null };
  try {
    for (const contestant of contestants) {
      const server = await startServer(contestant, pinning?.server ?? null);
      servers.push(server);
      await checkServer(contestant.name, server.url);
    }
    log(`warm-up: ${settings.warmup} s per server and scenario`);
    await warmUp(servers, loader, warnings);
    const afterWarmup = await Promise.all(servers.map(readMemory));
    log(`rounds: ${settings.rounds} × ${settings.duration} s, ${settings.connections} connections`);
    const measurements = await measureRounds(servers, loader, warnings);
    if (settings.memoryRequests > 0) log(`top-up to ${settings.memoryRequests} requests per server`);
    for (const server of servers) await topUp(server, loader, warnings);
    const memory: MemoryFigures[] = [];
    for (const [index, server] of servers.entries()) {
      memory.push({
        server: server.contestant.id,
        afterWarmup: afterWarmup[index] as MemoryReport,
        afterLoad: await readMemory(server),
        requests: server.requests,
      });
    }
    return { measurements, memory, warnings, nodeFlags: [...NODE_FLAGS] };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}
