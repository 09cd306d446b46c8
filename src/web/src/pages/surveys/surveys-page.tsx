/**
 * The surveys (`#/surveys`, issue #15): every survey with its touchpoint, question, status and
 * answers so far, one click from its questions, distribution and results.
 */
import { surveysApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatDate, formatInt } from '../../format';
import type { Role } from '../../types';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import { EmptyState } from '../customers/customer-parts';
import { AskSection, KINDS, surveyHref, SurveyStatusBadge } from './survey-parts';

export function SurveysPage({ role }: { role: Role }) {
  const surveys = useResource('surveys', () => surveysApi.list());
  const { touchpointName, stages } = useWorkspaceMeta();
  const canWrite = role === 'admin' || role === 'owner';
  const rows = surveys.data?.surveys ?? [];
  const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;
  return (
    <AskSection
      title="Surveys"
      sub="Ask one short question right after a touchpoint, and why. Every answer becomes a feedback item."
      testId="surveys-page"
      busy={surveys.loading}
      actions={
        canWrite && (
          <a className="btn btn-primary" href="#/surveys/new" data-testid="survey-new">
            New survey
          </a>
        )
      }
    >
      <ErrorBanner error={surveys.error} title="Could not load the surveys." />
      <section className="card list-card" aria-label="Surveys">
        {!surveys.data ? null : rows.length === 0 ? (
          <EmptyState title="No surveys yet." testId="surveys-empty">
            <p>
              {canWrite
                ? 'Create one for a touchpoint — an NPS question after the delivery, a CSAT after a support call — then share its link or QR code, embed the widget, or invite customers by e-mail.'
                : 'An admin can create one for a touchpoint; its answers will appear here and in the explorer.'}
            </p>
            {canWrite && (
              <p>
                <a className="btn btn-primary" href="#/surveys/new">
                  Create a survey
                </a>
              </p>
            )}
          </EmptyState>
        ) : (
          <table className="table table-cards survey-list" data-testid="survey-list">
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col">Question</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Answers
                </th>
                <th scope="col">Open</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} data-testid="survey-row" data-id={s.id} data-public-id={s.publicId}>
                  <td className="cell-text">
                    <a href={surveyHref(s.id)} className="customer-link" data-testid="survey-link">
                      {s.name}
                    </a>
                    <div className="muted small">
                      {s.touchpointKey
                        ? touchpointName(s.touchpointKey)
                        : s.stageKey
                          ? stageName(s.stageKey)
                          : 'No touchpoint'}{' '}
                      · created {formatDate(s.createdAt)}
                    </div>
                  </td>
                  <td>{KINDS[s.questionKind]?.label ?? s.questionKind}</td>
                  <td>
                    <SurveyStatusBadge status={s.status} />
                  </td>
                  <td className="num" data-testid="survey-answers-count">
                    {s.responses === undefined ? '—' : formatInt(s.responses)}
                    <span className="survey-count-unit muted small">
                      {' '}
                      answer{s.responses === 1 ? '' : 's'}
                    </span>
                  </td>
                  <td>
                    <a href={surveyHref(s.id, '/share')}>Distribution</a> ·{' '}
                    <a href={surveyHref(s.id, '/results')} data-testid="survey-results-link">
                      Results
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AskSection>
  );
}
