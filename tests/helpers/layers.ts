/**
 * Reads lib/'s import graph and checks it against the layers of docs/architecture.md: each file's
 * layer is its folder, each layer may import the layers below it, and a runtime import circle never
 * spans two layers. Used by tests/architecture.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One import of one lib file: the file it names (lib-relative) and whether it survives compilation. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The layers, lowest first, and the folders each may import besides its own. */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  utils: [],
  http: ['utils'],
  routing: ['utils', 'http'],
  sessions: ['utils', 'http'],
  templates: ['utils', 'http'],
  csrf: ['utils', 'http', 'sessions'],
  core: ['utils', 'http', 'routing', 'sessions', 'templates', 'csrf'],
  server: ['utils', 'http', 'routing', 'sessions', 'templates', 'csrf', 'core'],
  fetch: ['utils', 'http', 'routing', 'sessions', 'templates', 'csrf', 'core'],
  testing: ['utils', 'http', 'routing', 'sessions', 'templates', 'csrf', 'core'],
  cli: ['utils', 'http', 'routing', 'sessions', 'templates', 'csrf', 'core'],
  surface: [
    'utils',
    'http',
    'routing',
    'sessions',
    'templates',
    'csrf',
    'core',
    'server',
    'fetch',
    'testing',
    'cli',
  ],
};

/**
 * The edges from the core to a door, each allowed on purpose: `app.run()`, `app.handler`,
 * `app.fetch` and `app.testClient()` are the app's own way into its doors (DESIGN.md, "that edge is explicit and
 * single"). Nothing else in a lower layer may name a higher one.
 */
export const DOOR_EDGES: readonly string[] = [
  'app.ts -> server/serve.ts',
  'app.ts -> fetch/fetch-request.ts',
  'app.ts -> testing/client.ts',
];

/** The layer of a lib-relative path: its folder, `core` for the top level, `surface` for index.ts. */
export function layerOf(file: string): string {
  if (file === 'index.ts') return 'surface';
  const slash = file.indexOf('/');
  return slash === -1 ? 'core' : file.slice(0, slash);
}

/** Every relative import (static, re-export, dynamic) of every .ts/.mjs file under `libDir`. */
export function readImports(libDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(libDir)) {
    const text = readFileSync(join(libDir, file), 'utf8');
    for (const found of importsOf(file, text)) edges.push(found);
  }
  return edges;
}

function sourceFiles(libDir: string): string[] {
  const names = readdirSync(libDir, { recursive: true, encoding: 'utf8' });
  return names.filter((name) => /\.(ts|mjs)$/.test(name)).map((name) => name.split('\\').join('/'));
}

/** The relative imports in one file's text. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return;
    edges.push({ from: file, to: posix.normalize(posix.join(posix.dirname(file), specifier)), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly === true);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) add(argument.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The imports that point to a layer the importing file's layer may not use, door edges excepted. */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
  const wrong: string[] = [];
  for (const { from, to } of edges) {
    const own = layerOf(from);
    const target = layerOf(to);
    if (own === target || LAYERS[own]?.includes(target)) continue;
    if (DOOR_EDGES.includes(`${from} -> ${to}`)) continue;
    wrong.push(`${from} (${own}) imports ${to} (${target})`);
  }
  return wrong;
}

/**
 * The runtime import circles (type-only imports are erased, so they make none) whose files are in more
 * than one layer: strongly connected components of the runtime graph, by Tarjan's algorithm.
 */
export function circlesAcrossLayers(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to, typeOnly } of edges) {
    if (typeOnly) continue;
    if (!graph.has(from)) graph.set(from, []);
    if (!graph.has(to)) graph.set(to, []);
    graph.get(from)!.push(to);
  }
  return stronglyConnected(graph).filter((files) => new Set(files.map(layerOf)).size > 1);
}

function stronglyConnected(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return components;
}

/** lib/ beside tests/, for the tests. */
export const LIB_DIR = fileURLToPath(new URL('../../lib/', import.meta.url));
