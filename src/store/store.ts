import { sql } from 'kysely';
import type { Repos, Store } from '../core/ports.js';
import type { Database } from './database.js';
import { apiKeyRepo } from './repos/api-keys.js';
import { brandRepo, taxonomyRepo } from './repos/brands.js';
import { feedbackRepo } from './repos/feedback.js';
import { auditRepo, importRepo } from './repos/misc.js';
import { customerRepo } from './repos/customers.js';
import { sessionRepo, userRepo } from './repos/users.js';
import { workspaceRepo } from './repos/workspaces.js';
import { modelRepo } from './repos/models.js';
import { correctionRepo } from './repos/corrections.js';
import { caseRepo } from './repos/cases.js';
import { replyRepo } from './repos/replies.js';
import { playbookRepo, slaRepo, teamRepo } from './repos/teams.js';
import { exceptionRepo } from './repos/exceptions.js';
import { alertRepo } from './repos/alerts.js';
import { notificationRepo } from './repos/notifications.js';
import { invitationRepo, passwordResetRepo } from './repos/invitations.js';
import { metricsRepo } from './repos/metrics.js';
import { customerProfileRepo } from './repos/customer-profiles.js';
import { rollupRepo } from './repos/rollups.js';
import { timelineRepo } from './repos/customer-timeline.js';
import { segmentRepo } from './repos/segments.js';
import { customerPrivacyRepo } from './repos/customer-privacy.js';
import { signingKeyRepo, surveyRepo } from './repos/surveys.js';
import { outreachRepo } from './repos/outreach.js';
import { reviewRequestRepo } from './repos/review-requests.js';
import { eventRepo } from './repos/events.js';
import type { Conn } from './repos/util.js';

function repos(conn: Conn): Repos {
  return {
    workspaces: workspaceRepo(conn),
    users: userRepo(conn),
    sessions: sessionRepo(conn),
    apiKeys: apiKeyRepo(conn),
    brands: brandRepo(conn),
    taxonomy: taxonomyRepo(conn),
    feedback: feedbackRepo(conn),
    customers: customerRepo(conn),
    imports: importRepo(conn),
    audit: auditRepo(conn),
    models: modelRepo(conn),
    corrections: correctionRepo(conn),
    cases: caseRepo(conn),
    replies: replyRepo(conn),
    teams: teamRepo(conn),
    playbook: playbookRepo(conn),
    sla: slaRepo(conn),
    exceptions: exceptionRepo(conn),
    alerts: alertRepo(conn),
    notifications: notificationRepo(conn),
    invitations: invitationRepo(conn),
    passwordResets: passwordResetRepo(conn),
    rollups: rollupRepo(conn),
    metrics: metricsRepo(conn),
    customerProfiles: customerProfileRepo(conn),
    timeline: timelineRepo(conn),
    segments: segmentRepo(conn),
    customerPrivacy: customerPrivacyRepo(conn),
    reviewRequests: reviewRequestRepo(conn),
    events: eventRepo(conn),
    surveys: surveyRepo(conn),
    signingKeys: signingKeyRepo(conn),
    outreach: outreachRepo(conn),
  };
}

/** The ports of `src/core/ports.ts`, implemented on an open database (either dialect). */
export function createStore(database: Database): Store {
  const { db, dialect } = database;
  return {
    ...repos({ db, dialect }),
    dialect,
    transaction: (fn) =>
      db.transaction().execute((trx) => fn(repos({ db: trx, dialect, runEach: database.runEach }))),
    refreshStatistics: () => database.optimize(),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => database.destroy(),
  };
}
