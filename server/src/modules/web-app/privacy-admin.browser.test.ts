import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, seriousViolations, signIn } from '../../../test/browser.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

/**
 * Issue 20's privacy and provisioning administration in Debian's Chromium, each part end to end: a
 * brand admin sets retention on the Security page and the API reads it back; finds a customer by
 * email, downloads their data and erases them (the reason is required) and the API shows them
 * erased; issues a vendor's SCIM token, which then works on /scim/v2, and revokes it (401 after).
 */

if (!CHROMIUM)
  console.warn('privacy admin browser test skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;
let admin: TestUser;
let page: Page;

beforeAll(async () => {
  if (!CHROMIUM) return;
  browser = await launchBrowser();
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  admin = await t.make.user('brand_admin');
  // bypassCSP lets axe-core run in the page (the console's CSP rightly refuses injected scripts).
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1400, height: 1000 },
    bypassCSP: true,
    acceptDownloads: true,
  });
  page = await context.newPage();
  await signIn(page, base, admin.email);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)('privacy and provisioning in the console', () => {
  it('sets retention per channel, with errors in words, and the API reads it back', async () => {
    await page.goto(`${base}/security`);
    const form = page.getByRole('form', { name: 'Retention of customer data' });
    await form.getByLabel('Email: delete attachments after (days)').fill('0');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(() => form.textContent()).toContain('At least 1');
    await form.getByLabel('Email: delete attachments after (days)').fill('90');
    await form.getByLabel('Email: redact closed tickets after (days)').fill('730');
    await form.getByLabel('Chat: redact closed tickets after (days)').fill('365');
    const explained = form.getByTestId('retention-explained');
    await expect
      .poll(() => explained.textContent())
      .toContain('attachments are deleted 90 days (about 3 months)');
    expect(await explained.textContent()).toContain('Phone: everything is kept.');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await form.getByTestId('retention-saved').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'privacy-retention');

    const read = await call(t.app, 'GET', '/api/v1/privacy/retention', { token: admin.token });
    expect(read.status).toBe(200);
    const policies = (read.body.policies as { channel: string; updated_at: string }[])
      .map(({ updated_at: _, ...p }) => p)
      .sort((a, b) => a.channel.localeCompare(b.channel));
    expect(policies).toEqual([
      { channel: 'chat', attachments_days: null, redact_closed_after_days: 365 },
      { channel: 'email', attachments_days: 90, redact_closed_after_days: 730 },
    ]);
    // Read again after a reload: the form shows what is stored.
    await page.reload();
    await expect
      .poll(() => form.getByLabel('Email: redact closed tickets after (days)').inputValue())
      .toBe('730');
  }, 120_000);

  it('exports and erases a customer found by email; the reason is required', async () => {
    const vendor = await t.make.vendor({ kind: 'internal' });
    const agent = await t.make.user('agent', vendor.id);
    const created = await call(t.app, 'POST', '/api/v1/tickets', {
      token: agent.token,
      body: {
        subject: 'Please forget me',
        channel: 'email',
        customer: { email: 'jonas.berg@example.com', name: 'Jonas Berg' },
        message: { body_text: 'Under GDPR, erase my data. Jonas Berg' },
      },
    });
    expect(created.status).toBe(201);
    const customerId = created.body.customer_id as string;

    await page.goto(`${base}/security`);
    const find = page.getByRole('form', { name: 'Find a customer' });
    await find.getByLabel('Customer’s email').fill('jonas.berg@example.com');
    await find.getByRole('button', { name: 'Find' }).click();
    const found = page.getByTestId('found-customer');
    await expect.poll(() => found.textContent()).toContain('Jonas Berg');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      found.getByRole('button', { name: 'Download data (GDPR export)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^customer-${customerId}-\\d{4}-\\d\\d-\\d\\d\\.json$`),
    );
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.customer_id).toBe(customerId);
    expect(JSON.stringify(exported.identities)).toContain('jonas.berg@example.com');

    await found.getByRole('button', { name: 'Erase customer…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Jonas Berg?' });
    expect(await dialog.textContent()).toContain('cannot be undone');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await expect.poll(() => dialog.textContent()).toContain('at least 10 characters');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Reason *').fill('GDPR request DSR-2026-0042');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByTestId('customer-erased').waitFor();
    expect(await page.getByTestId('customer-erased').textContent()).toMatch(/Erased on .*rows in \d+ tables/);
    expect(await found.getByRole('button', { name: 'Erase customer…' }).count()).toBe(0);
    await screenshot(page, 'privacy-erased');

    const after = await call(t.app, 'GET', `/api/v1/customers/${customerId}/export`, { token: admin.token });
    expect(after.status).toBe(200);
    expect(after.body.erased_at).not.toBeNull();
    expect(after.body.identities).toEqual([]);
    expect(JSON.stringify(after.body)).not.toContain('Jonas');
    const again = await call(t.app, 'POST', `/api/v1/customers/${customerId}/erase`, {
      token: admin.token,
      body: { reason: 'GDPR request DSR-2026-0042' },
    });
    expect(again.status).toBe(409);

    // The ticket stays (for reports) with the customer erased; its panel offers the same actions.
    await page.goto(`${base}/tickets/${created.body.id}`);
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Erased customer');
    expect(await page.locator('main').textContent()).not.toContain('Please forget me');
    await page.getByRole('button', { name: 'Download data (GDPR export)' }).waitFor();
  }, 120_000);

  it('issues a vendor’s SCIM token that works on /scim/v2, and revokes it', async () => {
    const vendor = await t.make.vendor({ name: 'Northwind Support', kind: 'outsourced' });
    await page.goto(`${base}/admin/vendors`);
    await page.getByRole('button', { name: 'SCIM tokens of Northwind Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'SCIM tokens' });
    await dialog.getByText('No SCIM tokens yet').waitFor();
    const form = dialog.getByRole('form', { name: 'New SCIM token' });
    await form.getByLabel('Name *').fill('Okta');
    await form.getByRole('combobox', { name: 'Role of a user created without one' }).click();
    await page.getByRole('option', { name: 'Team lead' }).click();
    await form.getByRole('button', { name: 'Issue SCIM token' }).click();
    const secret = (await dialog.getByTestId('scim-secret').textContent()) ?? '';
    expect(secret).toMatch(/^scim_/);
    expect(await dialog.getByTestId('scim-base-url').textContent()).toBe(`${base}/scim/v2`);
    await expect.poll(() => dialog.getByTestId('scim-token-row').count()).toBe(1);
    expect(await dialog.getByTestId('scim-token-row').textContent()).toContain('Team lead');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'scim-token-issued');

    const listed = await call(t.app, 'GET', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
      token: admin.token,
    });
    expect(listed.body).toMatchObject([{ name: 'Okta', default_role: 'team_lead', revoked_at: null }]);
    const users = () => call(t.app, 'GET', '/scim/v2/Users', { token: secret });
    const ok = await users();
    expect(ok.status).toBe(200);
    expect(ok.body.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse');

    await dialog.getByRole('button', { name: 'I saved it' }).click();
    expect(await dialog.getByTestId('scim-secret').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Revoke Okta' }).click();
    await dialog.getByRole('button', { name: 'Revoke now' }).click();
    await expect.poll(() => dialog.getByTestId('scim-token-row').textContent()).toContain('Revoked');
    expect((await users()).status).toBe(401);
  }, 120_000);

  it('adds, edits and deletes a vendor’s identity provider for single sign-on', async () => {
    await t.make.vendor({ name: 'Pacific Desk', kind: 'outsourced' });
    await page.goto(`${base}/security`);
    await page.getByRole('button', { name: 'Add identity provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add identity provider' });
    await dialog.getByRole('combobox', { name: 'Whose people sign in with it' }).click();
    await page.getByRole('option', { name: 'Pacific Desk' }).click();
    await dialog.getByLabel('Name *').fill('Pacific SSO');
    await dialog.getByLabel('Issuer *').fill('https://login.pacific.example/oauth2/default');
    await dialog.getByLabel('Client ID *').fill('tandem-console');
    await dialog.getByLabel('Client secret *').fill('s3cret-from-the-provider');
    // A vendor's provider may not grant a brand role: the server's 422 shows on the field, in words.
    await dialog.getByLabel('Groups to roles').fill('cc-agents = agent\ncc-admins = brand_admin');
    await dialog.getByRole('button', { name: 'Save identity provider' }).click();
    await expect.poll(() => dialog.textContent()).toContain('cc-admins: brand_admin is not a role');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Groups to roles').fill('cc-agents = agent\ncc-leads = team_lead');
    await dialog.getByLabel('These people may also sign in with a password').uncheck();
    await dialog.getByRole('button', { name: 'Save identity provider' }).click();
    await expect.poll(() => page.getByTestId('sso-provider-row').textContent()).toContain('Pacific SSO');
    expect(await page.getByTestId('sso-provider-row').textContent()).toContain('SSO only');

    const list = async () =>
      (await call(t.app, 'GET', '/api/v1/sso/providers', { token: admin.token })).body.items as {
        id: string;
        name: string;
      }[];
    expect(await list()).toMatchObject([
      {
        name: 'Pacific SSO',
        issuer: 'https://login.pacific.example/oauth2/default',
        client_id: 'tandem-console',
        role_map: { 'cc-agents': 'agent', 'cc-leads': 'team_lead' },
        default_role: null,
        password_login: false,
        enabled: true,
      },
    ]);
    expect(JSON.stringify(await list())).not.toContain('s3cret');

    await page.getByRole('button', { name: 'Edit Pacific SSO' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit identity provider' });
    const id = (await list())[0]!.id;
    expect(await edit.getByTestId('sso-callback').textContent()).toBe(
      `${base}/api/v1/auth/sso/${id}/callback`,
    );
    await edit.getByLabel('Name *').fill('Pacific Okta');
    await edit.getByRole('button', { name: 'Save identity provider' }).click();
    await expect.poll(async () => (await list())[0]?.name).toBe('Pacific Okta');
    const options = await call(t.app, 'GET', '/api/v1/auth/sso/options');
    expect(options.body.items).toEqual([{ id, name: 'Pacific Okta' }]);

    await page.getByRole('button', { name: 'Edit Pacific Okta' }).click();
    await edit.getByRole('button', { name: 'Delete…' }).click();
    await edit.getByRole('button', { name: 'Delete now' }).click();
    await expect.poll(list).toEqual([]);
  }, 120_000);
});
