import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Markup } from '../../lib/http/html.ts';
import { TESTS } from '../../lib/templates/tests.ts';

const Tests = suite('templates/tests');

Tests("Jinja's tests of types and values", () => {
  assert.ok(TESTS.none!(null));
  assert.not.ok(TESTS.none!(undefined));
  assert.ok(TESTS.boolean!(false));
  assert.ok(TESTS.integer!(3));
  assert.not.ok(TESTS.integer!(3.5));
  assert.ok(TESTS.float!(3.5));
  assert.ok(TESTS.string!(new Markup('x')));
  assert.ok(TESTS.escaped!(new Markup('x')));
  assert.not.ok(TESTS.escaped!('x'));
  assert.ok(TESTS.mapping!({}));
  assert.not.ok(TESTS.mapping!([]));
  assert.ok(TESTS.sequence!('ab'));
  assert.ok(TESTS.iterable!(new Set()));
  assert.not.ok(TESTS.iterable!(3));
  assert.ok(TESTS.in!('a', ['a']));
  const same = {};
  assert.ok(TESTS.sameas!(same, same));
  assert.not.ok(TESTS.sameas!({}, {}));
  assert.ok(TESTS.true!(true));
  assert.not.ok(TESTS.false!(0));
});

Tests.run();
