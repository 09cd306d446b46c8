import { z } from '@hono/zod-openapi';

export const PublicIdParam = z.object({
  publicId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a survey link id')
    .openapi({ param: { name: 'publicId', in: 'path' } }),
});

export const ResponseParams = PublicIdParam.extend({
  responseId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'responseId', in: 'path' } }),
});

export const LangQuery = z.object({
  lang: z.string().max(100).optional().openapi({
    description:
      "The respondent's language (a tag or an Accept-Language list); else the Accept-Language header, else the survey's default.",
  }),
});

const Choice = z.object({ value: z.string(), label: z.string() });

/** What a respondent sees, in their language: the page and the widget render this. */
export const PublicSurveySchema = z
  .object({
    publicId: z.string(),
    language: z.string().openapi({ description: 'The language the wordings are in.' }),
    languages: z.array(z.string()),
    kind: z.enum(['nps', 'csat', 'ces', 'stars']),
    question: z.string(),
    scores: z.array(z.object({ value: z.number().int(), label: z.string(), name: z.string() })).openapi({
      description: 'The score choices in order: what each shows (`label`) and its accessible name (`name`).',
    }),
    lowLabel: z.string().nullable(),
    highLabel: z.string().nullable(),
    followUp: z
      .record(z.string(), z.string())
      .nullable()
      .openapi({ description: "The follow-up question's wording for each score (null: none)." }),
    questions: z.array(
      z.object({
        id: z.string(),
        type: z.enum(['choice', 'text']),
        wording: z.string(),
        options: z.array(Choice),
        required: z.boolean(),
      }),
    ),
    thankYou: z.string(),
    ui: z.record(z.string(), z.string()).openapi({ description: "The page's own words in that language." }),
  })
  .openapi('PublicSurvey');
export type PublicSurveyWire = z.infer<typeof PublicSurveySchema>;

const Answers = z
  .record(z.string().max(40), z.string().max(2000))
  .optional()
  .openapi({ description: 'Answers to the extra questions by question id (a choice: the option id).' });
const BrowserKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 url-safe characters')
  .optional()
  .openapi({
    description:
      "A random key the browser keeps (the widget's localStorage): one answer per browser. Required unless `token` is given (400 naming `browserKey`).",
  });
const Token = z
  .string()
  .max(200)
  .optional()
  .openapi({ description: "A personal invitation link's token (`t`)." });
const Language = z.string().max(20).optional();
// The length rule is the core's (5,000 characters, 400 naming `text`); this only bounds the type.
const Text = z.string().optional();

export const AnswerBody = z
  .object({
    score: z.number().openapi({ description: 'The score, in the range of the question kind.' }),
    text: Text,
    answers: Answers,
    browserKey: BrowserKey,
    token: Token,
    language: Language,
  })
  .openapi('SurveyAnswer');

export const AnswerPatchBody = z
  .object({
    score: z.number().optional(),
    text: Text,
    answers: Answers,
    browserKey: BrowserKey,
    token: Token,
    language: Language,
  })
  .openapi('SurveyAnswerChange');

export const AnsweredSchema = z
  .object({
    responseId: z.string(),
    editUntil: z.string().openapi({ description: 'Until when the answer may be completed or changed.' }),
    status: z.enum(['partial', 'complete']),
  })
  .openapi('SurveyAnswered');
