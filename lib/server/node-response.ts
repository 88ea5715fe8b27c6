/**
 * Writing a Response to a node:http ServerResponse: one `writeHead` and one `end` with
 * Content-Length for text and bytes, chunked encoding with backpressure for streamed bodies.
 * Used by the server only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Response, StreamBody } from '../http/response.ts';
import {
  closeStream,
  fixedBodyLength,
  isBodilessStatus,
  type StreamChunk,
  settleCleanup,
  stopStream,
  streamIterator,
} from '../http/response-body.ts';
import type { Logger } from '../sessions/interface.ts';
import { isPromise } from '../utils/maybe-promise.ts';

/** Sockets of servers that are closing: their responses say `Connection: close`. */
const drainingSockets = new WeakSet<Socket>();
let anyDraining = false;

/**
 * Marks a connection of a closing server: the response written on it next says
 * `Connection: close`, so it ends once that response is out.
 * @internal
 */
export function markDraining(socket: Socket): void {
  anyDraining = true;
  drainingSockets.add(socket);
}

/**
 * Writes `response` to `res`. A HEAD request gets the headers a GET would have, Content-Length
 * included, and no body. Throws only when node:http refuses the status line or a header, before
 * anything is sent.
 *
 * @example
 * ```ts
 * writeResponse(req, res, new Response('Hello'), app.logger);
 * ```
 * @internal
 */
export function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
  logger: Logger,
): void {
  const status = response.status;
  const store = response.headers.store;
  const body = response.body;
  if (anyDraining && drainingSockets.has(req.socket)) res.shouldKeepAlive = false;
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    if (isBodilessStatus(status)) {
      res.writeHead(status, store);
      res.end();
      return;
    }
    // byteLength measures without encoding; `end` encodes the string once.
    store['content-length'] = String(fixedBodyLength(body));
    res.writeHead(status, store);
    if (body === null || req.method === 'HEAD') res.end();
    else res.end(body);
    return;
  }
  res.writeHead(status, store);
  if (isBodilessStatus(status) || req.method === 'HEAD') {
    res.end();
    discardBody(body, logger);
    return;
  }
  void streamBody(req, res, body, logger);
}

/**
 * Sends a streamed body chunk by chunk, waiting for 'drain' when the socket is full. A client
 * that leaves stops the producer (a generator's `finally` runs); an error mid-stream is logged
 * and the connection dropped, since the status line is already gone.
 */
async function streamBody(
  req: IncomingMessage,
  res: ServerResponse,
  body: StreamBody,
  logger: Logger,
): Promise<void> {
  const iterator = streamIterator(body);
  let aborted = false;
  const onClose = (): void => {
    if (res.writableFinished) return;
    aborted = true;
    settle(() => stopStream(body, iterator), logger);
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const next = iterator.next();
      const step = isPromise<IteratorResult<StreamChunk>>(next) ? await next : next;
      if (aborted) return;
      if (step.done) break;
      const chunk = step.value;
      // An empty chunk would read as the end of a chunked body.
      if ((typeof chunk === 'string' ? chunk.length : chunk.byteLength) === 0) continue;
      if (!res.write(chunk) && !res.destroyed) await drained(res);
      if (aborted || res.destroyed) return;
    }
    res.end();
  } catch (error) {
    if (aborted) return;
    logger.error(`Error while streaming the response to ${req.method} ${req.url}`, error);
    settle(() => stopStream(body, iterator), logger);
    abandon(res);
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Drops the connection of a response that cannot be completed. node:http corks writes until the
 * next tick: flush them first, so the client gets the status line and the chunks made before the
 * error and then sees the body cut short, rather than nothing at all. Node 20 and 22 cork the
 * socket; Node 24 also corks the response itself (the chunks wait in the ServerResponse, and the
 * status line with them), and its `destroy()` discards what is still corked there: both are
 * uncorked, the response first.
 */
function abandon(res: ServerResponse): void {
  while (res.writableCorked > 0) res.uncork();
  const socket = res.socket;
  while (socket !== null && socket.writableCorked > 0) socket.uncork();
  res.destroy();
}

/** Resolves on 'drain', or on 'close' when the client is gone and no drain will come. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Releases a body that will not be sent (HEAD, 204, 304) without reading it. */
function discardBody(body: StreamBody, logger: Logger): void {
  settle(() => closeStream(body), logger);
}

/** Runs a cleanup call; a throw or a rejection (a failing `finally`) is logged, never raised. */
function settle(cleanup: () => unknown, logger: Logger): void {
  settleCleanup(cleanup, (error) => logger.error('Closing a response stream failed', error));
}
