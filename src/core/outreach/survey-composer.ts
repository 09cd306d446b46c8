/**
 * The survey invitation's words (issue #15): the invitation's survey in its language, the question
 * and one-click score links from A's `invitationLinks`. An answered, expired or no-longer-active
 * invitation is not mailed.
 */
import { invitationLinks, presentSurvey, type Survey } from '../surveys/index.js';
import { invitationSubject, surveyInvitationContent } from './mail.js';
import type { AskComposer, ComposedAsk } from './send.js';

export const composeSurveyInvitations: AskComposer = async (ctx, asks) => {
  const out = new Map<string, ComposedAsk>();
  const invitations = new Map(
    (
      await ctx.store.surveys.invitationsByIds(
        ctx.workspaceId,
        asks.map((a) => a.send.refId),
      )
    ).map((i) => [i.id, i]),
  );
  const surveys = new Map<string, Survey | undefined>();
  for (const i of invitations.values()) {
    if (!surveys.has(i.surveyId))
      surveys.set(i.surveyId, await ctx.store.surveys.get(ctx.workspaceId, i.surveyId));
  }
  for (const a of asks) {
    const inv = invitations.get(a.send.refId);
    const survey = inv ? surveys.get(inv.surveyId) : undefined;
    if (!inv || !survey) {
      out.set(a.send.id, { ok: false, status: 'failed', reason: 'not_found' });
      continue;
    }
    if (inv.status === 'answered' || inv.responseId !== null) {
      out.set(a.send.id, { ok: false, status: 'suppressed', reason: 'answered' });
      continue;
    }
    if (Date.parse(inv.expiresAt) <= ctx.now.getTime()) {
      out.set(a.send.id, { ok: false, status: 'suppressed', reason: 'expired' });
      continue;
    }
    if (survey.status !== 'active') {
      out.set(a.send.id, { ok: false, status: 'suppressed', reason: 'closed' });
      continue;
    }
    const shown = presentSurvey(survey, inv.language);
    const links = invitationLinks(ctx.key, ctx.publicUrl, survey, inv);
    out.set(a.send.id, {
      ok: true,
      content: surveyInvitationContent({
        language: shown.language,
        customerName: a.customerName,
        businessName: ctx.businessName,
        // The question is the subject, else a neutral line: the survey's name is internal.
        subject: invitationSubject(shown.question, shown.language, ctx.businessName),
        question: shown.question,
        lowLabel: shown.scale.lowLabel,
        highLabel: shown.scale.highLabel,
        scoreUrls: links.scoreUrls,
        answerUrl: links.answerUrl,
      }),
    });
  }
  return out;
};
