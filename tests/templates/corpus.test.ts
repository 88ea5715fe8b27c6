/**
 * Byte parity with Flask: every template of tests/templates/corpus/ is rendered by real Flask
 * (Debian's python3-flask, run as /usr/bin/python3) and by Phial, and the bodies must be equal
 * byte for byte. Without Flask the suite fails under CI=true and is skipped elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { withFlask } from '../helpers/flask.ts';
import { corpusApp, loadCorpus } from './corpus/phial-app.ts';

const SCRIPT = fileURLToPath(new URL('./corpus/flask_app.py', import.meta.url));

const Corpus = suite('templates: byte parity with Flask');

function flaskBodies(): Array<{ status: number; body: string }> {
  const run = spawnSync('/usr/bin/python3', [SCRIPT], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`flask_app.py failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

if (withFlask(Corpus)) {
  const corpus = loadCorpus();
  const flask = flaskBodies();

  Corpus('Flask rendered every case', () => {
    assert.is(flask.length, corpus.cases.length);
    for (const [i, result] of flask.entries())
      assert.is(result.status, 200, `Flask failed on ${corpus.cases[i]!.template}`);
  });

  corpus.cases.forEach((item, number) => {
    Corpus(`${item.template} renders as Flask renders it`, async () => {
      const client = corpusApp(corpus).testClient();
      const path = item.path ?? `/case/${number}`;
      const response = await client.get(item.query ? `${path}?${item.query}` : path);
      assert.is(response.status, 200, response.text);
      const expected = flask[number]!.body;
      assert.ok(expected.length > 0, 'Flask rendered something');
      assert.is(
        Buffer.from(response.text).equals(Buffer.from(expected)),
        true,
        diffHint(response.text, expected),
      );
      assert.fixture(response.text, expected);
    });
  });
}

/** Where the two renderings part, for the failure message. */
function diffHint(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `first difference at ${i}: Phial ${JSON.stringify(actual.slice(i, i + 40))} / Flask ${JSON.stringify(expected.slice(i, i + 40))}`;
}

Corpus.run();
