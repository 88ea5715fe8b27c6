/**
 * What an App and a Blueprint share: registering routes, hooks and error handlers. Every
 * registration returns the function unchanged, and works as a TC39 method decorator too.
 */
import type { Params, RequestContext } from './context.ts';
import { checkRouteOptions, endpointFromView } from './endpoint.ts';
import type { Response } from './http/response.ts';
import type { ViewReturn } from './make-response.ts';
import type { NoConverters, RouteParams } from './routing/params.ts';
import type { SessionData } from './sessions/interface.ts';
import type { ContextProcessor } from './templating.ts';
import type { MaybePromise } from './utils/maybe-promise.ts';

export { endpointFromView };

/** A value, or a promise of it: what views, hooks and handlers may return (the pipeline's `MaybePromise`). */
export type Awaitable<T> = MaybePromise<T>;

/**
 * What a view may return: anything `makeResponse` accepts except nothing. A view that returns
 * `undefined` is a 500 at run time (Flask: "did not return a valid response"), so the types refuse it.
 *
 * @example
 * ```ts
 * const body: ViewResult = ['Created', 201];
 * ```
 */
export type ViewResult = Exclude<ViewReturn, undefined | void>;

/**
 * A view function: receives the request context, returns a {@link ViewResult}. `P` types
 * `params`; `route()` infers it from the rule.
 *
 * @example
 * ```ts
 * const user: View<SessionData, { id: number }> = ({ params }) => `User ${params.id + 1}`;
 * ```
 */
export type View<S extends object = SessionData, in P extends Params = Params> = (
  ctx: RequestContext<S, P>,
) => Awaitable<ViewResult>;

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

/**
 * Options of `route()`. `D` types `defaults`, which reach the view in `params`.
 *
 * @example
 * ```ts
 * app.route('/all/', { methods: ['GET'], endpoint: 'all', defaults: { page: 1 } });
 * ```
 */
export interface RouteOptions<D extends Record<string, unknown> = Record<string, unknown>> {
  /** Allowed methods; GET by default (HEAD and OPTIONS are added automatically). */
  methods?: readonly string[] | undefined;
  /** The endpoint name; the function's name by default. */
  endpoint?: string | undefined;
  /** When false, `/a` and `/a/` both match without a redirect. */
  strictSlashes?: boolean | undefined;
  /** Values passed to the view as params for this rule, and used to choose a rule when building. */
  defaults?: D | undefined;
}

/**
 * The registration decorator returned by `route()`: call it with the view, or use it as `@decorator`.
 * `P` is what the rule gives the view as `params`.
 */
export type RouteDecorator<S extends object, P extends Params = Params> = <V extends View<S, P>>(
  view: V,
  context?: ClassMethodDecoratorContext,
) => V;

/** Route options of `get()`, `post()`…: everything but the methods. */
export type MethodRouteOptions<D extends Record<string, unknown> = Record<string, unknown>> = Omit<
  RouteOptions<D>,
  'methods'
>;

/** A route recorded by a scaffold. */
export interface RouteRecord<S extends object> {
  rule: string;
  options: RouteOptions;
  view: View<S>;
  name: string;
}

/**
 * Base of App and Blueprint. `S` types the session data; `C` declares the value types of custom
 * converters by name (`{ list: string[] }`), so that rules using them type their params.
 */
export abstract class Scaffold<S extends object = SessionData, C extends object = NoConverters> {
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
  /** Context processors: their variables reach every template rendered for this scope's requests. */
  readonly templateContextProcessors: ContextProcessor<S>[] = [];

  constructor() {
    // Bound, so that `@app.beforeRequest` on a method (which calls the function without `this`) works.
    this.beforeRequest = this.beforeRequest.bind(this);
    this.afterRequest = this.afterRequest.bind(this);
    this.teardownRequest = this.teardownRequest.bind(this);
    this.contextProcessor = this.contextProcessor.bind(this);
  }

  /** What error messages call this scaffold in code they suggest: `app`, or a blueprint's name. */
  protected get receiverName(): string {
    return 'app';
  }

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
   * app.route('/user/<int:id>')(({ params }) => `User ${params.id + 1}`); // params.id: number
   * ```
   */
  route<R extends string, D extends Record<string, unknown> = Record<never, never>>(
    rule: R,
    options: RouteOptions<D> = {},
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    checkRouteOptions('route', rule, options, this.receiverName);
    return this.decorator(rule, options);
  }

  /** The decorator that registers a view under `rule` with checked `options`. */
  private decorator<R extends string, D extends Record<string, unknown>>(
    rule: R,
    options: RouteOptions<D>,
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    return (view, context) => {
      if (typeof view !== 'function') throw new TypeError(`route('${rule}') expects a view function.`);
      const name = options.endpoint ?? endpointFromView(view, rule, context?.name, options.methods);
      // The pipeline passes every view the same untyped params; the rule guarantees their shape.
      this.addRoute({ rule, options, view: view as unknown as View<S>, name });
      return view;
    };
  }

  /** `route(rule, { methods: ['GET'] })`. */
  get<R extends string, D extends Record<string, unknown> = Record<never, never>>(
    rule: R,
    options: MethodRouteOptions<D> = {},
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    return this.methodRoute('get', rule, options);
  }

  /** `route(rule, { methods: ['POST'] })`. */
  post<R extends string, D extends Record<string, unknown> = Record<never, never>>(
    rule: R,
    options: MethodRouteOptions<D> = {},
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    return this.methodRoute('post', rule, options);
  }

  /** `route(rule, { methods: ['PUT'] })`. */
  put<R extends string, D extends Record<string, unknown> = Record<never, never>>(
    rule: R,
    options: MethodRouteOptions<D> = {},
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    return this.methodRoute('put', rule, options);
  }

  /** `route(rule, { methods: ['PATCH'] })`. */
  patch<R extends string, D extends Record<string, unknown> = Record<never, never>>(
    rule: R,
    options: MethodRouteOptions<D> = {},
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    return this.methodRoute('patch', rule, options);
  }

  /** `route(rule, { methods: ['DELETE'] })`. */
  delete<R extends string, D extends Record<string, unknown> = Record<never, never>>(
    rule: R,
    options: MethodRouteOptions<D> = {},
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    return this.methodRoute('delete', rule, options);
  }

  /** `get()`, `post()`…: the options checked before the method is added, so a misplaced view is caught. */
  private methodRoute<R extends string, D extends Record<string, unknown>>(
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    rule: R,
    options: MethodRouteOptions<D>,
  ): RouteDecorator<S, RouteParams<R, C, D>> {
    checkRouteOptions(method, rule, options, this.receiverName);
    return this.decorator(rule, { ...options, methods: [method.toUpperCase()] });
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
   * Registers a context processor: a function of the request context returning variables for
   * every template rendered (on a blueprint: for its own requests). A view's own variables win.
   *
   * @example
   * ```ts
   * app.contextProcessor(({ session }) => ({ user: session.get('username') }));
   * ```
   */
  contextProcessor<F extends ContextProcessor<S>>(processor: F, _context?: ClassMethodDecoratorContext): F {
    this.templateContextProcessors.push(processor);
    return processor;
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
