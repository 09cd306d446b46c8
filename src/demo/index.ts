export { DEMO_WORKSPACE_NAME, demoData } from './demo.js';
export type { DemoData, DemoOptions } from './demo.js';
