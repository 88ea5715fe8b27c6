/**
 * The errors of template loading, named as Jinja names them.
 */

/**
 * No folder has the template (Jinja's `TemplateNotFound`). The message names the template and
 * every folder searched.
 *
 * @example
 * ```ts
 * throw new TemplateNotFound('profile.html', ['/app/templates']);
 * ```
 */
export class TemplateNotFound extends Error {
  /** The name asked for. */
  readonly templateName: string;
  /** The folders searched, in order. */
  readonly searched: readonly string[];

  constructor(name: string, searched: readonly string[]) {
    const where =
      searched.length > 0 ? `searched: ${searched.join(', ')}` : 'no template folder is configured';
    super(`Template '${name}' not found (${where})`);
    this.name = 'TemplateNotFound';
    this.templateName = name;
    this.searched = searched;
  }
}

/**
 * A template does not parse (Jinja's `TemplateSyntaxError`). The message names the file and line.
 *
 * @example
 * ```ts
 * throw new TemplateSyntaxError('unknown block tag: endwhile', 'page.html', 3);
 * ```
 */
export class TemplateSyntaxError extends Error {
  /** The template's name, or its file when it was loaded from one. */
  readonly filename: string;
  /** The line of the error, from 1 (0 when unknown). */
  readonly lineno: number;

  constructor(message: string, filename: string, lineno: number) {
    super(`${message} (${filename}${lineno > 0 ? `, line ${lineno}` : ''})`);
    this.name = 'TemplateSyntaxError';
    this.filename = filename;
    this.lineno = lineno;
  }
}
