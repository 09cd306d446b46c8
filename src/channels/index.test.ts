import { afterAll, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../net/index.js';
import { CHANNEL_KINDS, ChannelsConfigSchema, createChannelAdapters, createManualAdapter } from './index.js';

describe('createChannelAdapters', () => {
  const outbound = createOutboundGuard();
  afterAll(() => outbound.close());

  it('gives manual only when nothing is configured', () => {
    const adapters = createChannelAdapters(ChannelsConfigSchema.parse({}), { outbound });
    expect([...adapters.keys()]).toEqual(['manual']);
  });

  it('gives an adapter for every configured kind, each under its own kind', () => {
    const adapters = createChannelAdapters(
      ChannelsConfigSchema.parse({
        email: { url: 'smtp://mail.example.com', from: 'care@acme.example' },
        webhook: { url: 'https://hooks.example.com/r', secret: 'a-long-random-secret' },
      }),
      { outbound, getGoogleAccessToken: () => Promise.resolve('token') },
    );
    expect([...adapters.keys()].sort()).toEqual([...CHANNEL_KINDS].sort());
    for (const [kind, adapter] of adapters) expect(adapter.kind).toBe(kind);
  });
});

describe('manual adapter', () => {
  it('records the reply as posted by the agent', async () => {
    const result = await createManualAdapter().send({
      id: 'out-1',
      workspaceId: 'ws-1',
      caseId: 'case-1',
      itemId: 'item-1',
      text: 'Thanks!',
      language: 'en',
    });
    expect(result).toEqual({ ok: true, externalId: null, detail: 'marked posted by agent' });
  });
});
