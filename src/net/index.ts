/**
 * Outbound requests (issue #11): the one guard every HTTP call to a configured URL goes through.
 */
export {
  allowListProblems,
  createOutboundGuard,
  OutboundRefusedError,
  type CheckedUrl,
  type OutboundGuard,
  type OutboundOptions,
  type OutboundRequest,
  type Resolve,
} from './outbound.js';
export { forbiddenReason, parseAllowList } from './address.js';
