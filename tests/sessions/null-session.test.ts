import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_SECRET_KEY_MESSAGE, NullSession } from '../../lib/sessions/null-session.ts';

const Null = suite('NullSession');

Null('reads as empty', () => {
  const session = new NullSession();
  assert.is(session.get('username'), undefined);
  assert.not.ok(session.has('username'));
  assert.is(session.size, 0);
  assert.not.ok(session.permanent);
});

Null("every write fails with Flask's message", () => {
  const session = new NullSession();
  const writes: Array<() => unknown> = [
    () => session.set('a', 1),
    () => session.delete('a'),
    () => session.pop('a'),
    () => session.clear(),
    () => session.setDefault('a', 1),
    () => session.update({ a: 1 }),
    () => {
      session.permanent = true;
    },
  ];
  for (const write of writes) {
    assert.throws(write, (error: Error) => error.message === NO_SECRET_KEY_MESSAGE);
  }
  assert.match(NO_SECRET_KEY_MESSAGE, 'The session is unavailable because no secret key was set.');
});

Null("the message names Phial's app.secretKey first, then Flask's secret_key, on one line", () => {
  const phial = NO_SECRET_KEY_MESSAGE.indexOf('app.secretKey');
  const flask = NO_SECRET_KEY_MESSAGE.indexOf('secret_key');
  assert.ok(phial !== -1 && flask !== -1 && phial < flask, NO_SECRET_KEY_MESSAGE);
  assert.match(NO_SECRET_KEY_MESSAGE, 'to something unique and secret');
  assert.not.match(NO_SECRET_KEY_MESSAGE, '\n');
});

Null.run();
