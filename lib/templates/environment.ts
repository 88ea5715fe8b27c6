/**
 * The template environment: Flask's Jinja settings over nunjucks. Templates load from an ordered
 * list of folders, compile once (again when changed, with auto reload), autoescape by file
 * extension (always for strings), and render with Jinja's filters, tests and semantics.
 */

import type NunjucksModule from 'nunjucks';
import { compileTemplate } from './compiler.ts';
import { TemplateNotFound, TemplateSyntaxError } from './errors.ts';
import { LIST_FILTERS } from './filters-lists.ts';
import { TEXT_FILTERS } from './filters-text.ts';
import { VALUE_FILTERS } from './filters-values.ts';
import { splitKeywords } from './kwargs.ts';
import { FolderLoader, type TemplateSource } from './loader.ts';
import { nunjucks } from './nunjucks.ts';
import { withTemplateRuntime } from './runtime.ts';
import { TESTS } from './tests.ts';

type Template = NunjucksModule.Template;
type AnyFunction = (...args: any[]) => any;

/**
 * nunjucks' Environment as Phial's declarations name it, so that a project type-checks against
 * Phial without @types/nunjucks; cast it to nunjucks' own `Environment` type for the rest.
 *
 * @example
 * ```ts
 * app.jinjaEnv.nunjucks.getFilter('upper')('a'); // 'A'
 * ```
 */
export interface NunjucksEnvironment {
  addFilter(name: string, filter: (...args: any[]) => unknown, async?: boolean): unknown;
  addGlobal(name: string, value: unknown): unknown;
  addExtension(name: string, extension: object): unknown;
  getFilter(name: string): (...args: any[]) => unknown;
}

/** Options of a {@link TemplateEnvironment}. */
export interface TemplateEnvironmentOptions {
  /** The folders to search, in order; asked for at each load. */
  folders?: () => readonly string[];
  /** Whether to check a cached template's file for changes before using it. */
  autoReload?: () => boolean;
  /** Whether a template autoescapes, from its name: Flask's rule by default. */
  autoescape?: (name: string) => boolean;
}

const AUTOESCAPED = /\.(?:html|htm|xml|xhtml|svg)$/;
/** How many distinct `renderString` sources stay compiled. */
const STRING_CACHE_SIZE = 64;

/**
 * Flask's choice: autoescape templates named `.html`, `.htm`, `.xml`, `.xhtml` and `.svg`.
 *
 * @example
 * ```ts
 * selectAutoescape('mail.txt'); // false
 * ```
 */
export function selectAutoescape(name: string): boolean {
  return AUTOESCAPED.test(name);
}

/**
 * Jinja's lexer reads `\r\n` and `\r` as `\n` and, without `keep_trailing_newline`, drops one
 * trailing newline.
 *
 * @example
 * ```ts
 * normalizeSource('<p>\r\n</p>\n\n'); // '<p>\n</p>\n'
 * ```
 */
export function normalizeSource(source: string): string {
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

interface Cached {
  template: Template;
  loaded: TemplateSource;
}

/** nunjucks' environment with the run-time helpers compiled templates call and Phial's loading. */
function defineJinjaEnvironment() {
  return class JinjaEnvironment extends withTemplateRuntime(nunjucks().Environment) {
    readonly owner: TemplateEnvironment;

    constructor(owner: TemplateEnvironment) {
      super(null, { autoescape: true });
      this.owner = owner;
    }

    // nunjucks' compiled `include`, `import` and `extends` come here.
    override getTemplate(name: unknown, ...rest: unknown[]): any {
      const callback = rest.find((arg): arg is AnyFunction => typeof arg === 'function');
      const ignoreMissing = rest[2] === true;
      try {
        const template = this.owner.resolve(name, ignoreMissing);
        if (callback) return void callback(null, template);
        return template;
      } catch (error) {
        if (callback) return void callback(error);
        throw error;
      }
    }
  };
}

type JinjaEnvironment = InstanceType<ReturnType<typeof defineJinjaEnvironment>>;
let JinjaEnvironmentClass: ReturnType<typeof defineJinjaEnvironment> | null = null;

const NOOP_TEMPLATE = {
  root(_env: unknown, _context: unknown, _frame: unknown, _runtime: unknown, cb: AnyFunction) {
    cb(null, '');
  },
};

/** Jinja's `dict(a=1)` and `namespace(a=1)`: their keyword arguments as an object. */
function keywordObject(...args: unknown[]): Record<string, unknown> {
  const { args: positional, kwargs } = splitKeywords(args);
  return Object.assign({}, ...positional.map((arg) => (typeof arg === 'object' ? arg : {})), kwargs);
}

/**
 * A Jinja-compatible template environment (Flask's `app.jinja_env`).
 *
 * @example
 * ```ts
 * const env = new TemplateEnvironment({ folders: () => ['templates'] });
 * env.addFilter('shout', (s: string) => `${s}!`);
 * env.render('hello.html', { name: 'Ada' });
 * env.renderString('{{ name|shout }}', { name: 'Ada' }); // 'Ada!'
 * ```
 */
export class TemplateEnvironment {
  /** The folder loader. */
  readonly loader: FolderLoader;
  /** The nunjucks environment underneath, for what Phial does not wrap. */
  readonly nunjucks: NunjucksEnvironment;
  readonly #env: JinjaEnvironment;
  readonly #autoReload: () => boolean;
  readonly #autoescape: (name: string) => boolean;
  readonly #cache = new Map<string, Cached>();
  readonly #strings = new Map<string, Template>();

  constructor(options: TemplateEnvironmentOptions = {}) {
    this.loader = new FolderLoader(options.folders ?? (() => []));
    this.#autoReload = options.autoReload ?? (() => false);
    this.#autoescape = options.autoescape ?? selectAutoescape;
    JinjaEnvironmentClass ??= defineJinjaEnvironment();
    this.#env = new JinjaEnvironmentClass(this);
    this.nunjucks = this.#env;
    for (const [name, filter] of Object.entries({ ...TEXT_FILTERS, ...LIST_FILTERS, ...VALUE_FILTERS })) {
      this.#env.addFilter(name, filter);
    }
    for (const [name, test] of Object.entries(TESTS)) this.addTest(name, test);
    this.addGlobal('dict', keywordObject);
    this.addGlobal('namespace', keywordObject);
  }

  /** Adds a filter: `{{ value|name(args) }}`. */
  addFilter(name: string, filter: (...args: any[]) => unknown): void {
    this.#env.addFilter(name, filter);
  }

  /** Adds a global: a value or function every template sees, imported macros included. */
  addGlobal(name: string, value: unknown): void {
    this.#env.addGlobal(name, value);
  }

  /** Adds a test: `{% if value is name %}`. */
  addTest(name: string, test: (...args: any[]) => unknown): void {
    (this.#env as unknown as { addTest(name: string, test: (...args: any[]) => unknown): void }).addTest(
      name,
      test,
    );
  }

  /** Forgets every compiled template. */
  clearCache(): void {
    this.#cache.clear();
    this.#strings.clear();
  }

  /**
   * Renders a template file. `globals` are this render's own globals (Flask's request, session…),
   * seen by imported macros too; `vars` are the render's variables and win over every global.
   */
  render(name: string, vars: object = {}, globals: Record<string, unknown> | null = null): string {
    return this.#run(this.resolve(name, false), vars, globals);
  }

  /** Renders template source; autoescape is on, as for Flask's `render_template_string`. */
  renderString(source: string, vars: object = {}, globals: Record<string, unknown> | null = null): string {
    let template = this.#strings.get(source);
    if (template === undefined) {
      template = this.#compile(source, '<template>', null, true);
      if (this.#strings.size >= STRING_CACHE_SIZE) this.#strings.delete(this.#strings.keys().next().value!);
      this.#strings.set(source, template);
    }
    return this.#run(template, vars, globals);
  }

  #run(template: Template, vars: object, globals: Record<string, unknown> | null): string {
    const env = this.#env;
    const previous = env.current;
    env.current = globals;
    try {
      return String(template.render(vars));
    } finally {
      env.current = previous;
    }
  }

  /** @internal the compiled template for a name (or the first of a list that exists). */
  resolve(name: unknown, ignoreMissing: boolean): Template {
    if (name instanceof nunjucks().Template) return name;
    const names = Array.isArray(name) ? name.map(String) : [String(name)];
    for (const candidate of names) {
      try {
        return this.#load(candidate);
      } catch (error) {
        if (!(error instanceof TemplateNotFound) || candidate === names.at(-1)) {
          if (error instanceof TemplateNotFound && ignoreMissing) break;
          throw error;
        }
      }
    }
    return new (nunjucks().Template)({ type: 'code', obj: NOOP_TEMPLATE } as never, this.#env as never);
  }

  #load(name: string): Template {
    const cached = this.#cache.get(name);
    if (cached !== undefined && (!this.#autoReload() || this.loader.upToDate(cached.loaded)))
      return cached.template;
    const loaded = this.loader.load(name);
    const template = this.#compile(loaded.source, name, loaded.path, this.#autoescape(name));
    this.#cache.set(name, { template, loaded });
    return template;
  }

  #compile(source: string, name: string, path: string | null, autoescape: boolean): Template {
    let code: string;
    try {
      code = compileTemplate(normalizeSource(source), name, autoescape).code;
    } catch (error) {
      const { message, lineno } = error as { message?: string; lineno?: number };
      throw new TemplateSyntaxError(String(message ?? error), path ?? name, lineno ?? 0);
    }
    const props = new Function(code)() as object;
    // Eager: `extends` reads the parent's blocks before rendering it.
    return new (nunjucks().Template)(
      { type: 'code', obj: props } as never,
      this.#env as never,
      path ?? name,
      true,
    );
  }
}
