/**
 * What the case sweeps need from storage (issue #13): bounded reads by an index, and conditional
 * writes, so that two runs of a sweep at once (a job whose lease expired mid-run) change a case once.
 */
import type { Case } from '../types.js';
import type { Priority } from './priority.js';

export interface CaseSweepRepo {
  /**
   * Active cases of every workspace whose priority may still change at `since` or later
   * (`reprioritize_until >= since`), in (until, id) order after `after`: one keyset page.
   */
  toReprioritize(
    since: string,
    after: readonly [until: string, id: string] | null,
    limit: number,
  ): Promise<{ case: Case; until: string }[]>;
  /**
   * Sets the priority only if the case still has the score the sweep read (`from`), so a second
   * sweep at once does not record the change twice. True when this call changed it.
   */
  raisePriority(workspaceId: string, id: string, from: number, to: Priority): Promise<boolean>;
  /** Marks the case breached at `at` unless it is already marked or answered. True when this call marked it. */
  claimBreach(workspaceId: string, id: string, at: string): Promise<boolean>;
}
