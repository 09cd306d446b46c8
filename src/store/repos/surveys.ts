/**
 * Surveys, their invitations and responses (issue #15, migration 0021), and the workspaces' signing
 * keys, on both dialects. Every query filters by workspace except the two a public link needs before
 * it knows the workspace (`byPublicId`, `invitationById`: a unique id names the row). Results are
 * aggregated in SQL over `survey_responses (workspace_id, survey_id, created_at)`.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { SigningKeyRepo } from '../../core/signed-token.js';
import {
  SurveyDefinitionSchema,
  THEME_ANSWERS,
  isHigh,
  isLow,
  type QuestionKind,
} from '../../core/surveys/definition.js';
import type {
  InvitationStatus,
  Survey,
  SurveyAggregates,
  SurveyInvitation,
  SurveyRepo,
  SurveyResponse,
  SurveyStatus,
} from '../../core/surveys/ports.js';
import type { DB } from '../schema.js';
import { chunks, decodePair, encodeCursor, newId, newSortableId, parseJson, type Conn } from './util.js';

/** Row types of migration 0021's tables. */
export type SurveyTables = {
  signing_keys: { workspace_id: string; key: string; created_at: string };
  surveys: {
    id: string;
    workspace_id: string;
    public_id: string;
    name: string;
    status: string;
    touchpoint_key: string | null;
    stage_key: string | null;
    question_kind: string;
    definition: string;
    default_language: string;
    browser_cap_days: number;
    edit_hours: number;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  survey_invitations: {
    id: string;
    workspace_id: string;
    survey_id: string;
    customer_id: string | null;
    email: string | null;
    language: string;
    status: string;
    reason: string | null;
    send_after: string;
    sent_at: string | null;
    answered_at: string | null;
    response_id: string | null;
    expires_at: string;
    event_id: string | null;
    created_at: string;
  };
  survey_responses: {
    id: string;
    workspace_id: string;
    survey_id: string;
    invitation_id: string | null;
    item_id: string | null;
    customer_id: string | null;
    score: number | null;
    text_done: number;
    answers: string;
    language: string;
    browser_key: string | null;
    status: string;
    edit_until: string;
    created_at: string;
    updated_at: string;
  };
};

type SurveysDb = Kysely<DB & SurveyTables>;
export const withSurveyTables = (db: Kysely<DB>): SurveysDb => db.withTables<SurveyTables>();

type SurveyRow = SurveyTables['surveys'];
type InvitationRow = SurveyTables['survey_invitations'];
type ResponseRow = SurveyTables['survey_responses'];

function presentSurvey(r: SurveyRow): Survey {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    publicId: r.public_id,
    name: r.name,
    status: r.status as SurveyStatus,
    touchpointKey: r.touchpoint_key,
    stageKey: r.stage_key,
    questionKind: r.question_kind as QuestionKind,
    definition: SurveyDefinitionSchema.parse(parseJson(r.definition, {})),
    defaultLanguage: r.default_language,
    browserCapDays: Number(r.browser_cap_days),
    editHours: Number(r.edit_hours),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function presentInvitation(r: InvitationRow): SurveyInvitation {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    surveyId: r.survey_id,
    customerId: r.customer_id,
    email: r.email,
    language: r.language,
    status: r.status as InvitationStatus,
    reason: r.reason,
    sendAfter: r.send_after,
    sentAt: r.sent_at,
    answeredAt: r.answered_at,
    responseId: r.response_id,
    expiresAt: r.expires_at,
    eventId: r.event_id,
    createdAt: r.created_at,
  };
}

function presentResponse(r: ResponseRow): SurveyResponse & { browserKeyHash: string | null } {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    surveyId: r.survey_id,
    invitationId: r.invitation_id,
    itemId: r.item_id,
    customerId: r.customer_id,
    score: r.score === null ? null : Number(r.score),
    textDone: Number(r.text_done) === 1,
    answers: parseJson<Record<string, string>>(r.answers, {}),
    language: r.language,
    status: r.status as 'partial' | 'complete',
    editUntil: r.edit_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    browserKeyHash: r.browser_key,
  };
}

export function signingKeyRepo({ db: base }: Conn): SigningKeyRepo {
  const db = withSurveyTables(base);
  return {
    async keyFor(workspaceId) {
      const read = () =>
        db
          .selectFrom('signing_keys')
          .select('key')
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirst();
      const found = await read();
      if (found) return Buffer.from(found.key, 'base64');
      await db
        .insertInto('signing_keys')
        .values({
          workspace_id: workspaceId,
          key: randomBytes(32).toString('base64'),
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      const made = await read();
      if (!made) throw new Error('signing key was not stored');
      return Buffer.from(made.key, 'base64');
    },
  };
}

export function surveyRepo({ db: base, dialect }: Conn): SurveyRepo {
  const db = withSurveyTables(base);
  const day =
    dialect === 'postgres'
      ? sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD')`
      : sql<string>`substr(r.created_at, 1, 10)`;
  return {
    async create(input, now) {
      const row: SurveyRow = {
        id: newId(),
        workspace_id: input.workspaceId,
        public_id: input.publicId,
        name: input.name,
        status: 'draft',
        touchpoint_key: input.touchpointKey,
        stage_key: input.stageKey,
        question_kind: input.definition.question.kind,
        definition: JSON.stringify(input.definition),
        default_language: input.defaultLanguage,
        browser_cap_days: input.browserCapDays,
        edit_hours: input.editHours,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('surveys').values(row).execute();
      return presentSurvey(row);
    },

    async get(workspaceId, id) {
      const r = await db
        .selectFrom('surveys')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? presentSurvey(r) : undefined;
    },

    async byPublicId(publicId) {
      const r = await db
        .selectFrom('surveys')
        .selectAll()
        .where('public_id', '=', publicId)
        .executeTakeFirst();
      return r ? presentSurvey(r) : undefined;
    },

    async list(workspaceId) {
      const rows = await db
        .selectFrom('surveys as s')
        .selectAll('s')
        .select((eb) => [
          eb
            .selectFrom('survey_responses as r')
            .select(eb.fn.countAll<string>().as('n'))
            .where('r.workspace_id', '=', workspaceId)
            .whereRef('r.survey_id', '=', 's.id')
            .as('responses'),
          eb
            .selectFrom('survey_invitations as i')
            .select(eb.fn.countAll<string>().as('n'))
            .where('i.workspace_id', '=', workspaceId)
            .whereRef('i.survey_id', '=', 's.id')
            .as('invited'),
        ])
        .where('s.workspace_id', '=', workspaceId)
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(500)
        .execute();
      return rows.map((r) => ({
        ...presentSurvey(r),
        responses: Number(r.responses ?? 0),
        invited: Number(r.invited ?? 0),
      }));
    },

    async active(workspaceId) {
      const rows = await db
        .selectFrom('surveys')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('status', '=', 'active')
        .execute();
      return rows.map(presentSurvey);
    },

    async update(workspaceId, id, patch, now) {
      const set: Partial<SurveyRow> = { updated_at: now };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.touchpointKey !== undefined) set.touchpoint_key = patch.touchpointKey;
      if (patch.stageKey !== undefined) set.stage_key = patch.stageKey;
      if (patch.definition !== undefined) {
        set.definition = JSON.stringify(patch.definition);
        set.question_kind = patch.definition.question.kind;
      }
      if (patch.defaultLanguage !== undefined) set.default_language = patch.defaultLanguage;
      if (patch.browserCapDays !== undefined) set.browser_cap_days = patch.browserCapDays;
      if (patch.editHours !== undefined) set.edit_hours = patch.editHours;
      await db
        .updateTable('surveys')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      return this.get(workspaceId, id);
    },

    async createInvitations(workspaceId, rows, now) {
      if (rows.length === 0) return [];
      const out: InvitationRow[] = rows.map((r) => ({
        id: newSortableId().replace(/-/g, ''),
        workspace_id: workspaceId,
        survey_id: r.surveyId,
        customer_id: r.customerId,
        email: null,
        language: r.language,
        status: 'pending',
        reason: null,
        send_after: r.sendAfter,
        sent_at: null,
        answered_at: null,
        response_id: null,
        expires_at: r.expiresAt,
        event_id: r.eventId,
        created_at: now,
      }));
      for (const part of chunks(out, 200)) await db.insertInto('survey_invitations').values(part).execute();
      return out.map(presentInvitation);
    },

    async invitation(workspaceId, id) {
      const r = await db
        .selectFrom('survey_invitations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? presentInvitation(r) : undefined;
    },

    async invitationById(id) {
      const r = await db.selectFrom('survey_invitations').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? presentInvitation(r) : undefined;
    },

    async openlyInvited(workspaceId, surveyId, customerIds) {
      const out = new Set<string>();
      for (const part of chunks(customerIds, 1_000)) {
        const rows = await db
          .selectFrom('survey_invitations')
          .select('customer_id')
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .where('survey_id', '=', surveyId)
          .where('status', 'in', ['pending', 'sent'])
          .execute();
        for (const r of rows) if (r.customer_id) out.add(r.customer_id);
      }
      return out;
    },

    async invitationsByIds(workspaceId, ids) {
      const out: SurveyInvitation[] = [];
      for (const part of chunks(ids)) {
        const rows = await db
          .selectFrom('survey_invitations')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
        out.push(...rows.map(presentInvitation));
      }
      return out;
    },

    async setInvitationStatus(workspaceId, ids, patch) {
      let n = 0;
      for (const part of chunks(ids)) {
        const set: Partial<InvitationRow> = { status: patch.status };
        if (patch.reason !== undefined) set.reason = patch.reason;
        if (patch.sentAt !== undefined) set.sent_at = patch.sentAt;
        if (patch.email !== undefined) set.email = patch.email;
        const r = await db
          .updateTable('survey_invitations')
          .set(set)
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .where('status', '!=', 'answered')
          .executeTakeFirst();
        n += Number(r.numUpdatedRows);
      }
      return n;
    },

    async invitations({ workspaceId, surveyId, status, cursor, limit }) {
      const after = decodePair(cursor);
      const rows = await db
        .selectFrom('survey_invitations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('survey_id', '=', surveyId)
        .$if(status !== undefined, (qb) => qb.where('status', '=', status ?? ''))
        .$if(after !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([
              eb('created_at', '<', after?.[0] ?? ''),
              eb.and([eb('created_at', '=', after?.[0] ?? ''), eb('id', '<', after?.[1] ?? '')]),
            ]),
          ),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(presentInvitation);
      const last = items[items.length - 1];
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },

    async claimInvitation(workspaceId, invitationId, responseId, now) {
      const r = await db
        .updateTable('survey_invitations')
        .set({ status: 'answered', answered_at: now, response_id: responseId })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', invitationId)
        .where('response_id', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertResponse(input) {
      const row: ResponseRow = {
        id: input.id,
        workspace_id: input.workspaceId,
        survey_id: input.surveyId,
        invitation_id: input.invitationId,
        item_id: null,
        customer_id: input.customerId,
        score: input.score,
        text_done: input.textDone ? 1 : 0,
        answers: JSON.stringify(input.answers),
        language: input.language,
        browser_key: input.browserKeyHash,
        status: input.status,
        edit_until: input.editUntil,
        created_at: input.now,
        updated_at: input.now,
      };
      await db.insertInto('survey_responses').values(row).execute();
      return presentResponse(row);
    },

    async response(workspaceId, id) {
      const r = await db
        .selectFrom('survey_responses')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? presentResponse(r) : undefined;
    },

    async updateResponse(workspaceId, id, patch, now) {
      const set: Partial<ResponseRow> = { updated_at: now };
      if (patch.score !== undefined) set.score = patch.score;
      if (patch.textDone !== undefined) set.text_done = patch.textDone ? 1 : 0;
      if (patch.answers !== undefined) set.answers = JSON.stringify(patch.answers);
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.language !== undefined) set.language = patch.language;
      if (patch.itemId !== undefined) set.item_id = patch.itemId;
      await db
        .updateTable('survey_responses')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    async answeredByBrowser(workspaceId, surveyId, browserKeyHash, since) {
      const r = await db
        .selectFrom('survey_responses')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('survey_id', '=', surveyId)
        .where('browser_key', '=', browserKeyHash)
        .where('created_at', '>=', since)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },

    async responses({ workspaceId, surveyId, cursor, limit }) {
      const after = decodePair(cursor);
      const rows = await db
        .selectFrom('survey_responses as r')
        .leftJoin('feedback_items as f', (j) =>
          j.onRef('f.id', '=', 'r.item_id').on('f.workspace_id', '=', workspaceId),
        )
        .selectAll('r')
        .select(['f.text as item_text', 'f.sentiment_label as item_sentiment'])
        .where('r.workspace_id', '=', workspaceId)
        .where('r.survey_id', '=', surveyId)
        .$if(after !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([
              eb('r.created_at', '<', after?.[0] ?? ''),
              eb.and([eb('r.created_at', '=', after?.[0] ?? ''), eb('r.id', '<', after?.[1] ?? '')]),
            ]),
          ),
        )
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map((r) => {
        const { browserKeyHash: _hidden, ...response } = presentResponse(r);
        return { ...response, text: r.item_text ?? null, sentiment: r.item_sentiment ?? null };
      });
      const last = items[items.length - 1];
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },

    async surveysOfItems(workspaceId, itemIds) {
      const out = new Map<string, { id: string; name: string }>();
      for (const part of chunks(itemIds)) {
        const rows = await db
          .selectFrom('survey_responses as r')
          .innerJoin('surveys as s', 's.id', 'r.survey_id')
          .select(['r.item_id', 's.id', 's.name'])
          .where('r.workspace_id', '=', workspaceId)
          .where('r.item_id', 'in', part)
          .execute();
        for (const r of rows) if (r.item_id) out.set(r.item_id, { id: r.id, name: r.name });
      }
      return out;
    },

    async aggregates(workspaceId, surveyId, period, kind) {
      const base = db
        .selectFrom('survey_responses as r')
        .where('r.workspace_id', '=', workspaceId)
        .where('r.survey_id', '=', surveyId)
        .$if(period.from !== undefined, (qb) => qb.where('r.created_at', '>=', period.from ?? ''))
        .$if(period.to !== undefined, (qb) => qb.where('r.created_at', '<', period.to ?? ''));

      // One read of the covering index (workspace_id, survey_id, created_at, score, status) gives the
      // counts, the distribution and the days: three reads of it cost 66 ms over 80,000 answers.
      const groups = await base
        .select((eb) => [day.as('day'), 'r.score', 'r.status', eb.fn.countAll<string>().as('n')])
        .groupBy([day, 'r.score', 'r.status'])
        .execute();
      let responses = 0;
      let complete = 0;
      const byScore = new Map<number, number>();
      const byDay = new Map<string, number>();
      for (const g of groups) {
        const n = Number(g.n);
        responses += n;
        if (g.status === 'complete') complete += n;
        if (g.score === null) continue;
        const score = Number(g.score);
        byScore.set(score, (byScore.get(score) ?? 0) + n);
        const key = `${String(g.day)}\u0000${score}`;
        byDay.set(key, (byDay.get(key) ?? 0) + n);
      }
      const distribution = [...byScore].sort((a, b) => a[0] - b[0]).map(([score, n]) => ({ score, n }));
      const days = [...byDay].map(([key, n]) => {
        const [d = '', score = '0'] = key.split('\u0000');
        return { day: d, score: Number(score), n };
      });

      const invitations = await db
        .selectFrom('survey_invitations')
        .select((eb) => ['status', eb.fn.countAll<string>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('survey_id', '=', surveyId)
        .$if(period.from !== undefined, (qb) => qb.where('created_at', '>=', period.from ?? ''))
        .$if(period.to !== undefined, (qb) => qb.where('created_at', '<', period.to ?? ''))
        .groupBy('status')
        .execute();
      const inv: Record<InvitationStatus, number> = {
        pending: 0,
        sent: 0,
        answered: 0,
        suppressed: 0,
        failed: 0,
      };
      for (const r of invitations) inv[r.status as InvitationStatus] = Number(r.n);

      // Themes: the touchpoints and intents of the answers' items, per score (folded into low/high),
      // from the latest THEME_ANSWERS answers of the period: the join with the items' touchpoints cost
      // ~50 ms per 13,000 answers, 0.3–0.4 s over 80,000, so a survey's all-time page grew with it.
      const themeRows = async (table: 'item_touchpoints' | 'item_intents') => {
        const col = table === 'item_touchpoints' ? sql.ref('t.touchpoint_key') : sql.ref('t.intent');
        const { rows } = await sql<{ key: string; score: number; n: string | number }>`
          select ${col} as key, r.score as score, count(*) as n
          from (
            select item_id, score from survey_responses
            where workspace_id = ${workspaceId} and survey_id = ${surveyId} and score is not null
              ${period.from !== undefined ? sql`and created_at >= ${period.from}` : sql``}
              ${period.to !== undefined ? sql`and created_at < ${period.to}` : sql``}
            order by created_at desc
            limit ${THEME_ANSWERS}
          ) r
          join ${sql.table(table)} t on t.item_id = r.item_id and t.workspace_id = ${workspaceId}
          group by ${col}, r.score`.execute(db);
        const out: { key: string; group: 'low' | 'high'; n: number }[] = [];
        for (const r of rows) {
          const score = Number(r.score);
          const group = isLow(kind, score) ? 'low' : isHigh(kind, score) ? 'high' : undefined;
          if (group) out.push({ key: r.key, group, n: Number(r.n) });
        }
        return out;
      };

      const latest = await base
        .innerJoin('feedback_items as f', (j) =>
          j.onRef('f.id', '=', 'r.item_id').on('f.workspace_id', '=', workspaceId),
        )
        .select(['r.id', 'r.item_id', 'r.score', 'r.created_at', 'f.text', 'f.sentiment_label'])
        .where('f.text', '!=', '')
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(20)
        .execute();

      const result: SurveyAggregates = {
        responses,
        complete,
        invitations: inv,
        answeredInvitations: inv.answered,
        distribution,
        days,
        touchpoints: await themeRows('item_touchpoints'),
        intents: await themeRows('item_intents'),
        latest: latest.map((r) => ({
          responseId: r.id,
          itemId: r.item_id,
          score: r.score === null ? null : Number(r.score),
          text: r.text,
          sentiment: r.sentiment_label,
          at: r.created_at,
        })),
      };
      return result;
    },
  };
}

// --- Privacy (issue #14's export and erasure cover the survey tables) ---------------------------------

/**
 * A person's survey rows for their export: the invitations sent to them and their answers (with the
 * extra questions' answers; the score and follow-up text are in their feedback items).
 */
export async function exportSurveyRows(
  base: Kysely<DB>,
  workspaceId: string,
  customerIds: readonly string[],
  itemIds: readonly string[],
): Promise<{ invitations: Record<string, unknown>[]; responses: Record<string, unknown>[] }> {
  const db = withSurveyTables(base);
  const invitations: InvitationRow[] = [];
  const responses = new Map<string, ResponseRow>();
  for (const part of chunks(customerIds)) {
    invitations.push(
      ...(await db
        .selectFrom('survey_invitations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', 'in', part)
        .execute()),
    );
    for (const r of await db
      .selectFrom('survey_responses')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .execute())
      responses.set(r.id, r);
  }
  for (const part of chunks(itemIds)) {
    for (const r of await db
      .selectFrom('survey_responses')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('item_id', 'in', part)
      .execute())
      responses.set(r.id, r);
  }
  return {
    invitations: invitations.map((i) => ({ ...presentInvitation(i), workspaceId: undefined })),
    responses: [...responses.values()].map((r) => {
      const { browserKeyHash: _hidden, workspaceId: _ws, ...rest } = presentResponse(r);
      return rest;
    }),
  };
}

/**
 * Erases a person's survey rows: the address an invitation went to, their answers to the extra
 * questions and the browser key's hash go; scores, statuses and dates stay (the results keep their
 * counts). Invitations not sent yet are suppressed (`erased`): nothing more goes out to them.
 * Returns the rows changed.
 */
export async function eraseSurveyRows(
  base: Kysely<DB>,
  workspaceId: string,
  customerIds: readonly string[],
  itemIds: readonly string[],
): Promise<number> {
  const db = withSurveyTables(base);
  let n = 0;
  for (const part of chunks(customerIds)) {
    await db
      .updateTable('survey_invitations')
      .set({ status: 'suppressed', reason: 'erased' })
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .where('status', '=', 'pending')
      .execute();
    const r = await db
      .updateTable('survey_invitations')
      .set({ email: null })
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
    const s = await db
      .updateTable('survey_responses')
      .set({ answers: '{}', browser_key: null })
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .executeTakeFirst();
    n += Number(s.numUpdatedRows);
  }
  for (const part of chunks(itemIds)) {
    const s = await db
      .updateTable('survey_responses')
      .set({ answers: '{}', browser_key: null })
      .where('workspace_id', '=', workspaceId)
      .where('item_id', 'in', part)
      .executeTakeFirst();
    n += Number(s.numUpdatedRows);
  }
  return n;
}
