import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFetchBody } from '../../lib/fetch/fetch-body.ts';
import { ClientAbortedError } from '../../lib/http/body.ts';
import { HttpError } from '../../lib/http/errors.ts';

const utf8 = new TextDecoder();

/** A request body sent in `chunks`, recording how many were pulled and whether it was cancelled. */
function streamed(chunks: string[], headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[seen.pulled++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const request = new Request('http://localhost/upload', { method: 'POST', body, headers, duplex: 'half' });
  return { request, seen };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.unreachable('resolved'),
    (error: unknown) => error,
  );
}

const Body = suite('readFetchBody');

Body('the whole body, chunks joined in order', async () => {
  const { request } = streamed(['name=', 'Ada', '&lang=ru']);
  assert.is(utf8.decode(await readFetchBody(request, 1000)), 'name=Ada&lang=ru');
});

Body('without a limit, the whole body', async () => {
  const request = new Request('http://localhost/', { method: 'POST', body: 'x'.repeat(100_000) });
  assert.is((await readFetchBody(request, null)).byteLength, 100_000);
});

Body('exactly the limit is accepted', async () => {
  const { request } = streamed(['12345', '67890']);
  assert.is((await readFetchBody(request, 10)).byteLength, 10);
});

Body('a declared Content-Length over the limit is a 413 before a byte is read', async () => {
  const { request, seen } = streamed(['x'.repeat(10)], { 'content-length': '5000' });
  const error = await rejection(readFetchBody(request, 4096));
  assert.instance(error, HttpError);
  assert.is((error as HttpError).status, 413);
  assert.ok(seen.pulled <= 1, `pulled ${seen.pulled}`); // a stream may pull once when it is built
});

Body('a body without a length is refused the moment it passes the limit, the rest cancelled', async () => {
  const { request, seen } = streamed(['x'.repeat(60), 'x'.repeat(60), 'x'.repeat(60), 'never']);
  const error = await rejection(readFetchBody(request, 100));
  assert.is((error as HttpError).status, 413);
  assert.ok(seen.cancelled, 'the rest of the body is cancelled');
  assert.ok(seen.pulled < 4, `pulled ${seen.pulled}`);
});

Body('a Content-Length that lies is no way around the limit', async () => {
  const { request } = streamed(['x'.repeat(80), 'x'.repeat(80)], { 'content-length': '10' });
  const error = await rejection(readFetchBody(request, 100));
  assert.is((error as HttpError).status, 413);
});

Body('a body that breaks off is a ClientAbortedError, with or without a limit', async () => {
  for (const limit of [100, null]) {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new Uint8Array([1, 2]));
        else controller.error(new Error('connection reset'));
      },
    });
    const request = new Request('http://localhost/', { method: 'POST', body, duplex: 'half' });
    const error = await rejection(readFetchBody(request, limit));
    assert.instance(error, ClientAbortedError, `limit ${limit}`);
  }
});

Body.run();
