export { DEMO_WORKSPACE_NAME, demoData } from './demo.js';
export type { DemoData, DemoOptions } from './demo.js';
export { createDemoWorkspace, DEMO_TEAMS, demoWorkspaceOf } from './workspace.js';
export type { DemoWorkspace, DemoWorkspaceDeps } from './workspace.js';
