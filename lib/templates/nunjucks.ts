/**
 * The parts of nunjucks Phial builds on, typed: its Environment and Template, and the parser,
 * compiler, lexer and node classes that @types/nunjucks does not describe. nunjucks is loaded on
 * first use (the first template an app renders), so an app that renders nothing never loads it.
 */
import { createRequire } from 'node:module';
import type NunjucksModule from 'nunjucks';

/** A node of nunjucks' syntax tree. */
export interface Node {
  readonly typename: string;
  lineno: number;
  colno: number;
  fields: string[];
  [field: string]: any;
}

/** A node class; `extend` makes a new one with more fields. */
export interface NodeClass {
  new (lineno: number, colno: number, ...fields: unknown[]): Node;
  extend(name: string, props: { fields: string[] }): NodeClass;
}

/** A token of nunjucks' lexer. */
export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** nunjucks' parser, as a subclass sees it. */
export interface ParserBase {
  tokens: unknown;
  peekToken(): Token;
  nextToken(): Token;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  skipSymbol(name: string): boolean;
  expect(type: string): Token;
  fail(message: string, lineno?: number, colno?: number): never;
  advanceAfterBlockEnd(name?: string): Token;
  parsePrimary(noPostfix?: boolean): Node;
  parseExpression(): Node;
  parseOr(): Node;
  parseUntilBlocks(...names: string[]): Node;
  parseStatement(): Node | null;
  parseSignature(tolerant?: boolean, noParens?: boolean): Node | null;
  parseFor(): Node;
  parseInclude(): Node;
  parseWithContext(): boolean | null;
  parseAsRoot(): Node;
}

/** A compile-time frame: template names to the JavaScript variables that hold them. */
export interface CompileFrame {
  set(name: string, id: string): void;
  lookup(name: string): string | undefined;
  push(isolateWrites?: boolean): CompileFrame;
  pop(): CompileFrame;
}

/** nunjucks' code generator, as a subclass sees it. */
export interface CompilerBase {
  buffer: string;
  compile(node: Node, frame?: CompileFrame): void;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _compileExpression(node: Node, frame: CompileFrame): void;
  _compileAggregate(node: Node, frame: CompileFrame, start?: string, end?: string): void;
  _withScopedSyntax(body: () => void): void;
  compileCapture(node: Node, frame: CompileFrame): void;
  compileSet(node: Node, frame: CompileFrame): void;
  fail(message: string, lineno?: number, colno?: number): never;
  getCode(): string;
}

/** nunjucks' modules, as Phial uses them. */
export interface Nunjucks {
  Environment: typeof NunjucksModule.Environment;
  Template: typeof NunjucksModule.Template;
  Compiler: new (name: string, throwOnUndefined: boolean) => CompilerBase;
  Parser: new (tokens: unknown) => ParserBase;
  /** `lex(source)` and the token type names. */
  lexer: { lex(source: string, options?: object): unknown; [token: string]: any };
  /** The syntax tree classes by name. */
  nodes: Record<string, NodeClass>;
  /** The compile-time and run-time frame. */
  Frame: new () => CompileFrame;
  /** What nunjucks' macros, `caller()` and `super()` return. */
  SafeString: new (
    value: string,
  ) => { val: string };
  /** Runs nunjucks' tree transformer (it lifts `super()` calls out of blocks). */
  transform(ast: Node, name: string): Node;
}

const require = createRequire(import.meta.url);
let loaded: Nunjucks | null = null;

/**
 * nunjucks, loaded on the first call.
 *
 * @example
 * ```ts
 * const { Environment } = nunjucks();
 * ```
 */
export function nunjucks(): Nunjucks {
  if (loaded === null) {
    const index = require('nunjucks');
    // The transformer is not re-exported by nunjucks' index; it is the module its compiler uses.
    const transformer = require('nunjucks/src/transformer');
    loaded = {
      Environment: index.Environment,
      Template: index.Template,
      Compiler: index.compiler.Compiler,
      Parser: index.parser.Parser,
      lexer: index.lexer,
      nodes: index.nodes,
      Frame: index.runtime.Frame,
      SafeString: index.runtime.SafeString,
      transform: (ast, name) => transformer.transform(ast, [], name),
    };
  }
  return loaded;
}

/**
 * nunjucks' SafeString class if nunjucks is loaded, else null (then no SafeString exists yet).
 *
 * @example
 * ```ts
 * const SafeString = loadedSafeString();
 * ```
 */
export function loadedSafeString(): Nunjucks['SafeString'] | null {
  return loaded === null ? null : loaded.SafeString;
}
