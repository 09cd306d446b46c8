export { detectIntents } from './intents.js';
export type { IntentRule } from './rules.js';
export { INTENT_RULES } from './rules.js';
export { urgencyOf } from './urgency.js';
