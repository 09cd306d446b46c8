/**
 * The part of `src/analysis/learn` that trained evaluation calls. Loaded on first use, so zero-shot
 * evaluation does not pay for (or depend on) the learning code.
 */

export interface Learner {
  trainClassifier(examples: { text: string; label: string }[]): {
    predict(text: string): { label: string; scores: Record<string, number> };
  };
  trainMultiLabel(examples: { text: string; labels: string[] }[]): {
    predict(text: string): { labels: string[]; scores: Record<string, number> };
  };
}

// A specifier in a variable: the learn module was written alongside this one (see loadLearner).
const LEARN_MODULE = '../analysis/learn/index.js';

/** The learning module, or an error saying that trained evaluation needs it. */
export async function loadLearner(): Promise<Learner> {
  let module: Partial<Learner>;
  try {
    module = (await import(LEARN_MODULE)) as Partial<Learner>;
  } catch (e) {
    throw new Error(`trained evaluation needs src/analysis/learn (${(e as Error).message})`, { cause: e });
  }
  const { trainClassifier, trainMultiLabel } = module;
  if (typeof trainClassifier !== 'function' || typeof trainMultiLabel !== 'function')
    throw new Error('src/analysis/learn does not export trainClassifier and trainMultiLabel');
  return { trainClassifier, trainMultiLabel };
}
