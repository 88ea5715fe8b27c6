/**
 * `phial new` from the installed tarball: the app it writes installs (Phial from the tarball, the
 * tools from npm), passes its own test at once, type-checks, and `npm start` serves it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { request } from 'undici';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { guard } from '../helpers/live.ts';
import { installedProject, npm, packedTarball, run } from '../helpers/package.ts';

let shop: string | null = null;

/** `phial new shop` in a project where the tarball is installed, then `npm install` there. */
function newApp(): string {
  if (shop !== null) return shop;
  const dir = installedProject('new-app');
  const created = run(process.execPath, ['node_modules/phial/dist/cli/bin.mjs', 'new', 'shop'], { cwd: dir });
  assert.is(created.status, 0, created.output);
  shop = join(dir, 'shop');
  // The tarball stands in for the registry's phial; the rest comes from npm.
  npm(['install', '--prefer-offline', packedTarball()], shop);
  return shop;
}

const New = suite('phial new, installed');

New('npm test passes right after npm install', () => {
  const ran = npm(['test'], newApp(), 120_000);
  assert.match(ran.stdout, /# pass 3\n/);
  assert.match(ran.stdout, /# fail 0\n/);
});

New('npm run typecheck passes (strict, exactOptionalPropertyTypes, skipLibCheck false)', () => {
  const ran = npm(['run', 'typecheck'], newApp(), 180_000);
  assert.not.match(ran.output, /error TS/);
});

New('npm start serves the app', async () => {
  const child = spawn('npm', ['start'], {
    cwd: newApp(),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that npm, its shell and phial stop together.
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = once(child, 'exit');
  try {
    const listening = new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const match = /Running on (http:\/\/\S+)/.exec(output);
        if (match !== null) resolve(match[1]!);
      };
      child.stdout!.on('data', check);
      void exited.then(() => reject(new Error(`npm start exited:\n${output}`)));
    });
    const url = await guard(listening, 'npm start to listen', 60_000);
    const response = await request(`${url}hello/Ada`);
    assert.is(response.statusCode, 200);
    assert.is(await response.body.text(), 'Hello, Ada!');
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await guard(exited, 'npm start to stop', 20_000);
  }
});

New.run();
