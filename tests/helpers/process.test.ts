/** The process helper the live tests rely on: it waits for output, not for a fixed time. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startProcess } from './process.ts';

const Process = suite('startProcess');

Process('waitFor resolves when the line is printed, however late; stop() sends SIGTERM', async () => {
  // Ready after 1.5 s, on stderr: no fixed wait shorter than that could see it.
  const started = startProcess([
    '-e',
    "setTimeout(() => console.error('Running on http://x/'), 1500); setInterval(() => {}, 1000);",
  ]);
  try {
    const [line, url] = await started.waitFor(/Running on (\S+)/, 'the line');
    assert.is(line, 'Running on http://x/');
    assert.is(url, 'http://x/');
    assert.is(await started.stop(), null, 'killed by SIGTERM');
  } finally {
    started.kill();
  }
});

Process('waitFor rejects at once when the process exits first, with its output', async () => {
  const started = startProcess(['-e', "console.log('starting'); process.exit(3)"]);
  try {
    await started.waitFor(/Running on/, 'the server to listen');
    assert.unreachable('the process exited without the line');
  } catch (error) {
    assert.match((error as Error).message, /the process exited before the server to listen:\nstarting\n/);
  }
  assert.is(await started.exited, 3);
});

Process('the n-th match, and colours removed', async () => {
  const started = startProcess(['-e', "console.log('\\x1b[32mok 1\\x1b[0m'); console.log('ok 2')"]);
  const [second] = await started.waitFor(/ok \d/, 'the second line', 2);
  assert.is(second, 'ok 2');
  assert.is(started.output(), 'ok 1\nok 2\n');
  await started.exited;
});

Process.run();
