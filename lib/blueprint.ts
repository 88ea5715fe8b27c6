/**
 * Blueprints: a group of routes, hooks and error handlers registered on an app under a name
 * (endpoints become `name.endpoint`) and an optional URL prefix.
 */
import { resolve } from 'node:path';
import type { App, TemplateFunctionDecorator } from './app.ts';
import type { NoConverters } from './routing/params.ts';
import { type RouteRecord, Scaffold } from './scaffold.ts';
import type { SessionData } from './sessions/interface.ts';
import type { ContextProcessor } from './templating.ts';

/** Options of a {@link Blueprint}. */
export interface BlueprintOptions {
  /** Prepended to every rule of the blueprint, e.g. `/admin`. */
  urlPrefix?: string;
  /** The blueprint's folder, which `templateFolder` is relative to: the working directory by default. */
  rootPath?: string;
  /** A templates folder of its own, searched after the app's (none by default). */
  templateFolder?: string | null;
}

type AppTemplateRegistration = (app: App<any>) => void;

const BLUEPRINT_NAME = /^[A-Za-z_][\w-]*$/;

/**
 * A set of routes registered on an app together. Its hooks and error handlers apply to its own
 * endpoints only. `S` and `C` type the session data and custom converters, as for {@link App}.
 *
 * @example
 * ```ts
 * const admin = new Blueprint('admin', { urlPrefix: '/admin' });
 * admin.get('/')(function index() { return 'Admin'; });
 * app.registerBlueprint(admin);
 * app.urlFor('admin.index'); // '/admin/'
 * ```
 */
export class Blueprint<S extends object = SessionData, C extends object = NoConverters> extends Scaffold<
  S,
  C
> {
  /** The name: the endpoint prefix. */
  readonly name: string;
  /** The URL prefix. */
  readonly urlPrefix: string;
  /** The routes, registered on the app by `registerBlueprint`. */
  readonly routes: RouteRecord<S>[] = [];
  /** The blueprint's folder: `templateFolder` is relative to it. */
  readonly rootPath: string;
  /** Its own templates folder, searched after the app's, or null. */
  readonly templateFolder: string | null;
  private readonly apps: App<S>[] = [];
  private readonly appTemplateRegistrations: AppTemplateRegistration[] = [];

  constructor(name: string, options: BlueprintOptions = {}) {
    super();
    if (!BLUEPRINT_NAME.test(name)) {
      throw new TypeError(
        `Blueprint name '${name}' must be an identifier without dots (it prefixes endpoints).`,
      );
    }
    const prefix = options.urlPrefix ?? '';
    if (prefix !== '' && !prefix.startsWith('/')) {
      throw new TypeError(`Blueprint '${name}': urlPrefix '${prefix}' must start with a slash.`);
    }
    this.name = name;
    this.urlPrefix = prefix.replace(/\/+$/, '');
    this.rootPath = resolve(options.rootPath ?? process.cwd());
    this.templateFolder = options.templateFolder ?? null;
    this.appContextProcessor = this.appContextProcessor.bind(this);
  }

  /** Records an app-wide template registration, applied on every app the blueprint is registered on. */
  private onApps(registration: AppTemplateRegistration): void {
    this.appTemplateRegistrations.push(registration);
    for (const app of this.apps) registration(app);
  }

  /** @internal called by `App.registerBlueprint`. */
  applyAppTemplateFunctions(app: App<S>): void {
    for (const registration of this.appTemplateRegistrations) registration(app);
  }

  /**
   * Registers a template filter on the app: Flask's `app_template_filter`.
   *
   * @example
   * ```ts
   * shop.appTemplateFilter('money')((cents: number) => (cents / 100).toFixed(2));
   * ```
   */
  appTemplateFilter(name?: string): TemplateFunctionDecorator {
    return (fn, context) => {
      this.onApps((app) => app.templateFilter(name)(fn, context));
      return fn;
    };
  }

  /**
   * Registers a template global on the app: Flask's `app_template_global`.
   *
   * @example
   * ```ts
   * shop.appTemplateGlobal('currency')(() => '€');
   * ```
   */
  appTemplateGlobal(name?: string): TemplateFunctionDecorator {
    return (fn, context) => {
      this.onApps((app) => app.templateGlobal(name)(fn, context));
      return fn;
    };
  }

  /**
   * Registers a template test on the app: Flask's `app_template_test`.
   *
   * @example
   * ```ts
   * shop.appTemplateTest('free')((cents: number) => cents === 0);
   * ```
   */
  appTemplateTest(name?: string): TemplateFunctionDecorator {
    return (fn, context) => {
      this.onApps((app) => app.templateTest(name)(fn, context));
      return fn;
    };
  }

  /**
   * Registers a context processor for every request of the app: Flask's `app_context_processor`.
   * (`contextProcessor` on a blueprint serves its own requests only.)
   *
   * @example
   * ```ts
   * shop.appContextProcessor(({ session }) => ({ cartSize: Object.keys(session.get('cart') ?? {}).length }));
   * ```
   */
  appContextProcessor<F extends ContextProcessor<S>>(
    processor: F,
    _context?: ClassMethodDecoratorContext,
  ): F {
    this.onApps((app) => app.contextProcessor(processor));
    return processor;
  }

  protected override get receiverName(): string {
    return this.name;
  }

  protected addRoute(record: RouteRecord<S>): void {
    if (this.apps.length > 0) {
      throw new Error(
        `Blueprint '${this.name}' is already registered on an app: add its routes before app.registerBlueprint().`,
      );
    }
    if (record.name.includes('.')) {
      throw new TypeError(`Blueprint '${this.name}': endpoint '${record.name}' may not contain a dot.`);
    }
    this.routes.push(record);
  }

  protected override changed(): void {
    for (const app of this.apps) app.blueprintChanged();
  }

  /** @internal called by `App.registerBlueprint`. */
  registeredOn(app: App<S>): void {
    this.apps.push(app);
  }
}
