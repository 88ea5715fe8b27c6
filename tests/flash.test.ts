import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { flash, getFlashedMessages } from '../lib/flash.ts';
import { redirect } from '../lib/http/response.ts';
import { Tuple } from '../lib/sessions/python-types.ts';
import { SessionSigner } from '../lib/sessions/signer.ts';
import { flaskOk, runFlask, withFlask } from './helpers/flask.ts';

function flashApp(): App {
  const app = new App();
  app.secretKey = 'flash secret';
  app.post('/save')((ctx) => {
    flash(ctx, 'Saved.');
    flash(ctx, 'Disk almost full.', 'warning');
    flash(ctx, 'Could not email you.', 'error');
    return redirect('/');
  });
  app.get('/')((ctx) => ({
    all: getFlashedMessages(ctx),
    again: getFlashedMessages(ctx, { withCategories: true }),
    errors: getFlashedMessages(ctx, { withCategories: true, categoryFilter: ['error'] }),
  }));
  return app;
}

const Flash = suite('flash');

Flash('messages reach the next request once, with categories and filters', async () => {
  const client = flashApp().testClient();
  const page = await client.post('/save', { followRedirects: true });
  assert.equal(page.json(), {
    all: ['Saved.', 'Disk almost full.', 'Could not email you.'],
    again: [
      ['message', 'Saved.'],
      ['warning', 'Disk almost full.'],
      ['error', 'Could not email you.'],
    ],
    errors: [['error', 'Could not email you.']],
  });
  const next = await client.get('/');
  assert.equal(next.json(), { all: [], again: [], errors: [] }, 'popped after one request');
});

Flash('messages are stored as Flask stores them: tuples under _flashes', async () => {
  const app = flashApp();
  const client = app.testClient();
  await client.post('/save');
  const stored = new SessionSigner({ secretKey: 'flash secret' }).loads(
    client.getCookie('session')!.value,
  ) as {
    _flashes: unknown[];
  };
  assert.is(stored._flashes.length, 3);
  assert.instance(stored._flashes[0], Tuple);
  assert.equal([...(stored._flashes[1] as Tuple)], ['warning', 'Disk almost full.']);
});

Flash('malformed _flashes in a session are skipped, not fatal', async () => {
  const app = flashApp();
  const client = app.testClient();
  await client.sessionTransaction((session) => {
    session.set('_flashes', [['message', 'ok'], 'junk', [1], { a: 1 }]);
  });
  assert.equal((await client.get('/')).json().all, ['ok']);
});

const Interop = suite('flash with a real Flask');

if (withFlask(Interop)) {
  Interop('Flask reads the messages Phial flashed', async () => {
    const client = flashApp().testClient();
    await client.post('/save');
    const cookie = client.getCookie('session')!.value;
    const [result] = runFlask([{ op: 'loads', secret: 'flash secret', cookie }]);
    const { data } = flaskOk(result);
    assert.equal(
      (data as { _flashes: unknown[] })._flashes.map((item) => [...(item as unknown[])]),
      [
        ['message', 'Saved.'],
        ['warning', 'Disk almost full.'],
        ['error', 'Could not email you.'],
      ],
    );
  });
}

Flash.run();
Interop.run();
