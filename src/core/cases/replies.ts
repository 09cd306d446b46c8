/**
 * Replies go through an outbox: `createReply` writes the row (the row id is the idempotency key),
 * the `replies.send` job calls `deliverReply`, which claims the row (queued → sending, one winner),
 * hands it to the channel adapter, and records sent, a retry with backoff, or a visible failure.
 * A row that is `sent` is never claimed again, so a reply is never sent twice.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelAdapter, type ChannelKind } from '../../channels/types.js';
import type { Principal } from '../auth/permissions.js';
import { AppError, parseInput } from '../errors.js';
import type { ToneCheck } from '../../respond/index.js';
import type { Reply } from '../types.js';
import { caseOrNotFound, creditUnassigned, type CaseDeps } from './commands.js';
import { replyTone } from './draft.js';

/** At most this many tries per reply; then it is `failed` with the last error on the case. */
export const MAX_REPLY_ATTEMPTS = 5;
/** Seconds before the first retry; doubled after each failure (30 s, 1 min, 2 min, 4 min). */
export const REPLY_BACKOFF_SECONDS = 30;

export type ChannelAdapters = Partial<Record<ChannelKind, ChannelAdapter>>;

export const ReplyInputSchema = z
  .object({
    text: z.string().trim().min(1).max(20_000),
    /** How it leaves: defaults to e-mail for e-mail items, Google for Google reviews, else manual. */
    channel: z.enum(CHANNEL_KINDS).optional(),
    /** The item to answer; defaults to the item that opened the case. */
    itemId: z.string().min(1).max(100).optional(),
    to: z.string().trim().max(320).optional(),
    subject: z.string().trim().max(300).optional(),
    /** Manual channel: the agent copied the reply and posted it on the platform. */
    posted: z.boolean().optional(),
    /**
     * The agent read the tone check's flags and sends the reply as it is. Without it a flagged reply
     * is refused (`tone_flagged`, 422, with the flags).
     */
    confirmTone: z.boolean().optional(),
  })
  .strict();

/** The channel a reply to an item on `platform` takes when none is named. */
export function defaultChannel(platform: string): ChannelKind {
  if (platform === 'email') return 'email';
  if (platform === 'google') return 'google_business';
  return 'manual';
}

export interface ReplyDeps extends CaseDeps {
  /** Queues the delivery of a reply (the `replies.send` job), after `delaySeconds`. */
  enqueueReply?: (ref: { workspaceId: string; replyId: string }, delaySeconds?: number) => Promise<void>;
}

/**
 * Writes a reply to the outbox: `queued` for channels Touchpoint sends through (then queued for
 * delivery), `posted` for the manual channel when the agent says they posted it (`draft` if not yet).
 * A posted reply is the case's first response if it has none. A reply the tone check flags
 * (defensive, blaming, arguing, generic, a public compensation offer, too long) is refused unless
 * the agent confirms it (`confirmTone`); the flags they confirmed are on the case's reply event.
 */
export async function createReply(
  deps: ReplyDeps,
  principal: Principal,
  caseId: string,
  input: unknown,
): Promise<{ reply: Reply; tone: ToneCheck }> {
  const body = parseInput(ReplyInputSchema, input);
  const ws = principal.workspaceId;
  const { store, clock } = deps;
  const c = await caseOrNotFound(store, ws, caseId);
  const itemId = body.itemId ?? c.itemId;
  if (body.itemId !== undefined && !(await store.cases.items(ws, caseId)).some((i) => i.itemId === itemId)) {
    throw new AppError('validation_failed', 'The item is not in this case.', [
      { path: 'itemId', message: 'not an item of this case' },
    ]);
  }
  const item = await store.feedback.get(ws, itemId);
  if (!item) throw new AppError('not_found', 'The item of this case is gone.');
  const channel = body.channel ?? defaultChannel(item.platform);
  if (channel === 'email' && !body.to) {
    throw new AppError('validation_failed', 'An e-mail reply needs the address to send it to.', [
      { path: 'to', message: 'required for e-mail' },
    ]);
  }
  const language = item.language && item.language !== 'und' ? item.language : 'en';
  const tone = replyTone(body.text, item, language);
  if (!tone.ok && body.confirmTone !== true) {
    throw new AppError(
      'tone_flagged',
      `The reply did not pass the tone check (${tone.flags.map((f) => f.code).join(', ')}): change it, or confirm it with confirmTone.`,
      tone.flags.map((f) => ({ path: 'text', message: `${f.code}: ${f.message}` })),
    );
  }
  const toneFlags = tone.flags.map((f) => f.code);
  const at = clock.now().toISOString();
  const status = channel === 'manual' ? (body.posted ? 'posted' : 'draft') : 'queued';
  const sentBy = principal.actor.type === 'user' ? principal.actor.id : null;
  // A draft is not yet work done for the customer; a posted or queued reply is.
  const credit = status === 'draft' ? { patch: {}, events: [] } : creditUnassigned(c, principal, 'reply', at);
  const reply = await store.transaction(async (tx) => {
    const r = await tx.replies.insert(ws, {
      id: randomUUID(),
      caseId,
      itemId,
      channel,
      recipient: body.to ?? null,
      subject: body.subject ?? null,
      text: body.text,
      language,
      status,
      sentBy,
      createdAt: at,
      sentAt: status === 'posted' ? at : null,
    });
    if (credit.events.length > 0 && status !== 'posted') {
      await tx.cases.update(ws, caseId, { updatedAt: at, ...credit.patch });
      await tx.cases.addEvents(ws, credit.events);
    }
    if (status === 'posted') {
      await tx.cases.update(ws, caseId, {
        updatedAt: at,
        ...credit.patch,
        ...(c.firstResponseAt === null ? { firstResponseAt: at } : {}),
      });
      await tx.cases.addEvents(ws, [
        ...credit.events,
        {
          caseId,
          kind: 'reply',
          actor: principal.actor,
          body: {
            replyId: r.id,
            channel,
            status,
            ...(toneFlags.length > 0 ? { toneConfirmed: toneFlags } : {}),
          },
          at,
        },
      ]);
    }
    if (toneFlags.length > 0) {
      // Sent against the tone check: who confirmed which flags, whatever the channel.
      await tx.audit.record({
        workspaceId: ws,
        actor: principal.actor,
        action: 'reply.tone_confirmed',
        targetType: 'reply',
        targetId: r.id,
        data: { caseId, flags: toneFlags },
      });
    }
    return r;
  });
  if (status === 'queued') await deps.enqueueReply?.({ workspaceId: ws, replyId: reply.id });
  return { reply, tone };
}

export type DeliveryOutcome =
  | { result: 'skipped' }
  | { result: 'sent' }
  | { result: 'retry'; delaySeconds: number }
  | { result: 'failed'; error: string };

/**
 * Delivers one queued reply through its channel's adapter. Skips a reply that is not queued or not
 * yet due (sent, in flight, failed): the claim is one conditional update, so two workers never both send.
 */
export async function deliverReply(
  deps: CaseDeps & { adapters: ChannelAdapters },
  ref: { workspaceId: string; replyId: string },
): Promise<DeliveryOutcome> {
  const { store, clock } = deps;
  const ws = ref.workspaceId;
  const reply = await store.replies.claim(ws, ref.replyId, clock.now().toISOString());
  if (!reply) return { result: 'skipped' };
  const c = await store.cases.get(ws, reply.caseId);
  const item = await store.feedback.get(ws, reply.itemId);
  const adapter = deps.adapters[reply.channel as ChannelKind];
  let outcome: Awaited<ReturnType<ChannelAdapter['send']>>;
  if (!c || !item) {
    outcome = { ok: false, retryable: false, error: 'the case or its item is gone' };
  } else if (!adapter) {
    outcome = { ok: false, retryable: false, error: `no ${reply.channel} channel is configured` };
  } else {
    try {
      outcome = await adapter.send({
        id: reply.id,
        workspaceId: ws,
        caseId: reply.caseId,
        itemId: reply.itemId,
        text: reply.text,
        language: reply.language,
        to: reply.recipient,
        subject: reply.subject,
        quoted: item.text,
        reviewName: item.externalId.startsWith('accounts/') ? item.externalId : null,
      });
    } catch (e) {
      // An adapter should not throw; if one does, the send may or may not have happened: retry is
      // safe only because receivers get the reply id to de-duplicate.
      outcome = { ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) };
    }
  }
  const at = clock.now().toISOString();
  const actor = { type: 'system', id: null } as const;
  if (outcome.ok) {
    const externalId = outcome.externalId;
    await store.transaction(async (tx) => {
      await tx.replies.update(ws, reply.id, {
        status: 'sent',
        sentAt: at,
        externalId,
        lastError: null,
        updatedAt: at,
      });
      if (c) {
        await tx.cases.update(ws, c.id, {
          updatedAt: at,
          ...(c.firstResponseAt === null ? { firstResponseAt: at } : {}),
        });
        await tx.cases.addEvents(ws, [
          {
            caseId: c.id,
            kind: 'reply',
            actor,
            body: { replyId: reply.id, channel: reply.channel, status: 'sent', attempts: reply.attempts },
            at,
          },
        ]);
      }
    });
    return { result: 'sent' };
  }
  if (outcome.retryable && reply.attempts < MAX_REPLY_ATTEMPTS) {
    const delaySeconds = REPLY_BACKOFF_SECONDS * 2 ** (reply.attempts - 1);
    await store.replies.update(ws, reply.id, {
      status: 'queued',
      lastError: outcome.error,
      nextAttemptAt: new Date(clock.now().getTime() + delaySeconds * 1000).toISOString(),
      updatedAt: at,
    });
    return { result: 'retry', delaySeconds };
  }
  await store.transaction(async (tx) => {
    await tx.replies.update(ws, reply.id, {
      status: 'failed',
      lastError: outcome.error,
      nextAttemptAt: null,
      updatedAt: at,
    });
    if (c) {
      await tx.cases.addEvents(ws, [
        {
          caseId: c.id,
          kind: 'reply_failed',
          actor,
          body: { replyId: reply.id, channel: reply.channel, attempts: reply.attempts, error: outcome.error },
          at,
        },
      ]);
    }
  });
  return { result: 'failed', error: outcome.error };
}
