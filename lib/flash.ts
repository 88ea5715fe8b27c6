/**
 * Message flashing: record a message at the end of one request and show it on the next one
 * (usually after a redirect). Messages live in the session under `_flashes`, as `[category,
 * message]` tuples, exactly where Flask keeps them, so a Flask app sees them too.
 */
import type { RequestContext } from './context.ts';
import { Tuple, tuple } from './sessions/python-types.ts';

/** Options of {@link getFlashedMessages}. */
export interface FlashedMessagesOptions {
  /** Return `[category, message]` pairs instead of messages alone. */
  withCategories?: boolean;
  /** Only the messages of these categories. */
  categoryFilter?: readonly string[];
}

/** A flashed message with its category, as `getFlashedMessages(ctx, { withCategories: true })` gives it. */
export type Flash = [category: string, message: string];

// Messages popped from the session once per request, kept for repeated calls in that request.
const popped = new WeakMap<RequestContext<any>, Flash[]>();

/**
 * Flashes a message to the next request.
 *
 * @example
 * ```ts
 * flash(ctx, 'You were logged in.');
 * flash(ctx, 'Invalid password.', 'error');
 * ```
 */
export function flash(ctx: RequestContext<any>, message: string, category = 'message'): void {
  const session = ctx.session as RequestContext['session'];
  const current = session.get('_flashes');
  const flashes: unknown[] = Array.isArray(current) ? [...current] : [];
  flashes.push(tuple(category, message));
  session.set('_flashes', flashes);
}

/**
 * The flashed messages, removed from the session on the first call of a request (later calls
 * in the same request return the same list).
 *
 * @example
 * ```ts
 * getFlashedMessages(ctx); // ['You were logged in.']
 * getFlashedMessages(ctx, { withCategories: true, categoryFilter: ['error'] }); // [['error', 'Invalid password.']]
 * ```
 */
export function getFlashedMessages(
  ctx: RequestContext<any>,
  options?: { withCategories?: false; categoryFilter?: readonly string[] },
): string[];
export function getFlashedMessages(
  ctx: RequestContext<any>,
  options: { withCategories: true; categoryFilter?: readonly string[] },
): Flash[];
export function getFlashedMessages(
  ctx: RequestContext<any>,
  options: FlashedMessagesOptions = {},
): string[] | Flash[] {
  let flashes = popped.get(ctx);
  if (flashes === undefined) {
    const session = ctx.session as RequestContext['session'];
    flashes = session.has('_flashes') ? toFlashes(session.pop('_flashes')) : [];
    popped.set(ctx, flashes);
  }
  const filter = options.categoryFilter;
  const chosen =
    filter && filter.length > 0 ? flashes.filter(([category]) => filter.includes(category)) : flashes;
  if (options.withCategories) return chosen.map(([category, message]): Flash => [category, message]);
  return chosen.map(([, message]) => message);
}

/** Reads stored flashes leniently: anything that is not a `[category, message]` pair is skipped. */
function toFlashes(stored: unknown): Flash[] {
  if (!Array.isArray(stored)) return [];
  const flashes: Flash[] = [];
  for (const item of stored) {
    if ((Array.isArray(item) || item instanceof Tuple) && item.length === 2) {
      flashes.push([String(item[0]), String(item[1])]);
    }
  }
  return flashes;
}
