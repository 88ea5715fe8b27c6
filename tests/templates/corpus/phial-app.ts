/**
 * The byte-parity corpus as a Phial app: the same routes, filter, global, context processor and
 * cases as flask_app.py beside it, so both render every case from the same templates.
 */
import { readFileSync } from 'node:fs';
import { App, Blueprint, flash, type RequestContext } from '../../../lib/index.ts';

const HERE = import.meta.dirname;

/** One case: a template, and what the request brings (query, session values, flashes). */
export interface CorpusCase {
  template: string;
  path?: string;
  query?: string;
  vars?: Record<string, unknown>;
  session?: Record<string, unknown>;
  flashes?: Array<[string, string]>;
}

/** cases.json: variables every case renders with, and the cases. */
export interface Corpus {
  common: Record<string, unknown>;
  cases: CorpusCase[];
}

/** Reads cases.json. */
export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(`${HERE}/cases.json`, 'utf8')) as Corpus;
}

/** The Phial twin of flask_app.py. */
export function corpusApp(corpus: Corpus): App {
  const app = new App({ rootPath: HERE });
  app.secretKey = 'corpus';
  app.config.GREETING = 'Hello from config';
  app.templateFilter('shout')((s: unknown, end = '!') => `${String(s).toUpperCase()}${end}`);
  app.templateGlobal('site_name')(() => 'Corpus & Co');
  app.contextProcessor(() => ({ who: 'processor', processed: 'yes', year: 2024 }));

  const renderCase = (ctx: RequestContext, number: number): string => {
    const item = corpus.cases[number]!;
    for (const [key, value] of Object.entries(item.session ?? {})) ctx.session.set(key, value);
    for (const [category, message] of item.flashes ?? []) flash(ctx, message, category);
    ctx.g.visitor = 'guest';
    return ctx.render(item.template, { ...corpus.common, ...item.vars });
  };

  app.get('/')(function index() {
    return 'index';
  });
  app.get('/user/<name>')(function user({ params }) {
    return params.name;
  });
  // `case` is Flask's endpoint name (its function's); a JavaScript function cannot be called that.
  app.get('/case/<int:number>', { endpoint: 'case' })((ctx) => renderCase(ctx, ctx.params.number));

  const admin = new Blueprint('admin', {
    urlPrefix: '/admin',
    templateFolder: 'admin_templates',
    rootPath: HERE,
  });
  admin.get('/panel')(function panel(ctx) {
    return renderCase(
      ctx,
      corpus.cases.findIndex((item) => item.path === '/admin/panel'),
    );
  });
  app.registerBlueprint(admin);
  return app;
}
