/** Review requests and referral invitations (issue #15, slice D): the public names. */
export * from './platforms.js';
export * from './mail.js';
export * from './requests.js';
export type * from './ports.js';
export { REQUEST_STATUSES } from './ports.js';
