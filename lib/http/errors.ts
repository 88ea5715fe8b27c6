/**
 * HTTP errors: what `abort()` throws and what error handlers receive.
 *
 * Like Koa's `expose` flag, an HttpError says whether its description may reach the client:
 * 4xx descriptions are shown, 5xx descriptions are not (outside debug).
 */
import { STATUS_CODES } from 'node:http';
import { escapeHtml } from './html.ts';

/** Werkzeug's default descriptions, shown in the body of the default error page. */
const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  401: "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
  403: "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  406: 'The resource identified by the request is only capable of generating response entities which have content characteristics not acceptable according to the accept headers sent in the request.',
  408: "The server closed the network connection because the browser didn't finish the request within the specified time.",
  409: 'A conflict happened while processing the request. The resource might have been modified while the request was being processed.',
  410: 'The requested URL is no longer available on this server and there is no forwarding address. If you followed a link from a foreign page, please contact the author of this page.',
  411: 'A request with this method requires a valid <code>Content-Length</code> header.',
  412: 'The precondition on the request for the URL failed positive evaluation.',
  413: 'The data value transmitted exceeds the capacity limit.',
  414: 'The length of the requested URL exceeds the capacity limit for this server. The request cannot be processed.',
  415: 'The server does not support the media type transmitted in the request.',
  416: 'The server cannot provide the requested range.',
  417: 'The server could not meet the requirements of the Expect header',
  418: 'This server is a teapot, not a coffee machine',
  422: 'The request was well-formed but was unable to be followed due to semantic errors.',
  423: 'The resource that is being accessed is locked.',
  428: 'This request is required to be conditional; try using "If-Match" or "If-Unmodified-Since".',
  429: 'This user has exceeded an allotted request count. Try again later.',
  431: 'One or more header fields exceeds the maximum size.',
  451: 'The server is unable to process your request due to a legal reason.',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
  501: 'The server does not support the action requested by the browser.',
  502: 'The proxy server received an invalid response from an upstream server.',
  503: 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.',
  504: 'The connection to an upstream server timed out.',
  505: 'The server does not support the HTTP protocol version used in the request.',
};

/** Options of an {@link HttpError}. */
export interface HttpErrorOptions {
  /** Extra headers sent with the error response (for example `Allow` on a 405). */
  headers?: Record<string, string>;
  /** Whether `description` may be shown to the client. Defaults to `status < 500`. */
  expose?: boolean;
  /** The underlying error, kept for logs and the debug page. */
  cause?: unknown;
}

/**
 * An error that becomes an HTTP response: thrown by `abort()`, by routing (404, 405), by the body
 * reader (400, 413) and by user code.
 *
 * @example
 * ```ts
 * if (!user) throw new HttpError(404, 'No such user.');
 * ```
 */
export class HttpError extends Error {
  /** The HTTP status code, 400–599. */
  readonly status: number;
  /** The human-readable explanation shown on the error page when {@link expose} is true. */
  readonly description: string;
  /** Whether the description may reach the client. */
  readonly expose: boolean;
  /** Extra headers for the error response. */
  readonly headers: Record<string, string>;

  constructor(status: number, description?: string, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`);
    }
    const text = description ?? DESCRIPTIONS[status] ?? '';
    super(text || (STATUS_CODES[status] ?? `HTTP ${status}`), { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.description = text;
    this.expose = options.expose ?? status < 500;
    this.headers = options.headers ?? {};
  }

  /** The reason phrase, e.g. `Not Found`. */
  get phrase(): string {
    return STATUS_CODES[this.status] ?? 'Unknown Error';
  }

  /**
   * Werkzeug's default HTML error page for this error. A description that may not be exposed is
   * replaced by the default one for the status.
   */
  toHtml(): string {
    const fallback = DESCRIPTIONS[this.status] ?? '';
    // Werkzeug's own descriptions are trusted HTML; anything else is escaped.
    const body = !this.expose || this.description === fallback ? fallback : escapeHtml(this.description);
    return (
      '<!doctype html>\n<html lang=en>\n' +
      `<title>${this.status} ${this.phrase}</title>\n` +
      `<h1>${this.phrase}</h1>\n` +
      `<p>${body}</p>\n`
    );
  }
}

/**
 * Throws an {@link HttpError}: Flask's `abort()`.
 *
 * @example
 * ```ts
 * app.get('/teapot')(() => abort(418));
 * ```
 */
export function abort(status: number, description?: string, options?: HttpErrorOptions): never {
  throw new HttpError(status, description, options);
}
