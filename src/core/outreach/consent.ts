/**
 * Consent per customer and channel (issue #15): set by an agent or the API, or by the customer
 * through the unsubscribe link of any ask. An unsubscribe is recorded once and audited; the rules
 * then suppress every later ask (`unsubscribed`), also those already scheduled.
 */
import { AppError } from '../errors.js';
import type { Repos } from '../ports.js';
import { tokenId, verifyToken } from '../signed-token.js';
import type { Actor } from '../types.js';
import type { Consent, ContactSend } from './ports.js';
import {
  CONTACT_CHANNELS,
  type ConsentSource,
  type ConsentStatus,
  type ContactChannel,
  type ContactSettings,
  isTimeZone,
  minutesOf,
} from './rules.js';

/** Every channel with its consent (null: none recorded). */
export async function customerConsent(
  repos: Repos,
  workspaceId: string,
  customerId: string,
): Promise<{ channel: ContactChannel; consent: Consent | null }[]> {
  const customer = await repos.customers.get(workspaceId, customerId);
  if (!customer) throw new AppError('not_found', 'No such customer in this workspace.');
  const stored = await repos.outreach.consents(workspaceId, customerId);
  return CONTACT_CHANNELS.map((channel) => ({
    channel,
    consent: stored.find((c) => c.channel === channel) ?? null,
  }));
}

/** Records a customer's consent on a channel (agent or API), audited. */
export async function setCustomerConsent(
  repos: Repos,
  ctx: { workspaceId: string; actor: Actor; now: string },
  customerId: string,
  input: { channel: ContactChannel; status: ConsentStatus; source: ConsentSource },
): Promise<Consent> {
  const asked = await repos.customers.get(ctx.workspaceId, customerId);
  if (!asked || asked.erasedAt !== null) {
    throw new AppError('not_found', 'No such customer in this workspace.');
  }
  // A record merged into another: the consent is the survivor's (where its identities went).
  const target =
    (await repos.outreach.survivors(ctx.workspaceId, [customerId])).get(customerId) ?? customerId;
  const consent = await repos.outreach.setConsent(
    ctx.workspaceId,
    target,
    input.channel,
    input.status,
    input.source,
    ctx.now,
  );
  await repos.audit.record({
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: `consent.${input.status}`,
    targetType: 'customer',
    targetId: target,
    data: {
      channel: input.channel,
      source: input.source,
      ...(target !== customerId ? { mergedCustomerId: customerId } : {}),
    },
  });
  return consent;
}

/** The send an unsubscribe token names, when the token is genuine; else 404 (forged or unknown alike). */
export async function sendOfUnsubscribeToken(repos: Repos, token: string): Promise<ContactSend> {
  const id = tokenId(token);
  const send = id === undefined ? undefined : await repos.outreach.sendById(id);
  if (send) {
    const key = await repos.signingKeys.keyFor(send.workspaceId);
    if (verifyToken(key, 'unsubscribe', token) === send.id) return send;
  }
  throw new AppError('not_found', 'This unsubscribe link is not valid.');
}

/** What the unsubscribe page shows: whose mails, and whether the customer is already unsubscribed. */
export async function unsubscribePreview(
  repos: Repos,
  token: string,
): Promise<{ businessName: string; unsubscribed: boolean }> {
  const send = await sendOfUnsubscribeToken(repos, token);
  const workspace = await repos.workspaces.get(send.workspaceId);
  const target = send.customerId === null ? null : await survivorOf(repos, send.workspaceId, send.customerId);
  const facts =
    target === null
      ? undefined
      : (
          await repos.outreach.facts(send.workspaceId, [target], send.channel, { includeScheduled: false })
        ).get(target);
  return {
    businessName: workspace?.name ?? '',
    unsubscribed: target === null || facts?.consent === 'unsubscribed',
  };
}

/**
 * Unsubscribes the customer a send went to from the channel (the link in every ask, and the RFC 8058
 * one-click POST). Idempotent: a second call changes nothing and audits nothing. An erased
 * customer's link answers as done (there is nobody left to mail).
 */
export async function unsubscribe(
  repos: Repos,
  token: string,
  now: string,
): Promise<{ businessName: string; changed: boolean }> {
  const send = await sendOfUnsubscribeToken(repos, token);
  const workspace = await repos.workspaces.get(send.workspaceId);
  const businessName = workspace?.name ?? '';
  if (send.customerId === null) return { businessName, changed: false };
  // The link of a record since merged into another unsubscribes the survivor: it holds the address
  // now. The consent row is the survivor's own, so undoing the merge leaves it there.
  const target = await survivorOf(repos, send.workspaceId, send.customerId);
  const customer = await repos.customers.get(send.workspaceId, target);
  if (!customer || customer.erasedAt !== null) return { businessName, changed: false };
  const before = await repos.outreach.consents(send.workspaceId, target);
  if (before.some((c) => c.channel === send.channel && c.status === 'unsubscribed')) {
    return { businessName, changed: false };
  }
  await repos.outreach.setConsent(
    send.workspaceId,
    target,
    send.channel,
    'unsubscribed',
    'unsubscribe_link',
    now,
  );
  await repos.audit.record({
    workspaceId: send.workspaceId,
    actor: { type: 'system', id: null },
    action: 'consent.unsubscribed',
    targetType: 'customer',
    targetId: target,
    data: {
      channel: send.channel,
      source: 'unsubscribe_link',
      sendId: send.id,
      kind: send.kind,
      ...(target !== send.customerId ? { mergedCustomerId: send.customerId } : {}),
    },
  });
  return { businessName, changed: true };
}

/** The customer a merged record now lives in (itself when not merged). */
async function survivorOf(repos: Repos, workspaceId: string, customerId: string): Promise<string> {
  return (await repos.outreach.survivors(workspaceId, [customerId])).get(customerId) ?? customerId;
}

/** Checks contact settings beyond their shape: a real time zone, real times of day. */
export function checkSettings(s: ContactSettings): void {
  const issues: { path: string; message: string }[] = [];
  if (!isTimeZone(s.timeZone))
    issues.push({ path: 'timeZone', message: 'not an IANA time zone (e.g. Europe/Berlin)' });
  for (const field of ['quietStart', 'quietEnd'] as const) {
    try {
      minutesOf(s[field]);
    } catch {
      issues.push({ path: field, message: 'a time of day HH:MM (00:00–23:59)' });
    }
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
}
