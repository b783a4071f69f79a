import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  collectResponses,
  launchBrowser,
  screenshot,
  seriousViolations,
  signIn,
} from '../../../test/browser.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';

/**
 * The vendor page in Chromium: from the overview into one vendor, its trends, the breakdown
 * vendor → site → team → agent, and the tickets behind a figure, each number as the API counts
 * it; a vendor admin who opens another vendor's page gets nothing of it.
 */

if (!CHROMIUM) console.warn('governance browser tests skipped: no chromium binary');

let t: TestContext;
let browser: Browser;
let base: string;
let brand: TestUser;
let east: string;
let west: string;
const sites: Record<string, string> = {};
const teams: Record<string, string> = {};
const agents: Record<string, string> = {};

beforeAll(async () => {
  if (!CHROMIUM) return;
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  brand = await t.make.user('brand_admin');
  east = (await t.make.vendor({ name: 'East Desk' })).id;
  west = (await t.make.vendor({ name: 'West Desk' })).id;
  for (const name of ['Lisbon', 'Porto']) {
    sites[name] = (await t.make.site(east, { name })).id;
    teams[name] = (await t.make.team(east, sites[name])).id;
    agents[name] = (await t.make.user('agent', east)).userId;
  }
  // East: 3 tickets in Lisbon, 2 in Porto; West: 4 of its own.
  const customer = await t.make.customer();
  const place = async (vendor: string, site: string | null, n: number) => {
    for (let i = 0; i < n; i++) {
      const id = await t.make.ticket(customer, vendor, { conversation: true });
      const name = Object.entries(sites).find(([, v]) => v === site)?.[0];
      await withSystem(t.database.db, async (tx) => {
        if (name)
          await sql`update tickets set site_id = ${site}, team_id = ${teams[name]}, agent_id = ${agents[name]},
            subject = ${`East ${name} ${i}`} where id = ${id}`.execute(tx);
        await emit(tx, {
          organizationId: t.organizationId,
          vendorId: vendor,
          type: 'ticket.created',
          subjectId: id,
        });
      });
    }
  };
  await place(east, sites.Lisbon!, 3);
  await place(east, sites.Porto!, 2);
  await place(west, null, 4);
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)('vendor page in Chromium', () => {
  it('drills from the overview to a site, a team and an agent; the tickets behind a figure are the API’s', async () => {
    const queue = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Bench queue' },
    });
    expect(queue.status).toBe(201);
    const shares = await call(t.app, 'PUT', `/api/v1/routing/queues/${queue.body.id}/allocations`, {
      token: brand.token,
      body: {
        allocations: [
          { vendor_id: east, share: 70 },
          { vendor_id: west, share: 30 },
        ],
      },
    });
    expect(shares.status).toBe(200);
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1400, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await signIn(page, base, brand.email, '/vendors-overview');
    await page.getByTestId('vendors-overview').waitFor();
    // Shares against target: each queue's vendors as the routing API reports them.
    const row = page
      .getByTestId('shares-vs-target')
      .locator(`tr[data-queue="Bench queue"][data-vendor="${east}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('70 %');
    expect(await row.textContent()).toContain('no contacts yet');
    await page.getByRole('link', { name: 'East Desk' }).click();
    await page.getByRole('heading', { level: 1, name: 'East Desk' }).waitFor();
    // Trends draw as charts.
    await page.getByTestId('trends').locator('svg').first().waitFor();

    // By site: the contacts the API counts for each site of East.
    const breakdown = page.getByTestId('breakdown');
    await breakdown.waitFor();
    const tz = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const api = await call(
      t.app,
      'GET',
      `/api/v1/analytics/kpis?from=${from}&to=${to}&tz=${tz}&group_by=site&vendor_id=${east}`,
      { token: brand.token },
    );
    const apiContacts = Object.fromEntries(
      api.body.rows.map((r: { key: string; kpis: { contacts: number } }) => [r.key, r.kpis.contacts]),
    );
    expect(apiContacts).toEqual({ [sites.Lisbon!]: 3, [sites.Porto!]: 2 });
    for (const name of ['Lisbon', 'Porto']) {
      const cell = breakdown.locator(`tr[data-key="${sites[name]}"]`).getByLabel(/^Contacts:/);
      expect(await cell.getAttribute('aria-label')).toMatch(
        new RegExp(`^Contacts: ${apiContacts[sites[name]!]}\\.`),
      );
    }
    expect(await breakdown.textContent()).not.toContain('West');

    // The tickets behind Lisbon's contacts: the three Lisbon tickets, as the drill-down API lists them.
    await breakdown
      .locator(`tr[data-key="${sites.Lisbon}"]`)
      .getByLabel(/^Contacts:/)
      .click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('tickets-behind').waitFor();
    const listed = await drawer.locator('tr[data-ticket]').allTextContents();
    expect(listed).toHaveLength(3);
    for (const row of listed) expect(row).toContain('East Lisbon');
    expect(await drawer.getByTestId('tickets-behind-total').textContent()).toMatch(/^3 tickets count here/);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Into Lisbon → its team → its agent, each a level of the breadcrumb.
    await breakdown.getByRole('button', { name: 'Open Lisbon' }).click();
    await page.getByRole('table', { name: 'Figures by team' }).waitFor();
    await page
      .getByRole('table', { name: 'Figures by team' })
      .locator(`tr[data-key="${teams.Lisbon}"] button`)
      .first()
      .click();
    await page.getByRole('table', { name: 'Figures by agent' }).waitFor();
    await page
      .getByRole('table', { name: 'Figures by agent' })
      .locator(`tr[data-key="${agents.Lisbon}"] button`)
      .first()
      .click();
    const tickets = page.getByTestId('tickets-behind');
    await tickets.waitFor();
    expect(await tickets.locator('tr[data-ticket]').count()).toBe(3);
    expect(await page.getByRole('navigation', { name: 'Drill-down' }).textContent()).toContain('Lisbon');
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'governance-vendor-page-agent');

    // Back to the vendor from the breadcrumb: by site again.
    await page
      .getByRole('navigation', { name: 'Drill-down' })
      .getByRole('button', { name: 'East Desk' })
      .click();
    await page.getByRole('table', { name: 'Figures by site' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'governance-vendor-page');
    await context.close();
  }, 120_000);

  it('a vendor admin opening another vendor’s page sees none of it, in the page or any response', async () => {
    const westAdmin = await t.make.user('vendor_admin', west);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const seen = collectResponses(page);
    await signIn(page, base, westAdmin.email, `/vendors-overview/${east}`);
    await page.getByTestId('empty-state').first().waitFor();
    await page.waitForLoadState('networkidle');
    const bodies = (await seen.settle()).map((b) => b.body).join('\n');
    for (const id of [...Object.values(sites), ...Object.values(teams), ...Object.values(agents)])
      expect(bodies).not.toContain(id);
    expect(bodies).not.toContain('East Lisbon');
    expect(await page.content()).not.toContain('Lisbon');
    await context.close();
  }, 60_000);
});
