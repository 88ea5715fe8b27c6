/**
 * Tests for lib/server/start-error.ts: where the port and host come from, and the one-line messages
 * for a server that cannot start. serve()'s use of them is tested in tests/server.test.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  asStartError,
  listenErrorMessage,
  resolveHost,
  resolvePort,
  ServerStartError,
} from '../../lib/server/start-error.ts';

const Port = suite('resolvePort');

Port('the option, else PORT, else 5000', () => {
  assert.is(resolvePort(8080, { PORT: '9000' }), 8080);
  assert.is(resolvePort(0, {}), 0);
  assert.is(resolvePort(undefined, { PORT: '9000' }), 9000);
  assert.is(resolvePort(undefined, { PORT: ' 9000 ' }), 9000);
  assert.is(resolvePort(undefined, {}), 5000);
  assert.is(resolvePort(undefined, { PORT: '' }), 5000, 'an empty PORT is no PORT, not port 0');
});

Port('a bad PORT is a ServerStartError that names PORT and quotes what it got', () => {
  for (const raw of ['abc', '-1', '65536', '1.5', '0x50', '5000abc']) {
    assert.throws(
      () => resolvePort(undefined, { PORT: raw }),
      (error: Error) =>
        error instanceof ServerStartError &&
        error.message ===
          `PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}: PORT=5000, or unset it`,
      raw,
    );
  }
});

Port('a bad port option is a TypeError: the code is wrong', () => {
  for (const port of [-1, 65536, 1.5, Number.NaN]) {
    assert.throws(
      () => resolvePort(port, {}),
      (error: Error) =>
        error instanceof TypeError && /^RunOptions\.port must be an integer/.test(error.message),
    );
  }
});

const Host = suite('resolveHost');

Host('the option, else HOST, else 127.0.0.1', () => {
  assert.is(resolveHost('::1', { HOST: '0.0.0.0' }), '::1');
  assert.is(resolveHost(undefined, { HOST: '0.0.0.0' }), '0.0.0.0');
  assert.is(resolveHost(undefined, { HOST: '  ' }), '127.0.0.1');
  assert.is(resolveHost(undefined, {}), '127.0.0.1');
});

const Messages = suite('listenErrorMessage');

Messages("a port in use: Werkzeug's words, and the three ways to choose another", () => {
  assert.is(
    listenErrorMessage({ code: 'EADDRINUSE' }, '127.0.0.1', 5000),
    'Port 5000 is in use by another program. Either identify and stop that program, or start the ' +
      'server with a different port: PORT=5001, phial run --port 5001, or app.run({ port: 5001 }).',
  );
  assert.match(listenErrorMessage({ code: 'EADDRINUSE' }, '127.0.0.1', 65535)!, 'PORT=8000');
});

Messages('no permission, and a host that is not this machine', () => {
  assert.match(
    listenErrorMessage({ code: 'EACCES' }, '0.0.0.0', 80)!,
    /^Permission denied to listen on port 80 /,
  );
  for (const code of ['EADDRNOTAVAIL', 'ENOTFOUND']) {
    assert.match(
      listenErrorMessage({ code }, '10.9.8.7', 5000)!,
      /^Cannot listen on '10\.9\.8\.7': it is not an address/,
    );
  }
});

Messages('every message is one line', () => {
  for (const code of ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']) {
    assert.not.match(listenErrorMessage({ code }, 'h', 1)!, '\n');
  }
});

Messages('other errors are not start errors', () => {
  assert.is(listenErrorMessage({ code: 'EMFILE' }, 'h', 1), null);
  assert.is(listenErrorMessage(new Error('bug'), 'h', 1), null);
  assert.is(listenErrorMessage(null, 'h', 1), null);
});

const AsStart = suite('asStartError');

AsStart('wraps a listen error, keeping its code and the cause', () => {
  const cause = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
  const error = asStartError(cause, '127.0.0.1', 5000) as ServerStartError;
  assert.instance(error, ServerStartError);
  assert.is(error.code, 'EADDRINUSE');
  assert.is(error.cause, cause);
  assert.match(error.message, /^Port 5000 is in use/);
});

AsStart('leaves a bug as it is, and a ServerStartError too', () => {
  const bug = new TypeError('x is not a function');
  assert.is(asStartError(bug, 'h', 1), bug);
  const start = new ServerStartError('PORT must be…');
  assert.is(asStartError(start, 'h', 1), start);
  assert.is(start.code, null);
});

Port.run();
Host.run();
Messages.run();
AsStart.run();
