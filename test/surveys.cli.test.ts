import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { answerSurvey, setSurveyStatus } from '../src/core/surveys/index.js';
import { openRuntime } from '../src/runtime/index.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/touchpoint.js');

/** `touchpoint surveys …` with the real binary (built by `npm run build`) on a fresh SQLite folder. */
describe('touchpoint surveys CLI', () => {
  let dataDir: string;
  const cli = async (...args: string[]) => {
    try {
      const r = await run('node', [BIN, ...args], {
        env: {
          ...process.env,
          TOUCHPOINT_DATA_DIR: dataDir,
          TOUCHPOINT_LOG_LEVEL: 'warn',
          TOUCHPOINT_DATABASE_URL: '',
        },
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-surveys-cli-'));
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
    expect(setup.code, setup.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates from a file, lists, shows and gives results; bad files name the field', async () => {
    const file = path.join(dataDir, 'survey.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'After delivery',
        touchpointKey: 'delivery',
        definition: {
          question: { kind: 'nps', wording: { en: 'How likely are you to recommend us?' } },
          followUp: { enabled: true, wording: { detractor: { en: 'What should we improve?' } } },
        },
      }),
    );
    const created = await cli('surveys', 'create', '--file', file, '--json');
    expect(created.code, created.stderr).toBe(0);
    const survey = JSON.parse(created.stdout) as { id: string; publicId: string; status: string };
    expect(survey.status).toBe('draft');

    const bad = path.join(dataDir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({ name: 'Bad', definition: { question: { kind: 'likert', wording: { en: '?' } } } }),
    );
    const refused = await cli('surveys', 'create', '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('definition.question.kind');

    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const [w] = await rt.store.workspaces.list();
      const ctx = {
        workspaceId: w?.id ?? '',
        actor: { type: 'system', id: null } as const,
        now: new Date().toISOString(),
      };
      await setSurveyStatus(rt.store, ctx, survey.id, 'active');
      for (const [score, key] of [
        [2, 'a'],
        [10, 'b'],
        [9, 'c'],
      ] as const) {
        await answerSurvey(
          { ...rt.ingestDeps, clock: rt.clock },
          { publicId: survey.publicId, score, browserKey: `cli-browser-${key}` },
        );
      }
    } finally {
      await rt.close();
    }

    const list = await cli('surveys', 'list');
    expect(list.stdout).toContain('After delivery');
    expect(list.stdout).toMatch(/active\s+nps\s+3 answers/);
    const show = await cli('surveys', 'show', '--id', survey.id);
    expect(show.stdout).toContain('How likely are you to recommend us?');
    const results = await cli('surveys', 'results', '--id', survey.id, '--json');
    expect(results.code, results.stderr).toBe(0);
    const r = JSON.parse(results.stdout) as { responses: number; score: { value: number; enough: boolean } };
    expect(r.responses).toBe(3);
    expect(r.score.value).toBeCloseTo(100 / 3);
    expect(r.score.enough).toBe(false);
    const text = await cli('surveys', 'results', '--id', survey.id);
    expect(text.stdout).toContain('NPS: 33');
    expect(text.stdout).toContain('not enough data');
    const missing = await cli('surveys', 'show', '--id', 'nope');
    expect(missing.code).not.toBe(0);
    // Seven CLI processes, each starting Node and opening the database: 30 s was not enough on a
    // loaded 2-core machine (a CI run beside an import took 30.1 s).
  }, 120_000);
});
