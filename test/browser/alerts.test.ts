// Early warning in the browser (issue #5): a quiet background of delivery tweets over five days,
// then a burst of angry ones about late deliveries. With the alerts page already open, the spike
// appears without a reload (the page polls); the owner acknowledges it and sees who and when, opens
// it and sees the series chart with its baseline band, the findings and the top items — customer
// markup stays text. Notification settings are saved and read back.
// Needs `npm run build` first (npm test builds).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/index.js';
import { OWNER, sessionApi, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

const XSS = '<img src=x onerror="window.__xss=1">';
const MINUTES = 60_000;
const HOURS = 60 * MINUTES;
const WEBHOOK_SECRET = 'alerts-test-webhook-secret';

/** The owner's own alert webhook: accepts everything and records whether it was signed. */
async function startReceiver() {
  const received: { signed: boolean }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const signature = String(req.headers['x-touchpoint-signature']);
      const timestamp = String(req.headers['x-touchpoint-timestamp']);
      received.push({ signed: verifySignature(WEBHOOK_SECRET, timestamp, body, signature, 300) });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Input {
  externalId: string;
  platform: string;
  author: { handle: string; name?: string; reach?: number };
  text: string;
  postedAt: string;
}

const BACKGROUND = [
  'Parcel arrived on time, thank you for the quick delivery.',
  'Delivery was on time and the courier was friendly.',
  'Shipping took the usual two days, all good.',
  'Got my order, delivery on time as promised.',
  'Nice packaging and the delivery was quick.',
  'The delivery was a bit late today, slightly annoying.',
];
const BURST = [
  'My delivery is three days late again, this is terrible and nobody answers.',
  'Awful delivery, the parcel is late and the tracking is useless. Very angry.',
  'Still waiting for my delayed delivery, worst service ever.',
  'Late delivery again! Horrible, I want my money back.',
];

describe('alerts, live, end to end', () => {
  let d: Dashboard;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let key = '';
  const now = Date.now();
  // The burst is in the past: detection goes by data time (when the customers posted).
  const burstStart = now - 3 * HOURS;

  async function ingest(items: Input[]): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const res = await fetch(`${d.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: items.slice(i, i + 500) }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  }

  beforeAll(async () => {
    // With a worker: detection and notifications run in the background, as in production.
    receiver = await startReceiver();
    // The owner's webhook receiver is on loopback: allowed, as an operator allows an internal hook.
    d = await startDashboard({ roles: ['web', 'worker'], env: { TOUCHPOINT_OUTBOUND_ALLOW: '127.0.0.1' } });
    await setupThroughUi(d.page);
    // The owner wants every alert: by e-mail (no SMTP server here: fails visibly) and by webhook.
    await sessionApi(d.page, 'PUT', '/api/v1/me/notification-settings', {
      enabled: true,
      channels: [
        { channel: 'email', target: null },
        { channel: 'webhook', target: receiver.url, secret: WEBHOOK_SECRET },
      ],
      minSeverity: 1,
    });
    ({ key } = (await sessionApi(d.page, 'POST', '/api/v1/keys', {
      name: 'Social sync',
      scopes: ['feedback:write'],
    })) as { key: string });

    // Five quiet days: a delivery tweet every 90 minutes, one in six mildly negative.
    const background: Input[] = [];
    for (let t = burstStart - 5 * 24 * HOURS, i = 0; t < burstStart - HOURS; t += 90 * MINUTES, i++) {
      background.push({
        externalId: `bg-${i}`,
        platform: 'twitter',
        author: { handle: `regular_${i % 40}`, reach: 50 + (i % 7) * 20 },
        text: BACKGROUND[i % BACKGROUND.length] ?? '',
        postedAt: new Date(t).toISOString(),
      });
    }
    await ingest(background);
  });

  afterAll(async () => {
    await d?.close();
    await receiver?.close();
  });

  it('shows the spike on the open alerts page without a reload', async () => {
    const page = d.page;
    await page.goto('/#/alerts');
    await page.getByTestId('alerts-page').waitFor();
    expect(await page.getByTestId('nav-alerts').getAttribute('aria-current')).toBe('page');
    await page.locator('[data-testid="alerts-empty"], [data-testid="alerts-table"]').first().waitFor();
    const spikesBefore = await page.locator('[data-testid="alert-row"][data-kind="spike"]').count();
    expect(spikesBefore).toBe(0);

    // The storm: 40 angry tweets about late deliveries within 20 minutes; one carries markup.
    const burst: Input[] = Array.from({ length: 40 }, (_, i) => ({
      externalId: `burst-${i}`,
      platform: 'twitter',
      author: { handle: `angry_${i}`, name: `Angry Customer ${i}`, reach: i === 0 ? 2_500 : 30 + i },
      text:
        i === 0
          ? `My delivery is late, terrible service. ${XSS} <b>still waiting</b>`
          : (BURST[i % BURST.length] ?? ''),
      postedAt: new Date(burstStart + i * 30_000).toISOString(),
    }));
    await ingest(burst);

    // No navigation: the page polls and the row appears.
    const row = page.locator('[data-testid="alert-row"][data-kind="spike"]').first();
    await row.waitFor({ timeout: 30_000 });
    expect(
      Number(await row.getByTestId('alert-severity').getAttribute('data-severity')),
    ).toBeGreaterThanOrEqual(1);
    expect(await row.getByTestId('alert-touchpoints').textContent()).toContain('Delivery');
    // All on Twitter: the brand's and the touchpoint's series fired, not one platform's alone.
    expect(await row.getByTestId('alert-platforms').textContent()).toMatch(/Twitter|All platforms/);
    expect(await row.getByTestId('alert-status').getAttribute('data-status')).toBe('open');
    expect(await row.getByTestId('alert-opened').getAttribute('datetime')).toBeTruthy();
    // The navigation counts open alerts, at once when the list brought a new one.
    await page.getByTestId('nav-alerts-count').waitFor({ timeout: 5_000 });
  }, 60_000);

  it('acknowledges the alert and shows who and when', async () => {
    const page = d.page;
    const row = page.locator('[data-testid="alert-row"][data-kind="spike"]').first();
    const id = await row.getAttribute('data-id');
    // From the keyboard: the button is a real button, focusable and pressed with Enter.
    await row.getByTestId('alert-acknowledge').focus();
    await page.keyboard.press('Enter');
    const acked = page.locator(
      `[data-testid="alert-row"][data-id="${id}"] [data-testid="alert-status"][data-status="acknowledged"]`,
    );
    await acked.waitFor();
    const by = await page
      .locator(`[data-testid="alert-row"][data-id="${id}"]`)
      .getByTestId('alert-acknowledged-by')
      .textContent();
    expect(by).toContain(OWNER.name);
    expect(by).toMatch(/now|min ago/);
    await page.getByTestId('alerts-notice').getByText('Acknowledged.').waitFor();

    // The Open tab no longer lists it; the Acknowledged tab does.
    await page.getByTestId('alerts-tab-open').click();
    await page.locator('[data-testid="alerts-empty"], [data-testid="alerts-table"]').first().waitFor();
    await page.locator(`[data-testid="alert-row"][data-id="${id}"]`).waitFor({ state: 'detached' });
    await page.getByTestId('alerts-tab-acknowledged').click();
    await page.locator(`[data-testid="alert-row"][data-id="${id}"]`).waitFor();
  });

  it('opens the alert: the chart with its baseline band, the findings and the top items as text', async () => {
    const page = d.page;
    const row = page.locator('[data-testid="alert-row"][data-kind="spike"]').first();
    const id = (await row.getAttribute('data-id')) ?? '';
    await row.getByTestId('alert-link').click();
    await page.waitForURL((u) => u.hash === `#/alerts/${id}`);
    await page.getByTestId('alert').waitFor();
    expect(await page.getByTestId('alert').getAttribute('data-status')).toBe('acknowledged');
    expect(await page.getByTestId('alert-acknowledged-by').textContent()).toContain(OWNER.name);

    // The chart: uPlot's canvas, the band between the expected value and the upper threshold.
    const plot = page.getByTestId('alert-chart-plot');
    await plot.locator('canvas').waitFor();
    expect(await plot.getAttribute('data-band')).toBe('expected-upper');
    expect(Number(await page.getByTestId('alert-chart').getAttribute('data-points'))).toBeGreaterThan(10);
    const legend = await plot.locator('.u-legend').textContent();
    expect(legend).toContain('Expected');
    expect(legend).toContain('Upper threshold');
    // uPlot drew on a real canvas: its size, and painted pixels (bars, lines, band).
    const canvas = await page.evaluate<{ w: number; h: number; painted: number }>(`(() => {
      const c = document.querySelector('[data-testid="alert-chart-plot"] canvas');
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return { w: c.width, h: c.height, painted };
    })()`);
    expect(canvas.w).toBeGreaterThan(300);
    expect(canvas.h).toBeGreaterThan(100);
    expect(canvas.painted).toBeGreaterThan(1000);
    // The caption says it in words, and the data table has the band's numbers.
    expect(await page.getByTestId('alert-chart-summary').textContent()).toMatch(/above the normal range/);
    const table = page.getByTestId('alert-chart-table');
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(10);

    // Findings: observed against expected, with a p-value.
    await page.getByTestId('alert-finding').first().waitFor();

    // Top items link to their item pages; the customer's markup is text and never ran.
    const items = page.getByTestId('alert-item');
    expect(await items.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('alert-items').textContent()).toContain(XSS);
    expect(await page.locator('[data-testid="alert"] img').count()).toBe(0);
    expect(await page.locator('[data-testid="alert-items"] b').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    const itemHref = await items.first().getByTestId('alert-item-text').getAttribute('href');
    expect(itemHref).toMatch(/^#\/feedback\//);

    // Notifications: the webhook delivered (signed), the e-mail failed with the reason.
    await page
      .locator('[data-testid="alert-notification"][data-status="sent"]')
      .first()
      .waitFor({ timeout: 25_000 });
    const failed = page.locator('[data-testid="alert-notification"][data-status="failed"]').first();
    await failed.waitFor({ timeout: 25_000 });
    expect(await failed.getByTestId('alert-notification-error').textContent()).toContain('SMTP');
    expect(receiver.received.length).toBeGreaterThan(0);
    expect(receiver.received.every((r) => r.signed)).toBe(true);

    // The lifecycle says who acknowledged it.
    const ackEvent = page.locator('[data-testid="alert-event"][data-kind="acknowledged"]');
    await ackEvent.waitFor();
    expect(await ackEvent.textContent()).toContain(OWNER.name);

    // The hourly view loads another series into the same chart.
    await page.getByTestId('alert-resolution-1h').click();
    await page.locator('[data-testid="alert-resolution-1h"][aria-pressed="true"]').waitFor();
    await plot.locator('canvas').waitFor();
    // "As tested": the detector's own window against the count at which it alerts.
    await page.getByTestId('alert-resolution-window').click();
    await page.locator('[data-testid="alert-resolution-window"][aria-pressed="true"]').waitFor();
    await page.getByText(/what the detector tested/).waitFor();
    expect(await page.getByTestId('alert-chart-summary').textContent()).toMatch(
      /steps? at or above the alert threshold/,
    );
    await plot.locator('canvas').waitFor();
  }, 60_000);

  it('saves notification settings and reads them back', async () => {
    const page = d.page;
    await page.goto('/#/settings/notifications');
    await page.getByTestId('my-notifications').waitFor();
    // Off until the member turns it on; e-mail to the account address is the default channel.
    await page.getByTestId('notify-enabled').check();
    expect(await page.getByTestId('notify-channel-email').isChecked()).toBe(true);
    await page.getByTestId('notify-min-severity').selectOption('7');
    if (!(await page.getByTestId('notify-quiet').isChecked())) await page.getByTestId('notify-quiet').check();
    await page.getByTestId('notify-quiet-start').fill('22:00');
    await page.getByTestId('notify-quiet-end').fill('07:00');
    await page.getByTestId('notify-quiet-timezone').selectOption('Europe/Berlin');
    await page.getByTestId('notify-save').click();
    await page.getByTestId('notify-saved').waitFor();

    await page.reload();
    await page.getByTestId('my-notifications').waitFor();
    expect(await page.getByTestId('notify-enabled').isChecked()).toBe(true);
    expect(await page.getByTestId('notify-min-severity').inputValue()).toBe('7');
    expect(await page.getByTestId('notify-quiet-start').inputValue()).toBe('22:00');
    // The webhook set up before kept its URL and its secret, which is never sent back.
    expect(await page.getByTestId('notify-channel-webhook').isChecked()).toBe(true);
    expect(await page.getByTestId('notify-target-webhook').inputValue()).toBe(receiver.url);
    expect(await page.getByTestId('notify-secret-webhook').inputValue()).toBe('');
    expect(await page.getByTestId('my-notifications').textContent()).toContain('(set; type a new one');
    expect(await page.getByTestId('notify-quiet-timezone').inputValue()).toBe('Europe/Berlin');
    // The owner also sees the workspace's settings.
    await page.getByTestId('workspace-alert-settings').waitFor();
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
