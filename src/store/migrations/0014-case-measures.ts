import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../database.js';
import {
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
 * assignee, the counts and sums the measures are made of; triggers on `cases` keep it exact on every
 * insert, update of a measured column, and delete (a team or user removed sets the case's column to
 * null, which is an update too). Medians come from expression indexes on the minutes to the first
 * response and to closing, read at an offset.
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

/** An upsert adding (sign 1) or taking away (sign -1) a row's contribution. */
function applySql(dialect: Dialect, r: string, sign: 1 | -1): string {
  const c = contributionSql(dialect, r);
  const cols = MEASURE_COLUMNS.join(', ');
  const values = MEASURE_COLUMNS.map((k) => (sign === 1 ? c[k] : `-(${c[k]})`)).join(', ');
  const set = MEASURE_COLUMNS.map((k) => `${k} = case_measure_days.${k} + excluded.${k}`).join(', ');
  return `insert into case_measure_days (workspace_id, day, team_key, assignee_key, ${cols})
    values (${r}workspace_id, ${openedDaySql(dialect, r)}, coalesce(${r}team_id, ''), coalesce(${r}assignee_id, ''), ${values})
    on conflict (workspace_id, day, team_key, assignee_key) do update set ${set};`;
}

const exec = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const real = dialect === 'postgres' ? sql`double precision` : sql`real`;
  let t = db.schema
    .createTable('case_measure_days')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('team_key', 'text', (c) => c.notNull())
    .addColumn('assignee_key', 'text', (c) => c.notNull());
  for (const k of MEASURE_COLUMNS) {
    t = k.endsWith('_sum')
      ? t.addColumn(k, real, (c) => c.notNull().defaultTo(0))
      : t.addColumn(k, 'integer', (c) => c.notNull().defaultTo(0));
  }
  await t
    .addPrimaryKeyConstraint('case_measure_days_pk', ['workspace_id', 'day', 'team_key', 'assignee_key'])
    .execute();

  // The cases there are already.
  const c = contributionSql(dialect);
  const sums: RawBuilder<unknown> = sql.raw(MEASURE_COLUMNS.map((k) => `sum(${c[k]})`).join(', '));
  await sql`insert into case_measure_days (workspace_id, day, team_key, assignee_key, ${sql.raw(MEASURE_COLUMNS.join(', '))})
    select workspace_id, ${sql.raw(openedDaySql(dialect))}, coalesce(team_id, ''), coalesce(assignee_id, ''), ${sums}
    from cases group by workspace_id, ${sql.raw(openedDaySql(dialect))}, coalesce(team_id, ''), coalesce(assignee_id, '')`.execute(
    db,
  );

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

  // Medians by offset: the minutes of each group in order (total, per team, per assignee).
  for (const [name, expr] of [
    ['fr', firstResponseMinutesSql(dialect)],
    ['res', resolutionMinutesSql(dialect)],
  ] as const) {
    for (const [by, cols] of [
      ['all', 'workspace_id'],
      ['team', 'workspace_id, team_id'],
      ['agent', 'workspace_id, assignee_id'],
    ] as const) {
      await exec(db, `create index cases_${name}_minutes_${by} on cases (${cols}, (${expr}))`);
    }
  }
}
