/**
 * What an App and a Blueprint share: registering routes, hooks and error handlers. Every
 * registration returns the function unchanged, and works as a TC39 method decorator too.
 */
import type { RequestContext } from './context.ts';
import type { ViewReturn } from './make-response.ts';
import type { Response } from './response.ts';
import type { SessionData } from './sessions/interface.ts';

/** A value, or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** A view function: receives the request context, returns anything `makeResponse` accepts. */
export type View<S extends object = SessionData> = (ctx: RequestContext<S>) => Awaitable<ViewReturn>;

/** Runs before the view; returning a value other than undefined answers the request instead. */
export type BeforeRequestHook<S extends object = SessionData> = (
  ctx: RequestContext<S>,
) => Awaitable<ViewReturn>;

/** Runs after the view; returns the response to send (or nothing to keep the same one). */
export type AfterRequestHook<S extends object = SessionData> = (
  response: Response,
  ctx: RequestContext<S>,
) => Awaitable<Response | undefined | void>;

/** Runs at the very end of every request, with the unhandled error if there was one. */
export type TeardownHook<S extends object = SessionData> = (
  error: unknown,
  ctx: RequestContext<S>,
) => Awaitable<unknown>;

/** Turns an error into a response. */
export type ErrorHandler<S extends object = SessionData, E = any> = (
  error: E,
  ctx: RequestContext<S>,
) => Awaitable<ViewReturn>;

/** A class of errors an error handler can be registered for. */
export type ErrorClass<E = unknown> = abstract new (...args: any[]) => E;

/** Options of `route()`. */
export interface RouteOptions {
  /** Allowed methods; GET by default (HEAD and OPTIONS are added automatically). */
  methods?: readonly string[];
  /** The endpoint name; the function's name by default. */
  endpoint?: string;
  /** When false, `/a` and `/a/` both match without a redirect. */
  strictSlashes?: boolean;
  /** Values passed to the view as params for this rule, and used to choose a rule when building. */
  defaults?: Record<string, unknown>;
}

/** The registration decorator returned by `route()`: call it with the view, or use it as `@decorator`. */
export type RouteDecorator<S extends object> = <V extends View<S>>(
  view: V,
  context?: ClassMethodDecoratorContext,
) => V;

/** A route recorded by a scaffold. */
export interface RouteRecord<S extends object> {
  rule: string;
  options: RouteOptions;
  view: View<S>;
  name: string;
}

/**
 * The name a view gets as endpoint: the function's (or method's) name, or, for an anonymous
 * function, one made from its rule (`/user/<int:id>` → `user_id`).
 */
export function endpointFromView(
  view: { name: string },
  rule: string,
  decoratedName?: string | symbol,
): string {
  if (typeof decoratedName === 'string' && decoratedName) return decoratedName;
  if (view.name && view.name !== 'anonymous') return view.name;
  const derived = rule
    .replace(/<(?:[^>:]*:)?([^>]+)>/g, '$1')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return derived || 'index';
}

/** Base of App and Blueprint. */
export abstract class Scaffold<S extends object = SessionData> {
  /** Hooks run before every view, in registration order. */
  readonly beforeRequestHooks: BeforeRequestHook<S>[] = [];
  /** Hooks run after every view, in reverse registration order. */
  readonly afterRequestHooks: AfterRequestHook<S>[] = [];
  /** Hooks run at the end of every request, in reverse registration order. */
  readonly teardownHooks: TeardownHook<S>[] = [];
  /** Error handlers by status code. */
  readonly statusHandlers = new Map<number, ErrorHandler<S>>();
  /** Error handlers by error class. */
  readonly classHandlers = new Map<ErrorClass, ErrorHandler<S>>();

  /** Registers a view under a rule; the endpoint is the function's name unless given. */
  protected abstract addRoute(record: RouteRecord<S>): void;

  /** Called after every registration, so that cached hook chains are rebuilt. */
  protected changed(): void {}

  /**
   * Registers a view for a URL rule. Returns a decorator that returns the view unchanged.
   *
   * @example
   * ```ts
   * app.route('/login', { methods: ['GET', 'POST'] })(function login({ request }) { … });
   * ```
   */
  route(rule: string, options: RouteOptions = {}): RouteDecorator<S> {
    return (view, context) => {
      if (typeof view !== 'function') throw new TypeError(`route('${rule}') expects a view function.`);
      const name = options.endpoint ?? endpointFromView(view, rule, context?.name);
      this.addRoute({ rule, options, view, name });
      return view;
    };
  }

  /** `route(rule, { methods: ['GET'] })`. */
  get(rule: string, options: Omit<RouteOptions, 'methods'> = {}): RouteDecorator<S> {
    return this.route(rule, { ...options, methods: ['GET'] });
  }

  /** `route(rule, { methods: ['POST'] })`. */
  post(rule: string, options: Omit<RouteOptions, 'methods'> = {}): RouteDecorator<S> {
    return this.route(rule, { ...options, methods: ['POST'] });
  }

  /** `route(rule, { methods: ['PUT'] })`. */
  put(rule: string, options: Omit<RouteOptions, 'methods'> = {}): RouteDecorator<S> {
    return this.route(rule, { ...options, methods: ['PUT'] });
  }

  /** `route(rule, { methods: ['PATCH'] })`. */
  patch(rule: string, options: Omit<RouteOptions, 'methods'> = {}): RouteDecorator<S> {
    return this.route(rule, { ...options, methods: ['PATCH'] });
  }

  /** `route(rule, { methods: ['DELETE'] })`. */
  delete(rule: string, options: Omit<RouteOptions, 'methods'> = {}): RouteDecorator<S> {
    return this.route(rule, { ...options, methods: ['DELETE'] });
  }

  /**
   * Registers a hook that runs before each request; if it returns a value, the view is skipped.
   *
   * @example
   * ```ts
   * app.beforeRequest(({ g }) => { g.startedAt = Date.now(); });
   * ```
   */
  beforeRequest<F extends BeforeRequestHook<S>>(hook: F, _context?: ClassMethodDecoratorContext): F {
    this.beforeRequestHooks.push(hook);
    this.changed();
    return hook;
  }

  /**
   * Registers a hook that receives the response and returns the one to send.
   *
   * @example
   * ```ts
   * app.afterRequest((response) => { response.headers.set('X-Frame-Options', 'DENY'); return response; });
   * ```
   */
  afterRequest<F extends AfterRequestHook<S>>(hook: F, _context?: ClassMethodDecoratorContext): F {
    this.afterRequestHooks.push(hook);
    this.changed();
    return hook;
  }

  /**
   * Registers a hook that runs when the request ends, even after an error.
   *
   * @example
   * ```ts
   * app.teardownRequest((error, { g }) => g.db?.close());
   * ```
   */
  teardownRequest<F extends TeardownHook<S>>(hook: F, _context?: ClassMethodDecoratorContext): F {
    this.teardownHooks.push(hook);
    this.changed();
    return hook;
  }

  /**
   * Registers a handler for an HTTP status code or an error class. The handler receives the
   * error and the context, and returns a response.
   *
   * @example
   * ```ts
   * app.errorHandler(404)((error, { request }) => [`Nothing at ${escapeHtml(request.path)}`, 404]);
   * ```
   */
  errorHandler<E = any>(
    codeOrClass: number | ErrorClass<E>,
  ): <F extends ErrorHandler<S, E>>(handler: F, context?: ClassMethodDecoratorContext) => F {
    if (
      typeof codeOrClass === 'number' &&
      (!Number.isInteger(codeOrClass) || codeOrClass < 400 || codeOrClass > 599)
    ) {
      throw new TypeError(`errorHandler(${codeOrClass}): a status code must be an integer from 400 to 599.`);
    }
    return (handler) => {
      if (typeof codeOrClass === 'number') this.statusHandlers.set(codeOrClass, handler);
      else this.classHandlers.set(codeOrClass, handler);
      this.changed();
      return handler;
    };
  }
}
