import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { createJobQueue, PgBossJobQueue, SqliteJobQueue } from './index.js';

const logger = pino({ level: 'silent' });

describe('createJobQueue', () => {
  it('uses the jobs table on SQLite', async () => {
    const database = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    const queue = createJobQueue(database, { logger });
    expect(queue).toBeInstanceOf(SqliteJobQueue);
    await queue.stop();
    await database.destroy();
  });

  it('uses pg-boss on PostgreSQL, and needs its connection string', async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = openDatabase({ dialect: 'postgres', url }); // the pool connects lazily
    expect(() => createJobQueue(database, { logger })).toThrow(/connection string for pg-boss/);
    const queue = createJobQueue(database, { connectionString: url, logger });
    expect(queue).toBeInstanceOf(PgBossJobQueue);
    await queue.stop();
    await database.destroy();
  });
});
