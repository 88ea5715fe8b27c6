/**
 * What the test client resolves to: a Response as the server would put it on the wire (the same
 * Content-Length, no body for HEAD, 204 and 304) with its body read in full, streams included.
 */
import { Headers } from '../http/headers.ts';
import { parseSetCookie, type SetCookieOptions } from '../http/parse-set-cookie.ts';
import type { Request } from '../http/request.ts';
import type { Response, StreamBody } from '../http/response.ts';
import { closeStream, fixedBodyLength, isBodilessStatus } from '../http/response-body.ts';

const EMPTY: Uint8Array = new Uint8Array(0);
const utf8 = new TextDecoder();

/**
 * A response read by the test client.
 *
 * @example
 * ```ts
 * const response = await client.post('/login', { form: { username: 'john' }, followRedirects: true });
 * response.status;                  // 200
 * response.history[0]?.location;    // '/profile'
 * response.text;                    // 'Привет, john!'
 * ```
 */
export class TestResponse {
  /** The status code. */
  readonly status: number;
  /** The reason phrase, `OK` for 200. */
  readonly statusText: string;
  /** The headers as sent, Content-Length included. */
  readonly headers: Headers;
  /** The body's bytes (empty for HEAD). */
  readonly data: Uint8Array;
  /** The request that got this response (the last one of a followed redirect chain). */
  readonly request: Request;
  /** The responses to the requests before this one in a followed redirect chain, oldest first. */
  history: readonly TestResponse[] = [];
  #cookies: Record<string, { value: string; options: SetCookieOptions }> | undefined;

  constructor(init: {
    status: number;
    statusText: string;
    headers: Headers;
    data: Uint8Array;
    request: Request;
  }) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.data = init.data;
    this.request = init.request;
  }

  /** The body decoded as UTF-8. */
  get text(): string {
    return utf8.decode(this.data);
  }

  /**
   * The body parsed as JSON; throws a SyntaxError when it is not JSON.
   *
   * @example
   * ```ts
   * const { id } = response.json<{ id: number }>();
   * ```
   */
  json<T = any>(): T {
    return JSON.parse(this.text) as T;
  }

  /** The Location header, or null. */
  get location(): string | null {
    return this.headers.get('location');
  }

  /** The Content-Type without parameters, lower-case; `''` when absent. */
  get mimetype(): string {
    const type = this.headers.get('content-type') ?? '';
    const semicolon = type.indexOf(';');
    return (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  }

  /**
   * The cookies this response sets, by name (the last one wins), values unquoted.
   *
   * @example
   * ```ts
   * response.cookies.username?.value;         // 'John Doe'
   * response.cookies.username?.options.maxAge; // 3600
   * ```
   */
  get cookies(): Record<string, { value: string; options: SetCookieOptions }> {
    if (this.#cookies === undefined) {
      const cookies: Record<string, { value: string; options: SetCookieOptions }> = Object.create(null);
      for (const header of this.headers.getSetCookie()) {
        const parsed = parseSetCookie(header);
        if (parsed !== null) cookies[parsed.name] = { value: parsed.value, options: parsed.options };
      }
      this.#cookies = cookies;
    }
    return this.#cookies;
  }
}

/**
 * Reads a Response as the server writes it: Content-Length for a text, bytes or empty body (not for
 * a stream, which goes out chunked), no body for HEAD, 1xx, 204 and 304. A stream that will not be
 * read is closed; one that is read is read to the end. Rejects when the stream fails.
 */
export async function readTestResponse(response: Response, request: Request): Promise<TestResponse> {
  const status = response.status;
  const headers = new Headers(response.headers);
  const body = response.body;
  const sendsBody = !isBodilessStatus(status) && request.method !== 'HEAD';
  let data = EMPTY;
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    if (!isBodilessStatus(status)) headers.set('content-length', fixedBodyLength(body));
    if (sendsBody && body !== null) data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  } else if (sendsBody) {
    data = await readStream(body);
  } else {
    await closeStream(body);
  }
  return new TestResponse({ status, statusText: response.statusText, headers, data, request });
}

async function readStream(body: StreamBody): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks);
}
