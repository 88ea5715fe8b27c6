/** Tests for lib/routing/regex.ts: the router's regex flags, escaping, compile cache and group counts. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileRegex, countGroups, escapeRegex, isolatesPart } from '../../lib/routing/regex.ts';

const Regex = suite('countGroups / escapeRegex / compileRegex / isolatesPart');

Regex('isolatesPart ignores / inside negated classes', () => {
  assert.ok(isolatesPart('[^/]+'));
  assert.ok(isolatesPart('\\d+'));
  assert.ok(isolatesPart('[^\\]/]+'));
  assert.not.ok(isolatesPart('a/b'));
  assert.not.ok(isolatesPart('[/]'));
});

Regex('countGroups counts capture groups only', () => {
  assert.is(countGroups('[^/]+'), 0);
  assert.is(countGroups('(a)(?:b)(?<n>c)\\(d\\)[(]'), 2);
});

Regex('escapeRegex escapes what the u flag needs', () => {
  const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q';
  assert.ok(new RegExp(`^${escapeRegex(text)}$`, 'u').test(text));
});

Regex('compileRegex shares one RegExp per source', () => {
  assert.is(compileRegex('^(\\d+)$'), compileRegex('^(\\d+)$'));
  assert.is(compileRegex('^x$').flags, 'su');
  assert.throws(
    () => compileRegex('('),
    (error: unknown) => error instanceof SyntaxError,
  );
});

Regex.run();
