/**
 * The embeddable survey widget (issue #15), built to dist/web/widget.js by esbuild:
 *
 *   <script src="https://touchpoint.example.com/widget.js" data-survey="PUBLIC_ID" async></script>
 *
 * Options: `data-lang` (else the page's `<html lang>`), `data-target` (a selector to render into;
 * else after the script tag, or a floating panel), `data-mode="inline|floating"`.
 *
 * It must work under a host page's strict CSP (`script-src` our origin, `style-src 'none'`): it
 * renders with DOM APIs only, styles through CSSOM property assignment (`el.style.x = …`, which
 * style-src does not govern; a `<style>` element or a `style` attribute would be blocked), never
 * evaluates code or sets innerHTML, and talks to the origin it was loaded from. It sets no cookies:
 * the browser key that caps answers per browser lives in localStorage (in memory where that fails).
 */

interface Choice {
  value: string;
  label: string;
}
interface Question {
  id: string;
  type: 'choice' | 'text';
  wording: string;
  options: Choice[];
  required: boolean;
}
interface Survey {
  publicId: string;
  language: string;
  question: string;
  scores: { value: number; label: string; name: string }[];
  lowLabel: string | null;
  highLabel: string | null;
  followUp: Record<string, string> | null;
  questions: Question[];
  thankYou: string;
  ui: Record<string, string>;
}
interface Answered {
  responseId: string;
}

const KEY_NAME = 'touchpoint.browserKey';
const INK = '#1a1a1a';
const ACCENT = '#0b57d0';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

let memoryKey = '';

/** A random key for this browser, kept in localStorage (no cookie). */
function browserKey(): string {
  try {
    const stored = window.localStorage.getItem(KEY_NAME);
    if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return stored;
  } catch {
    // Storage may be blocked (sandboxed frame, privacy settings): fall back to memory below.
  }
  if (!memoryKey) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    memoryKey = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  try {
    window.localStorage.setItem(KEY_NAME, memoryKey);
  } catch {
    // Memory only.
  }
  return memoryKey;
}

type Style = Partial<Record<keyof CSSStyleDeclaration, string>>;

/** An element with CSSOM styles, attributes and text (never markup). */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  style: Style = {},
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node.style, style);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A visible focus ring without a stylesheet (no :focus-visible under style-src 'none'). */
function focusRing(node: HTMLElement): void {
  node.addEventListener('focus', () => {
    node.style.outline = `3px solid ${ACCENT}`;
    node.style.outlineOffset = '2px';
  });
  node.addEventListener('blur', () => {
    node.style.outline = 'none';
  });
}

function button(text: string): HTMLButtonElement {
  const b = el(
    'button',
    {
      font: `600 16px ${FONT}`,
      color: '#fff',
      background: ACCENT,
      border: '0',
      borderRadius: '6px',
      padding: '10px 18px',
      marginTop: '12px',
      cursor: 'pointer',
      minHeight: '44px',
    },
    { type: 'button' },
    text,
  );
  focusRing(b);
  return b;
}

/**
 * A radiogroup of score buttons (the WAI-ARIA radio pattern): one tab stop, arrow keys and
 * Home/End move the choice, Space or Enter choose the focused one.
 */
function scoreGroup(survey: Survey, onChange: (value: number) => void): HTMLElement {
  const group = el(
    'div',
    { display: 'flex', flexWrap: 'wrap', gap: '6px', margin: '8px 0 4px' },
    { role: 'radiogroup', 'aria-labelledby': `tp-sv-${survey.publicId}-question` },
  );
  const radios = survey.scores.map((s) => {
    const r = el(
      'button',
      {
        font: `600 16px ${FONT}`,
        minWidth: '40px',
        minHeight: '44px',
        padding: '0 8px',
        border: `2px solid ${INK}`,
        borderRadius: '6px',
        background: '#fff',
        color: INK,
        cursor: 'pointer',
      },
      {
        type: 'button',
        role: 'radio',
        'aria-checked': 'false',
        tabindex: '-1',
        'data-score': String(s.value),
      },
      s.label,
    );
    if (s.name !== s.label) r.setAttribute('aria-label', s.name);
    focusRing(r);
    return r;
  });
  let current = -1;
  const choose = (i: number, focus: boolean) => {
    current = i;
    radios.forEach((r, j) => {
      const on = j === i;
      r.setAttribute('aria-checked', String(on));
      r.tabIndex = on ? 0 : -1;
      r.style.background = on ? INK : '#fff';
      r.style.color = on ? '#fff' : INK;
    });
    if (focus) radios[i]?.focus();
    const score = survey.scores[i];
    if (score) onChange(score.value);
  };
  if (radios[0]) radios[0].tabIndex = 0;
  radios.forEach((r, i) => {
    r.addEventListener('click', () => choose(i, false));
    r.addEventListener('keydown', (e) => {
      const last = radios.length - 1;
      // Arrows move the choice from the checked radio (from the focused one when none is checked).
      const from = current < 0 ? i : current;
      let to = -1;
      if (e.key === 'ArrowRight' || e.key === 'ArrowDown') to = from === last ? 0 : from + 1;
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') to = from === 0 ? last : from - 1;
      else if (e.key === 'Home') to = 0;
      else if (e.key === 'End') to = last;
      else if (e.key === ' ' || e.key === 'Enter') to = i;
      if (to >= 0) {
        e.preventDefault();
        choose(to, true);
      }
    });
    group.append(r);
  });
  return group;
}

function labelled(text: string, control: HTMLElement, id: string): HTMLElement {
  const wrap = el('div', { marginTop: '12px' });
  control.id = id;
  wrap.append(
    el('label', { display: 'block', fontWeight: '600', marginBottom: '4px' }, { for: id }, text),
    control,
  );
  return wrap;
}

function field(): Style {
  return {
    boxSizing: 'border-box',
    width: '100%',
    font: `16px ${FONT}`,
    color: INK,
    background: '#fff',
    border: `2px solid ${INK}`,
    borderRadius: '6px',
    padding: '8px',
  };
}

/** Ids are prefixed with the survey's public id, so two widgets on one page do not collide. */
class Widget {
  private readonly root: HTMLElement;
  private readonly live: HTMLElement;
  private readonly body: HTMLElement;
  private readonly error: HTMLElement;
  private responseId = '';

  constructor(
    private readonly origin: string,
    private readonly survey: Survey,
    host: { mode: 'inline' | 'floating'; target: Element | null; after: Element | null },
  ) {
    this.root = el(
      'section',
      {
        boxSizing: 'border-box',
        font: `16px/1.4 ${FONT}`,
        color: INK,
        background: '#fff',
        border: `1px solid ${INK}`,
        borderRadius: '10px',
        padding: '16px',
        maxWidth: '480px',
        textAlign: 'left',
      },
      {
        lang: survey.language,
        'aria-label': survey.ui.title ?? 'Survey',
        'data-touchpoint-survey': survey.publicId,
      },
    );
    if (host.mode === 'floating') {
      Object.assign(this.root.style, {
        position: 'fixed',
        right: '16px',
        bottom: '16px',
        left: 'auto',
        width: 'calc(100% - 32px)',
        zIndex: '2147483000',
        boxShadow: '0 4px 24px rgba(0,0,0,.25)',
      } satisfies Style);
      const close = el(
        'button',
        {
          float: 'right',
          font: `20px ${FONT}`,
          background: 'none',
          border: '0',
          cursor: 'pointer',
          color: INK,
          minWidth: '44px',
          minHeight: '44px',
        },
        { type: 'button', 'aria-label': survey.ui.close ?? 'Close' },
        '×',
      );
      focusRing(close);
      close.addEventListener('click', () => this.root.remove());
      this.root.append(close);
    }
    this.body = el('div');
    this.error = el('p', { color: '#a50e0e', fontWeight: '600', margin: '8px 0 0' }, { role: 'alert' });
    this.live = el('div', {}, { 'aria-live': 'polite' });
    this.root.append(this.body, this.error, this.live);
    if (host.target) host.target.append(this.root);
    else if (host.mode === 'inline' && host.after?.parentNode)
      host.after.parentNode.insertBefore(this.root, host.after.nextSibling);
    else document.body.append(this.root);
    this.askScore();
  }

  private askScore(): void {
    const { survey } = this;
    let score: number | undefined;
    const heading = el(
      'p',
      { fontWeight: '700', fontSize: '18px', margin: '0 0 4px' },
      { id: `tp-sv-${survey.publicId}-question` },
      survey.question,
    );
    const group = scoreGroup(survey, (v) => (score = v));
    const ends = el(
      'div',
      { display: 'flex', justifyContent: 'space-between', fontSize: '14px' },
      { 'aria-hidden': 'true' },
    );
    ends.append(el('span', {}, {}, survey.lowLabel ?? ''), el('span', {}, {}, survey.highLabel ?? ''));
    const send = button(survey.ui.send ?? 'Send');
    send.addEventListener('click', () => {
      if (score === undefined) return this.fail(survey.ui.chooseScore ?? 'Choose a score.');
      const chosen = score;
      void this.call('POST', `/responses`, { score: chosen }).then((r) => {
        if (!r) return;
        this.responseId = (r as Answered).responseId;
        this.askFollowUp(chosen);
      });
    });
    this.body.replaceChildren(heading, group, ends, send);
  }

  private askFollowUp(score: number): void {
    const { survey } = this;
    const wording = survey.followUp?.[String(score)];
    if (!wording && survey.questions.length === 0) return this.thank();
    const controls: { id: string; read: () => string; required: boolean; wording: string }[] = [];
    const parts: HTMLElement[] = [];
    if (wording) {
      const text = el('textarea', { ...field(), minHeight: '96px' }, { maxlength: '5000', rows: '4' });
      parts.push(labelled(wording, text, `tp-sv-${survey.publicId}-text`));
      controls.push({ id: '', read: () => text.value, required: false, wording });
    }
    for (const q of survey.questions) {
      const id = `tp-sv-${survey.publicId}-q-${q.id}`;
      if (q.type === 'text') {
        const input = el('textarea', { ...field(), minHeight: '64px' }, { maxlength: '2000', rows: '2' });
        if (q.required) input.setAttribute('aria-required', 'true');
        parts.push(labelled(q.wording, input, id));
        controls.push({ id: q.id, read: () => input.value, required: q.required, wording: q.wording });
      } else {
        const select = el('select', field());
        if (q.required) select.setAttribute('aria-required', 'true');
        select.append(el('option', {}, { value: '' }, '—'));
        for (const o of q.options) select.append(el('option', {}, { value: o.value }, o.label));
        parts.push(labelled(q.wording, select, id));
        controls.push({ id: q.id, read: () => select.value, required: q.required, wording: q.wording });
      }
    }
    const send = button(survey.ui.send ?? 'Send');
    send.addEventListener('click', () => {
      const answers: Record<string, string> = {};
      let text = '';
      for (const c of controls) {
        const v = c.read().trim();
        if (c.required && !v) return this.fail(`${survey.ui.required ?? 'Required'}: ${c.wording}`);
        if (c.id === '') text = v;
        else if (v) answers[c.id] = v;
      }
      void this.call('PATCH', `/responses/${encodeURIComponent(this.responseId)}`, { text, answers }).then(
        (r) => r && this.thank(),
      );
    });
    this.body.replaceChildren(...parts, send);
    this.body.querySelector<HTMLElement>('textarea, select')?.focus();
  }

  private thank(): void {
    this.body.replaceChildren();
    this.error.textContent = '';
    this.say(this.survey.thankYou);
  }

  private say(text: string): void {
    const p = el(
      'p',
      { fontWeight: '700', margin: '0' },
      { tabindex: '-1', 'data-touchpoint-thanks': '' },
      text,
    );
    this.live.replaceChildren(p);
    p.focus();
  }

  private fail(message: string): void {
    this.error.textContent = message;
  }

  /** A JSON call to our origin (no cookies); problems are shown, and answer undefined. */
  private async call(method: string, path: string, payload: Record<string, unknown>): Promise<unknown> {
    this.error.textContent = '';
    const url = `${this.origin}/api/v1/public/surveys/${encodeURIComponent(this.survey.publicId)}${path}`;
    try {
      const res = await fetch(url, {
        method,
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...payload, browserKey: browserKey(), language: this.survey.language }),
      });
      const body = (await res.json()) as { code?: string; detail?: string };
      if (res.ok) return body;
      if (body.code === 'already_answered') {
        this.body.replaceChildren();
        this.say(this.survey.ui.alreadyAnswered ?? 'You have already answered. Thank you!');
      } else this.fail(body.detail ?? this.survey.ui.error ?? 'Something went wrong.');
    } catch {
      this.fail(this.survey.ui.error ?? 'Something went wrong.');
    }
    return undefined;
  }
}

function start(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-survey][src*="widget.js"]');
  const publicId = script?.dataset.survey;
  if (!script || !publicId) return;
  const origin = new URL(script.src, document.baseURI).origin;
  const lang = script.dataset.lang || document.documentElement.lang || navigator.language || '';
  const target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
  const mode =
    script.dataset.mode === 'floating' || (!target && script.dataset.mode !== 'inline')
      ? 'floating'
      : 'inline';
  const url = `${origin}/api/v1/public/surveys/${encodeURIComponent(publicId)}?lang=${encodeURIComponent(lang)}`;
  void fetch(url, { credentials: 'omit' })
    .then((res) => (res.ok ? (res.json() as Promise<Survey>) : undefined))
    .then((survey) => {
      if (!survey) return;
      const mount = () => new Widget(origin, survey, { mode, target, after: script });
      if (document.body) mount();
      else document.addEventListener('DOMContentLoaded', mount);
    })
    .catch(() => undefined);
}

start();
