/**
 * The request context: the one object a view, a hook or an error handler receives. No globals,
 * no AsyncLocalStorage: everything about the current request is here.
 */
import type { App } from './app.ts';
import { generateCsrfToken } from './csrf-stage.ts';
import type { Request } from './http/request.ts';
import type { MatchResult } from './routing/map.ts';
import type { SessionData } from './sessions/interface.ts';
import type { Session } from './sessions/session.ts';
import { renderTemplate, renderTemplateString } from './templating.ts';

/**
 * Route parameters, converted by their converters (`<int:id>` gives a number). What hooks and
 * error handlers see; a view registered with `route()` sees them typed by its rule.
 */
export type Params = Record<string, any>;

/** `urlFor` as a view sees it: bound to the current request (relative endpoints, external host). */
export type UrlFor = (endpoint: string, values?: Record<string, unknown>) => string;

/** `render` as a view sees it: a template file and its variables to the HTML string. */
export type Render = (name: string, vars?: object) => string;

/**
 * What a view receives: `({ request, session, params, g, urlFor }) => …`. `S` types the session
 * data, `P` the params (a view registered with `route()` gets them typed by its rule).
 *
 * @example
 * ```ts
 * app.get('/profile')(function profile({ session, urlFor }) {
 *   return session.has('username') ? `Привет, ${escapeHtml(session.get('username'))}!` : redirect(urlFor('login'));
 * });
 * ```
 */
export class RequestContext<S extends object = SessionData, out P extends Params = Params> {
  /** The application handling the request. */
  readonly app: App<S>;
  /** The request. */
  readonly request: Request;
  /** The matched rule's converted parameters (empty when nothing matched). */
  params: P;
  /** The matched endpoint, or null when routing failed. */
  endpoint: string | null = null;
  /** @internal what routing decided; set by `App.handle`. */
  route: MatchResult | null = null;
  /** @internal the unhandled error, passed to the teardown hooks. */
  error: unknown = null;
  /** @internal the opened session; set by the pipeline before the before-request hooks. */
  sessionSlot: Session<S> | null = null;
  /** @internal true when the request was refused as a forgery: its session is not saved. */
  discardSession = false;
  private boundUrlFor: UrlFor | null = null;
  #csrfToken: (() => string) | null = null;
  // Both render functions, bound on first use: one field, so requests that render nothing pay one write.
  #renderers: { render: Render; renderString: Render } | null = null;
  #g: Record<string, any> | null = null;
  // The pipeline asks for the blueprint at every stage: it is worked out once per endpoint.
  #blueprintOf: string | null = null;
  #blueprint: string | null = null;

  constructor(app: App<S>, request: Request, params: P) {
    this.app = app;
    this.request = request;
    this.params = params;
  }

  /** Storage for the duration of one request, like Flask's `g`. */
  get g(): Record<string, any> {
    // Created on first use only: a null-prototype object costs more than the rest of the context.
    this.#g ??= Object.create(null) as Record<string, any>;
    return this.#g;
  }

  /** The blueprint of the matched endpoint (`admin` for `admin.index`), or null. */
  get blueprint(): string | null {
    const endpoint = this.endpoint;
    if (endpoint !== this.#blueprintOf) {
      // includes() first: most endpoints have no dot, and lastIndexOf is the slower call.
      const dot = endpoint === null || !endpoint.includes('.') ? -1 : endpoint.lastIndexOf('.');
      this.#blueprint = dot === -1 ? null : endpoint!.slice(0, dot);
      this.#blueprintOf = endpoint;
    }
    return this.#blueprint;
  }

  /** The session of this request. */
  get session(): Session<S> {
    const session = this.sessionSlot;
    if (session === null)
      throw new Error('The session is not open yet: it opens before the before-request hooks.');
    return session;
  }

  /**
   * Builds a URL for an endpoint, relative to the current request: `.name` means an endpoint of
   * the current blueprint, and `_external: true` uses the request's scheme and host.
   * Safe to destructure (`({ urlFor }) => urlFor('index')`).
   */
  get urlFor(): UrlFor {
    // Created on first use only: most requests never build a URL.
    this.boundUrlFor ??= (endpoint, values) => this.app.urlFor(endpoint, values, this);
    return this.boundUrlFor;
  }

  /**
   * The CSRF token for this request's forms, as Flask-WTF's `csrf_token()`: signed with the secret
   * key, bound to the session (a random value is stored in it on first use). The same token for
   * every call of one request. Put it in a `csrf_token` form field, or send it in an `X-CSRFToken`
   * header; it is checked on every unsafe request when CSRF_TOKEN_REQUIRED is on.
   * Safe to destructure (`({ csrfToken }) => csrfToken()`).
   *
   * @example
   * ```ts
   * app.get('/cart')(({ csrfToken }) =>
   *   `<form method="post"><input type="hidden" name="csrf_token" value="${csrfToken()}"><button>Buy</button></form>`);
   * ```
   */
  get csrfToken(): () => string {
    if (this.#csrfToken === null) {
      let token: string | null = null;
      this.#csrfToken = () => {
        token ??= generateCsrfToken(this.app, this.session);
        return token;
      };
    }
    return this.#csrfToken;
  }

  /**
   * Renders a template from the app's template folders with Flask's context (`request`,
   * `session`, `g`, `config`, `url_for`, `get_flashed_messages`, context processors) and returns
   * the HTML: Flask's `render_template`. Safe to destructure.
   *
   * @example
   * ```ts
   * app.get('/user/<name>')(({ params, render }) => render('profile.html', { user: params.name }));
   * ```
   */
  get render(): Render {
    return this.#bindRenderers().render;
  }

  /**
   * Renders template source with Flask's context, autoescaped: Flask's `render_template_string`.
   * Safe to destructure.
   *
   * @example
   * ```ts
   * app.get('/')(({ renderString }) => renderString('<p>{{ request.path }}</p>'));
   * ```
   */
  get renderString(): Render {
    return this.#bindRenderers().renderString;
  }

  #bindRenderers(): { render: Render; renderString: Render } {
    this.#renderers ??= {
      render: (name, vars) => renderTemplate(this, name, vars),
      renderString: (source, vars) => renderTemplateString(this, source, vars),
    };
    return this.#renderers;
  }
}
