/**
 * What debug mode adds to a door (node:http, app.fetch): a traceback page for unhandled errors and
 * a log line per request. Pure functions: the doors decide when to use them.
 */
import { escapeHtml } from './http/html.ts';
import { Response } from './http/response.ts';

/** How many `cause`s the page follows, so a cyclic chain cannot loop. */
const MAX_CAUSES = 8;

function describe(error: unknown): string {
  let trace = '';
  let cause: unknown = error;
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
    if (depth > 0) trace += '\nCaused by: ';
    trace += cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return trace;
}

/**
 * The debug page of an unhandled error: its name and message, the request, and the stack with
 * every cause, all HTML-escaped. Only ever sent when DEBUG is on.
 *
 * @example
 * ```ts
 * const response = tracebackResponse(new Error('boom'), 'GET', '/crash');
 * response.status; // 500
 * ```
 */
export function tracebackResponse(error: unknown, method: string, path: string): Response {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const html =
    '<!doctype html>\n<html lang=en>\n' +
    `<title>${escapeHtml(name)}: ${escapeHtml(message)} // Phial debugger</title>\n` +
    `<h1>${escapeHtml(name)}</h1>\n<p><b>${escapeHtml(message)}</b></p>\n` +
    `<p>While handling <code>${escapeHtml(method)} ${escapeHtml(path)}</code>:</p>\n` +
    `<pre>${escapeHtml(describe(error))}</pre>\n` +
    '<p>This page shows because DEBUG is on. Never turn DEBUG on in production.</p>\n';
  return new Response(html, { status: 500 });
}

/** Werkzeug's request-log colours, by status class (ANSI SGR codes). */
function statusColour(status: number): string {
  if (status >= 500) return '1;35';
  if (status === 404) return '33';
  if (status >= 400) return '1;31';
  if (status === 304) return '36';
  if (status >= 300) return '32';
  if (status < 200) return '1';
  return '';
}

/** One finished request, as the debug log shows it. */
export interface RequestLogEntry {
  method: string;
  /** The request-target as received (path and query). */
  url: string;
  status: number;
  /** How long the request took, in milliseconds. */
  ms: number;
  /** The client left before the response was complete. */
  aborted: boolean;
}

/**
 * The debug log's line for a request: method, target, status and duration, coloured by status
 * class when `colour` is true (a terminal).
 *
 * @example
 * ```ts
 * requestLogLine({ method: 'GET', url: '/', status: 200, ms: 1.24, aborted: false }, false);
 * // 'GET / 200 1.2ms'
 * ```
 */
export function requestLogLine(entry: RequestLogEntry, colour: boolean): string {
  const line =
    `${entry.method} ${entry.url} ${entry.status} ${entry.ms.toFixed(1)}ms` +
    (entry.aborted ? ' (aborted)' : '');
  const code = colour ? statusColour(entry.status) : '';
  return code === '' ? line : `\x1b[${code}m${line}\x1b[0m`;
}
