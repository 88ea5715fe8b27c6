/**
 * Keyword arguments as nunjucks passes them: `f(a, b=1)` calls `f(a, { b: 1, __keywords: true })`.
 * These helpers give filters and globals Python's calling convention back.
 */

/** The keyword arguments of a call, as nunjucks marks them. */
export type Keywords = Record<string, unknown> & { __keywords: true };

/**
 * Whether a value is the keyword-argument object nunjucks appends to a call.
 *
 * @example
 * ```ts
 * isKeywords({ page: 2, __keywords: true }); // true
 * ```
 */
export function isKeywords(value: unknown): value is Keywords {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, '__keywords');
}

/**
 * Splits a call's arguments into positional ones and keyword ones (without the marker).
 *
 * @example
 * ```ts
 * splitKeywords(['x', { page: 2, __keywords: true }]); // { args: ['x'], kwargs: { page: 2 } }
 * ```
 */
export function splitKeywords(args: readonly unknown[]): {
  args: unknown[];
  kwargs: Record<string, unknown>;
} {
  const last = args[args.length - 1];
  if (!isKeywords(last)) return { args: [...args], kwargs: {} };
  const kwargs: Record<string, unknown> = {};
  for (const key of Object.keys(last)) if (key !== '__keywords') kwargs[key] = last[key];
  return { args: args.slice(0, -1), kwargs };
}

/**
 * Binds positional and keyword arguments to parameter names, as Python does; missing ones are
 * `undefined` (so JavaScript defaults apply). An unknown keyword or a parameter given twice is a
 * TypeError naming the function.
 *
 * @example
 * ```ts
 * bindArguments('default', ['value', 'default_value', 'boolean'], ['', 'x', { boolean: true, __keywords: true }]);
 * // ['', 'x', true]
 * ```
 */
export function bindArguments(name: string, params: readonly string[], given: readonly unknown[]): unknown[] {
  const { args, kwargs } = splitKeywords(given);
  if (args.length > params.length) {
    throw new TypeError(`${name}() takes at most ${params.length} arguments (${args.length} given)`);
  }
  const bound = args;
  for (const key of Object.keys(kwargs)) {
    const index = params.indexOf(key);
    if (index === -1) throw new TypeError(`${name}() got an unexpected keyword argument '${key}'`);
    if (index < args.length) throw new TypeError(`${name}() got multiple values for argument '${key}'`);
    bound[index] = kwargs[key];
  }
  return bound;
}

/**
 * Wraps a function of named parameters so that templates may call it Python's way, with
 * positional or keyword arguments.
 *
 * @example
 * ```ts
 * const truncate = withKeywords('truncate', ['s', 'length'], (s: string, length = 255) => s.slice(0, length));
 * truncate('abcdef', { length: 3, __keywords: true }); // 'abc'
 * ```
 */
export function withKeywords<F extends (...args: any[]) => unknown>(
  name: string,
  params: readonly string[],
  fn: F,
): (...args: unknown[]) => ReturnType<F> {
  return function pythonCall(this: unknown, ...given: unknown[]): ReturnType<F> {
    return fn.apply(this, bindArguments(name, params, given)) as ReturnType<F>;
  };
}
