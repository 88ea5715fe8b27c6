/**
 * Jinja's tests (`x is none`, `x is mapping`, `x is escaped`…) where nunjucks has none or differs.
 */
import { isMarkupLike, Markup } from '../http/html.ts';
import { contains, isPlainObject } from './python.ts';

type Test = (value: unknown, ...args: any[]) => boolean;

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** The tests, by name; nunjucks' own stay for the others (`defined`, `divisibleby`, `odd`…). */
export const TESTS: Readonly<Record<string, Test>> = {
  none: (value) => value === null,
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  float: (value) => typeof value === 'number' && !Number.isInteger(value),
  number: (value) => typeof value === 'number',
  string: (value) => typeof value === 'string' || value instanceof Markup,
  escaped: (value) => isObject(value) && isMarkupLike(value),
  mapping: (value) => isPlainObject(value) || value instanceof Map,
  sequence: (value) => typeof value === 'string' || Array.isArray(value) || isPlainObject(value),
  iterable: (value) =>
    typeof value === 'string' || (isObject(value) && (Symbol.iterator in value || isPlainObject(value))),
  sameas: (value, other) => value === other,
  in: (value, container) => contains(value, container),
};
