import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Compiler,
  lexer,
  NunjucksEnvironment,
  nodes,
  Parser,
  transform,
} from '../../lib/templates/nunjucks.ts';

const Internals = suite('templates/nunjucks');

Internals('the parts of nunjucks Phial builds on are there', () => {
  assert.type(Compiler, 'function');
  assert.type(Parser, 'function');
  assert.type(NunjucksEnvironment, 'function');
  assert.type(lexer.lex, 'function');
  assert.is(lexer.TOKEN_SYMBOL, 'symbol');
  const root = new Parser(lexer.lex('{{ x }}', {})).parseAsRoot();
  assert.is(root.typename, 'Root');
  assert.is(transform(root, 't').typename, 'Root');
  assert.type(nodes.Node!.extend, 'function');
});

Internals.run();
