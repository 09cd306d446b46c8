export type { TouchpointMatch } from './touchpoints.js';
export { matchTouchpoints } from './touchpoints.js';
