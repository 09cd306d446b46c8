import { DE } from './de.js';
import { EN } from './en.js';
import { ES } from './es.js';
import { FR } from './fr.js';
import type { DemoLanguage, LanguagePack } from './types.js';
import { ZH } from './zh.js';

export { DEMO_LANGUAGES, DEMO_TOPICS } from './types.js';
export type { DemoLanguage, DemoTopic, LanguagePack } from './types.js';

export const LANGUAGE_PACKS: Record<DemoLanguage, LanguagePack> = { en: EN, de: DE, zh: ZH, es: ES, fr: FR };
