/**
 * Route sets for the router micro-benchmark and the start-up measurement, written once in the
 * `:param` / `*` syntax and converted for each router.
 */

/** A route: method and path, `:name` for a segment variable, a final `*` for the rest of the path. */
export interface RouteDef {
  method: string;
  path: string;
}

/** A lookup to measure, and the index in its route set of the route it must find. */
export interface Lookup {
  name: string;
  method: string;
  path: string;
  expected: number;
}

/**
 * The 12 routes of delvedor's router-benchmark (github.com/delvedor/router-benchmark), the
 * standard set of find-my-way's comparisons, in its order.
 */
export const DELVEDOR_ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: '/user' },
  { method: 'GET', path: '/user/comments' },
  { method: 'GET', path: '/user/avatar' },
  { method: 'GET', path: '/user/lookup/username/:username' },
  { method: 'GET', path: '/user/lookup/email/:address' },
  { method: 'GET', path: '/event/:id' },
  { method: 'GET', path: '/event/:id/comments' },
  { method: 'POST', path: '/event/:id/comment' },
  { method: 'GET', path: '/map/:location/events' },
  { method: 'GET', path: '/status' },
  { method: 'GET', path: '/very/deeply/nested/route/hello/there' },
  { method: 'GET', path: '/static/*' },
];

/** Its six tests; "all together" runs the six in a row. */
export const DELVEDOR_LOOKUPS: readonly Lookup[] = [
  { name: 'short static', method: 'GET', path: '/user', expected: 0 },
  { name: 'static with same radix', method: 'GET', path: '/user/comments', expected: 1 },
  { name: 'dynamic route', method: 'GET', path: '/user/lookup/username/john', expected: 3 },
  { name: 'mixed static dynamic', method: 'GET', path: '/event/abcd1234/comments', expected: 6 },
  { name: 'long static', method: 'GET', path: '/very/deeply/nested/route/hello/there', expected: 10 },
  { name: 'wildcard', method: 'GET', path: '/static/index.html', expected: 11 },
];

const RESOURCES = [
  'users',
  'posts',
  'teams',
  'projects',
  'orders',
  'invoices',
  'products',
  'tags',
  'files',
  'events',
  'accounts',
  'articles',
  'boards',
  'carts',
  'devices',
  'groups',
  'issues',
  'messages',
  'notes',
  'reports',
];

/**
 * Ten routes per resource, the shape of a REST API: statics, variables, methods, nesting. No static
 * segment beside a variable (`/users/new` next to `/users/:id`): Hono's RegExpRouter refuses such a
 * pair (Hono's SmartRouter then falls back to its TrieRouter), so the set avoids it.
 */
const SHAPES: readonly RouteDef[] = [
  { method: 'GET', path: '/R' },
  { method: 'POST', path: '/R' },
  { method: 'GET', path: '/admin/R' },
  { method: 'GET', path: '/R/:id' },
  { method: 'PUT', path: '/R/:id' },
  { method: 'DELETE', path: '/R/:id' },
  { method: 'GET', path: '/R/:id/edit' },
  { method: 'GET', path: '/R/:id/items' },
  { method: 'GET', path: '/R/:id/items/:item' },
  { method: 'GET', path: '/v2/R/:id' },
];

function resourceName(index: number): string {
  const word = RESOURCES[index % RESOURCES.length] as string;
  const lap = Math.floor(index / RESOURCES.length);
  return lap === 0 ? word : `${word}${lap}`;
}

/**
 * `resources × 10` REST routes: `apiRoutes(20)` is the 200-route set, `apiRoutes(100)` the
 * 1,000 routes of the start-up measurement.
 *
 * @example
 * ```ts
 * apiRoutes(20)[3]; // { method: 'GET', path: '/users/:id' }
 * ```
 */
export function apiRoutes(resources: number): RouteDef[] {
  const routes: RouteDef[] = [];
  for (let index = 0; index < resources; index++) {
    const name = resourceName(index);
    for (const shape of SHAPES) routes.push({ method: shape.method, path: shape.path.replace('R', name) });
  }
  return routes;
}

function lookup(method: string, path: string, resource: number, shape: number): Lookup {
  return { name: `${method} ${path}`, method, path, expected: resource * SHAPES.length + shape };
}

/** Ten lookups spread over the 200-route set: first and last resources, every kind of shape. */
export const API_LOOKUPS: readonly Lookup[] = [
  lookup('GET', '/users', 0, 0),
  lookup('POST', '/reports', 19, 1),
  lookup('GET', '/admin/groups', 15, 2),
  lookup('GET', '/users/42', 0, 3),
  lookup('PUT', '/posts/42', 1, 4),
  lookup('DELETE', '/reports/42', 19, 5),
  lookup('GET', '/events/42/edit', 9, 6),
  lookup('GET', '/carts/42/items', 13, 7),
  lookup('GET', '/reports/42/items/7', 19, 8),
  lookup('GET', '/v2/notes/42', 18, 9),
];

/**
 * A route in Werkzeug's syntax, for Phial: `:name` is `<name>`, a final `*` is `<path:wildcard>`.
 *
 * @example
 * ```ts
 * toWerkzeug('/event/:id/comments'); // '/event/<id>/comments'
 * ```
 */
export function toWerkzeug(path: string): string {
  return path.replace(/:(\w+)/g, '<$1>').replace(/\*$/, '<path:wildcard>');
}

/**
 * A route in rou3's syntax: a final `*` (one segment there) is `**` (the rest of the path).
 *
 * @example
 * ```ts
 * toRou3('/static/*'); // '/static/**'
 * ```
 */
export function toRou3(path: string): string {
  return path.replace(/\*$/, '**');
}
