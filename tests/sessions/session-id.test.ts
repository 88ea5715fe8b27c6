import { createHmac } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { newSessionId, SessionIdSigner } from '../../lib/sessions/session-id.ts';

const NewId = suite('newSessionId');

NewId('is base64url of 32 random bytes by default, and never repeats', () => {
  const ids = new Set(Array.from({ length: 100 }, () => newSessionId()));
  assert.is(ids.size, 100);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{43}$/);
  assert.is(newSessionId(16).length, 22);
});

NewId('refuses fewer than 16 bytes (128 bits)', () => {
  assert.throws(() => newSessionId(15), /idBytes must be an integer from 16/);
  assert.throws(() => newSessionId(20.5), /idBytes/);
});

NewId.run();

const Signer = suite('SessionIdSigner');
const id = newSessionId();

Signer('sign then unsign gives the id back; the signature is HMAC-SHA256 under a salted key', () => {
  const signer = new SessionIdSigner({ secretKey: 'dev' });
  const cookie = signer.sign(id);
  assert.is(signer.unsign(cookie), id);
  const key = createHmac('sha256', 'dev').update('phial-session-id').digest();
  assert.is(cookie, `${id}.${createHmac('sha256', key).update(id).digest('base64url')}`);
});

Signer('a changed id or signature, another secret or another salt: no id', () => {
  const signer = new SessionIdSigner({ secretKey: 'dev' });
  const cookie = signer.sign(id);
  const [, signature] = cookie.split('.');
  assert.is(signer.unsign(`${newSessionId()}.${signature}`), undefined);
  assert.is(
    signer.unsign(`${id}.${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`),
    undefined,
  );
  assert.is(new SessionIdSigner({ secretKey: 'other' }).unsign(cookie), undefined);
  assert.is(new SessionIdSigner({ secretKey: 'dev', salt: 'other' }).unsign(cookie), undefined);
});

Signer('malformed values are refused without throwing', () => {
  const signer = new SessionIdSigner({ secretKey: 'dev' });
  const cookie = signer.sign(id);
  for (const value of [
    '',
    '.',
    id,
    `${id}.`,
    `.${cookie}`,
    `${cookie}x`,
    'a.b',
    `${id}!.${cookie.split('.')[1]}`,
  ]) {
    assert.is(signer.unsign(value), undefined, value);
  }
  assert.is(signer.unsign(42 as unknown as string), undefined);
  assert.is(signer.unsign(`${'a'.repeat(300)}.${'b'.repeat(43)}`), undefined);
});

Signer('only the canonical spelling of a signature verifies', () => {
  const signer = new SessionIdSigner({ secretKey: 'dev' });
  const cookie = signer.sign(id);
  const signature = cookie.slice(cookie.indexOf('.') + 1);
  // The last of 43 characters carries 2 bits of padding: flipping one of them keeps the bytes.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(signature.at(-1)!);
  const twin = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
  assert.is(Buffer.from(twin, 'base64url').equals(Buffer.from(signature, 'base64url')), true);
  assert.is(signer.unsign(`${id}.${twin}`), undefined);
});

Signer('fallback secrets verify old cookies; new ones are signed with the current secret', () => {
  const old = new SessionIdSigner({ secretKey: 'old' }).sign(id);
  const rotated = new SessionIdSigner({ secretKey: 'new', fallbacks: ['older', 'old'] });
  assert.is(rotated.unsign(old), id);
  assert.is(new SessionIdSigner({ secretKey: 'new' }).unsign(old), undefined);
  assert.is(new SessionIdSigner({ secretKey: 'new' }).unsign(rotated.sign(id)), id);
});

Signer('options and ids are checked, naming the option and never the secret', () => {
  assert.throws(() => new SessionIdSigner({ secretKey: '' }), /secretKey must be a non-empty/);
  assert.throws(() => new SessionIdSigner({ secretKey: 'x', fallbacks: [''] }), /fallbacks\[0\]/);
  assert.throws(() => new SessionIdSigner({ secretKey: 'x' }).sign('short'), /id must be/);
});

Signer.run();
