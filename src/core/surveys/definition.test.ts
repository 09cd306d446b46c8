import { describe, expect, it } from 'vitest';
import { verifyToken } from '../signed-token.js';
import {
  chooseLanguage,
  invitationLinks,
  presentSurvey,
  scoreEstimate,
  scoreGroup,
  SurveyDefinitionSchema,
  type Survey,
} from './index.js';

const survey = (definition: unknown, extra: Partial<Survey> = {}): Survey => ({
  id: 's1',
  workspaceId: 'w1',
  publicId: 'pub123',
  name: 'After the stay',
  status: 'active',
  touchpointKey: null,
  stageKey: null,
  questionKind: 'nps',
  definition: SurveyDefinitionSchema.parse(definition),
  defaultLanguage: 'en',
  browserCapDays: 1,
  editHours: 24,
  createdBy: null,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...extra,
});

describe('survey definition', () => {
  it('groups scores by kind', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreGroup('nps', s))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    expect([1, 2, 3, 4, 5].map((s) => scoreGroup('csat', s))).toEqual(['low', 'low', 'mid', 'high', 'high']);
    expect([1, 3, 4, 5, 7].map((s) => scoreGroup('ces', s))).toEqual(['low', 'low', 'mid', 'high', 'high']);
  });

  it('names the field of every mistake', () => {
    const r = SurveyDefinitionSchema.safeParse({
      question: { kind: 'nps', wording: { en: 'Recommend?' } },
      languages: ['en', 'fr'],
      extraQuestions: [
        { id: 'q', type: 'choice', wording: { en: 'Pick' }, options: [{ id: 'a', label: { en: 'A' } }] },
        { id: 'q', type: 'text', wording: { en: 'Say' } },
      ],
      triggers: [{ event: 'Order Delivered!', delayHours: 800 }],
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'question.wording.fr',
        'extraQuestions.0.options',
        'extraQuestions.1.id',
        'triggers.0.event',
        'triggers.0.delayHours',
      ]),
    );
  });

  it('picks the respondent language from Accept-Language, else the default', () => {
    expect(chooseLanguage(['en', 'de'], 'en', 'fr-CH, de;q=0.8, en;q=0.5')).toBe('de');
    expect(chooseLanguage(['en', 'de'], 'en', 'de-AT')).toBe('de');
    expect(chooseLanguage(['en', 'de'], 'de', 'ja')).toBe('de');
    expect(chooseLanguage(['en', 'de'], 'en', undefined)).toBe('en');
    expect(chooseLanguage(['en', 'de'], 'en', 'de;q=0')).toBe('en');
  });

  it('shows the survey in one language with default labels and thank-you', () => {
    const s = survey(
      {
        question: { kind: 'csat', wording: { en: 'Happy?', de: 'Zufrieden?' } },
        followUp: { wording: { low: { en: 'What went wrong?' }, any: { en: 'Why?', de: 'Warum?' } } },
        extraQuestions: [
          {
            id: 'again',
            type: 'choice',
            wording: { en: 'Again?', de: 'Wieder?' },
            options: [
              { id: 'y', label: { en: 'Yes', de: 'Ja' } },
              { id: 'n', label: { en: 'No', de: 'Nein' } },
            ],
            required: true,
          },
        ],
      },
      { questionKind: 'csat' },
    );
    const de = presentSurvey(s, 'de');
    expect(de).toMatchObject({
      language: 'de',
      question: 'Zufrieden?',
      scale: { min: 1, max: 5, lowLabel: 'Sehr unzufrieden', highLabel: 'Sehr zufrieden' },
      thankYou: 'Vielen Dank für Ihre Antwort!',
    });
    expect(de.followUp?.byScore).toEqual({
      '1': 'What went wrong?',
      '2': 'What went wrong?',
      '3': 'Warum?',
      '4': 'Warum?',
      '5': 'Warum?',
    });
    expect(de.extraQuestions[0]).toEqual({
      id: 'again',
      type: 'choice',
      label: 'Wieder?',
      options: [
        { id: 'y', label: 'Ja' },
        { id: 'n', label: 'Nein' },
      ],
      required: true,
    });
    expect(
      presentSurvey(survey({ question: { kind: 'nps', wording: { en: 'Recommend?' } } })).followUp,
    ).toBeNull();
  });

  it('signs one-click links per score', () => {
    const key = Buffer.alloc(32, 7);
    const { answerUrl, scoreUrls } = invitationLinks(
      key,
      'https://tp.example/',
      { publicId: 'pub123', questionKind: 'ces' },
      { id: 'inv1' },
    );
    expect([...scoreUrls.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const token = new URL(answerUrl).searchParams.get('t') ?? '';
    expect(answerUrl.startsWith('https://tp.example/s/pub123?t=')).toBe(true);
    expect(verifyToken(key, 'survey', token)).toBe('inv1');
    expect(verifyToken(Buffer.alloc(32, 8), 'survey', token)).toBeUndefined();
    expect(scoreUrls.get(7)).toBe(`${answerUrl}&score=7`);
  });

  it('estimates NPS, CSAT and means from a distribution', () => {
    const nps = scoreEstimate('nps', [
      { score: 10, n: 50 },
      { score: 8, n: 30 },
      { score: 3, n: 20 },
    ]);
    expect(nps.value).toBeCloseTo(30);
    expect(nps.low).toBeCloseTo(14.69, 1);
    expect(nps.enough).toBe(true);
    const csat = scoreEstimate('csat', [
      { score: 5, n: 2 },
      { score: 4, n: 1 },
      { score: 1, n: 1 },
    ]);
    expect(csat).toMatchObject({ value: 0.75, n: 4, enough: false });
    const stars = scoreEstimate('stars', [
      { score: 4, n: 1 },
      { score: 5, n: 1 },
      { score: 3, n: 1 },
    ]);
    expect(stars.value).toBe(4);
    expect(stars.low).toBeCloseTo(1.516, 2);
    expect(scoreEstimate('ces', [])).toMatchObject({ value: null, n: 0 });
  });
});
