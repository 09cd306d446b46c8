import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../database.js';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-models.js';
import * as m0003 from './0003-corrections.js';
import * as m0004 from './0004-cases.js';
import * as m0005 from './0005-exceptions.js';
import * as m0006 from './0006-alerts.js';
import * as m0007 from './0007-team-contact.js';
import * as m0008 from './0008-alert-detection.js';
import * as m0009 from './0009-accounts.js';
import * as m0010 from './0010-import-heartbeat.js';
import * as m0011 from './0011-rollups.js';
import * as m0012 from './0012-scale-indexes.js';
import * as m0013 from './0013-case-sweeps.js';
import * as m0014 from './0014-case-measures.js';
import * as m0015 from './0015-rollup-brands.js';
import * as m0016 from './0016-customers.js';
import * as m0017 from './0017-customer-profiles.js';
import * as m0018 from './0018-segments.js';
import * as m0019 from './0019-fts-secure-delete.js';
import * as m0020 from './0020-customer-identities-by-customer.js';
import * as m0021 from './0021-surveys.js';
import * as m0022 from './0022-outreach.js';
import * as m0023 from './0023-review-requests.js';
import * as m0024 from './0024-outreach-attempts.js';
import * as m0025 from './0025-review-request-items.js';
import * as m0026 from './0026-review-request-names.js';
import * as m0027 from './0027-rated-items-by-time.js';
import * as m0028 from './0028-driver-samples-covered.js';
import * as m0029 from './0029-rollup-platforms.js';
import * as m0030 from './0030-driver-samples.js';
import * as m0031 from './0031-customer-stats-partial-indexes.js';
import * as m0032 from './0032-profile-counts-keyed-once.js';
import * as m0033 from './0033-profile-counts-on-stats.js';
import * as m0034 from './0034-customer-profile-log.js';
import * as m0035 from './0035-profile-counts-without-dates.js';

export interface MigrationContext {
  dialect: Dialect;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
type Step = { up(db: Kysely<any>, ctx: MigrationContext): Promise<void> };

/** Every migration, in order. Names sort; never rename or edit one that has shipped — add a new one. */
const STEPS: Record<string, Step> = {
  '0001-initial': m0001,
  '0002-models': m0002,
  '0003-corrections': m0003,
  '0004-cases': m0004,
  '0005-exceptions': m0005,
  '0006-alerts': m0006,
  '0007-team-contact': m0007,
  '0008-alert-detection': m0008,
  '0009-accounts': m0009,
  '0010-import-heartbeat': m0010,
  '0011-rollups': m0011,
  '0012-scale-indexes': m0012,
  '0013-case-sweeps': m0013,
  '0014-case-measures': m0014,
  '0015-rollup-brands': m0015,
  '0016-customers': m0016,
  '0017-customer-profiles': m0017,
  '0018-segments': m0018,
  '0019-fts-secure-delete': m0019,
  '0020-customer-identities-by-customer': m0020,
  '0021-surveys': m0021,
  '0022-outreach': m0022,
  '0023-review-requests': m0023,
  '0024-outreach-attempts': m0024,
  '0025-review-request-items': m0025,
  '0026-review-request-names': m0026,
  '0027-rated-items-by-time': m0027,
  '0028-driver-samples-covered': m0028,
  '0029-rollup-platforms': m0029,
  '0030-driver-samples': m0030,
  '0031-customer-stats-partial-indexes': m0031,
  '0032-profile-counts-keyed-once': m0032,
  '0033-profile-counts-on-stats': m0033,
  '0034-customer-profile-log': m0034,
  '0035-profile-counts-without-dates': m0035,
};

/** A Kysely migration provider that hands each step the dialect it runs on. */
export function migrationProvider(ctx: MigrationContext): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          Object.entries(STEPS).map(([name, step]): [string, Migration] => [
            name,
            { up: (db) => step.up(db, ctx) },
          ]),
        ),
      ),
  };
}
