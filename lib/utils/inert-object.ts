/**
 * Objects that inherit nothing, kept fast: for maps from names a client chose (headers, route
 * params), where a key named `constructor` or `__proto__` must be an own property like any other.
 */

/**
 * A class whose instances inherit nothing: their prototype is an empty, frozen object that itself
 * has a null prototype. `Object.create(null)` gives the same lookups, but V8 makes such objects
 * hash tables (~200 bytes each); these keep fast properties, are allocated inline by `new`, and
 * measured ~25 ns cheaper to build and fill with a few keys.
 *
 * @example
 * ```ts
 * const Params = inertClass<Record<string, unknown>>();
 * const params = new Params();
 * params.constructor; // undefined
 * params['__proto__'] = 'x'; // an own property
 * ```
 */
export function inertClass<T extends object>(): new () => T {
  const Inert = function Inert() {} as unknown as new () => T;
  // A function's own prototype would hold `constructor`: this one holds nothing at all.
  Inert.prototype = Object.freeze(Object.create(null));
  return Inert;
}
