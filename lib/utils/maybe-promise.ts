/**
 * Layer utils/: helpers with no HTTP in them; imports nothing but Node's built-ins.
 *
 * Helpers for code that is synchronous unless something it calls returns a promise. A sync view
 * stays sync: nothing awaits a value that is not a promise, and no closure is made for it.
 */

/** A value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** Whether a value is a promise (or any thenable). */
export function isPromise<T>(value: unknown): value is Promise<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<T>).then === 'function'
  );
}

/**
 * Calls `next(state, value)` now when `value` is plain, or when it resolves. `next` is a
 * module-level function taking its state explicitly, so the sync path allocates nothing.
 */
export function then<S, T, U>(
  value: MaybePromise<T>,
  state: S,
  next: (state: S, value: T) => MaybePromise<U>,
): MaybePromise<U> {
  if (isPromise<T>(value)) return value.then((resolved) => next(state, resolved));
  return next(state, value);
}

/**
 * Calls `fn(state)`, sending a throw or a rejection to `onError(state, error)`.
 */
export function attempt<S, U>(
  state: S,
  fn: (state: S) => MaybePromise<U>,
  onError: (state: S, error: unknown) => MaybePromise<U>,
): MaybePromise<U> {
  let result: MaybePromise<U>;
  try {
    result = fn(state);
  } catch (error) {
    return onError(state, error);
  }
  if (isPromise<U>(result)) return result.then(undefined, (error: unknown) => onError(state, error));
  return result;
}
