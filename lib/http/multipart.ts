/**
 * `multipart/form-data` bodies: fields into `request.form`, uploads into `request.files`, parsed by
 * busboy from a body that is already in memory (bounded by `MAX_CONTENT_LENGTH`).
 *
 * Limits follow Flask 3.1: a non-file field larger than `MAX_FORM_MEMORY_SIZE` bytes, or more than
 * `MAX_FORM_PARTS` parts (fields and files together), is a 413. A body busboy cannot parse is a 400
 * (Werkzeug would silently give empty dicts; an error is easier to debug).
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { HttpError } from './errors.ts';
import { MultiDict } from './multidict.ts';
import type { FormLimits } from './query.ts';

/** The part of busboy's API used here, typed here: an app's type check must not need @types/busboy. */
interface BusboyParser {
  on(
    event: 'field',
    listener: (name: string, value: string, info: { valueTruncated: boolean }) => void,
  ): this;
  on(
    event: 'file',
    listener: (name: string, stream: Readable, info: { filename?: string; mimeType: string }) => void,
  ): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'close', listener: () => void): this;
  end(chunk: Buffer): void;
}

interface BusboyLimits {
  fieldSize: number;
  parts: number;
}

type Busboy = (config: {
  headers: { 'content-type': string };
  defParamCharset: string;
  limits: BusboyLimits;
}) => BusboyParser;

// busboy is CommonJS: required, so that its types come from the interfaces above.
const busboy = createRequire(import.meta.url)('busboy') as Busboy;

const utf8 = new TextDecoder();

/**
 * An uploaded file: Werkzeug's `FileStorage`, held in memory.
 *
 * `filename` is what the browser sent, reduced to its last path segment (`..` and `.` become `''`):
 * still pass it through a sanitizer before using it as a path. A file input left empty arrives
 * with `filename === ''`, as in Flask.
 *
 * @example
 * ```ts
 * const upload = request.files.get('avatar');
 * if (upload && upload.filename !== '') await upload.save(`/srv/avatars/${userId}.png`);
 * ```
 */
export class FileStorage {
  /** The form field's name. */
  readonly name: string;
  /** The client's file name, `''` when none was given. */
  readonly filename: string;
  /** The part's `type/subtype`, lower-case (`application/octet-stream` when unknown). */
  readonly contentType: string;
  /** The file's bytes. */
  readonly bytes: Uint8Array;

  constructor(init: { name: string; filename?: string; contentType?: string; bytes?: Uint8Array }) {
    this.name = init.name;
    this.filename = init.filename ?? '';
    this.contentType = init.contentType ?? 'application/octet-stream';
    this.bytes = init.bytes ?? new Uint8Array(0);
  }

  /** The size in bytes. */
  get size(): number {
    return this.bytes.byteLength;
  }

  /** The bytes decoded as UTF-8, invalid sequences replaced by U+FFFD. */
  text(): string {
    return utf8.decode(this.bytes);
  }

  /** Writes the file to `path` (Werkzeug's `FileStorage.save`). */
  save(path: string): Promise<void> {
    return writeFile(path, this.bytes);
  }
}

/** What {@link parseMultipart} yields. */
export interface MultipartForm {
  form: MultiDict;
  files: MultiDict<FileStorage>;
}

/**
 * Parses a whole `multipart/form-data` body. Rejects with a 400 {@link HttpError} when the body or
 * the boundary is broken and with a 413 when a limit is exceeded.
 *
 * @example
 * ```ts
 * const { form, files } = await parseMultipart(body, request.contentType!, { maxFormParts: 1000 });
 * ```
 */
export function parseMultipart(
  body: Uint8Array,
  contentType: string,
  limits: FormLimits = {},
): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let parser: BusboyParser;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: busboyLimits(limits),
      });
    } catch (error) {
      reject(badMultipart(error));
      return;
    }
    const result: MultipartForm = { form: new MultiDict(), files: new MultiDict() };
    const maxParts = limits.maxFormParts ?? Number.POSITIVE_INFINITY;
    let parts = 0;
    let failure: HttpError | null = null;
    // Handlers never throw into busboy: the first limit hit is recorded and reported at the end.
    const admit = (): boolean => {
      if (failure === null && ++parts > maxParts) failure = tooLarge(`more than ${maxParts} form parts`);
      return failure === null;
    };

    parser.on('field', (name, value, info) => {
      if (!admit()) return;
      if (info.valueTruncated) {
        failure = tooLarge(
          `form field ${JSON.stringify(name)} is larger than ${limits.maxFormMemorySize} bytes`,
        );
        return;
      }
      result.form.append(name ?? '', typeof value === 'string' ? value : '');
    });
    parser.on('file', (name, stream, info) => {
      const admitted = admit();
      const chunks: Buffer[] = [];
      stream.on('error', () => {}); // busboy reports the same failure on the parser itself
      stream.on('data', (chunk: Buffer) => {
        if (admitted) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (!admitted) return;
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        result.files.append(
          name ?? '',
          new FileStorage({
            name: name ?? '',
            filename: info.filename ?? '',
            contentType: info.mimeType,
            bytes,
          }),
        );
      });
    });
    parser.on('error', (error) => reject(failure ?? badMultipart(error)));
    parser.on('close', () => (failure === null ? resolve(result) : reject(failure)));
    parser.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}

function busboyLimits(limits: FormLimits): BusboyLimits {
  const { maxFormMemorySize, maxFormParts } = limits;
  return {
    // busboy flags a field as truncated once it reaches fieldSize; Werkzeug accepts exactly the limit.
    fieldSize: maxFormMemorySize == null ? Number.POSITIVE_INFINITY : maxFormMemorySize + 1,
    // One part past the limit is still parsed so that it can be counted and refused.
    parts: maxFormParts == null ? Number.POSITIVE_INFINITY : maxFormParts + 1,
  };
}

function tooLarge(reason: string): HttpError {
  return new HttpError(413, undefined, { cause: new RangeError(reason) });
}

function badMultipart(error: unknown): HttpError {
  return new HttpError(400, undefined, { cause: error });
}
