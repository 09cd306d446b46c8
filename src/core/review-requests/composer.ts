/**
 * The review request's (and referral's) body for outreach's send job (slice C's `AskComposer`):
 * `reviewRequestMail` gives the words, this lays them out as HTML (every piece escaped: names are
 * untrusted) and plain text; C's envelope adds the unsubscribe footer and headers. A request that was
 * converted or clicked meanwhile, or whose platform link is gone, is not mailed; a platform that
 * forbids asking is refused again here, so no path mails a Yelp request.
 */
import { escapeHtml } from '../../channels/email-body.js';
import type { AskComposer, ComposedAsk } from '../outreach/send.js';
import { reviewRequestMail } from './mail.js';
import { decideRequest } from './platforms.js';
import { reviewRequestLink } from './requests.js';

/** Laid out like the survey invitation: a greeting, two paragraphs, one button, the sign-off. */
export const composeReviewRequests: AskComposer = async (ctx, asks) => {
  const out = new Map<string, ComposedAsk>();
  const requests = new Map(
    (
      await ctx.store.reviewRequests.getMany(
        ctx.workspaceId,
        asks.map((a) => a.send.refId),
      )
    ).map((r) => [r.id, r]),
  );
  const links = new Map((await ctx.store.reviewRequests.links(ctx.workspaceId)).map((l) => [l.platform, l]));
  for (const a of asks) {
    const request = requests.get(a.send.refId);
    if (!request) {
      out.set(a.send.id, { ok: false, status: 'failed', reason: 'not_found' });
      continue;
    }
    if (!decideRequest(request.platform, request.kind).ok) {
      out.set(a.send.id, { ok: false, status: 'suppressed', reason: 'platform_forbids' });
      continue;
    }
    if (!['pending', 'sent'].includes(request.status)) {
      out.set(a.send.id, { ok: false, status: 'suppressed', reason: 'answered' });
      continue;
    }
    const link = links.get(request.platform);
    if (!link?.enabled) {
      out.set(a.send.id, { ok: false, status: 'failed', reason: 'not_found', detail: 'no platform link' });
      continue;
    }
    const m = reviewRequestMail({
      kind: request.kind,
      platform: request.platform,
      language: a.customerLanguage,
      customerName: a.customerName,
      businessName: ctx.businessName,
      link: reviewRequestLink(ctx.key, ctx.publicUrl, request.id),
    });
    const html = [
      `<p style="margin:0 0 12px">${escapeHtml(m.greeting)}</p>`,
      ...m.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`),
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px"><tr><td style="border-radius:4px;background:#1d4ed8"><a href="${escapeHtml(m.button.url)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:bold;text-decoration:none;font-family:Arial,Helvetica,sans-serif;font-size:16px">${escapeHtml(m.button.label)}</a></td></tr></table>`,
      `<p style="margin:16px 0 0;color:#52525b">${escapeHtml(m.signOff)}</p>`,
    ].join('\n');
    out.set(a.send.id, {
      ok: true,
      content: { language: m.language, subject: m.subject, html, text: m.text },
    });
  }
  return out;
};
