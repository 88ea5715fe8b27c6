/**
 * Layer http/: the protocol with no app in it (request, response, headers, cookies, bodies);
 * imports utils/ and Node's built-ins only.
 *
 * The request a view sees: Flask's `request`, built from plain values so that the server and the
 * test client construct it the same way. It never touches a socket.
 *
 * The constructor only stores its arguments: the target, query, cookies, body and form are each
 * parsed on first access, at most once.
 */
import { type ContentType, parseContentType } from './content-type.ts';
import { parseCookie } from './cookies.ts';
import type { HttpError } from './errors.ts';
import { type HeaderStore, Headers, type HeadersInit } from './headers.ts';
import { parseJsonBody } from './json-body.ts';
import { MultiDict } from './multidict.ts';
import { FileStorage, type MultipartForm, parseMultipart } from './multipart.ts';
import { type FormLimits, parseQuery, parseUrlencodedForm } from './query.ts';
import { pathToIri, queryToIri, requestHost, requestPath, splitTarget, type TargetParts } from './target.ts';
import { upperCase } from './upper-case.ts';

export { FileStorage, type FormLimits };

/** What a {@link Request} is made of. */
export interface RequestInit {
  /** The method; upper-cased. */
  method: string;
  /** The request-target as received: `/path?query`, or absolute-form `http://host/path?query`. */
  url: string;
  /**
   * The headers. A null-prototype object of lower-case names (Node's `IncomingMessage.headers`) is
   * adopted without a copy; anything else is copied and validated.
   */
  headers?: HeaderStore | HeadersInit;
  /** The whole body, already read and bounded by the caller. */
  body?: Uint8Array | null;
  /**
   * The client's address. Default `127.0.0.1`. A function is called the first time
   * `request.remoteAddr` is read, for a door where asking costs something (Bun's `requestIP`).
   */
  remoteAddr?: string | (() => string);
  /** Default `http`. */
  scheme?: 'http' | 'https';
  /** Form limits; Flask's defaults (500 000 bytes, 1000 parts) when absent. */
  limits?: FormLimits;
  /**
   * Why the body was refused unread (a 413 over `MAX_CONTENT_LENGTH`): the view is not called and
   * every body accessor throws it, so the app's error handlers answer, as Flask's do.
   */
  bodyError?: HttpError | null;
}

const EMPTY_BODY = new Uint8Array(0);
const DEFAULT_LIMITS: FormLimits = { maxFormMemorySize: 500_000, maxFormParts: 1000 };
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * An HTTP request.
 *
 * @example
 * ```ts
 * const request = new Request({ method: 'GET', url: '/search?q=phial', headers: { Host: 'example.com' } });
 * request.path;          // '/search'
 * request.args.get('q'); // 'phial'
 * request.url;           // 'http://example.com/search?q=phial'
 * ```
 */
export class Request {
  /** The method, upper-case. */
  readonly method: string;
  /** The headers, case-insensitive. */
  readonly headers: Headers;
  /** `http` or `https`. */
  readonly scheme: string;
  /** Why the body was refused unread, or null (see {@link RequestInit.bodyError}). */
  readonly bodyError: HttpError | null;

  readonly #target: string;
  #remoteAddr: string | (() => string);
  readonly #body: Uint8Array | null;
  readonly #limits: FormLimits;
  #parts: TargetParts | undefined;
  #path: string | undefined;
  #host: string | undefined;
  #args: MultiDict | undefined;
  #cookies: MultiDict | undefined;
  #text: string | undefined;
  #contentType: ContentType | undefined;
  #json: { value: unknown } | { error: HttpError } | undefined;
  #form: MultipartForm | { error: HttpError } | undefined;
  #formLoad: Promise<void> | undefined;

  constructor(init: RequestInit) {
    this.method = upperCase(init.method);
    this.headers = toHeaders(init.headers);
    this.#remoteAddr = init.remoteAddr ?? '127.0.0.1';
    this.scheme = init.scheme ?? 'http';
    this.#target = init.url;
    this.#body = init.body ?? null;
    this.#limits = init.limits ?? DEFAULT_LIMITS;
    this.bodyError = init.bodyError ?? null;
  }

  /** The client's address (the socket's peer, not `X-Forwarded-For`). */
  get remoteAddr(): string {
    const address = this.#remoteAddr;
    if (typeof address === 'string') return address;
    this.#remoteAddr = address();
    return this.#remoteAddr as string;
  }

  get #targetParts(): TargetParts {
    this.#parts ??= splitTarget(this.#target);
    return this.#parts;
  }

  /** The percent-decoded path, always starting with one `/`; invalid UTF-8 reads as U+FFFD. */
  get path(): string {
    this.#path ??= requestPath(this.#targetParts.rawPath);
    return this.#path;
  }

  /** The path as received, still percent-encoded, without the query. */
  get rawPath(): string {
    return this.#targetParts.rawPath;
  }

  /** The query string as received, without `?`. */
  get queryString(): string {
    return this.#targetParts.query;
  }

  /** `path?query`, with the `?` even when the query is empty (Werkzeug's `full_path`). */
  get fullPath(): string {
    return this.path + '?' + this.queryString;
  }

  /**
   * `host[:port]` from the Host header (or an absolute-form target), without the scheme's default
   * port; `localhost` when missing, `''` when it holds characters no host can have.
   */
  get host(): string {
    this.#host ??= requestHost(this.#targetParts.authority || this.headers.get('host'), this.scheme);
    return this.#host;
  }

  /** Whether the request came over HTTPS. */
  get isSecure(): boolean {
    return this.scheme === 'https';
  }

  /** The full URL, `scheme://host/path?query`, as an IRI (readable non-ASCII, reserved characters escaped). */
  get url(): string {
    const query = this.queryString;
    return query === '' ? this.baseUrl : this.baseUrl + '?' + queryToIri(query);
  }

  /** {@link url} without the query. */
  get baseUrl(): string {
    return this.scheme + '://' + this.host + pathToIri(this.path);
  }

  /** `scheme://host/`: the application's root (Phial apps are mounted at `/`). */
  get rootUrl(): string {
    return this.hostUrl;
  }

  /** `scheme://host/`. */
  get hostUrl(): string {
    return this.scheme + '://' + this.host + '/';
  }

  /** The query parameters. */
  get args(): MultiDict {
    this.#args ??= parseQuery(this.queryString);
    return this.#args;
  }

  /** The cookies sent, several Cookie headers joined; `get` returns the first of a repeated name. */
  get cookies(): MultiDict {
    this.#cookies ??= new MultiDict(parseCookie(this.headers.store['cookie']));
    return this.#cookies;
  }

  /** The raw body (empty when none). Throws {@link bodyError} when the body was refused. */
  get data(): Uint8Array {
    if (this.bodyError !== null) throw this.bodyError;
    return this.#body ?? EMPTY_BODY;
  }

  /** The body decoded as UTF-8, invalid sequences replaced by U+FFFD. */
  get text(): string {
    if (this.bodyError !== null) throw this.bodyError;
    this.#text ??= this.#body === null ? '' : textDecoder.decode(this.#body);
    return this.#text;
  }

  /** The Content-Type header, or `null`. */
  get contentType(): string | null {
    return this.headers.get('content-type');
  }

  /** The Content-Type without parameters, lower-case; `''` when absent. */
  get mimetype(): string {
    return this.#parsedContentType.mimetype;
  }

  /** The Content-Type's parameters (`{ charset: 'utf-8' }`), on a null prototype. */
  get mimetypeParams(): Record<string, string> {
    return this.#parsedContentType.params;
  }

  get #parsedContentType(): ContentType {
    this.#contentType ??= parseContentType(this.contentType);
    return this.#contentType;
  }

  /** The Content-Length header as a number; `null` when absent or chunked, `0` when malformed. */
  get contentLength(): number | null {
    const raw = this.headers.get('content-length');
    if (raw === null || /\bchunked\b/i.test(this.headers.get('transfer-encoding') ?? '')) return null;
    return /^\s*\d+\s*$/.test(raw) ? Number(raw) : 0;
  }

  /** Whether the mimetype is `application/json` or `application/*+json`. */
  get isJson(): boolean {
    const mimetype = this.mimetype;
    return (
      mimetype === 'application/json' || (mimetype.startsWith('application/') && mimetype.endsWith('+json'))
    );
  }

  /**
   * The body parsed as JSON when {@link isJson}, else `undefined`. A body that is not valid JSON
   * (or not UTF-8) is a 400. Keys such as `__proto__` are plain own keys.
   */
  get json(): unknown {
    if (!this.isJson) return undefined;
    this.#json ??= parseJsonBody(this.data);
    if ('error' in this.#json) throw this.#json.error;
    return this.#json.value;
  }

  /**
   * The form fields of a urlencoded or multipart body; empty for other bodies. A multipart body is
   * parsed by {@link loadForm}, which the app awaits before the before-request hooks.
   * Throws 413 past `maxFormMemorySize` / `maxFormParts`, 400 for a broken multipart body.
   */
  get form(): MultiDict {
    return this.#loadedForm().form;
  }

  /** The uploaded files of a multipart body, keyed by field name. */
  get files(): MultiDict<FileStorage> {
    return this.#loadedForm().files;
  }

  /** The User-Agent header, `''` when absent. */
  get userAgent(): string {
    return this.headers.get('user-agent') ?? '';
  }

  /** The Referer header, or `null`. */
  get referrer(): string | null {
    return this.headers.get('referer');
  }

  /** Whether {@link loadForm} must be awaited before {@link form} and {@link files} can be read. */
  get needsFormLoad(): boolean {
    return this.#form === undefined && this.#isMultipart();
  }

  /**
   * Parses a multipart body (a no-op for any other). Rejects with a 400 {@link HttpError} when it is
   * broken, a 413 when a form limit is exceeded; {@link form} then throws the same error.
   */
  loadForm(): Promise<void> {
    if (!this.#isMultipart()) return Promise.resolve();
    this.#formLoad ??= parseMultipart(this.data, this.contentType ?? '', this.#limits).then(
      (parsed) => {
        this.#form = parsed;
      },
      (error: HttpError) => {
        this.#form = { error };
        throw error;
      },
    );
    return this.#formLoad;
  }

  #isMultipart(): boolean {
    return this.#body !== null && this.#body.byteLength > 0 && this.mimetype === 'multipart/form-data';
  }

  #loadedForm(): MultipartForm {
    if (this.bodyError !== null) throw this.bodyError;
    if (this.#form === undefined) {
      if (this.#isMultipart()) {
        throw new Error(
          'request.form of a multipart body is not parsed yet: `await request.loadForm()` first ' +
            '(the app does this before the before-request hooks).',
        );
      }
      this.#form = this.mimetype === 'application/x-www-form-urlencoded' ? this.#urlencoded() : emptyForm();
    }
    if ('error' in this.#form) throw this.#form.error;
    return this.#form;
  }

  #urlencoded(): MultipartForm | { error: HttpError } {
    try {
      return { form: parseUrlencodedForm(this.data, this.#limits), files: new MultiDict() };
    } catch (error) {
      return { error: error as HttpError };
    }
  }
}

function toHeaders(init: HeaderStore | HeadersInit | undefined): Headers {
  if (init instanceof Headers) return init;
  if (init === undefined) return new Headers();
  // A store of lower-case names that inherits nothing is taken as it is (the server passes
  // `Headers.fromNode(req.headers)` instead: Node's object has Object.prototype).
  if (Object.getPrototypeOf(init) === null) return Headers.adopt(init as HeaderStore);
  return new Headers(init);
}

function emptyForm(): MultipartForm {
  return { form: new MultiDict(), files: new MultiDict() };
}
