import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { BRAND_KIND_LABELS, BrandKindBadge } from '../components/brand-kind-badge';
import { ErrorBanner } from '../components/error-banner';
import { href } from '../router';
import type { Brand } from '../types';
import { useWorkspaceMeta } from '../workspace-meta';
import { BrandsBenchmarkSummary } from './metrics/benchmark-page';

type BrandPatch = Partial<Pick<Brand, 'name' | 'kind'>>;

function NameCell({
  brand,
  editable,
  onSave,
}: {
  brand: Brand;
  editable: boolean;
  onSave: (patch: BrandPatch) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const name = draft?.trim() ?? '';
    setDraft(null);
    if (name && name !== brand.name) onSave({ name });
  }

  if (draft !== null) {
    return (
      <form className="inline-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}>
        <input
          autoFocus
          required
          maxLength={120}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-label={`New name for ${brand.name}`}
          data-testid="brand-name-input"
        />
        <button className="btn btn-primary btn-sm" type="submit" data-testid="brand-name-save">
          Save
        </button>
        <button className="btn btn-ghost btn-sm" type="button" onClick={() => setDraft(null)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div className="inline-form">
      <span className="brand-name" data-testid="brand-name">
        {brand.name}
      </span>
      {editable && (
        <button
          className="btn btn-ghost btn-sm"
          type="button"
          onClick={() => setDraft(brand.name)}
          aria-label={`Rename ${brand.name}`}
          data-testid="brand-rename"
        >
          Rename
        </button>
      )}
    </div>
  );
}

/** The workspace's brands; admins rename them and mark them own or competitor, saved as they change. */
export function BrandsPage({ canEdit }: { canEdit: boolean }) {
  const { brands, loaded, error: loadError, replaceBrand } = useWorkspaceMeta();
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState<{ name: string; error: unknown } | null>(null);

  async function save(brand: Brand, patch: BrandPatch) {
    setFailure(null);
    setSaving((s) => new Set(s).add(brand.id));
    replaceBrand({ ...brand, ...patch }); // optimistic: the change shows at once, everywhere
    try {
      replaceBrand(await api.updateBrand(brand.id, patch));
    } catch (error) {
      replaceBrand(brand);
      setFailure({ name: brand.name, error });
    } finally {
      setSaving((s) => {
        const next = new Set(s);
        next.delete(brand.id);
        return next;
      });
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Brands</h1>
          <p className="page-sub">
            Feedback is filed under a brand. Mark a brand as a competitor to track its feedback for
            benchmarking against your own.
          </p>
        </div>
      </div>

      {!canEdit && (
        <p className="alert alert-info" data-testid="brands-readonly">
          Only admins and owners can rename brands or change their kind.
        </p>
      )}
      <BrandsBenchmarkSummary />
      {failure && <ErrorBanner error={failure.error} title={`Could not save “${failure.name}”:`} />}
      <ErrorBanner error={loadError} />

      <section className="card list-card">
        {!loaded && !loadError ? (
          <div className="list-empty">
            <span className="spinner" aria-label="Loading" />
          </div>
        ) : brands.length === 0 ? (
          <p className="list-empty muted">No brands yet. Imports and the API create them.</p>
        ) : (
          <table className="table brands-table" data-testid="brands-table">
            <thead>
              <tr>
                <th scope="col">Brand</th>
                <th scope="col" className="col-kind">
                  Kind
                </th>
                <th scope="col" className="actions">
                  <span className="visually-hidden">Feedback</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {brands.map((brand) => {
                const busy = saving.has(brand.id);
                return (
                  <tr key={brand.id} data-testid="brand-row" data-kind={brand.kind} aria-busy={busy}>
                    <td>
                      <NameCell
                        brand={brand}
                        editable={canEdit && !busy}
                        onSave={(patch) => void save(brand, patch)}
                      />
                    </td>
                    <td>
                      {canEdit ? (
                        <select
                          className={`kind-select kind-${brand.kind}`}
                          value={brand.kind}
                          disabled={busy}
                          onChange={(e) => void save(brand, { kind: e.target.value as Brand['kind'] })}
                          aria-label={`Kind of ${brand.name}`}
                          data-testid="brand-kind-select"
                        >
                          {(['own', 'competitor'] as const).map((kind) => (
                            <option key={kind} value={kind}>
                              {BRAND_KIND_LABELS[kind]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <BrandKindBadge kind={brand.kind} always />
                      )}
                    </td>
                    <td className="actions">
                      <a href={href('/feedback', { brand: brand.slug })} className="nowrap">
                        View feedback
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
