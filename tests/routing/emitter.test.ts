/**
 * Tests for lib/routing/emitter.ts: the constants and variable names of generated functions.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type EmitContext, Emitter } from '../../lib/routing/emitter.ts';

function context(): EmitContext {
  return { viaMap: () => false, isBoundary: () => false, call: () => '', ids: 0 };
}

const Constants = suite('Emitter');

Constants('a value is one constant however often it is used', () => {
  const em = new Emitter(context());
  const rule = { name: 'rule' };
  const regex = /x/;
  assert.is(em.constant(rule), 'k0');
  assert.is(em.constant(regex), 'k1');
  assert.is(em.constant(rule), 'k0');
  assert.equal(em.constants, [rule, regex]);
  assert.is(em.declarations(), 'const k0=K[0],k1=K[1];');
});

Constants('no constants, no declarations', () => {
  assert.is(new Emitter(context()).declarations(), '');
});

Constants('variable numbers are unique across the emitters of one matcher', () => {
  const shared = context();
  const first = new Emitter(shared);
  const second = new Emitter(shared);
  assert.equal([first.id(), second.id(), first.id()], [0, 1, 2]);
  assert.is(second.constant('x'), 'k0');
});

Constants.run();
