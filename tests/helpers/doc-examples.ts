/**
 * Code blocks in the docs that come from example files, so no example can rot.
 *
 * A fenced `ts` block in a page must follow a marker naming a region of a file under docs/examples:
 *
 *     <!-- example: docs/examples/sessions.ts#login -->
 *     ```ts
 *     …the lines between `// #region login` and `// #endregion login` in that file…
 *     ```
 *
 * Without `#region`, the block is the whole file. Region marker lines never appear in a block (regions
 * may nest or overlap), and the block and the region are compared after removing their common
 * indentation and the blank lines around them.
 * Examples import from 'phial' (tsconfig.json's `paths` maps it to lib/index.ts for tsc and tsx),
 * so what runs is exactly what the page shows. `checkPage` reports blocks that differ;
 * `syncPage` rewrites them from the files (`npm run docs:sync`).
 */

import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

/** A fenced code block of a Markdown page. */
export interface CodeBlock {
  /** The first word of the info string (`ts`, `sh`…), or `''`. */
  lang: string;
  /** The indentation of the opening fence; the block's lines carry it too. */
  indent: string;
  /** 0-based index of the opening fence line. */
  open: number;
  /** 0-based index of the closing fence line, or -1 when the block is never closed. */
  close: number;
  /** The lines between the fences, without the fence's indentation. */
  content: string;
  /** The example marker on the line above the fence, or null. */
  source: ExampleRef | null;
}

/** Where a block comes from: `docs/examples/x.ts#name`. */
export interface ExampleRef {
  path: string;
  region: string | null;
}

/** What is wrong with one block of a page. */
export interface Problem {
  /** 1-based line of the opening fence. */
  line: number;
  message: string;
}

/** Languages whose blocks must come from an example file. */
const CHECKED_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'tsx', 'mts']);
const MARKER = /^\s*<!--\s*example:\s*([^\s#]+)(?:#([\w-]+))?\s*-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const REGION = /^\s*\/\/\s*#(region|endregion)\s+([\w-]+)\s*$/;

/** Whether a block in this language must have an example marker. */
export function isCheckedLang(lang: string): boolean {
  return CHECKED_LANGS.has(lang.toLowerCase());
}

/** Reads the marker of a line, if it is one. */
export function parseMarker(line: string): ExampleRef | null {
  const match = MARKER.exec(line);
  if (match === null) return null;
  return { path: match[1]!, region: match[2] ?? null };
}

/** Every fenced block of a Markdown page, in order, with the marker above it. */
export function findCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!);
    if (fence === null) continue;
    const [, indent = '', ticks = '', lang = ''] = fence;
    let close = i + 1;
    while (close < lines.length && !isClosingFence(lines[close]!, ticks)) close++;
    const inner = lines.slice(i + 1, close).map((line) => stripIndent(line, indent));
    const above = i > 0 ? parseMarker(lines[i - 1]!) : null;
    const closed = close < lines.length;
    blocks.push({
      lang,
      indent,
      open: i,
      close: closed ? close : -1,
      content: inner.join('\n'),
      source: above,
    });
    i = close;
  }
  return blocks;
}

function isClosingFence(line: string, ticks: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= ticks.length && trimmed === ticks[0]!.repeat(trimmed.length);
}

function stripIndent(line: string, indent: string): string {
  return line.startsWith(indent) ? line.slice(indent.length) : line.trimStart();
}

/** Removes the indentation that every non-blank line shares; blank lines become empty. */
export function dedent(text: string): string {
  const lines = text.split('\n').map((line) => (line.trim() === '' ? '' : line));
  let common: number | null = null;
  for (const line of lines) {
    if (line === '') continue;
    const width = line.length - line.trimStart().length;
    common = common === null ? width : Math.min(common, width);
  }
  return lines.map((line) => line.slice(common ?? 0)).join('\n');
}

/**
 * The text of a region of an example file (the whole file when `region` is null), without any
 * region marker lines, common indentation or blank lines around it. Throws when the region is missing,
 * unclosed or defined twice.
 */
export function extractRegion(source: string, region: string | null): string {
  const lines = source.split('\n');
  let start = -1;
  let end = lines.length;
  if (region !== null) {
    [start, end] = regionBounds(lines, region);
  }
  const inner = lines.slice(start + 1, end).filter((line) => !REGION.test(line));
  // A formatter may leave a blank line next to a marker; a block never starts or ends with one.
  return dedent(inner.join('\n')).replace(/^\n+|\n+$/g, '');
}

/** The line indexes of `// #region name` and `// #endregion name`. */
function regionBounds(lines: readonly string[], region: string): [number, number] {
  let start = -1;
  let end = -1;
  lines.forEach((line, index) => {
    const match = REGION.exec(line);
    if (match === null || match[2] !== region) return;
    if (match[1] === 'region') {
      if (start !== -1) throw new Error(`region '${region}' is opened twice`);
      start = index;
    } else {
      if (start === -1 || end !== -1) {
        throw new Error(`'// #endregion ${region}' has no matching '// #region ${region}'`);
      }
      end = index;
    }
  });
  if (start === -1) throw new Error(`no '// #region ${region}' in the file`);
  if (end === -1) throw new Error(`region '${region}' is never closed with '// #endregion ${region}'`);
  return [start, end];
}

/** The pages whose blocks are checked: README.md and docs/*.md (not the generated docs/api). */
export function docPages(root: string): string[] {
  const pages = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

/** Every .ts file under docs/examples, as a path from the repository root. */
export function exampleFiles(root: string): string[] {
  const files = readdirSync(join(root, 'docs/examples'), { recursive: true, encoding: 'utf8' });
  return files
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `docs/examples/${name.split(sep).join('/')}`)
    .sort();
}

/** Reads an example file by the path a marker gives (relative to the repository root). */
export type ReadExample = (path: string) => string;

/** The text a block marked with `ref` must hold, or an Error saying why there is none. */
export function expectedContent(ref: ExampleRef, read: ReadExample): string | Error {
  if (!ref.path.startsWith('docs/examples/') || !ref.path.endsWith('.ts')) {
    return new Error(`the example ${ref.path} is not a .ts file under docs/examples/`);
  }
  let source: string;
  try {
    source = read(ref.path);
  } catch {
    return new Error(`the example file ${ref.path} does not exist`);
  }
  try {
    return extractRegion(source, ref.region);
  } catch (error) {
    return new Error(`${ref.path}: ${(error as Error).message}`);
  }
}

/** The problems of a page: checked blocks without a marker, and blocks that differ from their region. */
export function checkPage(markdown: string, read: ReadExample): Problem[] {
  const problems: Problem[] = [];
  for (const block of findCodeBlocks(markdown)) {
    const line = block.open + 1;
    if (block.close === -1) {
      problems.push({ line, message: 'a code block that is never closed' });
      continue;
    }
    if (block.source === null) {
      if (isCheckedLang(block.lang)) {
        problems.push({
          line,
          message: `a \`${block.lang}\` block without \`<!-- example: docs/examples/file.ts#region -->\` above it`,
        });
      }
      continue;
    }
    const expected = expectedContent(block.source, read);
    if (expected instanceof Error) problems.push({ line, message: expected.message });
    else if (dedent(block.content) !== expected) {
      const where = `${block.source.path}${block.source.region === null ? '' : `#${block.source.region}`}`;
      problems.push({ line, message: `differs from ${where}; run \`npm run docs:sync\`` });
    }
  }
  return problems;
}

/**
 * The page with every marked block rewritten from its example, indented like its fence. Blocks
 * whose example cannot be read are left as they are (`checkPage` reports them).
 */
export function syncPage(markdown: string, read: ReadExample): string {
  const lines = markdown.split('\n');
  const blocks = findCodeBlocks(markdown).reverse(); // from the end, so earlier line numbers hold
  for (const block of blocks) {
    if (block.source === null || block.close === -1) continue;
    const expected = expectedContent(block.source, read);
    if (expected instanceof Error) continue;
    const body = expected.split('\n').map((line) => (line === '' ? '' : block.indent + line));
    lines.splice(block.open + 1, block.close - block.open - 1, ...body);
  }
  return lines.join('\n');
}
