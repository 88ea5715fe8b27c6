/**
 * Helpers for the security tests over real sockets: a recorder of unhandled rejections and
 * uncaught exceptions, raw exchanges that wait for the server to end the connection, a request on
 * a fresh connection, and the check every hostile-input test ends with (the server still serves,
 * nothing leaked, no socket left open, close() resolves). Nothing here asserts a duration.
 */
import { connect } from 'node:net';
import { Client } from 'undici';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Server } from '../../lib/server/serve.ts';
import { guard, type Logged } from './live.ts';

/** What escaped every handler while a watched suite ran: `[event, error]` pairs. */
export interface ProcessErrors {
  readonly events: Array<[event: string, error: unknown]>;
}

const events: Array<[string, unknown]> = [];
const onRejection = (error: unknown): void => {
  events.push(['unhandledRejection', error]);
};
const onException = (error: unknown): void => {
  events.push(['uncaughtException', error]);
};
let watching = 0;

/** The events recorded while watched suites run; {@link assertServing} empties it. */
export const processErrors: ProcessErrors = { events };

/**
 * Records `unhandledRejection` and `uncaughtException` while `suite` runs, so that a leak fails
 * the test that caused it (through {@link assertServing}, or a check of `processErrors.events`)
 * instead of crashing the run. The listeners are gone once the suite is over: `npm test` runs
 * every file in one process, and other files keep Node's default (a crash).
 */
export function watched<T extends Test>(suite: T): T {
  suite.before(() => {
    if (watching++ === 0) {
      process.on('unhandledRejection', onRejection);
      process.on('uncaughtException', onException);
    }
  });
  suite.after(() => {
    if (--watching === 0) {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    }
  });
  return suite;
}

/** The server-side connections still open. */
export function openConnections(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.httpServer.getConnections((error, count) => (error ? reject(error) : resolve(count)));
  });
}

/** Resolves once the server holds no connection: fails (instead of hanging) when one stays stuck. */
export async function noConnectionsLeft(server: Server): Promise<void> {
  await guard(
    (async () => {
      while ((await openConnections(server)) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    })(),
    'every server-side connection to close',
  );
}

/** A request on a connection of its own, closed afterwards. */
export async function fetchFresh(
  server: Server,
  path = '/',
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const client = new Client(server.url.slice(0, -1));
  try {
    const res = await guard(
      client.request({ path, method: (options.method ?? 'GET') as 'GET', ...options }),
      `a response to ${path}`,
    );
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  } finally {
    await client.close();
  }
}

/** What a raw exchange received, and whether the server (rather than the test) ended it. */
export interface Exchange {
  /** Everything received, as latin1 (one character per byte). */
  text: string;
  /** True when the connection closed before the test gave up waiting and closed it itself. */
  closedByServer: boolean;
}

/**
 * Writes raw bytes on a new connection and collects the answer until the server closes the
 * connection, or until `waitMs` passes (then the test closes it; nothing is asserted about time).
 * With `halfClose`, the client sends FIN after the bytes, as a client that has nothing more to say.
 */
export function exchange(
  server: Server,
  bytes: string | Uint8Array | ReadonlyArray<string | Uint8Array>,
  options: { halfClose?: boolean; waitMs?: number } = {},
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    let closedByServer = true;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      closedByServer = false;
      socket.destroy();
    }, options.waitMs ?? 3000);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer });
    });
    for (const chunk of typeof bytes === 'string' || bytes instanceof Uint8Array ? [bytes] : bytes) {
      socket.write(chunk);
    }
    if (options.halfClose) socket.end();
  });
}

/** The status code of the first response in raw bytes, or 0 when there is none. */
export function statusOf(text: string): number {
  const match = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** The body after the first blank line of raw bytes. */
export function bodyOf(text: string): string {
  const at = text.indexOf('\r\n\r\n');
  return at === -1 ? '' : text.slice(at + 4);
}

/** One response read back from raw bytes. */
export interface RawResponse {
  status: number;
  /** `[lower-case name, value]` in order. */
  headers: Array<[string, string]>;
  body: string;
}

const STATUS_LINE = /^HTTP\/1\.1 (\d{3}) [^\r\n\0]*$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+): ?([^\r\n\0]*)$/;

/**
 * Splits raw bytes into the responses they hold, strictly: every head line must be a status line
 * or a `name: value` header without CR, LF or NUL, and every body must be exactly its
 * Content-Length. A split or smuggled response throws, or shows up as one response too many.
 */
export function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end === -1)
      throw new Error(`an incomplete response head: ${JSON.stringify(text.slice(at, at + 80))}`);
    const [statusLine = '', ...lines] = text.slice(at, end).split('\r\n');
    const status = STATUS_LINE.exec(statusLine);
    if (status === null) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    const headers = lines.map((line): [string, string] => {
      const header = HEADER_LINE.exec(line);
      if (header === null) throw new Error(`not a header line: ${JSON.stringify(line)}`);
      return [header[1]!.toLowerCase(), header[2]!];
    });
    const length = Number(headers.find(([name]) => name === 'content-length')?.[1] ?? 0);
    const body = text.slice(end + 4, end + 4 + length);
    if (body.length !== length) throw new Error('a body shorter than its Content-Length');
    responses.push({ status: Number(status[1]), headers, body });
    at = end + 4 + length;
  }
  return responses;
}

/**
 * The check every hostile-input test ends with: no unhandled rejection or uncaught exception, no
 * error logged by the app (so no 500), a request on a fresh connection is still answered, every
 * connection closes, and `close()` resolves.
 */
export async function assertServing(
  server: Server,
  logged: Logged,
  options: { allowLoggedErrors?: boolean } = {},
): Promise<void> {
  try {
    // Rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve));
    const next = await fetchFresh(server, '/');
    assert.is(next.status, 200, 'the next request on a fresh connection is served');
    assert.is(next.text, 'ok');
    await noConnectionsLeft(server);
  } finally {
    await guard(server.close(), 'server.close() to resolve');
  }
  // Emptied here, so one leak fails one test rather than every test after it.
  assert.equal(processErrors.events.splice(0), [], 'no unhandled rejection or uncaught exception');
  if (!options.allowLoggedErrors) assert.equal(logged.error, [], 'nothing logged as an error (no 500)');
}
