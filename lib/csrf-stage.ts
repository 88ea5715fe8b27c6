/**
 * CSRF protection as a stage of the pipeline: which requests are checked, and the token a view
 * or template puts in its forms. The checks themselves are in csrf/.
 *
 * The stage runs once the session is open and before the before-request hooks, where Flask-WTF's
 * `CSRFProtect` runs: its check is the first before_request function of the app (registered when
 * the extension is set up). So a refused request runs no hook, no view, and saves no session.
 */
import type { App } from './app.ts';
import type { Blueprint } from './blueprint.ts';
import type { RequestContext } from './context.ts';
import { CsrfError } from './csrf/errors.ts';
import { isUnsafeMethod, protect } from './csrf/protect.ts';
import type { Session } from './sessions/session.ts';
import { isPromise, type MaybePromise } from './utils/maybe-promise.ts';

type Ctx = RequestContext<any>;

/** What `app.csrfExempt` takes: a view function, an endpoint name, or a blueprint. */
export type CsrfExemptTarget = ((...args: any[]) => unknown) | string | Blueprint<any>;

/**
 * The views and blueprints an app exempts from CSRF checks (`app.csrfExempt`).
 *
 * @example
 * ```ts
 * const exemptions = new CsrfExemptions();
 * exemptions.add('webhook');
 * ```
 */
export class CsrfExemptions {
  readonly #views = new Set<unknown>();
  readonly #endpoints = new Set<string>();
  readonly #blueprints = new Set<string>();

  /** Exempts a view function (wherever it is registered), an endpoint by name, or a whole blueprint. */
  add(target: CsrfExemptTarget): void {
    if (typeof target === 'function') this.#views.add(target);
    else if (typeof target === 'string') this.#endpoints.add(target);
    else if (target !== null && typeof target === 'object' && typeof target.name === 'string') {
      this.#blueprints.add(target.name);
    } else {
      throw new TypeError('csrfExempt() takes a view function, an endpoint name or a Blueprint.');
    }
  }

  /** Whether the matched endpoint of a request is exempt. */
  has(ctx: Ctx): boolean {
    const endpoint = ctx.endpoint!;
    const blueprint = ctx.blueprint;
    return (
      this.#endpoints.has(endpoint) ||
      (blueprint !== null && this.#blueprints.has(blueprint)) ||
      (this.#views.size > 0 && this.#views.has(ctx.app.viewFunctions.get(endpoint)))
    );
  }
}

/**
 * The stage: checks an unsafe request to a matched, non-exempt endpoint while CSRF_ENABLED is on
 * (requests routing answers itself, a 404, 405 or slash redirect, are not a view's to protect, as
 * in Flask-WTF). Throws the CsrfError of a refusal, after marking the session not to be saved.
 *
 * @example
 * ```ts
 * then(protectFromForgery(ctx), ctx, runBeforeHooks);
 * ```
 */
export function protectFromForgery(ctx: Ctx): MaybePromise<void> {
  if (!isUnsafeMethod(ctx.request.method)) return;
  const app = ctx.app;
  if (!app.config.CSRF_ENABLED || ctx.route?.kind !== 'match' || app.csrfExemptions.has(ctx)) return;
  let checked: MaybePromise<void>;
  try {
    checked = protect(ctx.request, ctx.session, app.csrfSettings());
  } catch (error) {
    return refuse(ctx, error);
  }
  if (isPromise(checked)) return checked.then(undefined, (error: unknown) => refuse(ctx, error));
}

function refuse(ctx: Ctx, error: unknown): never {
  // A forged request changes nothing: not even the session's cookie or its store record.
  if (error instanceof CsrfError) ctx.discardSession = true;
  throw error;
}

/**
 * A signed CSRF token for a session of the app, as Flask-WTF's `generate_csrf()`; what
 * `ctx.csrfToken()` returns. Stores a random value in the session the first time.
 *
 * @example
 * ```ts
 * `<input type="hidden" name="csrf_token" value="${generateCsrfToken(ctx.app, ctx.session)}">`;
 * ```
 */
export function generateCsrfToken(app: App<any>, session: Session<any>): string {
  const tokens = app.csrfSettings().tokens;
  if (tokens === null || app.isNullSession(session)) {
    throw new Error(
      'csrfToken() needs a session to keep the token in: set app.secretKey (a CSRF token is signed with it).',
    );
  }
  return tokens.generate(session);
}

/**
 * The `csrf_token` template global: Flask-WTF's `{{ csrf_token() }}`, made for each render from
 * the request (the app registers it with `templateRequestGlobal`). Nothing is stored in the
 * session unless a template calls it.
 *
 * @example
 * ```ts
 * app.templateRequestGlobal('csrf_token', csrfTokenGlobal);
 * ```
 */
export function csrfTokenGlobal(ctx: Ctx): () => string {
  return ctx.csrfToken;
}
