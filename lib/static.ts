/**
 * Serving files from a folder a client names paths in: Werkzeug's `safe_join` and
 * `send_from_directory`, and Flask's static route (`/static/<path:filename>`, endpoint `static`).
 *
 * A client's path is checked twice. First as text (`safeJoin`): no `..` that climbs out, no
 * absolute path, no backslash, no NUL, no drive letter. Then on disk: the joined path is resolved
 * with `realpath` and must still be inside the folder's own real path, so a symlink inside the
 * folder cannot point outside it (Werkzeug does not check this). Anything refused is a 404, the
 * same answer as a file that does not exist, so a probe learns nothing.
 */
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { posix, resolve, sep } from 'node:path';
import type { RequestContext } from './context.ts';
import { HttpError } from './http/errors.ts';
import type { Request } from './http/request.ts';
import type { Response } from './http/response.ts';
import type { RouteOptions, Scaffold } from './scaffold.ts';
import { type SendFileOptions, sendResolvedFile } from './send-file.ts';

/** Options of {@link serveStatic}: how the files are sent, and the endpoint's name. */
export interface StaticOptions extends Omit<SendFileOptions, 'downloadName' | 'asAttachment' | 'mimetype'> {
  /** The endpoint; `static` by default, as in Flask (`urlFor('static', { filename })`). */
  endpoint?: string;
}

// Windows opens these names as devices, whatever the extension or trailing spaces (Werkzeug 3.1.6).
const WINDOWS_DEVICES = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const IS_WINDOWS = process.platform === 'win32';

/**
 * Joins a path a client sent to a trusted folder, or returns null when the path could leave it:
 * it climbs out with `..`, is absolute (`/etc/passwd`, `C:\x`, `C:x`), contains a backslash
 * (a separator on Windows, refused everywhere so an app behaves the same on every OS) or a NUL
 * byte. On Windows, device names such as `CON` or `nul.txt` are refused too.
 *
 * @example
 * ```ts
 * safeJoin('/srv/static', 'css/app.css');       // '/srv/static/css/app.css'
 * safeJoin('/srv/static', '../secrets.txt');    // null
 * safeJoin('/srv/static', 'a/../../etc/passwd'); // null
 * ```
 */
export function safeJoin(directory: string, untrusted: string): string | null {
  if (untrusted.includes('\0') || untrusted.includes('\\')) return null;
  const normalized = posix.normalize(untrusted);
  if (
    normalized.startsWith('/') ||
    normalized === '..' ||
    normalized.startsWith('../') ||
    /^[A-Za-z]:/.test(normalized) ||
    (IS_WINDOWS && isWindowsReserved(normalized))
  ) {
    return null;
  }
  // Werkzeug's `directory or "."`: an empty folder must not let the untrusted part become the base.
  return posix.join(directory === '' ? '.' : directory, normalized);
}

/**
 * Whether a path has a segment Windows would not open as a plain file: a device name (with any
 * extension or trailing spaces) or an alternate data stream (`file.txt:secret`).
 *
 * @example
 * ```ts
 * isWindowsReserved('logs/CON.txt'); // true
 * isWindowsReserved('logs/app.txt'); // false
 * ```
 */
export function isWindowsReserved(path: string): boolean {
  return path
    .split('/')
    .some((part) => part.includes(':') || WINDOWS_DEVICES.test(part.split('.')[0]!.trim()));
}

/**
 * Sends `path` from inside `directory` (Flask's `send_from_directory`): the safe way to serve a
 * file whose name comes from the client. A path that is unsafe, missing, not a regular file, or
 * that resolves (through symlinks) outside the folder raises a 404. A relative directory is
 * resolved against the current directory. Options are those of `sendFile`.
 *
 * @example
 * ```ts
 * app.get('/uploads/<path:name>')((ctx) => sendFromDirectory(ctx, 'uploads', ctx.params.name));
 * ```
 */
export async function sendFromDirectory(
  from: RequestContext<any> | Request,
  directory: string,
  path: string,
  options: SendFileOptions = {},
): Promise<Response> {
  const joined = typeof path === 'string' && path !== '' ? safeJoin(directory, path) : null;
  if (joined === null) throw new HttpError(404);
  const found = await findInside(resolve(directory), resolve(joined));
  if (found === null) throw new HttpError(404);
  // Named after what the client asked for, so a symlinked `app.css` is still sent as CSS.
  const name = posix.basename(joined);
  return sendResolvedFile(from, { path: found.path, stats: found.stats, name }, options);
}

/**
 * The real path and stats of `candidate` when it is a regular file whose real path lies inside the
 * real path of `directory`; null otherwise, including every file system error.
 */
async function findInside(
  directory: string,
  candidate: string,
): Promise<{ path: string; stats: Stats } | null> {
  try {
    const [root, real] = await Promise.all([realpath(directory), realpath(candidate)]);
    const prefix = root.endsWith(sep) ? root : root + sep;
    if (!real.startsWith(prefix)) return null;
    const stats = await stat(real);
    return stats.isFile() ? { path: real, stats } : null;
  } catch {
    return null;
  }
}

/**
 * Serves the files of `directory` under `urlPath`, as Flask's static folder does: registers the
 * rule `urlPath/<path:filename>` for GET (and HEAD) with endpoint `static`, so templates build
 * links with `urlFor('static', { filename: 'app.css' })`. On a blueprint the endpoint becomes
 * `name.static` and the rule gets the blueprint's prefix. Caching follows `maxAge` (by default
 * `no-cache` with ETag and Last-Modified, so browsers revalidate and get 304s). Returns the view.
 *
 * @example
 * ```ts
 * serveStatic(app, '/static', 'static', { maxAge: 3600 });
 * app.urlFor('static', { filename: 'css/app.css' }); // '/static/css/app.css'
 * ```
 */
export function serveStatic<S extends object>(
  scaffold: Scaffold<S>,
  urlPath: string,
  directory: string,
  options: StaticOptions = {},
): (ctx: RequestContext<S>) => Promise<Response> {
  if (typeof urlPath !== 'string' || !urlPath.startsWith('/')) {
    throw new TypeError(
      `serveStatic: urlPath must start with a slash, like '/static' (got ${JSON.stringify(urlPath)}).`,
    );
  }
  if (typeof directory !== 'string' || directory === '') {
    throw new TypeError("serveStatic: directory must be a folder's path, like 'static'.");
  }
  const { endpoint = 'static', ...sendOptions } = options;
  // Resolved now, so a later process.chdir() does not move the folder.
  const folder = resolve(directory);
  const rule = `${urlPath.replace(/\/+$/, '')}/<path:filename>`;
  const view = (ctx: RequestContext<S>): Promise<Response> =>
    sendFromDirectory(ctx, folder, String(ctx.params['filename']), sendOptions);
  const routeOptions: RouteOptions = { endpoint, methods: ['GET'] };
  return scaffold.route(rule, routeOptions)(view);
}
