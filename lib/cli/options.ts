/**
 * The `phial` command's options, read with node:util's parseArgs, and the usage mistakes it can
 * make, each said in one line the way click (Flask's command line) says them: `No such option:
 * --prot. Did you mean --port?` rather than Node's argument-parser text.
 */
import { parseArgs } from 'node:util';
import { similarity } from '../routing/build.ts';

/**
 * Every option of every command.
 *
 * @example
 * ```ts
 * OPTIONS.port.type; // 'string'
 * ```
 */
export const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  debug: { type: 'boolean' },
  reload: { type: 'boolean' },
  'no-reload': { type: 'boolean' },
  workers: { type: 'string' },
  'access-log': { type: 'boolean' },
  'access-log-format': { type: 'string' },
  sort: { type: 'string' },
  'all-methods': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Name = keyof typeof OPTIONS;

/** A value to show in "needs a value" messages, per option that takes one. */
const EXAMPLE_VALUES: Readonly<Record<string, string>> = {
  host: '127.0.0.1',
  port: '5000',
  workers: '4',
  'access-log-format': 'json',
  sort: 'rule',
};

/** difflib's usual cutoff, which click's suggestions use too. */
const SUGGESTION_CUTOFF = 0.6;

/**
 * A mistake in how the command was called: the message, then the usage hint, exit status 2.
 *
 * @example
 * ```ts
 * throw new UsageError("no such command 'serve'");
 * ```
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The parsed command line. */
export type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

/**
 * The closest of `candidates` to `word`, if it is close enough to suggest.
 *
 * @example
 * ```ts
 * closest('prot', ['host', 'port']); // 'port'
 * ```
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = SUGGESTION_CUTOFF;
  for (const candidate of candidates) {
    const score = similarity(word, candidate);
    if (score >= bestScore && (best === null || score > bestScore)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function noSuchOption(token: string): UsageError {
  const long = token.startsWith('--');
  const names = Object.keys(OPTIONS);
  const suggestion = long ? closest(token.slice(2), names) : null;
  return new UsageError(
    `No such option: ${token}.${suggestion === null ? '' : ` Did you mean --${suggestion}?`}`,
  );
}

/** The option a token names (`--port`, `--port=5000`, `-h`), or null for a positional argument. */
function optionOf(token: string): { name: string; inline: boolean } | null {
  if (token.startsWith('--')) {
    const equals = token.indexOf('=');
    return { name: equals === -1 ? token.slice(2) : token.slice(2, equals), inline: equals !== -1 };
  }
  if (token.startsWith('-') && token.length > 1) {
    const short = Object.entries(OPTIONS).find(([, spec]) => 'short' in spec && spec.short === token[1]);
    return { name: short?.[0] ?? token, inline: false };
  }
  return null;
}

/** Throws a one-line UsageError for the first unknown option or missing value in `argv`. */
function checkTokens(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return;
    const option = optionOf(token);
    if (option === null) continue;
    if (!Object.hasOwn(OPTIONS, option.name)) throw noSuchOption(token.split('=')[0]!);
    const spec = OPTIONS[option.name as Name];
    if (spec.type === 'boolean') {
      if (option.inline) throw new UsageError(`--${option.name} takes no value.`);
    } else if (!option.inline) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) {
        throw new UsageError(
          `--${option.name} needs a value: --${option.name} ${EXAMPLE_VALUES[option.name]}`,
        );
      }
      i++;
    }
  }
}

/**
 * Reads the command line: positionals and option values. Throws a {@link UsageError} with one line
 * for an unknown option (suggesting the closest one) or a missing value.
 *
 * @example
 * ```ts
 * parseCommandLine(['run', 'app.ts', '--port', '5000']); // { values: { port: '5000' }, positionals: ['run', 'app.ts'] }
 * parseCommandLine(['run', '--prot', '5000']); // throws UsageError: No such option: --prot. Did you mean --port?
 * ```
 */
export function parseCommandLine(argv: readonly string[]): { values: Values; positionals: string[] } {
  checkTokens(argv);
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
}

/**
 * An integer option within bounds, or undefined when it was not given.
 *
 * @example
 * ```ts
 * integerOption('port', '5000', 0, 65535); // 5000
 * ```
 */
export function integerOption(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}
