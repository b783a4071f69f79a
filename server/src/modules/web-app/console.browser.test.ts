import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { ensureWebBuilt } from './build.js';

/**
 * The agent console as an agent uses it, in Debian's Chromium against the real server and the built
 * app: sign in, the inbox, a ticket, a reply and an internal note, a new ticket arriving live, the
 * live chats page, and another vendor's ticket as "not found". Screenshots go to artifacts/screenshots/.
 */

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('console browser tests skipped: no chromium binary (apt-get install chromium)');
const SHOTS = fileURLToPath(new URL('../../../../artifacts/screenshots/', import.meta.url));

let t: TestContext;
let browser: Browser;
let base: string;
let brand: TestUser;
let agent: TestUser;
let vendorId: string;
let otherVendorTicket: string;

const createTicket = async (subject: string, values: Record<string, unknown> = {}) => {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: brand.token,
    body: {
      subject,
      channel: 'email',
      customer: { name: 'Rosa Customer', email: 'rosa@customer.test' },
      message: { body_text: `${subject}: please help` },
      vendor_id: vendorId,
      agent_id: agent.userId,
      ...values,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};

beforeAll(async () => {
  if (!CHROMIUM) return;
  await ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  brand = await t.make.user('brand_admin');
  vendorId = (await t.make.vendor({ name: 'Pacific Contact' })).id;
  const team = await t.make.team(vendorId);
  agent = await t.make.user('agent', vendorId, { teamId: team.id });
  await withSystem(t.database.db, (tx) =>
    tx.updateTable('users').set({ display_name: 'Maria Santos' }).where('id', '=', agent.userId).execute(),
  );
  const other = await t.make.vendor({ name: 'Andes Support' });
  otherVendorTicket = await createTicket('Secret of another vendor', {
    vendor_id: other.id,
    agent_id: undefined,
  });
  await createTicket('Parcel never arrived', {
    message: {
      body_text: 'Parcel never arrived: see the tracking page',
      body_html:
        '<p>Parcel never arrived: see the <a href="https://carrier.test/track/1">tracking page</a></p><script>window.__xss=1</script>',
    },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Content-Security-Policy violations and script errors, which would mean the app breaks under its CSP. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return problems;
}

describe.skipIf(!CHROMIUM)('agent console in Chromium', () => {
  it('signs in, works a ticket, and sees a new ticket arrive live', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const problems = watch(page);

    // Not signed in: the sign-in page, which returns to the inbox afterwards.
    await page.goto(`${base}/tickets`);
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    await page.getByLabel('Email').fill(agent.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('do not match').waitFor();
    await page.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
    await page.screenshot({ path: `${SHOTS}sign-in.png` });
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The header says who is signed in: name, role, vendor.
    await page.getByTestId('me-name').getByText('Maria Santos').waitFor();
    expect(await page.getByTestId('me-role').textContent()).toBe('Agent');
    expect(await page.getByTestId('me-vendor').textContent()).toBe('Pacific Contact');
    await page.locator('[data-testid="realtime-status"][data-status="live"]').waitFor();

    // The inbox (view: mine) lists the agent's ticket, and not the other vendor's.
    const row = page.locator('[data-ticket-id]', { hasText: 'Parcel never arrived' });
    await row.waitFor();
    expect(await page.getByText('Secret of another vendor').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}inbox.png` });

    // Open it with the keyboard: Enter on the selected (first) row.
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-subject').getByText('Parcel never arrived').waitFor();
    const ticketId = new URL(page.url()).pathname.split('/').pop()!;

    // The customer's HTML is in a sandboxed frame without scripts; its link opens a new tab.
    const frame = page.locator('iframe[title^="Message from"]');
    await frame.waitFor();
    const sandbox = (await frame.getAttribute('sandbox')) ?? '';
    expect(sandbox).toContain('allow-popups-to-escape-sandbox');
    expect(sandbox).not.toMatch(/allow-scripts|allow-same-origin/);
    const link = page
      .frameLocator('iframe[title^="Message from"]')
      .getByRole('link', { name: 'tracking page' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();

    // A reply (r) and an internal note (n); the draft survives a reload before sending.
    await page.keyboard.press('r');
    const reply = page.getByLabel('Reply to the customer');
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await reply.fill('We have sent a replacement today.');
    await page.reload();
    await page.getByTestId('ticket-subject').waitFor();
    await expect
      .poll(() => page.getByLabel('Reply to the customer').inputValue())
      .toBe('We have sent a replacement today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page
      .getByTestId('timeline-message')
      .filter({ hasText: 'We have sent a replacement today.' })
      .waitFor();
    await page.keyboard.press('n');
    await page.getByRole('textbox', { name: /^Internal note/ }).fill('Customer is a VIP, watch this one.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('timeline-note').filter({ hasText: 'Customer is a VIP' }).waitFor();
    await page.screenshot({ path: `${SHOTS}ticket.png`, fullPage: true });

    const messages = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/messages`, { token: brand.token });
    const stored = messages.body.items.map((m: any) => [m.visibility, m.body_text]);
    expect(stored).toContainEqual(['public', 'We have sent a replacement today.']);
    expect(stored).toContainEqual(['internal', 'Customer is a VIP, watch this one.']);

    // s solves the ticket; the notice's Undo puts the previous status back.
    await page.keyboard.press('s');
    await page.getByTestId('ticket-status').getByText('Solved').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).not.toBe('Solved');
    const after = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: brand.token });
    expect(after.body.status).not.toBe('solved');

    // Back in the inbox, a ticket created elsewhere appears without a reload.
    await page.getByRole('link', { name: 'Inbox' }).click();
    await row.waitFor();
    await page.evaluate(() => {
      (window as any).__sameDocument = true;
    });
    await createTicket('Wrong size delivered');
    await page.locator('[data-ticket-id]', { hasText: 'Wrong size delivered' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

    // Shortcut help.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');

    // Live chats page.
    await page.getByRole('link', { name: 'Live chats' }).click();
    await page.getByRole('heading', { name: 'Live chats' }).waitFor();
    await page.screenshot({ path: `${SHOTS}chats.png` });

    // Another vendor's ticket: "Ticket not found", and nothing of it on the page.
    await page.goto(`${base}/tickets/${otherVendorTicket}`);
    await page.getByRole('heading', { name: 'Ticket not found' }).waitFor();
    expect(await page.getByText('Secret of another vendor').count()).toBe(0);
    await page.goto(`${base}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
