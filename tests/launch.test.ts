/** Tests for lib/launch.ts: the offer the `phial` command makes to the first `app.run()`. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { App } from '../lib/app.ts';
import { type Launch, launchOptions, offerLaunch, takeLaunch, withdrawLaunch } from '../lib/launch.ts';

function offer(command: Launch['command'], ran: App<any>[]): void {
  offerLaunch({ command, options: { port: 5111, debug: true }, onRun: (app) => ran.push(app) });
}

const Offer = suite('launch');

Offer('without an offer, the options are as given', () => {
  const options = { port: 8000 };
  assert.is(launchOptions(new App(), options), options);
});

Offer('run: the command line settings win, the app is announced, and only the first run() gets them', () => {
  const ran: App<any>[] = [];
  const app = new App();
  offer('run', ran);
  assert.equal(launchOptions(app, { port: 8000, host: '0.0.0.0', log: false }), {
    port: 5111,
    host: '0.0.0.0',
    log: false,
    debug: true,
  });
  assert.equal(ran, [app]);
  const second = { port: 9000 };
  assert.is(launchOptions(new App(), second), second, 'a second app in the module keeps its own');
  assert.is(ran.length, 1);
});

Offer('an option the command leaves undefined does not erase the module one', () => {
  offerLaunch({ command: 'run', options: { port: undefined, host: '127.0.0.1' }, onRun: () => {} });
  assert.equal(launchOptions(new App(), { port: 8000 }), { port: 8000, host: '127.0.0.1' });
});

Offer('routes: no options at all, so that nothing is served', () => {
  const ran: App<any>[] = [];
  offer('routes', ran);
  const app = new App();
  assert.is(launchOptions(app, {}), null);
  assert.equal(ran, [app]);
});

Offer('the offer lives on globalThis under a registered symbol, for another copy of Phial', () => {
  offer('run', []);
  const slot = (globalThis as Record<symbol, unknown>)[Symbol.for('phial.launch')] as Launch;
  assert.is(slot.command, 'run');
  withdrawLaunch();
  assert.is(takeLaunch(), undefined);
});

Offer.run();
