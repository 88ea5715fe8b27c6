import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { attempt, isPromise, then } from '../../lib/utils/maybe-promise.ts';

const Maybe = suite('maybe-promise');

Maybe('isPromise tells thenables from values', () => {
  assert.ok(isPromise(Promise.resolve(1)));
  // biome-ignore lint/suspicious/noThenProperty: a thenable is what is being recognised
  assert.ok(isPromise({ then() {} }));
  assert.not.ok(isPromise(1));
  assert.not.ok(isPromise(null));
  // biome-ignore lint/suspicious/noThenProperty: a non-callable then is not a thenable
  assert.not.ok(isPromise({ then: 1 }));
});

Maybe('then runs synchronously on a plain value', () => {
  const result = then(2, 10, (state, value) => state * value);
  assert.is(result, 20);
});

Maybe('then waits for a promise', async () => {
  const result = then(Promise.resolve(2), 10, (state, value) => state * value);
  assert.ok(isPromise(result));
  assert.is(await result, 20);
});

Maybe('attempt sends a throw and a rejection to onError', async () => {
  const thrown = attempt(
    'state',
    () => {
      throw new Error('sync');
    },
    (state, error) => `${state}: ${(error as Error).message}`,
  );
  assert.is(thrown, 'state: sync');
  const rejected = attempt(
    'state',
    () => Promise.reject(new Error('async')),
    (state, error) => `${state}: ${(error as Error).message}`,
  );
  assert.is(await rejected, 'state: async');
  assert.is(
    attempt(
      1,
      (n) => n + 1,
      () => 0,
    ),
    2,
  );
});

Maybe.run();
