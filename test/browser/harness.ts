/**
 * Starts Touchpoint in-process on a fresh SQLite data folder and a headless Debian Chromium against
 * it. Shared by the browser tests and the screenshot script.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/index.js';
import { startServer, type Role, type RunningServer } from '../../src/server/index.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/browser');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Dashboard {
  url: string;
  /** The in-process server, for arranging state the UI cannot (a demo workspace). */
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Fails loudly, with the fix, when a prerequisite is missing: browser tests never skip. */
function checkPrerequisites(): void {
  if (!fs.existsSync(path.join(REPO, 'dist/web/index.html'))) {
    throw new Error('dist/web is not built: run `npm run build:web` before the browser tests.');
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium).`);
  }
}

/**
 * A port that is free right now. The config schema rejects PORT=0 ("pick one"), so the harness asks
 * the OS for one itself; another process could take it before the server binds, which is unlikely.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDashboard(
  options: {
    viewport?: { width: number; height: number };
    /** The server's roles; the default serves the web role only (no background worker). */
    roles?: readonly Role[];
    /** More environment for the server's configuration (reply channels, …). */
    env?: Record<string, string>;
  } = {},
): Promise<Dashboard> {
  checkPrerequisites();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'touchpoint-browser-'));
  const config = loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const server = await startServer({ config, roles: options.roles ?? ['web'] });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: options.viewport ?? { width: 1440, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A 401 from /me before login is expected; the browser logs failed requests as console errors.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(`console: ${m.text()}`);
    });
    const opened = browser;
    return {
      url: server.url,
      server,
      browser: opened,
      context,
      page,
      errors,
      async close() {
        await opened.close();
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}

export const OWNER = {
  name: 'Olivia Owner',
  email: 'olivia@example.com',
  password: 'correct horse battery',
  workspace: 'Harbor Bistro',
};

/** Completes first-run setup through the UI and waits for the signed-in dashboard. */
export async function setupThroughUi(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('setup-name').fill(OWNER.name);
  await page.getByTestId('setup-email').fill(OWNER.email);
  await page.getByTestId('setup-password').fill(OWNER.password);
  await page.getByTestId('setup-workspace').fill(OWNER.workspace);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** Imports a fixture file through the Import page and waits until the import is done. */
export async function importThroughUi(page: Page, file: string): Promise<void> {
  await page.goto('/#/import');
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-run').locator('[data-testid="import-status"][data-status="done"]').waitFor();
}

/** A JSON request with the signed-in session of `page` (its CSRF token), to its first workspace. */
export async function sessionApi(page: Page, method: string, url: string, body?: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = (await (await fetch('/api/v1/me')).json()) as {
        csrfToken: string;
        workspaces: { id: string }[];
      };
      const res = await fetch(url, {
        method,
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': me.csrfToken,
          'X-Workspace': me.workspaces[0]?.id ?? '',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : await res.json();
    },
    { method, url, body },
  );
}

/** One attribute of every element a locator matches, in document order. */
/**
 * Adds a person to the signed-in owner's workspace as the product does (issue #11): invite, then
 * accept the link (its token comes back without SMTP) as a new account, without the owner's cookie.
 */
export async function addMember(
  page: Page,
  member: { email: string; name: string; password: string; role: string },
): Promise<void> {
  const { token } = (await sessionApi(page, 'POST', '/api/v1/members', {
    email: member.email,
    role: member.role,
  })) as { token: string };
  await page.evaluate(
    async ({ token, name, password }) => {
      const res = await fetch('/api/v1/invitations/accept', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, name, password }),
      });
      if (!res.ok) throw new Error(`accepting the invitation: ${res.status} ${await res.text()}`);
    },
    { token, name: member.name, password: member.password },
  );
}

export async function attributes(locator: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await locator.all()).map((l) => l.getAttribute(name)));
}

/**
 * The document's width beyond the viewport's, and the widest elements that stick out (for the
 * message): a page usable at phone width has `scrollWidth` no wider than the viewport.
 */
export function sideways(page: Page): Promise<{ scrollWidth: number; out: string[] }> {
  return page.evaluate(() => {
    interface El {
      tagName: string;
      className: string;
      getBoundingClientRect(): { right: number };
      checkVisibility(): boolean;
    }
    const { document: doc } = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number; clientWidth: number };
        querySelectorAll(s: string): El[];
      };
    };
    const width = doc.documentElement.clientWidth;
    const out = [...doc.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.checkVisibility())
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)})`,
      );
    return { scrollWidth: doc.documentElement.scrollWidth, out };
  });
}
