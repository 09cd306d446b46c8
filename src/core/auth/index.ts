export * from './accounts.js';
export * from './permissions.js';
export { hashPassword, verifyPassword, sha256, randomToken } from './crypto.js';
export * from './members.js';
export * from './invitations.js';
export * from './passwords.js';
export { accountMailDeps, type AccountMailDeps, type AccountMailer } from './mail.js';
