import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, signIn } from '../../../test/browser.js';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';

/**
 * Sessions and offboarding in the console. Sessions on the Security page in Debian's Chromium: the user is also signed in on "another
 * device" (a Firefox on Windows, through the API), sees both, and signs the other one out; its
 * cookie stops working at once. A brand admin offboards a vendor from its Edit dialog, typing the
 * name back, and its agent's token stops working.
 */

if (!CHROMIUM) console.warn('Sessions browser test skipped: no chromium binary (apt-get install chromium)');

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

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe.skipIf(!CHROMIUM)('sessions on the Security page', () => {
  it('lists this and another device, and signs the other one out', async () => {
    const user = await t.make.user('agent', (await t.make.vendor()).id);
    const elsewhere = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: TEST_PASSWORD },
      headers: { 'user-agent': FIREFOX_WINDOWS },
    });
    const otherCookie = `tandem_session=${elsewhere.response.cookies.find((c) => c.name === 'tandem_session')!.value}`;
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { headers: { cookie: otherCookie } })).status).toBe(
      200,
    );

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, user.email);
    await page.getByRole('link', { name: 'Security' }).click();
    const rows = page.getByTestId('session-row');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => page.getByText('This device').count()).toBe(1);
    await screenshot(page, 'security-sessions');

    await page.getByRole('button', { name: 'Sign out Firefox 128 on Windows 10' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('This device');
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { headers: { cookie: otherCookie } })).status).toBe(
      401,
    );
    await context.close();
  });
});

describe.skipIf(!CHROMIUM)('offboarding a vendor from the Vendors screen', () => {
  it('needs the name typed back, then reports what it did', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor({ name: 'Sunset Support' });
    const agent = await t.make.user('agent', vendor.id);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, admin.email, '/admin/vendors');
    await page.getByRole('heading', { level: 1, name: 'Vendors' }).waitFor();
    await page.getByRole('button', { name: 'Edit Sunset Support' }).click();
    const dialog = page.getByRole('dialog');
    const offboard = dialog.getByRole('button', { name: 'Offboard vendor' });
    expect(await offboard.isDisabled()).toBe(true);
    expect(
      await dialog.getByRole('link', { name: 'Download Sunset Support’s data' }).getAttribute('href'),
    ).toBe(`/api/v1/vendors/${vendor.id}/export`);
    await dialog.getByRole('textbox', { name: 'Type “Sunset Support” to confirm' }).fill('Sunset Support');
    await offboard.click();
    await dialog.getByText('Sunset Support is offboarded').waitFor();
    expect(await dialog.getByRole('status').textContent()).toContain(
      '1 user deactivated, 1 API token and 0 SCIM tokens revoked',
    );
    // The edit form now shows the new status, so saving it cannot put the old one back.
    expect(await dialog.getByLabel('Status', { exact: true }).inputValue()).toBe('offboarded');
    await screenshot(page, 'vendor-offboarded');
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(401);
    await context.close();
  });
});
