/**
 * Reading a Web Request's body with a size cap (Flask's `MAX_CONTENT_LENGTH`), as http/body.ts
 * does for node:http: a declared Content-Length over the cap is refused before a byte is read, a
 * body without one is counted as it arrives and refused the moment it passes the cap.
 */
import { ClientAbortedError } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';

/** The Web platform's Request, which Phial's own `Request` class shadows in this layer. */
type WebRequest = globalThis.Request;

/**
 * Reads the whole body of a Web Request, at most `limit` bytes (`null`: no limit). Rejects with a
 * 413 {@link HttpError} when it is larger (the rest is cancelled, unread), and with a
 * {@link ClientAbortedError} when the body cannot be read to its end (the client left, or sent a
 * broken chunked body).
 *
 * @example
 * ```ts
 * const body = request.body === null ? null : await readFetchBody(request, app.config.MAX_CONTENT_LENGTH);
 * ```
 */
export function readFetchBody(request: WebRequest, limit: number | null): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  const length = declared === null ? null : Number(declared);
  if (length !== null && limit !== null && length > limit) {
    cancelBody(request);
    return Promise.reject(tooLarge(limit));
  }
  // Counted even under a declared length: a Request made in code need not match its header.
  return limit === null ? readAll(request) : readCounting(request, limit);
}

function readAll(request: WebRequest): Promise<Uint8Array> {
  return request.arrayBuffer().then(
    (buffer) => new Uint8Array(buffer),
    (error: unknown) => {
      throw new ClientAbortedError({ cause: error });
    },
  );
}

async function readCounting(request: WebRequest, limit: number): Promise<Uint8Array> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let step: { done: boolean; value?: Uint8Array | undefined };
    try {
      step = await reader.read();
    } catch (error) {
      throw new ClientAbortedError({ cause: error });
    }
    if (step.done || step.value === undefined) break;
    received += step.value.byteLength;
    if (received > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(step.value);
  }
  return concat(chunks, received);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Tells the runtime the body will not be read, so it can drop it rather than buffer it. */
function cancelBody(request: WebRequest): void {
  request.body?.cancel().catch(() => {});
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, undefined, { cause: new RangeError(`request body larger than ${limit} bytes`) });
}
