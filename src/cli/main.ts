import { Command, Option } from 'commander';
import { describeEnv } from '../config/index.js';
import { addMember, createApiKey, createUser, createWorkspace, setupOwner } from '../core/auth/index.js';
import { ROLES, SCOPES, type Role, type Scope } from '../core/types.js';
import { migrateToLatest, openDatabase } from '../store/index.js';
import { startServer, type Role as ServerRole } from '../server/index.js';
import { CliError, config, reportError, resolveWorkspace, withRuntime } from './context.js';
import { analyzeCommand } from './analyze.js';
import { demoCommand } from './demo.js';
import { registerBacktest } from './backtest.js';
import { registerEval } from './eval.js';
import { importCommand } from './import.js';
import { CLI_IMPORT_BATCH } from '../core/feedback/import.js';
import { registerTrain } from './train.js';
import { registerRollups } from './rollups.js';
import { registerCustomers } from './customers.js';
import { registerSurveys } from './surveys.js';
import { registerReviewRequests } from './review-requests.js';

const SYSTEM = { type: 'system', id: null } as const;
const print = (s: string) => process.stdout.write(`${s}\n`);

/** Reads all of stdin (for passwords and `analyze` text given on a pipe). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function passwordFrom(opt: string | undefined): Promise<string> {
  if (opt !== undefined) return opt;
  const piped = (await readStdin()).replace(/\r?\n$/, '');
  if (piped === '') throw new CliError('give --password, or pipe the password on stdin');
  return piped;
}

const program = new Command()
  .name('touchpoint')
  .description('Touchpoint: open-source customer experience management.')
  .addHelpText(
    'after',
    `\nEnvironment:\n${describeEnv()
      .map((e) => `  ${e.name.padEnd(26)} ${e.description}`)
      .join('\n')}`,
  )
  .showHelpAfterError();

program
  .command('serve')
  .description('Serve the API and web app and/or run background jobs (applies migrations first)')
  .option('--roles <roles>', 'comma-separated roles: web, worker', 'web,worker')
  .action(async (opts: { roles: string }) => {
    const roles = opts.roles.split(',').map((r) => r.trim()) as ServerRole[];
    const bad = roles.filter((r) => r !== 'web' && r !== 'worker');
    if (bad.length > 0 || roles.length === 0)
      throw new CliError(`--roles: unknown role(s) ${bad.join(', ')}; use web, worker`);
    const server = await startServer({ config: config(), roles });
    if (server.url)
      print(
        `Touchpoint is running at ${server.url} (database: ${server.runtime.database.dialect}, ${server.runtime.database.location})`,
      );
    const stop = () => {
      server.runtime.logger.info('shutting down');
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const db = openDatabase(config().database);
    try {
      const applied = await migrateToLatest(db);
      print(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    } finally {
      await db.destroy();
    }
  });

program
  .command('setup')
  .description('First start without the browser: create the owner account and the first workspace')
  .requiredOption('--email <email>', 'owner email')
  .requiredOption('--name <name>', 'owner name')
  .option('--password <password>', 'owner password (or pipe it on stdin)')
  .option('--workspace <name>', 'first workspace name', 'My business')
  .action(async (opts: { email: string; name: string; password?: string; workspace: string }) => {
    const password = await passwordFrom(opts.password);
    await withRuntime(async (rt) => {
      const { user, workspace } = await setupOwner(rt.store, {
        email: opts.email,
        name: opts.name,
        password,
        workspaceName: opts.workspace,
      });
      print(`Owner ${user.email} created with workspace "${workspace.slug}" (${workspace.id}).`);
    });
  });

const workspace = program.command('workspace').description('Manage workspaces');
workspace
  .command('create <name>')
  .description('Create a workspace (with its own brand and the default journey taxonomy)')
  .option('--owner <email>', 'make this user its owner (default: the only owner there is)')
  .action(async (name: string, opts: { owner?: string }) => {
    await withRuntime(async (rt) => {
      // Without --owner the instance's only owner gets it (issue #12: nobody could see it).
      let ownerId: string | undefined;
      let owners: string[] = [];
      if (opts.owner !== undefined) {
        const u = await rt.store.users.findByEmail(opts.owner);
        if (!u) throw new CliError(`No user ${opts.owner}`);
        ownerId = u.id;
      } else {
        owners = await rt.store.users.ownerIds();
        if (owners.length === 1) ownerId = owners[0];
      }
      const w = await createWorkspace(rt.store, { name, ...(ownerId ? { ownerId } : {}) }, SYSTEM);
      const owner = ownerId === undefined ? undefined : await rt.store.users.get(ownerId);
      print(`Workspace "${w.slug}" created (${w.id})${owner ? `, owned by ${owner.email}` : ''}.`);
      // With no owner yet, setup adopts it; with several, which one is not ours to guess.
      if (owners.length > 1)
        process.stderr.write(
          `Warning: workspace "${w.slug}" has no members, so nobody can see it (${owners.length} owners, ` +
            `none chosen). Give it one: touchpoint workspace add-member ${w.slug} EMAIL --role owner\n`,
        );
    });
  });
workspace
  .command('add-member <workspace> <email>')
  .description('Make an existing user a member of a workspace (id or slug)')
  .addOption(new Option('--role <role>', 'role in that workspace').choices([...ROLES]).default('owner'))
  .action(async (name: string, email: string, opts: { role: Role }) => {
    await withRuntime(async (rt) => {
      const w = await resolveWorkspace(rt.store, name);
      const u = await rt.store.users.findByEmail(email);
      if (!u) throw new CliError(`No user ${email}`);
      await addMember(rt.store, w.id, u.id, opts.role, SYSTEM);
      print(`${u.email} is now ${opts.role} of "${w.slug}".`);
    });
  });
workspace
  .command('list')
  .description('List workspaces')
  .action(async () => {
    await withRuntime(async (rt) => {
      for (const w of await rt.store.workspaces.list())
        print(`${w.slug}\t${w.id}\t${w.name}${w.isDemo ? '\t(demo)' : ''}`);
    });
  });

program
  .command('user')
  .description('Manage users')
  .command('create')
  .description('Create a user, optionally a member of a workspace')
  .requiredOption('--email <email>', 'email')
  .requiredOption('--name <name>', 'display name')
  .option('--password <password>', 'password, at least 10 characters (or pipe it on stdin)')
  .option('--workspace <workspace>', 'workspace id or slug to join')
  .addOption(new Option('--role <role>', 'role in that workspace').choices([...ROLES]).default('agent'))
  .action(
    async (opts: { email: string; name: string; password?: string; workspace?: string; role: Role }) => {
      const password = await passwordFrom(opts.password);
      await withRuntime(async (rt) => {
        const user = await createUser(rt.store, { email: opts.email, name: opts.name, password }, SYSTEM);
        let where = '';
        if (opts.workspace !== undefined) {
          const w = await resolveWorkspace(rt.store, opts.workspace);
          await addMember(rt.store, w.id, user.id, opts.role, SYSTEM);
          where = ` as ${opts.role} of "${w.slug}"`;
        }
        print(`User ${user.email} created${where}.`);
      });
    },
  );

program
  .command('key')
  .description('Manage API keys')
  .command('create')
  .description('Create an API key for a workspace; the key is printed once')
  .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
  .option('--name <name>', 'a name to recognise the key by', 'cli')
  .requiredOption('--scopes <scopes>', `comma-separated: ${SCOPES.join(', ')}`)
  .action(async (opts: { workspace?: string; name: string; scopes: string }) => {
    await withRuntime(async (rt) => {
      const w = await resolveWorkspace(rt.store, opts.workspace);
      const scopes = opts.scopes.split(',').map((s) => s.trim()) as Scope[];
      const { key, apiKey } = await createApiKey(rt.store, w.id, { name: opts.name, scopes }, SYSTEM);
      process.stderr.write(
        `API key "${apiKey.name}" for "${w.slug}" with ${apiKey.scopes.join(', ')}. It is shown only now:\n`,
      );
      print(key);
    });
  });

program
  .command('import <file>')
  .description(
    'Import feedback from a file: Twitter airline CSV, SemEval-2014 XML, Yelp review.json, Amazon JSON lines, generic CSV / JSON / JSON lines',
  )
  .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
  .option('--brand <brand>', 'brand of every item')
  .option(
    '--own-brand <brand>',
    'which brand is yours: other brands the file names are created as competitors',
  )
  .option(
    '--labels',
    "import the file's human sentiment labels (the airline file's airline_sentiment) as corrections the model learns from",
  )
  .option('--platform <platform>', 'platform of every item (google, yelp, twitter, …)')
  .option(
    '--format <format>',
    'skip detection: airline-csv, semeval-xml, yelp-jsonl, amazon-jsonl, csv, jsonl, json',
  )
  .option(
    '--map <mapping>',
    'columns for fields, e.g. text=body,rating=stars,postedAt=created,author=user,externalId=id',
  )
  .option(
    '--encoding <encoding>',
    "the file's character encoding: utf-8, latin1, windows-1252, utf-16le, shift_jis, … (default: detected)",
  )
  .option(
    '--batch-size <rows>',
    `rows per transaction (default ${CLI_IMPORT_BATCH.toLocaleString('en')}; smaller makes a server writing to the same SQLite database wait less for each commit)`,
  )
  .option(
    '--cache-mb <MB>',
    "SQLite's page cache for the import (default TOUCHPOINT_SQLITE_CACHE_MB, else a sixth of the memory, at most 4,096)",
  )
  .option('--json', 'print the summary as JSON')
  .action(async (file: string, opts) => {
    process.exitCode = await importCommand(file, opts as Parameters<typeof importCommand>[1]);
  });

program
  .command('analyze [text...]')
  .description('Analyse a text (or stdin) and print the analysis as JSON')
  .option('--rating <stars>', 'star rating 1–5 of the text', Number)
  .option(
    '--workspace <slug>',
    "use this workspace's journey taxonomy and sentiment model (default: the default taxonomy)",
  )
  .action(async (words: string[], opts: { rating?: number; workspace?: string }) => {
    const text = words.length > 0 ? words.join(' ') : await readStdin();
    if (text.trim() === '') throw new CliError('give a text, or pipe one on stdin');
    print(JSON.stringify(await analyzeCommand(text, opts), null, 2));
  });

program
  .command('demo')
  .description(
    'Create a clearly labelled demo workspace with a fictional business, two competitors and months of items',
  )
  .option('--owner <email>', 'make this user its owner (default: every owner of another workspace)')
  .action(async (opts: { owner?: string }) => {
    await demoCommand(opts);
  });

registerEval(program);
registerTrain(program);
registerBacktest(program);
registerRollups(program);
registerCustomers(program);
registerSurveys(program);
registerReviewRequests(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e);
}
