import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { addDays, dayOf } from './contract-dates.js';
import { sendContractReminders } from './contract-reminders.js';

let t: TestContext;
let admin: TestUser;
let admin2: TestUser;
let analyst: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let vendorA: string;
let vendorB: string;

// Any fixed instant works: every date below is built from it, never from the clock.
const NOW = new Date('2031-03-10T23:45:00Z');
const TODAY = dayOf(NOW);

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const post = (who: TestUser, url: string, body: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body });
const patch = (who: TestUser, url: string, body: unknown) =>
  call(t.app, 'PATCH', `/api/v1${url}`, { token: who.token, body });

const version = { effective_from: '2026-01-01', currency: 'EUR', lines: [] };

async function create(vendorId: string, name: string, dates: Record<string, unknown> = {}) {
  const res = await post(admin, '/billing/contracts', { vendor_id: vendorId, name, version, ...dates });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  admin2 = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
});
afterAll(() => t.close());

describe('contract notice and renewal dates', () => {
  it('creates a contract with dates and shows the notice deadline and next reminder', async () => {
    // Far enough ahead that the clock's today never reaches these reminders.
    const c = await create(vendorA, 'Dated', {
      term_ends_on: '2099-12-31',
      notice_days: 90,
      auto_renews: true,
      renewal_term_months: 12,
    });
    expect(c).toMatchObject({
      term_ends_on: '2099-12-31',
      notice_days: 90,
      auto_renews: true,
      renewal_term_months: 12,
      current_term_ends_on: '2099-12-31',
      notice_deadline: '2099-10-02',
      next_reminder: { kind: 'notice_30', due_on: '2099-09-02' },
    });
    const plain = await create(vendorA, 'Undated');
    expect(plain).toMatchObject({
      term_ends_on: null,
      notice_days: null,
      auto_renews: false,
      renewal_term_months: null,
      notice_deadline: null,
      next_reminder: null,
    });
  });

  it('PATCH changes only the fields named', async () => {
    const c = await create(vendorA, 'Patched', {
      term_ends_on: '2099-06-30',
      notice_days: 60,
      auto_renews: true,
      renewal_term_months: 24,
    });
    const res = await patch(admin, `/billing/contracts/${c.id}`, { notice_days: 0 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Patched',
      term_ends_on: '2099-06-30',
      notice_days: 0,
      auto_renews: true,
      renewal_term_months: 24,
      notice_deadline: '2099-06-30',
    });
    expect(res.body.versions).toHaveLength(1);
    const off = await patch(admin, `/billing/contracts/${c.id}`, {
      auto_renews: false,
      renewal_term_months: null,
    });
    expect(off.body).toMatchObject({ term_ends_on: '2099-06-30', notice_days: 0, auto_renews: false });
    expect((await get(admin, `/billing/contracts/${c.id}`)).body.renewal_term_months).toBeNull();
    const audit = await t.database.pool.query(
      "select details from audit_log where object_id = $1 and action = 'contract.dates_changed' order by seq",
      [c.id],
    );
    expect(audit.rows[0].details).toEqual({ notice_days: { from: 60, to: 0 } });
  });

  it('names the field of bad input', async () => {
    const c = await create(vendorA, 'Bad input');
    const bad: [Record<string, unknown>, string][] = [
      [{ notice_days: -1 }, 'body.notice_days'],
      [{ notice_days: 1.5 }, 'body.notice_days'],
      [{ renewal_term_months: 0 }, 'body.renewal_term_months'],
      [{ renewal_term_months: 121 }, 'body.renewal_term_months'],
      [{ term_ends_on: '2027-02-29' }, 'body.term_ends_on'],
      [{ term_ends_on: '2027-13-01' }, 'body.term_ends_on'],
    ];
    for (const [body, path] of bad) {
      const res = await patch(admin, `/billing/contracts/${c.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].path).toBe(path);
    }
    // Auto-renewal without a renewal term: on the contract as it would be after the change.
    const renew = await patch(admin, `/billing/contracts/${c.id}`, { auto_renews: true });
    expect(renew.status).toBe(422);
    expect(renew.body.errors[0].path).toBe('body.renewal_term_months');
    const created = await post(admin, '/billing/contracts', {
      vendor_id: vendorA,
      name: 'Renews without term',
      version,
      auto_renews: true,
    });
    expect(created.status).toBe(422);
    expect(created.body.errors[0].path).toBe('body.renewal_term_months');
    const dated = await post(admin, '/billing/contracts', {
      vendor_id: vendorA,
      name: 'Bad day',
      version,
      term_ends_on: '2026-04-31',
    });
    expect(dated.status).toBe(400);
    expect(dated.body.errors[0].path).toBe('body.term_ends_on');
    // Nothing changed.
    expect((await get(admin, `/billing/contracts/${c.id}`)).body).toMatchObject({
      term_ends_on: null,
      auto_renews: false,
    });
  });

  it('lets only billing managers change dates, and scopes vendors to their own contracts', async () => {
    const c = await create(vendorA, 'Scoped', { term_ends_on: '2099-01-31', notice_days: 30 });
    expect((await patch(adminA, `/billing/contracts/${c.id}`, { notice_days: 1 })).status).toBe(403);
    expect((await patch(analyst, `/billing/contracts/${c.id}`, { notice_days: 1 })).status).toBe(403);
    const own = await get(adminA, `/billing/contracts/${c.id}`);
    expect(own.body).toMatchObject({ term_ends_on: '2099-01-31', notice_deadline: '2099-01-01' });
    expect((await get(adminB, `/billing/contracts/${c.id}`)).status).toBe(404);
    expect((await patch(adminB, `/billing/contracts/${c.id}`, { notice_days: 1 })).status).toBe(403);
    const list = await get(adminB, '/billing/contracts');
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });

  it('the daily job sends each reminder once to the brand’s billing managers', async () => {
    // Notice deadline in 30 days (term end in 37, 7 days' notice), and a term ending today.
    const notice = await create(vendorB, 'Notice soon', { term_ends_on: addDays(TODAY, 37), notice_days: 7 });
    const ending = await create(vendorB, 'Ends today', {
      term_ends_on: TODAY,
      notice_days: 60,
      auto_renews: true,
      renewal_term_months: 12,
    });
    // Not due today nor tomorrow: deadline in 32 days.
    await create(vendorB, 'Not yet', { term_ends_on: addDays(TODAY, 39), notice_days: 7 });

    expect(await sendContractReminders(t.database.db, NOW)).toEqual({ sent: 2 });
    expect(await sendContractReminders(t.database.db, NOW)).toEqual({ sent: 0 });
    // The next day catches up on nothing already sent.
    expect(await sendContractReminders(t.database.db, new Date(NOW.getTime() + 86_400_000))).toEqual({
      sent: 0,
    });

    for (const who of [admin, admin2]) {
      const mine = (await get(who, '/notifications?limit=50')).body.items.filter((n: { kind: string }) =>
        n.kind.startsWith('contract.'),
      );
      expect(
        mine.map((n: { kind: string; data: { contract_id: string } }) => [n.kind, n.data.contract_id]).sort(),
      ).toEqual(
        [
          ['contract.notice_30', notice.id],
          ['contract.term_end', ending.id],
        ].sort(),
      );
      expect(mine.find((n: { kind: string }) => n.kind === 'contract.notice_30').title).toContain(
        `notice deadline in 30 days, ${addDays(TODAY, 30)}`,
      );
    }
    for (const who of [analyst, adminA, adminB])
      expect(
        (await get(who, '/notifications')).body.items.filter((n: { kind: string }) =>
          n.kind.startsWith('contract.'),
        ),
      ).toEqual([]);

    const audit = await t.database.pool.query(
      "select object_id, details->>'reminder' as reminder from audit_log where action = 'contract.reminder_sent' order by seq",
    );
    expect(
      audit.rows.map((r: { object_id: string; reminder: string }) => [r.object_id, r.reminder]).sort(),
    ).toEqual(
      [
        [notice.id, 'notice_30'],
        [ending.id, 'term_end'],
      ].sort(),
    );
    // One record per reminder sent.
    const sent = await t.database.pool.query(
      'select kind, due_on::text from contract_reminders order by kind',
    );
    expect(sent.rows).toEqual([
      { kind: 'notice_30', due_on: TODAY },
      { kind: 'term_end', due_on: TODAY },
    ]);
  });
});
