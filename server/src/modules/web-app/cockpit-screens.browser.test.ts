import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, seriousViolations, signIn } from '../../../test/browser.js';
import { factories, openTestDatabase, testConfig } from '../../../test/harness.js';
import { type App, buildApp } from '../../app.js';
import { outboxConsumers } from '../../outbox.js';
import { createLogger } from '../../platform/logging.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { type EventBus, startEventBus } from '../../platform/realtime/event-bus.js';
import { seedDemo } from '../demo/index.js';
import { RECOMPUTE_BATCH, recomputeOnce } from '../sla/index.js';

/**
 * Every screen of the governance cockpit with the demo brand's data, as a brand admin sees it: at a
 * desktop width and at a phone's, each without serious accessibility problems, each saved as a
 * screenshot (artifacts/screenshots/cockpit-<screen>[-375].png), and the header fitting the phone.
 * On the demo data the overview answers "which vendor misses its contract this month".
 */

if (!CHROMIUM) console.warn('cockpit screen tests skipped: no chromium binary');

let browser: Browser;
let app: App;
let bus: EventBus;
let drop: () => Promise<void>;
let base: string;
let pacific: string;
let handledThisMonth: () => Promise<number>;
const pages: Record<'desktop' | 'phone', Page> = {} as never;

const VIEWPORTS = {
  desktop: { width: 1400, height: 900, suffix: '' },
  phone: { width: 375, height: 800, suffix: '-375' },
} as const;

/** Each screen and the table that shows it has loaded (its first body row). */
const SCREENS: Array<{ name: string; path: () => string; table: (page: Page) => Locator }> = [
  {
    name: 'vendors-overview',
    path: () => '/vendors-overview',
    table: (page) => page.getByTestId('vendors-overview'),
  },
  {
    name: 'vendor-page',
    path: () => `/vendors-overview/${pacific}`,
    table: (page) => page.getByTestId('breakdown'),
  },
  { name: 'live-operations', path: () => '/live-operations', table: (page) => table(page, 'Queues') },
  { name: 'routing', path: () => '/routing', table: (page) => table(page, 'Queues') },
  { name: 'sla-policies', path: () => '/sla-policies', table: (page) => table(page, 'SLA policies') },
  { name: 'calendars', path: () => '/calendars', table: (page) => table(page, 'Business calendars') },
  {
    name: 'service-level-targets',
    path: () => '/service-level-targets',
    table: (page) => table(page, 'Contract service-level targets'),
  },
  {
    name: 'survey-settings',
    path: () => '/survey-settings',
    table: (page) => table(page, 'Latest survey responses'),
  },
  { name: 'macros', path: () => '/macros', table: (page) => table(page, 'Macros') },
];

const table = (page: Page, name: string) => page.getByRole('table', { name, exact: true });

beforeAll(async () => {
  if (!CHROMIUM) return;
  const config = testConfig();
  const opened = await openTestDatabase(config);
  drop = opened.drop;
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  bus = await startEventBus(opened.database, logger);
  app = await buildApp({ database: opened.database, config, logger, bus });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  // The demo as `npm start` seeds it, relative to now: this month's contract levels are live data.
  const outcome = await seedDemo(opened.database, config);
  if (!outcome.seeded) throw new Error('the test database already held an organization');
  // What the worker does after `npm start`: time the SLA history, then make the demo's invoices
  // (sla.recomputed), so the screens show SLA attainment and cost per contact as a user sees them.
  const drain = async () => {
    while ((await dispatchOnce(opened.database.db, outboxConsumers, config)) > 0) {}
  };
  await drain();
  while ((await recomputeOnce(opened.database, RECOMPUTE_BATCH)) > 0) {}
  await drain();
  const brand = await factories(opened.database, outcome.organizationId).user('brand_admin');
  // The contacts this month's draft invoice measured (none in the first minutes of a month).
  handledThisMonth = async () => {
    const { rows } = await opened.database.pool.query(
      `select coalesce(sum((v->>'handled_contacts')::int), 0)::int as n
         from vendor_invoices i, jsonb_array_elements(i.inputs->'volumes') v
        where i.vendor_id = $1 and i.month = to_char(now() at time zone 'UTC', 'YYYY-MM')`,
      [pacific],
    );
    return rows[0].n as number;
  };
  pacific = (
    await opened.database.db
      .selectFrom('vendors')
      .select('id')
      .where('name', 'like', 'Pacific%')
      .executeTakeFirstOrThrow()
  ).id;
  browser = await launchBrowser();
  for (const [key, viewport] of Object.entries(VIEWPORTS) as Array<
    [keyof typeof VIEWPORTS, typeof VIEWPORTS.desktop]
  >) {
    // bypassCSP so axe-core can be injected: the console's CSP (rightly) refuses inline script.
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'UTC',
      viewport: { width: VIEWPORTS.desktop.width, height: VIEWPORTS.desktop.height },
      bypassCSP: true,
    });
    pages[key] = await context.newPage();
    // Signed in at desktop width: signIn waits for the name in the header, which a phone hides.
    await signIn(pages[key], base, brand.email, '/vendors-overview');
    await pages[key].setViewportSize({ width: viewport.width, height: viewport.height });
  }
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await bus?.close();
  await drop?.();
});

async function open(page: Page, screen: (typeof SCREENS)[number]) {
  await page.goto(`${base}${screen.path()}`);
  await screen.table(page).locator('tbody tr').first().waitFor({ timeout: 20_000 });
  // The rest of the screen (names, backlog, contract levels) too, so axe and the screenshot see it all.
  await page.waitForLoadState('networkidle');
  await page
    .getByText(/^Loading .*…$/)
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 });
}

describe.skipIf(!CHROMIUM)('the cockpit with the demo brand in Chromium', () => {
  for (const screen of SCREENS) {
    it(`${screen.name}: loads its table at 1400 and 375 px, accessible, header and page fitting the phone`, async () => {
      for (const [key, viewport] of Object.entries(VIEWPORTS) as Array<
        [keyof typeof VIEWPORTS, typeof VIEWPORTS.desktop]
      >) {
        const page = pages[key];
        await open(page, screen);
        expect(await seriousViolations(page), `${screen.name} at ${viewport.width} px`).toEqual([]);
        if (key === 'phone') {
          const header = await page
            .locator('header')
            .evaluate((h) => ({ scroll: h.scrollWidth, client: h.clientWidth }));
          expect(header.scroll, `${screen.name}: header overflows`).toBeLessThanOrEqual(header.client);
          // The page itself fits the phone: wide tables scroll inside their own box.
          const pageWidth = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          expect(pageWidth.scroll, `${screen.name}: page wider than the phone`).toBeLessThanOrEqual(
            pageWidth.client,
          );
          expect(await page.getByRole('button', { name: /^Notifications: / }).isVisible()).toBe(true);
          expect(await page.getByRole('button', { name: 'Navigation' }).isVisible()).toBe(true);
        }
        await screenshot(page, `cockpit-${screen.name}${viewport.suffix}`);
      }
    }, 60_000);
  }

  it('shows each outsourced vendor’s IQS and cost per contact beside its service figures', async () => {
    const page = pages.desktop;
    await open(page, SCREENS[0]!);
    const overview = page.getByTestId('vendors-overview');
    const headers = await overview.locator('thead th').allTextContents();
    expect(headers).toContain('IQS');
    expect(headers).toContainEqual(expect.stringMatching(/^Cost per contact \d{4}-\d{2}$/));
    const column = (name: string | RegExp) =>
      headers.findIndex((h) => (typeof name === 'string' ? h === name : name.test(h)));
    const row = overview.locator(`tbody tr[data-vendor="${pacific}"]`);
    const cells = row.locator('td');
    expect(await cells.nth(column('IQS')).textContent()).toMatch(/^\d+\.\d %/);
    // This month's invoice is a draft: its cost per contact in dollars, marked as one ("–" while the
    // month has no handled contact yet, as in its first minutes).
    expect(await cells.nth(column(/^Cost per contact/)).textContent()).toMatch(
      (await handledThisMonth()) > 0 ? /^\d+\.\d{2} USDdraft$/ : /^–draft$/,
    );
  }, 30_000);

  it('answers which vendor misses its contract this month: a "missed by" verdict on the overview', async () => {
    const page = pages.desktop;
    await open(page, SCREENS[0]!);
    const levels = page.getByTestId('contract-levels');
    await levels.locator('tbody tr').first().waitFor();
    const misses = levels
      .locator('tbody tr')
      .filter({ has: page.getByTestId('verdict').filter({ hasText: /^missed by / }) });
    expect(await misses.count()).toBeGreaterThan(0);
    // The demo's Pacific vendor answers chats slower than its contract asks.
    expect(await misses.allTextContents()).toContainEqual(expect.stringMatching(/^Pacific/));
  }, 30_000);
});
