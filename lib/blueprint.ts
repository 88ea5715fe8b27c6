/**
 * Blueprints: a group of routes, hooks and error handlers registered on an app under a name
 * (endpoints become `name.endpoint`) and an optional URL prefix.
 */
import type { App } from './app.ts';
import type { NoConverters } from './routing/params.ts';
import { type RouteRecord, Scaffold } from './scaffold.ts';
import type { SessionData } from './sessions/interface.ts';

/** Options of a {@link Blueprint}. */
export interface BlueprintOptions {
  /** Prepended to every rule of the blueprint, e.g. `/admin`. */
  urlPrefix?: string;
}

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
  private readonly apps: App<S>[] = [];

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
