/**
 * Response measures of cases: first-response time, resolution time, SLA attainment and recovery
 * rate, per team and per agent, and the leaderboard. Pure: case figures in, measures out.
 */
import type { CaseMeasureRow } from '../ports.js';
import { recoveryRate } from './outcome.js';

export interface Measures {
  cases: number;
  open: number;
  closed: number;
  resolved: number;
  recovered: number;
  lost: number;
  /** Cases with a first response: the sample of `firstResponseMinutes`. */
  answered: number;
  /** Cases whose SLA is decided: the sample of `slaAttainment`. */
  slaDecided: number;
  /** Minutes from opening to the first reply, over answered cases. */
  firstResponseMinutes: { median: number; mean: number } | null;
  /** Minutes from opening to closing, over closed cases. */
  resolutionMinutes: { median: number; mean: number } | null;
  /** Cases answered within their SLA over cases whose SLA is decided (answered, or overdue). */
  slaAttainment: number | null;
  /** Recovered over cases closed with an outcome. */
  recoveryRate: number | null;
}

const minutesBetween = (a: string, b: string) => (new Date(b).getTime() - new Date(a).getTime()) / 60_000;

function summary(values: number[]): { median: number; mean: number } | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { median: round(median), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

/** Whether a case met its first-response SLA: true, false, or undefined while still undecided. */
export function slaMet(c: CaseMeasureRow, now: Date): boolean | undefined {
  if (c.dueAt === null) return undefined;
  if (c.firstResponseAt !== null) return c.firstResponseAt <= c.dueAt && c.breachedAt === null;
  if (c.breachedAt !== null || new Date(c.dueAt) <= now) return false;
  return undefined;
}

export function measure(rows: readonly CaseMeasureRow[], now: Date): Measures {
  const closed = rows.filter((r) => r.status === 'closed');
  const decided = rows.map((r) => slaMet(r, now)).filter((x) => x !== undefined);
  const answered = rows.filter((r) => r.firstResponseAt !== null);
  return {
    cases: rows.length,
    open: rows.length - closed.length,
    closed: closed.length,
    resolved: closed.filter((r) => r.outcome === 'resolved').length,
    recovered: closed.filter((r) => r.outcome === 'recovered').length,
    lost: closed.filter((r) => r.outcome === 'lost').length,
    answered: answered.length,
    slaDecided: decided.length,
    firstResponseMinutes: summary(
      answered.flatMap((r) => (r.firstResponseAt ? [minutesBetween(r.openedAt, r.firstResponseAt)] : [])),
    ),
    resolutionMinutes: summary(
      closed.flatMap((r) => (r.closedAt ? [minutesBetween(r.openedAt, r.closedAt)] : [])),
    ),
    slaAttainment: decided.length === 0 ? null : decided.filter(Boolean).length / decided.length,
    recoveryRate: recoveryRate(closed),
  };
}

function groupBy<K>(
  rows: readonly CaseMeasureRow[],
  key: (r: CaseMeasureRow) => K,
): Map<K, CaseMeasureRow[]> {
  const m = new Map<K, CaseMeasureRow[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

/** Measures of the whole workspace, per team (null: no team) and per agent (assigned cases). */
export function measuresBy(rows: readonly CaseMeasureRow[], now: Date) {
  return {
    total: measure(rows, now),
    teams: [...groupBy(rows, (r) => r.teamId)].map(([teamId, rs]) => ({ teamId, ...measure(rs, now) })),
    agents: [
      ...groupBy(
        rows.filter((r) => r.assigneeId !== null),
        (r) => r.assigneeId ?? '',
      ),
    ].map(([userId, rs]) => ({ userId, ...measure(rs, now) })),
  };
}

export interface LeaderboardEntry {
  rank: number;
  userId: string;
  /** Resolved cases count 1 point, recovered customers 2: bringing someone back is the goal. */
  points: number;
  resolved: number;
  recovered: number;
  slaAttainment: number | null;
  firstResponseMinutes: { median: number; mean: number } | null;
  cases: number;
}

/**
 * Agents ranked by outcomes, not by speed: points (resolved + 2 × recovered), then SLA attainment,
 * then cases handled. Response time is shown but never ranks on its own.
 */
export function leaderboard(rows: readonly CaseMeasureRow[], now: Date): LeaderboardEntry[] {
  const entries = measuresBy(rows, now).agents.map((a) => ({
    userId: a.userId,
    points: a.resolved + 2 * a.recovered,
    resolved: a.resolved,
    recovered: a.recovered,
    slaAttainment: a.slaAttainment,
    firstResponseMinutes: a.firstResponseMinutes,
    cases: a.cases,
  }));
  entries.sort(
    (a, b) =>
      b.points - a.points ||
      (b.slaAttainment ?? -1) - (a.slaAttainment ?? -1) ||
      b.cases - a.cases ||
      a.userId.localeCompare(b.userId),
  );
  return entries.map((e, i) => ({ rank: i + 1, ...e }));
}
