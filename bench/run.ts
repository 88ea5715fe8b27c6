/**
 * `npm run bench`: builds the contestants, runs the HTTP load, the router micro-benchmark and the
 * start-up measurement, then writes benchmarks.md and benchmarks.svg (docs/ for a full run,
 * bench/results/ for --quick) and the raw figures to bench/results/. See bench/README.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildAll, CONTESTANTS } from './harness/build.ts';
import { renderChart } from './harness/chart.ts';
import { runHttp } from './harness/http.ts';
import { currentLoad, describeMachine } from './harness/machine.ts';
import { runRouters, runStartup } from './harness/micro.ts';
import { readSettings, USAGE } from './harness/options.ts';
import { DOCS_DIR, RESULTS_DIR, ROOT_DIR } from './harness/paths.ts';
import { renderReport } from './harness/report.ts';
import type { RunResults } from './harness/results.ts';
import { checkTargets } from './harness/targets.ts';
import { wrkVersion } from './harness/wrk.ts';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function preflight(): void {
  if (!existsSync(join(ROOT_DIR, 'node_modules', 'busboy'))) {
    throw new Error("Phial's own dependencies are missing: run `npm install` at the repository root first.");
  }
  if (wrkVersion() === null) {
    throw new Error('wrk is not installed: `apt-get install wrk` (or set WRK to its path).');
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), { full: DOCS_DIR, quick: RESULTS_DIR });
  if (settings === null) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  preflight();
  log('building the contestants');
  await buildAll();
  const contestants = CONTESTANTS.filter(
    (each) => settings.only.length === 0 || settings.only.includes(each.id) || each.id === 'node',
  );
  const results: RunResults = {
    machine: describeMachine(),
    settings,
    servers: contestants.map((each) => each.id),
  };
  if (!settings.skip.includes('http')) {
    log(`HTTP: ${contestants.map((each) => each.name).join(', ')}`);
    results.http = await runHttp(contestants, settings);
  }
  if (!settings.skip.includes('router')) {
    log('router micro-benchmark');
    results.routers = await runRouters(settings);
  }
  if (!settings.skip.includes('startup')) {
    log(`start-up: ${settings.startupSamples} cold processes per mode`);
    results.startup = await runStartup(settings);
  }
  results.machine.loadEnd = currentLoad();

  mkdirSync(RESULTS_DIR, { recursive: true });
  mkdirSync(settings.out, { recursive: true });
  const stamp = results.machine.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS_DIR, `${settings.quick ? 'quick' : 'full'}-${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(join(settings.out, 'benchmarks.md'), renderReport(results));
  writeFileSync(join(settings.out, 'benchmarks.svg'), renderChart(results));

  for (const check of checkTargets(results)) {
    const mark = check.met === null ? '-' : check.met ? 'met' : 'NOT met';
    log(`  [${mark}] ${check.target}: ${check.figure}`);
  }
  for (const warning of results.http?.warnings ?? []) log(`  warning: ${warning}`);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  log(`wrote ${relative(process.cwd(), join(settings.out, 'benchmarks.md'))} and .svg in ${minutes} min`);
}

await main();
