import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inertClass } from '../../lib/utils/inert-object.ts';
import { assertInheritsNothing } from '../helpers/inherits-nothing.ts';

const Inert = suite('inertClass');

Inert('makes objects that inherit nothing', () => {
  const Store = inertClass<Record<string, unknown>>();
  const store = new Store();
  assertInheritsNothing(store);
  assert.is(store.constructor, undefined);
  assert.equal(Object.keys(store), []);
});

Inert('keeps constructor and __proto__ as own keys like any other', () => {
  const Store = inertClass<Record<string, unknown>>();
  const store = new Store();
  // Through a variable, as a client's name would come: a literal `__proto__` key reads as a smell.
  const proto = '__proto__';
  store[proto] = 'x';
  store['constructor'] = 'y';
  assert.equal(Object.keys(store), ['__proto__', 'constructor']);
  assert.is(store[proto], 'x');
  assertInheritsNothing(store);
  assert.equal(JSON.parse(JSON.stringify(store)), JSON.parse('{"__proto__":"x","constructor":"y"}'));
});

Inert('each class has its own prototype, which nobody can add to', () => {
  const A = inertClass<Record<string, unknown>>();
  const B = inertClass<Record<string, unknown>>();
  assert.is.not(Object.getPrototypeOf(new A()), Object.getPrototypeOf(new B()));
  assert.throws(() => {
    (Object.getPrototypeOf(new A()) as Record<string, unknown>).polluted = true;
  });
});

Inert.run();
