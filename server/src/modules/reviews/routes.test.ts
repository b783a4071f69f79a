import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { mailReviewPacks, previousMonth } from './jobs/mail-review-packs.js';
import { gatherPack } from './service.js';

let t: TestContext;
let vendorA: string;
let vendorB: string;
let agentA: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let brandAdmin: TestUser;
let analyst: TestUser;
// The month of the data the test makes: read from the tickets' own created_at, not the wall clock.
let month: string;

const drain = async () => {
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
};
const has = (bin: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const POPPLER = has('pdftotext') && has('pdftoppm');

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor({ name: 'Acme Contact' })).id;
  vendorB = (await t.make.vendor()).id;
  agentA = await t.make.user('agent', vendorA);
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  brandAdmin = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
  // Every ticket is to be resolved within 10 hours, so solving them decides SLA timers (met).
  const policy = await call(t.app, 'POST', '/api/v1/sla-policies', {
    token: brandAdmin.token,
    body: {
      name: 'Everything',
      position: 1,
      targets: [{ metric: 'full_resolution', priority: 'normal', minutes: 600, business: false }],
    },
  });
  expect(policy.status).toBe(201);
  const customer = await t.make.customer();
  const tickets = [
    await t.make.ticket(customer, vendorA, { conversation: true }),
    await t.make.ticket(customer, vendorA, { conversation: true }),
    await t.make.ticket(customer, vendorA, { conversation: true }),
  ];
  const tags = [['billing', 'refund'], ['billing'], ['login']];
  for (const [i, id] of tickets.entries()) {
    const res = await call(t.app, 'PATCH', `/api/v1/tickets/${id}`, {
      token: agentA.token,
      body: { status: 'solved', tags: tags[i] },
    });
    expect(res.status).toBe(200);
  }
  const created = await withSystem(t.database.db, (tx) =>
    tx.selectFrom('tickets').select('created_at').where('id', '=', tickets[0]!).executeTakeFirstOrThrow(),
  );
  month = new Date(created.created_at).toISOString().slice(0, 7);
  const target = await call(t.app, 'POST', '/api/v1/service-level-targets', {
    token: brandAdmin.token,
    body: {
      vendor_id: vendorA,
      name: 'Resolved within a day',
      measure: 'resolution',
      threshold_seconds: 86_400,
      target_percent: 90,
      variant: 1,
    },
  });
  expect(target.status).toBe(201);
  await drain();
});
afterAll(() => t.close());

const kpisOf = (token: string) =>
  call(
    t.app,
    'GET',
    `/api/v1/analytics/kpis?from=${month}-01&to=${nextMonth(month)}-01&tz=UTC&vendor_id=${vendorA}`,
    { token },
  );
const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

describe('business review comments', () => {
  it('the brand writes, replacing the text; the vendor reads its own; a vendor user may not write', async () => {
    const url = `/api/v1/vendors/${vendorA}/business-reviews/${month}/comments`;
    const first = await call(t.app, 'PUT', url, { token: brandAdmin.token, body: { text: 'First draft' } });
    expect(first.status).toBe(200);
    const put = await call(t.app, 'PUT', url, {
      token: brandAdmin.token,
      body: { text: 'Great month for refunds, keep FCR up' },
    });
    expect(put.body).toMatchObject({
      vendor_id: vendorA,
      month,
      text: 'Great month for refunds, keep FCR up',
    });
    const read = await call(t.app, 'GET', url, { token: adminA.token });
    expect(read.status).toBe(200);
    expect(read.body.text).toBe('Great month for refunds, keep FCR up');
    const byVendor = await call(t.app, 'PUT', url, { token: adminA.token, body: { text: 'Self-praise' } });
    expect(byVendor.status).toBe(403);
    const otherVendor = await call(t.app, 'GET', url, { token: adminB.token });
    expect(otherVendor.status).toBe(404);
    const tooLong = await call(t.app, 'PUT', url, {
      token: brandAdmin.token,
      body: { text: 'x'.repeat(10_001) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].path).toBe('body.text');
  });
});

describe('business review pack (PDF)', () => {
  it('is a PDF download for the vendor and the brand', async () => {
    for (const token of [adminA.token, analyst.token]) {
      const res = await call(t.app, 'GET', `/api/v1/vendors/${vendorA}/business-reviews/${month}.pdf`, {
        token,
      });
      expect(res.status).toBe(200);
      expect(res.response.headers['content-type']).toBe('application/pdf');
      expect(res.response.headers['content-disposition']).toBe(
        `attachment; filename="business-review-Acme-Contact-${month}.pdf"`,
      );
      expect(res.response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('refuses another vendor’s pack (404, no PDF), a bad month naming the field, and no session', async () => {
    const other = await call(t.app, 'GET', `/api/v1/vendors/${vendorB}/business-reviews/${month}.pdf`, {
      token: adminA.token,
    });
    expect(other.status).toBe(404);
    expect(other.response.headers['content-type']).not.toContain('application/pdf');
    expect(other.response.rawPayload.includes('%PDF')).toBe(false);
    const bad = await call(t.app, 'GET', `/api/v1/vendors/${vendorA}/business-reviews/2026-13.pdf`, {
      token: adminA.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.month');
    const anonymous = await call(t.app, 'GET', `/api/v1/vendors/${vendorA}/business-reviews/${month}.pdf`);
    expect(anonymous.status).toBe(401);
  });

  it.skipIf(!POPPLER)(
    'prints the contacts and SLA figures of /analytics/kpis and the comment; page 1 renders (needs poppler-utils: pdftotext, pdftoppm)',
    async () => {
      const res = await call(t.app, 'GET', `/api/v1/vendors/${vendorA}/business-reviews/${month}.pdf`, {
        token: adminA.token,
      });
      const api = await kpisOf(adminA.token);
      expect(api.status).toBe(200);
      const dir = mkdtempSync(join(tmpdir(), 'mbr-'));
      try {
        const pdf = join(dir, 'pack.pdf');
        writeFileSync(pdf, res.response.rawPayload);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
        expect(api.body.total.contacts).toBeGreaterThan(0);
        expect(api.body.total_sla_attainment.denominator).toBeGreaterThan(0);
        expect(text).toContain(`Contacts: ${api.body.total.contacts}`);
        const sla = api.body.total_sla_attainment;
        const slaValue = sla.value === null ? 'n/a' : `${(sla.value * 100).toFixed(1)}%`;
        expect(text).toMatch(
          new RegExp(
            `SLA met\\s+${slaValue.replace('.', '\\.')}\\s+${sla.numerator}\\s*/\\s*${sla.denominator}`,
          ),
        );
        const levels = await call(
          t.app,
          'GET',
          `/api/v1/service-levels/attainment?month=${month}&vendor_id=${vendorA}`,
          {
            token: adminA.token,
          },
        );
        const level = levels.body.items[0];
        expect(text).toMatch(
          new RegExp(
            `Resolved within a day\\s+90%\\s+${level.actual_percent === null ? 'n/a' : `${level.actual_percent}%`}`,
          ),
        );
        expect(text).toContain('Great month for refunds, keep FCR up');
        expect(text).toMatch(/billing\s+2/);
        execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
        const png = readFileSync(join(dir, 'page-1.png'));
        expect(png.length).toBeGreaterThan(100);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('gathering the pack', () => {
  it('copies the analytics API’s figures for the month, and the weekly trend adds up to them', async () => {
    const api = (await kpisOf(analyst.token)).body;
    const trend = (
      await call(
        t.app,
        'GET',
        `/api/v1/analytics/kpis/trend?from=${month}-01&to=${nextMonth(month)}-01&tz=UTC&interval=week&vendor_id=${vendorA}`,
        { token: analyst.token },
      )
    ).body;
    const actor = analyst;
    const pack = await withActor(t.database.db, actor, (tx) =>
      gatherPack(tx, actor, { vendorId: vendorA, month, tz: 'UTC' }, new Date(`${month}-15T12:00:00Z`)),
    );
    expect(pack.contacts).toBe(api.total.contacts);
    const line = (key: string) => pack.scorecard.find((l) => l.key === key)!.figure;
    for (const key of [
      'first_response_time',
      'resolution_time_last_solve',
      'aht',
      'fcr',
      'reopen_rate',
      'csat',
      'nps',
      'ces',
    ]) {
      const { value, numerator, denominator } = api.total[key];
      expect(line(key), key).toMatchObject({ value, numerator, denominator });
    }
    expect(line('sla_attainment')).toEqual(api.total_sla_attainment);
    expect(pack.weeks.map((w) => w.contacts)).toEqual(
      trend.buckets.map((b: { kpis: { contacts: number } }) => b.kpis.contacts),
    );
    expect(pack.weeks.reduce((n, w) => n + w.contacts, 0)).toBe(api.total.contacts);
    expect(pack.topReasons).toEqual([
      { tag: 'billing', count: 2 },
      { tag: 'login', count: 1 },
      { tag: 'refund', count: 1 },
    ]);
    expect(pack.comments).toBe('Great month for refunds, keep FCR up');
    expect(pack.generatedAt).toBe(`${month}-15T12:00:00.000Z`);
  });
});

describe('monthly mailing of the packs', () => {
  const run = (m: string) =>
    mailReviewPacks.handler(
      { month: m },
      { database: t.database, logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }), config: t.config },
    );
  const mailsTo = (email: string) =>
    withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('captured_mail')
        .select(['subject', 'raw', 'ticket_id'])
        .where('mail_to', '=', email)
        .execute(),
    );

  it('mails each vendor admin its own vendor’s pack as a PDF attachment, once however often it runs', async () => {
    await run(month);
    const mails = await mailsTo(adminA.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Monthly business review ${month}: Acme Contact`);
    expect(mails[0]!.ticket_id).toBeNull();
    expect(mails[0]!.raw).toContain('Content-Type: application/pdf');
    expect(mails[0]!.raw).toContain(`business-review-Acme-Contact-${month}.pdf`);
    expect(await mailsTo(adminB.email)).toHaveLength(1);
    expect((await mailsTo(adminB.email))[0]!.subject).not.toContain('Acme');
    await run(month);
    expect(await mailsTo(adminA.email)).toHaveLength(1);
  });

  it('defaults to the previous calendar month (UTC)', () => {
    expect(previousMonth(new Date('2027-01-01T06:00:00Z'))).toBe('2026-12');
    expect(previousMonth(new Date('2026-03-31T23:59:00Z'))).toBe('2026-02');
  });
});
