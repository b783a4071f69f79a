import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, seriousViolations, signIn } from '../../../test/browser.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

/**
 * The last configuration screens in Debian's Chromium against the built web app: a brand admin turns
 * CES on under Survey settings and the PATCH names that one setting only; a vendor admin proposes a
 * macro (a bad language and an unknown placeholder are named at their fields, nothing is sent), it
 * shows as awaiting approval with no Approve button for them, and the brand admin approves it on the
 * screen, then renames it (the PATCH names the name only). A brand analyst is offered no macros and cannot change survey settings. axe-core finds
 * nothing serious on Survey settings, Macros and Routing.
 */

if (!CHROMIUM)
  console.warn('config-screen browser tests skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;
let brand: TestUser;
let vendorAdmin: TestUser;
let analyst: TestUser;
let vendorId: string;

beforeAll(async () => {
  if (!CHROMIUM) return;
  browser = await launchBrowser();
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  brand = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
  const vendor = await t.make.vendor({ name: 'Manila Partners' });
  vendorId = vendor.id;
  vendorAdmin = await t.make.user('vendor_admin', vendor.id);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** bypassCSP so axe-core can be injected: the console's CSP (rightly) refuses inline script. */
async function open(email: string, target: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1400, height: 900 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  await signIn(page, base, email, target);
  return page;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** The text of the error Mantine ties to a field through aria-describedby. */
async function fieldError(page: Page, field: Locator): Promise<string | null> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const id = (await field.getAttribute('aria-describedby'))?.split(' ').find((i) => i.endsWith('-error'));
  return page.locator(`[id="${id}"]`).textContent();
}

/** One answered CSAT survey for the vendor, as the survey pages would store it. */
async function answeredSurvey(comment: string) {
  const customerId = await t.make.customer();
  await withSystem(t.database.db, async (tx) => {
    const survey = await tx
      .insertInto('surveys')
      .values({
        organization_id: t.organizationId,
        kind: 'csat',
        via: 'email',
        ticket_id: null,
        customer_id: customerId,
        recipient: null,
        vendor_id: vendorId,
        site_id: null,
        team_id: null,
        agent_id: null,
        queue: null,
        channel: 'email',
        language: 'en',
        priority: 'normal',
        leased_until: null,
        last_error: null,
        sent_at: new Date('2026-11-30T10:00:00Z').toISOString(),
        answered_at: new Date('2026-11-30T11:00:00Z').toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('survey_responses')
      .values({
        survey_id: survey.id,
        organization_id: t.organizationId,
        vendor_id: vendorId,
        version: 1,
        score: 4,
        comment,
      })
      .execute();
  });
}

describe.skipIf(!CHROMIUM)('the survey settings and macro screens in Chromium', () => {
  it('a brand admin turns CES on: the PATCH names that setting only and the API returns it changed', async () => {
    await answeredSurvey('Quick and kind');
    const before = (await call(t.app, 'GET', '/api/v1/survey-settings', { token: brand.token })).body;
    expect(before.ces_enabled).toBe(false);

    const page = await open(brand.email, '/tickets');
    await nav(page).getByRole('link', { name: 'Survey settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Survey settings' }).waitFor();
    const rows = page.getByTestId('response-row');
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('Quick and kind')]);
    expect(await rows.first().textContent()).toContain('4 / 5');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('checkbox', { name: /customer effort survey/ }).check();
    const patch = page.waitForRequest(
      (r) => r.url().endsWith('/api/v1/survey-settings') && r.method() === 'PATCH',
    );
    await page.getByRole('button', { name: 'Save survey settings' }).click();
    expect((await patch).postDataJSON()).toEqual({ ces_enabled: true });
    await page.getByTestId('settings-saved').waitFor();

    const after = (await call(t.app, 'GET', '/api/v1/survey-settings', { token: brand.token })).body;
    expect(after).toEqual({ ...before, ces_enabled: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a brand analyst sees the settings but may not change them, and is offered no macros', async () => {
    const page = await open(analyst.email, '/survey-settings');
    await page.getByRole('heading', { level: 1, name: 'Survey settings' }).waitFor();
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByRole('button', { name: 'Save survey settings' }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /satisfaction survey/ }).isDisabled()).toBe(true);
    expect(await nav(page).getByRole('link', { name: 'Macros', exact: true }).count()).toBe(0);
    await page.goto(`${base}/macros`);
    await page.getByTestId('no-access').waitFor();
    expect(await page.getByRole('button', { name: /Approve/ }).count()).toBe(0);
  });

  it('a vendor admin proposes a macro (bad values named at the field); the brand admin approves it on the screen', async () => {
    const page = await open(vendorAdmin.email, '/tickets');
    await nav(page).getByRole('link', { name: 'Macros', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Macros' }).waitFor();
    await page.getByTestId('empty-state').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Propose macro' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Refund on its way');
    const language = dialog.getByRole('textbox', { name: 'Language' });
    await language.fill('English');
    const text = dialog.getByRole('textbox', { name: 'Text' });
    await text.fill('Hello {{customer.first_name}}, your refund for {{order.id}} is on its way.');
    await dialog.getByRole('button', { name: 'Propose macro' }).click();
    expect(await fieldError(page, language)).toContain('"en" or "pt-BR"');
    expect(await fieldError(page, text)).toContain('{{order.id}} is not a placeholder');
    expect((await call(t.app, 'GET', '/api/v1/macros', { token: brand.token })).body.items).toEqual([]);

    await language.fill('en');
    await text.fill('Hello {{customer.first_name}}, your refund is on its way. ');
    await text.press('End');
    await dialog.getByRole('button', { name: '{{agent.name}}' }).click();
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/macros') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Propose macro' }).click();
    expect((await created).status()).toBe(201);
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByTestId('macro-row');
    await expect.poll(() => row.getByTestId('macro-status').textContent()).toBe('Awaiting approval');
    expect(await row.textContent()).toContain("Manila Partners's agents, once approved");
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    const [proposal] = (await call(t.app, 'GET', '/api/v1/macros', { token: brand.token })).body.items;
    expect(proposal).toMatchObject({
      name: 'Refund on its way',
      language: 'en',
      body: 'Hello {{customer.first_name}}, your refund is on its way. {{agent.name}}',
      vendor_id: vendorId,
      approved: false,
    });
    expect(await seriousViolations(page)).toEqual([]);

    const admin = await open(brand.email, '/macros');
    await admin.getByRole('heading', { level: 1, name: 'Macros' }).waitFor();
    await admin.getByLabel('Status').selectOption('awaiting');
    const pending = admin.getByTestId('macro-row');
    await expect.poll(() => pending.count()).toBe(1);
    const approved = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/macros/${proposal.id}/approve`));
    await admin.getByRole('button', { name: 'Approve Refund on its way' }).click();
    expect((await approved).status()).toBe(200);
    await admin.getByTestId('empty-state').waitFor();
    await admin.getByLabel('Status').selectOption('approved');
    await expect.poll(() => admin.getByTestId('macro-status').allTextContents()).toEqual(['Approved']);
    expect(await admin.getByRole('button', { name: /^Approve/ }).count()).toBe(0);

    const [macro] = (await call(t.app, 'GET', '/api/v1/macros', { token: brand.token })).body.items;
    expect(macro).toMatchObject({ id: proposal.id, approved: true, approved_by: brand.userId });
    expect(await seriousViolations(admin)).toEqual([]);

    // An edit sends only what changed; the language filter asks the API for that language only.
    await admin.getByRole('button', { name: 'Edit Refund on its way' }).click();
    const editor = admin.getByRole('dialog');
    await editor.getByLabel('Name').fill('Refund sent');
    const patch = admin.waitForRequest(
      (r) => r.url().endsWith(`/api/v1/macros/${proposal.id}`) && r.method() === 'PATCH',
    );
    await editor.getByRole('button', { name: 'Save macro' }).click();
    expect((await patch).postDataJSON()).toEqual({ name: 'Refund sent' });
    await editor.waitFor({ state: 'detached' });
    const listed = admin.waitForRequest((r) => r.url().includes('/api/v1/macros?language=es'));
    await admin.getByRole('textbox', { name: 'Language' }).fill('es');
    await listed;
    await admin.getByTestId('empty-state').waitFor();
    const [edited] = (await call(t.app, 'GET', '/api/v1/macros', { token: brand.token })).body.items;
    expect(edited).toEqual({ ...macro, name: 'Refund sent', updated_at: edited.updated_at });
  });

  it('axe finds nothing serious on the Routing screen', async () => {
    const queue = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Billing' },
    });
    expect(queue.status).toBe(201);
    const page = await open(brand.email, '/tickets');
    await nav(page).getByRole('link', { name: 'Routing', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
    await page.getByTestId('queue-row').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
