import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { makeAgent, pumpRouting } from '../../../test/routing.js';
import { withSystem } from '../../platform/db/transaction.js';
import { ensureWebBuilt } from './build.js';

/**
 * The routing screen in Debian's Chromium against the built web app: a brand admin changes a
 * queue's vendor shares from 60/30/10 to 50/40/10 on the screen, the next 200 contacts are routed
 * within ±2 points of the new shares, and the screen's actual-share column shows them after a
 * reload. A vendor admin is offered no routing screen and the API refuses it.
 */

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('routing browser tests skipped: no chromium binary (apt-get install chromium)');

let t: TestContext;
let browser: Browser;
let base: string;
let brand: TestUser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  await ensureWebBuilt();
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  brand = await t.make.user('brand_admin');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').waitFor();
  return page;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe.skipIf(!CHROMIUM)('the routing screen in Chromium', () => {
  it('a brand admin changes shares 60/30/10 → 50/40/10 on the screen; the next 200 contacts follow them', async () => {
    const names = ['Manila Partners', 'Lisbon Partners', 'Bogotá In-house'];
    const vendors: { id: string; name: string }[] = [];
    for (const name of names) {
      const vendor = await t.make.vendor({ name });
      const site = await t.make.site(vendor.id, { name: `${name} site` });
      // Capacity for every contact of the test, so none waits and shares are the allocator's alone.
      for (let i = 0; i < 2; i++) await makeAgent(t, vendor.id, site.id, { capacity: { email: 100 } });
      vendors.push({ id: vendor.id, name });
    }
    const queue = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Orders' },
    });
    expect(queue.status).toBe(201);
    const queueId = queue.body.id as string;
    const rule = await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: brand.token,
      body: { position: 0, name: 'Everything', queue_id: queueId },
    });
    expect(rule.status).toBe(201);
    const initial = await call(t.app, 'PUT', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: brand.token,
      body: {
        allocations: vendors.map((v, i) => ({ vendor_id: v.id, share: [60, 30, 10][i] })),
      },
    });
    expect(initial.status).toBe(200);

    const page = await signIn(brand.email);
    await nav(page).getByRole('link', { name: 'Routing', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
    await page.getByRole('button', { name: 'Vendor shares: Orders' }).click();
    const share = (name: string) => page.getByRole('textbox', { name: `Target share: ${name}` });
    expect(await share(names[0]!).inputValue()).toBe('60');
    // Off by ten: the editor says so in words.
    await share(names[0]!).fill('50');
    await expect
      .poll(() => page.getByTestId('shares-total').textContent())
      .toBe('The shares add up to 90 %; they must add up to 100 % (10 short).');
    await share(names[1]!).fill('40');
    await expect.poll(() => page.getByTestId('shares-total').textContent()).toBe('Total 100 %');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/allocations') && r.request().method() === 'PUT' && r.status() === 200,
    );
    await page.getByRole('button', { name: 'Save shares' }).click();
    await saved;
    const stored = await call(t.app, 'GET', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: brand.token,
    });
    expect(
      Object.fromEntries(
        stored.body.allocations.map((a: { vendor_id: string; target_share: number }) => [
          a.vendor_id,
          a.target_share,
        ]),
      ),
    ).toEqual({ [vendors[0]!.id]: 50, [vendors[1]!.id]: 40, [vendors[2]!.id]: 10 });

    // The rule box on the same screen: an email contact lands in Orders by the catch-all rule.
    await page.getByRole('button', { name: 'Try the rules' }).click();
    await expect
      .poll(() => page.getByTestId('rule-test-result').textContent())
      .toBe('Queue “Orders”, by rule “Everything” (position 0).');

    // The next 200 contacts, opened through the API and routed as the worker routes them.
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await call(t.app, 'POST', '/api/v1/tickets', {
        token: brand.token,
        body: {
          subject: `Order ${i}`,
          channel: 'email',
          customer: { email: `c${i}@routing-screen.test` },
          message: { body_text: 'Where is my order?' },
        },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await pumpRouting(t);
    const rows = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('tickets').select(['id', 'vendor_id']).where('id', 'in', ids).execute(),
    );
    const counts = new Map<string | null, number>();
    for (const row of rows) counts.set(row.vendor_id, (counts.get(row.vendor_id) ?? 0) + 1);
    expect(counts.get(null) ?? 0).toBe(0);
    [50, 40, 10].forEach((target, i) => {
      const percent = ((counts.get(vendors[i]!.id) ?? 0) / 200) * 100;
      expect(Math.abs(percent - target), `${names[i]}: ${percent} % of 200`).toBeLessThanOrEqual(2);
    });

    // After a reload the actual-share column shows the shares those contacts reached.
    const figures = await call(t.app, 'GET', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: brand.token,
    });
    expect(figures.body.window).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'Vendor shares: Orders' }).click();
    for (const [i, target] of [50, 40, 10].entries()) {
      const line = figures.body.allocations.find(
        (a: { vendor_id: string }) => a.vendor_id === vendors[i]!.id,
      );
      expect(Math.abs(line.actual_share - target)).toBeLessThanOrEqual(2);
      const cell = page.locator(`tr[data-vendor="${vendors[i]!.id}"] [data-testid="actual-share"]`);
      await expect
        .poll(() => cell.textContent())
        .toBe(`${line.actual_share} % (${line.window_count} of 200)`);
    }
    await page.context().close();
  }, 180_000);

  it('a vendor admin has no routing screen, and the API refuses it', async () => {
    const vendor = await t.make.vendor({ name: 'Vendor Without Routing' });
    const admin = await t.make.user('vendor_admin', vendor.id);
    const page = await signIn(admin.email);
    await nav(page).getByRole('link').first().waitFor();
    expect(await nav(page).getByRole('link', { name: 'Routing', exact: true }).count()).toBe(0);
    // Typed in by hand, the address shows no routing configuration either.
    await page.goto(`${base}/routing`);
    await page.getByTestId('no-access').waitFor();
    expect(await page.getByRole('button', { name: 'New queue' }).count()).toBe(0);
    await page.context().close();

    for (const [method, url, body] of [
      ['GET', '/api/v1/routing/rules', undefined],
      ['POST', '/api/v1/routing/rules/test', { channel: 'email' }],
      ['POST', '/api/v1/routing/queues', { name: 'Mine' }],
    ] as const) {
      const res = await call(t.app, method, url, { token: admin.token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${url}`).toBe(403);
    }
  }, 120_000);
});
