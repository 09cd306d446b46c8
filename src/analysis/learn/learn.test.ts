import { describe, expect, it } from 'vitest';
import {
  aspectClauses,
  crossValidate,
  featurize,
  learnCues,
  loadAspectPolarity,
  trainAspectPolarity,
  type AspectExample,
  loadClassifier,
  loadMultiLabel,
  metrics,
  multiLabelMetrics,
  tokenize,
  trainClassifier,
  trainMultiLabel,
  DEFAULT_FEATURES,
  MODEL_FORMAT,
  type Example,
} from './index.js';
import { featureMatrix, nbScale } from './linear.js';

const POSITIVE = ['great', 'lovely', 'friendly', 'excellent', 'perfect', 'amazing'];
const NEGATIVE = ['awful', 'rude', 'terrible', 'broken', 'late', 'dirty'];
const THINGS = ['flight', 'crew', 'seat', 'food', 'service', 'gate', 'staff', 'app'];

/** A separable toy task: the label is given by one polar word among neutral ones. */
function toy(): Example[] {
  const examples: Example[] = [];
  THINGS.forEach((thing, i) => {
    for (let j = 0; j < POSITIVE.length; j++) {
      examples.push({ text: `the ${thing} was ${POSITIVE[(i + j) % POSITIVE.length]}`, label: 'pos' });
      examples.push({ text: `the ${thing} was ${NEGATIVE[(i + j) % NEGATIVE.length]}`, label: 'neg' });
    }
  });
  return examples;
}

const OPTIONS = { createdAt: '2026-01-01T00:00:00.000Z', features: { bits: 14 } };

describe('trainClassifier', () => {
  it('learns a separable toy task', () => {
    const model = trainClassifier(toy(), OPTIONS);
    expect(model.labels).toEqual(['neg', 'pos']);
    expect(model.predict('the lounge was amazing').label).toBe('pos');
    expect(model.predict('the lounge was terrible').label).toBe('neg');
    const { scores } = model.predict('rude crew');
    expect(scores.neg).toBeGreaterThan(0.5);
    expect((scores.neg ?? 0) + (scores.pos ?? 0)).toBeCloseTo(1, 6);
  });

  it('is deterministic with a seed', () => {
    const a = trainClassifier(toy(), { ...OPTIONS, seed: 7 });
    const b = trainClassifier(toy(), { ...OPTIONS, seed: 7 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = trainClassifier(toy(), { ...OPTIONS, seed: 8 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('gives identical predictions after a save/load round trip', () => {
    const model = trainClassifier(toy(), { ...OPTIONS, name: 'toy', trainedOn: 'inline fixture' });
    const file = JSON.stringify(model);
    const loaded = loadClassifier(JSON.parse(file));
    expect(loaded.meta).toEqual(model.meta);
    expect(loaded.meta.examples).toBe(toy().length);
    for (const text of ['the seat was lovely', 'late and dirty', 'app', '', '😡😡', '服务很好']) {
      expect(loaded.predict(text)).toEqual(model.predict(text));
    }
    expect(JSON.stringify(loaded)).toBe(file);
  });

  it('learns Chinese from character n-grams, without a segmenter', () => {
    const examples = [
      ...['服务很好', '质量很好，非常满意', '物流很快，好评', '很喜欢，推荐'].map((text) => ({
        text,
        label: 'pos',
      })),
      ...['质量太差了', '服务很差，不满意', '物流太慢，差评', '不推荐，失望'].map((text) => ({
        text,
        label: 'neg',
      })),
    ];
    const model = trainClassifier(examples, { ...OPTIONS, epochs: 20 });
    expect(model.predict('非常满意，好评').label).toBe('pos');
    expect(model.predict('太差了，失望').label).toBe('neg');
  });

  it('rejects an empty training set', () => {
    expect(() => trainClassifier([])).toThrow(/at least one example/);
  });
});

describe('loadClassifier', () => {
  const file = () => JSON.parse(JSON.stringify(trainClassifier(toy(), OPTIONS))) as Record<string, unknown>;

  it('rejects a wrong format with a clear message', () => {
    expect(() => loadClassifier({ ...file(), format: 'fasttext' })).toThrow(
      `Not a usable Touchpoint model: expected format "${MODEL_FORMAT}", got "fasttext"`,
    );
    expect(() => loadClassifier({ ...file(), format: 'touchpoint-linear@2' })).toThrow(
      /version 2 is not supported/,
    );
    expect(() => loadClassifier('nonsense')).toThrow(/expected a JSON object/);
    expect(() => loadClassifier({ ...file(), bias: [0] })).toThrow(/one number per label/);
    expect(() => loadMultiLabel(file())).toThrow(/expected a multilabel model/);
  });
});

describe('features', () => {
  it('are non-empty for Chinese text and keep emoji and placeholders', () => {
    expect(featurize('服务态度很好', DEFAULT_FEATURES).length).toBeGreaterThan(10);
    const plain = { ...DEFAULT_FEATURES, score: 0, shape: 0 };
    expect(featurize('😡', { ...plain, lexicon: 0 }).length).toBe(1);
    expect(featurize('😡', plain).length).toBe(3); // plus its lexicon polarity and strength
    // plus the lexicon score (sign, value, hits) and the shape (caps, elongated, hashtags, ends in emoji)
    expect(featurize('😡', DEFAULT_FEATURES).length).toBe(3 + 3 + 4);
    expect(featurize('', DEFAULT_FEATURES).length).toBe(0);
    expect(tokenize('@United 2 hours LATE!!! 😡 https://t.co/x :(')).toEqual([
      '_user_',
      '_num_',
      'hours',
      'late',
      '!!',
      '😡',
      '_url_',
      ':(',
    ]);
  });

  it('have unit L2 norm', () => {
    const v = featurize('Die Verspätung war ärgerlich, Zugbegleiter freundlich', DEFAULT_FEATURES);
    const sumSq = v.values.reduce((s, x) => s + x * x, 0);
    expect(sumSq).toBeCloseTo(1, 5);
  });
});

describe('metrics', () => {
  it('matches a hand-computed example', () => {
    // gold a a a b b c; predicted a a b b c c
    // a: tp 2 fp 0 fn 1 → P 1, R 2/3, F1 0.8; b: tp 1 fp 1 fn 1 → 0.5; c: tp 1 fp 1 fn 0 → P 0.5, R 1, F1 2/3
    const m = metrics(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);
    expect(m.accuracy).toBeCloseTo(4 / 6, 10);
    expect(m.microF1).toBeCloseTo(4 / 6, 10);
    expect(m.perClass.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(m.perClass.b?.f1).toBeCloseTo(0.5, 10);
    expect(m.perClass.c?.f1).toBeCloseTo(2 / 3, 10);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
  });

  it('computes micro P/R/F1 of label sets', () => {
    const m = multiLabelMetrics([['food', 'service'], ['price']], [['food'], ['price', 'ambience']]);
    // tp 2, fp 1, fn 1
    expect(m.precision).toBeCloseTo(2 / 3, 10);
    expect(m.recall).toBeCloseTo(2 / 3, 10);
    expect(m.exactMatch).toBe(0);
  });
});

describe('crossValidate', () => {
  it('scores a separable task near perfectly', () => {
    const cv = crossValidate(toy(), { ...OPTIONS, folds: 4 });
    expect(cv.folds).toBe(4);
    expect(cv.accuracy).toBeGreaterThan(0.9);
    expect(cv.perClass.pos?.support).toBe(toy().length / 2);
  });
});

describe('trainMultiLabel', () => {
  it('gives several labels, round-trips, and falls back to the best one', () => {
    const examples = [
      ...toy().map((e) => ({ text: e.text, labels: [e.label] })),
      { text: 'the staff was rude but the view was lovely', labels: ['neg', 'pos'] },
    ];
    const model = trainMultiLabel(examples, { ...OPTIONS, threshold: 0.5 });
    expect(model.predict('the gate was perfect').labels).toEqual(['pos']);
    expect(model.predict('xyz').labels).toHaveLength(1);
    const loaded = loadMultiLabel(JSON.parse(JSON.stringify(model)));
    expect(loaded.threshold).toBe(0.5);
    expect(loaded.predict('dirty but friendly')).toEqual(model.predict('dirty but friendly'));
  });
});

describe('trainMultiLabel thresholds', () => {
  // `rare` is given by a weak cue that a 0.5 threshold misses; tuning must lower its threshold.
  const examples = (): { text: string; labels: string[] }[] => {
    const out: { text: string; labels: string[] }[] = [];
    for (let i = 0; i < 60; i++) {
      const thing = THINGS[i % THINGS.length] ?? '';
      out.push({ text: `the ${thing} was ${POSITIVE[i % POSITIVE.length]}`, labels: ['common'] });
      if (i % 3 === 0) out.push({ text: `the ${thing} cost a lot`, labels: ['common', 'rare'] });
    }
    return out;
  };

  it('tunes one threshold per label by inner cross-validation, and round-trips them', () => {
    const model = trainMultiLabel(examples(), { ...OPTIONS, epochs: 5 });
    expect(Object.keys(model.thresholds).sort()).toEqual(['common', 'rare']);
    for (const t of Object.values(model.thresholds)) {
      expect(t).toBeGreaterThanOrEqual(0.05);
      expect(t).toBeLessThanOrEqual(0.95);
    }
    const loaded = loadMultiLabel(JSON.parse(JSON.stringify(model)));
    expect(loaded.thresholds).toEqual(model.thresholds);
    expect(loaded.predict('it cost a lot')).toEqual(model.predict('it cost a lot'));
  });

  it('uses a per-label threshold instead of the global one when the model has it', () => {
    const file = JSON.parse(
      JSON.stringify(trainMultiLabel(examples(), { ...OPTIONS, threshold: 0.5 })),
    ) as Record<string, unknown>;
    const plain = loadMultiLabel(file);
    expect(plain.thresholds).toEqual({});
    const p = plain.predict('the seat cost a lot');
    expect(p.labels).toContain('rare');
    // Just above the model's own probability of `rare`: the per-label threshold must win over 0.5.
    const above = ((p.scores.rare ?? 0) + 1) / 2;
    const strict = loadMultiLabel({ ...file, thresholds: { common: 0.01, rare: above } });
    expect(strict.predict('the seat cost a lot').labels).toEqual(['common']);
    expect(strict.predict('the seat cost a lot').scores).toEqual(p.scores);
    expect(() => loadMultiLabel({ ...file, thresholds: { other: 0.4 } })).toThrow(/thresholds/);
  });

  it('gives the most probable label when none passes (argmax fallback), unless told not to', () => {
    const file = JSON.parse(JSON.stringify(trainMultiLabel(examples(), OPTIONS))) as Record<string, unknown>;
    const text = 'the seat was great';
    const { scores } = loadMultiLabel(file).predict(text);
    const none = { common: ((scores.common ?? 0) + 1) / 2, rare: ((scores.rare ?? 0) + 1) / 2 };
    const best = (scores.common ?? 0) > (scores.rare ?? 0) ? 'common' : 'rare';
    expect(loadMultiLabel({ ...file, thresholds: none }).predict(text).labels).toEqual([best]);
    expect(loadMultiLabel({ ...file, thresholds: none, atLeastOne: false }).predict(text).labels).toEqual([]);
  });
});

describe('trainAspectPolarity', () => {
  // One sentence, two aspects with opposite polarity: only aspect-conjoined features can fit both.
  const examples = (): AspectExample[] => {
    const out: AspectExample[] = [];
    const food = ['pizza', 'pasta', 'soup', 'salad'];
    const staff = ['waiter', 'hostess', 'staff', 'manager'];
    food.forEach((dish, i) =>
      staff.forEach((person, j) => {
        const good = POSITIVE[(i + j) % POSITIVE.length] ?? '';
        const bad = NEGATIVE[(i + j) % NEGATIVE.length] ?? '';
        const a = `the ${dish} was ${good} but the ${person} was ${bad}`;
        const b = `the ${dish} was ${bad} but the ${person} was ${good}`;
        out.push(
          { text: a, aspect: 'food', label: 'positive' },
          { text: a, aspect: 'service', label: 'negative' },
        );
        out.push(
          { text: b, aspect: 'food', label: 'negative' },
          { text: b, aspect: 'service', label: 'positive' },
        );
      }),
    );
    return out;
  };

  it('gives each aspect of one sentence its own polarity, and round-trips', () => {
    const model = trainAspectPolarity(examples(), { ...OPTIONS, epochs: 20 });
    const text = 'the soup was lovely but the waiter was rude';
    expect(model.predict(text, 'food').label).toBe('positive');
    expect(model.predict(text, 'service').label).toBe('negative');
    expect(model.aspects).toEqual(['food', 'service']);
    const loaded = loadAspectPolarity(JSON.parse(JSON.stringify(model)));
    expect(loaded.predict(text, 'service')).toEqual(model.predict(text, 'service'));
    expect(() => loadClassifier(JSON.parse(JSON.stringify(model)))).toThrow(/expected a multiclass model/);
  });

  it('learns cue words from the training sentences and finds their clauses', () => {
    const single: AspectExample[] = ['pizza', 'pasta', 'soup'].flatMap((dish, i) => [
      { text: `the ${dish} was good`, aspect: 'food', label: 'positive' },
      { text: `the ${dish} was cold`, aspect: 'food', label: 'negative' },
      { text: `the waiter was rude to me at table ${i}`, aspect: 'service', label: 'negative' },
    ]);
    const cues = learnCues(single);
    expect(cues.food).toEqual(['cold', 'good']); // each dish is in 2 sentences only: below 3
    expect(cues.service).toEqual(['rude', 'table', 'waiter']);
    expect(cues.food).not.toContain('the');
    expect(aspectClauses('The pizza was cold, but the waiter was nice', new Set(['waiter']))).toBe(
      'but the waiter was nice',
    );
    expect(aspectClauses('The pizza was cold', new Set(['waiter']))).toBe('');
  });
});

describe('options added later', () => {
  it('NB scaling trains a working model with the same file format', () => {
    const model = trainClassifier(toy(), { ...OPTIONS, nb: true });
    expect(model.predict('the lounge was amazing').label).toBe('pos');
    const plain = trainClassifier(toy(), OPTIONS);
    expect(model.predict('the lounge was amazing').scores).not.toEqual(
      plain.predict('the lounge was amazing').scores,
    );
    expect(loadClassifier(JSON.parse(JSON.stringify(model))).predict('rude crew')).toEqual(
      model.predict('rude crew'),
    );
  });

  it('NB scales discriminative buckets up and even ones down', () => {
    const x = featureMatrix(['good good', 'good', 'bad', 'bad bad', 'the good', 'the bad'], DEFAULT_FEATURES);
    const scale = nbScale(x, Int32Array.from([0, 0, 1, 1, 0, 1]), 2, DEFAULT_FEATURES.bits);
    const bucket = (w: string) =>
      featurize(w, { ...DEFAULT_FEATURES, charWeight: 0, lexicon: 0 }).indices[0] ?? 0;
    expect(scale[bucket('good') * 2] ?? 0).toBeGreaterThan(scale[bucket('the') * 2] ?? 0);
  });

  it('the lexicon-score block is off in models stored without it', () => {
    const file = JSON.parse(
      JSON.stringify(trainClassifier(toy(), { ...OPTIONS, features: { bits: 14, score: 0.3 } })),
    ) as { features: Record<string, unknown> };
    expect(loadClassifier(file).meta.features).toMatch(/lexicon score/);
    expect(featurize('great', { ...DEFAULT_FEATURES, score: 0.3 }).length).toBeGreaterThan(
      featurize('great', { ...DEFAULT_FEATURES, score: 0 }).length,
    );
    delete file.features.score;
    delete file.features.shape;
    const old = loadClassifier(file);
    const again = loadClassifier(JSON.parse(JSON.stringify(old)));
    expect(again.toJSON().features).toMatchObject({ score: 0, shape: 0 });
    expect(old.predict('great').scores).not.toEqual(
      loadClassifier({ ...file, features: { ...file.features, score: 0.3 } }).predict('great').scores,
    );
  });
});

describe('unitNorm: false', () => {
  it('gives a word the same value in a short and a long text', () => {
    const flat = { ...DEFAULT_FEATURES, unitNorm: false, charWeight: 0, lexicon: 0 };
    const value = (text: string) => {
      const v = featurize(text, flat);
      const at = featurize('price', flat).indices[0];
      return v.values[v.indices.indexOf(at ?? -1)];
    };
    expect(value('price')).toBeCloseTo(value('the price of the wine list and the food') ?? 0, 6);
    const unit = featurize('price of the wine', { ...flat, unitNorm: true });
    expect(unit.values.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 5);
  });
});
