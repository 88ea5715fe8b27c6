/**
 * Finds template files in an ordered list of folders, as Flask's loader does: the app's
 * templates folder first, then each blueprint's in registration order.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateNotFound } from './errors.ts';

/** A template file as loaded. */
export interface TemplateSource {
  /** The file's text. */
  source: string;
  /** Where it was found. */
  path: string;
  /** Its modification time, to see whether it changed since. */
  mtimeMs: number;
}

/**
 * Jinja's split_template_path: `a/b.html` → `['a', 'b.html']`; a `..` part can never be found.
 *
 * @example
 * ```ts
 * templatePathParts('admin/../secret.html'); // null
 * ```
 */
export function templatePathParts(name: string): string[] | null {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '..' || part.includes('\\') || part.includes('\0')) return null;
    if (part !== '' && part !== '.') parts.push(part);
  }
  return parts.length > 0 ? parts : null;
}

function modified(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads templates from folders, first match wins. The folders are asked for at each load, so
 * blueprints registered later are searched too.
 *
 * @example
 * ```ts
 * const loader = new FolderLoader(() => ['/app/templates']);
 * loader.load('index.html').source;
 * ```
 */
export class FolderLoader {
  readonly #folders: () => readonly string[];

  constructor(folders: () => readonly string[]) {
    this.#folders = folders;
  }

  /** The folders searched, in order. */
  get folders(): readonly string[] {
    return this.#folders();
  }

  /** The template's file, or a TemplateNotFound naming the folders searched. */
  load(name: string): TemplateSource {
    const parts = templatePathParts(name);
    const folders = this.#folders();
    if (parts !== null) {
      for (const folder of folders) {
        const path = join(folder, ...parts);
        const mtimeMs = modified(path);
        if (mtimeMs !== undefined) return { source: readFileSync(path, 'utf8'), path, mtimeMs };
      }
    }
    throw new TemplateNotFound(name, folders);
  }

  /** Whether a loaded file is unchanged on disk. */
  upToDate(loaded: TemplateSource): boolean {
    return modified(loaded.path) === loaded.mtimeMs;
  }
}
