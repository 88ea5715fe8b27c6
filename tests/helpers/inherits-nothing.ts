import * as assert from 'uvu/assert';

/** Asserts that an object inherits no property at all: every prototype on its chain is empty. */
export function assertInheritsNothing(value: object): void {
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    assert.equal(Reflect.ownKeys(proto), [], 'an empty prototype');
    assert.ok(Object.isFrozen(proto), 'a frozen prototype');
  }
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    assert.not.ok(name in value && !Object.hasOwn(value, name), `inherits ${name}`);
  }
}
