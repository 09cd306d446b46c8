import { ConfigError, loadConfig, type Config } from '../config/index.js';
import { AppError } from '../core/errors.js';
import type { Store } from '../core/ports.js';
import type { Workspace } from '../core/types.js';
import { createWorkspace } from '../core/auth/index.js';
import { openRuntime, type Runtime } from '../runtime/index.js';
import pino from 'pino';

/** A CLI failure: printed as one line on stderr, exit code 1 (or `exitCode`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function config(): Config {
  return loadConfig();
}

/**
 * Opens the runtime with logs on stderr at warn level (the CLI's own output is on stdout); `adjust`
 * changes the configuration for this command (the import's SQLite cache).
 */
export async function withRuntime<T>(
  fn: (rt: Runtime) => Promise<T>,
  adjust: (cfg: Config) => Config = (cfg) => cfg,
): Promise<T> {
  const cfg = adjust(config());
  const logger = pino({ level: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel }, pino.destination(2));
  const rt = await openRuntime(cfg, { logger });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/**
 * The workspace a command acts in: the one named (id or slug); else the only one there is. With none
 * at all and `createIfNone`, makes a "Default" workspace (setup later makes the owner its owner).
 */
export async function resolveWorkspace(
  store: Store,
  name: string | undefined,
  options: { createIfNone?: boolean; say?: (s: string) => void } = {},
): Promise<Workspace> {
  const all = await store.workspaces.list();
  if (name !== undefined) {
    const w = all.find((x) => x.id === name || x.slug === name);
    if (!w)
      throw new CliError(
        `No workspace "${name}". Workspaces: ${all.map((x) => x.slug).join(', ') || '(none)'}`,
      );
    return w;
  }
  const real = all.filter((w) => !w.isDemo);
  if (real.length === 1 && real[0]) return real[0];
  if (real.length === 0 && options.createIfNone) {
    const w = await createWorkspace(store, { name: 'Default' }, { type: 'system', id: null });
    options.say?.(`Created workspace "${w.slug}" (there was none). The setup page will make you its owner.`);
    return w;
  }
  throw new CliError(
    real.length === 0
      ? 'No workspace yet: run `touchpoint setup` or `touchpoint workspace create NAME` first.'
      : `Several workspaces; say which with --workspace (${all.map((w) => w.slug).join(', ')}).`,
  );
}

/** Turns known errors into a message and exit code; rethrows nothing. */
export function reportError(e: unknown): number {
  if (e instanceof CliError) {
    process.stderr.write(`touchpoint: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`touchpoint: ${e.message}\n`);
    return 2;
  }
  if (e instanceof AppError) {
    process.stderr.write(`touchpoint: ${e.message} (${e.code})\n`);
    return 1;
  }
  process.stderr.write(
    `touchpoint: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  return 1;
}
