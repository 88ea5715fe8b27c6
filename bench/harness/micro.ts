/**
 * Runs the two micro-benchmarks of .build/micro/ in child processes (plain node, no loader) and
 * collects their `BENCH_JSON` lines: the router benchmark once per router, the start-up one in
 * several cold processes per mode.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Settings } from './options.ts';
import { BUILD_DIR } from './paths.ts';
import { type Spread, spread } from './stats.ts';

/** The routers, in table order; ids are what micro/router.ts takes. */
export const ROUTERS = [
  { id: 'phial', name: 'Phial (UrlMap)' },
  { id: 'find-my-way', name: 'find-my-way' },
  { id: 'rou3', name: 'rou3' },
  { id: 'rou3-compiled', name: 'rou3 (compiled)' },
  { id: 'hono-regexp', name: 'Hono RegExpRouter' },
] as const;

/** The cases of micro/router.ts, in table order. */
export const ROUTER_CASES = [
  'short static',
  'static with same radix',
  'dynamic route',
  'mixed static dynamic',
  'long static',
  'wildcard',
  'all together',
  '200 routes',
] as const;

/** ns per match for each case, by router id. */
export type RouterFigures = Record<string, Record<string, number>>;

/** Start-up figures of one mode over several cold processes. */
export interface StartupFigures {
  mode: 'urlmap' | 'app';
  routes: number;
  totalMs: Spread;
  registerMs: Spread;
  compileMs: Spread;
}

function runJson<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(BUILD_DIR, 'micro', script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.split('\n').find((each) => each.startsWith('BENCH_JSON '));
      if (code !== 0 || line === undefined) reject(new Error(`${script} ${args.join(' ')} failed (${code})`));
      else resolve(JSON.parse(line.slice('BENCH_JSON '.length)) as T);
    });
  });
}

/**
 * ns per match of every router on every case.
 *
 * @example
 * ```ts
 * (await runRouters(settings))['find-my-way']?.['all together']; // 107.1
 * ```
 */
export async function runRouters(settings: Settings): Promise<RouterFigures> {
  const figures: RouterFigures = {};
  for (const router of ROUTERS) {
    process.stderr.write(`  router ${router.name}\n`);
    const { ns } = await runJson<{ ns: Record<string, number> }>('router.mjs', [
      router.id,
      String(settings.routerTime),
    ]);
    figures[router.id] = ns;
  }
  return figures;
}

/**
 * Medians of `startupSamples` cold processes, for a bare UrlMap and for an App.
 *
 * @example
 * ```ts
 * (await runStartup(settings))[1]?.totalMs.median; // ms to register and compile 1,000 routes in an App
 * ```
 */
export async function runStartup(settings: Settings): Promise<StartupFigures[]> {
  const figures: StartupFigures[] = [];
  for (const mode of ['urlmap', 'app'] as const) {
    const samples: { routes: number; registerMs: number; compileMs: number; totalMs: number }[] = [];
    for (let index = 0; index < settings.startupSamples; index++) {
      samples.push(await runJson('startup.mjs', [mode]));
    }
    figures.push({
      mode,
      routes: samples[0]?.routes ?? 0,
      totalMs: spread(samples.map((sample) => sample.totalMs)),
      registerMs: spread(samples.map((sample) => sample.registerMs)),
      compileMs: spread(samples.map((sample) => sample.compileMs)),
    });
  }
  return figures;
}
