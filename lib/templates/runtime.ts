/**
 * What compiled templates call at run time, through `env` (see compiler.ts): output, variable
 * lookup, Python's truthiness and iteration, keyword-argument spreading, Jinja's `loop`.
 */
import { escapeHtml, Markup } from '../http/html.ts';
import { isKeywords } from './kwargs.ts';
import { LoopContext } from './loop.ts';
import { member } from './members.ts';
import type { Nunjucks } from './nunjucks.ts';
import { contains, isPlainObject, iterable, type PyTuple, pair, pyStr, truthy } from './python.ts';
import { safeHtml } from './safe.ts';

/** The nunjucks context of a render, as the helpers read it. */
interface RenderContext {
  ctx: Record<string, unknown>;
}

/** A run-time frame: the template's local variables. */
interface RuntimeFrame {
  lookup(name: string): unknown;
}

/** Jinja's names for the Python constants, which nunjucks only knows in lower case. */
const CONSTANTS: Readonly<Record<string, unknown>> = Object.assign(Object.create(null), {
  True: true,
  False: false,
  None: null,
});

/**
 * nunjucks' environment class with the helpers compiled templates reach through `env` (a mixin,
 * since nunjucks is loaded on first use).
 *
 * @example
 * ```ts
 * const Runtime = withTemplateRuntime(nunjucks().Environment);
 * new Runtime(null, {}).out('<b>', true); // '&lt;b&gt;'
 * ```
 */
export function withTemplateRuntime(Environment: Nunjucks['Environment']) {
  return class RuntimeEnvironment extends Environment {
    /** The globals of the current render (Flask's request, session, url_for…), or null. */
    current: Record<string, unknown> | null = null;
    /** Where `and`/`or` keep their left operand for an instant (rendering is synchronous). */
    scratch: unknown = undefined;
    /** The environment's globals (nunjucks keeps them here). */
    declare globals: Record<string, unknown>;

    /** `{{ value }}`: Python's `str()`, escaped when the template autoescapes. */
    out(value: unknown, autoescape: boolean): string {
      if (typeof value === 'string') return autoescape ? escapeHtml(value) : value;
      const html = safeHtml(value);
      if (html !== undefined) return html;
      const text = pyStr(value);
      return autoescape ? escapeHtml(text) : text;
    }

    /** A variable: the template's locals, then the render variables, the render's globals, the environment's. */
    lookup(context: RenderContext, frame: RuntimeFrame, name: string): unknown {
      const local = frame.lookup(name);
      if (local !== undefined) return local;
      const vars = context.ctx;
      if (Object.hasOwn(vars, name)) return vars[name];
      const current = this.current;
      if (current !== null && Object.hasOwn(current, name)) return current[name];
      if (Object.hasOwn(this.globals, name)) return this.globals[name];
      return CONSTANTS[name];
    }

    member(obj: unknown, key: unknown): unknown {
      return member(obj, key);
    }

    contains(item: unknown, container: unknown): boolean {
      return contains(item, container);
    }

    truthy(value: unknown): boolean {
      return truthy(value);
    }

    iterable(value: unknown): unknown[] {
      const items = iterable(value);
      return typeof items === 'string' ? Array.from(items) : (items as unknown[]);
    }

    /** What `for k, v in x` unpacks: a dict's items (as nunjucks allows), else the items themselves. */
    pairsOf(value: unknown): unknown[] {
      return isPlainObject(value) ? Object.entries(value).map(([k, v]) => pair(k, v)) : this.iterable(value);
    }

    /** `**mapping` in a call: the mapping's entries as keyword arguments. */
    keywordsOf(value: unknown): Record<string, unknown> {
      if (value instanceof Map) return Object.fromEntries(value);
      if (isPlainObject(value) || isKeywords(value)) {
        const { __keywords: _, ...entries } = value as Record<string, unknown>;
        return entries;
      }
      throw new TypeError('argument after ** must be a mapping');
    }

    /** `{% set x %}…{% endset %}`: the captured text is Markup where the template autoescapes. */
    captured(text: string, autoescape: boolean): string | Markup {
      return autoescape ? new Markup(text) : text;
    }

    /** `(a, b)` in a template. */
    tuple(items: unknown[]): PyTuple {
      return pair(...items);
    }

    loop(items: readonly unknown[]): LoopContext {
      return new LoopContext(items);
    }
  };
}

/** An environment with the run-time helpers. */
export type RuntimeEnvironment = InstanceType<ReturnType<typeof withTemplateRuntime>>;
