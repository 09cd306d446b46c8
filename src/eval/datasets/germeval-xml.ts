import type { SentimentLabel } from '../../analysis/index.js';
import { sentimentLabel } from './labels.js';
import { cleanText, parseXml } from './source.js';
import { DatasetError, type DatasetFile } from './types.js';

/** `true` | `false`, the GermEval relevance field. */
export function relevanceFlag(file: string, line: number, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'false') return v === 'true';
  throw new DatasetError(file, line, 'relevance', `expected true or false, got ${JSON.stringify(value)}`);
}

/**
 * Reads GermEval 2017 XML (`<Document id><Opinions/><relevance/><sentiment/><text/></Document>`),
 * streaming with saxes: document sentiment and relevance; opinions are not scored here.
 */
export async function readGermevalXml(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  type Doc = { line: number; fields: Map<string, { line: number; value: string }> };
  let doc: Doc | undefined;
  let field: string | undefined;
  await parseXml(file, (parser) => {
    parser.on('opentag', (tag) => {
      if (tag.name === 'Document') doc = { line: parser.line, fields: new Map() };
      else if (doc && (tag.name === 'relevance' || tag.name === 'sentiment' || tag.name === 'text')) {
        field = tag.name;
        doc.fields.set(field, { line: parser.line, value: '' });
      }
    });
    const onText = (text: string): void => {
      const slot = field === undefined ? undefined : doc?.fields.get(field);
      if (slot) slot.value += text;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (tag) => {
      if (tag.name === field) field = undefined;
      if (tag.name !== 'Document' || !doc) return;
      const { line, fields } = doc;
      doc = undefined;
      const get = (name: string): { line: number; value: string } => {
        const slot = fields.get(name);
        if (!slot) throw new DatasetError(file, line, name, `missing (the <Document> has no <${name}>)`);
        return slot;
      };
      const s = get('sentiment');
      const r = get('relevance');
      const sentiment: SentimentLabel = sentimentLabel(file, s.line, 'sentiment', s.value);
      const relevant = relevanceFlag(file, r.line, r.value);
      const text = cleanText(get('text').value);
      if (text === '') out.skipped += 1;
      else out.records.push({ line, text, sentiment, relevant });
    });
  });
  return out;
}
