import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { ensureWebBuilt } from './build.js';

/**
 * The governance cockpit's configuration screens in Debian's Chromium against the built web app: a
 * brand admin creates an SLA policy with targets in hours and days (the API returns them in
 * minutes), a bad target shows its error at the field and saves nothing, a calendar gets two
 * holidays from an .ics file, and a vendor gets a contract target shown beside this month's
 * attainment. A vendor admin is offered neither SLA screen (only
 * its own vendor's calendars, as the API allows). axe-core finds nothing serious.
 */

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM)
  console.warn('service-level browser tests skipped: no chromium binary (apt-get install chromium)');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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

/** bypassCSP so axe-core can be injected: the console's CSP (rightly) refuses inline script. */
async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1400, height: 900 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').waitFor();
  return page;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** axe-core in the page: serious and critical violations, as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<any> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as {
      id: string;
      impact: string;
      nodes: { target: string[]; any: { message: string }[] }[];
    }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.any[0]?.message ?? ''}`),
    );
}

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Tandem test//EN',
  'BEGIN:VEVENT',
  'UID:constitution@test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20270605',
  'SUMMARY:Constitution Day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:christmas@test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20271225',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:Christmas Day',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe.skipIf(!CHROMIUM)('the service-level screens in Chromium', () => {
  it('a brand admin creates an SLA policy in hours and days; a bad target is named at its field and not saved', async () => {
    const page = await signIn(brand.email);
    await nav(page).getByRole('link', { name: 'SLA policies', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'SLA policies' }).waitFor();
    await page.getByTestId('empty-state').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A bad value: 0 minutes. The schema's words land beside the field; nothing is sent.
    await page.getByRole('button', { name: 'New SLA policy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Too fast');
    await dialog.getByLabel('Time (target 1)').fill('0');
    await dialog.getByRole('button', { name: 'Save policy' }).click();
    const time = dialog.getByLabel('Time (target 1)');
    await expect.poll(() => time.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await time.getAttribute('aria-describedby'))
      ?.split(' ')
      .find((id) => id.endsWith('-error'));
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('At least 1');
    expect((await call(t.app, 'GET', '/api/v1/sla-policies', { token: brand.token })).body.items).toEqual([]);

    // Fixed: first reply within 4 hours; a second target, resolution within 2 business days.
    await dialog.getByLabel('Name').fill('Gold customers');
    await time.fill('4');
    await dialog.getByLabel('Unit (target 1)').selectOption('hours');
    await dialog.getByRole('button', { name: 'Add target' }).click();
    await dialog.getByLabel('Time (target 2)').fill('2');
    await dialog.getByLabel('Priority (target 2)').selectOption('high');
    await dialog.getByLabel('Business hours (target 2)').check();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/sla-policies') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Save policy' }).click();
    expect((await saved).status()).toBe(201);
    await dialog.waitFor({ state: 'detached' });

    const policies = (await call(t.app, 'GET', '/api/v1/sla-policies', { token: brand.token })).body.items;
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({
      name: 'Gold customers',
      active: true,
      warn_percent: 75,
      targets: [
        { metric: 'first_reply', priority: 'normal', minutes: 240, business: false },
        { metric: 'full_resolution', priority: 'high', minutes: 2880, business: true },
      ],
    });
    await expect
      .poll(() => page.getByTestId('policy-target').allTextContents())
      .toEqual(['First reply, normal: 4 h', 'Resolution, high: 2 d (business hours)']);
    expect(await seriousViolations(page)).toEqual([]);

    // An edit sends only what changed.
    await page.getByRole('button', { name: 'Edit Gold customers' }).click();
    await dialog.getByLabel('Name').fill('Gold tier');
    const patched = page.waitForRequest(
      (r) => r.url().includes('/api/v1/sla-policies/') && r.method() === 'PATCH',
    );
    await dialog.getByRole('button', { name: 'Save policy' }).click();
    expect((await patched).postDataJSON()).toEqual({ name: 'Gold tier' });
    await page.getByRole('button', { name: 'Edit Gold tier' }).waitFor();
    await page.context().close();
  }, 120_000);

  it('a brand admin makes a calendar and imports two holidays from an .ics file', async () => {
    const page = await signIn(brand.email);
    await nav(page).getByRole('link', { name: 'Business calendars', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Business calendars' }).waitFor();
    await page.getByRole('button', { name: 'New calendar' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Copenhagen office');
    await dialog.getByLabel('Time zone').fill('Europe/Copenhagen');
    // A day that is not a range is named at its weekday.
    await dialog.getByLabel('Saturday').fill('10-14');
    await dialog.getByRole('button', { name: 'Save calendar' }).click();
    await dialog.getByText('10 is not a time between 00:00 and 23:59').waitFor();
    await dialog.getByLabel('Saturday').fill('10:00-14:00');
    await dialog.getByRole('button', { name: 'Save calendar' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('calendar-row').filter({ hasText: 'Copenhagen office' });
    await expect.poll(() => row.textContent()).toContain('Mon–Fri 09:00-17:00; Sat 10:00-14:00');
    const calendars = (await call(t.app, 'GET', '/api/v1/calendars', { token: brand.token })).body.items;
    const calendar = calendars.find((c: { name: string }) => c.name === 'Copenhagen office');
    expect(calendar.weekly_hours.sat).toEqual([{ start: '10:00', end: '14:00' }]);

    await page.getByRole('button', { name: 'Holidays: Copenhagen office' }).click();
    await page.getByTestId('holidays-panel').getByTestId('empty-state').waitFor();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ICS) });
    await page.getByRole('button', { name: 'Import holidays' }).click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toBe('Imported 2 holidays.');
    await expect
      .poll(() => page.getByTestId('holiday-row').allTextContents())
      .toEqual(['2027-06-05Constitution DayonceDelete', '12-25Christmas Dayevery yearDelete']);
    const holidays = (
      await call(t.app, 'GET', `/api/v1/calendars/${calendar.id}/holidays`, { token: brand.token })
    ).body.items;
    expect(
      holidays.map((h: { name: string; date: string; yearly: boolean }) => [h.name, h.date, h.yearly]).sort(),
    ).toEqual([
      ['Christmas Day', '2027-12-25', true],
      ['Constitution Day', '2027-06-05', false],
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    // Not a calendar file: the words say so, and nothing is added.
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'notes.ics', mimeType: 'text/calendar', buffer: Buffer.from('hello') });
    await page.getByRole('button', { name: 'Import holidays' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not imported' }).waitFor();
    expect(await page.getByTestId('holiday-row').count()).toBe(2);
    await page.context().close();
  }, 120_000);

  it('a brand admin sets a contract target for a vendor and sees this month’s attainment beside it', async () => {
    const vendor = await t.make.vendor({ name: 'Manila Partners' });
    const page = await signIn(brand.email);
    await nav(page).getByRole('link', { name: 'Contract targets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Contract service-level targets' }).waitFor();
    await page.getByRole('button', { name: 'New target' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Vendor').selectOption({ label: 'Manila Partners' });
    await dialog.getByLabel('Name').fill('Chats answered in 30 s');
    await dialog.getByLabel('Channel').selectOption('chat');
    await dialog.getByLabel('Within').fill('30');
    await dialog.getByLabel('Target (%)').fill('80');
    await dialog.getByRole('button', { name: 'Save target' }).click();
    await dialog.waitFor({ state: 'detached' });

    const targets = (await call(t.app, 'GET', '/api/v1/service-level-targets', { token: brand.token })).body
      .items;
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      vendor_id: vendor.id,
      name: 'Chats answered in 30 s',
      measure: 'first_reply',
      threshold_seconds: 30,
      target_percent: 80,
      channel: 'chat',
      variant: 1,
    });
    const row = page.locator(`tr[data-target="${targets[0].id}"]`);
    await expect
      .poll(() => row.getByTestId('target-promise').textContent())
      .toBe('80 % answered within 30 s');
    await expect.poll(() => row.getByTestId('verdict').textContent()).toBe('no contacts yet');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('a vendor admin is offered no SLA screens and the pages say no access', async () => {
    const vendor = await t.make.vendor({ name: 'Vendor Without SLAs' });
    const admin = await t.make.user('vendor_admin', vendor.id);
    const page = await signIn(admin.email);
    await nav(page).getByRole('link').first().waitFor();
    for (const name of ['SLA policies', 'Contract targets'])
      expect(await nav(page).getByRole('link', { name, exact: true }).count(), name).toBe(0);
    // Calendars are the exception the API makes: a vendor admin manages its own vendor's.
    expect(await nav(page).getByRole('link', { name: 'Business calendars', exact: true }).count()).toBe(1);
    for (const [path, button] of [
      ['/sla-policies', 'New SLA policy'],
      ['/service-level-targets', 'New target'],
    ]) {
      await page.goto(`${base}${path}`);
      await page.getByTestId('no-access').waitFor();
      expect(await page.getByRole('button', { name: button }).count(), path).toBe(0);
    }
    await page.context().close();
    // Refused by the API as well, with bodies that are otherwise valid.
    const policy = {
      name: 'Mine',
      position: 0,
      targets: [{ metric: 'first_reply', priority: 'normal', minutes: 60, business: false }],
    };
    const target = {
      vendor_id: vendor.id,
      name: 'Mine',
      measure: 'first_reply',
      threshold_seconds: 30,
      target_percent: 80,
      variant: 1,
    };
    for (const [url, body] of [
      ['/api/v1/sla-policies', policy],
      ['/api/v1/service-level-targets', target],
    ] as const) {
      const res = await call(t.app, 'POST', url, { token: admin.token, body });
      expect(res.status, url).toBe(403);
    }
  }, 120_000);
});
