/**
 * The route table `phial routes` prints: Flask's `flask routes`, column for column (Endpoint,
 * Methods, Rule), with its sort orders and its hiding of HEAD and OPTIONS.
 */
import type { App } from '../app.ts';
import type { Rule } from '../routing/rule.ts';

/**
 * How `flask routes --sort` orders rows; `match` keeps the order the rules were added in.
 *
 * @example
 * ```ts
 * ROUTE_SORTS.includes('rule'); // true
 * ```
 */
export const ROUTE_SORTS = ['endpoint', 'methods', 'rule', 'match'] as const;

/**
 * One of {@link ROUTE_SORTS}.
 *
 * @example
 * ```ts
 * const sort: RouteSort = 'endpoint';
 * ```
 */
export type RouteSort = (typeof ROUTE_SORTS)[number];

/**
 * Options of {@link routeTable}.
 *
 * @example
 * ```ts
 * const options: RouteTableOptions = { sort: 'rule', allMethods: true };
 * ```
 */
export interface RouteTableOptions {
  /** Default `endpoint`. */
  sort?: RouteSort;
  /** Show HEAD and OPTIONS too (Flask's `--all-methods`). */
  allMethods?: boolean;
}

/** The methods Flask lists for a rule: automatic OPTIONS included, as Werkzeug's rule has it. */
function ruleMethods(rule: Rule): string[] {
  const methods = new Set(rule.methods);
  if (rule.automaticOptions) methods.add('OPTIONS');
  return [...methods].sort();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's list order: element by element, then the shorter first. */
function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareStrings(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function sortRules(rules: readonly Rule[], sort: RouteSort): Rule[] {
  const sorted = [...rules];
  if (sort === 'endpoint') sorted.sort((a, b) => compareStrings(a.endpoint, b.endpoint));
  else if (sort === 'rule') sorted.sort((a, b) => compareStrings(a.rule, b.rule));
  else if (sort === 'methods') sorted.sort((a, b) => compareLists(ruleMethods(a), ruleMethods(b)));
  return sorted;
}

/**
 * The app's routes as `flask routes` prints them: a header, a rule of dashes, one row per rule,
 * columns padded to their widest cell. `No routes were registered.` for an app without any.
 *
 * @example
 * ```ts
 * routeTable(app);
 * // Endpoint  Methods    Rule
 * // --------  ---------  --------------
 * // index     GET        /
 * // user      GET, POST  /user/<int:id>
 * ```
 */
export function routeTable(app: App<any>, options: RouteTableOptions = {}): string {
  const sort = options.sort ?? 'endpoint';
  if (!ROUTE_SORTS.includes(sort)) {
    throw new TypeError(`RouteTableOptions.sort must be one of ${ROUTE_SORTS.join(', ')}, got '${sort}'`);
  }
  const rules = sortRules(app.urlMap.rules(), sort);
  if (rules.length === 0) return 'No routes were registered.\n';
  const hidden = options.allMethods ? [] : ['HEAD', 'OPTIONS'];
  const rows = rules.map((rule) => [
    rule.endpoint,
    ruleMethods(rule)
      .filter((method) => !hidden.includes(method))
      .join(', '),
    rule.rule,
  ]);
  const header = ['Endpoint', 'Methods', 'Rule'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const dashes = widths.map((width) => '-'.repeat(width));
  return [line(header), dashes.join('  '), ...rows.map(line)].join('\n') + '\n';
}
