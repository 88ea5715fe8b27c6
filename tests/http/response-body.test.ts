import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  closeStream,
  fixedBodyLength,
  isBodilessStatus,
  settleCleanup,
  stopStream,
  streamIterator,
} from '../../lib/http/response-body.ts';

const Body = suite('response body rules');

Body('1xx, 204 and 304 carry no body; others do', () => {
  for (const status of [100, 101, 204, 304]) assert.ok(isBodilessStatus(status), `${status}`);
  for (const status of [200, 201, 301, 404, 500]) assert.not.ok(isBodilessStatus(status), `${status}`);
});

Body('fixedBodyLength counts UTF-8 bytes', () => {
  assert.is(fixedBodyLength(null), 0);
  assert.is(fixedBodyLength('Привет'), 12);
  assert.is(fixedBodyLength('😀'), 4);
  assert.is(fixedBodyLength(new Uint8Array(7)), 7);
});

Body('closeStream runs a generator finally, destroys a Node stream, cancels a web stream', async () => {
  let finalized = false;
  function* generator() {
    try {
      yield 'a';
    } finally {
      finalized = true;
    }
  }
  const iterator = generator();
  iterator.next();
  closeStream(iterator);
  assert.ok(finalized);

  const readable = Readable.from(['a', 'b']);
  closeStream(readable);
  assert.ok(readable.destroyed);

  let cancelled = false;
  const web = new ReadableStream({
    cancel() {
      cancelled = true;
    },
  });
  await closeStream(web as unknown as AsyncIterable<string>);
  assert.ok(cancelled);
});

Body('streamIterator: the async iterator when there is one, else the sync one', async () => {
  const sync = streamIterator(['a', 'b']);
  assert.equal(sync.next(), { value: 'a', done: false });
  const readable = Readable.from(['x']);
  const async = streamIterator(readable);
  assert.equal(await async.next(), { value: 'x', done: false });
  readable.destroy();
});

Body('stopStream destroys a Node stream and returns the iterator, so a finally runs', async () => {
  let finalized = false;
  async function* generator() {
    try {
      yield 'a';
      yield 'b';
    } finally {
      finalized = true;
    }
  }
  const body = generator();
  const iterator = streamIterator(body);
  await iterator.next();
  await stopStream(body, iterator);
  assert.ok(finalized);

  const readable = Readable.from(['a', 'b']);
  const readableIterator = streamIterator(readable);
  await readableIterator.next();
  await stopStream(readable, readableIterator);
  assert.ok(readable.destroyed);
});

Body('settleCleanup reports a throw and a rejection, and raises neither', async () => {
  const reported: unknown[] = [];
  settleCleanup(
    () => {
      throw new Error('sync');
    },
    (error) => reported.push((error as Error).message),
  );
  settleCleanup(
    () => Promise.reject(new Error('async')),
    (error) => reported.push((error as Error).message),
  );
  settleCleanup(
    () => 'fine',
    (error) => reported.push(error),
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(reported, ['sync', 'async']);
});

Body.run();
