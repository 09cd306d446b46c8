import type { Brand } from '../types';

export const BRAND_KIND_LABELS: Record<Brand['kind'], string> = {
  own: 'Own brand',
  competitor: 'Competitor',
};

/**
 * The kind of a brand as a tag. Lists of feedback show only competitors (`own` is the usual case
 * and would repeat on every row); the Brands page shows both with `always`.
 */
export function BrandKindBadge({ kind, always = false }: { kind: Brand['kind']; always?: boolean }) {
  if (kind === 'own' && !always) return null;
  return (
    <span
      className={`tag tag-${kind === 'own' ? 'own' : 'competitor'}`}
      data-testid="brand-kind"
      data-kind={kind}
    >
      {BRAND_KIND_LABELS[kind]}
    </span>
  );
}
