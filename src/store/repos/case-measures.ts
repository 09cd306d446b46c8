/**
 * The SQL of case measures (migration 0014 and the case repository): the minutes, the UTC day of
 * opening, the histogram bucket and what one case adds to the rollups. The triggers of 0014 are made
 * from these texts, so a change here needs a new migration.
 */
import { sql } from 'kysely';
import type { CaseMeasureRepo, DayRange } from '../../core/ports.js';
import type { Dialect } from '../database.js';
import type { Conn } from './util.js';

/** Minutes from `a` to `b` in SQL (null when either is null). The indexes and queries use this very text. */
export function minutesSql(dialect: Dialect, a: string, b: string): string {
  return dialect === 'postgres'
    ? `(extract(epoch from (${b} - ${a})) / 60.0)`
    : // Whole milliseconds, as the definitions compute (julianday's doubles are off by microseconds).
      `(round((julianday(${b}) - julianday(${a})) * 86400000.0) / 60000.0)`;
}

/** Minutes to the first response: null while unanswered. */
export const firstResponseMinutesSql = (dialect: Dialect, row = '') =>
  minutesSql(dialect, `${row}opened_at`, `${row}first_response_at`);

/** Minutes to closing, for closed cases only (a reopened case keeps `closed_at` but is not closed). */
export const resolutionMinutesSql = (dialect: Dialect, row = '') =>
  `(case when ${row}status = 'closed' then ${minutesSql(dialect, `${row}opened_at`, `${row}closed_at`)} end)`;

/** The UTC day a case opened, `YYYY-MM-DD`. */
export const openedDaySql = (dialect: Dialect, row = '') =>
  dialect === 'postgres'
    ? `to_char(${row}opened_at at time zone 'UTC', 'YYYY-MM-DD')`
    : `substr(${row}opened_at, 1, 10)`;

/**
 * What one case adds to its row of `case_measure_days`, as SQL over a row prefix (`NEW.`, `OLD.` or
 * none): the same definitions as `measure()` in src/core/cases/measures.ts.
 */
export function contributionSql(dialect: Dialect, r = ''): Record<string, string> {
  const closed = `${r}status = 'closed'`;
  const met = `${r}first_response_at <= ${r}due_at and ${r}breached_at is null`;
  const one = (cond: string) => `(case when ${cond} then 1 else 0 end)`;
  return {
    cases: '1',
    closed: one(closed),
    resolved: one(`${closed} and ${r}outcome = 'resolved'`),
    recovered: one(`${closed} and ${r}outcome = 'recovered'`),
    lost: one(`${closed} and ${r}outcome = 'lost'`),
    answered: one(`${r}first_response_at is not null`),
    fr_sum: `coalesce(${firstResponseMinutesSql(dialect, r)}, 0)`,
    res_n: one(`${closed} and ${r}closed_at is not null`),
    res_sum: `coalesce(${resolutionMinutesSql(dialect, r)}, 0)`,
    sla_met: one(`${r}due_at is not null and ${r}first_response_at is not null and ${met}`),
    sla_missed: one(
      `${r}due_at is not null and ((${r}first_response_at is not null and not (${met})) or (${r}first_response_at is null and ${r}breached_at is not null))`,
    ),
    sla_open: one(`${r}due_at is not null and ${r}first_response_at is null and ${r}breached_at is null`),
  };
}

export const MEASURE_COLUMNS = [
  'cases',
  'closed',
  'resolved',
  'recovered',
  'lost',
  'answered',
  'fr_sum',
  'res_n',
  'res_sum',
  'sla_met',
  'sla_missed',
  'sla_open',
] as const;

/**
 * Buckets of the minutes histogram per unit of ln(1 + minutes): 20 makes each bucket 5 % wide, so a
 * median read from it (the bucket's geometric middle) is within 2.5 % of the exact one (of 1 + minutes).
 */
export const HIST_PER_LN = 20;

/** The histogram bucket of a minutes expression (negative minutes count as 0). */
export const bucketSql = (dialect: Dialect, minutes: string) =>
  dialect === 'postgres'
    ? `cast(floor(ln(1 + greatest(${minutes}, 0)) * ${HIST_PER_LN}) as integer)`
    : `cast(floor(ln(1 + max(${minutes}, 0)) * ${HIST_PER_LN}) as integer)`;

/** The middle of a bucket, in minutes. */
const bucketMinutes = (bucket: number) => Math.exp((bucket + 0.5) / HIST_PER_LN) - 1;

/** Midnight UTC of a day, as stored timestamps compare. */
const midnight = (day: string) => `${day}T00:00:00.000Z`;

type MeasureRow = Record<(typeof MEASURE_COLUMNS)[number], number | string>;

/** The measure queries of the case repository (see `CaseMeasureRepo`). */
export function caseMeasureRepo({ db, dialect }: Conn): CaseMeasureRepo {
  const fr = firstResponseMinutesSql(dialect);
  const res = resolutionMinutesSql(dialect);
  const openedIn = (days: DayRange) => {
    const parts = [];
    if (days.from !== undefined) parts.push(sql`opened_at >= ${midnight(days.from)}`);
    if (days.to !== undefined) parts.push(sql`opened_at < ${midnight(days.to)}`);
    return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
  };
  return {
    async measureGroups(workspaceId, days, now) {
      const dayIn = [];
      if (days.from !== undefined) dayIn.push(sql`day >= ${days.from}`);
      if (days.to !== undefined) dayIn.push(sql`day < ${days.to}`);
      const sums = sql.raw(MEASURE_COLUMNS.map((k) => `sum(${k}) as ${k}`).join(', '));
      // All time: the totals, a few dozen rows; a range: its days.
      const { rows } = await (
        dayIn.length === 0
          ? sql<MeasureRow & { team_key: string; assignee_key: string }>`
            select team_key, assignee_key, ${sums} from case_measure_totals
            where workspace_id = ${workspaceId} group by team_key, assignee_key`
          : sql<MeasureRow & { team_key: string; assignee_key: string }>`
            select team_key, assignee_key, ${sums} from case_measure_days
            where workspace_id = ${workspaceId} and ${sql.join(dayIn, sql` and `)}
            group by team_key, assignee_key`
      ).execute(db);
      // Unanswered, unmarked, due after now: the partial index cases_undecided (its terms as literals).
      const { rows: open } = await sql<{
        team_id: string | null;
        assignee_id: string | null;
        n: number | string;
      }>`
        select team_id, assignee_id, count(*) as n from cases
        where workspace_id = ${workspaceId} and first_response_at is null and breached_at is null
          and due_at > ${now} and ${openedIn(days)}
        group by team_id, assignee_id`.execute(db);
      const undecided = new Map(
        open.map((o) => [`${o.team_id ?? ''}\u0000${o.assignee_id ?? ''}`, Number(o.n)]),
      );
      return rows
        .filter((r) => Number(r.cases) > 0)
        .map((r) => ({
          teamId: r.team_key === '' ? null : r.team_key,
          assigneeId: r.assignee_key === '' ? null : r.assignee_key,
          cases: Number(r.cases),
          closed: Number(r.closed),
          resolved: Number(r.resolved),
          recovered: Number(r.recovered),
          lost: Number(r.lost),
          answered: Number(r.answered),
          frSum: Number(r.fr_sum),
          resN: Number(r.res_n),
          resSum: Number(r.res_sum),
          slaMet: Number(r.sla_met),
          slaMissed: Number(r.sla_missed),
          slaOpen: Number(r.sla_open),
          undecided: undecided.get(`${r.team_key}\u0000${r.assignee_key}`) ?? 0,
        }));
    },

    async minutesHistogram(workspaceId) {
      const { rows } = await sql<{
        kind: string;
        team_key: string;
        assignee_key: string;
        bucket: number | string;
        n: number | string;
      }>`select kind, team_key, assignee_key, bucket, n from case_minutes_hist
        where workspace_id = ${workspaceId} and n > 0`.execute(db);
      return rows.map((r) => ({
        kind: r.kind === 'fr' ? ('firstResponse' as const) : ('resolution' as const),
        teamId: r.team_key === '' ? null : r.team_key,
        assigneeId: r.assignee_key === '' ? null : r.assignee_key,
        minutes: bucketMinutes(Number(r.bucket)),
        n: Number(r.n),
      }));
    },

    async minutesIn(workspaceId, days) {
      const { rows } = await sql<{
        team_id: string | null;
        assignee_id: string | null;
        fr: number | string | null;
        res: number | string | null;
      }>`select team_id, assignee_id, ${sql.raw(fr)} as fr, ${sql.raw(res)} as res from cases
        where workspace_id = ${workspaceId} and ${openedIn(days)}
          and (first_response_at is not null or status = 'closed')`.execute(db);
      return rows.map((r) => ({
        teamId: r.team_id,
        assigneeId: r.assignee_id,
        firstResponse: r.fr === null ? null : Number(r.fr),
        resolution: r.res === null ? null : Number(r.res),
      }));
    },
  };
}
