/**
 * Alert latency in the live system (issue #5): items are ingested through the runtime (SQLite,
 * in-process, worker role: the `notifications.send` job runs on the real queue) at about 1,000
 * items/s with storms injected; for each storm, the time from the ingest call that carried the item
 * tipping the spike to the signed webhook notification arriving at a local HTTP receiver.
 *
 * Data time runs faster than the wall clock (one item per 5 s of data, 1,000 items per wall second),
 * so a day of traffic passes in minutes; what is measured is wall time in this process.
 *
 *   node --import tsx bench/alerts.ts [--storms 8]
 *   node --import tsx bench/alerts.ts --postgres postgres://127.0.0.1/emptydb --processes 2
 *
 * With `--processes 2` a second server (web role) on the same PostgreSQL database ingests the live
 * traffic while the first (worker) runs the workspace's detector: the items reach it through the
 * detector inbox, taken every second.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { verifySignature } from '../src/channels/index.js';
import { createWorkspace } from '../src/core/auth/accounts.js';
import { ingestFeedback, newIngestCache } from '../src/core/feedback/ingest.js';
import { ALERT_KINDS } from '../src/warn/index.js';
import { loadConfig } from '../src/config/index.js';
import { startServer } from '../src/server/index.js';

const SECRET = 'bench-alert-secret-0123456789';
const DATA_STEP_MS = 5_000; // one item per 5 s of data time
const RATE = 1_000; // items per wall second
const BATCH = 50;
const HISTORY_HOURS = 48;
const STORM_EVERY_HOURS = 8;
const STORM_MINUTES = 30;
const STORM_ITEMS = 60;

const POSITIVE = [
  'Great coffee and friendly staff, lovely morning.',
  'The checkout was quick and the price fair.',
  'Friendly support, solved my problem in minutes.',
  'Nice store, helpful staff, will come back.',
];
const NEGATIVE = [
  'The delivery was a bit late.',
  'Support kept me waiting, annoying.',
  'Price went up again, disappointing.',
  'The website was slow today, frustrating.',
  'Staff seemed rude at the counter.',
];
const STORM = 'Courier lost my parcel again, delivery days late. Terrible.';

function argString(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Arrival {
  at: number;
  alertId: string;
  openedAt: string;
  signed: boolean;
}

async function main() {
  const storms = argNumber('--storms', 8);
  const arrivals: Arrival[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as { alert: { id: string; openedAt: string } };
      arrivals.push({
        at,
        alertId: parsed.alert.id,
        openedAt: parsed.alert.openedAt,
        signed: verifySignature(
          SECRET,
          req.headers['x-touchpoint-timestamp'] as string,
          body,
          req.headers['x-touchpoint-signature'] as string,
          300,
        ),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-bench-alerts-'));
  const postgres = argString('--postgres');
  const processes = argNumber('--processes', 1);
  if (processes > 1 && !postgres) throw new Error('--processes 2 needs --postgres (SQLite is one process)');
  const config = loadConfig({
    PORT: '0',
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'silent',
    // The receiver is on loopback, which outbound requests reach only when the operator allows it.
    TOUCHPOINT_OUTBOUND_ALLOW: '127.0.0.1',
    ...(postgres ? { TOUCHPOINT_DATABASE_URL: postgres } : {}),
  });
  const server = await startServer({ config, roles: ['worker'] });
  const { runtime } = server;
  // The process that ingests the live traffic: the same one, or a second one that does not run the detector.
  const second = processes > 1 ? await startServer({ config, roles: ['web'] }) : undefined;
  const ingestRuntime = second?.runtime ?? runtime;
  const ws = await createWorkspace(runtime.store, { name: 'Bench Air' }, { type: 'system', id: null });
  await runtime.store.alerts.putSettings(
    ws.id,
    {
      riskThreshold: 0.7,
      targets: [{ channel: 'webhook', target: url, secret: SECRET, minSeverity: 1, kinds: [...ALERT_KINDS] }],
    },
    new Date().toISOString(),
  );
  const cache = newIngestCache();
  const actor = { type: 'system', id: null } as const;
  let seq = 0;
  const item = (t: number, text: string) => ({
    externalId: `b-${++seq}`,
    platform: 'twitter',
    text,
    postedAt: new Date(t).toISOString(),
  });
  // One in ten is negative, over five touchpoints: a negative on delivery every ~4 minutes of data.
  const background = (t: number) => {
    const n = seq + 1;
    const text = n % 10 === 0 ? NEGATIVE[(n / 10) % NEGATIVE.length] : POSITIVE[n % POSITIVE.length];
    return item(t, text as string);
  };

  // History: 48 hours of quiet traffic, ingested at full speed (no storms, so no alerts).
  const liveHours = storms * STORM_EVERY_HOURS + 2;
  const liveItems = Math.round((liveHours * 3_600_000) / DATA_STEP_MS);
  // History ends now; live data time runs ahead of the wall clock (alerts on data older than 6 h notify nobody).
  const start = Date.now() - HISTORY_HOURS * 3_600_000;
  let t = start;
  const history = [];
  for (; t < start + HISTORY_HOURS * 3_600_000; t += DATA_STEP_MS) history.push(background(t));
  const h0 = performance.now();
  for (let i = 0; i < history.length; i += 1000) {
    await ingestFeedback(
      runtime.ingestDeps,
      { workspaceId: ws.id, actor, cache },
      history.slice(i, i + 1000),
    );
  }
  await runtime.alerts.idle();
  const historySeconds = (performance.now() - h0) / 1000;

  // Live: background at 1,000 items/s with a storm (60 extra negatives on delivery over 30 min of
  // data) every 8 hours of data time, starting 4 hours in.
  const live: { postedAt: number; input: ReturnType<typeof item> }[] = [];
  const liveStart = t;
  for (; t < liveStart + liveItems * DATA_STEP_MS; t += DATA_STEP_MS)
    live.push({ postedAt: t, input: background(t) });
  for (let s = 0; s < storms; s++) {
    const from = liveStart + (4 + s * STORM_EVERY_HOURS) * 3_600_000;
    for (let i = 0; i < STORM_ITEMS; i++) {
      const at = from + Math.floor((i * STORM_MINUTES * 60_000) / STORM_ITEMS) + 1;
      live.push({ postedAt: at, input: item(at, STORM) });
    }
  }
  live.sort((a, b) => a.postedAt - b.postedAt);
  const calls: { at: number; from: number; to: number }[] = [];
  const liveCache = second ? newIngestCache() : cache;
  const l0 = performance.now();
  for (let i = 0; i < live.length; i += BATCH) {
    const due = l0 + (i / RATE) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const batch = live.slice(i, i + BATCH);
    calls.push({
      at: performance.now(),
      from: batch[0]?.postedAt ?? 0,
      to: batch[batch.length - 1]?.postedAt ?? 0,
    });
    await ingestFeedback(
      ingestRuntime.ingestDeps,
      { workspaceId: ws.id, actor, cache: liveCache },
      batch.map((b) => b.input),
    );
  }
  const liveSeconds = (performance.now() - l0) / 1000;
  await ingestRuntime.alerts.idle();
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // the owner's next poll
  await runtime.alerts.idle();
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the last deliveries

  // The tipping item of an alert is the first item at or after the step that opened it (data time).
  const firstByAlert = new Map<string, Arrival>();
  for (const a of arrivals) if (!firstByAlert.has(a.alertId)) firstByAlert.set(a.alertId, a);
  const latencies: number[] = [];
  for (const a of firstByAlert.values()) {
    const opened = Date.parse(a.openedAt);
    const call = calls.find((c) => c.to >= opened);
    if (call) latencies.push((a.at - call.at) / 1000);
  }
  latencies.sort((a, b) => a - b);
  const alerts = await runtime.store.alerts.list(ws.id, { status: 'all' }, undefined, 1000);
  const p50 = latencies[Math.floor(latencies.length / 2)] ?? NaN;
  const max = latencies[latencies.length - 1] ?? NaN;
  console.log(
    JSON.stringify(
      {
        database: runtime.database.dialect,
        processes,
        historyItems: history.length,
        historyItemsPerSecond: Math.round(history.length / historySeconds),
        liveItems: live.length,
        liveItemsPerSecond: Math.round(live.length / liveSeconds),
        stormsInjected: storms,
        alerts: alerts.map((a) => `${a.kind} ${a.touchpoints.join(',')} sev ${a.severity} at ${a.openedAt}`),
        notified: firstByAlert.size,
        allSigned: arrivals.every((a) => a.signed),
        latencySeconds: { p50: Math.round(p50 * 1000) / 1000, max: Math.round(max * 1000) / 1000 },
      },
      null,
      2,
    ),
  );
  await second?.close();
  await server.close();
  receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
