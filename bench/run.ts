/**
 * `npm run bench`: builds the contestants, runs the HTTP load, the router micro-benchmark and the
 * start-up measurement, then writes benchmarks.md and benchmarks.svg (docs/ for a full run,
 * bench/results/ for --quick) and the raw figures to bench/results/. `--report=FILE` writes the
 * page and the chart again from saved raw figures, measuring nothing. See bench/README.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildAll, CONTESTANTS, type Contestant } from './harness/build.ts';
import { renderChart } from './harness/chart.ts';
import { runHttp } from './harness/http.ts';
import { currentLoad, describeMachine } from './harness/machine.ts';
import { runRouters, runStartup } from './harness/micro.ts';
import { readSettings, type Settings, USAGE } from './harness/options.ts';
import { DOCS_DIR, RESULTS_DIR, ROOT_DIR } from './harness/paths.ts';
import { choosePinning } from './harness/pinning.ts';
import { renderReport } from './harness/report.ts';
import type { RunResults } from './harness/results.ts';
import { runtimeBinary } from './harness/runtimes.ts';
import { checkTargets } from './harness/targets.ts';
import { wrkVersion } from './harness/wrk.ts';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function preflight(): void {
  if (!existsSync(join(ROOT_DIR, 'node_modules', 'busboy'))) {
    throw new Error("Phial's own dependencies are missing: run `npm install` at the repository root first.");
  }
  if (!existsSync(join(ROOT_DIR, 'dist', 'index.js'))) {
    throw new Error('Phial is not built: run `npm run build` at the repository root (`npm run bench` does).');
  }
  if (wrkVersion() === null) {
    throw new Error('wrk is not installed: `apt-get install wrk` (or set WRK to its path).');
  }
}

function chooseContestants(settings: Settings): Contestant[] {
  const unknown = settings.only.filter((id) => !CONTESTANTS.some((each) => each.id === id));
  if (unknown.length > 0) {
    throw new TypeError(`--only takes ${CONTESTANTS.map((each) => each.id).join(', ')}; got ${unknown}`);
  }
  // Bare node:http always runs: every ratio is to it.
  const chosen = CONTESTANTS.filter(
    (each) => settings.only.length === 0 || settings.only.includes(each.id) || each.id === 'node',
  );
  return chosen.filter((each) => {
    if (runtimeBinary(each.runtime) !== null) return true;
    log(`leaving out ${each.name}: ${each.runtime} is not installed (bash .ci/runtimes.sh installs it)`);
    return false;
  });
}

async function measure(settings: Settings): Promise<RunResults> {
  preflight();
  log('building the contestants');
  await buildAll();
  const contestants = chooseContestants(settings);
  const pinning = choosePinning(settings.pin);
  const results: RunResults = {
    machine: describeMachine(pinning),
    settings,
    servers: contestants.map((each) => each.id),
  };
  if (!settings.skip.includes('http')) {
    // The baseline is measured once more than the others together (see bracketed() in http.ts).
    const measured = 2 * contestants.length - 1;
    const seconds =
      4 *
      (contestants.length * settings.warmup +
        measured * settings.rounds * (settings.duration + settings.settle));
    const most = seconds + contestants.length * (settings.memoryRequests > 0 ? settings.topUpLimit : 0);
    log(`HTTP: ${contestants.map((each) => each.name).join(', ')} (${Math.ceil(most / 60)} min at most)`);
    results.http = await runHttp(contestants, settings, pinning);
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
  const stamp = results.machine.date.replace(/[:.]/g, '-');
  const raw = join(RESULTS_DIR, `${settings.quick ? 'quick' : 'full'}-${stamp}.json`);
  writeFileSync(raw, `${JSON.stringify(results, null, 2)}\n`);
  log(`raw figures: ${relative(process.cwd(), raw)}`);
  return results;
}

function publish(results: RunResults, out: string): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'benchmarks.md'), renderReport(results));
  writeFileSync(join(out, 'benchmarks.svg'), renderChart(results));
  for (const check of checkTargets(results)) {
    const mark = check.met === null ? '-' : check.met ? 'met' : 'NOT met';
    log(`  [${mark}] ${check.target}: ${check.figure}`);
  }
  for (const warning of results.http?.warnings ?? []) log(`  warning: ${warning}`);
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  if (settings === null) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const results =
    settings.report === null
      ? await measure(settings)
      : (JSON.parse(readFileSync(settings.report, 'utf8')) as RunResults);
  // A quick run never overwrites the published page unless --out says so.
  const out = settings.out ?? (results.settings.quick ? RESULTS_DIR : DOCS_DIR);
  publish(results, out);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  log(`wrote ${relative(process.cwd(), join(out, 'benchmarks.md'))} and .svg in ${minutes} min`);
}

await main();
