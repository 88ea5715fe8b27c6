#!/usr/bin/env node
// The `phial` command (package.json "bin"). Phial and the apps it runs are TypeScript, so tsx's
// loader is registered before anything else is imported. The processes the command starts again
// (the reloader's child, cluster workers) run this file too, and register it in turn.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./command.ts');
const status = await main(process.argv.slice(2));
if (status !== undefined) process.exitCode = status;
