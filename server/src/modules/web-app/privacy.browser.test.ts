import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, signIn } from '../../../test/browser.js';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';

/**
 * PII masking in Debian's Chromium against the built console: an outsourced team lead opens a ticket
 * and sees the customer masked, reveals it with a reason and sees it whole; an agent of the same
 * vendor, who may not reveal, sees only that it is masked.
 */

if (!CHROMIUM) console.warn('privacy browser test skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!CHROMIUM) return;
  browser = await launchBrowser();
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)('masked customer data in the console', () => {
  it('shows a masked customer, and reveals it for a reason to a role that may', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor({ kind: 'outsourced' });
    const lead = await t.make.user('team_lead', vendor.id);
    const agent = await t.make.user('agent', vendor.id);
    // The brand's security admin sets the policy on the Security page.
    const adminContext = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1400, height: 900 },
    });
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, base, admin.email);
    await adminPage.getByRole('link', { name: 'Security' }).click();
    const form = adminPage.getByRole('form', { name: 'Masking of customer data' });
    const masked = form.getByRole('group', { name: 'Masked for' });
    await masked.getByLabel('Agents').check();
    await masked.getByLabel('Team leads').check();
    await form
      .getByRole('group', { name: /May reveal/ })
      .getByLabel('Team leads')
      .check();
    await form.getByLabel('A reveal lasts (minutes)').fill('10');
    await form.getByRole('button', { name: 'Save masking' }).click();
    await adminPage.getByTestId('masking-saved').waitFor();
    await screenshot(adminPage, 'pii-masking-policy');
    await adminContext.close();
    const policy = await call(t.app, 'GET', '/api/v1/privacy/masking-policy', { token: admin.token });
    expect(policy.body).toMatchObject({
      masked_roles: ['agent', 'team_lead'],
      reveal_roles: ['team_lead'],
      reveal_minutes: 10,
    });
    const created = await call(t.app, 'POST', '/api/v1/tickets', {
      token: agent.token,
      body: {
        subject: 'Card charged twice',
        channel: 'email',
        customer: { email: 'maria.lindqvist@example.com', name: 'Maria Lindqvist' },
        message: { body_text: 'My card 4242 4242 4242 4242 was charged twice. Maria Lindqvist' },
      },
    });
    expect(created.status).toBe(201);
    const ticketUrl = `${base}/tickets/${created.body.id}`;

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, lead.email);
    await page.goto(ticketUrl);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Maria L.');
    await page.getByTestId('pii-masked').waitFor();
    const body = async () => (await page.locator('main').textContent()) ?? '';
    // The timeline loads after the customer panel: wait for the message itself.
    await expect.poll(body).toContain('**** **** **** 4242');
    expect(await body()).not.toContain('maria.lindqvist@example.com');
    expect(await body()).not.toContain('Lindqvist');

    await page.getByRole('button', { name: 'Reveal…' }).click();
    await page.getByLabel('Why do you need to see it?').fill('Customer');
    await expect.poll(() => page.getByRole('button', { name: 'Reveal for 10 min' }).isDisabled()).toBe(true);
    await page.getByLabel('Why do you need to see it?').fill('Customer asks which card was charged');
    await page.getByRole('button', { name: 'Reveal for 10 min' }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Maria Lindqvist');
    await page.getByTestId('pii-revealed').waitFor();
    await expect.poll(body).toContain('4242 4242 4242 4242');
    await expect.poll(body).toContain('maria.lindqvist@example.com');
    await screenshot(page, 'pii-revealed');
    await context.close();

    const agentContext = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1400, height: 900 },
    });
    const agentPage = await agentContext.newPage();
    await signIn(agentPage, base, agent.email);
    await agentPage.goto(ticketUrl);
    await expect.poll(() => agentPage.getByTestId('customer-name').textContent()).toBe('Maria L.');
    await agentPage.getByTestId('pii-masked').waitFor();
    expect(await agentPage.getByRole('button', { name: 'Reveal…' }).count()).toBe(0);
    await screenshot(agentPage, 'pii-masked');
    await agentContext.close();

    const audit = await call(t.app, 'GET', '/api/v1/audit?action=pii.revealed', { token: admin.token });
    expect(JSON.stringify(audit.body)).toContain('Customer asks which card was charged');
  }, 120_000);
});
