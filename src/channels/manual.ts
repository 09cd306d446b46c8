/**
 * The manual channel, for platforms without a reply API: the agent copies the reply, posts it by hand,
 * and marks it posted. The outbox calls `send` only when the agent has done so; sending is recording.
 */
import type { ChannelAdapter, OutgoingReply, SendResult } from './types.js';

/** The manual channel: always succeeds, with no id on the other side. */
export function createManualAdapter(): ChannelAdapter {
  return {
    kind: 'manual',
    send(_reply: OutgoingReply): Promise<SendResult> {
      return Promise.resolve({ ok: true, externalId: null, detail: 'marked posted by agent' });
    },
  };
}
