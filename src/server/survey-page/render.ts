/**
 * The hosted survey page (issue #15): server-rendered HTML that works without JavaScript. Step one is
 * a real form with a radio group for the score; step two keeps the score (changeable) and asks the
 * follow-up and the extra questions; then the thank-you. Mobile first, high contrast, the respondent's
 * language in `<html lang>`, no external resource. Everything that comes from a survey or a respondent
 * passes `escapeHtml` (survey wordings are written by workspace members, answers by anyone).
 */
import { escapeHtml as e } from '../../channels/email-body.js';
import type { PublicSurveyWire } from '../routes/survey-public.schema.js';

// Inline styles are allowed by our CSP (style-src 'self' 'unsafe-inline'). The only script, on a
// one-click link's page, is /s/autosubmit.js from our origin (script-src 'self'); the page works without it.
const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:#111;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:40rem;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.3rem;line-height:1.3;margin:0 0 12px}
fieldset{border:0;margin:0 0 20px;padding:0;min-width:0}
legend{padding:0;margin-bottom:10px;font-weight:700;font-size:1.15rem}
.scale{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:4px}
.scale label{position:relative;display:block}
.scale input{position:absolute;opacity:0;inset:0;margin:0;width:100%;height:100%;cursor:pointer}
.scale span{display:flex;align-items:center;justify-content:center;min-height:48px;border:2px solid #111;border-radius:6px;font-weight:700;background:#fff}
.scale input:checked+span{background:#111;color:#fff}
.scale input:focus-visible+span{outline:3px solid #0b57d0;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:12px;font-size:.9rem;margin-top:6px}
.q{margin:0 0 20px}
.q>label,.q legend{display:block;font-weight:700;margin-bottom:6px;font-size:1.05rem}
.opt{font-weight:400;font-size:.9rem}
textarea{display:block;width:100%;min-height:7rem;font:inherit;color:#111;background:#fff;border:2px solid #111;border-radius:6px;padding:10px}
.choices label{display:flex;gap:10px;align-items:center;min-height:44px}
.choices input{width:22px;height:22px;margin:0}
textarea:focus-visible,.choices input:focus-visible,button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
button{font:inherit;font-weight:700;color:#fff;background:#0b57d0;border:0;border-radius:6px;min-height:48px;padding:10px 24px;cursor:pointer;width:100%}
.note{background:#e8f0fe;border-left:4px solid #0b57d0;padding:10px 12px;margin:0 0 16px}
.error{background:#fce8e6;border-left:4px solid #a50e0e;color:#5c0000;padding:10px 12px;margin:0 0 16px;font-weight:600}
@media (min-width:600px){button{width:auto}}
`;

function page(language: string, title: string, body: string, script?: string): string {
  return `<!doctype html>
<html lang="${e(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title>
<style>${STYLE}</style>${script ? `\n<script src="${e(script)}" defer></script>` : ''}
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** What the form carries between steps: the link's token, the answer's id, the language. */
export interface PageState {
  token?: string | undefined;
  responseId?: string | undefined;
}

export interface SurveyPageView {
  survey: PublicSurveyWire;
  /** `score`: ask the score; `follow-up`: the score is recorded, ask the rest (the score stays changeable). */
  step: 'score' | 'follow-up';
  state: PageState;
  score?: number | undefined;
  text?: string | undefined;
  answers?: Record<string, string> | undefined;
  error?: string | undefined;
  /** A one-click link's page: the score is pre-selected; /s/autosubmit.js posts the form at once. */
  autoSubmit?: boolean | undefined;
}

function hidden(name: string, value: string | undefined): string {
  return value ? `<input type="hidden" name="${name}" value="${e(value)}">` : '';
}

function scoreFieldset(v: SurveyPageView): string {
  const { survey } = v;
  const radios = survey.scores
    .map((s) => {
      const checked = v.score === s.value ? ' checked' : '';
      const aria = s.name === s.label ? '' : ` aria-label="${e(s.name)}"`;
      return `<label><input type="radio" name="score" value="${s.value}" required${checked}${aria}><span>${e(s.label)}</span></label>`;
    })
    .join('');
  const ends =
    survey.lowLabel || survey.highLabel
      ? `<div class="ends" aria-hidden="true"><span>${e(survey.lowLabel ?? '')}</span><span>${e(survey.highLabel ?? '')}</span></div>`
      : '';
  return `<fieldset>
<legend id="question">${e(survey.question)}</legend>
<div class="scale" style="--n:${survey.scores.length}">${radios}</div>
${ends}
</fieldset>`;
}

function followUpFields(v: SurveyPageView): string {
  const { survey } = v;
  const parts: string[] = [];
  const wording = v.score === undefined ? undefined : survey.followUp?.[String(v.score)];
  if (wording) {
    parts.push(`<div class="q"><label for="text">${e(wording)} <span class="opt">(${e(survey.ui.optional ?? '')})</span></label>
<textarea id="text" name="text" maxlength="5000" rows="5">${e(v.text ?? '')}</textarea></div>`);
  }
  for (const q of survey.questions) {
    const name = `q.${q.id}`;
    const opt = q.required ? '' : ` <span class="opt">(${e(survey.ui.optional ?? '')})</span>`;
    const given = v.answers?.[q.id] ?? '';
    if (q.type === 'text') {
      parts.push(`<div class="q"><label for="${e(name)}">${e(q.wording)}${opt}</label>
<textarea id="${e(name)}" name="${e(name)}" maxlength="2000" rows="3"${q.required ? ' required' : ''}>${e(given)}</textarea></div>`);
    } else {
      const choices = q.options
        .map(
          (o) =>
            `<label><input type="radio" name="${e(name)}" value="${e(o.value)}"${q.required ? ' required' : ''}${given === o.value ? ' checked' : ''}>${e(o.label)}</label>`,
        )
        .join('');
      parts.push(`<fieldset class="q choices"><legend>${e(q.wording)}${opt}</legend>${choices}</fieldset>`);
    }
  }
  return parts.join('\n');
}

/** Step one or two of the hosted page: one `<form method="post">` to the same address. */
export function renderSurveyPage(v: SurveyPageView): string {
  const { survey } = v;
  const ui = survey.ui;
  const notice =
    v.step === 'follow-up' ? `<p class="note" role="status">${e(ui.scoreRecorded ?? '')}</p>` : '';
  const error = v.error ? `<p class="error" role="alert">${e(v.error)}</p>` : '';
  const body = `<h1>${e(ui.title ?? 'Survey')}</h1>
${error}${notice}
<form method="post" action="/s/${encodeURIComponent(survey.publicId)}" accept-charset="utf-8"${v.autoSubmit ? ' data-autosubmit' : ''}>
${hidden('t', v.state.token)}${hidden('r', v.state.responseId)}${hidden('lang', survey.language)}
${scoreFieldset(v)}
${v.step === 'follow-up' ? followUpFields(v) : ''}
<button type="submit"${v.autoSubmit ? ' autofocus' : ''}>${e(ui.send ?? 'Send')}</button>
</form>`;
  return page(survey.language, ui.title ?? 'Survey', body, v.autoSubmit ? '/s/autosubmit.js' : undefined);
}

/** Whether step two has anything to ask for this score. */
export function hasFollowUp(survey: PublicSurveyWire, score: number): boolean {
  return Boolean(survey.followUp?.[String(score)]) || survey.questions.length > 0;
}

/** The thank-you, with the survey's own text. */
export function renderThanksPage(survey: PublicSurveyWire): string {
  return page(
    survey.language,
    survey.ui.title ?? 'Survey',
    `<h1 tabindex="-1" data-testid="survey-thanks">${e(survey.thankYou)}</h1>`,
  );
}

/** A page with one message: the survey is gone, the link expired or was used, the answer is closed. */
export function renderMessagePage(language: string, title: string, message: string): string {
  return page(language, title, `<h1>${e(message)}</h1>`);
}
