import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { withSystem } from '../../../platform/db/transaction.js';

/**
 * The widget as a visitor uses it, in Debian's Chromium: pre-chat form, an agent's reply, a page
 * reload, and a network drop with a message written while offline. CI installs chromium; elsewhere
 * these tests are skipped with a note when no browser binary exists.
 */

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('widget browser tests skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;
let slug: string;
let brand: TestUser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  const widget = fileURLToPath(new URL('../../../../../widget/build.mjs', import.meta.url));
  await promisify(execFile)(process.execPath, [widget]);
  t = await startTestApp({ TANDEM_CHAT_WAIT_SECONDS: '600' });
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
  const agent = await t.make.user('agent', (await t.make.vendor()).id);
  await withSystem(t.database.db, (tx) =>
    tx
      .insertInto('agent_capacities')
      .values({ user_id: agent.userId, channel: 'chat', max_concurrent: 3 })
      .execute(),
  );
  await call(t.app, 'PUT', '/api/v1/presence', { token: agent.token, body: { status: 'online' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const reply = (ticketId: string, text: string) =>
  call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
    token: brand.token,
    body: { body_text: text, visibility: 'public' },
  });

describe.skipIf(!CHROMIUM)('chat widget in Chromium', () => {
  it('chats with an agent, survives a reload and a network drop without losing or doubling a message', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${base}/widget/demo?org=${slug}`);

    // Pre-chat form.
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.click();
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Name').fill('Vera Visitor');
    await page.getByLabel('How can we help?').fill('Where is my parcel?');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('.msg.visitor[data-state="sent"]', { hasText: 'Where is my parcel?' }).waitFor();

    // The agent finds the chat through the API and answers; markup arrives as text, never as markup.
    const list = await call(t.app, 'GET', '/api/v1/tickets?channel=chat', { token: brand.token });
    expect(list.body.items).toHaveLength(1);
    const ticketId: string = list.body.items[0].id;
    expect(list.body.items[0]).toMatchObject({ subject: 'Where is my parcel?', language: 'en' });
    const typing = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/typing`, {
      token: brand.token,
      body: {},
    });
    expect(typing.status).toBe(204);
    await page.getByText(/is typing…$/).waitFor();
    const hostile = '<img src=x onerror="window.__xss=1">It ships today';
    await reply(ticketId, hostile);
    const agentText = page.locator('.msg.agent .text', { hasText: 'It ships today' });
    await agentText.waitFor();
    expect(await agentText.textContent()).toBe(hostile);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await page.locator('.msg.agent img').count()).toBe(0);

    // A reload keeps the visitor and the conversation (from the server, by the stored token).
    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await page.locator('.msg.agent', { hasText: 'It ships today' }).waitFor();
    expect(await page.locator('.msg.visitor', { hasText: 'Where is my parcel?' }).count()).toBe(1);
    await expect.poll(() => page.getByLabel('Message', { exact: true }).isVisible()).toBe(true);

    // The network drops; the visitor writes anyway, the agent answers meanwhile; then it comes back.
    await context.setOffline(true);
    await page.getByText(/^Offline/).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('Sent while offline');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await page.locator('.msg.visitor[data-state="pending"]', { hasText: 'Sent while offline' }).waitFor();
    await reply(ticketId, 'Answered while you were away');
    await context.setOffline(false);
    await page.locator('.msg.visitor[data-state="sent"]', { hasText: 'Sent while offline' }).waitFor();
    await page.locator('.msg.agent', { hasText: 'Answered while you were away' }).waitFor();

    const shown = await page.locator('.msg .text').allTextContents();
    // The answer was stored first (the visitor's message waited for the network), and is shown first.
    expect(shown).toEqual([
      'Where is my parcel?',
      hostile,
      'Answered while you were away',
      'Sent while offline',
    ]);
    const stored = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('messages')
        .select('body_text')
        .where('ticket_id', '=', ticketId)
        .orderBy('chat_seq')
        .execute(),
    );
    expect(stored.map((m) => m.body_text)).toEqual(shown);
    await context.close();
  });
});
