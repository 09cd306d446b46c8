import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { ProgressBar } from '../components/progress-bar';
import { formatDateTime, formatInt, formatPercent, formatPercent1, humanize } from '../format';
import type { ClassFigures, Model, ModelList } from '../types';
import { useResource } from '../use-resource';

/** How often the page asks for a new version while a worker trains, and for how long at most. */
const POLL_MS = 1500;
const GIVE_UP_MS = 60_000;

/** The sentiment labels in reading order; any other label the server sends follows them. */
const LABEL_ORDER = ['negative', 'neutral', 'positive'];

type Training =
  | { phase: 'idle' }
  | { phase: 'training'; since: number }
  | { phase: 'done'; version: number }
  | { phase: 'gave-up' }
  | { phase: 'failed'; error: unknown };

function classRows(perClass: Model['metrics']['perClass']): [string, ClassFigures][] {
  const rank = (label: string) => {
    const i = LABEL_ORDER.indexOf(label);
    return i === -1 ? LABEL_ORDER.length : i;
  };
  return Object.entries(perClass).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The change of a share between two versions in percentage points, e.g. `+2.1 pts`. */
function pointsDelta(now: number, before: number): string {
  const pts = (now - before) * 100;
  const fixed = Math.abs(pts).toFixed(1);
  return pts > 0.05 ? `+${fixed} pts` : pts < -0.05 ? `−${fixed} pts` : 'unchanged';
}

/** What the model is and what its figures mean, for people who do not build models. */
function Explainer({ list }: { list: ModelList }) {
  return (
    <section className="card callout model-explainer" data-testid="model-explainer">
      <h2 className="card-title">How it works</h2>
      <ul className="model-points">
        <li>
          Touchpoint learns how <em>your</em> customers write from this workspace's rated items: star ratings
          and survey scores are labels it gets for free. It then judges the sentiment of items that come
          without a rating, such as social posts, tickets and emails — new ones as they arrive, and the ones
          already stored, which are re-read after each training. Items with a rating keep the customer's own
          verdict.
        </li>
        <li>
          The figures are cross-validated: the rated items are split into parts, and each part is scored by a
          model that was trained on the others and never saw it.
        </li>
        <li data-testid="model-threshold">
          Until there are {formatInt(list.minimumRatedItems)} rated items, with at least{' '}
          {formatInt(list.minimumPerLabel)} in two of negative, neutral and positive, the built-in lexicon
          analyser is used.
        </li>
        <li>A worker retrains the model by itself whenever the rated items have grown by a quarter.</li>
      </ul>
    </section>
  );
}

function PerClassTable({ model }: { model: Model }) {
  const rows = classRows(model.metrics.perClass);
  return (
    <table className="table table-compact model-classes" data-testid="model-classes">
      <caption className="visually-hidden">Cross-validated figures per sentiment</caption>
      <thead>
        <tr>
          <th scope="col">Sentiment</th>
          <th
            scope="col"
            className="num"
            title="Of the items the model gave this label, the share that had it"
          >
            Precision
          </th>
          <th scope="col" className="num" title="Of the items that had this label, the share the model found">
            Recall
          </th>
          <th scope="col" className="num" title="The balance of precision and recall">
            F1
          </th>
          <th scope="col" className="num" title="Rated items with this label">
            Support
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, f]) => (
          <tr key={label} data-testid="model-class-row" data-label={label}>
            <td>
              <span className={`badge badge-${LABEL_ORDER.includes(label) ? label : 'muted'}`}>
                {humanize(label)}
              </span>
            </td>
            {f.support === 0 ? (
              <td colSpan={3} className="muted small">
                No rated items with this label
              </td>
            ) : (
              <>
                <td className="num">{formatPercent(f.precision)}</td>
                <td className="num">{formatPercent(f.recall)}</td>
                <td className="num">{formatPercent(f.f1)}</td>
              </>
            )}
            <td className="num">{formatInt(f.support)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CurrentModel({ model, previous }: { model: Model; previous: Model | undefined }) {
  const { accuracy, macroF1, folds } = model.metrics;
  return (
    <section
      className="card model-card"
      aria-labelledby="model-current-title"
      data-testid="model-current"
      data-version={model.version}
      data-accuracy={accuracy}
    >
      <div className="card-head">
        <h2 id="model-current-title" className="card-title">
          In use: version <span data-testid="model-version">{model.version}</span>
        </h2>
        <span className="muted small">
          Trained {formatDateTime(model.createdAt)} on{' '}
          <span data-testid="model-examples">{formatInt(model.examples)}</span>{' '}
          {model.metrics.corrections ? (
            <>
              labelled items (
              <span data-testid="model-corrections">{formatInt(model.metrics.corrections)}</span> of them
              agents&apos; corrections, which count more than a rating)
            </>
          ) : (
            'rated items'
          )}
        </span>
      </div>
      <dl className="model-figures">
        <div className="model-figure">
          <dt>Accuracy</dt>
          <dd data-testid="model-accuracy">{formatPercent1(accuracy)}</dd>
          <p className="muted small">Rated items whose sentiment it got right, without having seen them.</p>
          {previous && (
            <p className="small model-delta">{`${pointsDelta(accuracy, previous.metrics.accuracy)} vs v${previous.version}`}</p>
          )}
        </div>
        <div className="model-figure">
          <dt>Macro-F1</dt>
          <dd data-testid="model-macro-f1">{formatPercent1(macroF1)}</dd>
          <p className="muted small">
            Precision and recall averaged over the labels, so a rare label counts fully.
          </p>
          {previous && (
            <p className="small model-delta">{`${pointsDelta(macroF1, previous.metrics.macroF1)} vs v${previous.version}`}</p>
          )}
        </div>
      </dl>
      <PerClassTable model={model} />
      <p className="muted small model-footnote">{`${folds}-fold cross-validation on this workspace's rated items.`}</p>
    </section>
  );
}

function History({ models }: { models: Model[] }) {
  return (
    <section className="card list-card" aria-labelledby="model-history-title">
      <h2 id="model-history-title" className="card-title card-title-pad">
        Earlier versions <span className="count">{models.length}</span>
      </h2>
      <table className="table" data-testid="model-history">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Trained</th>
            <th scope="col" className="num">
              Rated items
            </th>
            <th scope="col" className="num">
              Accuracy
            </th>
            <th scope="col" className="num">
              Macro-F1
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-testid="model-history-row" data-version={m.version}>
              <td>v{m.version}</td>
              <td className="nowrap">{formatDateTime(m.createdAt)}</td>
              <td className="num">{formatInt(m.examples)}</td>
              <td className="num">{formatPercent1(m.metrics.accuracy)}</td>
              <td className="num">{formatPercent1(m.metrics.macroF1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TrainingStatus({ training, list }: { training: Training; list: ModelList }) {
  switch (training.phase) {
    case 'idle':
      return null;
    case 'training':
      return (
        <div className="card model-training" role="status" data-testid="model-training">
          <ProgressBar value={null} label="Training the sentiment model" testId="model-progress" />
          <p className="muted small">
            Training on this workspace's rated items… this usually takes a few seconds.
          </p>
        </div>
      );
    case 'done':
      return (
        <p className="alert alert-info" role="status" data-testid="model-trained">
          {`Version ${training.version} is trained; items without a rating are being re-read with it.`}
        </p>
      );
    case 'gave-up':
      return (
        <p className="alert alert-error" role="status" data-testid="model-gave-up">
          {`No new version after a minute. A model needs at least ${formatInt(list.minimumRatedItems)} rated items with ${formatInt(list.minimumPerLabel)} or more in two labels; with fewer, the lexicon analyser stays in use. Otherwise the worker may be busy or not running: look again in a while.`}
        </p>
      );
    case 'failed':
      return <ErrorBanner error={training.error} title="Could not start training:" />;
  }
}

/**
 * The workspace's own sentiment model: the version in use with its cross-validated figures, the
 * versions before it, and (for admins and owners) a button that queues training and waits for the
 * worker's new version.
 */
export function ModelPage({ canTrain }: { canTrain: boolean }) {
  const models = useResource('models', () => api.models());
  const [training, setTraining] = useState<Training>({ phase: 'idle' });
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const list = models.data;
  const [current, ...earlier] = list?.models ?? [];

  async function train() {
    const before = current?.version ?? 0;
    const since = Date.now();
    setTraining({ phase: 'training', since });
    try {
      await api.trainModel();
    } catch (error) {
      if (alive.current) setTraining({ phase: 'failed', error });
      return;
    }
    while (alive.current && Date.now() - since < GIVE_UP_MS) {
      await sleep(POLL_MS);
      if (!alive.current) return;
      let fresh: ModelList;
      try {
        fresh = await api.models();
      } catch {
        continue; // A blip while polling; the next poll or the time limit decides.
      }
      const newest = fresh.models[0];
      if (newest && newest.version > before) {
        if (!alive.current) return;
        models.mutate(() => fresh);
        setTraining({ phase: 'done', version: newest.version });
        return;
      }
    }
    if (alive.current) setTraining({ phase: 'gave-up' });
  }

  const busy = training.phase === 'training';
  const missing = list?.readiness.missing ?? null;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Sentiment model</h1>
          <p className="page-sub">This workspace's own model, learned from what its customers rated.</p>
        </div>
        {canTrain && list && (
          <div className="model-train-action">
            <button
              className="btn btn-primary"
              type="button"
              disabled={busy || missing !== null}
              aria-busy={busy}
              aria-describedby={missing !== null ? 'model-not-ready' : undefined}
              onClick={() => void train()}
              data-testid="model-train"
            >
              {busy ? 'Training…' : 'Train now'}
            </button>
            {missing !== null && (
              <p id="model-not-ready" className="muted small" data-testid="model-not-ready">
                {missing}
              </p>
            )}
          </div>
        )}
      </div>

      <ErrorBanner error={models.error} />
      {list && <TrainingStatus training={training} list={list} />}

      {!list ? (
        models.loading && (
          <div className="list-empty">
            <span className="spinner" aria-label="Loading" />
          </div>
        )
      ) : current ? (
        <CurrentModel model={current} previous={earlier[0]} />
      ) : (
        <section className="card model-empty" data-testid="model-empty">
          <h2 className="card-title">No model of its own yet</h2>
          <p>
            {`This workspace uses the built-in lexicon analyser. Its own model is trained once it has ${formatInt(list.minimumRatedItems)} rated items, with at least ${formatInt(list.minimumPerLabel)} in two of negative, neutral and positive.`}
          </p>
          <p className="muted small">
            {canTrain
              ? 'Import reviews or surveys with star ratings or scores, then train it here; the worker also trains it by itself.'
              : 'Import reviews or surveys with star ratings or scores; the worker then trains it by itself.'}
          </p>
        </section>
      )}

      {!canTrain && list && (
        <p className="muted small" data-testid="model-readonly">
          Admins and owners can train a new version.
        </p>
      )}

      {earlier.length > 0 && <History models={earlier} />}
      {list && <Explainer list={list} />}
    </div>
  );
}
