import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isMarkupLike, Markup, Tuple, tuple, UUID } from '../../lib/sessions/python-types.ts';

const TupleSuite = suite('Tuple');

TupleSuite('tuple() builds an array that is a Tuple', () => {
  const pair = tuple('message', 'Saved.');
  assert.instance(pair, Tuple);
  assert.ok(Array.isArray(pair));
  assert.equal([...pair], ['message', 'Saved.']);
  assert.is(tuple().length, 0);
});

TupleSuite('Tuple.from keeps the Tuple type', () => {
  assert.instance(Tuple.from([1, 2]), Tuple);
});

TupleSuite('derived arrays are plain lists, as in Python', () => {
  const numbers = tuple(1, 2, 3);
  for (const derived of [numbers.map((n) => n * 2), numbers.filter((n) => n > 1), numbers.slice(1)]) {
    assert.not.instance(derived, Tuple);
    assert.ok(Array.isArray(derived));
  }
});

const UUIDSuite = suite('UUID');

UUIDSuite('accepts the spellings Python accepts', () => {
  const hex = '12345678123456781234567812345678';
  for (const text of [
    hex,
    '12345678-1234-5678-1234-567812345678',
    '{12345678-1234-5678-1234-567812345678}',
    'urn:uuid:12345678-1234-5678-1234-567812345678',
    '12345678-1234-5678-1234-567812345678'.toUpperCase(),
  ]) {
    assert.is(new UUID(text).hex, hex, text);
  }
});

UUIDSuite('prints the dashed form', () => {
  const id = new UUID('A0EEBC999C0B4EF8BB6D6BB9BD380A11');
  assert.is(String(id), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  assert.is(JSON.stringify({ id }), '{"id":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}');
});

UUIDSuite('throws a TypeError for anything else', () => {
  for (const bad of [
    '',
    'not-a-uuid',
    '1234567812345678123456781234567',
    '12345678123456781234567812345678aa',
    42,
  ]) {
    assert.throws(() => new UUID(bad as string), TypeError, String(bad));
  }
});

const MarkupSuite = suite('Markup');

MarkupSuite('holds HTML and follows the __html__ protocol', () => {
  const markup = new Markup('<b>hi</b>');
  assert.is(markup.__html__(), '<b>hi</b>');
  assert.is(String(markup), '<b>hi</b>');
  assert.is(JSON.stringify(markup), '"<b>hi</b>"');
  assert.throws(() => new Markup(5 as unknown as string), TypeError);
});

MarkupSuite('isMarkupLike looks for a callable __html__', () => {
  assert.ok(isMarkupLike(new Markup('')));
  assert.ok(isMarkupLike({ __html__: () => '<i>x</i>' }));
  assert.not.ok(isMarkupLike({ __html__: '<i>x</i>' }));
  assert.not.ok(isMarkupLike({}));
});

TupleSuite.run();
UUIDSuite.run();
MarkupSuite.run();
