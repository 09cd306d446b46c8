/**
 * How a survey reaches people (`#/surveys/:id/share`, issue #15): its public link and QR code (for a
 * receipt or a table; one answer per browser within the cap), the widget snippet for a website or
 * app, e-mail invitations to chosen customers or a segment (single-use links, within the contact
 * rules), the triggers that send it after an event, and the invitations sent so far with their
 * status and, when one was not sent, why.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { surveysApi, type AskTarget } from '../../api';
import { CopyButton } from '../../components/copy-button';
import { ErrorBanner, LoadState } from '../../components/error-banner';
import { formatDateTime, formatInt, humanize } from '../../format';
import type { Role, Survey, SurveyInvitation } from '../../types';
import { useResource } from '../../use-resource';
import { CustomerLink, EmptyState, LoadMore, useMorePages } from '../customers/customer-parts';
import { reasonText } from '../outreach/outreach-page';
import { AskTargetPicker } from './ask-target';
import { AskSection, publicLink, surveyHref, SurveyStatusBadge, SurveyTabs } from './survey-parts';

/** The origin respondents reach: the public URL's, else this dashboard's. */
const originOf = (link: string) => {
  try {
    return new URL(link).origin;
  } catch {
    return window.location.origin;
  }
};

function LinkAndQr({ survey }: { survey: Survey }) {
  const link = publicLink(survey);
  const [qr, setQr] = useState<{ svg: string | null; error: unknown }>({ svg: null, error: null });
  useEffect(() => {
    let live = true;
    surveysApi.qrSvg(survey.id, 240).then(
      (svg) => live && setQr({ svg, error: null }),
      (error: unknown) => live && setQr({ svg: null, error }),
    );
    return () => {
      live = false;
    };
  }, [survey.id]);
  const src = qr.svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}` : null;
  return (
    <section className="card" aria-labelledby="link-title" data-testid="survey-link-card">
      <h2 id="link-title" className="card-title">
        Public link and QR code
      </h2>
      <p className="muted small">
        Anyone with the link can answer
        {survey.browserCapDays === 0
          ? ' (no cap per browser)'
          : survey.browserCapDays === 1
            ? ', once a day per browser'
            : `, once per browser every ${formatInt(survey.browserCapDays)} days`}
        . Print the QR code on a receipt, a table card or a parcel slip.
      </p>
      <div className="secret">
        <input
          readOnly
          value={link}
          aria-label="Public link"
          onFocus={(e) => e.target.select()}
          data-testid="survey-public-link"
        />
        <CopyButton text={link} testId="survey-copy-link" />
      </div>
      {survey.status !== 'active' && (
        <p className="alert alert-warning" role="status">
          The survey is {survey.status}: the link answers “not found” until it is active.
        </p>
      )}
      <div className="survey-qr">
        <ErrorBanner error={qr.error} title="Could not draw the QR code." />
        {src && (
          <>
            <img src={src} width={200} height={200} alt={`QR code for ${link}`} data-testid="survey-qr" />
            <a className="btn btn-secondary btn-sm" href={src} download={`survey-${survey.publicId}-qr.svg`}>
              Download SVG
            </a>
          </>
        )}
      </div>
    </section>
  );
}

function WidgetSnippet({ survey }: { survey: Survey }) {
  const snippet = `<script src="${originOf(publicLink(survey))}/widget.js" data-survey="${survey.publicId}" async></script>`;
  return (
    <section className="card" aria-labelledby="widget-title" data-testid="survey-widget-card">
      <h2 id="widget-title" className="card-title">
        Website or app widget
      </h2>
      <p className="muted small">
        Paste this where the survey should appear. It sets no cookies, works under a strict Content Security
        Policy (allow this origin in <code>script-src</code> and <code>connect-src</code>), is usable by
        keyboard and screen reader, and speaks the page’s language (<code>&lt;html lang&gt;</code>). Options:{' '}
        <code>data-lang</code>, <code>data-target</code> (a selector),{' '}
        <code>data-mode="inline|floating"</code>.
      </p>
      <pre className="code-block" data-testid="survey-widget-snippet">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} testId="survey-copy-snippet" />
    </section>
  );
}

function Invite({ survey, onInvited }: { survey: Survey; onInvited: () => void }) {
  const [target, setTarget] = useState<AskTarget | null>(null);
  const [round, setRound] = useState(0);
  const [state, setState] = useState<{ busy: boolean; error: unknown; done: string | null }>({
    busy: false,
    error: null,
    done: null,
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target) return;
    setState({ busy: true, error: null, done: null });
    try {
      const answer = await surveysApi.invite(survey.id, target);
      setTarget(null);
      setRound((r) => r + 1);
      const held = Object.entries(answer.reasons)
        .map(([reason, n]) => `${formatInt(n)} ${reasonText(reason).toLowerCase()}`)
        .join(', ');
      setState({
        busy: false,
        error: null,
        done: answer.queued
          ? 'A large segment: the invitations are being written in the background; the list below fills as they go.'
          : `${formatInt(answer.invited)} invited: ${formatInt(answer.scheduled)} scheduled, ${formatInt(answer.suppressed)} held back by the contact rules${held ? ` (${held})` : ''}.${answer.alreadyInvited > 0 ? ` ${formatInt(answer.alreadyInvited)} already invited, left out.` : ''}`,
      });
      onInvited();
    } catch (error) {
      setState({ busy: false, error, done: null });
    }
  }

  return (
    <form
      className="card form-card"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="invite-title"
      data-testid="survey-invite"
    >
      <h2 id="invite-title" className="card-title">
        Invite by e-mail
      </h2>
      <p className="muted small">
        Each customer gets a personal, single-use link with the question in the mail (one click answers it).
        The contact rules apply: no one asked twice within the cap, no one with an open case, no one who
        unsubscribed; quiet hours delay a send. <a href="#/outreach">Contact rules</a>
      </p>
      <AskTargetPicker key={round} onChange={setTarget} />
      <ErrorBanner error={state.error} title="No invitations were sent." />
      {state.done && (
        <p className="alert alert-info" role="status" data-testid="invite-done">
          {state.done}
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!target || state.busy || survey.status !== 'active'}
          data-testid="invite-submit"
        >
          {state.busy ? 'Inviting…' : 'Invite'}
        </button>
      </div>
      {survey.status !== 'active' && <p className="muted small">Activate the survey to invite customers.</p>}
    </form>
  );
}

function Invitations({ survey, version }: { survey: Survey; version: number }) {
  const first = useResource(`survey-invitations:${survey.id}:${version}`, () =>
    surveysApi.invitations(survey.id),
  );
  const more = useMorePages<SurveyInvitation>(`survey-invitations:${survey.id}:${version}`);
  const rows = [...(first.data?.invitations ?? []), ...more.rows];
  const cursor = more.nextCursor(first.data?.nextCursor);
  return (
    <section className="card list-card" aria-labelledby="invitations-title" data-testid="survey-invitations">
      <h2 id="invitations-title" className="card-title card-title-pad">
        Invitations
      </h2>
      <ErrorBanner error={first.error} />
      {!first.data ? null : rows.length === 0 ? (
        <EmptyState title="No invitations yet." testId="invitations-empty">
          <p>Invite customers above, or add a trigger so an event (an order delivered) sends one.</p>
        </EmptyState>
      ) : (
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} data-testid="invitation-row" data-status={i.status}>
                <td>
                  {i.customerId ? (
                    <CustomerLink id={i.customerId} name={i.customerName ?? 'Customer'} />
                  ) : (
                    'Erased customer'
                  )}
                </td>
                <td>
                  <span className={`badge badge-${INVITATION_TONE[i.status] ?? 'muted'}`}>
                    {humanize(i.status)}
                  </span>
                  {i.reason && <span className="muted small"> {reasonText(i.reason)}</span>}
                </td>
                <td className="small muted">
                  {i.answeredAt
                    ? `answered ${formatDateTime(i.answeredAt)}`
                    : i.sentAt
                      ? `sent ${formatDateTime(i.sentAt)}`
                      : i.sendAfter
                        ? `due ${formatDateTime(i.sendAfter)}`
                        : formatDateTime(i.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore
        cursor={cursor}
        busy={more.busy}
        error={more.error}
        onLoad={() =>
          void more.load(async () => {
            const page = await surveysApi.invitations(survey.id, cursor);
            return { rows: page.invitations, nextCursor: page.nextCursor };
          })
        }
      />
    </section>
  );
}

const INVITATION_TONE: Record<string, string> = {
  pending: 'info',
  sent: 'info',
  answered: 'positive',
  suppressed: 'warning',
  failed: 'negative',
};

function TriggersSummary({ survey }: { survey: Survey }) {
  const triggers = survey.definition.triggers;
  return (
    <section className="card" aria-labelledby="triggers-title" data-testid="survey-triggers-summary">
      <h2 id="triggers-title" className="card-title">
        Triggers
      </h2>
      {triggers.length === 0 ? (
        <p className="muted">
          None. <a href={surveyHref(survey.id)}>Add one</a> to send this survey automatically some hours after
          an event your system posts (<code>order.delivered</code>, <code>case.closed</code>).
        </p>
      ) : (
        <ul className="plain-list">
          {triggers.map((t, i) => (
            <li key={i}>
              <code>{t.event}</code> → e-mail{' '}
              {t.delayHours === 0 ? 'at once' : `${formatInt(t.delayHours)} h later`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SurveySharePage({ id, role }: { id: string; role: Role }) {
  const survey = useResource(`survey:${id}`, () => surveysApi.get(id));
  const [version, setVersion] = useState(0);
  const s = survey.data;
  const canInvite = role !== 'viewer';
  return (
    <AskSection
      title={s ? s.name : 'Survey'}
      testId="survey-share"
      actions={s && <SurveyStatusBadge status={s.status} />}
    >
      <LoadState
        error={survey.error}
        loading={survey.loading}
        loaded={Boolean(s)}
        what="survey"
        notFoundTestId="survey-not-found"
      />
      {s && (
        <>
          <SurveyTabs id={s.id} current="share" />
          <div className="survey-share-grid">
            <LinkAndQr survey={s} />
            <WidgetSnippet survey={s} />
          </div>
          <div className="survey-share-grid">
            {canInvite && <Invite survey={s} onInvited={() => setVersion((v) => v + 1)} />}
            <TriggersSummary survey={s} />
          </div>
          <Invitations survey={s} version={version} />
        </>
      )}
    </AskSection>
  );
}
