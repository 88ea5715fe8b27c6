/**
 * `phial new DIR`: a small app that is ready to run and to test: an app file with two routes and
 * a session, a test of it with the test client, package.json with `start`, `dev`, `test` and
 * `typecheck` scripts, tsconfig.json and .gitignore. After `npm install`, `npm test` passes.
 *
 * The app is TypeScript. Node 22.18+, Bun and Deno run it as it is; for Node 20 the project has
 * tsx among its devDependencies, which `phial run` and the test script use.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The folder cannot take a new app: it is not empty, or not a folder.
 *
 * @example
 * ```ts
 * createNewApp('.'); // throws NewAppError when the current folder holds files
 * ```
 */
export class NewAppError extends Error {
  override name = 'NewAppError';
}

/** The versions the new project depends on: Phial's own, and the tools Phial itself is built with. */
export interface NewAppVersions {
  phial: string;
  tsx: string;
  typescript: string;
  typesNode: string;
}

/** One file of the new app: its path inside the folder and its text. */
export interface NewAppFile {
  path: string;
  content: string;
}

/**
 * A package name npm accepts, made from a folder name: lower case, letters, digits, `-`, `.`, `_`.
 *
 * @example
 * ```ts
 * packageName('My Shop'); // 'my-shop'
 * ```
 */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'phial-app' : name.slice(0, 214);
}

/**
 * The versions from Phial's own package.json: `^version` of Phial, and its devDependencies'
 * ranges of tsx, TypeScript and @types/node (a published package.json keeps them).
 *
 * @example
 * ```ts
 * ownVersions().phial; // '^0.1.0'
 * ```
 */
export function ownVersions(): NewAppVersions {
  // lib/cli/ in the repository and dist/cli/ in the package: package.json is two folders up.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
    devDependencies?: Record<string, string>;
  };
  const dev = manifest.devDependencies ?? {};
  return {
    phial: `^${manifest.version}`,
    tsx: dev['tsx'] ?? '^4',
    typescript: dev['typescript'] ?? '^5.9',
    typesNode: dev['@types/node'] ?? '^20',
  };
}

const APP = `import { App, escapeHtml } from 'phial';

export const app = new App<{ visits?: number }>();
// Signs the session cookie. In production set SECRET_KEY: whoever knows the key can forge sessions.
app.secretKey = process.env.SECRET_KEY ?? 'a development key, not for production';

app.get('/')(function index({ session, urlFor }) {
  const visits = (session.get('visits') ?? 0) + 1;
  session.set('visits', visits);
  const hello = urlFor('hello', { name: 'World' });
  return \`<h1>Hello from Phial!</h1><p>Visits in this session: \${visits}</p><p><a href="\${hello}">Say hello</a></p>\`;
});

app.get('/hello/<name>')(function hello({ params }) {
  return \`Hello, \${escapeHtml(params.name)}!\`;
});
`;

const TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { app } from '../app.ts';

test('the home page counts visits in the session', async () => {
  const client = app.testClient();
  assert.match((await client.get('/')).text, /Visits in this session: 1</);
  assert.match((await client.get('/')).text, /Visits in this session: 2</);
});

test('hello greets by name, escaped', async () => {
  const client = app.testClient();
  assert.equal((await client.get('/hello/Ada')).text, 'Hello, Ada!');
  assert.equal((await client.get('/hello/%3Cb%3E')).text, 'Hello, &lt;b&gt;!');
});

test('an unknown page is a 404', async () => {
  assert.equal((await app.testClient().get('/nowhere')).status, 404);
});
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2023",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "verbatimModuleSyntax": true,
    "erasableSyntaxOnly": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "skipLibCheck": false
  },
  "include": ["*.ts", "test"]
}
`;

const GITIGNORE = `node_modules/
*.log
.env
`;

/**
 * The files of a new app called `name`.
 *
 * @example
 * ```ts
 * newAppFiles('shop', ownVersions()).map((file) => file.path);
 * // ['app.ts', 'test/app.test.ts', 'package.json', 'tsconfig.json', '.gitignore']
 * ```
 */
export function newAppFiles(name: string, versions: NewAppVersions): NewAppFile[] {
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'phial run app.ts',
      dev: 'phial run app.ts --debug',
      test: 'node --import tsx --test test/app.test.ts',
      typecheck: 'tsc',
    },
    dependencies: { phial: versions.phial },
    devDependencies: {
      '@types/node': versions.typesNode,
      tsx: versions.tsx,
      typescript: versions.typescript,
    },
  };
  return [
    { path: 'app.ts', content: APP },
    { path: 'test/app.test.ts', content: TEST },
    { path: 'package.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
    { path: 'tsconfig.json', content: TSCONFIG },
    { path: '.gitignore', content: GITIGNORE },
  ];
}

/**
 * Writes a new app into `dir` (created when missing; it must be empty) and returns the paths
 * written. Throws a {@link NewAppError} when `dir` holds anything.
 *
 * @example
 * ```ts
 * createNewApp('shop'); // ['app.ts', 'test/app.test.ts', 'package.json', 'tsconfig.json', '.gitignore']
 * ```
 */
export function createNewApp(dir: string, versions: NewAppVersions = ownVersions()): string[] {
  const root = resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new NewAppError(`${dir} is a file, not a folder`);
    if (readdirSync(root).length > 0) {
      throw new NewAppError(`${dir} is not empty: give phial new a new folder, or an empty one`);
    }
  }
  const files = newAppFiles(packageName(basename(root)), versions);
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return files.map((file) => file.path);
}
