/**
 * The targets of issues 4 (Phial on Node) and 12 (Phial on Bun), checked against a run's figures. A target reads "met", "not met", or
 * "not measured" when its part was skipped or its condition (1M requests) was not reached.
 */
import type { RunResults } from './results.ts';
import type { Spread } from './stats.ts';
import { ratio } from './summary.ts';

/** One line of the targets table. */
export interface TargetCheck {
  target: string;
  /** The figure the verdict rests on, as text. */
  figure: string;
  met: boolean | null;
}

const times = (value: number): string => `${value.toFixed(2)}×`;
const range = (value: Spread): string =>
  value.n > 1 ? `${times(value.median)} (${times(value.min)}–${times(value.max)})` : times(value.median);

function ratioTarget(
  results: RunResults,
  target: string,
  [server, scenario, baseServer, baseScenario]: [string, string, string, string],
  atLeast: number,
  strictly = false,
): TargetCheck {
  const measured =
    results.http && ratio(results.http.measurements, server, scenario, baseServer, baseScenario);
  if (!measured) return { target, figure: 'not measured', met: null };
  const met = strictly ? measured.median > atLeast : measured.median >= atLeast;
  return { target, figure: range(measured), met };
}

function routerTargets(results: RunResults): TargetCheck[] {
  const routers = results.routers;
  const together = 'Router: faster than find-my-way on the 12-route "all together"';
  const large = 'Router: not slower than any contestant on 200 routes';
  const phial = routers?.['phial'];
  if (routers === undefined || phial === undefined) {
    return [
      { target: together, figure: 'not measured', met: null },
      { target: large, figure: 'not measured', met: null },
    ];
  }
  const ns = (value: number | undefined): string => `${value?.toFixed(0) ?? '?'} ns`;
  const fmw = routers['find-my-way']?.['all together'];
  const own = phial['all together'];
  const others = Object.entries(routers).filter(([id]) => id !== 'phial');
  const fastest = others.reduce<[string, number] | null>((best, [id, figures]) => {
    const value = figures['200 routes'];
    return value !== undefined && (best === null || value < best[1]) ? [id, value] : best;
  }, null);
  const ownLarge = phial['200 routes'];
  return [
    {
      target: together,
      figure: `${ns(own)} vs ${ns(fmw)} per match`,
      met: own !== undefined && fmw !== undefined ? own < fmw : null,
    },
    {
      target: large,
      figure: `${ns(ownLarge)} vs ${ns(fastest?.[1])} (${fastest?.[0] ?? '?'}) per match`,
      met: ownLarge !== undefined && fastest !== null ? ownLarge <= fastest[1] : null,
    },
  ];
}

function memoryTarget(results: RunResults): TargetCheck {
  const target = 'Memory flat: heap after 1M requests within 10% of heap after warm-up';
  const phial = results.http?.memory.find((each) => each.server === 'phial');
  if (phial === undefined) return { target, figure: 'not measured', met: null };
  const before = phial.afterWarmup.heapUsed;
  const after = phial.afterLoad.heapUsed;
  const growth = (after - before) / before;
  const figure = `${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%) after ${phial.requests.toLocaleString('en-US')} requests`;
  return { target, figure, met: phial.requests >= 1_000_000 ? growth <= 0.1 : null };
}

function startupTarget(results: RunResults): TargetCheck {
  const target = 'Start-up: an app with 1,000 routes compiles in under 20 ms';
  const app = results.startup?.find((each) => each.mode === 'app');
  if (app === undefined) return { target, figure: 'not measured', met: null };
  const map = results.startup?.find((each) => each.mode === 'urlmap');
  const figure = `App ${app.totalMs.median.toFixed(1)} ms (UrlMap alone ${map?.totalMs.median.toFixed(1) ?? '?'} ms), median of ${app.totalMs.n} processes`;
  return { target, figure, met: app.totalMs.median < 20 };
}

/**
 * Every target of the issue with its verdict.
 *
 * @example
 * ```ts
 * checkTargets(results).filter((check) => check.met === false).length; // targets not met
 * ```
 */
export function checkTargets(results: RunResults): TargetCheck[] {
  return [
    ratioTarget(results, 'Hello: ≥ 0.95× bare node:http', ['phial', 'hello', 'node', 'hello'], 0.95),
    ratioTarget(results, 'Hello: ahead of Fastify', ['phial', 'hello', 'fastify', 'hello'], 1, true),
    ratioTarget(results, 'Param route: ≥ 0.90× bare node:http', ['phial', 'param', 'node', 'param'], 0.9),
    ratioTarget(
      results,
      "Session round trip: ≥ 0.80× bare node:http's hello",
      ['phial', 'session', 'node', 'hello'],
      0.8,
    ),
    ratioTarget(
      results,
      'Session round trip: ≥ 2× Fastify + secure-session',
      ['phial', 'session', 'fastify', 'session'],
      2,
    ),
    ratioTarget(
      results,
      'Session round trip: ≥ 5× Express + cookie-session',
      ['phial', 'session', 'express', 'session'],
      5,
    ),
    ratioTarget(
      results,
      'Bun, hello: Phial via app.fetch ≥ 0.90× Hono on Bun',
      ['phial-bun', 'hello', 'hono-bun', 'hello'],
      0.9,
    ),
    ratioTarget(
      results,
      'Bun, session round trip: Phial via app.fetch ≥ 2× Hono + signed cookie on Bun',
      ['phial-bun', 'session', 'hono-bun', 'session'],
      2,
    ),
    ratioTarget(
      results,
      'Templated page: ≥ 1.0× Fastify + @fastify/view (nunjucks)',
      ['phial', 'page', 'fastify', 'page'],
      1,
    ),
    ...routerTargets(results),
    memoryTarget(results),
    startupTarget(results),
  ];
}
