/**
 * What the case sweeps need from storage (issue #13): bounded reads by an index, and conditional
 * writes, so that two runs of a sweep at once (a job whose lease expired mid-run) change a case once.
 */
import type { Case } from '../types.js';
import type { Priority } from './priority.js';

export type SweepCursor = readonly [until: string, id: string];

export interface CaseSweepRepo {
  /**
   * Active cases of every workspace whose priority may still change at `since` or later
   * (`reprioritize_until >= since`), in (until, id) order after `after`: one keyset page of at most
   * `limit` rows (closed ones are read and left out), and the cursor of the next page (null: none).
   */
  toReprioritize(
    since: string,
    after: SweepCursor | null,
    limit: number,
  ): Promise<{ cases: Case[]; next: SweepCursor | null }>;
  /**
   * Sets the priority only if the case still has the score the sweep read (`from`), so a second
   * sweep at once does not record the change twice. True when this call changed it.
   */
  raisePriority(workspaceId: string, id: string, from: number, to: Priority): Promise<boolean>;
  /** Marks the case breached at `at` unless it is already marked or answered. True when this call marked it. */
  claimBreach(workspaceId: string, id: string, at: string): Promise<boolean>;
}

/** Sums of the cases of one team × assignee (null: none), over a range of opening days. */
export interface CaseMeasureGroup {
  teamId: string | null;
  assigneeId: string | null;
  cases: number;
  closed: number;
  resolved: number;
  recovered: number;
  lost: number;
  answered: number;
  /** Sum of the minutes to the first response over answered cases. */
  frSum: number;
  /** Closed cases with a closing time, and the sum of their minutes to closing. */
  resN: number;
  resSum: number;
  slaMet: number;
  slaMissed: number;
  /** Unanswered, unmarked cases with a due time: missed once due, undecided before. */
  slaOpen: number;
  /** Of `slaOpen`, those still due after `now`. */
  undecided: number;
}

/** Opening days `YYYY-MM-DD` (UTC), `from` inclusive, `to` exclusive; absent: unbounded. */
export interface DayRange {
  from?: string | undefined;
  to?: string | undefined;
}

export type MinutesKind = 'firstResponse' | 'resolution';

/** Case measures from the rollup kept by migration 0014's triggers, never from every case. */
export interface CaseMeasureRepo {
  measureGroups(workspaceId: string, days: DayRange, now: string): Promise<CaseMeasureGroup[]>;
  /**
   * The all-time histogram of the minutes to the first response and to closing, per team and
   * assignee: each bucket as its middle in minutes and its count. A few thousand rows at any number
   * of cases; medians read from it are within 2.5 % of the exact median of 1 + minutes.
   */
  minutesHistogram(
    workspaceId: string,
  ): Promise<
    { kind: MinutesKind; teamId: string | null; assigneeId: string | null; minutes: number; n: number }[]
  >;
  /** The minutes of each case opened in the days that has them (for medians of a range). */
  minutesIn(
    workspaceId: string,
    days: DayRange,
  ): Promise<
    {
      teamId: string | null;
      assigneeId: string | null;
      firstResponse: number | null;
      resolution: number | null;
    }[]
  >;
}
