/**
 * Property test for lib/static.ts: whatever path a client sends, sendFromDirectory either sends a
 * file that really is inside the folder or answers 404 — never a file outside, never another error.
 * Paths are built from the pieces traversals are made of: `..`, `.`, slashes, backslashes, NUL,
 * drive letters, and symlinks that lead out of the folder.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpError } from '../../lib/http/errors.ts';
import { Request } from '../../lib/http/request.ts';
import { sendFromDirectory } from '../../lib/static.ts';
import { check } from '../helpers/property.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'phial-static-property-')));
const publicDir = join(root, 'public');
mkdirSync(join(publicDir, 'css'), { recursive: true });
writeFileSync(join(root, 'secret.txt'), 'SECRET');
writeFileSync(join(publicDir, 'app.css'), 'public app.css');
writeFileSync(join(publicDir, 'css', 'site.css'), 'public site.css');
symlinkSync('../secret.txt', join(publicDir, 'escape.txt'));
symlinkSync('..', join(publicDir, 'up'));
symlinkSync('app.css', join(publicDir, 'alias.css'));

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('css', 'app.css', 'site.css', 'alias.css', 'up', 'public') },
  { weight: 3, arbitrary: fc.constantFrom('..', '.', '', 'secret.txt', 'escape.txt') },
  { weight: 1, arbitrary: fc.constantFrom('\\', '..\\', '\0', 'C:', root.slice(1)) },
);
const separator = fc.oneof({ weight: 6, arbitrary: fc.constant('/') }, fc.constantFrom('\\', '//'));
const combined = fc
  .array(fc.tuple(piece, separator), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([name, sep], i) => (i === 0 ? name : sep + name)).join(''))
  .chain((path) => fc.oneof({ weight: 3, arbitrary: fc.constant(path) }, fc.constant(`/${path}`)));
// Paths that do lead to a file inside, so both outcomes are exercised.
const inside = fc.constantFrom(
  'app.css',
  'css/site.css',
  'alias.css',
  'up/public/app.css',
  'css/../app.css',
  './app.css',
);
const clientPath = fc.oneof({ weight: 4, arbitrary: combined }, inside);

const Static = suite('sendFromDirectory: any path');

Static('sends a file inside the folder or answers 404, never anything else', async () => {
  const request = new Request({ method: 'GET', url: '/' });
  await check(
    fc.asyncProperty(clientPath, async (path) => {
      let body: string;
      try {
        const response = await sendFromDirectory(request, publicDir, path);
        const chunks: Uint8Array[] = [];
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
        body = Buffer.concat(chunks).toString();
      } catch (error) {
        assert.ok(error instanceof HttpError && error.status === 404, `${JSON.stringify(path)}: ${error}`);
        return;
      }
      assert.ok(body.startsWith('public '), `${JSON.stringify(path)} sent ${JSON.stringify(body)}`);
    }),
    1500,
  );
});

Static.run();

process.on('exit', () => rmSync(root, { recursive: true, force: true }));
