#!/usr/bin/env node
// The `phial` command (package.json "bin": dist/cli/bin.mjs, built from this file). Built, the
// command is JavaScript and runs on plain node, Bun or Deno: command.js sits beside this file. In
// Phial's repository only the TypeScript source does, and tsx (a devDependency) loads it. Apps in
// TypeScript are loaded as lib/cli/typescript.ts says. The processes the command starts again (the
// reloader's child, cluster workers) run this file too. tsc turns './command.ts' into './command.js'.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('./command.js', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main } = await import('./command.ts');
const status = await main(process.argv.slice(2));
if (status !== undefined) process.exitCode = status;
