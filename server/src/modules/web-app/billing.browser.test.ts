import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchBrowser, screenshot, seriousViolations, signIn } from '../../../test/browser.js';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';

/**
 * Billing in Debian's Chromium: the brand admin opens last month's invoice (contract and invoice made
 * through the API) and approves it; the vendor's admin uploads its own, differing CSV; the brand sees
 * the difference line by line; another vendor's admin gets "not found" for the invoice's address.
 */

if (!CHROMIUM) console.warn('billing browser test skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;

/** Last month (UTC) of the real clock: always a whole past month, whatever the date and hour. */
function lastMonth(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

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

describe.skipIf(!CHROMIUM)('billing in the console', () => {
  it('invoice → approval → the vendor’s differing claim → the brand sees the difference', async () => {
    const admin = await t.make.user('brand_admin');
    const andes = await t.make.vendor({ name: 'Andes' });
    const other = await t.make.vendor({ name: 'Other' });
    const andesAdmin = await t.make.user('vendor_admin', andes.id);
    const otherAdmin = await t.make.user('vendor_admin', other.id);
    const month = lastMonth();

    const termEnd = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const deadline = new Date(Date.parse(`${termEnd}T00:00:00Z`) - 20 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const contract = await call(t.app, 'POST', '/api/v1/billing/contracts', {
      token: admin.token,
      body: {
        vendor_id: andes.id,
        name: 'Andes support',
        // Notice due in 20 days (red), the term ending in 40: from the clock's day, as the page reads it.
        term_ends_on: termEnd,
        notice_days: 20,
        auto_renews: true,
        renewal_term_months: 12,
        version: {
          effective_from: '2020-01-01',
          currency: 'EUR',
          lines: [
            { model: 'handled_contact', channel: 'chat', tiers: [{ up_to: null, rate_minor: 250 }] },
            { model: 'monthly_fee', tiers: [{ up_to: null, rate_minor: 100_000 }] },
          ],
          credit_rules: [],
        },
      },
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    const invoice = await call(t.app, 'POST', `/api/v1/billing/contracts/${contract.body.id}/invoices`, {
      token: admin.token,
      body: { month },
    });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    const invoiceUrl = `${base}/billing/invoices/${invoice.body.id}`;

    // The brand admin: the invoices list, the invoice with its lines, approval after confirming.
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1400, height: 1000 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await signIn(page, base, admin.email);
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    const list = page.getByRole('table', { name: 'Invoices' });
    await list.waitFor();
    expect(await list.textContent()).toContain('1,000.00 EUR');
    expect(await seriousViolations(page)).toEqual([]);
    await list.getByRole('link').first().click();
    const lines = page.getByRole('table', { name: 'Invoice lines' });
    await expect.poll(() => lines.textContent()).toContain('1,000.00 EUR');
    expect(await page.getByTestId('invoice-header').textContent()).toContain('Andes');
    expect(await page.getByTestId('invoice-totals').textContent()).toContain('1,000.00 EUR');
    expect(page.url()).toBe(invoiceUrl);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve invoice' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('are frozen');
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Recompute' }).count()).toBe(0);

    // The contract in words.
    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    const contracts = page.getByRole('table', { name: 'Contracts' });
    await expect
      .poll(() => contracts.textContent())
      .toContain('chat, all languages: 2.50 EUR per handled contact');
    expect(await contracts.textContent()).toContain('1,000.00 EUR a month');
    expect(await contracts.textContent()).toContain(`Term ends ${termEnd}`);
    expect(await contracts.textContent()).toContain(`Notice by ${deadline}`);
    expect(await contracts.textContent()).toContain('Renews automatically for 12 months');
    await expect.poll(() => contracts.locator('[data-near="true"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    // A billing manager edits the notice period: the deadline moves to the term end, 40 days out.
    await page.getByRole('button', { name: 'Edit term of Andes support' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Notice period (days)').fill('0');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => contracts.textContent()).toContain(`Notice by ${termEnd}`);
    expect(await contracts.locator('[data-near="true"]').count()).toBe(0);
    await page.goto(invoiceUrl);

    // The vendor's admin uploads its own invoice: Tandem's CSV with a higher monthly fee.
    const exported = (
      await call(t.app, 'GET', `/api/v1/billing/invoices/${invoice.body.id}?format=csv`, {
        token: andesAdmin.token,
      })
    ).response.body;
    const claimCsv = exported
      .trimEnd()
      .split('\r\n')
      .filter((row) => !row.includes(',total,'))
      .map((row) => (row.includes(',fee,') ? row.replace(/,100000(?=,)/g, ',120000') : row))
      .join('\r\n');
    expect(claimCsv).toContain(',120000,');
    const vendorContext = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1400, height: 1000 },
    });
    const vendorPage = await vendorContext.newPage();
    await signIn(vendorPage, base, andesAdmin.email);
    // Their own vendor's invoices only, under their vendor's name.
    await vendorPage.getByRole('link', { name: 'Invoices', exact: true }).click();
    const vendorList = vendorPage.getByRole('table', { name: 'Invoices' });
    await vendorList.waitFor();
    expect(await vendorList.getByRole('row').count()).toBe(2);
    expect(await vendorList.textContent()).toContain('Andes');
    await vendorList.getByRole('link').first().click();
    await vendorPage.waitForURL(invoiceUrl);
    // A bad cell is refused in words, naming its row and column, and nothing is stored.
    await vendorPage.getByLabel('Your invoice (CSV file)').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(claimCsv.replace(/,120000(?=,)/g, ',lots')),
    });
    await vendorPage.getByRole('button', { name: 'Submit invoice' }).click();
    await expect.poll(() => vendorPage.locator('main').textContent()).toMatch(/row \d+, column rate_minor/);
    await vendorPage.getByLabel('Your invoice (CSV file)').setInputFiles({
      name: 'andes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(claimCsv),
    });
    await vendorPage.getByLabel('Comment (optional)').fill('Our fee went up.');
    await vendorPage.getByRole('button', { name: 'Submit invoice' }).click();
    await vendorPage.getByText('Submitted as version 1.').waitFor();
    await vendorContext.close();

    // The brand sees the difference, line by line and in the totals, and the vendor's comment.
    await page.reload();
    const differences = page.getByRole('table', { name: 'Differences' });
    await differences.waitFor();
    const feeRow = differences.getByRole('row', { name: /Fee: monthly fee/ });
    expect(await feeRow.textContent()).toContain('Differs in rate and amount');
    expect(await feeRow.textContent()).toContain('+200.00 EUR');
    expect(await page.getByTestId('reconciliation-totals').textContent()).toContain('+200.00 EUR');
    expect(await page.getByTestId('reconciliation-history').textContent()).toContain('Our fee went up.');
    await page.getByLabel('Decision on version 1 *').fill('The contract fee is 1,000.00 EUR.');
    await page.getByRole('button', { name: 'Dispute' }).click();
    await expect.poll(() => page.getByTestId('reconciliation-state').textContent()).toBe('Disputed');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'billing-invoice');

    // Another vendor's admin, by URL: not found, and nothing of the invoice on the page.
    const otherContext = await browser.newContext({ locale: 'en-GB' });
    const otherPage = await otherContext.newPage();
    await signIn(otherPage, base, otherAdmin.email);
    await otherPage.goto(invoiceUrl);
    await otherPage.getByText('Invoice not found').waitFor();
    expect(await otherPage.locator('main').textContent()).not.toContain('1,000.00 EUR');
    await otherPage.getByRole('link', { name: 'Invoices', exact: true }).click();
    await otherPage.getByText('No invoices for these filters.').waitFor();
    await otherContext.close();
    await context.close();
  }, 180_000);
});
