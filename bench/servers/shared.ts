/**
 * What every contestant serves: the same four scenarios, the same 50 extra routes around
 * `/user/:id`, the same secret. Each server file imports these so the apps differ only in the
 * framework.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Scenario 1's body, sent as `text/plain; charset=utf-8`. */
export const HELLO = 'Hello, World!';

/** Signs (or, for Fastify's secure-session, encrypts) the scenario 3 session. Bench-only. */
export const SECRET = 'phial-bench-secret-that-is-long-enough-0123456789';

const RESOURCES = [
  'posts',
  'comments',
  'teams',
  'projects',
  'orders',
  'invoices',
  'products',
  'tags',
  'files',
  'events',
] as const;

const SHAPES = [
  ['R', ':id'],
  ['R', ':id', 'edit'],
  ['R', ':id', 'history'],
  ['R', ':id', 'members', ':member'],
  ['api', 'v1', 'R', ':id'],
] as const;

/**
 * The 50 parameterised routes registered around `/user/:id` (25 before, 25 after, so a router that
 * scans in order is neither favoured nor punished), as segments where `:name` is a variable.
 *
 * @example
 * ```ts
 * OTHER_ROUTES[0]; // ['posts', ':id']
 * ```
 */
export const OTHER_ROUTES: readonly (readonly string[])[] = RESOURCES.flatMap((resource) =>
  SHAPES.map((shape) => shape.map((segment) => (segment === 'R' ? resource : segment))),
);

/** The routes before `/user/:id`; {@link routesAfter} gives the rest. */
export function routesBefore(): readonly (readonly string[])[] {
  return OTHER_ROUTES.slice(0, OTHER_ROUTES.length / 2);
}

/** The routes after `/user/:id`. */
export function routesAfter(): readonly (readonly string[])[] {
  return OTHER_ROUTES.slice(OTHER_ROUTES.length / 2);
}

/**
 * A route in the `:name` syntax of Fastify, Express and Hono.
 *
 * @example
 * ```ts
 * colonRule(['posts', ':id', 'edit']); // '/posts/:id/edit'
 * ```
 */
export function colonRule(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/**
 * A route in Werkzeug's syntax for Phial: `:id` becomes `<int:id>` (as `/user/<int:id>`), any other
 * variable a plain `<name>`.
 *
 * @example
 * ```ts
 * werkzeugRule(['posts', ':id', 'members', ':member']); // '/posts/<int:id>/members/<member>'
 * ```
 */
export function werkzeugRule(segments: readonly string[]): string {
  const parts = segments.map((segment) => {
    if (segment === ':id') return '<int:id>';
    return segment.startsWith(':') ? `<${segment.slice(1)}>` : segment;
  });
  return `/${parts.join('/')}`;
}

/** The body the 50 extra routes answer with; never requested by the load, only registered. */
export function otherBody(index: number): { route: number } {
  return { route: index };
}

/** Scenario 5: what the templated page shows, the same data for every contestant. */
export interface PageData {
  title: string;
  /** One flashed message, `[category, message]`, shown by the layout. */
  flashes: Array<[string, string]>;
  /** 20 items, each with text that must be escaped. */
  items: Array<{ name: string; price: string }>;
}

/** Scenario 5's data. */
export const PAGE: PageData = {
  title: 'Items & offers',
  flashes: [['info', 'Saved <your> cart & list.']],
  items: Array.from({ length: 20 }, (_, i) => ({
    name: `Item ${i + 1} <b>bold</b> & co`,
    price: `${i + 1}.99 €`,
  })),
};

/**
 * The folder of scenario 5's templates (layout.html and page.html, Jinja and nunjucks alike):
 * beside this file when run from source, two levels up from the bundle in .build/servers/.
 */
export const TEMPLATES: string = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'templates'), join(here, '..', '..', 'servers', 'templates')];
  return candidates.find((path) => existsSync(join(path, 'page.html'))) ?? candidates[0]!;
})();

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

/** HTML escaping for the hand-written pages (bare node:http). */
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Scenario 5's page written by hand, byte for byte what the templates render: the body every
 * contestant must answer.
 */
export function pageHtml(data: PageData): string {
  const flashes = data.flashes
    .map(([category, message]) => `<p class="flash ${escapeText(category)}">${escapeText(message)}</p>`)
    .join('');
  const items = data.items
    .map((item, i) => `<li data-n="${i + 1}">${escapeText(item.name)} — ${escapeText(item.price)}</li>\n`)
    .join('');
  const title = escapeText(data.title);
  return (
    '<!doctype html>\n<html lang="en">\n' +
    `<head><meta charset="utf-8"><title>${title} · Bench shop</title></head>\n<body>\n` +
    '<header><a href="/">Home</a> <a href="/page">Items</a></header>\n' +
    `${flashes}\n<main>\n<h1>${title}</h1>\n<ul>\n${items}</ul>\n</main>\n</body>\n</html>`
  );
}
