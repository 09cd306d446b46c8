// The alerts list a newcomer reads after importing history (issue #12): most severe first by
// default, newest first on request; old alerts (Feb 2015 tweets) with their date and time rather
// than "4303 d ago", recent ones relative; a spike with its real size (the negative items in the
// detector's window), not the number of sample items linked to it.
// Needs `npm run build:web` first (npm test builds).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../src/core/alerts/types.js';
import { setupThroughUi, startDashboard, type Dashboard } from './harness.js';

describe('alerts list: order, dates and sizes', () => {
  let d: Dashboard;
  const recent = new Date(Date.now() - 3 * 60 * 60_000).toISOString();

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    const { store } = d.server.runtime;
    const [w] = await store.workspaces.list();
    if (!w) throw new Error('no workspace after setup');
    const brand = await store.brands.ensure(w.id, 'Acme Air', 'own');
    const alert = (title: string, severity: number, openedAt: string, observed: number): StoredAlert => ({
      id: randomUUID(),
      workspaceId: w.id,
      kind: 'spike',
      brandId: brand.id,
      brandName: brand.name,
      brandKind: 'own',
      touchpoints: [title],
      platforms: ['twitter'],
      severity,
      status: 'open',
      snoozedUntil: null,
      openedAt,
      startedAt: openedAt,
      lastFiringAt: openedAt,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      resolvedAt: null,
      dedupKey: randomUUID(),
      findings: [],
      strongest: {
        key: `touchpoint:${title}`,
        touchpoint: title,
        platform: null,
        windowMinutes: 60,
        observed,
        expected: 4,
        pValue: 1e-6,
      },
      risk: null,
      reasons: [],
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    // Stored oldest first, so the API's own order (newest stored first) is not the severity order.
    for (const a of [
      alert('delivery', 9, '2015-02-12T14:05:00.000Z', 312),
      alert('staff', 3, recent, 14),
      alert('luggage', 6, '2015-02-20T08:30:00.000Z', 57),
    ])
      await store.alerts.insert(a);
  });

  afterAll(async () => {
    await d?.close();
  });

  /** Each row's severity, opened time and size, top to bottom. */
  async function rows() {
    const out: { severity: number; opened: string; size: string }[] = [];
    for (const row of await d.page.locator('[data-testid="alert-row"]').all()) {
      out.push({
        severity: Number(await row.getByTestId('alert-severity').getAttribute('data-severity')),
        opened: (await row.getByTestId('alert-opened').textContent()) ?? '',
        size: (await row.getByTestId('alert-size').textContent()) ?? '',
      });
    }
    return out;
  }

  it('lists the most severe first, old ones with their date, each with its real size', async () => {
    const page = d.page;
    await page.goto('/#/alerts');
    await page.locator('[data-testid="alert-row"]').nth(2).waitFor();
    expect(await page.getByTestId('alerts-sort-severity').getAttribute('aria-pressed')).toBe('true');
    const list = await rows();
    expect(list.map((r) => r.severity)).toEqual([9, 6, 3]);
    expect(list.map((r) => r.opened)).toEqual(['12 Feb 2015, 14:05', '20 Feb 2015, 08:30', '3 h ago']);
    expect(list.map((r) => r.size)).toEqual([
      '312 negative items in 60 min',
      '57 negative items in 60 min',
      '14 negative items in 60 min',
    ]);
  });

  it('sorts by time on request, and keeps that in the address', async () => {
    const page = d.page;
    await page.getByTestId('alerts-sort-time').click();
    await page.locator('[data-testid="alerts-sort-time"][aria-pressed="true"]').waitFor();
    expect(page.url()).toContain('sort=time');
    expect((await rows()).map((r) => r.severity)).toEqual([3, 6, 9]);
    await page.reload();
    await page.locator('[data-testid="alert-row"]').nth(2).waitFor();
    expect((await rows()).map((r) => r.severity)).toEqual([3, 6, 9]);
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
