/**
 * Layer core (lib/ top level): the app, its blueprints, config, context and request pipeline; imports
 * routing/, sessions/, http/ and utils/, and reaches its doors only through `run()`, `handler`,
 * `fetch` and `testClient()`.
 *
 * The application: configuration, routes, hooks, the session interface, and `handle(request)`,
 * which maps a Request to a Response without touching a socket. The server, `app.fetch` and the
 * test client are thin doors onto it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Blueprint } from './blueprint.ts';
import { type Config, defaultConfig, type SecretKey } from './config.ts';
import { RequestContext } from './context.ts';
import { type CsrfSettings, CsrfSettingsCache } from './csrf/settings.ts';
import { CsrfExemptions, type CsrfExemptTarget, csrfTokenGlobal } from './csrf-stage.ts';
import { handleFetch } from './fetch/fetch-request.ts';
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
import { TemplateEnvironment } from './templates/environment.ts';
import type { ContextProcessor, RequestGlobalFactory } from './templating.ts';
import { TestClient } from './testing/client.ts';
import type { MaybePromise } from './utils/maybe-promise.ts';

/** Options of `new App()`. */
export interface AppOptions {
  /** The app's folder, which `templateFolder` is relative to: the working directory by default. */
  rootPath?: string;
  /** The templates folder, relative to `rootPath`; `templates` by default, null for none. */
  templateFolder?: string | null;
}

/** A filter, global or test function for templates. */
export type TemplateFunction = (...args: any[]) => any;

/** The decorator `templateFilter()`, `templateGlobal()` and `templateTest()` return. */
export type TemplateFunctionDecorator = <F extends TemplateFunction>(
  fn: F,
  context?: ClassMethodDecoratorContext,
) => F;

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
  /** The app's folder: `templateFolder` is relative to it. */
  readonly rootPath: string;
  /** The templates folder, relative to `rootPath` (`templates`), or null for none. */
  templateFolder: string | null;
  /** Globals made for each render from the request (`csrf_token`), by name. */
  readonly templateRequestGlobals = new Map<string, RequestGlobalFactory<S>>();
  readonly #templateFilters = new Map<string, TemplateFunction>();
  readonly #templateGlobals = new Map<string, unknown>();
  readonly #templateTests = new Map<string, TemplateFunction>();
  #jinjaEnv: TemplateEnvironment | null = null;
  /** @internal the views and blueprints {@link csrfExempt} exempted. */
  readonly csrfExemptions = new CsrfExemptions();
  readonly #csrfSettings = new CsrfSettingsCache();
  private hookChains = new Map<string | null, HookChain>();
  /** The chain of requests outside any blueprint, asked for three times per request: no Map lookup. */
  private appChain: HookChain | null = null;

  constructor(options: AppOptions = {}) {
    super();
    // Bound, so that `@app.csrfExempt` on a method works.
    this.csrfExempt = this.csrfExempt.bind(this);
    // Flask-WTF's `{{ csrf_token() }}` in every template.
    this.templateRequestGlobal('csrf_token', csrfTokenGlobal);
    this.rootPath = resolve(options.rootPath ?? process.cwd());
    this.templateFolder = options.templateFolder === undefined ? 'templates' : options.templateFolder;
  }

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

  /**
   * The Web-standard door: answers a Web `Request` with a Web `Response`, through the same
   * pipeline as `app.run()` and the test client. Bound to the app, so it can be handed over as it
   * is. `info` is what the runtime passes beside the request (Deno's handler info, Bun's server),
   * read for `request.remoteAddr`.
   *
   * @example
   * ```ts
   * Bun.serve({ fetch: app.fetch });  // Bun
   * Deno.serve(app.fetch);            // Deno
   * export default { fetch: app.fetch }; // Bun, Deno and workers that take a default export
   * ```
   */
  readonly fetch = (request: globalThis.Request, info?: unknown): Promise<globalThis.Response> =>
    handleFetch(this, request, info);

  /**
   * The template environment (Flask's `jinja_env`), made on first use: the app's templates
   * folder, then each blueprint's in registration order; auto reload when TEMPLATES_AUTO_RELOAD
   * (by default in DEBUG).
   *
   * @example
   * ```ts
   * app.jinjaEnv.renderString('{{ 1 + 1 }}'); // '2'
   * ```
   */
  get jinjaEnv(): TemplateEnvironment {
    if (this.#jinjaEnv === null) {
      const env = new TemplateEnvironment({
        folders: () => this.templateFolders(),
        autoReload: () => this.config.TEMPLATES_AUTO_RELOAD ?? this.config.DEBUG,
      });
      for (const [name, filter] of this.#templateFilters) env.addFilter(name, filter);
      for (const [name, value] of this.#templateGlobals) env.addGlobal(name, value);
      for (const [name, test] of this.#templateTests) env.addTest(name, test);
      this.#jinjaEnv = env;
    }
    return this.#jinjaEnv;
  }

  /** The folders templates are searched in, in order: the app's, then each blueprint's. */
  templateFolders(): string[] {
    const folders: string[] = [];
    if (this.templateFolder !== null) folders.push(join(this.rootPath, this.templateFolder));
    for (const blueprint of this.blueprints.values()) {
      if (blueprint.templateFolder !== null) folders.push(join(blueprint.rootPath, blueprint.templateFolder));
    }
    return folders;
  }

  /**
   * Registers a template filter, named after the function unless given: Flask's `template_filter`.
   *
   * @example
   * ```ts
   * app.templateFilter('reverse')((s: string) => [...s].reverse().join(''));
   * ```
   */
  templateFilter(name?: string): TemplateFunctionDecorator {
    return (fn, context) => {
      const key = templateName(name, fn, context, 'templateFilter');
      this.#templateFilters.set(key, fn);
      this.#jinjaEnv?.addFilter(key, fn);
      return fn;
    };
  }

  /**
   * Registers a template global (a function or value every template sees, imported macros
   * included): Flask's `template_global`.
   *
   * @example
   * ```ts
   * app.templateGlobal()(function year() { return new Date().getFullYear(); });
   * ```
   */
  templateGlobal(name?: string): TemplateFunctionDecorator {
    return (fn, context) => {
      const key = templateName(name, fn, context, 'templateGlobal');
      this.#templateGlobals.set(key, fn);
      this.#jinjaEnv?.addGlobal(key, fn);
      return fn;
    };
  }

  /**
   * Registers a template test (`{% if n is prime %}`): Flask's `template_test`.
   *
   * @example
   * ```ts
   * app.templateTest('prime')((n: number) => n > 1 && [...Array(n).keys()].slice(2).every((d) => n % d));
   * ```
   */
  templateTest(name?: string): TemplateFunctionDecorator {
    return (fn, context) => {
      const key = templateName(name, fn, context, 'templateTest');
      this.#templateTests.set(key, fn);
      this.#jinjaEnv?.addTest(key, fn);
      return fn;
    };
  }

  /**
   * Registers a global whose value is made from the request at each render (as `csrf_token`
   * needs the session), seen by imported macros too.
   *
   * @example
   * ```ts
   * app.templateRequestGlobal('current_path', (ctx) => ctx.request.path);
   * ```
   */
  templateRequestGlobal(name: string, factory: RequestGlobalFactory<S>): void {
    this.templateRequestGlobals.set(name, factory);
  }

  /** @internal the context processors of a request of a blueprint (or of none), app's first. */
  contextProcessors(blueprintName: string | null): ContextProcessor<S>[] {
    const blueprint = blueprintName === null ? undefined : this.blueprints.get(blueprintName);
    if (blueprint === undefined || blueprint.templateContextProcessors.length === 0) {
      return this.templateContextProcessors;
    }
    return [...this.templateContextProcessors, ...blueprint.templateContextProcessors];
  }

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
    blueprint.applyAppTemplateFunctions(this);
    this.changed();
  }

  /**
   * Exempts a view function, an endpoint (by name) or a whole blueprint from CSRF checks, as
   * Flask-WTF's `csrf.exempt`: for endpoints other sites must reach, such as webhooks. Returns its
   * argument, so it wraps a registration or decorates a method.
   *
   * @example
   * ```ts
   * app.csrfExempt(app.post('/webhook')(function webhook({ request }) { return 'ok'; }));
   * app.csrfExempt(apiBlueprint);
   * ```
   */
  csrfExempt<T extends CsrfExemptTarget>(target: T, _context?: ClassMethodDecoratorContext): T {
    this.csrfExemptions.add(target);
    return target;
  }

  /** @internal the CSRF settings of the current config (rebuilt when they change). */
  csrfSettings(): CsrfSettings {
    return this.#csrfSettings.read(this.config);
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

/** The name a template filter, global or test is registered under: the given one, else the function's. */
function templateName(
  name: string | undefined,
  fn: { name: string },
  context: ClassMethodDecoratorContext | undefined,
  registrar: string,
): string {
  const key = name ?? (typeof context?.name === 'string' ? context.name : fn.name);
  if (typeof fn !== 'function') throw new TypeError(`${registrar}() expects a function.`);
  if (!key || key === 'anonymous') {
    throw new TypeError(`${registrar}() needs a name for an anonymous function: ${registrar}('name')(fn).`);
  }
  return key;
}
