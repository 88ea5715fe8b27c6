/**
 * What every contestant serves: the same four scenarios, the same 50 extra routes around
 * `/user/:id`, the same secret. Each server file imports these so the apps differ only in the
 * framework.
 */

/** Scenario 1's body, sent as `text/plain; charset=utf-8`. */
export const HELLO = 'Hello, World!';

/** Signs (or, for Fastify's secure-session, encrypts) the scenario 3 session. Bench-only. */
export const SECRET = 'phial-bench-secret-that-is-long-enough-0123456789';

const RESOURCES = [
  'posts',
  'comments',
  'teams',
  'projects',
  'orders',
  'invoices',
  'products',
  'tags',
  'files',
  'events',
] as const;

const SHAPES = [
  ['R', ':id'],
  ['R', ':id', 'edit'],
  ['R', ':id', 'history'],
  ['R', ':id', 'members', ':member'],
  ['api', 'v1', 'R', ':id'],
] as const;

/**
 * The 50 parameterised routes registered around `/user/:id` (25 before, 25 after, so a router that
 * scans in order is neither favoured nor punished), as segments where `:name` is a variable.
 *
 * @example
 * ```ts
 * OTHER_ROUTES[0]; // ['posts', ':id']
 * ```
 */
export const OTHER_ROUTES: readonly (readonly string[])[] = RESOURCES.flatMap((resource) =>
  SHAPES.map((shape) => shape.map((segment) => (segment === 'R' ? resource : segment))),
);

/** The routes before `/user/:id`; {@link routesAfter} gives the rest. */
export function routesBefore(): readonly (readonly string[])[] {
  return OTHER_ROUTES.slice(0, OTHER_ROUTES.length / 2);
}

/** The routes after `/user/:id`. */
export function routesAfter(): readonly (readonly string[])[] {
  return OTHER_ROUTES.slice(OTHER_ROUTES.length / 2);
}

/**
 * A route in the `:name` syntax of Fastify, Express and Hono.
 *
 * @example
 * ```ts
 * colonRule(['posts', ':id', 'edit']); // '/posts/:id/edit'
 * ```
 */
export function colonRule(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/**
 * A route in Werkzeug's syntax for Phial: `:id` becomes `<int:id>` (as `/user/<int:id>`), any other
 * variable a plain `<name>`.
 *
 * @example
 * ```ts
 * werkzeugRule(['posts', ':id', 'members', ':member']); // '/posts/<int:id>/members/<member>'
 * ```
 */
export function werkzeugRule(segments: readonly string[]): string {
  const parts = segments.map((segment) => {
    if (segment === ':id') return '<int:id>';
    return segment.startsWith(':') ? `<${segment.slice(1)}>` : segment;
  });
  return `/${parts.join('/')}`;
}

/** The body the 50 extra routes answer with; never requested by the load, only registered. */
export function otherBody(index: number): { route: number } {
  return { route: index };
}
