/**
 * What a respondent sees, drawn from the definition being edited: the question with its scale and
 * end labels, the follow-up worded for the chosen score's group, the extra questions and the
 * thank-you — in any of the survey's languages. The hosted page (/s/{publicId}) and the widget show
 * the same wordings; this preview is for the builder and takes no answer.
 */
import { useState } from 'react';
import { languageName } from '../../format';
import type { SurveyDefinition } from '../../types';
import { groupOf, inLanguage, KINDS, languagesOf, THANK_YOU_DEFAULT } from './survey-parts';

export function SurveyPreview({
  definition,
  fallbackLanguage,
}: {
  definition: SurveyDefinition;
  fallbackLanguage: string;
}) {
  const kind = KINDS[definition.question.kind];
  const languages = languagesOf(definition);
  const [language, setLanguage] = useState(languages[0] ?? fallbackLanguage);
  const [score, setScore] = useState<number | null>(null);
  const [done, setDone] = useState(false);
  const lang = languages.includes(language) ? language : (languages[0] ?? 'en');
  const text = (w: Record<string, string> | undefined) => inLanguage(w, lang, fallbackLanguage);
  const defaultEnds = kind.ends[lang] ?? kind.ends.en ?? ['', ''];
  const ends = [
    text(definition.question.labels?.low) || defaultEnds[0],
    text(definition.question.labels?.high) || defaultEnds[1],
  ];
  const group = score === null ? null : groupOf(kind.kind, score);
  const followUp = group ? text(definition.followUp.wording[group] ?? definition.followUp.wording.any) : '';

  return (
    <section
      className="card survey-preview-card"
      aria-labelledby="preview-title"
      data-testid="survey-preview"
    >
      <div className="card-head">
        <h2 id="preview-title" className="card-title">
          Preview
        </h2>
        <label className="field field-inline">
          <span className="small muted">Language</span>
          <select value={lang} onChange={(e) => setLanguage(e.target.value)} data-testid="preview-language">
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="survey-preview" lang={lang} data-testid="preview-body" data-group={group ?? ''}>
        {done ? (
          <p className="survey-preview-thanks" data-testid="preview-thanks">
            {text(definition.thankYou) || text(THANK_YOU_DEFAULT)}
          </p>
        ) : (
          <>
            <fieldset className="survey-preview-question">
              <legend data-testid="preview-question">{text(definition.question.wording)}</legend>
              <div
                className={`survey-scale survey-scale-${kind.kind}`}
                role="radiogroup"
                aria-label={text(definition.question.wording)}
              >
                {kind.scale.map((n) => (
                  <button
                    key={n}
                    type="button"
                    role="radio"
                    aria-checked={score === n}
                    className={`survey-scale-button${score === n ? ' is-chosen' : ''}`}
                    onClick={() => setScore(n)}
                    data-testid="preview-score"
                    data-score={n}
                  >
                    {kind.kind === 'stars' ? '★'.repeat(n) : n}
                  </button>
                ))}
              </div>
              <div className="survey-scale-ends small muted" aria-hidden="true">
                <span>{ends[0]}</span>
                <span>{ends[1]}</span>
              </div>
            </fieldset>
            {score !== null && definition.followUp.enabled && (
              <label className="field">
                <span data-testid="preview-follow-up">{followUp}</span>
                <textarea rows={3} readOnly placeholder="…" />
              </label>
            )}
            {score !== null &&
              definition.extraQuestions.map((q) => (
                <div key={q.id} className="field" data-testid="preview-extra">
                  <span>
                    {text(q.wording)}
                    {q.required ? ' *' : ''}
                  </span>
                  {q.type === 'choice' ? (
                    <div className="chips">
                      {(q.options ?? []).map((o) => (
                        <span key={o.id} className="chip chip-static">
                          {text(o.label)}
                        </span>
                      ))}
                    </div>
                  ) : (
                    <textarea rows={2} readOnly />
                  )}
                </div>
              ))}
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-primary btn-sm"
                disabled={score === null}
                onClick={() => setDone(true)}
              >
                Send
              </button>
            </div>
          </>
        )}
      </div>
      <p className="small muted">
        {done ? (
          <button type="button" className="link-button" onClick={() => setDone(false)}>
            Back to the question
          </button>
        ) : score === null ? (
          'Pick a score to see the follow-up for its group.'
        ) : (
          `Score ${score}: the ${kind.groups.find((g) => g.group === group)?.label.toLowerCase() ?? ''} follow-up.`
        )}
      </p>
    </section>
  );
}
