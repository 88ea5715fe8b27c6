import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tuple } from '../../lib/sessions/python-types.ts';
import { Session } from '../../lib/sessions/session.ts';
import { SessionSigner } from '../../lib/sessions/signer.ts';

interface Item {
  sku: string;
  qty: number;
}

type Shop = { username?: string; cart: Item[]; visits: number };

const Reads = suite('Session reads');

Reads('get returns the value, undefined or the fallback', () => {
  const session = new Session<Shop>({ username: 'ada', visits: 0 });
  assert.is(session.get('username'), 'ada');
  assert.is(session.get('visits', 10), 0);
  assert.is(session.get('cart'), undefined);
  assert.equal(session.get('cart', []), []);
});

Reads('has, size, keys, values, entries and iteration', () => {
  const session = new Session({ a: 1, b: 2 });
  assert.ok(session.has('a'));
  assert.not.ok(session.has('z' as 'a'));
  assert.is(session.size, 2);
  assert.equal([...session.keys()], ['a', 'b']);
  assert.equal([...session.values()], [1, 2]);
  assert.equal(
    [...session.entries()],
    [
      ['a', 1],
      ['b', 2],
    ],
  );
  assert.equal([...session], ['a', 'b']);
});

Reads('every read marks the session accessed but not modified', () => {
  const reads: Array<[string, (s: Session) => unknown]> = [
    ['get', (s) => s.get('a')],
    ['has', (s) => s.has('a')],
    ['size', (s) => s.size],
    ['keys', (s) => s.keys()],
    ['values', (s) => s.values()],
    ['entries', (s) => s.entries()],
    ['iterator', (s) => [...s]],
    ['permanent', (s) => s.permanent],
    ['isNew', (s) => s.isNew],
    ['data', (s) => s.data],
    ['toJSON', (s) => JSON.stringify(s)],
  ];
  for (const [name, read] of reads) {
    const session = new Session<Record<string, unknown>>({ a: 1 });
    assert.not.ok(session.accessed, name);
    read(session);
    assert.ok(session.accessed, name);
    assert.not.ok(session.modified, name);
  }
});

Reads('data and toJSON are plain snapshots', () => {
  const session = new Session({ a: 1 });
  const data = session.data;
  data.a = 2;
  assert.is(session.get('a'), 1);
  assert.is(Object.getPrototypeOf(data), Object.prototype);
  assert.is(JSON.stringify(session), '{"a":1}');
});

Reads('peek gives size and permanence without marking accessed', () => {
  let calls = 0;
  const session = new Session(() => {
    calls++;
    return { a: 1, _permanent: true };
  });
  assert.equal(session.peek(), { size: 2, permanent: true });
  assert.is(calls, 1);
  assert.ok(session.loaded);
  assert.not.ok(session.accessed);
  assert.equal(new Session().peek(), { size: 0, permanent: false });
});

const Writes = suite('Session writes');

Writes('set, update, clear mark the session modified and accessed', () => {
  const writes: Array<[string, (s: Session) => unknown]> = [
    ['set', (s) => s.set('b', 2)],
    ['update', (s) => s.update({ c: 3 })],
    ['clear', (s) => s.clear()],
    ['set same value', (s) => s.set('a', 1)],
    ['permanent', (s) => (s.permanent = false)],
  ];
  for (const [name, write] of writes) {
    const session = new Session<Record<string, unknown>>({ a: 1 });
    write(session);
    assert.ok(session.modified, name);
    assert.ok(session.accessed, name);
  }
});

Writes('delete, pop and setDefault mark modified only when they change something', () => {
  const session = new Session<Record<string, unknown>>({ a: 1 });
  assert.is(session.delete('missing'), false);
  assert.is(session.pop('missing'), undefined);
  assert.is(session.pop('missing', 'fallback'), 'fallback');
  assert.is(session.setDefault('a', 5), 1);
  assert.not.ok(session.modified);
  assert.ok(session.accessed);

  assert.is(session.setDefault('b', 5), 5);
  assert.ok(session.modified);
  session.modified = false;
  assert.is(session.pop('b'), 5);
  assert.ok(session.modified);
  session.modified = false;
  assert.is(session.delete('a'), true);
  assert.ok(session.modified);
  assert.is(session.size, 0);
});

Writes('set returns the session and stores values as given', () => {
  const session = new Session<Shop>();
  const cart = [{ sku: 'apple', qty: 1 }];
  assert.is(session.set('cart', cart).set('visits', 1), session);
  assert.is(session.get('cart'), cart);
  assert.equal(session.data, { cart, visits: 1 });
});

Writes('changing a nested value is not noticed until modified is set', () => {
  const session = new Session<Shop>({ cart: [], visits: 0 });
  session.get('cart')!.push({ sku: 'pear', qty: 2 });
  assert.not.ok(session.modified);
  session.modified = true;
  assert.ok(session.modified);
});

Writes('permanent lives under _permanent', () => {
  const session = new Session<Record<string, unknown>>();
  assert.is(session.permanent, false);
  session.permanent = true;
  assert.equal(session.data, { _permanent: true });
  assert.is(new Session({ _permanent: true }).permanent, true);
  session.permanent = 0 as unknown as boolean;
  assert.is(session.get('_permanent'), false);
});

Writes('"__proto__" and "constructor" are ordinary keys', () => {
  const session = new Session<Record<string, unknown>>();
  session.set('__proto__', { polluted: true });
  session.update(JSON.parse('{"constructor":1,"__proto__":2}'));
  assert.is(session.get('__proto__'), 2);
  assert.is(session.get('constructor'), 1);
  assert.equal([...session.keys()], ['__proto__', 'constructor']);
  assert.ok(Object.hasOwn(session.data, '__proto__'));
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is(new Session<Record<string, unknown>>().get('constructor'), undefined);
  assert.is(new Session<Record<string, unknown>>().has('toString'), false);
});

const Lazy = suite('Session loading');

Lazy('calls the loader once, on first use', () => {
  let calls = 0;
  const session = new Session<Record<string, unknown>>(() => {
    calls++;
    return { user: 'ada' };
  });
  assert.not.ok(session.loaded);
  assert.not.ok(session.modified);
  assert.not.ok(session.accessed);
  session.modified = false;
  assert.is(calls, 0);
  assert.is(session.get('user'), 'ada');
  assert.is(session.size, 1);
  assert.is(calls, 1);
  assert.ok(session.loaded);
  assert.not.ok(session.isNew);
});

Lazy('a writing request keeps the stored data', () => {
  const session = new Session<Record<string, unknown>>(() => ({ a: 1 }));
  session.set('b', 2);
  assert.equal(session.data, { a: 1, b: 2 });
});

Lazy('anything but a plain object gives an empty, new session', () => {
  for (const stored of [undefined, null, 'text', 5, [['a', 1]], new Map([['a', 1]])]) {
    const session = new Session(() => stored);
    assert.is(session.size, 0, String(stored));
    assert.ok(session.isNew, String(stored));
  }
  assert.not.ok(new Session(() => Object.create(null)).isNew);
});

Lazy('isNew tells a fresh session from a stored one', () => {
  assert.ok(new Session().isNew);
  assert.ok(new Session(null).isNew);
  assert.not.ok(new Session({}).isNew);
});

Lazy('a throwing loader throws on use and is tried again', () => {
  let fail = true;
  const session = new Session(() => {
    if (fail) throw new Error('store down');
    return { a: 1 };
  });
  assert.throws(() => session.get('a'), /store down/);
  assert.not.ok(session.loaded);
  fail = false;
  assert.is(session.get('a'), 1);
});

Lazy('opens a signed cookie only when touched', () => {
  const signer = new SessionSigner({ secretKey: 'dev' });
  const cookie = signer.dumps({ user: 'ada', _flashes: [tuple('message', 'Hi')] });
  let verified = 0;
  const open = () => {
    verified++;
    return signer.loads(cookie, 3600);
  };
  const untouched = new Session(open);
  assert.not.ok(untouched.accessed || untouched.modified);
  assert.is(verified, 0);
  const touched = new Session<{ user?: string; _flashes?: string[][] }>(open);
  assert.is(touched.get('user'), 'ada');
  assert.equal(touched.get('_flashes'), [tuple('message', 'Hi')]);
  assert.is(verified, 1);
  assert.equal(signer.loads(signer.dumps(touched)), touched.data);
});

Lazy('types keys and values from the data shape', () => {
  const session = new Session<Shop>();
  const name: string | undefined = session.get('username');
  const visits: number = session.get('visits', 0);
  // @ts-expect-error: not a key of Shop
  session.get('nope');
  // @ts-expect-error: visits is a number
  session.set('visits', 'many');
  assert.is(name, undefined);
  assert.is(visits, 0);
});

Reads.run();
Writes.run();
Lazy.run();
