/**
 * The tree keeps the shape docs/architecture.md draws: each lib file sits in a layer folder, imports
 * only downward (the app's two doors excepted, by name), no runtime import circle spans layers, and
 * tests/ mirrors lib/ file for file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  circlesAcrossLayers,
  DOOR_EDGES,
  type ImportEdge,
  importsOf,
  LAYERS,
  LIB_DIR,
  layerOf,
  readImports,
  upwardImports,
} from './helpers/layers.ts';

const TESTS_DIR = fileURLToPath(new URL('.', import.meta.url));
const edges = readImports(LIB_DIR);

const Layers = suite('lib/ layers');

Layers('every file sits in a known layer folder', () => {
  const files = readdirSync(LIB_DIR, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\.(ts|mjs)$/.test(f),
  );
  const unknown = files.map((f) => f.split('\\').join('/')).filter((f) => !(layerOf(f) in LAYERS));
  assert.equal(unknown, [], 'a new folder needs its place in LAYERS and in docs/architecture.md');
  assert.ok(files.length > 50, `read ${files.length} files`);
});

Layers('no file imports a layer above its own', () => {
  assert.ok(edges.length > 200, `read ${edges.length} imports`);
  assert.equal(upwardImports(edges), []);
});

Layers('every door edge of the core exists, and stays the only one', () => {
  const present = DOOR_EDGES.filter((edge) => edges.some(({ from, to }) => `${from} -> ${to}` === edge));
  assert.equal(present, DOOR_EDGES, 'remove an allowed door edge that the code no longer has');
});

Layers('no runtime import circle spans two layers', () => {
  assert.equal(circlesAcrossLayers(edges), []);
});

Layers('every relative import names a file that exists', () => {
  const missing = edges
    .filter(({ to }) => !existsSync(join(LIB_DIR, to)))
    .map(({ from, to }) => `${from} -> ${to}`);
  assert.equal(missing, []);
});

const Checker = suite('lib/ layers: the checker');

const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

Checker('reports an import from a lower layer to a higher one', () => {
  assert.equal(upwardImports([edge('http/request.ts', 'app.ts')]), [
    'http/request.ts (http) imports app.ts (core)',
  ]);
  assert.equal(upwardImports([edge('sessions/session.ts', 'routing/map.ts')]).length, 1);
  assert.equal(
    upwardImports([edge('server/serve.ts', 'app.ts'), edge('routing/map.ts', 'http/headers.ts')]),
    [],
  );
});

Checker('a door edge not on the list is upward', () => {
  assert.equal(upwardImports([edge('scaffold.ts', 'server/serve.ts')]).length, 1);
  assert.equal(upwardImports([edge('app.ts', 'server/serve.ts')]), []);
});

Checker('finds a runtime circle across layers, not a type-only one', () => {
  const circle = [edge('app.ts', 'server/serve.ts'), edge('server/serve.ts', 'app.ts')];
  assert.equal(circlesAcrossLayers(circle), [['app.ts', 'server/serve.ts']]);
  assert.equal(circlesAcrossLayers([circle[0]!, edge('server/serve.ts', 'app.ts', true)]), []);
  assert.equal(circlesAcrossLayers([edge('app.ts', 'context.ts'), edge('context.ts', 'app.ts')]), []);
});

Checker('reads static, type-only, re-exported and dynamic imports', () => {
  const text = [
    "import { a } from './a.ts';",
    "import type { B } from '../b.ts';",
    "import { type C } from './c.ts';",
    "export { d } from './d.ts';",
    "export type { E } from './e.ts';",
    "const f = await import('./f.ts');",
    "import { readFileSync } from 'node:fs';",
  ].join('\n');
  assert.equal(importsOf('server/x.ts', text), [
    edge('server/x.ts', 'server/a.ts'),
    edge('server/x.ts', 'b.ts', true),
    edge('server/x.ts', 'server/c.ts'),
    edge('server/x.ts', 'server/d.ts'),
    edge('server/x.ts', 'server/e.ts', true),
    edge('server/x.ts', 'server/f.ts'),
  ]);
});

const Mirror = suite('tests/ mirrors lib/');

/** Files that hold only types (checked by tsc and tests/types/) or are tested through their caller. */
const WITHOUT_OWN_TEST = new Set([
  'routing/params.ts',
  'sessions/config.ts',
  'sessions/interface.ts',
  'sessions/store.ts',
  'server/cluster-primary.ts',
  'cli/bin.mjs',
]);

Mirror('every lib file has its test file at the same path', () => {
  const files = readdirSync(LIB_DIR, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split('\\').join('/'))
    .filter((f) => /\.(ts|mjs)$/.test(f) && !WITHOUT_OWN_TEST.has(f));
  const missing = files.filter((f) => !existsSync(join(TESTS_DIR, f.replace(/\.(ts|mjs)$/, '.test.ts'))));
  assert.equal(missing, []);
});

Layers.run();
Checker.run();
Mirror.run();
