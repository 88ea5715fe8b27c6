/**
 * Flask's templating (flask/templating.py) on Phial: `render` and `renderString` for a request,
 * with Flask's template context — `request`, `session`, `g`, `config`, `url_for`,
 * `get_flashed_messages` as globals (so imported macros see them), the context processors'
 * values as render variables, and the view's own variables winning over those. Nothing here
 * runs for a request that renders nothing.
 */
import type { RequestContext } from './context.ts';
import { getFlashedMessages } from './flash.ts';
import type { Request } from './http/request.ts';
import { splitKeywords, withKeywords } from './templates/kwargs.ts';
import { pair } from './templates/python.ts';

type Ctx = RequestContext<any>;

/** A context processor: returns variables for every template a request renders. */
export type ContextProcessor<S extends object = any> = (
  ctx: RequestContext<S>,
) => Record<string, unknown> | undefined | void;

/** A global whose value depends on the request (say `csrf_token`), made per render. */
export type RequestGlobalFactory<S extends object = any> = (ctx: RequestContext<S>) => unknown;

/** Werkzeug's request attributes Phial keeps on the context, not on the Request. */
const CONTEXT_ATTRIBUTES: Readonly<Record<string, (ctx: Ctx) => unknown>> = {
  endpoint: (ctx) => ctx.endpoint,
  view_args: (ctx) => ctx.params,
  blueprint: (ctx) => ctx.blueprint,
};

/**
 * The request as templates see it: the Request, plus Flask's `request.endpoint`,
 * `request.view_args` and `request.blueprint`. Methods stay bound to the Request.
 */
function templateRequest(ctx: Ctx): Request {
  return new Proxy(ctx.request, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(CONTEXT_ATTRIBUTES, key))
        return CONTEXT_ATTRIBUTES[key]!(ctx);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has(target, key) {
      return (typeof key === 'string' && Object.hasOwn(CONTEXT_ATTRIBUTES, key)) || Reflect.has(target, key);
    },
  });
}

/** Flask's `url_for(endpoint, **values)` for one request. */
function urlForOf(ctx: Ctx): (endpoint: string, ...rest: unknown[]) => string {
  return (endpoint, ...rest) => {
    const { args, kwargs } = splitKeywords(rest);
    if (args.length > 0) {
      throw new TypeError('url_for() takes the endpoint and keyword arguments: url_for("page", id=1)');
    }
    return ctx.urlFor(endpoint, kwargs);
  };
}

/**
 * The globals of one render: Flask's `request`, `session`, `g`, `config`, `url_for`,
 * `get_flashed_messages`, and the app's request-bound globals (such as `csrf_token`).
 */
export function templateGlobals(ctx: Ctx): Record<string, unknown> {
  const app = ctx.app;
  const globals: Record<string, unknown> = {
    request: templateRequest(ctx),
    session: ctx.session,
    g: ctx.g,
    config: app.config,
    url_for: urlForOf(ctx),
    get_flashed_messages: withKeywords(
      'get_flashed_messages',
      ['with_categories', 'category_filter'],
      (withCategories = false, categoryFilter: readonly string[] = []) => {
        if (!withCategories) return getFlashedMessages(ctx, { categoryFilter });
        // Flask gives (category, message) tuples.
        return getFlashedMessages(ctx, { withCategories: true, categoryFilter }).map(([c, m]) => pair(c, m));
      },
    ),
  };
  for (const [name, factory] of app.templateRequestGlobals) globals[name] = factory(ctx);
  return globals;
}

/** The render variables: the context processors' (app first, then the blueprint's), then the view's own. */
export function templateVariables(ctx: Ctx, vars: object | undefined): object {
  const app = ctx.app;
  const processors = app.contextProcessors(ctx.blueprint);
  if (processors.length === 0) return vars ?? {};
  const merged: Record<string, unknown> = {};
  for (const processor of processors) Object.assign(merged, processor(ctx));
  return vars === undefined ? merged : Object.assign(merged, vars);
}

/**
 * Flask's `render_template`: renders a file from the template folders with Flask's context.
 *
 * @example
 * ```ts
 * app.get('/hello/<name>')(({ params, render }) => render('hello.html', { name: params.name }));
 * ```
 */
export function renderTemplate(ctx: Ctx, name: string, vars?: object): string {
  return ctx.app.jinjaEnv.render(name, templateVariables(ctx, vars), templateGlobals(ctx));
}

/**
 * Flask's `render_template_string`: renders template source, autoescaped, with Flask's context.
 *
 * @example
 * ```ts
 * app.get('/')(({ renderString }) => renderString('<p>{{ request.path }}</p>'));
 * ```
 */
export function renderTemplateString(ctx: Ctx, source: string, vars?: object): string {
  return ctx.app.jinjaEnv.renderString(source, templateVariables(ctx, vars), templateGlobals(ctx));
}
