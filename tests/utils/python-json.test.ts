import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareCodePoints, pythonNumber, pythonString } from '../../lib/utils/python-json.ts';

// Expected values are what CPython 3.11's json.dumps(..., ensure_ascii=True) writes; the Flask interop
// tests in tagged-json.test.ts compare many more against a live Python.

const PythonString = suite('pythonString');

PythonString('leaves printable ASCII alone', () => {
  assert.is(pythonString('hello / world ~'), '"hello / world ~"');
  assert.is(pythonString(''), '""');
});

PythonString('uses short escapes where Python does', () => {
  assert.is(pythonString('"\\\b\f\n\r\t'), '"\\"\\\\\\b\\f\\n\\r\\t"');
});

PythonString('escapes other characters as lower-case \\u escapes', () => {
  assert.is(pythonString('\x00\x1f\x7f'), '"\\u0000\\u001f\\u007f"');
  assert.is(pythonString('Привет'), '"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442"');
  assert.is(pythonString('é\u00ff\uabcd'), '"\\u00e9\\u00ff\\uabcd"');
});

PythonString('writes astral characters as surrogate pairs and keeps lone surrogates', () => {
  assert.is(pythonString('😀'), '"\\ud83d\\ude00"');
  assert.is(pythonString('\ud800x'), '"\\ud800x"');
});

const PythonNumber = suite('pythonNumber');

PythonNumber('writes integral numbers as Python ints', () => {
  assert.is(pythonNumber(0), '0');
  assert.is(pythonNumber(-0), '0');
  assert.is(pythonNumber(1), '1');
  assert.is(pythonNumber(-42), '-42');
  assert.is(pythonNumber(2 ** 53), '9007199254740992');
  assert.is(pythonNumber(1e21), '1000000000000000000000');
  assert.is(pythonNumber(-1e22), '-10000000000000000000000');
});

PythonNumber('writes other numbers as Python float reprs', () => {
  assert.is(pythonNumber(0.5), '0.5');
  assert.is(pythonNumber(-1.25), '-1.25');
  assert.is(pythonNumber(0.1 + 0.2), '0.30000000000000004');
  assert.is(pythonNumber(0.0001), '0.0001');
  assert.is(pythonNumber(0.00001), '1e-05');
  assert.is(pythonNumber(-0.000015), '-1.5e-05');
  assert.is(pythonNumber(1.5e-7), '1.5e-07');
  assert.is(pythonNumber(5e-324), '5e-324');
  assert.is(pythonNumber(123456789.123), '123456789.123');
});

PythonNumber('throws a TypeError for values JSON cannot hold', () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(() => pythonNumber(bad), TypeError);
  }
});

const Compare = suite('compareCodePoints');

Compare('orders by code point, not UTF-16 unit', () => {
  assert.equal(['😀', '\uffff', 'b', 'a', 'ab', '\ue000'].sort(compareCodePoints), [
    'a',
    'ab',
    'b',
    '\ue000',
    '\uffff',
    '😀',
  ]);
  // The default sort would put the emoji first.
  assert.equal(['😀', '\uffff'].sort(), ['😀', '\uffff']);
});

Compare('puts lone surrogates where Python puts them: below U+E000, below any pair', () => {
  assert.equal(['\ue000', '\ud800', '😀', '\udfff', 'z'].sort(compareCodePoints), [
    'z',
    '\ud800',
    '\udfff',
    '\ue000',
    '😀',
  ]);
  // The strings share a high surrogate: a pair beats the lone one followed by anything.
  assert.ok(compareCodePoints('\ud83d\ude00', '\ud83dz') > 0);
  assert.ok(compareCodePoints('\ud83dz', '\ud83d\ude00') < 0);
  assert.ok(compareCodePoints('\ud83d\ude00', '\ud83d\ude01') < 0);
  assert.ok(compareCodePoints('\ud83da', '\ud83db') < 0);
  assert.ok(compareCodePoints('\ud83d\ue000', '\ud83d\ud800') > 0);
});

Compare('is zero only for equal strings', () => {
  assert.is(compareCodePoints('abc', 'abc'), 0);
  assert.ok(compareCodePoints('abc', 'abcd') < 0);
  assert.ok(compareCodePoints('abd', 'abc') > 0);
});

PythonString.run();
PythonNumber.run();
Compare.run();
