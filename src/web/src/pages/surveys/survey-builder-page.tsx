/**
 * The survey builder (`#/surveys/new`, `#/surveys/:id`, issue #15): name, the touchpoint or stage it
 * belongs to, the question kind, wording per language, follow-up wordings by score group, extra
 * questions, the thank-you, the per-browser cap and edit window, and the triggers that send it after
 * an event — with a live preview of what the respondent sees.
 */
import { useState, type FormEvent } from 'react';
import { surveysApi } from '../../api';
import { ErrorBanner, LoadState } from '../../components/error-banner';
import { languageName } from '../../format';
import { navigate } from '../../router';
import type { QuestionKind, Role, Survey, SurveyDefinition, SurveyExtraQuestion, Wording } from '../../types';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import { SurveyPreview } from './survey-preview';
import {
  AskSection,
  cleanDefinition,
  followUpDefaults,
  KINDS,
  LANGUAGES,
  languagesOf,
  newDefinition,
  surveyHref,
  THANK_YOU_DEFAULT,
  SurveyStatusBadge,
  SurveyTabs,
} from './survey-parts';

interface Draft {
  name: string;
  /** `tp:<key>`, `stage:<key>` or empty. */
  about: string;
  definition: SurveyDefinition;
  browserCapDays: number;
  editHours: number;
}

function draftOf(survey: Survey | null): Draft {
  if (!survey)
    return { name: '', about: '', definition: newDefinition('nps'), browserCapDays: 1, editHours: 24 };
  return {
    name: survey.name,
    about: survey.touchpointKey
      ? `tp:${survey.touchpointKey}`
      : survey.stageKey
        ? `stage:${survey.stageKey}`
        : '',
    definition: survey.definition,
    browserCapDays: survey.browserCapDays,
    editHours: survey.editHours,
  };
}

/** A wording field per language of the survey, in the language being edited. */
function WordingInput({
  label,
  wording,
  language,
  onChange,
  testId,
  multiline = false,
  maxLength = 300,
  placeholder,
}: {
  label: string;
  wording: Wording;
  language: string;
  onChange: (w: Wording) => void;
  testId?: string;
  multiline?: boolean;
  maxLength?: number;
  placeholder?: string | undefined;
}) {
  const value = wording[language] ?? '';
  const set = (v: string) => onChange({ ...wording, [language]: v });
  return (
    <label className="field">
      <span>
        {label} <span className="muted small">({languageName(language)})</span>
      </span>
      {multiline ? (
        <textarea
          rows={2}
          maxLength={maxLength}
          value={value}
          placeholder={placeholder}
          onChange={(e) => set(e.target.value)}
          data-testid={testId}
        />
      ) : (
        <input
          maxLength={maxLength}
          value={value}
          placeholder={placeholder}
          onChange={(e) => set(e.target.value)}
          data-testid={testId}
        />
      )}
    </label>
  );
}

/** Options edited as lines in one language: line n is option n (its id and other languages kept). */
function withOptionLines(
  options: NonNullable<SurveyExtraQuestion['options']>,
  language: string,
  text: string,
): NonNullable<SurveyExtraQuestion['options']> {
  const lines = text.split('\n').map((l) => l.slice(0, 200));
  const used = new Set(options.map((o) => o.id));
  let next = options.length;
  const freshId = () => {
    while (used.has(`o${next + 1}`)) next++;
    const id = `o${++next}`;
    used.add(id);
    return id;
  };
  return lines.map((line, i) => {
    const o = options[i];
    return o
      ? { id: o.id, label: { ...o.label, [language]: line } }
      : { id: freshId(), label: { [language]: line } };
  });
}

let extraCounter = 0;
const newExtraId = () => `q${Date.now().toString(36)}${(extraCounter++).toString(36)}`;

function ExtraQuestions({
  questions,
  language,
  onChange,
}: {
  questions: SurveyExtraQuestion[];
  language: string;
  onChange: (q: SurveyExtraQuestion[]) => void;
}) {
  const set = (i: number, patch: Partial<SurveyExtraQuestion>) =>
    onChange(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  return (
    <fieldset className="field" data-testid="survey-extras">
      <legend>Extra questions</legend>
      {questions.length === 0 && <p className="muted small">None: the survey asks the score and why.</p>}
      {questions.map((q, i) => (
        <div key={q.id} className="extra-question" data-testid="survey-extra">
          <div className="form-grid">
            <label className="field">
              <span>Type</span>
              <select value={q.type} onChange={(e) => set(i, { type: e.target.value as 'choice' | 'text' })}>
                <option value="text">Open text</option>
                <option value="choice">Choice</option>
              </select>
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={q.required}
                onChange={(e) => set(i, { required: e.target.checked })}
              />
              Required
            </label>
          </div>
          <WordingInput
            label="Question"
            wording={q.wording}
            language={language}
            onChange={(wording) => set(i, { wording })}
          />
          {q.type === 'choice' && (
            <label className="field">
              <span>
                Options, one per line <span className="muted small">({languageName(language)})</span>
              </span>
              <textarea
                rows={3}
                value={(q.options ?? []).map((o) => o.label[language] ?? '').join('\n')}
                onChange={(e) =>
                  set(i, { options: withOptionLines(q.options ?? [], language, e.target.value) })
                }
              />
            </label>
          )}
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => onChange(questions.filter((_, j) => j !== i))}
          >
            Remove question
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        disabled={questions.length >= 10}
        onClick={() =>
          onChange([...questions, { id: newExtraId(), type: 'text', wording: {}, required: false }])
        }
        data-testid="survey-add-extra"
      >
        + Question
      </button>
    </fieldset>
  );
}

function Triggers({
  definition,
  onChange,
}: {
  definition: SurveyDefinition;
  onChange: (d: SurveyDefinition) => void;
}) {
  const triggers = definition.triggers;
  const set = (i: number, patch: Partial<SurveyDefinition['triggers'][number]>) =>
    onChange({ ...definition, triggers: triggers.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  return (
    <fieldset className="field" data-testid="survey-triggers">
      <legend>Send after an event</legend>
      <p className="muted small">
        When your system posts an event (<code>POST /api/v1/events</code>, e.g. <code>order.delivered</code>)
        for a customer, an e-mail invitation goes out this many hours later — within the contact rules and
        outside quiet hours.
      </p>
      {triggers.map((t, i) => (
        <div key={i} className="rule-row" data-testid="survey-trigger">
          <label className="field">
            <span>Event</span>
            <input
              value={t.event}
              placeholder="order.delivered"
              pattern="[a-z0-9][a-z0-9_.\-]*"
              maxLength={60}
              onChange={(e) => set(i, { event: e.target.value.trim().toLowerCase() })}
              data-testid="survey-trigger-event"
            />
          </label>
          <label className="field field-narrow">
            <span>Hours later</span>
            <input
              type="number"
              min={0}
              max={720}
              value={t.delayHours}
              onChange={(e) =>
                set(i, { delayHours: Math.min(720, Math.max(0, Number(e.target.value) || 0)) })
              }
            />
          </label>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => onChange({ ...definition, triggers: triggers.filter((_, j) => j !== i) })}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        disabled={triggers.length >= 10}
        onClick={() =>
          onChange({
            ...definition,
            triggers: [...triggers, { event: '', delayHours: 24, channel: 'email' }],
          })
        }
        data-testid="survey-add-trigger"
      >
        + Trigger
      </button>
    </fieldset>
  );
}

/** What the server would refuse, said in the builder's words before saving. */
function problemsOf(d: SurveyDefinition): string[] {
  const languages = languagesOf(d);
  const out: string[] = [];
  for (const l of languages)
    if (!d.question.wording[l]?.trim()) out.push(`The question needs a wording in ${languageName(l)}.`);
  d.extraQuestions.forEach((q, i) => {
    if (!Object.values(q.wording).some((w) => w.trim())) out.push(`Extra question ${i + 1} needs a wording.`);
    if (
      q.type === 'choice' &&
      (q.options ?? []).filter((o) => Object.values(o.label).some((x) => x.trim())).length < 2
    )
      out.push(`Extra question ${i + 1} needs at least two options.`);
  });
  d.triggers.forEach((t, i) => {
    if (t.event && !/^[a-z0-9][a-z0-9_.-]{0,79}$/.test(t.event))
      out.push(`Trigger ${i + 1}: an event type looks like order.delivered.`);
  });
  return out;
}

/** Changing the kind swaps the standard question and follow-up wordings that were not edited. */
function withKind(definition: SurveyDefinition, kind: QuestionKind): SurveyDefinition {
  const before = KINDS[definition.question.kind];
  const after = KINDS[kind];
  const wording: Wording = {};
  for (const [lang, text] of Object.entries(definition.question.wording))
    wording[lang] = text === before.question[lang] ? (after.question[lang] ?? text) : text;
  for (const lang of languagesOf(definition))
    if (!wording[lang] && after.question[lang]) wording[lang] = after.question[lang];
  const followUp = followUpDefaults(kind);
  after.groups.forEach((g, i) => {
    const old = before.groups[i]?.group;
    const oldWording = old ? definition.followUp.wording[old] : undefined;
    if (oldWording) followUp[g.group] = oldWording;
  });
  return {
    ...definition,
    question: { kind, wording },
    followUp: { ...definition.followUp, wording: followUp },
  };
}

function Builder({ survey, canWrite }: { survey: Survey | null; canWrite: boolean }) {
  const { stages } = useWorkspaceMeta();
  const [draft, setDraft] = useState<Draft>(() => draftOf(survey));
  const [language, setLanguage] = useState(languagesOf(draft.definition)[0] ?? 'en');
  const [state, setState] = useState<{ busy: boolean; error: unknown; saved: boolean }>({
    busy: false,
    error: null,
    saved: false,
  });
  const [current, setCurrent] = useState<Survey | null>(survey);
  const d = draft.definition;
  const languages = languagesOf(d);
  const kind = KINDS[d.question.kind];
  const setDefinition = (definition: SurveyDefinition) => {
    setDraft({ ...draft, definition });
    setState((s) => ({ ...s, saved: false }));
  };
  const lang = languages.includes(language) ? language : (languages[0] ?? 'en');

  async function save(e: FormEvent) {
    e.preventDefault();
    const missing = problemsOf(d);
    if (missing.length > 0) {
      setState({ busy: false, error: new Error(missing.join(' ')), saved: false });
      return;
    }
    setState({ busy: true, error: null, saved: false });
    const [aboutKind, aboutKey] = draft.about.split(':', 2);
    const body = {
      name: draft.name.trim(),
      touchpointKey: aboutKind === 'tp' ? (aboutKey ?? null) : null,
      stageKey: aboutKind === 'stage' ? (aboutKey ?? null) : null,
      definition: cleanDefinition(d),
      defaultLanguage: languages[0] ?? 'en',
      browserCapDays: draft.browserCapDays,
      editHours: draft.editHours,
    };
    try {
      const saved = current ? await surveysApi.update(current.id, body) : await surveysApi.create(body);
      setCurrent(saved);
      setState({ busy: false, error: null, saved: true });
      if (!current) navigate(surveyHref(saved.id), { replace: true });
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  }

  async function setStatus(status: 'active' | 'closed') {
    if (!current) return;
    setState({ busy: true, error: null, saved: false });
    try {
      setCurrent(await surveysApi.setStatus(current.id, status));
      setState({ busy: false, error: null, saved: false });
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  }

  return (
    <AskSection
      title={current ? current.name : 'New survey'}
      testId="survey-builder"
      sub={
        current
          ? 'Questions, wordings, languages and triggers.'
          : 'One short question after a touchpoint, and why.'
      }
      actions={
        current && (
          <>
            <SurveyStatusBadge status={current.status} />
            {canWrite && current.status !== 'active' && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={state.busy}
                onClick={() => void setStatus('active')}
                data-testid="survey-activate"
              >
                {current.status === 'closed' ? 'Reopen' : 'Activate'}
              </button>
            )}
            {canWrite && current.status === 'active' && (
              <button
                type="button"
                className="btn btn-secondary"
                disabled={state.busy}
                onClick={() => void setStatus('closed')}
                data-testid="survey-close"
              >
                Close
              </button>
            )}
          </>
        )
      }
    >
      {current && <SurveyTabs id={current.id} current="edit" />}
      {current?.status === 'draft' && (
        <div className="alert alert-info" role="status">
          A draft takes no answers. Activate it, then share its link from Distribution.
        </div>
      )}
      <div className="survey-builder">
        <form
          className="card form-card"
          onSubmit={(e) => void save(e)}
          data-testid="survey-form"
          aria-label="Survey"
        >
          <label className="field">
            <span>Name</span>
            <input
              required
              maxLength={120}
              placeholder="e.g. After the delivery"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              data-testid="survey-name"
              disabled={!canWrite}
            />
          </label>
          <div className="form-grid">
            <label className="field">
              <span>About</span>
              <select
                value={draft.about}
                onChange={(e) => setDraft({ ...draft, about: e.target.value })}
                data-testid="survey-touchpoint"
              >
                <option value="">No touchpoint</option>
                {stages.map((s) => (
                  <optgroup key={s.key} label={s.name}>
                    <option value={`stage:${s.key}`}>{s.name} (whole stage)</option>
                    {s.touchpoints.map((t) => (
                      <option key={t.key} value={`tp:${t.key}`}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Question</span>
              <select
                value={d.question.kind}
                onChange={(e) => setDefinition(withKind(d, e.target.value as QuestionKind))}
                data-testid="survey-kind"
              >
                {Object.values(KINDS).map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset className="field">
            <legend>Languages</legend>
            <p className="muted small">
              Respondents get their own language when the survey has it, else the first one ticked.
            </p>
            <div className="check-grid">
              {LANGUAGES.map((l) => (
                <label key={l} className="check">
                  <input
                    type="checkbox"
                    checked={languages.includes(l)}
                    disabled={languages.length === 1 && languages[0] === l}
                    onChange={(e) => {
                      const next = e.target.checked ? [...languages, l] : languages.filter((x) => x !== l);
                      const fill = (w: Wording, defaults: Wording | undefined) =>
                        e.target.checked && !w[l] && defaults?.[l] ? { ...w, [l]: defaults[l] } : w;
                      const defaults = followUpDefaults(kind.kind);
                      const followUp: SurveyDefinition['followUp']['wording'] = {};
                      for (const g of kind.groups)
                        followUp[g.group] = fill(d.followUp.wording[g.group] ?? {}, defaults[g.group]);
                      setDefinition({
                        ...d,
                        languages: next,
                        question: { ...d.question, wording: fill(d.question.wording, kind.question) },
                        followUp: { ...d.followUp, wording: { ...d.followUp.wording, ...followUp } },
                        thankYou: fill(d.thankYou ?? {}, THANK_YOU_DEFAULT),
                      });
                      if (e.target.checked) setLanguage(l);
                    }}
                    data-testid={`survey-language-${l}`}
                  />
                  {languageName(l)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="segmented" role="tablist" aria-label="Edit the wording in">
            {languages.map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                aria-selected={l === lang}
                className={`segment${l === lang ? ' is-active' : ''}`}
                onClick={() => setLanguage(l)}
                data-testid={`survey-edit-language-${l}`}
              >
                {l.toUpperCase()}
              </button>
            ))}
          </div>
          <WordingInput
            label="Question"
            wording={d.question.wording}
            language={lang}
            onChange={(wording) => setDefinition({ ...d, question: { ...d.question, wording } })}
            testId="survey-question"
          />
          <div className="form-grid">
            {(['low', 'high'] as const).map((end, i) => (
              <WordingInput
                key={end}
                label={end === 'low' ? `Label of ${kind.scale[0]}` : `Label of ${kind.scale.at(-1)}`}
                wording={d.question.labels?.[end] ?? {}}
                language={lang}
                maxLength={80}
                placeholder={(kind.ends[lang] ?? kind.ends.en)?.[i]}
                onChange={(w) =>
                  setDefinition({
                    ...d,
                    question: { ...d.question, labels: { ...d.question.labels, [end]: w } },
                  })
                }
                testId={`survey-label-${end}`}
              />
            ))}
          </div>
          <fieldset className="field">
            <legend>Follow-up: “why?”</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={d.followUp.enabled}
                onChange={(e) =>
                  setDefinition({ ...d, followUp: { ...d.followUp, enabled: e.target.checked } })
                }
                data-testid="survey-follow-up"
              />
              Ask an open question after the score, worded by the score’s group
            </label>
            {d.followUp.enabled &&
              kind.groups.map((g) => (
                <WordingInput
                  key={g.group}
                  label={g.label}
                  wording={d.followUp.wording[g.group] ?? {}}
                  language={lang}
                  onChange={(wording) =>
                    setDefinition({
                      ...d,
                      followUp: { ...d.followUp, wording: { ...d.followUp.wording, [g.group]: wording } },
                    })
                  }
                  testId={`survey-follow-up-${g.group}`}
                />
              ))}
          </fieldset>
          <ExtraQuestions
            questions={d.extraQuestions}
            language={lang}
            onChange={(extraQuestions) => setDefinition({ ...d, extraQuestions })}
          />
          <WordingInput
            label="Thank-you"
            wording={d.thankYou ?? {}}
            language={lang}
            onChange={(thankYou) => setDefinition({ ...d, thankYou })}
            multiline
            testId="survey-thank-you"
          />
          <Triggers definition={d} onChange={setDefinition} />
          <div className="form-grid">
            <label className="field">
              <span>One answer per browser every</span>
              <input
                type="number"
                min={0}
                max={365}
                value={draft.browserCapDays}
                onChange={(e) =>
                  setDraft({ ...draft, browserCapDays: Math.max(0, Number(e.target.value) || 0) })
                }
              />
              <span className="muted small">days, on the public link, QR code and widget (0: no cap)</span>
            </label>
            <label className="field">
              <span>Answers can be changed for</span>
              <input
                type="number"
                min={0}
                max={720}
                value={draft.editHours}
                onChange={(e) => setDraft({ ...draft, editHours: Math.max(0, Number(e.target.value) || 0) })}
              />
              <span className="muted small">hours after the first answer</span>
            </label>
          </div>
          <ErrorBanner error={state.error} title="The survey was not saved." />
          {canWrite && (
            <div className="form-actions">
              {state.saved && (
                <span className="muted small" role="status" data-testid="survey-saved">
                  Saved.
                </span>
              )}
              <button
                type="submit"
                className="btn btn-primary"
                disabled={state.busy || !draft.name.trim()}
                data-testid="survey-save"
              >
                {state.busy ? 'Saving…' : current ? 'Save changes' : 'Create survey'}
              </button>
            </div>
          )}
        </form>
        <div className="survey-builder-side">
          <SurveyPreview
            key={`${d.question.kind}:${languages.join()}`}
            definition={d}
            fallbackLanguage={languages[0] ?? 'en'}
          />
          <p className="muted small">
            {kind.label.split(' ')[0]} answers become feedback items on the survey channel; follow-up texts
            are analysed like any other item, and the playbook opens cases for detractors.
          </p>
        </div>
      </div>
    </AskSection>
  );
}

export function SurveyBuilderPage({ id, role }: { id: string | null; role: Role }) {
  const canWrite = role === 'admin' || role === 'owner';
  const survey = useResource(id ? `survey:${id}` : null, () => surveysApi.get(id ?? ''));
  if (!id) return <Builder survey={null} canWrite={canWrite} />;
  if (!survey.data)
    return (
      <div className="page">
        <LoadState
          error={survey.error}
          loading={survey.loading}
          loaded={false}
          what="survey"
          notFoundTestId="survey-not-found"
        />
      </div>
    );
  return <Builder key={survey.data.id} survey={survey.data} canWrite={canWrite} />;
}
