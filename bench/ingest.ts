/** Ingest throughput over real HTTP (stored + analysed + indexed) and single-item latency. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/index.js';
import type { FeedbackInput } from '../src/core/feedback/schema.js';
import { startServer } from '../src/server/index.js';

export interface IngestFigures {
  database: string;
  batchItemsPerSecond: number;
  singleP50Ms: number;
  singleP99Ms: number;
}

async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench',
      email: 'bench@example.com',
      password: 'bench password',
      workspaceName: 'Bench',
    }),
  });
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  const k = await fetch(`${url}/api/v1/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench', scopes: ['feedback:write'] }),
  });
  return ((await k.json()) as { key: string }).key;
}

/**
 * Posts `items` in batches of 1,000, then 300 single items one after another, to a fresh Touchpoint
 * on SQLite (or PostgreSQL when `postgresUrl` is given; its database must be empty).
 */
export async function benchIngest(items: FeedbackInput[], postgresUrl?: string): Promise<IngestFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-bench-'));
  const server = await startServer({
    config: loadConfig({
      PORT: '0',
      TOUCHPOINT_DATA_DIR: dataDir,
      TOUCHPOINT_LOG_LEVEL: 'silent',
      ...(postgresUrl ? { TOUCHPOINT_DATABASE_URL: postgresUrl } : {}),
    }),
    roles: ['web'],
  });
  try {
    const key = await login(server.url);
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      }).then(async (r) => {
        if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
        return r.json();
      });
    const started = performance.now();
    for (let i = 0; i < items.length; i += 1000) await post({ items: items.slice(i, i + 1000) });
    const batchItemsPerSecond = Math.round(items.length / ((performance.now() - started) / 1000));
    const latencies: number[] = [];
    for (let i = 0; i < 300; i++) {
      const item = items[i % items.length] as FeedbackInput;
      const t = performance.now();
      await post({ ...item, externalId: `single-${i}` });
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) /
      10;
    return {
      database: server.runtime.database.dialect,
      batchItemsPerSecond,
      singleP50Ms: pct(0.5),
      singleP99Ms: pct(0.99),
    };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
