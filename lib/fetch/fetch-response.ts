/**
 * A Phial Response as a Web `Response`, with the bytes the node:http door would send: the same
 * status and headers, Content-Length for text and bytes, no body for HEAD, 1xx, 204 and 304, each
 * Set-Cookie a header of its own, and a streamed body as a ReadableStream that pulls one chunk at
 * a time from the view's stream and stops it when the client leaves.
 */
import type { Request } from '../http/request.ts';
import type { Response, StreamBody } from '../http/response.ts';
import {
  closeStream,
  fixedBodyLength,
  isBodilessStatus,
  settleCleanup,
  stopStream,
  streamIterator,
} from '../http/response-body.ts';
import type { Logger } from '../sessions/interface.ts';

/** The Web platform's Response, which Phial's own `Response` class shadows in this layer. */
type WebResponse = globalThis.Response;
type HeaderPairs = Array<[string, string]>;

const encoder = new TextEncoder();

/**
 * The Web Response for `response`, the answer to `request`. Throws a RangeError for a status
 * the Web platform refuses (below 200 or above 599), before anything is sent.
 *
 * @example
 * ```ts
 * const web = toWebResponse(new Response('Hello'), request, app.logger);
 * await web.text(); // 'Hello'
 * ```
 */
export function toWebResponse(response: Response, request: Request, logger: Logger): WebResponse {
  const method = request.method;
  const status = response.status;
  const body = response.body;
  const store = response.headers.store;
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    // As writeResponse does: the length is the body's, whatever a view may have set.
    if (!isBodilessStatus(status)) store['content-length'] = String(fixedBodyLength(body));
    const sent = body === null || method === 'HEAD' || isBodilessStatus(status) ? null : body;
    return new globalThis.Response(sent, { status, headers: webHeaders(response) });
  }
  const headers = webHeaders(response);
  if (isBodilessStatus(status) || method === 'HEAD') {
    const web = new globalThis.Response(null, { status, headers });
    settleCleanup(
      () => closeStream(body),
      (error) => logger.error('Closing a response stream failed', error),
    );
    return web;
  }
  return new globalThis.Response(readableStream(body, logger, request), { status, headers });
}

/**
 * The headers as a Web Response takes them: the store itself when every name has one value (the
 * Web platform copies an object's own keys), else `[name, value]` pairs, so that several
 * Set-Cookie values stay several headers.
 */
function webHeaders(response: Response): Record<string, string> | HeaderPairs {
  const store = response.headers.store;
  for (const name in store) {
    if (typeof store[name] !== 'string') return [...response.headers.entries()];
  }
  return store as Record<string, string>;
}

/**
 * A ReadableStream over a streamed body: one chunk per pull, text encoded as UTF-8, empty chunks
 * skipped. A producer that fails is logged and errors the stream, so the client sees the body cut
 * short; a client that leaves cancels the stream, which stops the producer (a generator's
 * `finally` runs, a Node stream is destroyed).
 */
function readableStream(body: StreamBody, logger: Logger, request: Request): ReadableStream<Uint8Array> {
  const iterator = streamIterator(body);
  const stop = (): void =>
    settleCleanup(
      () => stopStream(body, iterator),
      (error) => logger.error('Closing a response stream failed', error),
    );
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const step = await iterator.next();
            if (step.done) {
              controller.close();
              return;
            }
            const chunk = step.value;
            if ((typeof chunk === 'string' ? chunk.length : chunk.byteLength) === 0) continue;
            controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
            return;
          }
        } catch (error) {
          const query = request.queryString;
          const target = query === '' ? request.rawPath : `${request.rawPath}?${query}`;
          logger.error(`Error while streaming the response to ${request.method} ${target}`, error);
          stop();
          controller.error(error);
        }
      },
      cancel: stop,
    },
    // Nothing is read ahead: the producer runs only as fast as the client takes its chunks.
    { highWaterMark: 0 },
  );
}
