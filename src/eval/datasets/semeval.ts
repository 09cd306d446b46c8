import type { SentimentLabel } from '../../analysis/index.js';
import { cleanText, parseXml } from './source.js';
import { DatasetError, type DatasetFile, type EvalRecord } from './types.js';

const POLARITIES = ['positive', 'negative', 'neutral', 'conflict'];

/**
 * The sentence's one polarity: the polarity all its aspect categories share (its aspect terms where it
 * has no categories, as in the laptop files); undefined when they differ, when it is `conflict`, or
 * when the sentence has no aspects at all. The usual sentence-level reading of SemEval-2014.
 */
export function sentencePolarity(polarities: readonly string[]): SentimentLabel | undefined {
  const first = polarities[0];
  if (first === undefined || first === 'conflict' || polarities.some((p) => p !== first)) return undefined;
  return first as SentimentLabel;
}

/**
 * Reads SemEval-2014 Task 4 XML (`<sentence id><text/><aspectTerms/><aspectCategories/>`), streaming
 * with saxes. Every sentence is a record (categories are scored on all of them); `sentiment` is set
 * only where `sentencePolarity` finds one.
 */
export async function readSemeval(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  let sentence:
    | { line: number; text: string | undefined; terms: string[]; aspects: EvalRecord['aspects'] & {} }
    | undefined;
  let inText = false;
  await parseXml(file, (parser) => {
    const polarity = (tag: { attributes: Record<string, string> }, name: string): string => {
      const value = tag.attributes.polarity;
      if (value === undefined || !POLARITIES.includes(value.trim()))
        throw new DatasetError(
          file,
          parser.line,
          `${name} polarity`,
          `expected one of ${POLARITIES.join(', ')}, got ${JSON.stringify(value ?? null)}`,
        );
      return value.trim();
    };
    parser.on('opentag', (tag) => {
      const attributes = tag.attributes as Record<string, string>;
      if (tag.name === 'sentence') sentence = { line: parser.line, text: undefined, terms: [], aspects: [] };
      if (!sentence) return;
      if (tag.name === 'text') {
        inText = true;
        sentence.text ??= '';
      } else if (tag.name === 'aspectTerm') {
        sentence.terms.push(polarity({ attributes }, 'aspectTerm'));
      } else if (tag.name === 'aspectCategory') {
        const category = attributes.category?.trim();
        if (!category) throw new DatasetError(file, parser.line, 'aspectCategory category', 'missing');
        sentence.aspects.push({ category, polarity: polarity({ attributes }, 'aspectCategory') });
      }
    });
    const onText = (text: string): void => {
      if (inText && sentence) sentence.text += text;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (tag) => {
      if (tag.name === 'text') inText = false;
      if (tag.name !== 'sentence' || !sentence) return;
      const { line, text, terms, aspects } = sentence;
      sentence = undefined;
      if (text === undefined)
        throw new DatasetError(file, line, 'text', 'missing (the <sentence> has no <text>)');
      const clean = cleanText(text);
      if (clean === '') {
        out.skipped += 1;
        return;
      }
      const polarities = aspects.length > 0 ? aspects.map((a) => a.polarity) : terms;
      out.records.push({ line, text: clean, sentiment: sentencePolarity(polarities), aspects });
    });
  });
  return out;
}
