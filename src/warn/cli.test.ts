import { describe, expect, it } from 'vitest';
import { backtestCommand, type BacktestCliOptions } from '../cli/backtest.js';
import type { WarnAlert } from './types.js';

// A file the project wrote in the airline CSV's format: two airlines, three quiet days, and 24
// cancellation complaints at Acme Air on 4 March 2026 from 14:00 to 14:20 (-0800).
const FIXTURE = 'test/fixtures/warn/airline-storm.csv';
const OPTIONS: BacktestCliOptions = {
  dataset: 'airline',
  size: '3',
  duration: 30,
  shape: 'flat',
  target: 'brand',
  seed: 1,
  perReplay: 10,
  json: true,
};

describe('touchpoint backtest', () => {
  it('replays the airline format and reports the storm with its touchpoint, once', async () => {
    const out = JSON.parse(await backtestCommand(FIXTURE, OPTIONS)) as { alerts: WarnAlert[]; items: number };
    expect(out.items).toBe(24 + 4 * 108);
    const spikes = out.alerts.filter((a) => a.kind === 'spike');
    expect(spikes).toHaveLength(1);
    expect(spikes[0]?.brand).toBe('Acme Air');
    expect(spikes[0]?.touchpoints).toContain('cancellation');
    const start = Date.parse('2026-03-04T14:00:00-08:00');
    expect(spikes[0]?.openedAt).toBeGreaterThan(start);
    expect(spikes[0]?.openedAt).toBeLessThanOrEqual(start + 15 * 60_000);
  });

  it('prints the alert list as text', async () => {
    const out = await backtestCommand(FIXTURE, { ...OPTIONS, json: false });
    expect(out).toMatch(/^2026-03-04 14:\d\d -0800 {2}spike {12}Acme Air/m);
    expect(out).toContain('Spike alerts (1;');
  });

  it('rejects a synthetic rate that is not a number', async () => {
    await expect(backtestCommand('many', { ...OPTIONS, dataset: 'synthetic' })).rejects.toThrow(
      /negatives per hour/,
    );
  });
});
