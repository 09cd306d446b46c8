/**
 * Start and serve under load (issue #13): runs the compiled server as `npm start` does (`touchpoint
 * serve`, default roles web + worker, in its own process) on a workspace bench/scale.ts built, and
 * measures what a user at a large workspace meets right after a start or a deploy:
 *
 * - the seconds from spawning the process to the first 200 of `/healthz`;
 * - the explorer's first page and `/measures` over all time, requested one after another from the
 *   moment the port opens, while the worker runs its start-up jobs (every housekeeping sweep, the
 *   SLA sweep, the alert detectors' warm-up) and a model training that the bench queues — until the
 *   training has finished and at least `--seconds` have passed, then for `--after` seconds more
 *   (default 60) while the re-analysis of unrated items that the new model queues runs, timed apart;
 * - the server's peak resident memory (VmHWM) and the jobs it logged.
 *
 *   npm run build   # once: the bench runs dist/, as `npm start` does
 *   node --import tsx bench/scale-start.ts --items 5000000 --db sqlite [--seconds 60] [--after 60] [--dir D] [--cpu-prof]
 *
 * Every request over 200 ms is listed with its time from the spawn. `--cpu-prof` runs the server
 * under V8's profiler and lists its long tasks (bench/long-tasks.ts) on the same clock, so a slow
 * request can be matched with what held the event loop.
 *
 * Figures only, never assertions.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { longTasks, type Profile } from './long-tasks.js';
import { parseScaleArgs, targetConfig, type Credentials } from './scale.js';

const ROOT = path.resolve(import.meta.dirname, '..');

const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0) * 10) / 10;
};

/** VmHWM and VmRSS of a process, in MB (Linux). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: Math.round(kb('VmHWM') / 1024), now: Math.round(kb('VmRSS') / 1024) };
}

async function main() {
  const argv = process.argv.slice(2);
  const args = parseScaleArgs(argv);
  const option = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    return Number.isFinite(v) && v >= 0 ? v : fallback;
  };
  const seconds = option('--seconds', 60);
  const after = option('--after', 60);
  const profileDir = argv.includes('--cpu-prof') ? path.join(args.dir, `profile-${args.db}`) : undefined;
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  if (!fs.existsSync(path.join(ROOT, 'dist/server/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (the bench starts what `npm start` starts)');
  const target = await targetConfig(args, false);
  if (!fs.existsSync(target.credentials))
    throw new Error(`${target.credentials}: build the workspace first (bench/scale.ts)`);
  const credentials = JSON.parse(fs.readFileSync(target.credentials, 'utf8')) as Credentials;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const logFile = path.join(args.dir, `start-${args.db}.log`);
  const log = fs.openSync(logFile, 'w');
  console.log(`\n## Start of \`touchpoint serve\` (web + worker) on ${target.label}`);
  const started = performance.now();
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...flags, path.join(ROOT, 'bin/touchpoint.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...target.env, PORT: String(port), TOUCHPOINT_LOG_LEVEL: 'info' },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    // Time to /healthz, polled every 50 ms.
    let healthy = 0;
    while (!healthy) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logFile}`);
      try {
        const r = await fetch(`${base}/healthz`);
        await r.arrayBuffer();
        if (r.status === 200) healthy = performance.now() - started;
      } catch {
        // not listening yet
      }
      if (!healthy) await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`  /healthz answered 200 after ${(healthy / 1000).toFixed(2)} s`);

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: credentials.email, password: credentials.password }),
    });
    if (!login.ok) throw new Error(`login answered ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-workspace': credentials.workspaceId };
    const models = async () => {
      const r = await fetch(`${base}/api/v1/models`, { headers });
      return ((await r.json()) as { models: { id: string }[] }).models.length;
    };
    const before = await models();
    const queued = await fetch(`${base}/api/v1/models/train`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': csrfToken },
    });
    console.log(`  model training queued: ${queued.status} (${before} model(s) before)`);

    // Each request is timed in its phase: while the start-up jobs and the training run, then while
    // the re-analysis that the new model queues runs.
    const PHASES = ['jobs and training', 're-analysis'] as const;
    const timed = new Map<string, number[]>();
    const slow: string[] = [];
    const paths: [string, string][] = [
      ['explorer first page', '/feedback?limit=50'],
      ['measures (all time)', '/measures'],
    ];
    const windowStart = performance.now();
    let trained = 0;
    let i = 0;
    let checked = windowStart;
    const open = () => {
      const elapsed = performance.now() - windowStart;
      if (elapsed > 900_000) return false; // a training that never ends is reported as such
      return trained ? elapsed < Math.max(seconds * 1000, trained + after * 1000) : true;
    };
    while (open()) {
      const [name, p] = paths[i++ % paths.length] as [string, string];
      const phase = PHASES[trained ? 1 : 0];
      const t = performance.now();
      const r = await fetch(`${base}/api/v1${p}`, { headers });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
      const ms = performance.now() - t;
      const key = `${phase}: ${name}`;
      timed.set(key, [...(timed.get(key) ?? []), ms]);
      if (ms > 200) slow.push(`${name} ${Math.round(ms)} ms at ${((t - started) / 1000).toFixed(1)} s`);
      if (!trained && performance.now() - checked > 2000) {
        checked = performance.now();
        if ((await models()) > before) trained = performance.now() - windowStart;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(
      `  window: ${((performance.now() - windowStart) / 1000).toFixed(0)} s after the port opened; the training ${trained ? `finished after ${(trained / 1000).toFixed(0)} s, then ${after} s of re-analysis` : 'had not finished'}`,
    );
    for (const [name, ms] of timed)
      console.log(
        `  ${name.padEnd(40)} n ${String(ms.length).padStart(4)}  p50 ${pct(ms, 0.5)} ms  p95 ${pct(ms, 0.95)} ms  max ${pct(ms, 1)} ms`,
      );
    console.log(`  requests over 200 ms (time from the spawn): ${slow.join('; ') || 'none'}`);
    const mem = memoryOf(child.pid ?? 0);
    console.log(`  server memory: peak ${mem.peak} MB, now ${mem.now} MB`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.closeSync(log);
  }
  // The jobs the worker logged, from the server's own log.
  const jobs = new Map<string, number>();
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    try {
      const entry = JSON.parse(line) as { msg?: string };
      if (entry.msg) jobs.set(entry.msg, (jobs.get(entry.msg) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  console.log(`  logged: ${[...jobs].map(([m, n]) => (n > 1 ? `${m} ×${n}` : m)).join('; ')} (${logFile})`);
  for (const file of profileDir && fs.existsSync(profileDir) ? fs.readdirSync(profileDir) : []) {
    const tasks = longTasks(
      JSON.parse(fs.readFileSync(path.join(profileDir ?? '', file), 'utf8')) as Profile,
      100,
      4,
    );
    console.log(`  ${file}: ${tasks.length} task(s) over 100 ms on the main thread (time from its start)`);
    for (const task of tasks)
      console.log(
        `    at ${(task.startMs / 1000).toFixed(1)} s, ${task.ms} ms: ${task.top.map((f) => `${f.name} ${f.ms} ms`).join(', ')}`,
      );
  }
}

await main();
