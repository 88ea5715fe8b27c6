/**
 * What the doors (the server, app.fetch, the test client) agree on when they turn a Response into
 * bytes, so that they cannot drift apart: which statuses carry no body, the Content-Length of a
 * fixed body, how to read a stream chunk by chunk, and how to release a stream that will not be
 * read, or not to the end.
 */
import { isPromise } from '../utils/maybe-promise.ts';
import type { StreamBody } from './response.ts';

/**
 * 1xx, 204 and 304 never carry a body.
 *
 * @example
 * ```ts
 * isBodilessStatus(204); // true
 * ```
 */
export function isBodilessStatus(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/**
 * The Content-Length of a text, bytes or empty body, measured without encoding the text.
 *
 * @example
 * ```ts
 * fixedBodyLength('Привет'); // 12
 * ```
 */
export function fixedBodyLength(body: string | Uint8Array | null): number {
  if (body === null) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/**
 * Releases a streamed body that will not be read: a Node stream is destroyed, a web stream
 * cancelled, a generator returned (so its `finally` runs). Returns what cancel/return returned,
 * which may be a promise.
 *
 * @example
 * ```ts
 * await closeStream(response.body as StreamBody);
 * ```
 */
export function closeStream(body: StreamBody): unknown {
  const stream = body as { destroy?: () => void; cancel?: () => unknown; return?: () => unknown };
  if (typeof stream.destroy === 'function') return stream.destroy();
  if (typeof stream.cancel === 'function') return stream.cancel();
  if (typeof stream.return === 'function') return stream.return();
  return undefined;
}

/** One chunk of a streamed body. */
export type StreamChunk = string | Uint8Array;

/** The iterator a streamed body is read with: sync for an iterable, async for a stream. */
export type StreamIterator = Iterator<StreamChunk> | AsyncIterator<StreamChunk>;

/**
 * Starts reading a streamed body: its async iterator when it has one (Node and web streams, async
 * generators), else its sync iterator.
 *
 * @example
 * ```ts
 * const iterator = streamIterator(response.body as StreamBody);
 * ```
 */
export function streamIterator(body: StreamBody): StreamIterator {
  return Symbol.asyncIterator in body
    ? body[Symbol.asyncIterator]()
    : (body as Iterable<StreamChunk>)[Symbol.iterator]();
}

/**
 * Stops a producer mid-way: destroys a Node stream (a pending read only settles once it is
 * destroyed), then returns the iterator, so that a generator's `finally` runs. Returns what
 * `return()` returned, which may be a promise.
 *
 * @example
 * ```ts
 * await stopStream(body, iterator); // the client left
 * ```
 */
export function stopStream(body: StreamBody, iterator: StreamIterator): unknown {
  const stream = body as { destroy?: () => void };
  if (typeof stream.destroy === 'function') stream.destroy();
  return iterator.return?.();
}

/**
 * Runs a stream's cleanup ({@link stopStream}, {@link closeStream}) without letting it fail the
 * caller: a throw or a rejection (a generator's failing `finally`) goes to `report`.
 *
 * @example
 * ```ts
 * settleCleanup(() => closeStream(body), (error) => logger.error('Closing a response stream failed', error));
 * ```
 */
export function settleCleanup(cleanup: () => unknown, report: (error: unknown) => void): void {
  try {
    const rv = cleanup();
    if (isPromise(rv)) rv.then(undefined, report);
  } catch (error) {
    report(error);
  }
}
