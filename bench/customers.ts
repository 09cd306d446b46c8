/**
 * The customers benchmark at scale (issue #14): builds a workspace with the files of
 * bench/customers-data.ts through the REAL command-line imports (`touchpoint import` for items,
 * `touchpoint customers import` for the CRM file), each in its own process, and prints the rate
 * over time, the import's summary, the child's peak memory (RSS) and the machine's load. Figures
 * only, never assertions; the query figures come from bench/customers-queries.ts.
 *
 *   node --import tsx bench/customers.ts setup --db sqlite|pg [--name 500k]
 *   node --import tsx bench/customers.ts items --db sqlite|pg [--name 500k] FILE
 *   node --import tsx bench/customers.ts crm --db sqlite|pg [--name 500k] [--region DE] FILE
 *
 * `setup` makes a fresh target: SQLite in `/tmp/tp/customers/sqlite-<name>/`, PostgreSQL in database
 * `tp_customers_<name>`, with owner `scale@example.com` / `scale password` (`touchpoint setup`); the
 * target's credentials go to `/tmp/tp/customers/<db>-<name>.credentials.json`. Prefix the commands
 * with `nice -n 10` on a shared machine: the figures say so with the load average beside them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import { loadConfig, type Config } from '../src/config/index.js';

export interface Target {
  db: 'sqlite' | 'pg';
  name: string;
  env: Record<string, string>;
  config: Config;
  credentials: string;
  label: string;
}

const DIR = '/tmp/tp/customers';
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The target's environment and configuration (nothing is created). */
export function target(db: 'sqlite' | 'pg', name: string): Target {
  const dataDir = path.join(DIR, `${db}-${name}`);
  const env: Record<string, string> = {
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'warn',
    PORT: '0',
    TOUCHPOINT_RATE_LIMIT_PER_IP: '0',
    TOUCHPOINT_RATE_LIMIT_PER_API_KEY: '0',
  };
  if (db === 'pg') {
    const url = new URL(PG_ADMIN);
    url.pathname = `/tp_customers_${name}`;
    env.TOUCHPOINT_DATABASE_URL = url.toString();
  }
  return {
    db,
    name,
    env,
    config: loadConfig(env),
    credentials: path.join(DIR, `${db}-${name}.credentials.json`),
    label: db === 'pg' ? `PostgreSQL tp_customers_${name}` : `SQLite ${dataDir}`,
  };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/**
 * Runs the CLI (`src/cli/main.ts` through tsx) in a child process under `/usr/bin/time`; prints its
 * output, and every `every` ms the progress `poll` reports. Returns wall seconds and peak RSS (MB).
 */
async function cli(
  t: Target,
  args: string[],
  poll?: () => Promise<string>,
  every = 30_000,
): Promise<{ seconds: number; rssMb: number; stdout: string }> {
  const started = performance.now();
  const timeFile = path.join(os.tmpdir(), `tp-time-${process.pid}-${Date.now()}`);
  const child = spawn(
    '/usr/bin/time',
    ['-f', '%M', '-o', timeFile, process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args],
    { env: { ...process.env, ...t.env }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  child.stdin.end();
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    process.stdout.write(c);
  });
  const timer = poll
    ? setInterval(() => {
        void poll().then(
          (line) =>
            console.log(
              `  [${((performance.now() - started) / 1000).toFixed(0)} s] ${line} (load ${load()})`,
            ),
          () => undefined,
        );
      }, every)
    : undefined;
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (timer) clearInterval(timer);
  const rssKb = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1));
  fs.rmSync(timeFile, { force: true });
  if (code !== 0) throw new Error(`touchpoint ${args.join(' ')} exited ${code}`);
  return { seconds: (performance.now() - started) / 1000, rssMb: Math.round(rssKb / 1024), stdout };
}

/**
 * Progress of the newest import of the target, read from its `imports` row over a connection of its
 * own (SQLite read-only: opening the store's way would take the write lock the import holds).
 */
function importPoller(t: Target) {
  const query = 'select rows, created, rejected from imports order by created_at desc limit 1';
  let read: () => Promise<{ rows: number; created: number; rejected: number } | undefined>;
  let close: () => Promise<void>;
  if (t.config.database.dialect === 'sqlite') {
    const file = new SqliteDatabase(t.config.database.file, { readonly: true, fileMustExist: true });
    const stmt = file.prepare(query);
    read = () =>
      Promise.resolve(stmt.get() as { rows: number; created: number; rejected: number } | undefined);
    close = () => Promise.resolve(void file.close());
  } else {
    const client = new pg.Client({ connectionString: t.config.database.url });
    const connected = client.connect();
    read = async () => {
      await connected;
      return (await client.query<{ rows: number; created: number; rejected: number }>(query)).rows[0];
    };
    close = () => client.end();
  }
  let last = { rows: 0, at: performance.now() };
  return {
    async poll(): Promise<string> {
      const row = await read();
      if (!row) return 'no import yet';
      const now = performance.now();
      const rate = Math.round(((Number(row.rows) - last.rows) * 1000) / (now - last.at));
      last = { rows: Number(row.rows), at: now };
      return `${row.rows} rows, ${row.created} created, ${row.rejected} rejected; ${rate} rows/s since the last report`;
    },
    close,
  };
}

async function setup(t: Target): Promise<void> {
  if (t.db === 'sqlite') fs.rmSync(t.config.dataDir, { recursive: true, force: true });
  else {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS tp_customers_${t.name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE tp_customers_${t.name}`);
    await admin.end();
  }
  fs.mkdirSync(t.config.dataDir, { recursive: true });
  const { stdout } = await cli(t, [
    'setup',
    '--email',
    'scale@example.com',
    '--name',
    'Scale',
    '--password',
    'scale password',
    '--workspace',
    'Customers',
  ]);
  const workspaceId = /\(([0-9a-f-]{36})\)/.exec(stdout)?.[1];
  fs.writeFileSync(
    t.credentials,
    `${JSON.stringify({ email: 'scale@example.com', password: 'scale password', workspaceId, env: t.env }, null, 2)}\n`,
  );
}

async function runImport(t: Target, args: string[], what: string): Promise<void> {
  console.log(`\n## ${what} into ${t.label}; node ${process.version}; load at start ${load()}`);
  const poller = importPoller(t);
  try {
    const r = await cli(t, args, () => poller.poll());
    console.log(
      `  ${what}: ${(r.seconds / 60).toFixed(1)} min wall, peak RSS of the import process ${r.rssMb} MB, load at the end ${load()}`,
    );
  } finally {
    await poller.close();
  }
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('bench/customers.ts') || invoked.endsWith('bench/customers.js')) {
  const argv = process.argv.slice(2);
  const value = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const db = value('--db') ?? 'sqlite';
  if (db !== 'sqlite' && db !== 'pg') throw new Error('--db: sqlite or pg');
  const t = target(db, value('--name') ?? '500k');
  const file = argv.at(-1) ?? '';
  const command = argv[0];
  if (command === 'setup') await setup(t);
  else if (command === 'items')
    await runImport(
      t,
      ['import', file, '--own-brand', 'Aurora Air', '--json'],
      `items ${path.basename(file)}`,
    );
  else if (command === 'crm')
    await runImport(
      t,
      [
        'customers',
        'import',
        file,
        '--json',
        ...(value('--region') ? ['--region', value('--region') ?? ''] : []),
      ],
      `CRM customers ${path.basename(file)}`,
    );
  else throw new Error('usage: bench/customers.ts setup|items|crm --db sqlite|pg [--name N] [FILE]');
}
