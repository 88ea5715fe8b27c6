import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LoopContext } from '../../lib/templates/loop.ts';

const Loop = suite('templates/loop');

Loop('positions, neighbours and length follow index0', () => {
  const loop = new LoopContext(['a', 'b', 'c']);
  assert.equal([loop.index, loop.revindex, loop.revindex0, loop.first, loop.last], [1, 3, 2, true, false]);
  assert.is(loop.previtem, undefined);
  assert.is(loop.nextitem, 'b');
  loop.index0 = 2;
  assert.equal([loop.index, loop.revindex0, loop.first, loop.last, loop.length], [3, 0, false, true, 3]);
  assert.is(loop.previtem, 'b');
  assert.is(loop.nextitem, undefined);
});

Loop('cycle and changed', () => {
  const loop = new LoopContext([1, 2, 3]);
  assert.is(loop.cycle('odd', 'even'), 'odd');
  loop.index0 = 1;
  assert.is(loop.cycle('odd', 'even'), 'even');
  assert.throws(() => loop.cycle(), /no items/);
  assert.ok(loop.changed(1));
  assert.not.ok(loop.changed(1));
  assert.ok(loop.changed(2));
});

Loop.run();
