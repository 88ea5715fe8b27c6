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
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    // As writeResponse does: the length is the body's, whatever a view may have set.
    if (!isBodilessStatus(status)) response.headers.store['content-length'] = String(fixedBodyLength(body));
    const sent = body === null || method === 'HEAD' || isBodilessStatus(status) ? null : body;
    return withHeaders(webResponse(sent, status), response);
  }
  if (isBodilessStatus(status) || method === 'HEAD') {
    settleCleanup(
      () => closeStream(body),
      (error) => logger.error('Closing a response stream failed', error),
    );
    return withHeaders(webResponse(null, status), response);
  }
  return withHeaders(webResponse(readableStream(body, logger, request), status), response);
}

/** A Web Response with no init for a 200: Bun builds one measurably faster without. */
function webResponse(
  body: ConstructorParameters<typeof globalThis.Response>[0],
  status: number,
): WebResponse {
  return status === 200 ? new globalThis.Response(body) : new globalThis.Response(body, { status });
}

/**
 * Copies the headers onto a Web Response, each Set-Cookie value a header of its own. Set one by
 * one, they cost Bun less than an init object, which it copies and checks again. A text body
 * gets `text/plain` from the platform: a response with no Content-Type of its own loses it.
 */
function withHeaders(web: WebResponse, response: Response): WebResponse {
  const target = web.headers;
  const store = response.headers.store;
  for (const name in store) {
    const value = store[name]!;
    if (typeof value === 'string') target.set(name, value);
    else for (const each of value) target.append(name, each);
  }
  if (store['content-type'] === undefined) target.delete('content-type');
  return web;
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
