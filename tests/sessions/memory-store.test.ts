import { once } from 'node:events';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MEMORY_STORE_WARNING,
  MemoryStore,
  type MemoryStoreOptions,
} from '../../lib/sessions/memory-store.ts';
import { Tuple, tuple } from '../../lib/sessions/python-types.ts';
import { guard } from '../helpers/live.ts';

/** The error a promise rejects with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** The next `sweep` event; the store's timer is unref()ed, so the guard's timer keeps the test alive. */
async function nextSweep(store: MemoryStore): Promise<number> {
  const [removed] = await guard(once(store, 'sweep'), 'a sweep');
  return removed as number;
}

/** A store with a hand-driven clock and a logger that records. */
function makeStore(options: MemoryStoreOptions = {}): {
  store: MemoryStore;
  clock: { now: number };
  warnings: string[];
} {
  const clock = { now: 1_000_000 };
  const warnings: string[] = [];
  const store = new MemoryStore({
    logger: { warn: (message: string) => warnings.push(message) },
    now: () => clock.now,
    ...options,
  });
  return { store, clock, warnings };
}

const Store = suite('MemoryStore');

Store('set then get round-trips the data, tuples, dates and bytes included', async () => {
  const { store } = makeStore();
  const when = new Date('2024-05-01T12:00:00Z');
  await store.set('a', { user: 'ada', flashes: [tuple('message', 'Hi')], when, raw: Buffer.from('xyz') }, 60);
  const data = await store.get('a');
  assert.ok(data);
  assert.is(data.user, 'ada');
  const flashes = data.flashes as unknown[];
  assert.ok(flashes[0] instanceof Tuple);
  assert.equal([...(flashes[0] as Tuple)], ['message', 'Hi']);
  assert.ok(data.when instanceof Date);
  assert.is(data.when.getTime(), when.getTime());
  assert.is(Buffer.from(data.raw as Uint8Array).toString(), 'xyz');
  assert.is(await store.get('missing'), undefined);
  store.close();
});

Store('stores copies: changing the saved or the returned object changes nothing stored', async () => {
  const { store } = makeStore();
  const data = { cart: ['apple'] };
  await store.set('a', data, 60);
  data.cart.push('pear');
  const read = await store.get('a');
  assert.ok(read);
  assert.equal(read, { cart: ['apple'] });
  (read.cart as string[]).push('plum');
  assert.equal(await store.get('a'), { cart: ['apple'] });
  store.close();
});

Store('set refuses data the session format cannot hold, and a ttl that is not positive', async () => {
  const { store } = makeStore();
  assert.instance(await rejection(store.set('a', { bad: new Map() }, 60)), TypeError);
  assert.match((await rejection(store.set('a', { ok: 1 }, 0))).message, /ttlSeconds must be a positive/);
  assert.instance(await rejection(store.set('a', { ok: 1 }, Number.NaN)), TypeError);
  assert.is(store.size, 0);
  store.close();
});

Store('destroy removes; touch extends an entry and never creates one', async () => {
  const { store, clock } = makeStore();
  await store.set('a', { n: 1 }, 10);
  await store.touch('a', 100);
  clock.now += 50_000;
  assert.equal(await store.get('a'), { n: 1 });
  await store.touch('ghost', 100);
  assert.is(store.has('ghost'), false);
  await store.destroy('a');
  assert.is(await store.get('a'), undefined);
  await store.destroy('a');
  store.close();
});

Store('an entry past its ttl reads as missing', async () => {
  const { store, clock } = makeStore();
  await store.set('a', { n: 1 }, 10);
  clock.now += 9_999;
  assert.equal(await store.get('a'), { n: 1 });
  clock.now += 1;
  assert.is(await store.get('a'), undefined);
  assert.is(store.size, 0);
  store.close();
});

Store('the periodic sweep drops expired entries that nobody reads', async () => {
  const { store, clock } = makeStore({ sweepIntervalMs: 5 });
  await store.set('old', { n: 1 }, 10);
  await store.set('fresh', { n: 2 }, 1000);
  clock.now += 11_000;
  assert.is(await nextSweep(store), 1);
  assert.is(store.size, 1);
  assert.ok(store.has('fresh'));
  store.close();
});

Store('bounded: past maxEntries the least recently used entry goes', async () => {
  const { store } = makeStore({ maxEntries: 2 });
  const evicted: string[] = [];
  store.on('evict', (id: string) => evicted.push(id));
  await store.set('a', { n: 1 }, 60);
  await store.set('b', { n: 2 }, 60);
  await store.get('a'); // a is now more recent than b
  await store.set('c', { n: 3 }, 60);
  assert.equal(evicted, ['b']);
  assert.is(store.size, 2);
  assert.ok(store.has('a'));
  assert.ok(store.has('c'));
  await store.set('a', { n: 4 }, 60); // rewriting an id does not count twice
  assert.equal(evicted, ['b']);
  store.close();
});

Store('warns once per logger that it keeps sessions in this process only', () => {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const first = new MemoryStore({ logger });
  const second = new MemoryStore({ logger });
  assert.equal(warnings, [MEMORY_STORE_WARNING]);
  assert.match(MEMORY_STORE_WARNING, /does not scale past one process/);
  assert.match(MEMORY_STORE_WARNING, /RedisStore/);
  first.close();
  second.close();
});

Store('its timer never keeps the process alive, and close() stops it', async () => {
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const before = timers();
  const { store } = makeStore({ sweepIntervalMs: 5 });
  assert.is(timers(), before);
  let sweeps = 0;
  store.on('sweep', () => sweeps++);
  store.close();
  const { store: witness } = makeStore({ sweepIntervalMs: 5 });
  for (let i = 0; i < 3; i++) await nextSweep(witness);
  witness.close();
  assert.is(sweeps, 0);
});

Store('options are checked', () => {
  assert.throws(() => new MemoryStore({ maxEntries: 0 }), /maxEntries must be a positive integer/);
  assert.throws(() => new MemoryStore({ sweepIntervalMs: -1 }), /sweepIntervalMs/);
});

Store.run();
