/**
 * Layer sessions/: the session object and the interfaces that open and save it (signed cookie,
 * encrypted cookie, server-side stores); imports http/ and utils/.
 *
 * The session interface: how a session is opened before the view and saved after the
 * after-request hooks. Flask's `SessionInterface`, two methods.
 */

import type { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import type { MaybePromise } from '../utils/maybe-promise.ts';
import type { SessionConfig } from './config.ts';
import type { Session } from './session.ts';

/**
 * The session data of an app that does not declare its own: any string key. Declare yours with
 * `new App<{ username?: string; cart: Item[] }>()` to type `session.get('username')`.
 */
export type SessionData = Record<string, any>;

/** What a session interface may see of the app (a structural type, so it needs no import of App). */
export interface SessionApp {
  readonly config: SessionConfig;
  readonly logger: Logger;
}

/** The logger the app writes to: `console` by default. */
export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

// Sync interfaces stay sync on the hot path: a value, or a promise of it.
export type { MaybePromise } from '../utils/maybe-promise.ts';

/**
 * Opens and saves sessions. Replace `app.sessionInterface` with your own to store sessions
 * elsewhere.
 *
 * @example
 * ```ts
 * app.sessionInterface = new ServerSideSessionInterface({ store: new MemoryStore() });
 * ```
 */
export interface SessionInterface {
  /**
   * Loads the session for a request, before the before-request hooks. Returning `null` means
   * sessions are unavailable (no secret key): the request gets a null session that can be read
   * but fails on write with a message that says why.
   */
  openSession(app: SessionApp, request: Request): MaybePromise<Session<any> | null>;
  /** Writes the session into the response (Set-Cookie, store write), after the after-request hooks. */
  saveSession(app: SessionApp, session: Session<any>, response: Response): MaybePromise<void>;
}
