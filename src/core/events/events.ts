/**
 * Customer events and survey triggers (issue #15, slice D). A business's systems report what
 * happened ("order.delivered", "case.closed") with the customer's identities; each event is stored
 * once per external id, its customer resolved (found or created by identity), and every active
 * survey with a trigger for its type invites that customer `delayHours` after the event. Outreach
 * (slice C) then decides and sends the invitation at that time (caps, consent, quiet hours).
 * A replayed event (same external id) changes nothing and invites nobody again.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../cases/clock.js';
import { normaliseIdentity, uniqueIdentities } from '../customers/identity.js';
import { postedRange, inRange } from '../dates.js';
import { IdentitySchema } from '../feedback/schema.js';
import type { Repos, Store } from '../ports.js';
import { chooseLanguage, languagesOf } from '../surveys/definition.js';
import type { NewCustomerEvent } from './ports.js';

/** Most events in one request. */
export const MAX_EVENTS = 500;

export const EVENT_TYPE = /^[a-z0-9][a-z0-9_.-]{0,79}$/;

/** A value of `data`: small and flat (ids, amounts, flags), no free text required. */
const DataValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const EventInputSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    type: z.string().trim().toLowerCase().regex(EVENT_TYPE, 'must be an event type like "order.delivered"'),
    occurredAt: z.iso.datetime({ offset: true }).superRefine(inRange(postedRange)),
    customer: z
      .object({
        name: z.string().trim().max(200).optional(),
        identities: z.array(IdentitySchema).min(1).max(20),
      })
      .strict(),
    touchpoint: z.string().trim().min(1).max(80).optional(),
    data: z
      .record(z.string().max(80), DataValue)
      .refine((d) => Object.keys(d).length <= 50, 'at most 50 keys')
      .optional(),
  })
  .strict();
export type EventInput = z.infer<typeof EventInputSchema>;

/** One survey invitation an event asks outreach to send (slice C's `scheduleAsks`). */
export interface SurveyAsk {
  kind: 'survey';
  refId: string;
  customerId: string;
  notBefore: string;
}

export interface EventDeps {
  store: Store;
  clock: Clock;
  /** ISO region national phone numbers are read in. */
  phoneRegion?: string | undefined;
  /** Hands the invitations to outreach; without it they stay `pending`. */
  scheduleAsks?: ((workspaceId: string, asks: SurveyAsk[]) => Promise<void>) | undefined;
}

export interface EventResult {
  externalId: string;
  id: string | null;
  status: 'created' | 'duplicate' | 'unresolved';
  customerId: string | null;
  /** Invitations this event created (0 for a duplicate). */
  invitations: number;
}

export interface IngestEventsResult {
  created: number;
  duplicates: number;
  invitations: number;
  events: EventResult[];
}

const HOUR_MS = 3_600_000;

/**
 * Stores events idempotently and fires the surveys' triggers for the new ones. One transaction:
 * a few queries per batch (known ids, customers, insert, active surveys, invitations), none per event.
 *
 * @example
 * await ingestEvents(deps, ws, [{ externalId: 'order-1042', type: 'order.delivered',
 *   occurredAt: '2026-03-02T10:00:00Z', customer: { identities: [{ kind: 'email', value: 'a@b.example' }] } }]);
 */
export async function ingestEvents(
  deps: EventDeps,
  workspaceId: string,
  inputs: readonly EventInput[],
): Promise<IngestEventsResult> {
  const now = deps.clock.now().toISOString();
  const { results, asks } = await deps.store.transaction(async (tx) => {
    const results: EventResult[] = inputs.map((e) => ({
      externalId: e.externalId,
      id: null,
      status: 'duplicate',
      customerId: null,
      invitations: 0,
    }));
    const known = await tx.events.known(
      workspaceId,
      inputs.map((e) => e.externalId),
    );
    // The first of each new external id in the batch; known ones and repeats are duplicates.
    const seen = new Set<string>();
    const fresh: number[] = [];
    inputs.forEach((e, i) => {
      const stored = known.get(e.externalId);
      const r = results[i];
      if (!r) return;
      if (stored) {
        r.id = stored.id;
        r.customerId = stored.customerId;
      } else if (!seen.has(e.externalId)) {
        seen.add(e.externalId);
        fresh.push(i);
      }
    });
    const resolved = await tx.customers.resolveMany(
      workspaceId,
      fresh.map((i) => {
        const e = inputs[i];
        const identities = uniqueIdentities(
          (e?.customer.identities ?? []).flatMap(
            (id) => normaliseIdentity(id, { region: deps.phoneRegion }) ?? [],
          ),
        );
        return { identities, name: e?.customer.name };
      }),
      now,
    );
    const rows: NewCustomerEvent[] = fresh.map((i, k) => {
      const e = inputs[i];
      if (!e) throw new Error('unreachable');
      return {
        id: randomUUID(),
        externalId: e.externalId,
        type: e.type,
        customerId: resolved[k]?.customerId ?? null,
        occurredAt: new Date(e.occurredAt).toISOString(),
        touchpointKey: e.touchpoint ?? null,
        data: e.data ?? {},
        createdAt: now,
      };
    });
    const inserted = await tx.events.insertMany(workspaceId, rows);
    const stored = rows.filter((r) => inserted.has(r.id));
    fresh.forEach((i, k) => {
      const r = results[i];
      const row = rows[k];
      if (!r || !row) return;
      if (inserted.has(row.id)) {
        r.id = row.id;
        r.customerId = row.customerId;
        r.status = row.customerId === null ? 'unresolved' : 'created';
      }
    });
    const asks = await fireTriggers(tx, workspaceId, stored, now);
    const perEvent = new Map<string, number>();
    for (const a of asks) perEvent.set(a.eventId, (perEvent.get(a.eventId) ?? 0) + 1);
    await tx.events.setInvitations(
      workspaceId,
      [...perEvent].map(([id, invitations]) => ({ id, invitations })),
    );
    for (const r of results) if (r.status !== 'duplicate' && r.id) r.invitations = perEvent.get(r.id) ?? 0;
    return { results, asks };
  });
  // Outreach decides each ask (caps, open cases, consent, quiet hours) and queues the send for its time.
  if (asks.length > 0)
    await deps.scheduleAsks?.(
      workspaceId,
      asks.map(({ refId, customerId, notBefore }) => ({ kind: 'survey', refId, customerId, notBefore })),
    );
  return {
    created: results.filter((r) => r.status !== 'duplicate').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    invitations: asks.length,
    events: results,
  };
}

/**
 * The invitations of new events: for every active survey with a trigger for an event's type, one
 * pending invitation of the event's customer, to be sent `delayHours` after the event, in the
 * customer's language when the survey offers it. One query for the surveys, one for the customers'
 * languages, one insert.
 */
/**
 * How late a trigger may still fire: an event whose invitation was due more than this long ago
 * (an imported history, a replayed backlog) is stored but invites nobody.
 */
export const TRIGGER_LATE_HOURS = 24;

async function fireTriggers(
  tx: Repos,
  workspaceId: string,
  events: readonly NewCustomerEvent[],
  now: string,
): Promise<(SurveyAsk & { eventId: string })[]> {
  const withCustomer = events.filter((e) => e.customerId !== null);
  if (withCustomer.length === 0) return [];
  const types = new Set(withCustomer.map((e) => e.type));
  const surveys = (await tx.surveys.active(workspaceId))
    .map((s) => ({ survey: s, triggers: s.definition.triggers.filter((t) => types.has(t.event)) }))
    .filter((s) => s.triggers.length > 0);
  if (surveys.length === 0) return [];
  const customers = new Map(
    (
      await tx.customers.getMany(
        workspaceId,
        withCustomer.map((e) => e.customerId ?? ''),
      )
    ).map((c) => [c.id, c]),
  );
  const planned: { eventId: string; row: Parameters<Repos['surveys']['createInvitations']>[1][number] }[] =
    [];
  for (const e of withCustomer) {
    const customer = e.customerId ? customers.get(e.customerId) : undefined;
    if (!customer || customer.erasedAt !== null) continue;
    for (const { survey, triggers } of surveys) {
      for (const t of triggers) {
        if (t.event !== e.type) continue;
        const due = Date.parse(e.occurredAt) + t.delayHours * HOUR_MS;
        // A backfill of old events asks nobody: "how was your delivery?" a month later is noise.
        if (due < Date.parse(now) - TRIGGER_LATE_HOURS * HOUR_MS) continue;
        const sendAfter = new Date(due).toISOString();
        const language = chooseLanguage(
          languagesOf(survey.definition, survey.defaultLanguage),
          survey.defaultLanguage,
          customer.language ?? undefined,
        );
        planned.push({
          eventId: e.id,
          row: {
            surveyId: survey.id,
            customerId: customer.id,
            language,
            sendAfter,
            expiresAt: new Date(Date.parse(sendAfter) + 30 * 24 * HOUR_MS).toISOString(),
            eventId: e.id,
          },
        });
        // One invitation per survey and event, even if two of its triggers name the type.
        break;
      }
    }
  }
  const invitations = await tx.surveys.createInvitations(
    workspaceId,
    planned.map((p) => p.row),
    now,
  );
  return invitations.map((inv, i) => ({
    kind: 'survey',
    refId: inv.id,
    customerId: planned[i]?.row.customerId ?? '',
    notBefore: inv.sendAfter,
    eventId: planned[i]?.eventId ?? '',
  }));
}
