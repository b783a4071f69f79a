import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../../../test/browser.js';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { ensureWebBuilt } from './build.js';

/**
 * Live operations and the notification bell in Debian's Chromium against the built web app: the
 * board shows what the API reports and follows new contacts without a reload, a site marked down
 * shows down with where its contacts went, the bell counts an SLA warning and opening it marks it
 * read, a vendor admin sees only its own vendor, and axe finds no serious or critical violation.
 */

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('live operations browser tests skipped: no chromium binary');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: TestContext;
let browser: Browser;
let base: string;
let brand: TestUser;
let vendorAdmin: TestUser;
let assignedAtSite: string;

beforeAll(async () => {
  if (!CHROMIUM) return;
  await ensureWebBuilt();
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  brand = await t.make.user('brand_admin');
  const alpha = await t.make.vendor({ name: 'Alpha BPO' });
  const bravo = await t.make.vendor({ name: 'Bravo BPO' });
  const siteA = await t.make.site(alpha.id, { name: 'Alpha Manila' });
  const siteB = await t.make.site(bravo.id, { name: 'Bravo Cebu' });
  vendorAdmin = await t.make.user('vendor_admin', alpha.id);
  const agentA = await t.make.user('agent', alpha.id, { siteId: siteA.id });
  const agentB = await t.make.user('agent', bravo.id, { siteId: siteB.id });
  const customer = await t.make.customer();
  const waitingA = await t.make.ticket(customer, alpha.id);
  const waitingB = await t.make.ticket(customer, bravo.id);
  assignedAtSite = await t.make.ticket(customer, alpha.id);
  await withSystem(t.database.db, async (tx) => {
    const queue = await tx
      .insertInto('routing_queues')
      .values({ organization_id: t.organizationId, name: 'Billing', required_skills: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (ticketId: string, state: 'waiting' | 'assigned') => ({
      ticket_id: ticketId,
      organization_id: t.organizationId,
      state,
      queue_id: queue.id,
    });
    await tx
      .insertInto('ticket_routing')
      .values([row(waitingA, 'waiting'), row(waitingB, 'waiting'), row(assignedAtSite, 'assigned')])
      .execute();
    await tx
      .updateTable('tickets')
      .set({ agent_id: agentA.userId, site_id: siteA.id, status: 'open' })
      .where('id', '=', assignedAtSite)
      .execute();
    await tx
      .insertInto('agent_presence')
      .values(
        [agentA, agentB].map((a) => ({
          user_id: a.userId,
          organization_id: t.organizationId,
          vendor_id: a.vendorId,
          status: 'online' as const,
        })),
      )
      .execute();
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(email: string, width = 1400): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script, which the console's CSP (rightly) refuses.
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width, height: 900 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in?redirect=${encodeURIComponent('/live-operations')}`);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Live operations' }).waitFor();
  return page;
}

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<any> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

const waitingIn = (page: Page, queue: string) =>
  page
    .getByTestId('live-queue-row')
    .filter({ hasText: queue })
    .getByTestId('live-waiting')
    .textContent({ timeout: 1000 })
    .catch(() => null);

describe.skipIf(!CHROMIUM)('live operations in Chromium', () => {
  it('shows the API’s counts, follows a new contact live, marks a site down, and passes axe', async () => {
    const page = await signIn(brand.email);
    await page.locator('[data-testid="realtime-status"][data-status="live"]').waitFor();
    const api = (await call(t.app, 'GET', '/api/v1/operations/live', { token: brand.token })).body;
    const billing = api.queues.find((q: any) => q.name === 'Billing');
    expect(billing.waiting).toBe(2);
    await expect.poll(() => waitingIn(page, 'Billing')).toBe(String(billing.waiting));
    expect(await waitingIn(page, 'Not yet queued')).toBeNull();

    // A new contact through the API while the page is open: counted without a reload.
    const created = await call(t.app, 'POST', '/api/v1/tickets', {
      token: brand.token,
      body: {
        subject: 'Where is my refund?',
        channel: 'email',
        customer: { name: 'Rosa Customer', email: 'rosa@customer.test' },
        message: { body_text: 'Please help' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await expect.poll(() => waitingIn(page, 'Not yet queued'), { timeout: 10_000 }).toBe('1');

    expect(await seriousViolations(page)).toEqual([]);

    // Mark the site down (confirming first); routing then takes its unanswered contact off it.
    await page.getByRole('button', { name: 'Mark down: Alpha Manila' }).click();
    await page.getByRole('button', { name: 'Confirm: mark down' }).click();
    const site = page.getByTestId('live-site-row').filter({ hasText: 'Alpha Manila' });
    await expect.poll(() => site.getByTestId('live-site-status').textContent()).toBe('down');
    const moved = page.getByTestId('moved-off');
    await moved.getByText('What moved where: Alpha Manila').waitFor();
    while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
    await moved.getByText('1 waiting in their queue').waitFor({ timeout: 10_000 });
    const after = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('tickets')
        .select(['site_id', 'agent_id'])
        .where('id', '=', assignedAtSite)
        .executeTakeFirstOrThrow(),
    );
    expect(after).toEqual({ site_id: null, agent_id: null });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'live-operations');
    await page.context().close();
  });

  it('the bell counts an SLA warning; opening it marks it read and opens the ticket', async () => {
    const page = await signIn(brand.email);
    await page.locator('[data-testid="realtime-status"][data-status="live"]').waitFor();
    const bell = page.getByRole('button', { name: /^Notifications: \d+\+? unread$/ });
    expect(await bell.getAttribute('aria-label')).toBe('Notifications: 0 unread');
    // What the SLA scanner does on a warning: a notification for the contact, and an sla.warning event.
    await withSystem(t.database.db, async (tx) => {
      await tx
        .insertInto('notifications')
        .values({
          organization_id: t.organizationId,
          vendor_id: null,
          user_id: brand.userId,
          ticket_id: assignedAtSite,
          kind: 'sla.warning',
          title: 'SLA at risk: first reply',
          data: JSON.stringify({ metric: 'first_reply', cycle: 1 }),
        })
        .execute();
      await emit(tx, {
        organizationId: t.organizationId,
        vendorId: null,
        type: 'sla.warning',
        subjectId: assignedAtSite,
        payload: { ticketId: assignedAtSite, metric: 'first_reply', cycle: 1 },
      });
    });
    await expect
      .poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 })
      .toBe('Notifications: 1 unread');
    await bell.click();
    await screenshot(page, 'notification-bell');
    await page.getByTestId('notification').filter({ hasText: 'SLA at risk: first reply' }).click();
    await page.waitForURL(`**/tickets/${assignedAtSite}`);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications: 0 unread');
    const row = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('notifications')
        .select('read_at')
        .where('user_id', '=', brand.userId)
        .executeTakeFirstOrThrow(),
    );
    expect(row.read_at).not.toBeNull();
    await page.context().close();
  });

  it('a vendor admin sees only its own vendor’s rows, and the bell fits a 375px header', async () => {
    const page = await signIn(vendorAdmin.email, 375);
    await page.getByTestId('live-site-row').first().waitFor();
    expect(await page.getByTestId('live-vendor-row').allTextContents()).toEqual([
      expect.stringContaining('Alpha BPO'),
    ]);
    expect(await page.getByTestId('live-site-row').count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain('Bravo');
    await expect.poll(() => waitingIn(page, 'Billing')).toBe('1');
    const bell = page.getByRole('button', { name: /^Notifications: / });
    const box = await bell.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(375);
    const header = await page.locator('header').evaluate((h) => h.scrollWidth);
    expect(header).toBeLessThanOrEqual(375);
    await screenshot(page, 'live-operations-375');
    await page.context().close();
  });
});
