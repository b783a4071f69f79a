import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, signIn } from '../../../test/browser.js';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { COPENHAGEN_MODEL } from '../../../test/inhouse-cost-model.js';

/**
 * The cost comparison in Debian's Chromium: a brand admin sees the in-house team's monthly cost line
 * by line, prices a forecast in-house and at a vendor's contract, then a half-and-half mix.
 */

if (!CHROMIUM)
  console.warn('cost comparison browser test skipped: no chromium binary (apt-get install chromium)');

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

describe.skipIf(!CHROMIUM)('cost comparison', () => {
  it('prices the forecast in-house, at a vendor and as a mix, with the assumptions', async () => {
    const admin = await t.make.user('brand_admin');
    const pacific = await t.make.vendor({ name: 'Pacific' });
    const token = { token: admin.token };
    const model = await call(t.app, 'PUT', '/api/v1/billing/inhouse-cost-model', {
      ...token,
      body: COPENHAGEN_MODEL,
    });
    expect(model.status).toBe(200);
    const contract = await call(t.app, 'POST', '/api/v1/billing/contracts', {
      ...token,
      body: {
        vendor_id: pacific.id,
        name: 'Pacific 2026',
        version: {
          effective_from: '2020-01-01',
          currency: 'EUR',
          lines: [{ model: 'handled_contact', tiers: [{ up_to: null, rate_minor: 200 }] }],
          credit_rules: [],
        },
      },
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, base, admin.email);
    await page.getByRole('link', { name: 'Cost comparison' }).click();
    await expect
      .poll(() => page.getByTestId('inhouse-monthly').textContent())
      .toBe('562,100.00 DKK a month for 10 agents');
    await page.getByRole('button', { name: 'Compare' }).click();
    const result = page.getByTestId('tco-result');
    // 10,000 emails × 6 min + 6,000 chats × 9 min = 1,900 h; at Pacific 16,000 × 2.00 EUR.
    await expect.poll(() => result.textContent()).toContain('32,000.00 EUR');
    expect(await result.textContent()).toContain('238,720.00 DKK');
    expect(await page.locator('main').textContent()).toContain('1 EUR = 7.46 DKK.');

    await page.getByLabel('In-house team').fill('50');
    await page.getByLabel('Pacific', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => result.textContent()).toContain('Your mix (In-house team 50 %, Pacific 50 %)');
    await screenshot(page, 'cost-comparison');
    await context.close();
  }, 120_000);
});
