/**
 * How a route gets its endpoint, the name `urlFor` builds from, and the check that a route's
 * second argument is options, not the view. Flask names an endpoint after its view function; a
 * TypeScript app also registers anonymous functions (`app.post('/items')(() => …)`), whose endpoint
 * is made from the rule and the methods, so that one URL may have an anonymous view per method.
 */

/** The methods of a route that does not list any, and those whose endpoint needs no suffix. */
const DEFAULT_METHODS = ['GET'];

/**
 * The endpoint a view gets when the route gives none: the decorated method's name, else the
 * function's name, else, for an anonymous function, a name made from its rule and methods. Each
 * variable gives its name and other characters become `_` (`/user/<int:id>` → `user_id`,
 * `/` → `index`); methods other than GET alone are added in lower case (`app.post('/items')` →
 * `items_post`, `['GET', 'POST']` → `items_get_post`).
 *
 * @example
 * ```ts
 * endpointFromView(function login() {}, '/login');        // 'login'
 * endpointFromView(() => '', '/user/<int:id>');           // 'user_id'
 * endpointFromView(() => '', '/items', undefined, ['POST']); // 'items_post'
 * ```
 */
export function endpointFromView(
  view: { name: string },
  rule: string,
  decoratedName?: string | symbol,
  methods?: readonly string[],
): string {
  if (typeof decoratedName === 'string' && decoratedName) return decoratedName;
  if (view.name && view.name !== 'anonymous') return view.name;
  return anonymousEndpoint(rule, methods);
}

/**
 * The endpoint of an anonymous view (see {@link endpointFromView}).
 *
 * @example
 * ```ts
 * anonymousEndpoint('/items/<int:id>', ['PUT']); // 'items_id_put'
 * ```
 */
export function anonymousEndpoint(rule: string, methods: readonly string[] = DEFAULT_METHODS): string {
  const derived =
    rule
      .replace(/<(?:[^>:]*:)?([^>]+)>/g, '$1')
      .replace(/[^A-Za-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'index';
  const names = [...new Set(methods.map((method) => method.toLowerCase()))];
  return names.length === 1 && names[0] === 'get' ? derived : [derived, ...names].join('_');
}

/**
 * Throws when a route was given something other than an options object: most often the view,
 * Express-style (`app.get('/', index)`), which would otherwise register nothing. The message shows
 * Phial's form, a decorator called with the view: `app.get('/')(index)`.
 *
 * @example
 * ```ts
 * checkRouteOptions('get', '/', function index() {}); // TypeError: … write app.get('/')(index) …
 * checkRouteOptions('post', '/login', undefined, 'auth'); // fine: options are optional
 * ```
 */
export function checkRouteOptions(method: string, rule: string, options: unknown, receiver = 'app'): void {
  if (options === undefined || (typeof options === 'object' && options !== null && !Array.isArray(options))) {
    return;
  }
  const call = `${receiver}.${method}('${rule}')`;
  if (typeof options === 'function') {
    const name = options.name || 'view';
    throw new TypeError(
      `${call} takes options, not the view: a route is a decorator, so write ${call}(${name}) ` +
        `(Flask's @${receiver}.${method}(…)).`,
    );
  }
  throw new TypeError(
    `${call}: the second argument must be an options object, such as { endpoint: 'home' }.`,
  );
}
