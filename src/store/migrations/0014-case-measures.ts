import { sql, type CreateTableBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../database.js';
import {
  bucketSql,
  contributionSql,
  firstResponseMinutesSql,
  MEASURE_COLUMNS,
  openedDaySql,
  resolutionMinutesSql,
} from '../repos/case-measures.js';
import type { MigrationContext } from './index.js';

/**
 * Case measures without reading every case (issue #13: `/measures` and `/leaderboard` never
 * finished at 412k cases). `case_measure_days` keeps, per workspace, UTC day of opening, team and
 * assignee, the counts and sums the measures are made of, and `case_measure_totals` the same of all time; triggers on `cases` keep it exact on every
 * insert, update of a measured column, and delete (a team or user removed sets the case's column to
 * null, which is an update too). Medians of all time come from `case_minutes_hist`, a histogram of
 * the minutes to the first response and to closing in 5 % buckets.
 */

/** The columns of `cases` a measure reads: an update of any other column leaves the rollup alone. */
const MEASURED = [
  'workspace_id',
  'team_id',
  'assignee_id',
  'status',
  'outcome',
  'opened_at',
  'first_response_at',
  'due_at',
  'breached_at',
  'closed_at',
];

/** Upserts adding (sign 1) or taking away (sign -1) a row's contribution, to its day and to all time. */
function applySql(dialect: Dialect, r: string, sign: 1 | -1): string {
  const c = contributionSql(dialect, r);
  const cols = MEASURE_COLUMNS.join(', ');
  const values = MEASURE_COLUMNS.map((k) => (sign === 1 ? c[k] : `-(${c[k]})`)).join(', ');
  const set = (table: string) =>
    MEASURE_COLUMNS.map((k) => `${k} = ${table}.${k} + excluded.${k}`).join(', ');
  const keys = `coalesce(${r}team_id, ''), coalesce(${r}assignee_id, '')`;
  return `insert into case_measure_days (workspace_id, day, team_key, assignee_key, ${cols})
    values (${r}workspace_id, ${openedDaySql(dialect, r)}, ${keys}, ${values})
    on conflict (workspace_id, day, team_key, assignee_key) do update set ${set('case_measure_days')};
    insert into case_measure_totals (workspace_id, team_key, assignee_key, ${cols})
    values (${r}workspace_id, ${keys}, ${values})
    on conflict (workspace_id, team_key, assignee_key) do update set ${set('case_measure_totals')};
    ${histSql(dialect, r, sign, 'fr', firstResponseMinutesSql(dialect, r))}
    ${histSql(dialect, r, sign, 'res', resolutionMinutesSql(dialect, r))}`;
}

/** One case's minutes in (sign 1) or out of (sign -1) the all-time histogram of its team and assignee. */
function histSql(dialect: Dialect, r: string, sign: 1 | -1, kind: string, minutes: string): string {
  return `insert into case_minutes_hist (workspace_id, kind, team_key, assignee_key, bucket, n)
    select ${r}workspace_id, '${kind}', coalesce(${r}team_id, ''), coalesce(${r}assignee_id, ''), ${bucketSql(dialect, minutes)}, ${sign}
    where ${minutes} is not null
    on conflict (workspace_id, kind, team_key, assignee_key, bucket) do update set n = case_minutes_hist.n + excluded.n;`;
}

const exec = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const real = dialect === 'postgres' ? sql`double precision` : sql`real`;
  // Per opening day (for ranges) and of all time (so all time reads a few dozen rows, not 730 × them).
  for (const [table, keys] of [
    ['case_measure_days', ['workspace_id', 'day', 'team_key', 'assignee_key']],
    ['case_measure_totals', ['workspace_id', 'team_key', 'assignee_key']],
  ] as const) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns added in a loop
    let t: CreateTableBuilder<string, any> = db.schema.createTable(table);
    for (const k of keys) t = t.addColumn(k, 'text', (c) => c.notNull());
    for (const k of MEASURE_COLUMNS) {
      t = k.endsWith('_sum')
        ? t.addColumn(k, real, (c) => c.notNull().defaultTo(0))
        : t.addColumn(k, 'integer', (c) => c.notNull().defaultTo(0));
    }
    t = t.addPrimaryKeyConstraint(`${table}_pk`, [...keys] as never[]);
    // SQLite: the rows live in the primary key's b-tree, so a workspace's rows are read in one range.
    await (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t).execute();
  }

  // Medians of all time: a histogram of the minutes per team × assignee (5 % buckets, see HIST_PER_LN).
  await db.schema
    .createTable('case_minutes_hist')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // fr | res
    .addColumn('team_key', 'text', (c) => c.notNull())
    .addColumn('assignee_key', 'text', (c) => c.notNull())
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_minutes_hist_pk', [
      'workspace_id',
      'kind',
      'team_key',
      'assignee_key',
      'bucket',
    ])
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();

  // The cases there are already.
  const c = contributionSql(dialect);
  const sums: RawBuilder<unknown> = sql.raw(MEASURE_COLUMNS.map((k) => `sum(${c[k]})`).join(', '));
  const cols = sql.raw(MEASURE_COLUMNS.join(', '));
  const day = sql.raw(openedDaySql(dialect));
  await sql`insert into case_measure_days (workspace_id, day, team_key, assignee_key, ${cols})
    select workspace_id, ${day}, coalesce(team_id, ''), coalesce(assignee_id, ''), ${sums}
    from cases group by workspace_id, ${day}, coalesce(team_id, ''), coalesce(assignee_id, '')`.execute(db);
  const totals = sql.raw(MEASURE_COLUMNS.map((k) => `sum(${k})`).join(', '));
  await sql`insert into case_measure_totals (workspace_id, team_key, assignee_key, ${cols})
    select workspace_id, team_key, assignee_key, ${totals}
    from case_measure_days group by workspace_id, team_key, assignee_key`.execute(db);
  for (const [kind, minutes] of [
    ['fr', firstResponseMinutesSql(dialect)],
    ['res', resolutionMinutesSql(dialect)],
  ] as const) {
    const bucket = sql.raw(bucketSql(dialect, minutes));
    await sql`insert into case_minutes_hist (workspace_id, kind, team_key, assignee_key, bucket, n)
      select workspace_id, ${kind}, coalesce(team_id, ''), coalesce(assignee_id, ''), ${bucket}, count(*)
      from cases where ${sql.raw(minutes)} is not null
      group by workspace_id, coalesce(team_id, ''), coalesce(assignee_id, ''), ${bucket}`.execute(db);
  }

  if (dialect === 'postgres') {
    await exec(
      db,
      `create function case_measure_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then ${applySql(dialect, 'OLD.', -1)} end if;
        if tg_op in ('INSERT', 'UPDATE') then ${applySql(dialect, 'NEW.', 1)} end if;
        return null;
      end $$`,
    );
    await exec(
      db,
      `create trigger cases_measure after insert or delete or update of ${MEASURED.join(', ')} on cases
       for each row execute function case_measure_apply()`,
    );
  } else {
    await exec(
      db,
      `create trigger cases_measure_insert after insert on cases begin ${applySql(dialect, 'NEW.', 1)} end`,
    );
    await exec(
      db,
      `create trigger cases_measure_update after update of ${MEASURED.join(', ')} on cases begin
       ${applySql(dialect, 'OLD.', -1)} ${applySql(dialect, 'NEW.', 1)} end`,
    );
    await exec(
      db,
      `create trigger cases_measure_delete after delete on cases begin ${applySql(dialect, 'OLD.', -1)} end`,
    );
  }
}
