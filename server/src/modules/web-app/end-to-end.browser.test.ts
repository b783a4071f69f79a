import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, collectResponses, launchBrowser, signIn } from '../../../test/browser.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { messageId, sendMail, storedMessage } from '../../../test/mail.js';
import { FAST_OUTBOX, startTestOutbox, waitFor } from '../../../test/outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';
import type { OutboxWorker } from '../../platform/outbox/worker.js';
import { type EmailIntake, startEmailIntake } from '../channels/email/smtp-server.js';

/**
 * Whole journeys through the real server, its SMTP intake and outbox, the chat widget and the built
 * console in Chromium: an email answered from the console arrives as a threaded email; a chat goes
 * both ways between the widget and the console's chats page; and another vendor's ticket opened by
 * URL shows "not found" with none of its content in the page or in anything the page received.
 */

if (!CHROMIUM)
  console.warn('end-to-end browser tests skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let smtp: EmailIntake;
let outbox: OutboxWorker;
let browser: Browser;
let base: string;
let slug: string;
let brand: TestUser;
let agentA: TestUser;
let dataDir: string;
let vendorB: string;
let context: BrowserContext;
let page: Page;
let received: ReturnType<typeof collectResponses>;
const SUPPORT_A = 'help-a@brand.test';
const SUPPORT_B = 'help-b@brand.test';

beforeAll(async () => {
  if (!CHROMIUM) return;
  dataDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  t = await startTestApp({
    ...FAST_OUTBOX,
    TANDEM_DATA_DIR: dataDir,
    TANDEM_SMTP_PORT: '0',
    TANDEM_SMTP_HOST: '127.0.0.1',
    TANDEM_CHAT_WAIT_SECONDS: '600',
    TANDEM_MAIL_FROM: 'Brand Support <support@brand.test>',
  });
  smtp = await startEmailIntake({
    database: t.database,
    config: t.config,
    logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
  });
  outbox = startTestOutbox(t);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  slug = (
    await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('organizations')
        .select('slug')
        .where('id', '=', t.organizationId)
        .executeTakeFirstOrThrow(),
    )
  ).slug;
  brand = await t.make.user('brand_admin');
  const vendorA = (await t.make.vendor({ name: 'Pacific Contact' })).id;
  vendorB = (await t.make.vendor({ name: 'Andes Support' })).id;
  agentA = await t.make.user('agent', vendorA);
  for (const [address, vendor] of [
    [SUPPORT_A, vendorA],
    [SUPPORT_B, vendorB],
  ] as const) {
    const res = await call(t.app, 'POST', '/api/v1/support-addresses', {
      token: brand.token,
      body: { address, name: 'Help', queue: 'general', language: 'en', vendor_id: vendor },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // Agent A takes chats.
  await withSystem(t.database.db, (tx) =>
    tx
      .insertInto('agent_capacities')
      .values({ user_id: agentA.userId, channel: 'chat', max_concurrent: 3 })
      .execute(),
  );
  await call(t.app, 'PUT', '/api/v1/presence', { token: agentA.token, body: { status: 'online' } });

  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  // Everything agent A's page receives, from before sign-in to the end: checked in the last test.
  received = collectResponses(page);
  await signIn(page, base, agentA.email);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await outbox?.stop();
  await smtp?.close();
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!CHROMIUM)('end to end in Chromium', () => {
  it('answers an email from the console, and the reply leaves as an email threaded under the customer’s', async () => {
    const customerMessageId = messageId();
    await sendMail(smtp.port, {
      from: { name: 'Maria Santos', address: 'maria.santos@customer.test' },
      to: SUPPORT_A,
      subject: 'My order never arrived',
      text: 'Hello, order 123 has not arrived yet.\n\nMaria',
      messageId: customerMessageId,
    });
    const [stored] = await storedMessage(t, customerMessageId);
    expect(stored).toMatchObject({ subject: 'My order never arrived', channel: 'email' });

    // The agent finds it in the inbox (all of the vendor's tickets) and opens it.
    await page.goto(`${base}/tickets?view=all`);
    await page.locator('[data-ticket-id]', { hasText: 'My order never arrived' }).click();
    await page.getByTestId('ticket-subject').getByText('My order never arrived').waitFor();
    await page.getByText('order 123 has not arrived yet').first().waitFor();
    expect(await page.getByTestId('customer-name').textContent()).toBe('Maria Santos');

    await page.getByLabel('Reply to the customer').fill('Your parcel left our warehouse today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page
      .getByTestId('timeline-message')
      .filter({ hasText: 'Your parcel left our warehouse today.' })
      .waitFor();

    // The outbox sends it; with no relay configured the mail lands in the dev capture.
    const summary = await waitFor(async () => {
      const res = await call(t.app, 'GET', '/api/v1/dev/mail', { token: brand.token });
      return res.body.items.find((m: { ticket_id: string }) => m.ticket_id === stored.ticket_id);
    }, 20_000);
    const full = await call(t.app, 'GET', `/api/v1/dev/mail/${summary.id}`, { token: brand.token });
    expect(full.status).toBe(200);
    const mail = await simpleParser(full.body.raw);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('maria.santos@customer.test');
    expect(mail.subject).toContain(`[#${stored.number}]`);
    expect(mail.subject).toContain('My order never arrived');
    expect(mail.inReplyTo).toBe(customerMessageId);
    const references = Array.isArray(mail.references) ? mail.references : [mail.references];
    expect(references).toContain(customerMessageId);
    expect(mail.text).toContain('Your parcel left our warehouse today.');
    expect(summary.in_reply_to).toBe(customerMessageId);
  }, 90_000);

  it('chats both ways between the widget and the console, with the visitor’s typing shown to the agent', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/widget/demo?org=${slug}`);
    await visitor.getByRole('button', { name: 'Chat with us' }).click();
    await visitor.getByLabel('Name').fill('Vera Visitor');
    await visitor.getByLabel('How can we help?').fill('Is the blue jacket back in stock?');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.locator('.msg.visitor[data-state="sent"]', { hasText: 'blue jacket' }).waitFor();

    // Routing gives the chat to vendor A (as the routing engine would); its agent accepts it.
    const chat = await waitFor(() =>
      withSystem(t.database.db, (tx) =>
        tx.selectFrom('tickets').select('id').where('channel', '=', 'chat').executeTakeFirst(),
      ),
    );
    const routed = await call(t.app, 'PATCH', `/api/v1/tickets/${chat.id}`, {
      token: brand.token,
      body: { vendor_id: agentA.vendorId },
    });
    expect(routed.status).toBe(200);
    await page.getByRole('link', { name: 'Live chats' }).click();
    const waiting = page.getByTestId('waiting-chat').filter({ hasText: 'Vera Visitor' });
    await waiting.getByRole('button', { name: 'Accept' }).click();
    const pane = page.getByTestId('chat-pane');
    await pane.getByText('Is the blue jacket back in stock?').waitFor();

    // Agent → visitor.
    await pane.getByLabel('Message').fill('Yes, it came back this morning.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await visitor.locator('.msg.agent .text', { hasText: 'Yes, it came back this morning.' }).waitFor();

    // The visitor types: the agent sees it; then the message arrives.
    const box = visitor.getByLabel('Message', { exact: true });
    await box.pressSequentially('Great, I will order', { delay: 20 });
    await page.getByTestId('visitor-typing').getByText('Vera Visitor is typing…').waitFor();
    await box.press('Enter');
    await pane.getByText('Great, I will order').waitFor();
    await visitor.close();
  }, 90_000);

  it('shows another vendor’s ticket as not found, with none of its content in the page or what it received', async () => {
    const secret = {
      subject: 'Andes confidential refund 7731',
      name: 'Bartholomew Quist',
      text: 'My card ending 4417 was charged twice for order ZX-99',
    };
    await sendMail(smtp.port, {
      from: { name: secret.name, address: 'b.quist@customer.test' },
      to: SUPPORT_B,
      subject: secret.subject,
      text: secret.text,
    });
    const ticketB = await waitFor(() =>
      withSystem(t.database.db, (tx) =>
        tx
          .selectFrom('tickets')
          .select(['id', 'vendor_id'])
          .where('subject', '=', secret.subject)
          .executeTakeFirst(),
      ),
    );
    expect(ticketB.vendor_id).toBe(vendorB);

    await page.goto(`${base}/tickets/${ticketB.id}`);
    await page.getByRole('heading', { name: 'Ticket not found' }).waitFor();
    await page.waitForLoadState('networkidle');
    // The inbox too: every view the agent has.
    for (const view of ['mine', 'team', 'unassigned', 'all']) {
      await page.goto(`${base}/tickets?view=${view}`);
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    await page.goto(`${base}/tickets/${ticketB.id}`);
    await page.getByRole('heading', { name: 'Ticket not found' }).waitFor();
    const html = await page.content();
    const bodies = await received.settle();
    // The collector saw the app, the API and the realtime socket (so the check below is not vacuous).
    expect(bodies.some((b) => b.url.includes('/api/v1/tickets/') && b.status === 404)).toBe(true);
    expect(bodies.some((b) => b.body.includes('My order never arrived'))).toBe(true);
    for (const value of [secret.subject, secret.name, 'ZX-99', '4417', 'b.quist@customer.test']) {
      expect(html).not.toContain(value);
      expect(bodies.filter((b) => b.body.includes(value)).map((b) => b.url)).toEqual([]);
    }
    // The ticket's number is not shown either.
    const number = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('tickets').select('number').where('id', '=', ticketB.id).executeTakeFirstOrThrow(),
    );
    expect(await page.getByText(`#${number.number}`, { exact: true }).count()).toBe(0);
    await context.close();
  }, 90_000);
});
