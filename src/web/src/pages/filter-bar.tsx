import { useState } from 'react';
import { FilterSelect } from '../components/filter-select';
import { SearchBox } from '../components/search-box';
import { humanize, languageName } from '../format';
import { customersApi } from '../api';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import {
  CHANNELS,
  INTENTS,
  LANGUAGES,
  PLATFORMS,
  SORTS,
  type FilterKey,
  type FilterValues,
} from './feedback-filters';

function Select({
  name,
  onChange,
  ...rest
}: Omit<Parameters<typeof FilterSelect>[0], 'testId' | 'onChange'> & {
  name: FilterKey;
  onChange: (key: FilterKey, value: string) => void;
}) {
  return <FilterSelect {...rest} testId={`filter-${name}`} onChange={(value) => onChange(name, value)} />;
}

const RATINGS = ['1', '2', '3', '4', '5'].map((r) => ({ value: r, label: `${r}★` }));

/** The explorer's filter controls; every change is written to the URL by `onChange`. */
export function FilterBar({
  values,
  onChange,
  onClear,
}: {
  values: FilterValues;
  onChange: (key: FilterKey, value: string) => void;
  onClear: () => void;
}) {
  const { brands, stages } = useWorkspaceMeta();
  // Saved segments (issue #14) filter the explorer too; the same cached list as the segments page.
  const segments = useResource('segments', () => customersApi.segments()).data?.segments ?? [];
  const active = Object.entries(values).filter(([k, v]) => k !== 'sort' && v).length;
  // On a phone the filters below the search fold away behind a button (CSS shows it there only).
  const [more, setMore] = useState(false);

  return (
    <section className="filters" aria-label="Filters">
      <div className="filters-row">
        <SearchBox value={values.q ?? ''} onCommit={(q) => onChange('q', q)} />
        <Select
          name="sort"
          label="Sort"
          value={values.sort ?? '-postedAt'}
          anyLabel={null}
          options={SORTS}
          onChange={onChange}
        />
        {active > 0 && (
          <button
            className="btn btn-ghost btn-sm"
            type="button"
            onClick={onClear}
            data-testid="clear-filters"
          >
            Clear filters ({active})
          </button>
        )}
        <button
          className="btn btn-secondary filters-toggle"
          type="button"
          aria-expanded={more}
          aria-controls="filters-more"
          onClick={() => setMore(!more)}
          data-testid="filters-toggle"
        >
          {more ? 'Fewer filters' : 'More filters'}
        </button>
      </div>
      <div id="filters-more" className={`filters-grid${more ? '' : ' is-folded'}`}>
        <Select
          name="brand"
          label="Brand"
          value={values.brand}
          options={brands.map((b) => ({
            value: b.slug,
            label: b.kind === 'competitor' ? `${b.name} (competitor)` : b.name,
          }))}
          onChange={onChange}
        />
        <Select
          name="platform"
          label="Platform"
          value={values.platform}
          options={PLATFORMS.map((p) => ({ value: p, label: humanize(p) }))}
          onChange={onChange}
        />
        <Select
          name="channel"
          label="Channel"
          value={values.channel}
          options={CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
          onChange={onChange}
        />
        <label className="filter">
          <span className="filter-label">Touchpoint</span>
          <select
            value={values.touchpoint ?? ''}
            onChange={(e) => onChange('touchpoint', e.target.value)}
            data-testid="filter-touchpoint"
          >
            <option value="">Any</option>
            {stages.map((stage) => (
              <optgroup key={stage.id} label={stage.name}>
                {stage.touchpoints.map((tp) => (
                  <option key={tp.id} value={tp.key}>
                    {tp.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <Select
          name="intent"
          label="Intent"
          value={values.intent}
          options={INTENTS.map((i) => ({ value: i, label: humanize(i) }))}
          onChange={onChange}
        />
        <Select
          name="language"
          label="Language"
          value={values.language}
          options={LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))}
          onChange={onChange}
        />
        {(segments.length > 0 || values.segment) && (
          <Select
            name="segment"
            label="Segment"
            value={values.segment}
            options={segments.map((x) => ({ value: x.id, label: x.name }))}
            onChange={onChange}
          />
        )}
        <div className="filter filter-range">
          <span className="filter-label" id="rating-label">
            Rating
          </span>
          <div className="range" role="group" aria-labelledby="rating-label">
            <select
              aria-label="Minimum rating"
              value={values.ratingMin ?? ''}
              onChange={(e) => onChange('ratingMin', e.target.value)}
              data-testid="filter-ratingMin"
            >
              <option value="">Min</option>
              {RATINGS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <span aria-hidden="true">–</span>
            <select
              aria-label="Maximum rating"
              value={values.ratingMax ?? ''}
              onChange={(e) => onChange('ratingMax', e.target.value)}
              data-testid="filter-ratingMax"
            >
              <option value="">Max</option>
              {RATINGS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="filter filter-range">
          <span className="filter-label" id="date-label">
            Posted
          </span>
          <div className="range" role="group" aria-labelledby="date-label">
            <input
              type="date"
              aria-label="Posted from"
              value={values.from ?? ''}
              max={values.to}
              onChange={(e) => onChange('from', e.target.value)}
              data-testid="filter-from"
            />
            <span aria-hidden="true">–</span>
            <input
              type="date"
              aria-label="Posted until"
              value={values.to ?? ''}
              min={values.from}
              onChange={(e) => onChange('to', e.target.value)}
              data-testid="filter-to"
            />
          </div>
        </div>
      </div>
    </section>
  );
}
