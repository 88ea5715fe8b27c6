/**
 * Layer core (lib/ top level): the app, its blueprints, config, context and request pipeline; imports
 * routing/, sessions/, http/ and utils/, and reaches its doors only through `run()`, `handler` and
 * `testClient()`.
 *
 * The application: configuration, routes, hooks, the session interface, and `handle(request)`,
 * which maps a Request to a Response without touching a socket. The server and the test client
 * are two thin doors onto it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Blueprint } from './blueprint.ts';
import { type Config, defaultConfig, type SecretKey } from './config.ts';
import { RequestContext } from './context.ts';
import type { Request } from './http/request.ts';
import type { Response } from './http/response.ts';
import { type HookChain, runRequest } from './pipeline.ts';
import { UrlMap } from './routing/map.ts';
import type { NoConverters } from './routing/params.ts';
import { type RouteRecord, Scaffold, type View } from './scaffold.ts';
import { handleNodeRequest, type RunOptions, type Server, serve } from './server/serve.ts';
import type { Logger, SessionData, SessionInterface } from './sessions/interface.ts';
import { NullSession } from './sessions/null-session.ts';
import { SecureCookieSessionInterface } from './sessions/secure-cookie.ts';
import type { Session } from './sessions/session.ts';
import { TestClient } from './testing/client.ts';
import type { MaybePromise } from './utils/maybe-promise.ts';

/** Options of `registerBlueprint`. */
export interface RegisterBlueprintOptions {
  /** Overrides the blueprint's own URL prefix. */
  urlPrefix?: string;
}

const NO_PARAMS: Record<string, never> = Object.freeze(Object.create(null));

/**
 * A Phial application. `S` types the session's data; `C` declares the value types of custom
 * converters (`new App<Session, { list: string[] }>()`), so that `params` of rules using them are typed.
 *
 * @example
 * ```ts
 * const app = new App<{ username?: string }>();
 * app.secretKey = 'dev';
 * app.get('/')(function index() { return 'Hello, World!'; });
 * await app.run({ port: 5000 });
 * ```
 */
export class App<S extends object = SessionData, C extends object = NoConverters> extends Scaffold<S, C> {
  /** Flask's configuration keys, with Flask's defaults. */
  readonly config: Config = defaultConfig();
  /** The URL map: rules, converters, matching and building. Register converters on `urlMap.converters`. */
  readonly urlMap: UrlMap = new UrlMap();
  /** View functions by endpoint. */
  readonly viewFunctions = new Map<string, View<S>>();
  /** Registered blueprints by name. */
  readonly blueprints = new Map<string, Blueprint<S>>();
  /** Opens and saves sessions: Flask-compatible signed cookies unless replaced. */
  sessionInterface: SessionInterface = new SecureCookieSessionInterface();
  /** Where errors and warnings go. */
  logger: Logger = console;
  private hookChains = new Map<string | null, HookChain>();
  /** The chain of requests outside any blueprint, asked for three times per request: no Map lookup. */
  private appChain: HookChain | null = null;

  /** The secret key that signs sessions; the same value as `config.SECRET_KEY`. */
  get secretKey(): SecretKey | null {
    return this.config.SECRET_KEY;
  }

  set secretKey(value: SecretKey | null) {
    this.config.SECRET_KEY = value;
  }

  /** `config.DEBUG`. */
  get debug(): boolean {
    return this.config.DEBUG;
  }

  set debug(value: boolean) {
    this.config.DEBUG = value;
  }

  /** `config.TESTING`. */
  get testing(): boolean {
    return this.config.TESTING;
  }

  set testing(value: boolean) {
    this.config.TESTING = value;
  }

  /** Whether unhandled errors propagate to the caller instead of becoming a 500. */
  get propagateExceptions(): boolean {
    return this.config.PROPAGATE_EXCEPTIONS ?? (this.config.TESTING || this.config.DEBUG);
  }

  /**
   * The Node request listener: `http.createServer(app.handler)`.
   *
   * @example
   * ```ts
   * http.createServer(app.handler).listen(5000);
   * ```
   */
  readonly handler = (req: IncomingMessage, res: ServerResponse): void => {
    handleNodeRequest(this, req, res);
  };

  protected addRoute(record: RouteRecord<S>): void {
    const existing = this.viewFunctions.get(record.name);
    if (existing !== undefined && existing !== record.view) {
      throw new Error(
        `View function mapping is overwriting an existing endpoint function: ${record.name}. ` +
          'Give the view another name or pass { endpoint } to route() ' +
          '(an anonymous view is named after its rule and methods).',
      );
    }
    const { methods, strictSlashes, defaults } = record.options;
    // Absent options stay undefined, which the rule reads as its defaults: no spreads, which cost
    // start-up time when an app registers many routes.
    this.urlMap.add(record.rule, { endpoint: record.name, methods, strictSlashes, defaults });
    this.viewFunctions.set(record.name, record.view);
  }

  protected override changed(): void {
    this.hookChains.clear();
    this.appChain = null;
  }

  /** @internal a registered blueprint got a new hook or error handler. */
  blueprintChanged(): void {
    this.changed();
  }

  /**
   * Registers a blueprint's routes (under its prefix, endpoints `name.endpoint`), hooks and
   * error handlers.
   *
   * @example
   * ```ts
   * app.registerBlueprint(admin, { urlPrefix: '/admin' });
   * ```
   */
  registerBlueprint(blueprint: Blueprint<S>, options: RegisterBlueprintOptions = {}): void {
    if (this.blueprints.has(blueprint.name)) {
      throw new Error(
        `A blueprint named '${blueprint.name}' is already registered; blueprint names must be unique.`,
      );
    }
    const prefix = (options.urlPrefix ?? blueprint.urlPrefix).replace(/\/+$/, '');
    for (const record of blueprint.routes) {
      const rule = prefix ? `${prefix}/${record.rule.replace(/^\/+/, '')}` : record.rule;
      this.addRoute({ ...record, rule, name: `${blueprint.name}.${record.name}` });
    }
    this.blueprints.set(blueprint.name, blueprint);
    blueprint.registeredOn(this);
    this.changed();
  }

  /** @internal the hooks and handlers for a request of a blueprint (or of none), in run order. */
  hookChain(blueprintName: string | null): HookChain {
    if (blueprintName === null && this.appChain !== null) return this.appChain;
    let chain = this.hookChains.get(blueprintName);
    if (chain === undefined) {
      const blueprint = blueprintName === null ? undefined : this.blueprints.get(blueprintName);
      const scopes: Scaffold<S>[] = blueprint === undefined ? [this] : [blueprint, this];
      chain = {
        before: [...scopes].reverse().flatMap((scope) => scope.beforeRequestHooks),
        after: scopes.flatMap((scope) => [...scope.afterRequestHooks].reverse()),
        teardown: scopes.flatMap((scope) => [...scope.teardownHooks].reverse()),
        statusHandlers: scopes.map((scope) => scope.statusHandlers),
        classHandlers: scopes.map((scope) => scope.classHandlers),
      } as HookChain;
      this.hookChains.set(blueprintName, chain);
    }
    if (blueprintName === null) this.appChain = chain;
    return chain;
  }

  /**
   * Builds the URL of an endpoint. Values that are not rule variables become the query string;
   * `_anchor`, `_method`, `_external` and `_scheme` work as in Flask. Outside a request,
   * `_external` needs `SERVER_NAME`.
   *
   * @example
   * ```ts
   * app.urlFor('user', { id: 5, q: 'x', _anchor: 'top' }); // '/user/5?q=x#top'
   * ```
   */
  urlFor(endpoint: string, values: Record<string, unknown> = {}, ctx?: RequestContext<S>): string {
    let name = endpoint;
    if (name.startsWith('.')) {
      const blueprint = ctx?.blueprint ?? null;
      name = blueprint === null ? name.slice(1) : blueprint + name;
    }
    if (ctx !== undefined) {
      return this.urlMap.build(name, values, { host: ctx.request.host, scheme: ctx.request.scheme });
    }
    const serverName = this.config.SERVER_NAME;
    if (values['_external'] && !serverName) {
      throw new Error(
        `Unable to build an external URL for '${name}' outside a request without SERVER_NAME configured. ` +
          "Set app.config.SERVER_NAME = 'example.com' or build it inside a request with ctx.urlFor.",
      );
    }
    const root = this.config.APPLICATION_ROOT.replace(/\/+$/, '');
    return this.urlMap.build(name, values, {
      host: serverName ?? 'localhost',
      scheme: this.config.PREFERRED_URL_SCHEME,
      ...(root && { scriptName: root }),
    });
  }

  /** @internal the session a request gets when the interface opens none (no secret key). */
  makeNullSession(): Session<S> {
    return new NullSession() as unknown as Session<S>;
  }

  /** @internal whether a session is the placeholder of {@link makeNullSession}. */
  isNullSession(session: Session<any>): boolean {
    return session instanceof NullSession;
  }

  /**
   * Runs a request through routing, hooks, the view, the session and error handling, and
   * returns the response. Synchronous when the view and hooks are.
   */
  handle(request: Request): MaybePromise<Response> {
    const ctx = new RequestContext<S>(this, request, NO_PARAMS);
    const route = this.urlMap.match(request.path, request.method);
    ctx.route = route;
    if (route.kind === 'match') {
      ctx.endpoint = route.rule.endpoint;
      ctx.params = route.params;
    }
    return runRequest(ctx);
  }

  /**
   * Serves the app on node:http. Resolves once listening; SIGINT and SIGTERM close it gracefully.
   *
   * @example
   * ```ts
   * const server = await app.run({ host: '127.0.0.1', port: 0 });
   * console.log(server.port);
   * await server.close();
   * ```
   */
  run(options: RunOptions = {}): Promise<Server> {
    return serve(this, options);
  }

  /**
   * A client that sends requests to the app without a network, with a cookie jar.
   *
   * @example
   * ```ts
   * const client = app.testClient();
   * const response = await client.get('/set_cookie');
   * client.getCookie('username')?.value; // 'John Doe'
   * ```
   */
  testClient(): TestClient<S> {
    return new TestClient<S>(this);
  }
}
