/**
 * Router micro-benchmark: ns per match with mitata, one router per process (so no router's code
 * shares the JIT's type feedback with another's), on delvedor's 12 routes and on 200 REST routes.
 *
 *   node .build/micro/router.mjs <router> <minCpuTimeMs>
 *
 * prints one `BENCH_JSON {...}` line. Every router must find the expected route for every lookup
 * before it is timed.
 */

import FindMyWay from 'find-my-way';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { do_not_optimize, measure } from 'mitata';
import { addRoute, createRouter, findRoute } from 'rou3';
import { compileRouter } from 'rou3/compiler';
import { UrlMap } from '../../lib/routing/map.ts';
import {
  API_LOOKUPS,
  apiRoutes,
  DELVEDOR_LOOKUPS,
  DELVEDOR_ROUTES,
  type Lookup,
  type RouteDef,
  toRou3,
  toWerkzeug,
} from './routes.ts';

/** Finds the index of the route that serves a method and path, or undefined. */
type Find = (method: string, path: string) => number | undefined;

/** Builds a router from a route set; the index of each route is what `find` returns. */
type RouterFactory = (routes: readonly RouteDef[]) => Find;

function phial(routes: readonly RouteDef[]): Find {
  const map = new UrlMap();
  routes.forEach((route, index) => {
    map.add(toWerkzeug(route.path), { endpoint: String(index), methods: [route.method] });
  });
  map.compile();
  return (method, path) => {
    const result = map.match(path, method);
    return result.kind === 'match' ? Number(result.rule.endpoint) : undefined;
  };
}

function findMyWay(routes: readonly RouteDef[]): Find {
  const router = FindMyWay();
  routes.forEach((route, index) => {
    router.on(route.method as 'GET', route.path, () => {}, { index });
  });
  return (method, path) =>
    (router.find(method as 'GET', path)?.store as { index: number } | undefined)?.index;
}

function rou3Router(routes: readonly RouteDef[]) {
  const router = createRouter<number>();
  routes.forEach((route, index) => {
    addRoute(router, route.method, toRou3(route.path), index);
  });
  return router;
}

function rou3(routes: readonly RouteDef[]): Find {
  const router = rou3Router(routes);
  return (method, path) => findRoute(router, method, path)?.data;
}

function rou3Compiled(routes: readonly RouteDef[]): Find {
  const match = compileRouter(rou3Router(routes));
  return (method, path) => match(method, path)?.data;
}

function honoRegExp(routes: readonly RouteDef[]): Find {
  const router = new RegExpRouter<number>();
  routes.forEach((route, index) => {
    router.add(route.method, route.path, index);
  });
  return (method, path) => router.match(method, path)[0][0]?.[0];
}

const ROUTERS: Record<string, RouterFactory> = {
  phial,
  'find-my-way': findMyWay,
  rou3,
  'rou3-compiled': rou3Compiled,
  'hono-regexp': honoRegExp,
};

function verify(name: string, find: Find, lookups: readonly Lookup[]): void {
  for (const lookup of lookups) {
    const found = find(lookup.method, lookup.path);
    if (found !== lookup.expected) {
      throw new Error(
        `${name}: ${lookup.method} ${lookup.path} found route ${found}, expected ${lookup.expected}`,
      );
    }
  }
}

/**
 * Wall time each measured function first runs untimed. A router that generates code (rou3's
 * compiler, Phial) has large functions that V8 optimizes on a background thread: on a busy
 * 2-core machine that took up to 25 ms, most of a `--quick` budget, which then timed the
 * unoptimized code (Phial's 200 routes at 280 ns one run, 65 the next). Same for every router.
 */
const WARM_UP_MS = 100;

/** Median ns of one call of `fn`, once the JIT has had {@link WARM_UP_MS} to settle. */
async function nsPerCall(fn: () => void, minCpuTimeMs: number): Promise<number> {
  const until = performance.now() + WARM_UP_MS;
  while (performance.now() < until) for (let index = 0; index < 1000; index++) fn();
  const stats = await measure(fn, { min_cpu_time: minCpuTimeMs * 1e6 });
  return stats.p50;
}

async function main(): Promise<void> {
  const [name = '', budget = '300'] = process.argv.slice(2);
  const factory = ROUTERS[name];
  if (factory === undefined)
    throw new Error(`unknown router ${name}; one of ${Object.keys(ROUTERS).join(', ')}`);
  const minCpuTimeMs = Number(budget);
  const small = factory(DELVEDOR_ROUTES);
  const large = factory(apiRoutes(20));
  verify(name, small, DELVEDOR_LOOKUPS);
  verify(name, large, API_LOOKUPS);

  const ns: Record<string, number> = {};
  for (const lookup of DELVEDOR_LOOKUPS) {
    const { method, path } = lookup;
    ns[lookup.name] = await nsPerCall(() => do_not_optimize(small(method, path)), minCpuTimeMs);
  }
  // Per match: the time of the whole batch divided by its size, as the issue asks ns per match.
  const together = await nsPerCall(() => {
    for (const lookup of DELVEDOR_LOOKUPS) do_not_optimize(small(lookup.method, lookup.path));
  }, minCpuTimeMs);
  ns['all together'] = together / DELVEDOR_LOOKUPS.length;
  const api = await nsPerCall(() => {
    for (const lookup of API_LOOKUPS) do_not_optimize(large(lookup.method, lookup.path));
  }, minCpuTimeMs);
  ns['200 routes'] = api / API_LOOKUPS.length;
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ router: name, ns })}\n`);
}

await main();
