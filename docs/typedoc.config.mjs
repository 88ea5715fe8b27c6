// `npm run docs:api`: the API reference from the TSDoc comments of lib/index.ts's exports, with
// the guide pages (docs/*.md) alongside, into docs/api/. Warnings are errors, so a broken
// {@link}, a type missing from the public surface or a link to a missing anchor fails the build.
// Paths are relative to this file.

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'Phial',
  entryPoints: ['../lib/index.ts'],
  tsconfig: '../tsconfig.json',
  out: 'api',
  readme: '../README.md',
  projectDocuments: ['*.md'],
  excludeInternal: true,
  disableSources: true,
  treatWarningsAsErrors: true,
  // Type-level machinery behind RuleParams, not something an app names.
  intentionallyNotExported: ['RuleVariables', 'ConverterValue'],
  highlightLanguages: [
    'bash',
    'css',
    'html',
    'http',
    'ini',
    'javascript',
    'jinja',
    'json',
    'markdown',
    'nginx',
    'python',
    'text',
    'typescript',
    'yaml',
  ],
  markdownItLoader: (parser) => parser.core.ruler.push('heading_code_as_text', headingCodeAsText),
};

/**
 * TypeDoc makes heading anchors from the heading's text tokens only, so "The `phial` command" gets
 * `#the-command` where GitHub makes `#the-phial-command`. Code spans in headings become plain text,
 * so that links written for GitHub resolve here too.
 */
function headingCodeAsText(state) {
  state.tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    for (const child of state.tokens[index + 1]?.children ?? []) {
      if (child.type === 'code_inline') child.type = 'text';
    }
  });
}

export default config;
