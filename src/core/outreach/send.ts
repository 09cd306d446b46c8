/**
 * Sending asks (issue #15): the `outreach.send` job's work. The rules are checked again at send
 * time (a case opened or an unsubscribe since scheduling suppresses the ask), each kind's composer
 * writes the words, the envelope adds the unsubscribe link and headers, and the mailer sends it.
 */
import type { Repos } from '../ports.js';
import { signToken } from '../signed-token.js';
import type { AskContent, AskMailer } from './mail.js';
import { envelope, maskAddresses } from './mail.js';
import type { ContactSend, SendOutcome } from './ports.js';
import { decideAsk, type AskKind, type SendReason } from './rules.js';
import type { OutreachDeps } from './schedule.js';

/** One ask for a composer: its send-log row, the address and the customer. */
export interface AskToCompose {
  send: ContactSend;
  customerId: string;
  address: string;
  customerName: string | null;
  customerLanguage: string | null;
}

export type ComposedAsk =
  | { ok: true; content: AskContent }
  | { ok: false; status: 'suppressed' | 'failed'; reason: SendReason; detail?: string };

export interface ComposeContext {
  store: Repos;
  workspaceId: string;
  publicUrl: string;
  /** The workspace's signing key (links' tokens). */
  key: Buffer;
  now: Date;
  businessName: string;
}

/** Writes the words of a batch of asks of one kind, by send id; a send left out fails `not_found`. */
export type AskComposer = (
  ctx: ComposeContext,
  asks: readonly AskToCompose[],
) => Promise<Map<string, ComposedAsk>>;

export interface SendDeps extends OutreachDeps {
  /** Undefined without SMTP (TOUCHPOINT_SMTP_URL): asks fail `not_configured`. */
  mailer: AskMailer | undefined;
  /** TOUCHPOINT_PUBLIC_URL: every link starts with it; without it asks fail `not_configured`. */
  publicUrl: string | undefined;
  composers: Partial<Record<AskKind, AskComposer>>;
}

export interface SendSummary {
  sent: number;
  suppressed: number;
  failed: number;
  /** Sends not due yet, queued again for their time. */
  deferred: number;
  /** Sends put back after a passing SMTP failure (queued again). */
  retried: number;
}

/** A job that finds a send not yet due (a clock ahead of the queue) leaves it for this much later. */
const EARLY_SLACK_MS = 60_000;
const RETRY_DELAY_S = 300;
/** Tries of one send before a passing SMTP failure counts as `smtp_error`. */
export const MAX_SEND_TRIES = 3;

/** `{publicUrl}/u/{token}`: the unsubscribe link of one send (token: its id signed for 'unsubscribe'). */
export function unsubscribeUrl(publicUrl: string, key: Buffer, sendId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/u/${encodeURIComponent(signToken(key, 'unsubscribe', sendId))}`;
}

/**
 * Mails the due sends among `sendIds` (one workspace). Each is claimed first (`sending`), so a job
 * run twice sends nothing twice; then the rules again, the composer, the envelope, the mailer; the
 * outcome goes to the send log and to the ask's own row. A passing SMTP failure puts the sends back
 * for a later job (the tries are counted on the send row: a retry is a new job) until the
 * `MAX_SEND_TRIES`th, which fails `smtp_error` like any other SMTP failure.
 */
export async function sendAsks(
  deps: SendDeps,
  ref: { workspaceId: string; sendIds: readonly string[] },
): Promise<SendSummary> {
  const { workspaceId } = ref;
  const { store } = deps;
  const summary: SendSummary = { sent: 0, suppressed: 0, failed: 0, deferred: 0, retried: 0 };
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const rows = await store.outreach.getSends(workspaceId, ref.sendIds);
  const scheduled = rows.filter((r) => r.status === 'scheduled');
  const early = scheduled.filter((r) => Date.parse(r.sendAfter) > now.getTime() + EARLY_SLACK_MS);
  for (const r of early) {
    await deps.enqueueSends(workspaceId, [r.id], Math.ceil((Date.parse(r.sendAfter) - now.getTime()) / 1000));
  }
  summary.deferred = early.length;
  const earlyIds = new Set(early.map((r) => r.id));
  const claimed = await store.outreach.claim(
    workspaceId,
    scheduled.filter((r) => !earlyIds.has(r.id)).map((r) => r.id),
    nowIso,
  );
  if (claimed.length === 0) return summary;

  const outcomes: SendOutcome[] = [];
  const decided = (
    s: ContactSend,
    status: SendOutcome['status'],
    reason: SendReason | null,
    detail?: string,
  ) =>
    outcomes.push({
      id: s.id,
      status,
      reason,
      detail: detail ?? null,
      sentAt: status === 'sent' ? nowIso : null,
    });

  const settings = await store.outreach.settings(workspaceId);
  // A send scheduled before its customer was merged into another goes to the survivor (its
  // identities moved there); the survivor's facts include the merged record's consent and asks.
  const survivors = await store.outreach.survivors(
    workspaceId,
    claimed.flatMap((s) => (s.customerId === null ? [] : [s.customerId])),
  );
  const recipient = (s: ContactSend): string | null =>
    s.customerId === null ? null : (survivors.get(s.customerId) ?? s.customerId);
  const customerIds = claimed.flatMap((s) => {
    const id = recipient(s);
    return id === null ? [] : [id];
  });
  const facts = await store.outreach.facts(workspaceId, customerIds, 'email', {
    includeScheduled: false,
    excludeSendIds: claimed.map((s) => s.id),
  });
  const go: (ContactSend & { customerId: string })[] = [];
  const addresses = new Map<string, string | null>();
  for (const s of claimed) {
    const to = recipient(s);
    const f = to === null ? undefined : facts.get(to);
    if (to === null || f === undefined) {
      decided(s, 'suppressed', 'erased');
      continue;
    }
    // Quiet hours were applied when it was scheduled; here only the suppressions count.
    const d = decideAsk({ ...settings, quietStart: '00:00', quietEnd: '00:00' }, f, now, undefined, s.kind);
    if (!d.ok) {
      decided(s, 'suppressed', d.reason);
      continue;
    }
    f.lastAskAt = nowIso; // a second ask of the batch to the same customer is capped
    go.push({ ...s, customerId: to });
  }

  if (go.length > 0 && (deps.mailer === undefined || deps.publicUrl === undefined)) {
    const missing = [
      deps.mailer === undefined ? 'SMTP (TOUCHPOINT_SMTP_URL)' : null,
      deps.publicUrl === undefined ? 'TOUCHPOINT_PUBLIC_URL' : null,
    ].filter(Boolean);
    for (const s of go) decided(s, 'failed', 'not_configured', `not sent: set ${missing.join(' and ')}`);
  } else if (go.length > 0 && deps.mailer && deps.publicUrl) {
    const mailer = deps.mailer;
    const publicUrl = deps.publicUrl;
    const key = await store.signingKeys.keyFor(workspaceId);
    const workspace = await store.workspaces.get(workspaceId);
    const emails = await store.outreach.emailsOf(
      workspaceId,
      go.map((s) => s.customerId),
    );
    const customers = new Map(
      (await store.customers.getMany(workspaceId, [...new Set(go.map((s) => s.customerId))])).map((c) => [
        c.id,
        c,
      ]),
    );
    const ctx: ComposeContext = {
      store,
      workspaceId,
      publicUrl,
      key,
      now,
      businessName: workspace?.name ?? '',
    };
    const byKind = new Map<AskKind, AskToCompose[]>();
    for (const s of go) {
      const address = emails.get(s.customerId);
      if (address === undefined) {
        decided(s, 'suppressed', 'no_address');
        continue;
      }
      const c = customers.get(s.customerId);
      const list = byKind.get(s.kind) ?? [];
      list.push({
        send: s,
        customerId: s.customerId,
        address,
        customerName: c?.displayName ?? c?.name ?? null,
        customerLanguage: c?.language ?? null,
      });
      byKind.set(s.kind, list);
    }
    const retry: string[] = [];
    for (const [kind, asks] of byKind) {
      const composer = deps.composers[kind];
      const composed = composer ? await composer(ctx, asks) : new Map<string, ComposedAsk>();
      for (const a of asks) {
        const c = composed.get(a.send.id);
        if (!composer) {
          decided(a.send, 'failed', 'not_configured', `no e-mail composer for ${kind}`);
          continue;
        }
        if (!c) {
          decided(a.send, 'failed', 'not_found');
          continue;
        }
        if (!c.ok) {
          decided(a.send, c.status, c.reason, c.detail);
          continue;
        }
        const mail = envelope(c.content, {
          to: a.address,
          sendId: a.send.id,
          unsubscribeUrl: unsubscribeUrl(publicUrl, key, a.send.id),
          businessName: ctx.businessName,
        });
        const result = await mailer.send(mail);
        if (result.ok) decided(a.send, 'sent', null);
        else if (result.retryable && a.send.attempts + 1 < MAX_SEND_TRIES) retry.push(a.send.id);
        else {
          const tries = result.retryable ? ` (after ${MAX_SEND_TRIES} tries)` : '';
          decided(a.send, 'failed', 'smtp_error', `${maskAddresses(result.error)}${tries}`);
        }
      }
    }
    if (retry.length > 0) {
      await store.outreach.release(workspaceId, retry);
      await deps.enqueueSends(workspaceId, retry, RETRY_DELAY_S);
      summary.retried = retry.length;
    }
    // The address an invitation went to is kept on it (A's `survey_invitations.email`).
    for (const s of go) addresses.set(s.id, emails.get(s.customerId) ?? null);
  }
  await finishAll(store, workspaceId, claimed, outcomes, nowIso, addresses);
  for (const o of outcomes) {
    if (o.status === 'sent') summary.sent++;
    else if (o.status === 'suppressed') summary.suppressed++;
    else summary.failed++;
  }
  return summary;
}

async function finishAll(
  store: Repos,
  workspaceId: string,
  claimed: readonly ContactSend[],
  outcomes: readonly SendOutcome[],
  nowIso: string,
  addresses: Map<string, string | null>,
): Promise<void> {
  await store.outreach.finish(workspaceId, outcomes);
  const kindOf = new Map(claimed.map((s) => [s.id, s]));
  // Retried sends have no outcome yet: their rows stay as they are.
  const byKind = new Map<
    AskKind,
    { refId: string; status: SendOutcome['status']; reason: string | null; email?: string | null }[]
  >();
  for (const o of outcomes) {
    const s = kindOf.get(o.id);
    if (!s) continue;
    const list = byKind.get(s.kind) ?? [];
    list.push({
      refId: s.refId,
      status: o.status,
      reason: o.reason,
      ...(o.status === 'sent' && s.kind === 'survey' ? { email: addresses.get(s.id) ?? null } : {}),
    });
    byKind.set(s.kind, list);
  }
  for (const [kind, updates] of byKind) await store.outreach.markRefs(workspaceId, kind, updates, nowIso);
}
