import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot } from '../../../test/browser.js';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { freePort, startOidcProvider, type TestIdentityProvider } from '../../../test/oidc-provider.js';

/**
 * Single sign-on in Debian's Chromium against the built console and a real OpenID Connect provider
 * (oidc-provider): a vendor's agent clicks their vendor's button, signs in at the provider and lands
 * in the inbox as a new user of that vendor; someone the provider vouches for but Tandem may not
 * admit is told so in plain words.
 */

if (!CHROMIUM) console.warn('SSO browser test skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;
let idp: TestIdentityProvider;
let providerId = '';

beforeAll(async () => {
  if (!CHROMIUM) return;
  browser = await launchBrowser();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp({ TANDEM_PUBLIC_URL: base });
  await t.app.listen({ port, host: '127.0.0.1' });
  idp = await startOidcProvider({
    redirectUris: () => [`${base}/api/v1/auth/sso/${providerId}/callback`],
    accounts: {
      rosa: { email: 'rosa@pacific.test', name: 'Rosa Reyes', groups: ['cc-agents'] },
      chef: { email: 'chef@pacific.test', name: 'Chef', groups: ['kitchen'] },
    },
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await t?.close();
});

describe.skipIf(!CHROMIUM)('single sign-on in the console', () => {
  it('signs a vendor’s agent in through their identity provider, and explains a refusal', async () => {
    const admin = await t.make.user('brand_admin');
    const pacific = await t.make.vendor({ name: 'Pacific' });
    const created = await call(t.app, 'POST', '/api/v1/sso/providers', {
      token: admin.token,
      body: {
        vendor_id: pacific.id,
        name: 'Pacific SSO',
        issuer: idp.issuer,
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        role_map: { 'cc-agents': 'agent' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    providerId = created.body.id;

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Pacific SSO' }).click();
    // The provider's own (development) sign-in and consent pages.
    await page.locator('input[name=login]').fill('rosa');
    await page.locator('input[name=password]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => page.getByTestId('me-name').textContent(), { timeout: 15_000 })
      .toBe('Rosa Reyes');
    expect(new URL(page.url()).pathname).toBe('/tickets');
    await screenshot(page, 'sso-signed-in');
    const me = await call(t.app, 'GET', '/api/v1/users?limit=200', { token: admin.token });
    expect(me.body.items).toContainEqual(
      expect.objectContaining({ email: 'rosa@pacific.test', role: 'agent', vendor_id: pacific.id }),
    );
    await context.close();

    const refusedContext = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 800 },
    });
    const refused = await refusedContext.newPage();
    await refused.goto(`${base}/sign-in`);
    await refused.getByRole('link', { name: 'Sign in with Pacific SSO' }).click();
    await refused.locator('input[name=login]').fill('chef');
    await refused.locator('input[name=password]').fill('anything');
    await refused.getByRole('button', { name: 'Sign-in' }).click();
    await refused.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => refused.getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Tandem has no active account for you there');
    await screenshot(refused, 'sso-refused');
    await refusedContext.close();
  }, 120_000);
});
