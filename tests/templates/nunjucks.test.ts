import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadedSafeString, nunjucks } from '../../lib/templates/nunjucks.ts';

const Internals = suite('templates/nunjucks');

Internals('nunjucks is not loaded until first use: importing Phial does not load it', () => {
  const script = `
    import('./lib/index.ts').then(async ({ App }) => {
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).some((path) => path.includes('/nunjucks/'));
      const app = new App();
      app.templateFilter('x')((s) => s);
      const before = loaded();
      app.jinjaEnv.renderString('{{ 1 }}');
      console.log(JSON.stringify([before, loaded()]));
    });`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.is(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), [false, true]);
});

Internals('the parts of nunjucks Phial builds on are there', () => {
  const loaded = nunjucks();
  assert.is(nunjucks(), loaded, 'loaded once');
  assert.type(loaded.Compiler, 'function');
  assert.type(loaded.Parser, 'function');
  assert.type(loaded.Environment, 'function');
  assert.is(loaded.lexer.TOKEN_SYMBOL, 'symbol');
  const root = new loaded.Parser(loaded.lexer.lex('{{ x }}', {})).parseAsRoot();
  assert.is(root.typename, 'Root');
  assert.is(loaded.transform(root, 't').typename, 'Root');
  assert.type(loaded.nodes.Node!.extend, 'function');
  assert.is(loadedSafeString(), loaded.SafeString);
});

Internals.run();
