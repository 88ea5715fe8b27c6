/**
 * Flask's `send_file`: a file (or bytes) as a Response with its Content-Type, Content-Length,
 * Content-Disposition, ETag, Last-Modified and Cache-Control, answering conditional requests
 * (304, 412) and single Range requests (206, 416) itself. A file is streamed from disk, read only
 * when the server sends the body: a HEAD, a 304 or a response an after-hook replaces never opens it.
 */
import type { Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { RequestContext } from './context.ts';
import {
  type ByteRange,
  evaluatePreconditions,
  ifRangeHolds,
  parseRange,
  type Validators,
} from './http/conditional.ts';
import { HttpError } from './http/errors.ts';
import { httpDate } from './http/http-date.ts';
import { guessMimetype } from './http/mimetypes.ts';
import { Request } from './http/request.ts';
import { Response } from './http/response.ts';

/** Options of {@link sendFile} and `sendFromDirectory`, Flask's keyword arguments in camelCase. */
export interface SendFileOptions {
  /** The mimetype; guessed from `downloadName` (or the file's name) when absent. */
  mimetype?: string;
  /** Sends `Content-Disposition: attachment`, so the browser saves the file instead of showing it. */
  asAttachment?: boolean;
  /** The name the browser shows and saves under; the file's own name by default. */
  downloadName?: string;
  /** Answers If-None-Match, If-Modified-Since, If-Match, Range… (default true). */
  conditional?: boolean;
  /** `true` (default) makes an ETag from the file's size and mtime; a string is used as the tag; `false` sends none. */
  etag?: boolean | string;
  /** Overrides Last-Modified: a Date or Unix seconds. Defaults to the file's mtime. */
  lastModified?: Date | number;
  /** Seconds the client may cache the file (`Cache-Control: public, max-age=…`); without it, `no-cache`. */
  maxAge?: number;
}

/** A file that has been found and checked, ready to send. */
export interface ResolvedFile {
  /** The path to open: absolute, symlinks resolved by the caller when it matters. */
  path: string;
  /** The stats its headers are made from; the body is refused if the file stops matching them. */
  stats: Stats;
  /** The name the file goes by (the URL's last segment), for the mimetype and Content-Disposition. */
  name: string;
}

/** A representation to send: the bytes, or a file on disk, and what describes it. */
interface Source {
  size: number;
  read: (range: ByteRange | null) => Uint8Array | AsyncGenerator<Uint8Array>;
  name: string | undefined;
  defaultEtag: string | null;
  mtime: number | null;
}

const CHUNK_SIZE = 64 * 1024;
// RFC 8187 attr-char: what filename* may carry unescaped.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/**
 * Sends a file, or bytes, as Flask's `send_file` does. A relative path is resolved against the
 * current directory. Never pass a path a client chose: use `sendFromDirectory` for those. Rejects
 * with the file system's error (a 500) when the file cannot be read, as Flask does.
 *
 * @example
 * ```ts
 * app.get('/report')(async (ctx) => sendFile(ctx, 'reports/latest.pdf', { asAttachment: true }));
 * app.get('/export')((ctx) => sendFile(ctx, Buffer.from('a,b\n'), { downloadName: 'export.csv' }));
 * ```
 */
export async function sendFile(
  from: RequestContext<any> | Request,
  file: string | Uint8Array,
  options: SendFileOptions = {},
): Promise<Response> {
  if (file instanceof Uint8Array) return makeFileResponse(requestOf(from), bytesSource(file), options);
  const path = resolve(file);
  const stats = await stat(path);
  if (!stats.isFile()) throw new Error(`sendFile: ${path} is not a regular file.`);
  return sendResolvedFile(from, { path, stats, name: basename(path) }, options);
}

/**
 * Sends a file already found and checked (`sendFromDirectory` does the finding), without another
 * `stat`.
 *
 * @example
 * ```ts
 * await sendResolvedFile(ctx, { path: '/srv/static/app.css', stats, name: 'app.css' });
 * ```
 * @internal
 */
export function sendResolvedFile(
  from: RequestContext<any> | Request,
  file: ResolvedFile,
  options: SendFileOptions = {},
): Response {
  return makeFileResponse(requestOf(from), fileSource(file), options);
}

function requestOf(from: RequestContext<any> | Request): Request {
  return from instanceof Request ? from : from.request;
}

function bytesSource(data: Uint8Array): Source {
  return {
    size: data.byteLength,
    read: (range) => (range === null ? data : data.subarray(range.start, range.end + 1)),
    name: undefined,
    defaultEtag: null,
    mtime: null,
  };
}

function fileSource(file: ResolvedFile): Source {
  const { size, mtimeMs } = file.stats;
  return {
    size,
    read: (range) => readFile(file, range ?? { start: 0, end: size - 1 }),
    name: file.name,
    // Strong, from size and mtime: the same bytes give the same tag on every worker and restart.
    defaultEtag: `"${size.toString(16)}-${Math.trunc(mtimeMs).toString(16)}"`,
    mtime: mtimeMs,
  };
}

function makeFileResponse(request: Request, source: Source, options: SendFileOptions): Response {
  const name = options.downloadName ?? source.name;
  const response = new Response(null, { mimetype: options.mimetype ?? mimetypeFor(name) });
  const headers = response.headers;
  if (name !== undefined) headers.set('content-disposition', contentDisposition(name, options.asAttachment));
  else if (options.asAttachment) {
    throw new TypeError("sendFile: option 'asAttachment' needs 'downloadName' when sending bytes.");
  }
  const validators = setValidators(response, source, options);
  setCacheControl(response, options.maxAge);
  if (options.conditional === false) return withBody(response, source, null);
  headers.set('accept-ranges', 'bytes');
  const precondition = evaluatePreconditions(request.method, request.headers, validators);
  if (precondition === 'preconditionFailed') throw new HttpError(412);
  if (precondition === 'notModified') return notModified(response);
  const range = request.method === 'GET' ? requestedRange(request, source.size, validators) : null;
  if (range === 'unsatisfiable') {
    throw new HttpError(416, undefined, { headers: { 'content-range': `bytes */${source.size}` } });
  }
  return withBody(response, source, range);
}

function mimetypeFor(name: string | undefined): string {
  if (name === undefined) {
    throw new TypeError("sendFile: pass option 'mimetype' or 'downloadName' when sending bytes.");
  }
  return guessMimetype(name);
}

/** Range is honoured only while If-Range (when sent) still names this representation. */
function requestedRange(
  request: Request,
  size: number,
  validators: Validators,
): ByteRange | 'unsatisfiable' | null {
  const header = request.headers.get('range');
  if (header === null || !ifRangeHolds(request.headers.get('if-range'), validators)) return null;
  return parseRange(header, size);
}

function setValidators(response: Response, source: Source, options: SendFileOptions): Validators {
  const etag = entityTag(options.etag, source.defaultEtag);
  const modified = lastModifiedMs(options.lastModified, source.mtime);
  if (etag !== null) response.headers.set('etag', etag);
  if (modified !== null) response.headers.set('last-modified', httpDate(new Date(modified)));
  return { etag, lastModified: modified };
}

function entityTag(option: boolean | string | undefined, fallback: string | null): string | null {
  if (option === undefined || option === true) return fallback;
  if (option === false) return null;
  if (typeof option !== 'string' || !/^(?:W\/)?"?[\x21\x23-\x7e\x80-\xff]*"?$/.test(option)) {
    throw new TypeError(
      "sendFile: option 'etag' must be a boolean or an entity tag of printable characters.",
    );
  }
  // A bare value is quoted, as Werkzeug's set_etag does; a tag given quoted is kept as it is.
  return /^(?:W\/)?".*"$/.test(option) ? option : `"${option.replace(/"/g, '')}"`;
}

/** HTTP dates have whole seconds; comparing against If-Modified-Since needs the same precision. */
function lastModifiedMs(option: Date | number | undefined, mtime: number | null): number | null {
  if (option === undefined) return mtime === null ? null : Math.floor(mtime / 1000) * 1000;
  const ms =
    option instanceof Date ? option.getTime() : typeof option === 'number' ? option * 1000 : Number.NaN;
  if (!Number.isFinite(ms))
    throw new TypeError("sendFile: option 'lastModified' must be a Date or Unix seconds.");
  return Math.floor(ms / 1000) * 1000;
}

/** Werkzeug's rules: no max-age → `no-cache` (revalidate every time); a max-age → `public` with Expires. */
function setCacheControl(response: Response, maxAge: number | undefined): void {
  if (maxAge === undefined) {
    response.headers.set('cache-control', 'no-cache');
    return;
  }
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0) {
    throw new TypeError("sendFile: option 'maxAge' must be a number of seconds, 0 or more.");
  }
  const seconds = Math.floor(maxAge);
  response.headers.set('cache-control', seconds > 0 ? `public, max-age=${seconds}` : 'no-cache, max-age=0');
  response.headers.set('expires', httpDate(new Date(Date.now() + seconds * 1000)));
}

/** A 304 carries the validators and caching headers, no body and no representation headers. */
function notModified(response: Response): Response {
  response.status = 304;
  for (const name of ['content-type', 'content-disposition', 'accept-ranges']) response.headers.delete(name);
  return response;
}

function withBody(response: Response, source: Source, range: ByteRange | null): Response {
  const length = range === null ? source.size : range.end - range.start + 1;
  if (range !== null) {
    response.status = 206;
    response.headers.set('content-range', `bytes ${range.start}-${range.end}/${source.size}`);
  }
  // Kept by the server for a streamed body: the length is known, so no chunked encoding.
  response.headers.set('content-length', length);
  response.body = length === 0 ? new Uint8Array(0) : source.read(range);
  return response;
}

/**
 * `inline; filename=app.css`, or `attachment; …`; a name that is not ASCII gets an ASCII fallback
 * and RFC 8187's `filename*` (Werkzeug's choice), so no client ever sees a raw non-ASCII header.
 *
 * @example
 * ```ts
 * contentDisposition('отчёт.pdf', true); // `attachment; filename=.pdf; filename*=UTF-8''%D0%BE…`
 * ```
 */
export function contentDisposition(name: string, asAttachment = false): string {
  const kind = asAttachment ? 'attachment' : 'inline';
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  const fallback = TOKEN.test(ascii) ? ascii : `"${ascii.replace(/[\\"]/g, '\\$&')}"`;
  // A printable ASCII name needs no filename*.
  if (/^[\x20-\x7e]*$/.test(name)) return `${kind}; filename=${fallback}`;
  return `${kind}; filename=${fallback}; filename*=UTF-8''${encodeRfc8187(name)}`;
}

function encodeRfc8187(text: string): string {
  let out = '';
  // Buffer.from writes a lone surrogate as U+FFFD, so this never throws as encodeURIComponent would.
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Reads a byte range of a file in chunks, opening it only when the first chunk is wanted. The file
 * must still be the one the headers describe (same device, inode, size and mtime): a file swapped,
 * or swapped for a symlink, after the checks is refused, and one that shrinks cuts the connection
 * rather than leave the client waiting for bytes that will not come.
 */
async function* readFile(file: ResolvedFile, range: ByteRange): AsyncGenerator<Uint8Array> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file.path, 'r');
    if (!sameFile(await handle.stat(), file.stats)) {
      throw new Error(`${file.path} changed between its checks and its reading.`);
    }
    let position = range.start;
    let left = range.end - range.start + 1;
    while (left > 0) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, left));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) throw new Error(`${file.path} ended before the bytes its headers promised.`);
      position += bytesRead;
      left -= bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle?.close();
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
