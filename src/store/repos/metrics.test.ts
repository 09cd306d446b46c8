import { describe, expect, it } from 'vitest';
import { coverRanges } from './metrics.js';

describe('coverRanges', () => {
  it('reads whole months from month rows and the edges from day rows, each day once', () => {
    expect(coverRanges('2026-01-15', '2026-04-10')).toEqual([
      { grain: 'd', from: '2026-01-15', to: '2026-01-31' },
      { grain: 'm', from: '2026-02', to: '2026-03' },
      { grain: 'd', from: '2026-04-01', to: '2026-04-10' },
    ]);
    expect(coverRanges('2026-02-01', '2026-02-28')).toEqual([{ grain: 'm', from: '2026-02', to: '2026-02' }]);
    expect(coverRanges('2024-02-01', '2024-02-28')).toEqual([
      { grain: 'd', from: '2024-02-01', to: '2024-02-28' },
    ]);
    expect(coverRanges('2026-03-05', '2026-03-20')).toEqual([
      { grain: 'd', from: '2026-03-05', to: '2026-03-20' },
    ]);
    expect(coverRanges('2026-03-31', '2026-04-01')).toEqual([
      { grain: 'd', from: '2026-03-31', to: '2026-04-01' },
    ]);
    expect(coverRanges('2026-03-02', '2026-03-01')).toEqual([]);
  });
});
