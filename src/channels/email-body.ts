/**
 * The two parts of a reply e-mail. Everything that reaches the HTML part passes `escapeHtml`: the
 * reply text (it may repeat what the customer wrote), the quoted original, the subject, the language.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes the five characters that matter in HTML text and quoted attribute values (the OWASP rule
 * for element content; Hono's `html` helper escapes the same set). We interpolate only into text and
 * double-quoted attributes, so this is enough, and it needs no dependency.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim();
}

/** Plain text: the reply, then the customer's message quoted with `> ` as mail clients do. */
export function textBody(text: string, quoted: string | null | undefined): string {
  const parts = [normalizeNewlines(text)];
  if (quoted !== null && quoted !== undefined && quoted.trim() !== '') {
    parts.push(
      normalizeNewlines(quoted)
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

/** Paragraphs at blank lines, `<br>` at single line breaks; the text is escaped first. */
function paragraphs(s: string): string {
  return normalizeNewlines(s)
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** HTML: the same content as `textBody`, escaped, with the original in a `<blockquote>`. */
export function htmlBody(opts: {
  text: string;
  quoted: string | null | undefined;
  subject: string;
  language: string;
}): string {
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(opts.language) ? opts.language : 'und';
  const quote =
    opts.quoted !== null && opts.quoted !== undefined && opts.quoted.trim() !== ''
      ? `\n<blockquote style="margin:1em 0 0;padding-left:1em;border-left:3px solid #ccc;color:#555">\n${paragraphs(opts.quoted)}\n</blockquote>`
      : '';
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(opts.subject)}</title></head>`,
    '<body>',
    `${paragraphs(opts.text)}${quote}`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
