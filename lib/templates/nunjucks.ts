/**
 * The parts of nunjucks Phial builds on, typed: its Environment and Template, and the parser,
 * compiler, lexer and node classes that @types/nunjucks does not describe.
 */
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

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

interface Internals {
  Environment: typeof nunjucks.Environment;
  Template: typeof nunjucks.Template;
  compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => CompilerBase };
  parser: { Parser: new (tokens: unknown) => ParserBase };
  lexer: { lex(source: string, options?: object): unknown; [token: string]: any };
  transformer: { transform(ast: Node, asyncFilters: string[], name: string): Node };
  nodes: Record<string, NodeClass>;
  runtime: { Frame: new () => CompileFrame; SafeString: new (value: string) => { val: string } };
}

const internals = nunjucks as unknown as Internals;
// The transformer is not re-exported by nunjucks' index; it is the module its compiler uses.
const transformer = createRequire(import.meta.url)('nunjucks/src/transformer') as Internals['transformer'];

/** nunjucks' Environment class. */
export const NunjucksEnvironment = internals.Environment;
/** nunjucks' Template class. */
export const NunjucksTemplate = internals.Template;
/** nunjucks' compiler class. */
export const Compiler = internals.compiler.Compiler;
/** nunjucks' parser class. */
export const Parser = internals.parser.Parser;
/** nunjucks' lexer: `lex(source)` and the token type names. */
export const lexer = internals.lexer;
/** nunjucks' syntax tree classes by name. */
export const nodes = internals.nodes;
/** nunjucks' compile-time and run-time frame. */
export const Frame = internals.runtime.Frame;
/** nunjucks' safe string: what its macros, `caller()` and `super()` return. */
export const SafeString = internals.runtime.SafeString;

/** Runs nunjucks' tree transformer (it lifts `super()` calls out of blocks). */
export function transform(ast: Node, name: string): Node {
  return transformer.transform(ast, [], name);
}
