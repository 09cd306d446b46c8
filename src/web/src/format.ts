/** Display helpers: dates, numbers and labels as the dashboard shows them. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const integer = new Intl.NumberFormat();
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateTime.format(d) : '—';
}

export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateOnly.format(d) : '—';
}

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function formatCompact(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : compact.format(n);
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** A signed score such as `+0.62` or `−0.40`. */
export function formatScore(n: number): string {
  const fixed = Math.abs(n).toFixed(2);
  return n > 0 ? `+${fixed}` : n < 0 ? `−${fixed}` : fixed;
}

export function formatPercent(n: number): string {
  return `${Math.round(n * 100)}%`;
}

/** `churn_threat` → `Churn threat`. */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const languageNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return null;
  }
})();

/** `de` → `German (de)`; `und` → `Undetermined`. */
export function languageName(code: string | null | undefined): string {
  if (!code) return '—';
  if (code === 'und') return 'Undetermined';
  const name = languageNames?.of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) is shown as text. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A 0…1 share with one decimal, for headline figures: `0.9425` → `94.3%`. */
export function formatPercent1(n: number): string {
  return `${(n * 100).toFixed(1)}%`;
}

/**
 * The analyser an analysis names, for people: `baseline-lexicon@1+workspace-sentiment@2` →
 * `Lexicon + this workspace's model v2`. Parts it does not know are shown as they are.
 */
export function modelLabel(model: string): string {
  return model
    .split('+')
    .map((part) => {
      const [name = '', version] = part.split('@', 2);
      if (name === 'baseline-lexicon') return 'Lexicon';
      if (name === 'workspace-sentiment') return `this workspace's model${version ? ` v${version}` : ''}`;
      return part;
    })
    .join(' + ');
}

/**
 * A time relative to `now`, short: `in 25 min`, `3 h ago`, `in 2 d`. Minutes under an hour, hours
 * under two days, days beyond.
 */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return '—';
  const minutes = Math.round((d.getTime() - now) / 60_000);
  const abs = Math.abs(minutes);
  const span =
    abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  if (abs === 0) return 'now';
  return minutes > 0 ? `in ${span}` : `${span} ago`;
}

const WEEK_MS = 7 * 24 * 60 * 60_000;
const dayAndTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * Relative within a week of `now` (`3 h ago`), else the date and time (`12 Feb 2015, 14:05`):
 * "4303 d ago" says nothing about imported history (issue #12).
 */
export function formatRecentOrDate(iso: string | null | undefined, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return '—';
  return Math.abs(d.getTime() - now) < WEEK_MS ? formatRelative(iso, now) : dayAndTime.format(d);
}

/** Minutes as people say them: `45 min`, `3.5 h`, `2.1 d`. */
export function formatMinutes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 60) return `${Math.round(n)} min`;
  if (n < 48 * 60) return `${(n / 60).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(n / 1440).toFixed(1).replace(/\.0$/, '')} d`;
}
