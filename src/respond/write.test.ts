import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../analysis/index.js';
import { DEFAULT_TAXONOMY } from '../core/journey/default-taxonomy.js';
import { draftReply, writeReply } from './index.js';
import type { DraftInput, ReplyWriter } from './index.js';

const analyzer = createAnalyzer();
const taxonomy = DEFAULT_TAXONOMY.flatMap((s) => s.touchpoints);
const text = '@AcmeAir flight AA12 delayed 4 hours and nobody told us anything. Missed my connection.';
const input: DraftInput = {
  text,
  analysis: analyzer.analyze({ text }, { taxonomy }),
  platform: 'twitter',
  isPublic: true,
  brand: 'Acme Air',
  customer: { name: 'Priya' },
  agent: { name: 'Sam' },
  privateChannel: 'DM',
};
const template = draftReply(input);

function writer(write: ReplyWriter['write']): ReplyWriter {
  return { model: 'test-model', write };
}

describe('writeReply', () => {
  it("uses the writer's text when it passes the tone check and fits", async () => {
    const good =
      "Priya, I'm so sorry AA12 was delayed 4 hours without a word from us. Please DM us your booking code and we will look into your connection personally. ^Sam";
    const result = await writeReply(
      input,
      writer(() => Promise.resolve(`  ${good}\n`)),
    );
    expect(result.fallback).toBeUndefined();
    expect(result.draft.text).toBe(good);
    expect(result.draft.source).toBe('test-model');
    expect(result.draft.mentions).toEqual(template.mentions);
    expect(result.tone.ok).toBe(true);
  });

  it('falls back to the template when the writer throws', async () => {
    const result = await writeReply(
      input,
      writer(() => Promise.reject(new Error('HTTP 503'))),
    );
    expect(result.draft).toEqual(template);
    expect(result.draft.source).toBe('template');
    expect(result.fallback).toEqual({ reason: 'error', detail: 'HTTP 503' });
    expect(result.tone.ok).toBe(true);
  });

  it('falls back when the writer is defensive, blaming or offers compensation in public', async () => {
    for (const bad of [
      'Actually, as stated in our conditions of carriage, delays of AA12 due to weather are beyond our control.',
      'You should have booked a longer connection after the delay.',
      "Sorry about the delay! Here's a $50 voucher for your next flight.",
    ]) {
      const result = await writeReply(
        input,
        writer(() => Promise.resolve(bad)),
      );
      expect(result.draft.text).toBe(template.text);
      expect(result.fallback?.reason).toBe('tone');
    }
  });

  it('lets the writer offer compensation in a private reply', async () => {
    const privately: DraftInput = { ...input, platform: 'email', isPublic: false };
    const offer =
      "Hi Priya, I'm so sorry AA12 was delayed 4 hours and you missed your connection. We will refund the rebooking fee today. Sam, Acme Air";
    const result = await writeReply(
      privately,
      writer(() => Promise.resolve(offer)),
    );
    expect(result.fallback).toBeUndefined();
    expect(result.draft.text).toBe(offer);
  });

  it('falls back when the text is too long for the platform', async () => {
    const long = `Priya, we are so sorry about the delay of AA12. ${'We are looking into it. '.repeat(15)}`;
    const result = await writeReply(
      input,
      writer(() => Promise.resolve(long)),
    );
    expect(result.draft.text).toBe(template.text);
    expect(result.fallback?.reason).toBe('too_long');
  });

  it('falls back on a timeout, and aborts the writer', async () => {
    let aborted = false;
    const slow = writer(
      (_input, _template, options) =>
        new Promise<string>((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    );
    const result = await writeReply(input, slow, { timeoutMs: 50 });
    expect(result.fallback?.reason).toBe('timeout');
    expect(result.draft.text).toBe(template.text);
    expect(aborted).toBe(true);
  });

  it('falls back when the writer answers in another language, or with nothing', async () => {
    const german = await writeReply(
      input,
      writer(() =>
        Promise.resolve(
          'Es tut uns sehr leid, dass Ihr Flug AA12 vier Stunden Verspätung hatte und Sie Ihren Anschluss verpasst haben.',
        ),
      ),
    );
    expect(german.fallback?.reason).toBe('language');
    const empty = await writeReply(
      input,
      writer(() => Promise.resolve('   ')),
    );
    expect(empty.fallback?.reason).toBe('empty');
  });

  it('without a writer is the template', async () => {
    const result = await writeReply(input);
    expect(result.draft).toEqual(template);
    expect(result.fallback?.reason).toBe('no_writer');
  });
});
