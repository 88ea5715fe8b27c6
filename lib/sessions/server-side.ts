/**
 * Server-side sessions: the cookie carries only a random, signed id; the data lives in a
 * {@link SessionStore}. The client can neither read nor change it, a session can be ended from the
 * server, and `session.regenerate()` at login defeats session fixation.
 *
 * Lifetimes: a permanent session's cookie expires PERMANENT_SESSION_LIFETIME after the last save
 * (or refresh). A non-permanent cookie is forgotten by the browser when it closes; its data is
 * forgotten by the store PERMANENT_SESSION_LIFETIME after the last save, so an abandoned session
 * never lives forever.
 *
 * Concurrency (two requests of one browser at once, each with its own copy of the session):
 * - A request that did not modify its session never writes it: reading, or refreshing a permanent
 *   session (`store.touch`, which never recreates a missing record), cannot bring back data another
 *   request changed or destroyed meanwhile.
 * - A request that modified its session writes the whole session when it ends: the last write wins,
 *   with no merge. So a request that opened the session before another one destroyed it, and then
 *   modifies it, writes it back. Keep long views from writing a session they only read.
 */

import type { Request } from '../http/request.ts';
import type { Response } from '../http/response.ts';
import type { SecretKey, SessionConfig } from './config.ts';
import type { MaybePromise, SessionApp, SessionInterface } from './interface.ts';
import { addVaryCookie, cookieOptions, warnIfTooLarge } from './secure-cookie.ts';
import { Session } from './session.ts';
import { newSessionId, SESSION_ID_SALT, SessionIdSigner } from './session-id.ts';
import type { SessionRecord, SessionStore } from './store.ts';

/**
 * Options of {@link ServerSideSessionInterface}.
 *
 * @example
 * ```ts
 * new ServerSideSessionInterface({ store: new MemoryStore(), idBytes: 32 });
 * ```
 */
export interface ServerSideOptions {
  /** Where the data lives: a MemoryStore for one process, a RedisStore for several. */
  store: SessionStore;
  /** Random bytes in a new id: 32 (256 bits) by default, 16 at least. */
  idBytes?: number;
  /** Separates id signatures from other signatures made with SECRET_KEY. */
  salt?: string;
}

/**
 * The session of a {@link ServerSideSessionInterface}: a {@link Session} that knows its id.
 *
 * @example
 * ```ts
 * app.get('/whoami')(({ session }) => (session instanceof ServerSideSession ? session.id ?? 'new' : ''));
 * ```
 */
export class ServerSideSession<T extends object = Record<string, unknown>> extends Session<T> {
  readonly #id: string | undefined;

  /** A session stored under `id` with `data`, or, without them, a new one. */
  constructor(id?: string, data?: SessionRecord) {
    super(data === undefined ? undefined : () => data);
    this.#id = data === undefined ? undefined : id;
  }

  /**
   * The store id this session was loaded from; undefined for a new session. It stays the same for
   * the whole request: a new id (new session, `regenerate()`) is chosen when the session is saved.
   */
  get id(): string | undefined {
    return this.#id;
  }
}

/**
 * Keeps sessions in a store, with a signed id in the session cookie (SESSION_COOKIE_* settings
 * apply). Ids whose signature does not verify under SECRET_KEY or a SECRET_KEY_FALLBACKS entry are
 * no session, and are never looked up. Store writes finish before the response is sent.
 *
 * @example
 * ```ts
 * app.secretKey = process.env.SECRET_KEY!;
 * app.sessionInterface = new ServerSideSessionInterface({ store: new MemoryStore() });
 * app.post('/login')(({ request, session }) => {
 *   session.regenerate(); // a new id at every login
 *   session.set('username', request.form.get('username'));
 *   return redirect('/');
 * });
 * ```
 */
export class ServerSideSessionInterface implements SessionInterface {
  readonly store: SessionStore;
  readonly idBytes: number;
  readonly salt: string;
  #signer: SessionIdSigner | null = null;
  #signerSecret: SecretKey | null = null;
  #signerFallbacks: readonly SecretKey[] | null = null;

  constructor(options: ServerSideOptions) {
    const { store, idBytes = 32, salt = SESSION_ID_SALT } = options ?? ({} as ServerSideOptions);
    if (!isStore(store)) {
      throw new TypeError(
        'store must be a SessionStore with get, set, touch and destroy (a MemoryStore, a RedisStore or your own)',
      );
    }
    newSessionId(idBytes); // validates idBytes now rather than at the first login
    if (typeof salt !== 'string' || salt === '') throw new TypeError('salt must be a non-empty string');
    this.store = store;
    this.idBytes = idBytes;
    this.salt = salt;
  }

  /** The id signer for the app's current secrets (rebuilt only when they change); null without SECRET_KEY. */
  signer(config: SessionConfig): SessionIdSigner | null {
    const secret = config.SECRET_KEY;
    if (!secret) return null;
    const fallbacks = config.SECRET_KEY_FALLBACKS;
    if (
      this.#signer === null ||
      secret !== this.#signerSecret ||
      !sameList(fallbacks, this.#signerFallbacks)
    ) {
      this.#signer = new SessionIdSigner({ secretKey: secret, fallbacks, salt: this.salt });
      this.#signerSecret = secret;
      this.#signerFallbacks = fallbacks === null ? null : [...fallbacks];
    }
    return this.#signer;
  }

  openSession(app: SessionApp, request: Request): MaybePromise<ServerSideSession | null> {
    const signer = this.signer(app.config);
    if (signer === null) return null;
    const value = request.cookies.get(app.config.SESSION_COOKIE_NAME);
    const id = value ? signer.unsign(value) : undefined;
    // No cookie, or one the app did not sign: a new session, and no store round trip.
    if (id === undefined) return new ServerSideSession();
    return this.store.get(id).then((data) => new ServerSideSession(id, data));
  }

  saveSession(app: SessionApp, session: Session<any>, response: Response): MaybePromise<void> {
    const id = session instanceof ServerSideSession ? session.id : undefined;
    const { size, permanent } = session.peek();
    // As Flask 3 does: even an empty session that was read makes the page depend on the cookie.
    if (session.accessed) addVaryCookie(response);
    if (size === 0) return session.modified ? this.#end(app, id, response) : undefined;
    if (session.modified || session.renewal !== null || id === undefined) {
      return this.#write(app, session, id, permanent, response);
    }
    if (permanent && app.config.SESSION_REFRESH_EACH_REQUEST) return this.#refresh(app, id, response);
    return undefined;
  }

  /** Emptied or destroyed: the record goes, and so does the cookie. */
  async #end(app: SessionApp, id: string | undefined, response: Response): Promise<void> {
    if (id !== undefined) await this.store.destroy(id);
    response.deleteCookie(app.config.SESSION_COOKIE_NAME, cookieOptions(app.config));
    addVaryCookie(response);
  }

  async #write(
    app: SessionApp,
    session: Session<any>,
    oldId: string | undefined,
    permanent: boolean,
    response: Response,
  ): Promise<void> {
    const signer = this.signer(app.config);
    if (signer === null) return;
    const renewed = session.renewal !== null;
    // The old id dies first: if the new write then fails, nobody is left holding a fixated id.
    if (renewed && oldId !== undefined) await this.store.destroy(oldId);
    const id = !renewed && oldId !== undefined ? oldId : newSessionId(this.idBytes);
    await this.store.set(id, session.data, lifetime(app.config));
    this.#setCookie(app, signer.sign(id), permanent, response);
  }

  async #refresh(app: SessionApp, id: string, response: Response): Promise<void> {
    const signer = this.signer(app.config);
    if (signer === null) return;
    await this.store.touch(id, lifetime(app.config));
    // Re-signed, so a cookie signed with a fallback secret moves to the current one.
    this.#setCookie(app, signer.sign(id), true, response);
  }

  #setCookie(app: SessionApp, value: string, permanent: boolean, response: Response): void {
    const config = app.config;
    const name = config.SESSION_COOKIE_NAME;
    const expires = permanent ? new Date(Date.now() + lifetime(config) * 1000) : undefined;
    response.setCookie(name, value, { ...cookieOptions(config), ...(expires && { expires }) });
    addVaryCookie(response);
    warnIfTooLarge(app, name, response);
  }
}

/** PERMANENT_SESSION_LIFETIME, the store's time to live for every session. */
function lifetime(config: SessionConfig): number {
  const seconds = config.PERMANENT_SESSION_LIFETIME;
  if (typeof seconds !== 'number' || !(seconds > 0) || !Number.isFinite(seconds)) {
    throw new TypeError('PERMANENT_SESSION_LIFETIME must be a positive number of seconds');
  }
  return seconds;
}

function isStore(store: unknown): store is SessionStore {
  if (typeof store !== 'object' || store === null) return false;
  const methods = store as Record<string, unknown>;
  return ['get', 'set', 'touch', 'destroy'].every((name) => typeof methods[name] === 'function');
}

function sameList(a: readonly SecretKey[] | null, b: readonly SecretKey[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((item, i) => item === b[i]);
}
