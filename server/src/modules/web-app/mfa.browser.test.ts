import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, signIn } from '../../../test/browser.js';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';

/**
 * Two-step sign-in in Debian's Chromium against the built console: a user sets up an authenticator
 * on the Security page, signs out, and signs in with the password and a code computed here from the
 * key the page showed; a wrong code is refused in plain English first.
 */

if (!CHROMIUM) console.warn('MFA browser test skipped: no chromium binary (apt-get install chromium)');

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

/** The code an authenticator shows `steps` periods from now. */
const codeFor = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

describe.skipIf(!CHROMIUM)('two-step sign-in in the console', () => {
  it('enrols on the Security page, then signs in with password and code; a wrong code is refused', async () => {
    const user = await t.make.user('team_lead', (await t.make.vendor()).id);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, user.email);

    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const shown = (await page.getByTestId('mfa-secret').textContent()) ?? '';
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const secret = shown.replace(/\s/g, '');
    expect(await page.getByTestId('otpauth-uri').getAttribute('href')).toContain(`secret=${secret}`);
    await page.getByLabel('The 6-digit code the app shows').fill(await codeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect.poll(() => page.getByTestId('recovery-code').count()).toBe(10);
    await screenshot(page, 'mfa-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('On');

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(user.email);
    await page.locator('input[type=password]').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();

    const right = await codeFor(secret, 1);
    await page.getByRole('textbox', { name: 'Code' }).fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('That code is wrong or was already used');
    await screenshot(page, 'mfa-wrong-code');

    await page.getByRole('textbox', { name: 'Code' }).fill(right);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('me-name').waitFor();
    expect(new URL(page.url()).pathname).toBe('/tickets');
    await context.close();
  }, 120_000);

  it('walks a user the brand’s policy covers through enrolment at sign-in; an admin resets it from Users', async () => {
    const vendor = await t.make.vendor();
    const admin = await t.make.user('brand_admin');
    const agent = await t.make.user('agent', vendor.id);
    const policy = await call(t.app, 'PUT', '/api/v1/auth/mfa/policy', {
      token: admin.token,
      body: { required_for: { vendor_ids: [vendor.id] } },
    });
    expect(policy.status).toBe(200);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill(agent.email);
    await page.locator('input[type=password]').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('The 6-digit code the app shows').fill(await codeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect.poll(() => page.getByTestId('recovery-code').count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByTestId('me-name').waitFor();
    await context.close();
    await call(t.app, 'PUT', '/api/v1/auth/mfa/policy', {
      token: admin.token,
      body: { required_for: 'none' },
    });
    const withCode = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: agent.email, password: TEST_PASSWORD },
    });
    expect(withCode.body.mfaRequired).toBe(true);

    // The agent lost their phone: a brand admin resets it from Users and agents.
    const adminContext = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1400, height: 900 },
    });
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, base, admin.email);
    await adminPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Users and agents', exact: true })
      .click();
    const row = adminPage.getByTestId('user-row').filter({ hasText: agent.email });
    await row.getByRole('button', { name: /^Edit / }).click();
    await adminPage.getByRole('dialog').getByRole('button', { name: 'Reset two-step sign-in' }).click();
    await adminPage.getByRole('dialog').getByText('Two-step sign-in was reset.').waitFor();
    await adminContext.close();
    const passwordOnly = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: agent.email, password: TEST_PASSWORD },
    });
    expect(passwordOnly.body.actor.userId).toBe(agent.userId);
  }, 120_000);
});
