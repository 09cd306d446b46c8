import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Surveys (issue #15, slice A).
 *
 * - `signing_keys`: one HMAC key per workspace (base64), made on first use, for the signed tokens of
 *   links that reach customers (src/core/signed-token.ts).
 * - `surveys`: the definition (JSON, `SurveyDefinitionSchema` in src/core/surveys/definition.ts) and
 *   its status; `public_id` is the random url-safe id of the public link `/s/{public_id}`.
 * - `survey_invitations`: a personal, single-use link to a survey for one customer (its token is the
 *   id signed under the workspace key; nothing secret is stored).
 * - `survey_responses`: one answer; its score and follow-up text are also a feedback item
 *   (`item_id`, externalId `survey-response:{id}`), so analysis, cases and metrics see it. The
 *   extra questions' answers stay here (`answers`, JSON). `browser_key` is a hash of the
 *   respondent's browser key (the per-browser cap of public links).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  await db.schema
    .createTable('signing_keys')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft')) // draft | active | closed
    .addColumn('touchpoint_key', 'text')
    .addColumn('stage_key', 'text')
    .addColumn('question_kind', 'text', (c) => c.notNull()) // nps | csat | ces | stars
    .addColumn('definition', 'text', (c) => c.notNull()) // JSON: SurveyDefinition
    .addColumn('default_language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('browser_cap_days', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('edit_hours', 'integer', (c) => c.notNull().defaultTo(24))
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('surveys_workspace')
    .on('surveys')
    .columns(['workspace_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('customer_id', 'text') // null once the customer is erased
    .addColumn('email', 'text') // the address at send time; erased with the customer
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')) // pending | sent | answered | suppressed | failed
    .addColumn('reason', 'text')
    .addColumn('send_after', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addColumn('answered_at', ts)
    .addColumn('response_id', 'text')
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_invitations_survey')
    .on('survey_invitations')
    .columns(['workspace_id', 'survey_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('survey_invitations_customer')
    .on('survey_invitations')
    .columns(['workspace_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('invitation_id', 'text')
    .addColumn('item_id', 'text') // the feedback item
    .addColumn('customer_id', 'text')
    .addColumn('score', 'integer')
    .addColumn('text_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}')) // JSON: extra questions
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('browser_key', 'text') // sha256 of the browser's key
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('partial')) // partial | complete
    .addColumn('edit_until', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // The touchpoint an item's source declared (FeedbackInput.touchpoint: a survey of the delivery),
  // kept so that a later analysis of the item (the retry job) counts it too.
  await db.schema.alterTable('feedback_items').addColumn('declared_touchpoint', 'text').execute();

  for (const [name, cols] of [
    // Covering the results' counts, distribution and days (index-only), and the keyset pages.
    ['survey_responses_survey', ['workspace_id', 'survey_id', 'created_at', 'score', 'status']],
    ['survey_responses_browser', ['survey_id', 'browser_key']],
    ['survey_responses_customer', ['workspace_id', 'customer_id']],
    ['survey_responses_invitation', ['invitation_id']],
    ['survey_responses_item', ['item_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('survey_responses')
      .columns([...cols])
      .execute();
  }
}
