/**
 * What the server and the test client agree on when they turn a Response into bytes, so that
 * the two doors cannot drift apart: which statuses carry no body, the Content-Length of a fixed
 * body, and how to release a stream that will not be read.
 */
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
