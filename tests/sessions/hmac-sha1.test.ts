import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HmacSha1 } from '../../lib/sessions/hmac-sha1.ts';

const HmacSuite = suite('HmacSha1');

function nodeHmac(key: Uint8Array, message: string): string {
  return createHmac('sha1', key).update(message).digest('hex');
}

HmacSuite('gives the RFC 2202 test vectors', () => {
  const vectors: Array<[Uint8Array, string, string]> = [
    [Buffer.alloc(20, 0x0b), 'Hi There', 'b617318655057264e28bc0b6fb378c8ef146be00'],
    [Buffer.from('Jefe'), 'what do ya want for nothing?', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
    [
      Buffer.alloc(80, 0xaa),
      'Test Using Larger Than Block-Size Key - Hash Key First',
      'aa4ae5e15272d00e95705637ce8a3b55ed402112',
    ],
    [
      Buffer.alloc(80, 0xaa),
      'Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data',
      'e8e99d0f45237d786d6bbaa7965c7808bbff1a91',
    ],
  ];
  for (const [key, message, expected] of vectors) {
    assert.is(new HmacSha1(key).digest(message)?.toString('hex'), expected, message);
  }
});

HmacSuite('agrees with node:crypto at every length around the block boundaries', () => {
  const hmac = new HmacSha1(Buffer.from('a Flask secret key'));
  for (let length = 0; length <= 300; length++) {
    const message = 'abcdefghijklmnopqrstuvwxyz0123456789.-_'.repeat(8).slice(0, length);
    assert.is(hmac.digest(message)?.toString('hex'), nodeHmac(Buffer.from('a Flask secret key'), message));
  }
});

HmacSuite('agrees with node:crypto on random keys and ASCII messages', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 150 }),
      fc.string({
        unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
        maxLength: 5000,
      }),
      (key, message) => hmac(key, message) === nodeHmac(key, message),
    ),
    { seed: 4242, numRuns: 2000 },
  );
  function hmac(key: Uint8Array, message: string): string | undefined {
    return new HmacSha1(key).digest(message)?.toString('hex');
  }
});

HmacSuite('keeps one key apart from another when used in turn', () => {
  const first = new HmacSha1(Buffer.from('first'));
  const second = new HmacSha1(Buffer.from('second'));
  for (const message of ['a', 'b'.repeat(70), 'c']) {
    assert.is(first.digest(message)?.toString('hex'), nodeHmac(Buffer.from('first'), message));
    assert.is(second.digest(message)?.toString('hex'), nodeHmac(Buffer.from('second'), message));
  }
});

HmacSuite('returns null for a message that is not ASCII, leaving it to node:crypto', () => {
  const hmac = new HmacSha1(Buffer.from('key'));
  assert.is(hmac.digest('Привет'), null);
  assert.is(hmac.digest(`${'a'.repeat(100)}\u0080`), null);
  assert.is(hmac.digest('ok')?.toString('hex'), nodeHmac(Buffer.from('key'), 'ok'));
});

HmacSuite.run();
