/**
 * Reading a request body from `node:http` with a size cap (Flask's `MAX_CONTENT_LENGTH`).
 *
 * A declared Content-Length over the cap is refused before a byte is read; a chunked body is
 * counted as it arrives and refused the moment it passes the cap. Either way the caller answers
 * 413 and should close the connection, since the rest of the body is still on the wire.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.ts';

/**
 * The client went away before the whole body arrived (reset, or fewer bytes than its
 * Content-Length). There is nobody left to answer: the server should drop the request quietly.
 *
 * @example
 * ```ts
 * readBody(req, limit).catch((error) => {
 *   if (error instanceof ClientAbortedError) return; // nothing to send
 * });
 * ```
 */
export class ClientAbortedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The client closed the connection before the request body was complete.', options);
    this.name = 'ClientAbortedError';
  }
}

/**
 * Reads the whole body of `req`, at most `limit` bytes (`null`: no limit).
 *
 * Resolves to `null` at once when the request has no body (neither Content-Length nor
 * Transfer-Encoding), leaving no listener behind. Rejects with a 413 {@link HttpError} when the body
 * is larger than `limit`, and with a {@link ClientAbortedError} when the client leaves mid-body.
 *
 * @example
 * ```ts
 * const body = await readBody(req, app.config.MAX_CONTENT_LENGTH);
 * const request = new Request({ method: req.method!, url: req.url!, headers: req.headers, body });
 * ```
 */
export function readBody(req: IncomingMessage, limit: number | null): Promise<Uint8Array | null> {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(null);
  // Node's parser has already refused a Content-Length that is not a plain number.
  const length = declared === undefined ? null : Number(declared);
  if (length !== null && limit !== null && length > limit) return Promise.reject(tooLarge(limit));
  if (length === 0) return Promise.resolve(new Uint8Array(0));
  return collect(req, limit);
}

function collect(req: IncomingMessage, limit: number | null): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;

    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (limit !== null && received > limit) {
        // Stop taking data; the caller answers 413 and closes the connection.
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new ClientAbortedError({ cause: error }));
    };
    const onClose = (): void => {
      // 'close' before 'end': the socket went away mid-body.
      cleanup();
      reject(new ClientAbortedError());
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, undefined, { cause: new RangeError(`request body larger than ${limit} bytes`) });
}
