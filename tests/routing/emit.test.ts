/**
 * Tests for lib/routing/emit.ts: the code generated for the states of a matcher. What the code
 * decides is tested against the walk in compile.test.ts; here, what it looks like.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { emitEntry, emitRules, isDigits } from '../../lib/routing/emit.ts';
import { type EmitContext, Emitter } from '../../lib/routing/emitter.ts';
import { Matcher } from '../../lib/routing/matcher.ts';
import { Rule } from '../../lib/routing/rule.ts';

function context(): EmitContext {
  return { viaMap: () => false, isBoundary: () => false, call: () => '', ids: 0 };
}

function rootCode(rules: readonly string[]): string {
  const matcher = new Matcher();
  for (const rule of rules) matcher.add(new Rule(rule, { endpoint: rule }));
  matcher.sort();
  return emitEntry(new Emitter(context()), matcher.root(), 'segment', '1', []);
}

const Digits = suite('isDigits');

Digits('one or more ASCII digits between the bounds', () => {
  assert.ok(isDigits('/u/42', 3, 5));
  assert.not.ok(isDigits('/u/42', 3, 3));
  assert.not.ok(isDigits('/u/4x', 3, 5));
  assert.not.ok(isDigits('/u/٤٢', 3, 5));
});

Digits.run();

const Emit = suite('emitEntry');

Emit('static text is compared in place, after a switch on its first character', () => {
  const code = rootCode(['/ab', '/cd']);
  assert.match(code, 'switch(p.charCodeAt(s0))');
  assert.match(code, `p.charCodeAt(s0+1)===${'b'.charCodeAt(0)}`);
  assert.not.match(code, 'indexOf');
});

Emit('built-in converters are checked inline; others use their regex', () => {
  assert.match(rootCode(['/<int:id>']), 'dg(p,');
  assert.match(rootCode(['/<path:rest>']), 'p.charCodeAt(s0)!==47');
  assert.match(rootCode(['/<name>']), 'e0>s0');
  assert.match(rootCode(['/<float:x>']), '.test(');
  assert.match(rootCode(['/<a>.<b>']), '.exec(');
});

Emit('a match builds params that inherit nothing; converted values are checked for ValidationError', () => {
  const code = rootCode(['/<int:id>']);
  assert.match(code, 'const q=new P();');
  assert.match(code, 'catch(error){if(error instanceof VE)return REJ;throw error}');
  assert.not.match(rootCode(['/<name>']), 'try{');
});

Emit.run();

const Rules = suite('emitRules and Emitter constants');

Rules('each rule is one constant, whatever the number of uses', () => {
  const em = new Emitter(context());
  const rule = new Rule('/x', { endpoint: 'x', methods: ['GET', 'POST'] });
  const code = emitRules(em, [rule]) + emitRules(em, [rule]);
  assert.equal(em.constants, [rule]);
  assert.match(code, 'm==="GET"||m==="POST"||m==="HEAD"');
  assert.is(em.declarations(), 'const k0=K[0];');
});

Rules.run();
