import { describe, expect, it } from 'vitest';
import { ConfigError, describeEnv, loadConfig } from './index.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('defaults to the embedded database, no reply channel but manual, no LLM', () => {
    const config = loadConfig({});
    expect(config.database.dialect).toBe('sqlite');
    expect(config.channels.email).toBeUndefined();
    expect(config.channels.webhook).toBeUndefined();
    expect(config.llm).toBeUndefined();
  });

  it('reads the reply channels and the LLM from the environment', () => {
    const config = loadConfig({
      TOUCHPOINT_SMTP_URL: 'smtp://bot:pw@127.0.0.1:2525',
      TOUCHPOINT_SMTP_FROM: 'Acme Care <care@acme.example>',
      TOUCHPOINT_REPLY_WEBHOOK_URL: 'http://127.0.0.1:9000/replies',
      TOUCHPOINT_REPLY_WEBHOOK_SECRET: 'a-long-enough-secret',
      TOUCHPOINT_LLM_URL: 'http://127.0.0.1:8000/v1',
      TOUCHPOINT_LLM_MODEL: 'local-model',
    });
    expect(config.channels.email?.from).toBe('Acme Care <care@acme.example>');
    expect(config.channels.webhook?.url).toBe('http://127.0.0.1:9000/replies');
    expect(config.llm).toEqual({ url: 'http://127.0.0.1:8000/v1', model: 'local-model', apiKey: undefined });
  });

  it('lists every problem with the variable to fix, and never repeats a secret', () => {
    const found = problems({
      PORT: 'eighty',
      TOUCHPOINT_SMTP_URL: 'smtp://bot:hunter2@127.0.0.1:2525',
      TOUCHPOINT_LLM_URL: 'http://127.0.0.1:8000/v1',
      TOUCHPOINT_LLM_API_KEY: '',
    });
    expect(found.some((p) => p.startsWith('PORT="eighty"'))).toBe(true);
    expect(found.some((p) => p.startsWith('TOUCHPOINT_SMTP_FROM:'))).toBe(true);
    expect(found.some((p) => p.startsWith('TOUCHPOINT_LLM_MODEL:'))).toBe(true);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it("reads SQLite's page cache and refuses one that is not a whole number of MB", () => {
    expect(loadConfig({}).database).toMatchObject({ dialect: 'sqlite', cacheMb: undefined });
    expect(loadConfig({ TOUCHPOINT_SQLITE_CACHE_MB: '256' }).database).toMatchObject({ cacheMb: 256 });
    expect(
      loadConfig({ TOUCHPOINT_DATABASE_URL: 'sqlite::memory:', TOUCHPOINT_SQLITE_CACHE_MB: '64' }).database,
    ).toEqual({ dialect: 'sqlite', file: ':memory:', cacheMb: 64 });
    for (const bad of ['0', '1.5', 'lots']) {
      expect(problems({ TOUCHPOINT_SQLITE_CACHE_MB: bad })[0]).toMatch(
        new RegExp(`^TOUCHPOINT_SQLITE_CACHE_MB="${bad.replace('.', '\\.')}": `),
      );
    }
  });

  it('documents the channel variables with the others', () => {
    const names = describeEnv().map((v) => v.name);
    expect(names).toContain('TOUCHPOINT_SMTP_URL');
    expect(names).toContain('TOUCHPOINT_LLM_URL');
  });
});
