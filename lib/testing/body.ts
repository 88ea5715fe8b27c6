/**
 * Request bodies the test client sends, encoded as browsers encode them: urlencoded forms,
 * multipart forms with files, JSON, or raw text and bytes.
 */
import { randomBytes } from 'node:crypto';
import { encodeQuery, type QueryInit, type QueryValue } from '../http/query.ts';

/**
 * A file to upload with the test client.
 *
 * @example
 * ```ts
 * const avatar: FileUpload = { filename: 'me.png', content: pngBytes, contentType: 'image/png' };
 * await client.post('/avatar', { files: { avatar } });
 * ```
 */
export interface FileUpload {
  /** The file name the browser would send. */
  filename: string;
  /** The file's content; text is sent as UTF-8. */
  content: string | Uint8Array;
  /** `application/octet-stream` by default. */
  contentType?: string;
}

/** The body-related options of a test request. */
export interface BodyOptions {
  form?: QueryInit;
  json?: unknown;
  body?: string | Uint8Array;
  files?: Record<string, FileUpload | readonly FileUpload[]>;
}

/** An encoded body and the Content-Type it implies (`null` for a raw body). */
export interface EncodedBody {
  body: Uint8Array;
  contentType: string | null;
}

/**
 * Encodes the body a request's options describe; `null` when they describe none. Throws a
 * TypeError when more than one of `body`, `json` and `form`/`files` is given.
 *
 * @example
 * ```ts
 * encodeRequestBody({ form: { tag: ['a', 'b'] } });
 * // { body: <bytes of 'tag=a&tag=b'>, contentType: 'application/x-www-form-urlencoded' }
 * ```
 */
export function encodeRequestBody(options: BodyOptions): EncodedBody | null {
  const given = [
    options.body !== undefined,
    options.json !== undefined,
    options.form !== undefined || options.files !== undefined,
  ];
  if (given.filter(Boolean).length > 1) {
    throw new TypeError(
      "Pass only one of 'body', 'json' and 'form' (with or without 'files') to the test client.",
    );
  }
  if (options.files !== undefined) return encodeMultipart(options.form ?? {}, options.files);
  if (options.form !== undefined) {
    return {
      body: Buffer.from(encodeQuery(options.form), 'utf8'),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  if (options.json !== undefined) {
    return { body: Buffer.from(JSON.stringify(options.json), 'utf8'), contentType: 'application/json' };
  }
  if (options.body !== undefined) {
    return {
      body: typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body,
      contentType: null,
    };
  }
  return null;
}

/*
 * RFC 7578 as the HTML standard writes it: each part is
 *   --boundary CRLF
 *   Content-Disposition: form-data; name="field"[; filename="file"] CRLF
 *   [Content-Type: type CRLF]
 *   CRLF content CRLF
 * and the body ends with --boundary-- CRLF. Names are UTF-8, with CR, LF and '"' percent-encoded.
 */

/**
 * A `multipart/form-data` body: the form fields first, then the files, under a random boundary.
 *
 * @example
 * ```ts
 * const { body, contentType } = encodeMultipart({ title: 'Hi' }, { file: { filename: 'a.txt', content: 'A' } });
 * ```
 */
export function encodeMultipart(
  form: QueryInit,
  files: Record<string, FileUpload | readonly FileUpload[]>,
): EncodedBody {
  // 128 random bits: no content will contain it by chance.
  const boundary = `----PhialFormBoundary${randomBytes(16).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  const part = (disposition: string, contentType: string | null, content: string | Uint8Array): void => {
    let head = `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n`;
    if (contentType !== null) head += `Content-Type: ${contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), toBytes(content), Buffer.from('\r\n'));
  };
  for (const [name, value] of formPairs(form)) part(`name="${escapeName(name)}"`, null, String(value));
  for (const name of Object.keys(files)) {
    const uploads = files[name]!;
    for (const file of isUploadList(uploads) ? uploads : [uploads]) {
      const disposition = `name="${escapeName(name)}"; filename="${escapeName(file.filename)}"`;
      part(disposition, file.contentType ?? 'application/octet-stream', file.content);
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The fields of a form as pairs, arrays repeating their key and null or undefined values left out, like `encodeQuery`. */
function* formPairs(form: QueryInit): Generator<[string, QueryValue]> {
  const pairs: Iterable<readonly [string, unknown]> =
    typeof (form as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function'
      ? (form as Iterable<readonly [string, QueryValue]>)
      : Object.entries(form);
  for (const [name, value] of pairs) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && item !== undefined) yield [name, item as QueryValue];
    }
  }
}

function isUploadList(uploads: FileUpload | readonly FileUpload[]): uploads is readonly FileUpload[] {
  return Array.isArray(uploads);
}

function escapeName(name: string): string {
  return name.replace(/[\r\n"]/g, (char) => (char === '\r' ? '%0D' : char === '\n' ? '%0A' : '%22'));
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}
