import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { ensureWebBuilt } from './build.js';

/**
 * The console's admin screens in Debian's Chromium against the built web app: a brand admin sets up
 * a vendor, a site and an agent through the UI; that agent sees only the vendor's work (in the page
 * and in every response the page receives); a vendor admin sees only its vendor; a server error
 * shows beside its field; and axe-core finds no serious or critical violation on the main pages.
 */

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('console browser tests skipped: no chromium binary (apt-get install chromium)');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = fileURLToPath(new URL('../../../../artifacts/screenshots/', import.meta.url));

let t: TestContext;
let browser: Browser;
let base: string;
let brand: TestUser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  await ensureWebBuilt();
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  brand = await t.make.user('brand_admin');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** bypassCSP only where axe-core is injected: the console's CSP (rightly) refuses inline script. */
async function signIn(email: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1400, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').waitFor();
  return page;
}

async function openAdmin(page: Page, label: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/** Picks an option of a Mantine Select by its visible label. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('dialog').getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** axe-core in the page: serious and critical violations, as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<any> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as {
      id: string;
      impact: string;
      nodes: { target: string[]; any: { message: string }[] }[];
    }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.any[0]?.message ?? ''}`),
    );
}

describe.skipIf(!CHROMIUM)('admin screens in Chromium', () => {
  it('a brand admin creates a vendor, a site and an agent; the agent sees only that vendor’s work', async () => {
    const page = await signIn(brand.email);

    // Vendor, then the same name again: the server's 409 names body.name, shown under the field.
    await openAdmin(page, 'Vendors');
    await page.getByRole('button', { name: 'New vendor' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Lisbon Partners');
    await dialog.getByRole('button', { name: 'Save vendor' }).click();
    await page.getByTestId('vendor-row').filter({ hasText: 'Lisbon Partners' }).waitFor();
    await page.getByRole('button', { name: 'New vendor' }).click();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Lisbon Partners');
    await dialog.getByRole('button', { name: 'Save vendor' }).click();
    const name = dialog.getByRole('textbox', { name: 'Name' });
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await name.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(await page.locator(`#${errorId}`).textContent()).toBe('already exists');
    await page.keyboard.press('Escape');

    // Site: an invalid time zone is refused beside the field by the server's own schema, then saved.
    await openAdmin(page, 'Sites');
    await page.getByRole('button', { name: 'New site' }).click();
    await choose(page, 'Vendor', 'Lisbon Partners');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Lisbon Riverside');
    await dialog.getByRole('textbox', { name: 'Country', exact: true }).fill('PT');
    await dialog.getByRole('textbox', { name: 'Time zone', exact: true }).fill('Europe/Atlantis');
    await dialog.getByRole('button', { name: 'Save site' }).click();
    await dialog.getByText('not an IANA time zone such as "Asia/Manila"').waitFor();
    await dialog.getByRole('textbox', { name: 'Time zone', exact: true }).fill('Europe/Lisbon');
    await dialog.getByRole('button', { name: 'Save site' }).click();
    const siteRow = page.getByTestId('site-row').filter({ hasText: 'Lisbon Riverside' });
    await siteRow.waitFor();
    // Mark it down, confirming first.
    await page.getByRole('button', { name: 'Mark down: Lisbon Riverside' }).click();
    await page.getByRole('button', { name: 'Confirm: mark down' }).click();
    await expect.poll(() => siteRow.getByTestId('site-status').textContent()).toBe('down');

    // An agent of the new vendor, with a password.
    await openAdmin(page, 'Users and agents');
    await page.getByRole('button', { name: 'New user' }).click();
    await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('ana.agent@lisbon.test');
    await dialog.getByRole('textbox', { name: 'Display name', exact: true }).fill('Ana Agent');
    await dialog.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
    await choose(page, 'Vendor', 'Lisbon Partners');
    await dialog.getByRole('button', { name: 'Save user' }).click();
    await page.getByTestId('user-row').filter({ hasText: 'ana.agent@lisbon.test' }).waitFor();
    // Her skills and chat capacity, each saved with its PUT.
    await page.getByRole('button', { name: 'Edit Ana Agent' }).click();
    await dialog.getByRole('button', { name: 'Add skill' }).click();
    await dialog.getByRole('textbox', { name: 'Skill', exact: true }).fill('billing');
    await dialog.getByRole('textbox', { name: 'Proficiency (1–5)' }).fill('4');
    const savedSkills = page.waitForResponse((r) => r.url().endsWith('/skills') && r.status() === 200);
    await dialog.getByRole('button', { name: 'Save skills' }).click();
    await savedSkills;
    await dialog.getByRole('textbox', { name: 'chat: conversations at once' }).fill('3');
    const savedCapacities = page.waitForResponse(
      (r) => r.url().endsWith('/capacities') && r.status() === 200,
    );
    await dialog.getByRole('button', { name: 'Save capacities' }).click();
    await savedCapacities;
    await page.keyboard.press('Escape');
    const users = await call(t.app, 'GET', '/api/v1/users?limit=200', { token: brand.token });
    const ana = users.body.items.find((u: { email: string }) => u.email === 'ana.agent@lisbon.test');
    const profile = await call(t.app, 'GET', `/api/v1/users/${ana.id}`, { token: brand.token });
    expect(profile.body.skills).toEqual([{ skill: 'billing', proficiency: 4 }]);
    expect(profile.body.capacities).toEqual([{ channel: 'chat', max_concurrent: 3 }]);

    // One ticket for that vendor, one for another vendor.
    const vendors = await call(t.app, 'GET', '/api/v1/vendors?limit=200', { token: brand.token });
    const lisbon = vendors.body.items.find((v: { name: string }) => v.name === 'Lisbon Partners');
    const other = await t.make.vendor({ name: 'Elsewhere BPO' });
    const mine = await t.make.ticket(await t.make.customer(), lisbon.id, { conversation: true });
    const theirs = await t.make.ticket(await t.make.customer(), other.id, { conversation: true });
    await withSystem(t.database.db, async (tx) => {
      await tx
        .updateTable('tickets')
        .set({ subject: 'Lisbon parcel question' })
        .where('id', '=', mine)
        .execute();
      await tx
        .updateTable('tickets')
        .set({ subject: 'Elsewhere secret matter' })
        .where('id', '=', theirs)
        .execute();
    });

    const agentContext = await browser.newContext({ locale: 'en-GB' });
    const agentPage = await agentContext.newPage();
    // Every response the page receives, except the agent's own request for the foreign ticket's id
    // (which answers 404 naming the id it was asked for).
    const bodies: Promise<string>[] = [];
    agentPage.on('response', (response) => {
      if (response.url().includes(theirs)) return;
      bodies.push(response.text().catch(() => '')); // redirects have no body
    });
    await agentPage.goto(`${base}/tickets?view=all`);
    await agentPage.getByLabel('Email').fill('ana.agent@lisbon.test');
    await agentPage.getByRole('textbox', { name: 'Password' }).fill('a long enough password');
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByTestId('inbox-list').getByText('Lisbon parcel question').waitFor();
    expect(await agentPage.getByTestId('me-vendor').textContent()).toBe('Lisbon Partners');
    // An agent administers nothing: no admin screens in the navigation.
    expect(await agentPage.getByRole('link', { name: 'Vendors' }).count()).toBe(0);
    await agentPage.goto(`${base}/tickets/${theirs}`);
    await agentPage.getByText('Ticket not found').waitFor();
    await agentPage.waitForLoadState('networkidle');
    expect(await agentPage.content()).not.toContain('Elsewhere secret matter');
    const seen = (await Promise.all(bodies)).join('\n');
    expect(bodies.length).toBeGreaterThan(5);
    expect(seen).toContain('Lisbon parcel question');
    for (const secret of ['Elsewhere secret matter', 'Elsewhere BPO', theirs, other.id])
      expect(seen).not.toContain(secret);
    await agentContext.close();
    await page.context().close();
  }, 120_000);

  it('a vendor admin sees only its own vendor in the vendor, site and user screens', async () => {
    const own = await t.make.vendor({ name: 'Own Vendor Ltd' });
    const foreign = await t.make.vendor({ name: 'Foreign Vendor Ltd' });
    await t.make.site(own.id, { name: 'Own Site' });
    await t.make.site(foreign.id, { name: 'Foreign Site' });
    const admin = await t.make.user('vendor_admin', own.id);
    const foreignAgent = await t.make.user('agent', foreign.id);
    const page = await signIn(admin.email);

    await openAdmin(page, 'Vendors');
    await page.getByTestId('vendor-row').first().waitFor();
    expect(await page.getByTestId('vendor-row').allTextContents()).toEqual([
      expect.stringContaining('Own Vendor Ltd'),
    ]);
    // Brand-only actions are not offered.
    expect(await page.getByRole('button', { name: 'New vendor' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Support addresses' }).count()).toBe(0);

    await openAdmin(page, 'Sites');
    await page.getByTestId('site-row').first().waitFor();
    const sites = await page.getByTestId('site-row').allTextContents();
    expect(sites.join()).toContain('Own Site');
    expect(sites.join()).not.toContain('Foreign');
    // Sites are created for the own vendor only: no vendor choice.
    await page.getByRole('button', { name: 'New site' }).click();
    expect(await page.getByRole('dialog').getByRole('combobox', { name: 'Vendor' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    await openAdmin(page, 'Users and agents');
    await page.getByTestId('user-row').first().waitFor();
    const users = (await page.getByTestId('user-row').allTextContents()).join('\n');
    expect(users).toContain(admin.email);
    expect(users).not.toContain(foreignAgent.email);
    expect(users).not.toContain(brand.email);
    await page.context().close();
  }, 120_000);

  it('the vendors overview shows each vendor’s figures as the API counts them; a vendor admin sees only its own', async () => {
    const north = await t.make.vendor({ name: 'North Desk' });
    const south = await t.make.vendor({ name: 'South Desk' });
    const open = async (vendorId: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const res = await call(t.app, 'POST', '/api/v1/tickets', {
          token: brand.token,
          body: {
            subject: 'Order status',
            channel: 'email',
            vendor_id: vendorId,
            customer: { email: `${crypto.randomUUID()}@overview.test` },
            message: { body_text: 'Where is my order?' },
          },
        });
        expect(res.status).toBe(201);
      }
    };
    await open(north.id, 3);
    await open(south.id, 2);
    // A contract target for North: its email first replies within 4 h, 90 % of the time.
    const target = await call(t.app, 'POST', '/api/v1/service-level-targets', {
      token: brand.token,
      body: {
        vendor_id: north.id,
        name: 'Emails answered within 4 h',
        measure: 'first_reply',
        channel: 'email',
        threshold_seconds: 14_400,
        target_percent: 90,
        variant: 1,
      },
    });
    expect(target.status).toBe(201);
    while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}

    const page = await signIn(brand.email);
    await openAdmin(page, 'Vendors overview');
    const table = page.getByTestId('vendors-overview');
    await table.waitFor();
    const contactsOf = async (vendorId: string) =>
      (
        await page.locator(`tr[data-vendor="${vendorId}"] td`).nth(1).locator('p').first().textContent()
      )?.trim();
    expect(await contactsOf(north.id)).toBe('3');
    expect(await contactsOf(south.id)).toBe('2');
    // The figure explains itself: numerator, denominator and definition on hover.
    await page
      .locator(`tr[data-vendor="${north.id}"]`)
      .getByLabel(/^First response:/)
      .hover();
    await expect
      .poll(() => page.getByRole('tooltip').textContent())
      .toMatch(/first replies\. Definition: frt\./);
    // The month's contract levels: the target beside what North delivered, judged as the API judges it.
    const contract = page.locator(`tr[data-target="${target.body.id}"]`);
    await contract.waitFor();
    expect(await contract.textContent()).toContain('North Desk');
    expect(await contract.textContent()).toContain('Emails answered within 4 h');
    const levels = await call(
      t.app,
      'GET',
      `/api/v1/service-levels/attainment?month=${new Date().toISOString().slice(0, 7)}`,
      { token: brand.token },
    );
    const level = levels.body.items.find((i: { target: { id: string } }) => i.target.id === target.body.id);
    const verdict = level.actual_percent === null ? 'no contacts yet' : level.met ? 'met' : 'missed';
    expect(await contract.getByTestId('verdict').textContent()).toContain(verdict);
    await page.context().close();

    const northAdmin = await t.make.user('vendor_admin', north.id);
    const seen: string[] = [];
    const scoped = await signIn(northAdmin.email);
    scoped.on('response', async (r) => {
      if (r.url().includes('/api/v1/')) seen.push(await r.text().catch(() => ''));
    });
    await openAdmin(scoped, 'Vendors overview');
    await scoped.getByTestId('vendors-overview').waitFor();
    expect(await scoped.locator('tr[data-vendor]').count()).toBe(1);
    expect(await scoped.locator(`tr[data-vendor="${north.id}"]`).count()).toBe(1);
    await scoped.waitForLoadState('networkidle');
    expect(seen.join('\n')).not.toContain(south.id);
    expect(await scoped.content()).not.toContain('South Desk');
    await scoped.context().close();
  }, 120_000);

  it('has no serious or critical axe violations on the main pages; screenshots each admin screen', async () => {
    const vendor = await t.make.vendor({ name: 'Axe Vendor' });
    const ticket = await t.make.ticket(await t.make.customer(), vendor.id, { conversation: true });
    const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const anonymous = await context.newPage();
    await anonymous.goto(`${base}/sign-in`);
    await anonymous.getByRole('button', { name: 'Sign in' }).waitFor();
    const found: Record<string, string[]> = { 'sign-in': await seriousViolations(anonymous) };
    await context.close();

    const page = await signIn(brand.email, { bypassCSP: true });
    await page.getByTestId('inbox-list').waitFor();
    found.inbox = await seriousViolations(page);
    await page.goto(`${base}/tickets/${ticket}`);
    await page.waitForLoadState('networkidle');
    found.ticket = await seriousViolations(page);
    await page.goto(`${base}/chats`);
    await page.waitForLoadState('networkidle');
    found.chats = await seriousViolations(page);

    const screens = [
      'Vendors overview',
      'Vendors',
      'Sites',
      'Teams',
      'Users and agents',
      'API tokens',
      'Webhooks',
      'Support addresses',
    ];
    await page.goto(`${base}/tickets`);
    for (const screen of screens) {
      await openAdmin(page, screen);
      await page.waitForLoadState('networkidle');
      found[screen] = await seriousViolations(page);
      const file = screen.toLowerCase().replaceAll(' ', '-');
      await page.screenshot({ path: `${SCREENSHOTS}admin-${file}.png`, fullPage: true });
    }
    // One form dialog too: labels and contrast inside a modal.
    await openAdmin(page, 'Users and agents');
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Email', exact: true }).waitFor();
    // Measure contrast once the modal's fade-in has finished, not on a half-transparent frame.
    await page.waitForFunction(
      () =>
        document.getAnimations().every((a) => a.playState !== 'running') &&
        [...document.querySelectorAll('[role="dialog"], .mantine-Modal-content')].every(
          (el) => Number(getComputedStyle(el).opacity) === 1,
        ),
    );
    found['new user form'] = await seriousViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}admin-new-user.png` });

    const failures = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
    expect(failures).toEqual({});
    await page.context().close();
  }, 180_000);
});
