/**
 * Customers (issue #14): search and list, the profile, fields, identities, notes, merges and their
 * undo, the match-suggestion queue, and the CRM import. `customers:read` to read, `customers:write`
 * to change (agents and up). Another workspace's ids answer 404. Static `/customers/…` paths of the
 * profile routes (lifecycle, moments, ambassadors) are registered before these.
 */
import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize, type Principal } from '../../core/auth/index.js';
import { normaliseIdentity, searchPrefix } from '../../core/customers/identity.js';
import { runCustomerImport, unknownColumnsNote } from '../../core/customers/import.js';
import { stageOf } from '../../core/customers/lifecycle.js';
import { decideSuggestion, mergeCustomers, undoMerge } from '../../core/customers/merge.js';
import { profileOf } from '../../core/customers/profile.js';
import { segmentFilter } from '../../core/customers/segments.js';
import type {
  Customer,
  CustomerIdentityRow,
  CustomerMerge,
  CustomerStats,
  MatchSuggestion,
} from '../../core/customers/ports.js';
import { AppError } from '../../core/errors.js';
import { failStaleImports } from '../../core/feedback/run-import.js';
import type { Store } from '../../core/ports.js';
import type { ImportJob } from '../../core/types.js';
import { readCrmCsv } from '../../importers/crm-csv.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  CreateCustomerImportSchema,
  CustomerIdParam,
  CustomerImportSchema,
  CustomerListQuery,
  CustomerListSchema,
  CustomerPatchSchema,
  CustomerProfileSchema,
  DecisionSchema,
  IdentityIdParam,
  MergeBodySchema,
  MergeSchema,
  MergesQuery,
  MergesSchema,
  NewIdentitySchema,
  NewNoteSchema,
  NoteSchema,
  NotesSchema,
  PageQuery,
  SuggestionDecisionParam,
  SuggestionsQuery,
  SuggestionsSchema,
  CustomerIdentitySchema,
} from './customers.schema.js';

const TAGS = ['customers'];

// ---------- presenters ----------

const presentIdentity = (i: CustomerIdentityRow) => ({
  id: i.id,
  kind: i.kind as z.infer<typeof CustomerIdentitySchema>['kind'],
  platform: i.platform,
  value: i.value,
  createdAt: i.createdAt,
});

const shownName = (c: Customer) => c.displayName ?? c.name;

/** Rows of a list: each customer with its identities and stats (two queries for the page). */
async function summaries(store: Store, workspaceId: string, customers: readonly Customer[], now: string) {
  const ids = customers.map((c) => c.id);
  const [identities, stats] = await Promise.all([
    store.customers.identities(workspaceId, ids),
    store.customerProfiles.stats(workspaceId, ids),
  ]);
  const statsOf = new Map(stats.map((s) => [s.customerId, s]));
  return customers.map((c) => {
    const s = statsOf.get(c.id);
    return {
      id: c.id,
      name: shownName(c),
      city: c.city,
      lifecycle: s ? stageOf(s, now) : null,
      identities: identities.filter((i) => i.customerId === c.id).map(presentIdentity),
      lastSeenAt: s?.lastSeenAt ?? null,
      items: s?.items ?? 0,
      tags: c.tags,
      mergedInto: c.mergedInto,
    };
  });
}

const presentStats = (s: CustomerStats, stage: ReturnType<typeof stageOf>, name: string | null) => ({
  ...s,
  name,
  stage,
});

const presentMerge = (m: CustomerMerge) => ({
  id: m.id,
  survivorId: m.survivorId,
  mergedId: m.mergedId,
  reason: m.reason,
  moved: {
    identities: m.snapshot.identityIds?.length ?? 0,
    items: m.snapshot.itemIds?.length ?? 0,
    cases: m.snapshot.caseIds?.length ?? 0,
    notes: m.snapshot.noteIds?.length ?? 0,
    exceptions: m.snapshot.exceptionIds?.length ?? 0,
    moments: m.snapshot.momentIds?.length ?? 0,
  },
  actor: { type: m.actor.type, id: m.actor.id },
  createdAt: m.createdAt,
  undoneAt: m.undoneAt,
  undoneBy: m.undoneBy,
});

/** Suggestions with both customers inline (names, identities, item counts): three queries per page. */
async function presentSuggestions(
  store: Store,
  workspaceId: string,
  list: readonly MatchSuggestion[],
  now: string,
) {
  const ids = [...new Set(list.flatMap((s) => [s.customerA, s.customerB]))];
  const rows = await summaries(store, workspaceId, await store.customers.getMany(workspaceId, ids), now);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const side = (id: string) => {
    const r = byId.get(id);
    return {
      id,
      name: r?.name ?? null,
      city: r?.city ?? null,
      identities: r?.identities ?? [],
      items: r?.items ?? 0,
      mergedInto: r?.mergedInto ?? null,
    };
  };
  return list.map((s) => ({
    id: s.id,
    reason: s.reason,
    evidence: s.evidence,
    score: s.score,
    status: s.status,
    createdAt: s.createdAt,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt,
    a: side(s.customerA),
    b: side(s.customerB),
  }));
}

const presentCustomerImport = (j: ImportJob) => ({
  id: j.id,
  filename: j.filename,
  options: j.options,
  format: j.format,
  status: j.status,
  bytesTotal: j.bytesTotal,
  bytesRead: j.bytesRead,
  rows: j.rows,
  created: j.created,
  updated: j.updated,
  unchanged: j.unchanged,
  rejected: j.rejected,
  rejections: j.rejections.map((r) => ({
    line: r.line,
    field: r.field ?? '',
    message: r.reason,
    reason: r.reason,
  })),
  warnings: j.warnings,
  error: j.error,
  createdAt: j.createdAt,
  finishedAt: j.finishedAt,
  heartbeatAt: j.heartbeatAt,
});

// ---------- helpers ----------

async function scope(c: Context<AppEnv>, permission: 'customers:read' | 'customers:write') {
  const p: Principal = await workspacePrincipal(c);
  authorize(p, permission);
  const runtime = c.get('runtime');
  return {
    p,
    store: runtime.store,
    workspaceId: p.workspaceId,
    now: runtime.clock.now().toISOString(),
    runtime,
  };
}

async function customerOr404(store: Store, workspaceId: string, id: string): Promise<Customer> {
  const customer = await store.customers.get(workspaceId, id);
  if (!customer) throw new AppError('not_found', 'No such customer in this workspace.');
  return customer;
}

/** A customer that can be changed: not merged into another (that one is to be changed) and not erased. */
async function liveCustomer(store: Store, workspaceId: string, id: string): Promise<Customer> {
  const customer = await customerOr404(store, workspaceId, id);
  if (customer.mergedInto) {
    throw new AppError('conflict', `This customer was merged into ${customer.mergedInto}: change that one.`);
  }
  if (customer.erasedAt) throw new AppError('conflict', 'This customer was erased.');
  return customer;
}

async function authorNames(store: Store, ids: readonly (string | null)[]) {
  const names = new Map<string, string>();
  for (const id of new Set(ids.filter((x): x is string => x !== null))) {
    const u = await store.users.get(id);
    if (u) names.set(id, u.name);
  }
  return names;
}

// ---------- routes ----------

const listRoute = createRoute({
  method: 'get',
  path: '/customers',
  tags: TAGS,
  summary: 'Search customers (name prefix, e-mail, phone, handle), or list them newest first; keyset-paged',
  description:
    'Filters: `lifecycle` (the stage now, from each customer’s own cadence) and `segment` (members of a saved segment). Merged and erased customers are not listed.',
  security: SECURITY,
  request: { query: CustomerListQuery },
  responses: { 200: json(CustomerListSchema, 'A page of customers'), ...problems(400, 401, 403) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/customers/{id}',
  tags: TAGS,
  summary: 'A customer: fields, identities, lifecycle and stats, likes and dislikes, notes count',
  description: 'A merged customer answers with `mergedInto`: the survivor holds their history now.',
  security: SECURITY,
  request: { params: CustomerIdParam },
  responses: { 200: json(CustomerProfileSchema, 'The customer'), ...problems(401, 403, 404) },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/customers/{id}',
  tags: TAGS,
  summary: "Change a customer's fields (null clears one)",
  security: SECURITY,
  request: { params: CustomerIdParam, body: body(CustomerPatchSchema) },
  responses: { 200: json(CustomerProfileSchema, 'The customer'), ...problems(400, 401, 403, 404, 409) },
});

const addIdentityRoute = createRoute({
  method: 'post',
  path: '/customers/{id}/identities',
  tags: TAGS,
  summary: 'Add an identity (normalised); one another customer holds answers 409 naming them',
  security: SECURITY,
  request: { params: CustomerIdParam, body: body(NewIdentitySchema) },
  responses: { 201: json(CustomerIdentitySchema, 'Added'), ...problems(400, 401, 403, 404, 409) },
});

const removeIdentityRoute = createRoute({
  method: 'delete',
  path: '/customers/{id}/identities/{identityId}',
  tags: TAGS,
  summary: 'Remove an identity: items that come by it later make a new customer',
  security: SECURITY,
  request: { params: IdentityIdParam },
  responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
});

const notesRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/notes',
  tags: TAGS,
  summary: "The team's notes on a customer, newest first",
  security: SECURITY,
  request: { params: CustomerIdParam, query: PageQuery },
  responses: { 200: json(NotesSchema, 'Notes'), ...problems(401, 403, 404) },
});

const addNoteRoute = createRoute({
  method: 'post',
  path: '/customers/{id}/notes',
  tags: TAGS,
  summary: 'Add a note',
  security: SECURITY,
  request: { params: CustomerIdParam, body: body(NewNoteSchema) },
  responses: { 201: json(NoteSchema, 'Added'), ...problems(400, 401, 403, 404, 409) },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/customers/{id}/merge',
  tags: TAGS,
  summary: 'Merge another customer into this one (audited; undo with POST /customer-merges/{id}/undo)',
  security: SECURITY,
  request: { params: CustomerIdParam, body: body(MergeBodySchema) },
  responses: { 201: json(MergeSchema, 'The merge'), ...problems(400, 401, 403, 404, 409) },
});

const mergesRoute = createRoute({
  method: 'get',
  path: '/customer-merges',
  tags: TAGS,
  summary: 'Merges, newest first (of one customer with `customerId`)',
  security: SECURITY,
  request: { query: MergesQuery },
  responses: { 200: json(MergesSchema, 'Merges'), ...problems(401, 403) },
});

const undoRoute = createRoute({
  method: 'post',
  path: '/customer-merges/{id}/undo',
  tags: TAGS,
  summary: 'Undo a merge: both customers exactly as before; items since by the merged identities go back',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(MergeSchema, 'The merge, undone'), ...problems(401, 403, 404, 409) },
});

const suggestionsRoute = createRoute({
  method: 'get',
  path: '/customer-suggestions',
  tags: TAGS,
  summary: 'Possible matches for an agent to confirm, with both customers side by side',
  security: SECURITY,
  request: { query: SuggestionsQuery },
  responses: { 200: json(SuggestionsSchema, 'Suggestions'), ...problems(401, 403) },
});

const decideRoute = createRoute({
  method: 'post',
  path: '/customer-suggestions/{id}/{decision}',
  tags: TAGS,
  summary: '`merge` (the older customer survives) or `reject` (not the same person: never suggested again)',
  security: SECURITY,
  request: { params: SuggestionDecisionParam },
  responses: { 200: json(DecisionSchema, 'Decided'), ...problems(401, 403, 404, 409) },
});

const createImportRoute = createRoute({
  method: 'post',
  path: '/customer-imports',
  tags: TAGS,
  summary: 'Start a CRM import (CSV): then PUT the file to /customer-imports/{id}/file',
  description:
    'Columns: crm_id, name, email, phone, x/twitter, instagram, facebook, tiktok, google (handles), amazon (marketplace id), city, birthday, anniversary, first_purchase (YYYY-MM-DD), lifetime_value, currency, tags, language, referrals; `;` separates several values in a cell.',
  security: SECURITY,
  request: { body: body(CreateCustomerImportSchema) },
  responses: { 201: json(CustomerImportSchema, 'Waiting for the file'), ...problems(400, 401, 403) },
});

const uploadRoute = createRoute({
  method: 'put',
  path: '/customer-imports/{id}/file',
  tags: TAGS,
  summary: 'Upload the CSV; answers when imported. Poll GET /customer-imports/{id} meanwhile for progress.',
  security: SECURITY,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: { 200: json(CustomerImportSchema, 'Imported'), ...problems(400, 401, 403, 404, 409, 413) },
});

const getImportRoute = createRoute({
  method: 'get',
  path: '/customer-imports/{id}',
  tags: TAGS,
  summary: 'A customer import with its progress and rejected rows (line, field, message)',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(CustomerImportSchema, 'The import'), ...problems(401, 403, 404) },
});

const listImportsRoute = createRoute({
  method: 'get',
  path: '/customer-imports',
  tags: TAGS,
  summary: 'Recent customer imports',
  security: SECURITY,
  responses: {
    200: json(z.object({ imports: z.array(CustomerImportSchema) }), 'Imports'),
    ...problems(401, 403),
  },
});

export const customerRoutes = router()
  .openapi(listRoute, async (c) => {
    const { store, workspaceId, now } = await scope(c, 'customers:read');
    const q = c.req.valid('query');
    // A segment of another workspace answers 404.
    await segmentFilter(store.segments, workspaceId, q.segment);
    const prefix = q.q ? searchPrefix(q.q) : '';
    let customers: Customer[];
    let next: string | null;
    if (prefix === '' && q.lifecycle) {
      // The stage's own list, keyset by its indexed threshold (B's repository).
      const page = await store.customerProfiles.lifecycle({
        workspaceId,
        stage: q.lifecycle,
        now,
        cursor: q.cursor,
        limit: q.limit,
      });
      const found = new Map(
        (
          await store.customers.getMany(
            workspaceId,
            page.items.map((s) => s.customerId),
          )
        ).map((x) => [x.id, x]),
      );
      customers = page.items.flatMap((s) => {
        const x = found.get(s.customerId);
        return x && !x.mergedInto && !x.erasedAt ? [x] : [];
      });
      if (q.segment && customers.length > 0) {
        customers = (
          await store.customers.list({
            workspaceId,
            ids: customers.map((x) => x.id),
            segmentId: q.segment,
            limit: q.limit,
          })
        ).items;
      }
      next = page.next;
    } else {
      const page = await store.customers.list({
        workspaceId,
        q: prefix || undefined,
        segmentId: q.segment,
        cursor: q.cursor,
        limit: q.limit,
      });
      customers = page.items;
      next = page.next;
    }
    let rows = await summaries(store, workspaceId, customers, now);
    if (q.lifecycle && prefix !== '') rows = rows.filter((r) => r.lifecycle === q.lifecycle);
    return c.json({ customers: rows, nextCursor: next }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { store, workspaceId, now } = await scope(c, 'customers:read');
    const { id } = c.req.valid('param');
    const customer = await customerOr404(store, workspaceId, id);
    return c.json(await profile(store, workspaceId, customer, now), 200);
  })
  .openapi(patchRoute, async (c) => {
    const { p, store, workspaceId, now } = await scope(c, 'customers:write');
    const { id } = c.req.valid('param');
    await liveCustomer(store, workspaceId, id);
    const patch = c.req.valid('json');
    const fields = {
      ...patch,
      ...(patch.name !== undefined ? { displayName: patch.name } : {}),
    };
    const updated = await store.transaction(async (tx) => {
      const u = await tx.customers.update(workspaceId, id, fields, now);
      if (patch.referrals !== undefined) {
        await tx.customerProfiles.setReferrals(
          workspaceId,
          [{ customerId: id, referrals: patch.referrals }],
          now,
        );
      }
      // The fields changed, never their values: the audit log holds no personal data.
      await tx.audit.record({
        workspaceId,
        actor: p.actor,
        action: 'customer.update',
        targetType: 'customer',
        targetId: id,
        data: { fields: Object.keys(patch) },
      });
      return u;
    });
    if (!updated) throw new AppError('not_found', 'No such customer in this workspace.');
    return c.json(await profile(store, workspaceId, updated, now), 200);
  })
  .openapi(addIdentityRoute, async (c) => {
    const { p, store, workspaceId, now } = await scope(c, 'customers:write');
    const { id } = c.req.valid('param');
    await liveCustomer(store, workspaceId, id);
    const input = c.req.valid('json');
    const identity = normaliseIdentity(input, { region: input.region });
    if (!identity) {
      throw new AppError('validation_failed', `Not a valid ${input.kind}.`, [
        {
          path: 'value',
          message:
            input.kind === 'handle' || input.kind === 'marketplace_id'
              ? 'a value and a platform are needed'
              : input.kind === 'phone'
                ? 'not a phone number (a national number needs `region`)'
                : `not a valid ${input.kind}`,
        },
      ]);
    }
    const r = await store.customers.addIdentity(workspaceId, id, identity, now);
    if ('conflictWith' in r) {
      throw new AppError(
        'conflict',
        `Customer ${r.conflictWith} holds this identity: merge the two customers if they are one person.`,
      );
    }
    await store.audit.record({
      workspaceId,
      actor: p.actor,
      action: 'customer.identity.add',
      targetType: 'customer',
      targetId: id,
      data: { identityId: r.identity.id, kind: identity.kind, platform: identity.platform },
    });
    return c.json(presentIdentity(r.identity), 201);
  })
  .openapi(removeIdentityRoute, async (c) => {
    const { p, store, workspaceId } = await scope(c, 'customers:write');
    const { id, identityId } = c.req.valid('param');
    await customerOr404(store, workspaceId, id);
    if (!(await store.customers.removeIdentity(workspaceId, id, identityId))) {
      throw new AppError('not_found', 'No such identity of this customer.');
    }
    await store.audit.record({
      workspaceId,
      actor: p.actor,
      action: 'customer.identity.remove',
      targetType: 'customer',
      targetId: id,
      data: { identityId },
    });
    return c.body(null, 204);
  })
  .openapi(notesRoute, async (c) => {
    const { store, workspaceId } = await scope(c, 'customers:read');
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    await customerOr404(store, workspaceId, id);
    const page = await store.customers.notes(workspaceId, id, q.cursor, q.limit);
    const names = await authorNames(
      store,
      page.items.map((n) => n.authorId),
    );
    return c.json(
      {
        notes: page.items.map((n) => ({
          id: n.id,
          customerId: n.customerId,
          authorId: n.authorId,
          authorName: n.authorId ? (names.get(n.authorId) ?? null) : null,
          text: n.text,
          createdAt: n.createdAt,
        })),
        nextCursor: page.next,
      },
      200,
    );
  })
  .openapi(addNoteRoute, async (c) => {
    const { p, store, workspaceId, now } = await scope(c, 'customers:write');
    const { id } = c.req.valid('param');
    await liveCustomer(store, workspaceId, id);
    const { text } = c.req.valid('json');
    const authorId = p.actor.type === 'user' ? p.actor.id : null;
    const note = await store.customers.addNote({ workspaceId, customerId: id, authorId, text, now });
    await store.audit.record({
      workspaceId,
      actor: p.actor,
      action: 'customer.note.add',
      targetType: 'customer',
      targetId: id,
      data: { noteId: note.id },
    });
    const names = await authorNames(store, [authorId]);
    return c.json(
      { ...note, workspaceId: undefined, authorName: authorId ? (names.get(authorId) ?? null) : null },
      201,
    );
  })
  .openapi(mergeRoute, async (c) => {
    const { p, store, workspaceId, now } = await scope(c, 'customers:write');
    const { id } = c.req.valid('param');
    const { otherId } = c.req.valid('json');
    await customerOr404(store, workspaceId, id);
    await customerOr404(store, workspaceId, otherId);
    const merge = await mergeCustomers(store, {
      workspaceId,
      survivorId: id,
      mergedId: otherId,
      reason: 'manual',
      actor: p.actor,
      now,
    });
    return c.json(presentMerge(merge), 201);
  })
  .openapi(mergesRoute, async (c) => {
    const { store, workspaceId } = await scope(c, 'customers:read');
    const q = c.req.valid('query');
    const page = await store.customers.merges(workspaceId, { customerId: q.customerId }, q.cursor, q.limit);
    return c.json({ merges: page.items.map(presentMerge), nextCursor: page.next }, 200);
  })
  .openapi(undoRoute, async (c) => {
    const { p, store, workspaceId, now } = await scope(c, 'customers:write');
    const { id } = c.req.valid('param');
    const merge = await undoMerge(store, { workspaceId, mergeId: id, actor: p.actor, now });
    return c.json(presentMerge(merge), 200);
  })
  .openapi(suggestionsRoute, async (c) => {
    const { store, workspaceId, now } = await scope(c, 'customers:read');
    const q = c.req.valid('query');
    const page = await store.customers.suggestions(
      workspaceId,
      { status: q.status, customerId: q.customerId },
      q.cursor,
      q.limit,
    );
    return c.json(
      { suggestions: await presentSuggestions(store, workspaceId, page.items, now), nextCursor: page.next },
      200,
    );
  })
  .openapi(decideRoute, async (c) => {
    const { p, store, workspaceId, now } = await scope(c, 'customers:write');
    const { id, decision } = c.req.valid('param');
    const r = await decideSuggestion(store, { workspaceId, suggestionId: id, decision, actor: p.actor, now });
    const [suggestion] = await presentSuggestions(store, workspaceId, [r.suggestion], now);
    if (!suggestion) throw new AppError('not_found', 'No such suggestion.');
    return c.json({ suggestion, merge: r.merge ? presentMerge(r.merge) : null }, 200);
  })
  .openapi(createImportRoute, async (c) => {
    const { p, store, workspaceId } = await scope(c, 'customers:write');
    const { filename, size, ...options } = c.req.valid('json');
    const job = await store.imports.create({
      workspaceId,
      filename,
      options,
      bytesTotal: size ?? null,
      createdBy: p.actor.id,
      kind: 'customers',
    });
    return c.json(presentCustomerImport(job), 201);
  })
  .openapi(uploadRoute, async (c) => {
    const { p, store, workspaceId, runtime } = await scope(c, 'customers:write');
    const { id } = c.req.valid('param');
    const job = await store.imports.get(workspaceId, id, 'customers');
    if (!job) throw new AppError('import_not_found', 'No such customer import in this workspace.');
    if (job.status !== 'waiting')
      throw new AppError('conflict', `This import is ${job.status}; start a new one.`);
    const raw = c.req.raw.body;
    if (!raw) throw new AppError('validation_failed', 'The request has no body: send the file as the body.');
    const options = job.options as { region?: string; encoding?: string };
    const max = runtime.config.maxUploadBytes;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max) {
          done(
            new AppError(
              'batch_too_large',
              `The file is larger than ${max} bytes (TOUCHPOINT_MAX_UPLOAD_MB).`,
            ),
          );
        } else done(null, chunk);
      },
    });
    const stream = pipeline(Readable.fromWeb(raw as WebReadableStream<Uint8Array>), counter, () => {});
    const reader = readCrmCsv(stream, { encoding: options.encoding, filename: job.filename });
    try {
      await runCustomerImport(
        store,
        { workspaceId, actor: p.actor, importId: id, region: options.region },
        {
          rows: reader.rows,
          bytesRead: () => bytes,
          warnings: () => [...reader.warnings(), ...unknownColumnsNote(reader.header())],
        },
        { clock: runtime.clock },
      );
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('invalid_file', e instanceof Error ? e.message : String(e));
    }
    const done = await store.imports.get(workspaceId, id, 'customers');
    if (!done) throw new AppError('import_not_found', 'The import vanished.');
    return c.json(presentCustomerImport(done), 200);
  })
  .openapi(getImportRoute, async (c) => {
    const { store, workspaceId, runtime } = await scope(c, 'customers:read');
    const { id } = c.req.valid('param');
    await failStaleImports(store, runtime.clock, workspaceId);
    const job = await store.imports.get(workspaceId, id, 'customers');
    if (!job) throw new AppError('import_not_found', 'No such customer import in this workspace.');
    return c.json(presentCustomerImport(job), 200);
  })
  .openapi(listImportsRoute, async (c) => {
    const { store, workspaceId, runtime } = await scope(c, 'customers:read');
    await failStaleImports(store, runtime.clock, workspaceId);
    const jobs = await store.imports.list(workspaceId, 20, 'customers');
    return c.json({ imports: jobs.map(presentCustomerImport) }, 200);
  });

/** The profile of a customer: fields, identities, B's stats, likes/dislikes and moments, counts. */
async function profile(store: Store, workspaceId: string, customer: Customer, now: string) {
  const [identities, summary, notesCount, open] = await Promise.all([
    store.customers.identities(workspaceId, [customer.id]),
    profileOf(store, workspaceId, customer.id, now),
    store.customers.noteCount(workspaceId, customer.id),
    store.customers.suggestions(workspaceId, { status: 'open', customerId: customer.id }, undefined, 50),
  ]);
  const lean = (t: { touchpointKey: string; mentions: number; positive: number; negative: number }) => ({
    touchpoint: t.touchpointKey,
    mentions: t.mentions,
    positive: t.positive,
    negative: t.negative,
  });
  return {
    id: customer.id,
    name: shownName(customer),
    crmName: customer.name,
    city: customer.city,
    birthday: customer.birthday,
    anniversary: customer.anniversary,
    firstPurchase: customer.firstPurchase,
    lifetimeValue: customer.lifetimeValue,
    currency: customer.currency,
    tags: customer.tags,
    language: customer.language,
    crmId: customer.crmId,
    referrals: customer.referrals,
    mergedInto: customer.mergedInto,
    erasedAt: customer.erasedAt,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    identities: identities.map(presentIdentity),
    lifecycle: summary.stats?.stage ?? null,
    stats: summary.stats ? presentStats(summary.stats, summary.stats.stage, shownName(customer)) : null,
    likes: summary.likes.map(lean),
    dislikes: summary.dislikes.map(lean),
    intents: summary.intents,
    moments: summary.moments.map((m) => ({
      id: m.id,
      kind: m.kind,
      occurredAt: m.occurredAt,
      detail: m.detail,
    })),
    notesCount,
    openSuggestions: open.items.length,
  };
}
