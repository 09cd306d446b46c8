/**
 * The long tasks of a V8 CPU profile (`node --cpu-prof`): stretches in which the main thread never
 * went back to the event loop, longer than `--over` ms, each with the functions that took most of
 * its time (self time) and the time it started, counted from the profile's start. A request that
 * waited behind one shows its latency; this says what it waited for (issue #13). Figures only.
 *
 *   node --import tsx bench/long-tasks.ts PROFILE.cpuprofile [--over 100] [--top 6]
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface LongTask {
  startMs: number;
  ms: number;
  top: { name: string; ms: number }[];
}

/** Idle and garbage collection are not a task's own code; "(program)" is V8 between tasks. */
const OUTSIDE = new Set(['(idle)', '(program)']);

export function longTasks(profile: Profile, overMs: number, topN: number): LongTask[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const f = byId.get(id)?.callFrame;
    if (!f) return '?';
    const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/(src|dist|node_modules)\//, '$1/');
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const tasks: LongTask[] = [];
  let t = 0;
  let start = -1;
  let self = new Map<number, number>();
  const close = (end: number) => {
    if (start >= 0 && (end - start) / 1000 > overMs) {
      tasks.push({
        startMs: Math.round(start / 1000),
        ms: Math.round((end - start) / 1000),
        top: [...self]
          .sort((a, b) => b[1] - a[1])
          .slice(0, topN)
          .map(([id, us]) => ({ name: name(id), ms: Math.round(us / 1000) })),
      });
    }
    start = -1;
    self = new Map();
  };
  // timeDeltas[i] is the time from sample i - 1 to sample i; a sample stands for the time to the next.
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const fn = byId.get(id)?.callFrame.functionName ?? '';
    if (OUTSIDE.has(fn)) close(t);
    else {
      if (start < 0) start = t;
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    }
  });
  close(t);
  return tasks;
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('long-tasks.ts') || invoked.endsWith('long-tasks.js')) {
  const argv = process.argv.slice(2);
  const value = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const file = argv.find((a) => a.endsWith('.cpuprofile'));
  if (!file) throw new Error('usage: bench/long-tasks.ts PROFILE.cpuprofile [--over 100] [--top 6]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const tasks = longTasks(profile, Number(value('--over') ?? 100), Number(value('--top') ?? 6));
  console.log(
    `${file}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(0)} s profiled, ${tasks.length} task(s) over ${value('--over') ?? 100} ms`,
  );
  for (const task of tasks) {
    console.log(`  at ${(task.startMs / 1000).toFixed(1)} s: ${task.ms} ms`);
    for (const f of task.top) console.log(`      ${String(f.ms).padStart(6)} ms  ${f.name}`);
  }
}
