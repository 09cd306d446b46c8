/**
 * Pieces shared by the asking pages (issue #15): the section's tabs, the question kinds with their
 * scales, score groups and default wordings, the status badge, and the public link of a survey.
 * Customer text is untrusted: it is only ever rendered as React text, never as HTML.
 */
import type { ReactNode } from 'react';
import { humanize } from '../../format';
import { useLocation } from '../../router';
import type { QuestionKind, ScoreGroup, Survey, SurveyDefinition, SurveyStatus, Wording } from '../../types';
import '../customers/customers.css';
import './surveys.css';

const TABS = [
  { path: '/surveys', label: 'Surveys', testId: 'surveys' },
  { path: '/outreach', label: 'Contact rules & send log', testId: 'outreach' },
  { path: '/review-requests', label: 'Review requests', testId: 'review-requests' },
] as const;

export function AskTabs() {
  const { raw } = useLocation();
  const [path = ''] = raw.split('?', 1);
  return (
    <nav className="customer-tabs" aria-label="Asking">
      {TABS.map((t) => {
        const active = path === t.path || (t.path === '/surveys' && path.startsWith('/surveys/'));
        return (
          <a
            key={t.path}
            href={`#${t.path}`}
            className={`customer-tab${active ? ' is-active' : ''}`}
            aria-current={active ? 'page' : undefined}
            data-testid={`ask-tab-${t.testId}`}
          >
            {t.label}
          </a>
        );
      })}
    </nav>
  );
}

/** A page of the asking section: tabs, a header, the content. */
export function AskSection({
  title,
  sub,
  actions,
  testId,
  busy,
  tabs = true,
  children,
}: {
  title: ReactNode;
  sub?: ReactNode;
  actions?: ReactNode;
  testId: string;
  busy?: boolean;
  tabs?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="page page-wide customers surveys" data-testid={testId} aria-busy={busy ?? false}>
      {tabs && <AskTabs />}
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {sub && <p className="page-sub">{sub}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </div>
  );
}

export interface KindInfo {
  kind: QuestionKind;
  label: string;
  /** The answer scale, lowest first. */
  scale: number[];
  groups: { group: ScoreGroup; label: string; min: number; max: number }[];
  /** What the ends of the scale mean, by language. */
  ends: Record<string, [string, string]>;
  question: Wording;
}

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The question kinds, their scales and score groups (the hosted page and the results use the same). */
export const KINDS: Record<QuestionKind, KindInfo> = {
  nps: {
    kind: 'nps',
    label: 'NPS (0–10)',
    scale: range(0, 10),
    groups: [
      { group: 'detractor', label: 'Detractors (0–6)', min: 0, max: 6 },
      { group: 'passive', label: 'Passives (7–8)', min: 7, max: 8 },
      { group: 'promoter', label: 'Promoters (9–10)', min: 9, max: 10 },
    ],
    ends: {
      en: ['Not at all likely', 'Extremely likely'],
      de: ['Überhaupt nicht wahrscheinlich', 'Äußerst wahrscheinlich'],
      fr: ['Pas du tout probable', 'Très probable'],
      es: ['Nada probable', 'Muy probable'],
    },
    question: {
      en: 'How likely are you to recommend us to a friend or colleague?',
      de: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?',
      fr: 'Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?',
      es: '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?',
    },
  },
  csat: {
    kind: 'csat',
    label: 'CSAT (1–5)',
    scale: range(1, 5),
    groups: [
      { group: 'low', label: 'Unsatisfied (1–2)', min: 1, max: 2 },
      { group: 'mid', label: 'Neutral (3)', min: 3, max: 3 },
      { group: 'high', label: 'Satisfied (4–5)', min: 4, max: 5 },
    ],
    ends: {
      en: ['Very dissatisfied', 'Very satisfied'],
      de: ['Sehr unzufrieden', 'Sehr zufrieden'],
      fr: ['Très insatisfait', 'Très satisfait'],
      es: ['Muy insatisfecho', 'Muy satisfecho'],
    },
    question: {
      en: 'How satisfied were you with your experience?',
      de: 'Wie zufrieden waren Sie mit Ihrer Erfahrung?',
      fr: 'Dans quelle mesure êtes-vous satisfait de votre expérience ?',
      es: '¿Qué tan satisfecho quedó con su experiencia?',
    },
  },
  ces: {
    kind: 'ces',
    label: 'CES (1–7)',
    scale: range(1, 7),
    groups: [
      { group: 'low', label: 'Hard (1–3)', min: 1, max: 3 },
      { group: 'mid', label: 'Neutral (4)', min: 4, max: 4 },
      { group: 'high', label: 'Easy (5–7)', min: 5, max: 7 },
    ],
    ends: {
      en: ['Very difficult', 'Very easy'],
      de: ['Sehr schwierig', 'Sehr einfach'],
      fr: ['Très difficile', 'Très facile'],
      es: ['Muy difícil', 'Muy fácil'],
    },
    question: {
      en: 'How easy was it to get what you needed?',
      de: 'Wie einfach war es, das zu bekommen, was Sie brauchten?',
      fr: 'Était-il facile d’obtenir ce dont vous aviez besoin ?',
      es: '¿Qué tan fácil fue conseguir lo que necesitaba?',
    },
  },
  stars: {
    kind: 'stars',
    label: 'Stars (1–5)',
    scale: range(1, 5),
    groups: [
      { group: 'low', label: 'Low (1–2 ★)', min: 1, max: 2 },
      { group: 'mid', label: 'Middle (3 ★)', min: 3, max: 3 },
      { group: 'high', label: 'High (4–5 ★)', min: 4, max: 5 },
    ],
    ends: {
      en: ['Poor', 'Excellent'],
      de: ['Schlecht', 'Ausgezeichnet'],
      fr: ['Mauvais', 'Excellent'],
      es: ['Malo', 'Excelente'],
    },
    question: {
      en: 'How would you rate your experience?',
      de: 'Wie bewerten Sie Ihre Erfahrung?',
      fr: 'Comment évaluez-vous votre expérience ?',
      es: '¿Cómo valoraría su experiencia?',
    },
  },
};

/** Default follow-up wordings: what to improve when low, what they liked when high. */
export const FOLLOW_UP_DEFAULTS: Record<'low' | 'mid' | 'high', Wording> = {
  low: {
    en: 'What should we improve?',
    de: 'Was sollten wir verbessern?',
    fr: 'Que devrions-nous améliorer ?',
    es: '¿Qué deberíamos mejorar?',
  },
  mid: {
    en: 'What would make it better?',
    de: 'Was würde es besser machen?',
    fr: 'Qu’est-ce qui l’aurait rendu meilleur ?',
    es: '¿Qué lo haría mejor?',
  },
  high: {
    en: 'What did you like most?',
    de: 'Was hat Ihnen am besten gefallen?',
    fr: 'Qu’avez-vous le plus apprécié ?',
    es: '¿Qué le gustó más?',
  },
};

export const THANK_YOU_DEFAULT: Wording = {
  en: 'Thank you! Your answer helps us get better.',
  de: 'Vielen Dank! Ihre Antwort hilft uns, besser zu werden.',
  fr: 'Merci ! Votre réponse nous aide à nous améliorer.',
  es: '¡Gracias! Su respuesta nos ayuda a mejorar.',
};

/** Languages offered in the builder: those the hosted page and the widget have their own words in (src/server/survey-page/strings.ts). */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'zh'] as const;

/** The score group of a value on a kind's scale. */
export function groupOf(kind: QuestionKind, score: number): ScoreGroup {
  return KINDS[kind].groups.find((g) => score >= g.min && score <= g.max)?.group ?? 'mid';
}

/** The follow-up defaults for a kind's groups (NPS: detractor/passive/promoter). */
export function followUpDefaults(kind: QuestionKind): Partial<Record<ScoreGroup, Wording>> {
  const [low, mid, high] = KINDS[kind].groups.map((g) => g.group);
  return {
    [low ?? 'low']: { ...FOLLOW_UP_DEFAULTS.low },
    [mid ?? 'mid']: { ...FOLLOW_UP_DEFAULTS.mid },
    [high ?? 'high']: { ...FOLLOW_UP_DEFAULTS.high },
  };
}

/** A new survey's definition: the kind's standard question, follow-ups and thank-you, in English. */
export function newDefinition(kind: QuestionKind = 'nps'): SurveyDefinition {
  return {
    question: { kind, wording: { ...KINDS[kind].question } },
    followUp: { enabled: true, wording: followUpDefaults(kind) },
    extraQuestions: [],
    thankYou: { ...THANK_YOU_DEFAULT },
    languages: ['en'],
    triggers: [],
  };
}

/** The languages a survey offers: its own list, else those its question is worded in. */
export function languagesOf(d: SurveyDefinition): string[] {
  const langs = d.languages ?? Object.keys(d.question.wording);
  return langs.length ? langs : ['en'];
}

/** Drops empty texts (the server takes no empty wording) and wordings left with none. */
export function cleanWording(w: Wording | undefined): Wording | undefined {
  if (!w) return undefined;
  const out = Object.fromEntries(Object.entries(w).filter(([, v]) => v.trim() !== ''));
  return Object.keys(out).length ? out : undefined;
}

/** The definition as the server takes it: no empty texts, no half-written triggers. */
export function cleanDefinition(d: SurveyDefinition): SurveyDefinition {
  const followUp: SurveyDefinition['followUp']['wording'] = {};
  for (const [group, w] of Object.entries(d.followUp.wording)) {
    const c = cleanWording(w);
    if (c) followUp[group as keyof typeof followUp] = c;
  }
  const thankYou = cleanWording(d.thankYou);
  const low = cleanWording(d.question.labels?.low);
  const high = cleanWording(d.question.labels?.high);
  const labels = { ...(low ? { low } : {}), ...(high ? { high } : {}) };
  return {
    ...d,
    question: {
      kind: d.question.kind,
      wording: cleanWording(d.question.wording) ?? {},
      ...(labels.low || labels.high ? { labels } : {}),
    },
    followUp: { enabled: d.followUp.enabled, wording: followUp },
    extraQuestions: d.extraQuestions.map((q) => ({
      ...q,
      wording: cleanWording(q.wording) ?? {},
      ...(q.type === 'choice'
        ? {
            options: (q.options ?? [])
              .map((o) => ({ id: o.id, label: cleanWording(o.label) ?? {} }))
              .filter((o) => Object.keys(o.label).length > 0),
          }
        : { options: undefined }),
    })),
    ...(thankYou ? { thankYou } : { thankYou: undefined }),
    triggers: d.triggers.filter((t) => t.event.trim() !== ''),
  };
}

/** Text in a language, else in the first language that has it. */
export function inLanguage(wording: Wording | undefined, language: string, fallback: string): string {
  if (!wording) return '';
  return wording[language] || wording[fallback] || Object.values(wording).find(Boolean) || '';
}

const STATUS_TONE: Record<SurveyStatus, string> = { draft: 'muted', active: 'positive', closed: 'info' };

export function SurveyStatusBadge({ status }: { status: SurveyStatus }) {
  return (
    <span className={`badge badge-${STATUS_TONE[status]}`} data-testid="survey-status" data-status={status}>
      {humanize(status)}
    </span>
  );
}

/** Where respondents open the survey: the server's public URL, else this dashboard's origin. */
export function publicLink(survey: Pick<Survey, 'publicPath' | 'publicUrl'>): string {
  return survey.publicUrl ?? `${window.location.origin}${survey.publicPath}`;
}

export function surveyHref(id: string, rest = ''): string {
  return `#/surveys/${encodeURIComponent(id)}${rest}`;
}

/** The survey's own pages, as tabs on each of them. */
export function SurveyTabs({ id, current }: { id: string; current: 'edit' | 'share' | 'results' }) {
  const tabs = [
    { key: 'edit', label: 'Questions', href: surveyHref(id) },
    { key: 'share', label: 'Distribution', href: surveyHref(id, '/share') },
    { key: 'results', label: 'Results', href: surveyHref(id, '/results') },
  ] as const;
  return (
    <nav className="survey-tabs" aria-label="This survey">
      {tabs.map((t) => (
        <a
          key={t.key}
          href={t.href}
          className={`survey-tab${t.key === current ? ' is-active' : ''}`}
          aria-current={t.key === current ? 'page' : undefined}
          data-testid={`survey-tab-${t.key}`}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
