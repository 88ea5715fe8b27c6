/**
 * Start-up: how long a cold process takes to register and compile 1,000 routes in Phial.
 *
 *   node .build/micro/startup.mjs urlmap|app
 *
 * `urlmap` times `UrlMap.add` ×1000 and `compile()`; `app` times `app.route(...)(view)` ×1000
 * and compiling the app's map, which is what an app pays before its first request. The compile
 * figure includes the first match: the map generates the code of a subtree when a path first
 * needs it, so that match finishes the work the request needs. Module loading is not counted.
 * Prints one `BENCH_JSON {...}` line; the harness runs several processes and takes the median.
 */
import { App } from '../../lib/index.ts';
import { UrlMap } from '../../lib/routing/map.ts';
import { apiRoutes, toWerkzeug } from './routes.ts';

/** The routes in Werkzeug's syntax, converted before timing: the conversion is not Phial's work. */
const ROUTES = apiRoutes(100).map((route, index) => ({
  rule: toWerkzeug(route.path),
  endpoint: `route${index}`,
  methods: [route.method],
}));

function timeUrlMap(): { registerMs: number; compileMs: number } {
  const start = performance.now();
  const map = new UrlMap();
  for (const route of ROUTES) map.add(route.rule, { endpoint: route.endpoint, methods: route.methods });
  const registered = performance.now();
  map.compile();
  if (map.match('/reports4/42/items/7', 'GET').kind !== 'match') throw new Error('the map does not match');
  const compiled = performance.now();
  return { registerMs: registered - start, compileMs: compiled - registered };
}

function timeApp(): { registerMs: number; compileMs: number } {
  const start = performance.now();
  const app = new App();
  for (const route of ROUTES) {
    app.route(route.rule, { endpoint: route.endpoint, methods: route.methods })(() => 'ok');
  }
  const registered = performance.now();
  app.urlMap.compile();
  if (app.urlMap.match('/reports4/42/items/7', 'GET').kind !== 'match')
    throw new Error('the app does not match');
  const compiled = performance.now();
  return { registerMs: registered - start, compileMs: compiled - registered };
}

const mode = process.argv[2] ?? 'urlmap';
const figures = mode === 'app' ? timeApp() : timeUrlMap();
process.stdout.write(
  `BENCH_JSON ${JSON.stringify({ mode, routes: ROUTES.length, ...figures, totalMs: figures.registerMs + figures.compileMs })}\n`,
);
