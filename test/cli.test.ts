import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/runtime/index.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/touchpoint.js');
const FIXTURES = path.resolve('test/fixtures/cli');

/** The real binary (built by `npm test` before vitest), on a fresh SQLite data folder. */
describe('touchpoint CLI', () => {
  let dataDir: string;
  const env = () => ({
    ...process.env,
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'warn',
    TOUCHPOINT_DATABASE_URL: '',
  });
  const cli = async (...args: string[]) => {
    try {
      const r = await run('node', [BIN, ...args], { env: env() });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  const items = async () => {
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const [w] = await rt.store.workspaces.list();
      return w ? await rt.store.feedback.list(w.id, {}, { sort: 'postedAt', limit: 200 }) : [];
    } finally {
      await rt.close();
    }
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('sets up the owner and workspace, and creates an API key printed once', async () => {
    const setup = await cli(
      'setup',
      '--email',
      'cli@example.com',
      '--name',
      'Cli Owner',
      '--password',
      'a long password',
      '--workspace',
      'Cli Shop',
    );
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/workspace "cli-shop"/);
    const key = await cli('key', 'create', '--scopes', 'feedback:read,feedback:write');
    expect(key.code).toBe(0);
    expect(key.stdout.trim()).toMatch(/^tp_[A-Za-z0-9_-]{30,}$/);
    const again = await cli(
      'setup',
      '--email',
      'x@example.com',
      '--name',
      'X',
      '--password',
      'a long password',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already set up/);
  });

  it('imports good rows, reports the three malformed ones by line, exits non-zero, and stays consistent', async () => {
    const first = await cli('import', path.join(FIXTURES, 'three-bad-rows.csv'), '--platform', 'google');
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/created 4, updated 0, unchanged 0, rejected 3/);
    for (const line of [3, 5, 7]) expect(first.stdout).toContain(`three-bad-rows.csv:${line}:`);
    const stored = await items();
    expect(stored.map((i) => i.externalId).sort()).toEqual(['g1', 'g2', 'g3', 'g4']);
    expect(
      stored.every((i) => i.analysisStatus === 'done' && i.language !== null && i.sentiment !== null),
    ).toBe(true);
    expect(stored.find((i) => i.externalId === 'g3')?.text).toBe('Quoted text, with a comma, is fine');

    const second = await cli(
      'import',
      path.join(FIXTURES, 'three-bad-rows.csv'),
      '--platform',
      'google',
      '--json',
    );
    expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 3 });
    expect((await items()).length).toBe(4);
  });

  it('recognises the airline tweets format with no flags: one item per tweet id, airlines as brands', async () => {
    const r = await cli('import', path.join(FIXTURES, 'airline-sample.csv'), '--json', '--batch-size', '2');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'airline-csv',
      rows: 4,
      created: 3,
      unchanged: 1,
      rejected: 0,
      repeated: 1,
    });
    const tweets = (await items()).filter((i) => i.platform === 'twitter');
    expect(tweets.map((t) => t.brand.name).sort()).toEqual(['United', 'Virgin America', 'Virgin America']);
    expect(tweets.find((t) => t.externalId === '570306133677760513')?.postedAt).toBe(
      '2015-02-24T19:35:52.000Z',
    );
    // The import logs its items' profile facts and folds them at the end: every tweet's author has
    // a profile counting its tweets, and nothing is left waiting in the log.
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const db = rt.database.db;
      const waiting = await db
        .selectFrom('customer_profile_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(waiting.n)).toBe(0);
      const counted = await db
        .selectFrom('customer_stats as s')
        .innerJoin('feedback_items as fi', 'fi.customer_id', 's.customer_id')
        .select(['s.customer_id', 's.items'])
        .where('fi.platform', '=', 'twitter')
        .execute();
      expect(counted.length).toBe(3);
      expect(counted.every((c) => Number(c.items) >= 1)).toBe(true);
    } finally {
      await rt.close();
    }
  });

  it('says which file is missing and which format is unknown', async () => {
    expect((await cli('import', path.join(FIXTURES, 'nope.csv'))).stderr).toMatch(/nope\.csv: no such file/);
    const bad = path.join(dataDir, 'notes.txt');
    fs.writeFileSync(bad, 'just some words\nwithout any structure\n');
    const r = await cli('import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unsupported_format|not a format/i);
    for (const size of ['0', '2.5', 'many', '20001']) {
      const b = await cli('import', path.join(FIXTURES, 'airline-sample.csv'), '--batch-size', size);
      expect(b.code).toBe(1);
      expect(b.stderr).toContain(`--batch-size ${size}: a whole number of rows from 1 to 20,000`);
    }
    const c = await cli('import', path.join(FIXTURES, 'airline-sample.csv'), '--cache-mb', '0');
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('--cache-mb 0: a whole number of MB from 1 to 65,536');
  });

  it('creates a labelled demo workspace with its competitors, visible to the owner', async () => {
    const r = await cli('demo');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Demo workspace "demo-[a-z0-9-]+" created with \d{3} items for 3 brands, visible to 1 owner/,
    );
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const demo = (await rt.store.workspaces.list()).find((w) => w.isDemo);
      expect(demo?.name).toMatch(/^Demo/);
      const brands = await rt.store.brands.list(demo?.id ?? '');
      expect(brands.map((b) => b.kind).sort()).toEqual(['competitor', 'competitor', 'own']);
      const counts = await rt.store.feedback.counts(demo?.id ?? '', {});
      expect(counts.total).toBeGreaterThanOrEqual(500);
      expect(counts.bySentiment.unanalysed).toBe(0);
      const owner = await rt.store.users.findByEmail('cli@example.com');
      expect(await rt.store.users.role(demo?.id ?? '', owner?.id ?? '')).toBe('owner');
    } finally {
      await rt.close();
    }
  });

  it("trains the demo workspace's own sentiment model and prints its cross-validated figures", async () => {
    const list = await cli('workspace', 'list');
    const slug =
      list.stdout
        .split('\n')
        .find((l) => l.endsWith('(demo)'))
        ?.split('\t')[0] ?? '';
    const r = await cli('train', '--workspace', slug, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      version: number;
      examples: number;
      metrics: { accuracy: number; folds: number };
    };
    expect(out.version).toBe(1);
    expect(out.examples).toBeGreaterThanOrEqual(200);
    expect(out.metrics.folds).toBe(5);
    expect(out.metrics.accuracy).toBeGreaterThan(0.5);
    const tooFew = await cli('train', '--workspace', 'cli-shop');
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toMatch(/needs at least 200 rated items/);
  });

  type Analysis = {
    language: string;
    sentiment: { label: string };
    touchpoints: { key: string; sentiment: { label: string } }[];
  };

  it("analyses a text with the default journey taxonomy: the README's example finds food and staff", async () => {
    const r = await cli('analyze', 'The food was great but the waiter was rude');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.language).toBe('en');
    const found = Object.fromEntries(a.touchpoints.map((t) => [t.key, t.sentiment.label]));
    expect(found).toMatchObject({ product: 'positive', staff: 'negative' });
  });

  it("analyses with --workspace W's own taxonomy", async () => {
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const w = (await rt.store.workspaces.list()).find((x) => x.slug === 'cli-shop');
      if (!w) throw new Error('no cli-shop workspace');
      const stages = await rt.store.taxonomy.stages(w.id);
      await rt.store.taxonomy.replace(w.id, [
        ...stages.map((s) => ({
          key: s.key,
          name: s.name,
          touchpoints: s.touchpoints.map((t) => ({ key: t.key, name: t.name, examples: t.examples })),
        })),
        {
          key: 'garden',
          name: 'Garden',
          touchpoints: [{ key: 'terrace', name: 'Terrace', examples: ['terrace'] }],
        },
      ]);
    } finally {
      await rt.close();
    }
    const text = 'The terrace was lovely';
    const own = JSON.parse((await cli('analyze', '--workspace', 'cli-shop', text)).stdout) as Analysis;
    expect(own.touchpoints.map((t) => t.key)).toContain('terrace');
    const plain = JSON.parse((await cli('analyze', text)).stdout) as Analysis;
    expect(plain.touchpoints.map((t) => t.key)).not.toContain('terrace');
    const unknown = await cli('analyze', '--workspace', 'nope', text);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No workspace "nope"/);
  });

  it('fails fast with the variable, the value and the fix when the configuration is wrong', async () => {
    try {
      await run('node', [BIN, 'migrate'], { env: { ...env(), PORT: 'eighty' } });
      expect.unreachable('should fail');
    } catch (e) {
      const err = e as { code: number; stderr: string };
      expect(err.code).toBe(2);
      expect(err.stderr).toMatch(/PORT="eighty"/);
    }
  });
});

/** Issue #12: a workspace made without --owner was invisible to everyone. */
describe('touchpoint workspace create without --owner', () => {
  let dataDir: string;
  const cli = async (...args: string[]) => {
    const env = {
      ...process.env,
      TOUCHPOINT_DATA_DIR: dataDir,
      TOUCHPOINT_LOG_LEVEL: 'warn',
      TOUCHPOINT_DATABASE_URL: '',
    };
    try {
      const r = await run('node', [BIN, ...args], { env });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  const members = async (slug: string) => {
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const w = await rt.store.workspaces.findBySlug(slug);
      return (await rt.store.users.members(w?.id ?? '')).map((m) => `${m.user.email}:${m.role}`);
    } finally {
      await rt.close();
    }
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-cli-ws-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("gives it to the instance's only owner; with several owners warns that nobody can see it and how to fix it", async () => {
    const pw = ['--password', 'a long password'];
    expect((await cli('setup', '--email', 'one@example.com', '--name', 'One', ...pw)).code).toBe(0);
    const second = await cli('workspace', 'create', 'Second Shop');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/"second-shop" created .*owned by one@example\.com/);
    expect(second.stderr).toBe('');
    expect(await members('second-shop')).toEqual(['one@example.com:owner']);

    const two = ['--name', 'Two', ...pw, '--workspace', 'second-shop', '--role', 'owner'];
    expect((await cli('user', 'create', '--email', 'two@example.com', ...two)).code).toBe(0);
    const third = await cli('workspace', 'create', 'Third Shop');
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/"third-shop" has no members, so nobody can see it \(2 owners/);
    expect(third.stderr).toMatch(/touchpoint workspace add-member third-shop EMAIL --role owner/);
    expect(await members('third-shop')).toEqual([]);

    const fix = await cli('workspace', 'add-member', 'third-shop', 'two@example.com');
    expect(fix.code).toBe(0);
    expect(await members('third-shop')).toEqual(['two@example.com:owner']);
  });

  it('--own-brand: the named brand is own, the others competitors, no empty workspace brand; repeats explained', async () => {
    expect((await cli('workspace', 'create', 'Air Desk')).code).toBe(0);
    const r = await cli(
      'import',
      path.join(FIXTURES, 'airline-sample.csv'),
      '--workspace',
      'air-desk',
      '--own-brand',
      'United',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created 3, updated 0, unchanged 1, rejected 0/);
    expect(r.stdout).toMatch(/1 row repeats an earlier row of this file \(same id\)/);
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const w = await rt.store.workspaces.findBySlug('air-desk');
      const brands = await rt.store.brands.list(w?.id ?? '');
      expect(brands.map((b) => `${b.name}: ${b.kind}`).sort()).toEqual([
        'United: own',
        'Virgin America: competitor',
      ]);
      expect(await rt.store.corrections.sentimentLabels(w?.id ?? '', 10)).toEqual([]);
    } finally {
      await rt.close();
    }
    // --labels: the file's airline_sentiment becomes the items' corrections.
    const labelled = await cli(
      'import',
      path.join(FIXTURES, 'airline-sample.csv'),
      '--workspace',
      'air-desk',
      '--labels',
    );
    expect(labelled.code).toBe(0);
    expect(labelled.stdout).toMatch(/4 human sentiment labels of the file imported as corrections/);
    const rt2 = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const w = await rt2.store.workspaces.findBySlug('air-desk');
      const labels = await rt2.store.corrections.sentimentLabels(w?.id ?? '', 10);
      expect(labels.map((l) => l.label).sort()).toEqual(['negative', 'neutral', 'positive']);
    } finally {
      await rt2.close();
    }
  });
});
