import type { Analysis } from '../types';
import { formatScore, formatPercent } from '../format';

interface Segment {
  text: string;
  label?: string;
  title?: string;
}

/**
 * Splits `text` into the analysed sentences, each marked with its sentiment. Offsets are UTF-16
 * code units, like JavaScript strings. Returns null when the sentences do not line up with the
 * text (for example when the analysis ran on an older version), so the caller can fall back.
 */
function segmentsOf(text: string, sentences: Analysis['sentences']): Segment[] | null {
  const sorted = [...sentences].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start < at || s.end > text.length || s.end < s.start) return null;
    if (text.slice(s.start, s.end) !== s.text) return null;
    if (s.start > at) out.push({ text: text.slice(at, s.start) });
    out.push({
      text: s.text,
      label: s.label,
      title: `${s.label} ${formatScore(s.score)}, confidence ${formatPercent(s.confidence)}`,
    });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** The item's text as React text nodes, sentences highlighted by sentiment when they line up. */
export function HighlightedText({
  text,
  sentences,
}: {
  text: string;
  sentences: Analysis['sentences'] | null;
}) {
  const segments = sentences && sentences.length > 0 ? segmentsOf(text, sentences) : null;
  if (!segments) {
    return (
      <p className="item-text" data-testid="detail-text">
        {text}
      </p>
    );
  }
  return (
    <p className="item-text" data-testid="detail-text">
      {segments.map((seg, i) =>
        seg.label ? (
          <mark key={i} className={`sentence sentence-${seg.label}`} title={seg.title} data-testid="sentence">
            {seg.text}
          </mark>
        ) : (
          <span key={i}>{seg.text}</span>
        ),
      )}
    </p>
  );
}
