import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, InvalidPayloadError, parsePayload, retryDelaySeconds } from './job.js';

const handle = () => undefined;

describe('defineJob', () => {
  it('fills the retry policy and keeps the schema', () => {
    const job = defineJob({
      name: 'analysis.retry',
      schema: z.object({ id: z.string() }),
      retry: { limit: 3, backoffSeconds: 5 },
      handle,
    });
    expect(job.retry).toEqual({ limit: 3, backoffSeconds: 5, exponential: false });
    expect(parsePayload(job, { id: 'a' })).toEqual({ id: 'a' });
  });

  it.each([
    [{ name: 'Bad Name', retry: { limit: 1, backoffSeconds: 1 } }, /lower-case/],
    [{ name: 'ok', retry: { limit: -1, backoffSeconds: 1 } }, /retry.limit/],
    [{ name: 'ok', retry: { limit: 1, backoffSeconds: 0.5 } }, /backoffSeconds/],
  ])('rejects %j', (definition, message) => {
    expect(() => defineJob({ ...definition, schema: z.object({}), handle })).toThrow(message);
  });

  it('reports a bad payload by path and rule, never by value', () => {
    const job = defineJob({
      name: 'mail.send',
      schema: z.object({ to: z.email() }),
      retry: { limit: 0, backoffSeconds: 0 },
      handle,
    });
    const parse = () => parsePayload(job, { to: 'secret-address' });
    expect(parse).toThrow(InvalidPayloadError);
    expect(parse).toThrow(/^Invalid payload for job mail\.send: to: /);
    expect(parse).not.toThrow(/secret-address/);
  });
});

describe('retryDelaySeconds', () => {
  it('waits the same each time, or doubles when exponential', () => {
    expect(
      [1, 2, 3].map((a) => retryDelaySeconds({ limit: 5, backoffSeconds: 10, exponential: false }, a)),
    ).toEqual([10, 10, 10]);
    expect(
      [1, 2, 3].map((a) => retryDelaySeconds({ limit: 5, backoffSeconds: 10, exponential: true }, a)),
    ).toEqual([10, 20, 40]);
  });
});
