import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, signIn } from '../../../test/browser.js';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';

/**
 * Sessions on the Security page in Debian's Chromium: the user is also signed in on "another
 * device" (a Firefox on Windows, through the API), sees both, and signs the other one out; its
 * cookie stops working at once.
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
