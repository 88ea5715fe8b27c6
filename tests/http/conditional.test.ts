/** Tests for lib/http/conditional.ts: preconditions, If-Range and Range. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  evaluatePreconditions,
  ifRangeHolds,
  parseRange,
  type Validators,
} from '../../lib/http/conditional.ts';
import { Headers } from '../../lib/http/headers.ts';

// ── evaluatePreconditions ───────────────────────────────────────────────────────────────────────

const Preconditions = suite('evaluatePreconditions');
const MODIFIED = Date.UTC(2024, 0, 1, 12, 0, 0);
const validators: Validators = { etag: '"v1"', lastModified: MODIFIED };
const before = new Date(MODIFIED - 1000).toUTCString();
const at = new Date(MODIFIED).toUTCString();

function evaluate(headers: Record<string, string>, method = 'GET', current: Validators = validators) {
  return evaluatePreconditions(method, new Headers(headers), current);
}

Preconditions('no conditional header: proceed', () => {
  assert.is(evaluate({}), 'proceed');
});

Preconditions('If-None-Match that lists the tag: 304 for GET and HEAD, 412 for others', () => {
  assert.is(evaluate({ 'If-None-Match': '"v1"' }), 'notModified');
  assert.is(evaluate({ 'If-None-Match': '"v0", "v1"' }, 'HEAD'), 'notModified');
  assert.is(evaluate({ 'If-None-Match': '"v1"' }, 'POST'), 'preconditionFailed');
  assert.is(evaluate({ 'If-None-Match': '"v2"' }), 'proceed');
});

Preconditions('If-None-Match compares weakly and accepts *', () => {
  assert.is(evaluate({ 'If-None-Match': 'W/"v1"' }), 'notModified');
  assert.is(evaluate({ 'If-None-Match': '"v1"' }, 'GET', { ...validators, etag: 'W/"v1"' }), 'notModified');
  assert.is(evaluate({ 'If-None-Match': '*' }), 'notModified');
});

Preconditions('If-Modified-Since: 304 when not modified after it', () => {
  assert.is(evaluate({ 'If-Modified-Since': at }), 'notModified');
  assert.is(evaluate({ 'If-Modified-Since': before }), 'proceed');
  assert.is(evaluate({ 'If-Modified-Since': 'garbage' }), 'proceed');
  assert.is(evaluate({ 'If-Modified-Since': at }, 'POST'), 'proceed');
});

Preconditions('If-None-Match wins over If-Modified-Since', () => {
  assert.is(evaluate({ 'If-None-Match': '"v2"', 'If-Modified-Since': at }), 'proceed');
});

Preconditions('If-Match compares strongly: a weak tag or another tag fails', () => {
  assert.is(evaluate({ 'If-Match': '"v1"' }), 'proceed');
  assert.is(evaluate({ 'If-Match': '*' }), 'proceed');
  assert.is(evaluate({ 'If-Match': '"v2"' }), 'preconditionFailed');
  assert.is(evaluate({ 'If-Match': 'W/"v1"' }), 'preconditionFailed');
  assert.is(evaluate({ 'If-Match': '"v1"' }, 'GET', { ...validators, etag: null }), 'preconditionFailed');
});

Preconditions('If-Unmodified-Since fails when modified after it, unless If-Match was sent', () => {
  assert.is(evaluate({ 'If-Unmodified-Since': before }), 'preconditionFailed');
  assert.is(evaluate({ 'If-Unmodified-Since': at }), 'proceed');
  assert.is(evaluate({ 'If-Unmodified-Since': before, 'If-Match': '"v1"' }), 'proceed');
});

Preconditions('without validators, dates decide nothing', () => {
  const none = { etag: null, lastModified: null };
  assert.is(evaluate({ 'If-Modified-Since': at }, 'GET', none), 'proceed');
  assert.is(evaluate({ 'If-None-Match': '"v1"' }, 'GET', none), 'proceed');
});

Preconditions.run();

// ── ifRangeHolds ────────────────────────────────────────────────────────────────────────────────

const IfRange = suite('ifRangeHolds');

IfRange('holds without If-Range', () => {
  assert.ok(ifRangeHolds(null, validators));
});

IfRange('an entity tag must match strongly', () => {
  assert.ok(ifRangeHolds('"v1"', validators));
  assert.not.ok(ifRangeHolds('"v0"', validators));
  assert.not.ok(ifRangeHolds('W/"v1"', validators));
  assert.not.ok(ifRangeHolds('"v1"', { ...validators, etag: 'W/"v1"' }));
});

IfRange('a date must equal Last-Modified exactly', () => {
  assert.ok(ifRangeHolds(at, validators));
  assert.not.ok(ifRangeHolds(before, validators));
  assert.not.ok(ifRangeHolds(at, { ...validators, lastModified: null }));
  assert.not.ok(ifRangeHolds('nonsense', validators));
});

IfRange.run();

// ── parseRange ──────────────────────────────────────────────────────────────────────────────────

const ParseRange = suite('parseRange');

ParseRange('reads first-last, first- and -suffix', () => {
  assert.equal(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.equal(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.equal(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.equal(parseRange('Bytes = 5 - 9', 1000), { start: 5, end: 9 });
});

ParseRange('clamps a last byte past the end, and a suffix longer than the whole', () => {
  assert.equal(parseRange('bytes=10-5000', 1000), { start: 10, end: 999 });
  assert.equal(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
  assert.equal(parseRange('bytes=0-99999999999999999999999', 10), { start: 0, end: 9 });
});

ParseRange('a range starting past the end, or an empty suffix, is unsatisfiable', () => {
  assert.is(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.is(parseRange('bytes=1000-2000', 1000), 'unsatisfiable');
  assert.is(parseRange('bytes=-0', 1000), 'unsatisfiable');
});

ParseRange('anything else is ignored: the whole representation is sent', () => {
  for (const header of [
    null,
    '',
    'bytes',
    'bytes=',
    'bytes=-',
    'bytes=5-1',
    'bytes=a-b',
    'items=0-1',
    'bytes=0-1,5-6',
    'bytes=0-1, -5',
    'bytes=1.5-2',
    'bytes=-1-2',
  ]) {
    assert.is(parseRange(header, 1000), null, String(header));
  }
});

ParseRange('an empty representation has no ranges', () => {
  assert.is(parseRange('bytes=0-', 0), null);
  assert.is(parseRange('bytes=-5', 0), null);
});

ParseRange.run();
