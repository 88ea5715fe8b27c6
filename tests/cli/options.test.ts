/** Tests for lib/cli/options.ts: reading the command line, and one-line usage errors. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { closest, integerOption, parseCommandLine, UsageError } from '../../lib/cli/options.ts';

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    assert.instance(error, UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

const Closest = suite('closest');

Closest('the most similar candidate above difflib’s cutoff, else null', () => {
  assert.is(closest('prot', ['host', 'port']), 'port');
  assert.is(closest('worker', ['workers', 'debug']), 'workers');
  assert.is(closest('acces-log', ['access-log', 'access-log-format']), 'access-log');
  assert.is(closest('xyz', ['host', 'port']), null);
  assert.is(closest('x', []), null);
});

const Parse = suite('parseCommandLine');

Parse('reads positionals and options, with values inline or after', () => {
  const { values, positionals } = parseCommandLine([
    'run',
    'app.ts',
    '--port',
    '5000',
    '--host=0.0.0.0',
    '--access-log',
    '-h',
  ]);
  assert.equal(positionals, ['run', 'app.ts']);
  assert.is(values.port, '5000');
  assert.is(values.host, '0.0.0.0');
  assert.is(values['access-log'], true);
  assert.is(values.help, true);
});

Parse('an unknown option is one line, with the closest option when there is one', () => {
  assert.is(usageError(['run', '--prot', '5000']), 'No such option: --prot. Did you mean --port?');
  assert.is(usageError(['run', '--prot=5000']), 'No such option: --prot. Did you mean --port?');
  assert.is(usageError(['run', '--zzz']), 'No such option: --zzz.');
  assert.is(usageError(['run', '-p', '5000']), 'No such option: -p.');
});

Parse('messages have balanced quotes and no Node parser text', () => {
  for (const argv of [['--prot'], ['-x'], ['--port'], ['--debug=1']]) {
    const message = usageError(argv);
    assert.is((message.match(/'/g) ?? []).length % 2, 0, message);
    assert.not.match(message, /positional argument|ERR_PARSE_ARGS/);
  }
});

Parse('a missing value and a value given to a flag', () => {
  assert.is(usageError(['run', '--port']), '--port needs a value: --port 5000');
  assert.is(usageError(['run', '--workers', '--debug']), '--workers needs a value: --workers 4');
  assert.is(usageError(['run', '--debug=yes']), '--debug takes no value.');
});

Parse('after --, everything is positional', () => {
  assert.equal(parseCommandLine(['run', '--', '--prot']).positionals, ['run', '--prot']);
});

const Integer = suite('integerOption');

Integer('an integer in bounds, undefined when absent, else a UsageError naming the option', () => {
  assert.is(integerOption('port', '0', 0, 65535), 0);
  assert.is(integerOption('port', undefined, 0, 65535), undefined);
  for (const raw of ['http', '-1', '65536', '1.5', '']) {
    assert.throws(
      () => integerOption('port', raw, 0, 65535),
      (error: Error) =>
        error instanceof UsageError &&
        error.message === `--port must be an integer from 0 to 65535, got '${raw}'`,
    );
  }
});

Closest.run();
Parse.run();
Integer.run();
