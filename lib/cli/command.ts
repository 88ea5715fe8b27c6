/**
 * Layer cli/: the `phial` command (app loading, route table, reloader); imports the core and below.
 *
 * The `phial` command, Flask's `flask` for Phial apps: `phial run` serves an app (with a reloader
 * under --debug, with workers under --workers) and `phial routes` prints its route table.
 * lib/cli/bin.mjs calls {@link main}.
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchApp, type RunOptions } from './launch-app.ts';
import { NoAppError, parseAppSpec } from './load-app.ts';
import { createNewApp, NewAppError } from './new-app.ts';
import { closest, integerOption, parseCommandLine, UsageError, type Values } from './options.ts';
import { projectRoot, RUN_MAIN_ENV, superviseWithReloader } from './reloader.ts';
import { ROUTE_SORTS, type RouteSort, routeTable } from './route-table.ts';
import { NoTypeScriptError } from './typescript.ts';

/** Exit status of a command used wrongly, as click (and so Flask) has it. */
const USAGE_ERROR = 2;

const USAGE = `Usage: phial <command> [app] [options]

Commands:
  run      Serve the app (Flask's \`flask run\`)
  routes   Show the app's routes (Flask's \`flask routes\`)
  new DIR  Write a small ready app into DIR: app, test, package.json (then npm install)

[app] is a module and, optionally, the export to use: app.ts, src/main.ts:api,
demo/app.ts:createDemoApp. Without a name, the exports app, application and default
are tried, then a factory (createApp, makeApp, or a single create…App), called with no
arguments. Without [app], PHIAL_APP, else app.ts. A module that calls app.run() itself
(server.ts) is run as it is, with the options below in place of its own.

run options:
  --host HOST      the interface to listen on (HOST, else 127.0.0.1)
  --port PORT      the port (PORT, else 5000)
  --debug          debug mode: traceback pages, a log line per request, and reloading
  --reload         restart when a source file changes (default with --debug)
  --no-reload      do not restart, even with --debug
  --workers N      serve from N processes (node:cluster)
  --access-log     a line per request on stdout, in the Combined Log Format
  --access-log-format FORMAT
                   combined (default) or json (one JSON object per line)

routes options:
  --sort KEY       endpoint (default), methods, rule or match (the order of registration)
  --all-methods    show HEAD and OPTIONS too

  -h, --help       show this help
`;

const COMMANDS = ['run', 'routes', 'new'];

/** The access log the command line asks for: `--access-log`, with `--access-log-format` or without. */
function accessLogOption(values: Values): Extract<RunOptions['accessLog'], string> | undefined {
  const format = values['access-log-format'];
  if (format !== undefined && format !== 'combined' && format !== 'json') {
    throw new UsageError(`--access-log-format must be combined or json, got '${format}'`);
  }
  return format ?? (values['access-log'] ? 'combined' : undefined);
}

/** The settings `phial run` gives `app.run()`: only those the command line sets. */
function runOptions(values: Values): RunOptions {
  const port = integerOption('port', values.port, 0, 65535);
  const workers = integerOption('workers', values.workers, 1, 1024);
  const accessLog = accessLogOption(values);
  return {
    ...(values.host !== undefined && { host: values.host }),
    ...(port !== undefined && { port }),
    ...(values.debug && { debug: true }),
    ...(workers !== undefined && { workers }),
    ...(accessLog !== undefined && { accessLog }),
  };
}

function appSpec(positionals: readonly string[]): string {
  if (positionals.length > 1) throw new UsageError(`expected one app, got ${positionals.join(' ')}`);
  const spec = positionals[0] ?? process.env.PHIAL_APP ?? 'app.ts';
  if (!existsSync(resolve(parseAppSpec(spec).path))) {
    throw new UsageError(
      positionals[0] === undefined && process.env.PHIAL_APP === undefined
        ? 'no app given, and there is no app.ts here: phial run path/to/app.ts'
        : `no such file: ${parseAppSpec(spec).path}`,
    );
  }
  return spec;
}

async function runCommand(spec: string, values: Values, io: Io): Promise<void> {
  const options = runOptions(values);
  const debug = values.debug === true;
  const reload = values['no-reload'] ? false : (values.reload ?? debug);
  if (reload && process.env[RUN_MAIN_ENV] === undefined) {
    io.stdout.write(` * Serving Phial app '${spec}'\n`);
    superviseWithReloader({
      root: projectRoot(resolve(parseAppSpec(spec).path)),
      command: process.execPath,
      args: [...process.execArgv, ...process.argv.slice(1)],
      logger: console,
    });
    return;
  }
  // The reloader's child and cluster workers run this again: the supervisor has said it already.
  if (!reload && cluster.isPrimary) io.stdout.write(` * Serving Phial app '${spec}'\n`);
  // A module that calls app.run() itself serves with `options` while it loads.
  const { app, served } = await launchApp(spec, 'run', options);
  if (!served) await app.run(options);
}

function newCommand(rest: readonly string[], io: Io): void {
  if (rest.length !== 1) throw new UsageError('phial new takes one folder: phial new my-app');
  const dir = rest[0]!;
  const written = createNewApp(dir);
  const cd = /[\s'"]/.test(dir) ? JSON.stringify(dir) : dir;
  io.stdout.write(
    `Created ${dir}: ${written.join(', ')}\n\nNext:\n  cd ${cd}\n  npm install\n` +
      '  npm test\n  npm start     # http://127.0.0.1:5000/\n',
  );
}

async function routesCommand(spec: string, values: Values, io: Io): Promise<void> {
  const sort = values.sort ?? 'endpoint';
  if (!(ROUTE_SORTS as readonly string[]).includes(sort)) {
    throw new UsageError(`--sort must be one of ${ROUTE_SORTS.join(', ')}, got '${sort}'`);
  }
  const { app } = await launchApp(spec, 'routes', {});
  io.stdout.write(routeTable(app, { sort: sort as RouteSort, allMethods: values['all-methods'] === true }));
}

function noSuchCommand(command: string): UsageError {
  const suggestion = closest(command, COMMANDS);
  return new UsageError(
    `no such command '${command}'${suggestion === null ? '' : `. Did you mean '${suggestion}'?`}`,
  );
}

function isUsageError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof NoAppError ||
    error instanceof NoTypeScriptError ||
    error instanceof NewAppError ||
    (error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS') === true
  );
}

/**
 * Where the command writes what it prints itself (the app logs through its own logger).
 *
 * @example
 * ```ts
 * const io: Io = { stdout: process.stdout, stderr: process.stderr };
 * ```
 */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs the `phial` command with its arguments (without `node` and the script). Resolves with the
 * exit status when the command is done, or with `undefined` once a server is running.
 *
 * @example
 * ```ts
 * await main(['routes', 'demo/app.ts', '--sort', 'rule']);
 * ```
 */
export async function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number | undefined> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.stdout.write(USAGE);
      return command === undefined && !values.help ? USAGE_ERROR : 0;
    }
    if (command === 'run') await runCommand(appSpec(rest), values, io);
    else if (command === 'routes') await routesCommand(appSpec(rest), values, io);
    else if (command === 'new') newCommand(rest, io);
    else throw noSuchCommand(command);
    return command === 'run' ? undefined : 0;
  } catch (error) {
    if (!isUsageError(error)) throw error;
    io.stderr.write(`Error: ${(error as Error).message}\nTry 'phial --help'.\n`);
    return USAGE_ERROR;
  }
}
