/**
 * The production access log: one line per request, in the Combined Log Format or as JSON, turned
 * on with `app.run({ accessLog: true })` or `phial run --access-log`. When it is off, the server's
 * request listener is the same as without it: nothing on the hot path. When it is on, lines are
 * gathered and written once per turn of the event loop, in writes no larger than a pipe writes
 * whole, so that the lines of several workers sharing one output never cut into each other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import { isBodilessStatus } from '../http/response-body.ts';
import {
  type AccessLogFormat,
  type AccessRecord,
  combinedLogLine,
  jsonLogLine,
} from './access-log-format.ts';

export type { AccessLogFormat, AccessRecord };

/**
 * Where the log goes and how it reads.
 *
 * @example
 * ```ts
 * await app.run({ accessLog: { format: 'json', stream: createWriteStream('access.log', { flags: 'a' }) } });
 * ```
 */
export interface AccessLogOptions {
  /** `combined` (the default) or `json`. */
  format?: AccessLogFormat;
  /** Anything with `write(text)`: a file stream, `process.stderr`. `process.stdout` by default. */
  stream?: { write(chunk: string): unknown };
}

/**
 * `RunOptions.accessLog`: `true` for the Combined Log Format on stdout, a format name, or options.
 *
 * @example
 * ```ts
 * const setting: AccessLogSetting = 'json';
 * ```
 */
export type AccessLogSetting = boolean | AccessLogFormat | AccessLogOptions;

/** PIPE_BUF on Linux: a write to a pipe up to this size is never interleaved with another's. */
const ATOMIC_WRITE = 4096;

/**
 * One request being logged. node-request.ts tells it the Request (whose `remoteAddr` `proxyFix`
 * may have fixed) and the Response it wrote; the line is written when the connection is done
 * with the response.
 *
 * @example
 * ```ts
 * const entry = log.begin(req, res);
 * entry.request = request;
 * ```
 */
export class AccessEntry {
  request: Request | null = null;
  response: Response | null = null;
  readonly start = performance.now();
  readonly time = Date.now();
}

/**
 * An access log writing to one stream.
 *
 * @example
 * ```ts
 * const log = new AccessLog({ format: 'json' });
 * server.on('request', (req, res) => handleNodeRequest(app, req, res, log.begin(req, res)));
 * ```
 */
export class AccessLog {
  readonly format: AccessLogFormat;
  readonly #stream: { write(chunk: string): unknown };
  readonly #line: (record: AccessRecord) => string;
  #pending: string[] = [];
  #scheduled = false;
  readonly #flushOnExit = (): void => this.flush();

  constructor(options: AccessLogOptions = {}) {
    const format = options.format ?? 'combined';
    if (format !== 'combined' && format !== 'json') {
      throw new TypeError(`accessLog format must be 'combined' or 'json', got ${JSON.stringify(format)}`);
    }
    this.format = format;
    this.#line = format === 'json' ? jsonLogLine : combinedLogLine;
    this.#stream = options.stream ?? process.stdout;
  }

  /** Starts logging a request: its line is written once `res` closes. */
  begin(req: IncomingMessage, res: ServerResponse): AccessEntry {
    const entry = new AccessEntry();
    res.once('close', () => this.write(this.#line(accessRecord(req, res, entry))));
    return entry;
  }

  /** Queues a line; the queue is written on the next turn of the event loop. */
  write(line: string): void {
    this.#pending.push(`${line}\n`);
    if (this.#scheduled) return;
    this.#scheduled = true;
    process.once('exit', this.#flushOnExit);
    setImmediate(() => this.flush());
  }

  /** Writes the queued lines now, in writes of at most 4 KiB (a longer line goes alone). */
  flush(): void {
    if (!this.#scheduled) return;
    this.#scheduled = false;
    process.off('exit', this.#flushOnExit);
    const lines = this.#pending;
    this.#pending = [];
    let chunk = '';
    for (const line of lines) {
      if (chunk !== '' && chunk.length + line.length > ATOMIC_WRITE) {
        this.#stream.write(chunk);
        chunk = '';
      }
      chunk += line;
    }
    if (chunk !== '') this.#stream.write(chunk);
  }
}

function header(req: IncomingMessage, name: 'referer' | 'user-agent'): string | null {
  return req.headers[name] ?? null;
}

/** What the log records of a finished (or abandoned) request. */
function accessRecord(req: IncomingMessage, res: ServerResponse, entry: AccessEntry): AccessRecord {
  return {
    remoteAddr: entry.request?.remoteAddr ?? req.socket.remoteAddress ?? '',
    time: entry.time,
    method: req.method ?? '',
    url: req.url ?? '',
    httpVersion: req.httpVersion,
    status: res.statusCode,
    bytes: bodyBytes(req, res, entry.response),
    referer: header(req, 'referer'),
    userAgent: header(req, 'user-agent'),
    durationMs: performance.now() - entry.start,
  };
}

/** The body's length from the Content-Length written; null when nothing or an unknown amount went out. */
function bodyBytes(req: IncomingMessage, res: ServerResponse, response: Response | null): number | null {
  if (
    response === null ||
    !res.writableFinished ||
    req.method === 'HEAD' ||
    isBodilessStatus(res.statusCode)
  ) {
    return null;
  }
  const length = response.headers.store['content-length'];
  return length === undefined ? null : Number(length);
}

/**
 * The access log a `RunOptions.accessLog` setting asks for, or null for none.
 *
 * @example
 * ```ts
 * accessLogFrom(true);   // combined, on stdout
 * accessLogFrom(false);  // null
 * ```
 */
export function accessLogFrom(setting: AccessLogSetting | undefined): AccessLog | null {
  if (setting === undefined || setting === false) return null;
  if (setting === true) return new AccessLog();
  if (typeof setting === 'string') return new AccessLog({ format: setting });
  return new AccessLog(setting);
}
