/**
 * Runs Debian's headless Chromium (package `chromium`) under playwright-core for the end-to-end
 * tests: found on the machine, never downloaded; started with the flags this closed network needs
 * and a fresh profile in the temporary directory, removed on close. Nothing here asserts a duration.
 */
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import type { Test } from 'uvu';

const DEBIAN_PATH = '/usr/bin/chromium';
const INSTALL_HINT = 'apt-get install -y chromium';
/** Names Chromium goes by on PATH, Debian's first. */
const NAMES = ['chromium', 'chromium-browser'];
/**
 * Without the background-networking flags Chromium keeps dialling Google's hosts, and this
 * machine's closed network refuses them; the others keep a first run quiet and headless-safe.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Hang guards, far above what a healthy run needs: a stuck browser fails instead of stalling. */
export const LAUNCH_TIMEOUT_MS = 60_000;
export const ACTION_TIMEOUT_MS = 20_000;

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set, else Debian's, else one on PATH, else null.
 *
 * @example
 * ```ts
 * chromiumPath(); // '/usr/bin/chromium'
 * ```
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, DEBIAN_PATH];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir) candidates.push(...NAMES.map((name) => join(dir, name)));
  }
  return candidates.find((path) => path !== undefined && path !== '' && isExecutable(path)) ?? null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides whether a suite's browser tests can run. Without Chromium: on CI (`CI=true`) it adds a
 * failing test saying how to install it; elsewhere it prints a notice and the caller skips them.
 *
 * @example
 * ```ts
 * const Demo = suite('demo in Chromium');
 * if (withChromium(Demo)) Demo('opens /', async () => {});
 * Demo.run();
 * ```
 */
export function withChromium(test: Test): boolean {
  if (chromiumPath() !== null) return true;
  const message = `Chromium is missing: ${INSTALL_HINT} (Debian's package; it is driven by playwright-core)`;
  if (process.env.CI === 'true') {
    test('Chromium is installed', () => {
      throw new Error(message);
    });
  } else {
    console.warn(`Skipping the browser tests: ${message}`);
  }
  return false;
}

/** A running headless Chromium: one browser context with its own fresh profile. */
export interface HeadlessBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile directory. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a new profile in the temporary directory.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.context.newPage();
 * await page.goto(server.url);
 * await browser.close();
 * ```
 */
export async function launchChromium(): Promise<HeadlessBrowser> {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(`Chromium is missing: ${INSTALL_HINT}`);
  const userDataDir = await mkdtemp(join(tmpdir(), 'phial-chromium-'));
  let context: BrowserContext;
  try {
    // Playwright refuses --user-data-dir in args: a persistent context is how it takes our profile.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: FLAGS,
      timeout: LAUNCH_TIMEOUT_MS,
      locale: 'ru-RU',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  let closing: Promise<void> | undefined;
  return {
    context,
    close() {
      closing ??= context.close().finally(() => rm(userDataDir, { recursive: true, force: true }));
      return closing;
    },
  };
}
