/**
 * How the command loads a TypeScript app. The decision is tested here from given facts; the
 * built command on Node 20, 22 and 24, Bun and Deno, with and without tsx in the project, is
 * tested from the packed tarball in tests/consumers/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  findTsx,
  NoTypeScriptError,
  planTypeScript,
  type RuntimeFacts,
  runtimeFacts,
} from '../../lib/cli/typescript.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE_20: RuntimeFacts = { label: 'Node 20.20.2', stripsTypes: false, loaderActive: false };
const TSX = '/srv/site/node_modules/tsx/dist/loader.mjs';

const Plan = suite('planTypeScript');

Plan('a JavaScript app is loaded as it is, whatever the runtime', () => {
  for (const file of ['/srv/app.js', '/srv/app.mjs', '/srv/app.cjs']) {
    assert.equal(planTypeScript(file, NODE_20, null), { kind: 'as-is' }, file);
  }
});

Plan('a runtime that strips types loads TypeScript as it is, tsx or not', () => {
  const facts = { ...NODE_20, label: 'Node 24.22.3', stripsTypes: true };
  assert.equal(planTypeScript('/srv/app.ts', facts, null), { kind: 'as-is' });
  assert.equal(planTypeScript('/srv/app.mts', facts, TSX), { kind: 'as-is' });
});

Plan('a loader already running the command loads the app too', () => {
  assert.equal(planTypeScript('/srv/app.ts', { ...NODE_20, loaderActive: true }, null), { kind: 'as-is' });
});

Plan("otherwise the project's tsx is registered", () => {
  for (const file of ['/srv/app.ts', '/srv/app.mts', '/srv/app.cts', '/srv/app.tsx']) {
    assert.equal(planTypeScript(file, NODE_20, TSX), { kind: 'tsx', tsx: TSX }, file);
  }
});

Plan('without either, an error names the file and both ways out', () => {
  try {
    planTypeScript('/srv/site/main.ts', NODE_20, null);
    assert.unreachable('planned');
  } catch (error) {
    assert.instance(error, NoTypeScriptError);
    const message = (error as Error).message;
    assert.match(message, /^Node 20\.20\.2 cannot run main\.ts by itself/);
    assert.match(message, /Node 22\.18 or newer/);
    assert.match(message, /npm install --save-dev tsx/);
  }
});

Plan.run();

const Facts = suite('runtimeFacts');

Facts('this process: Node, run from the TypeScript source under tsx', () => {
  const facts = runtimeFacts();
  assert.is(facts.label, `Node ${process.versions.node}`);
  assert.is(facts.loaderActive, true);
  const typescript = (process.features as { typescript?: unknown }).typescript;
  assert.is(facts.stripsTypes, typeof typescript === 'string');
});

Facts.run();

const Find = suite('findTsx');

Find('tsx from the first folder that has it', () => {
  const empty = mkdtempSync(join(tmpdir(), 'phial-no-tsx-'));
  try {
    const found = findTsx([empty, ROOT]);
    assert.ok(found?.startsWith(join(ROOT, 'node_modules', 'tsx')), String(found));
    assert.match(String(found), /\.m?js$/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

Find('null when no folder has it', () => {
  const empty = mkdtempSync(join(tmpdir(), 'phial-no-tsx-'));
  try {
    assert.is(findTsx([empty]), null);
    assert.is(findTsx([]), null);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

Find.run();
