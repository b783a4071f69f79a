import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import type { Database } from '../../platform/db/database.js';
import { withActor } from '../../platform/db/transaction.js';
import { MemoryStore } from '../../platform/storage/attachment-store.js';
import { kpiQuery } from '../analytics/schemas.js';
import { kpiReport } from '../analytics/service.js';
import { login } from '../auth/service.js';
import { inhouseCostPerContactOf } from '../billing/index.js';
import { findRecipient, receiveEmail } from '../channels/email/intake.js';
import { unknownPlaceholders } from '../macros/placeholders.js';
import { maskingFor } from '../privacy/index.js';
import { LOCALES } from './content.js';
import { DEMO_PASSWORD } from './generate.js';
import { type SeedOutcome, seedDemo } from './seed.js';

/** The demo users have no MFA, so a right password opens a session. */
async function signIn(email: string, password: string) {
  const result = await login(database.db, config, email, password);
  if (!('actor' in result)) throw new Error(`${email} unexpectedly needs MFA`);
  return result;
}

let database: Database;
let drop: () => Promise<void>;
let outcome: SeedOutcome;
const config = testConfig();
// The demo is generated relative to this moment, and the SLA walk below runs a minute later on the
// same injected clock, so the test reads the same on any date and at any hour.
const SEEDED_AT = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase(config));
  outcome = await seedDemo(database, config, { seed: 11, now: SEEDED_AT });
});
afterAll(() => drop());

async function count(
  table: 'users' | 'tickets' | 'messages' | 'ticket_events' | 'customers' | 'customer_identities',
) {
  const row = await database.db
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('seeding the demo brand', () => {
  // How fast it seeds is a benchmark's business (a shared CI machine makes any time limit flaky).
  it('inserts every generated row', async () => {
    expect(outcome.seeded).toBe(true);
    if (!outcome.seeded) return;
    expect(await count('users')).toBe(outcome.counts.users);
    expect(await count('customers')).toBe(1500);
    expect(await count('tickets')).toBe(outcome.counts.tickets);
    expect(await count('messages')).toBe(outcome.counts.messages);
    expect(await count('ticket_events')).toBe(outcome.counts.ticketEvents);
    expect(outcome.counts.tickets).toBeGreaterThan(2700);
  });

  it('numbers tickets in arrival order', async () => {
    const rows = await database.db
      .selectFrom('tickets')
      .select(['number', 'created_at'])
      .orderBy('number')
      .execute();
    const created = rows.map((r) => r.created_at);
    expect(created).toEqual([...created].sort());
  });

  it('lets every demo user log in with the one demo password', async () => {
    const admin = await signIn('admin@demo.tandem.test', DEMO_PASSWORD);
    expect(admin.actor.role).toBe('brand_admin');
    const agent = await signIn('pacific.agent1@demo.tandem.test', DEMO_PASSWORD);
    expect(agent.actor.vendorId).not.toBeNull();
  });

  it('keeps history null where a field had no value before, not the JSON value null', async () => {
    const created = await database.db
      .selectFrom('ticket_events')
      .select(sql<boolean>`before is null`.as('sqlNull'))
      .where('field', '=', 'created')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(created.sqlNull).toBe(true);
  });

  it('refuses to seed a database that already holds an organization', async () => {
    const again = await seedDemo(database, config);
    expect(again).toEqual({ seeded: false, existing: { name: 'Nordlys Outdoor', slug: 'nordlys-demo' } });
    expect(await count('customers')).toBe(1500);
  });
});

const DAY = 86_400_000;
const WINDOW = {
  from: new Date(SEEDED_AT.getTime() - 90 * DAY).toISOString(),
  to: SEEDED_AT.toISOString(),
};

/** The 90-day KPI report by vendor, as the brand admin sees it. */
async function vendorReport() {
  const admin = await signIn('admin@demo.tandem.test', DEMO_PASSWORD);
  return withActor(database.db, admin.actor, (tx) =>
    kpiReport(tx, admin.actor, kpiQuery.parse({ ...WINDOW, group_by: 'vendor' })),
  );
}

describe('the KPI report over the seeded history', () => {
  it('counts every ticket of the 90 days as a contact', async () => {
    const report = await vendorReport();
    const inWindow = await database.db
      .selectFrom('tickets')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('created_at', '>=', WINDOW.from)
      .where('created_at', '<', WINDOW.to)
      .executeTakeFirstOrThrow();
    expect(inWindow.n).toBeGreaterThan(2700);
    expect(report.total.contacts).toBe(inWindow.n);
  });

  it('has handle time, FCR, CSAT, NPS, CES, speed of answer and abandonment for every vendor', async () => {
    const report = await vendorReport();
    const vendors = await database.db.selectFrom('vendors').select('id').execute();
    expect(report.rows.map((r) => r.key).sort()).toEqual(vendors.map((v) => v.id).sort());
    for (const row of report.rows) {
      for (const kpi of ['aht', 'fcr', 'csat', 'nps', 'ces', 'asa', 'abandonment'] as const)
        expect(row.kpis[kpi].value, `${row.label}: ${kpi}`).not.toBeNull();
      // Plausible, not just present: minutes of handling, seconds of waiting, a few percent abandoned.
      expect(row.kpis.aht.value).toBeGreaterThan(60);
      expect(row.kpis.aht.value).toBeLessThan(1800);
      expect(row.kpis.asa.value).toBeGreaterThan(5);
      expect(row.kpis.asa.value).toBeLessThan(180);
      expect(row.kpis.abandonment.value).toBeGreaterThan(0.01);
      expect(row.kpis.abandonment.value).toBeLessThan(0.25);
    }
    // Some outsourced tickets were escalated to the in-house team, and they count as escalations.
    expect(report.total.escalation_rate.numerator).toBeGreaterThan(0);
  });

  it('reports per-vendor abandonment equal to abandoned / offered calls counted by SQL', async () => {
    const report = await vendorReport();
    const { rows } = await sql<{ vendor_id: string; abandoned: number; offered: number }>`
      select t.vendor_id,
             count(*) filter (where c.abandoned_at is not null and c.answered_at is null)::int as abandoned,
             count(*) filter (where c.answered_at is not null or c.abandoned_at is not null)::int as offered
      from calls c join tickets t on t.id = c.ticket_id
      where c.offered_at >= ${WINDOW.from}::timestamptz and c.offered_at < ${WINDOW.to}::timestamptz
      group by t.vendor_id`.execute(database.db);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      const figure = report.rows.find((row) => row.key === r.vendor_id)!.kpis.abandonment;
      expect({ numerator: figure.numerator, denominator: figure.denominator }).toEqual({
        numerator: r.abandoned,
        denominator: r.offered,
      });
    }
  });

  it('reports per-vendor CSAT equal to answers at 4–5 among all CSAT answers counted by SQL', async () => {
    const report = await vendorReport();
    const { rows } = await sql<{ vendor_id: string; good: number; answers: number }>`
      select s.vendor_id,
             count(*) filter (where r.score >= 4)::int as good, count(*)::int as answers
      from surveys s join survey_responses r on r.survey_id = s.id and r.version = 1
      where s.kind = 'csat'
        and s.answered_at >= ${WINDOW.from}::timestamptz and s.answered_at < ${WINDOW.to}::timestamptz
      group by s.vendor_id`.execute(database.db);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      const figure = report.rows.find((row) => row.key === r.vendor_id)!.kpis.csat;
      expect({ numerator: figure.numerator, denominator: figure.denominator }).toEqual({
        numerator: r.good,
        denominator: r.answers,
      });
    }
  });
});

describe('SLA in the demo', () => {
  it('gives every site a calendar and times the open tickets once the worker has walked them', async () => {
    const { dispatchOnce } = await import('../../platform/outbox/dispatcher.js');
    const { outboxConsumers } = await import('../../outbox.js');
    const { recomputeOnce, RECOMPUTE_BATCH } = await import('../sla/index.js');
    while ((await dispatchOnce(database.db, outboxConsumers, config)) > 0) {
      // the demo.seeded event asks for a recompute
    }
    const aMinuteLater = () => SEEDED_AT.getTime() + 60_000;
    while ((await recomputeOnce(database, RECOMPUTE_BATCH, aMinuteLater)) > 0) {
      // walk the open tickets
    }
    const sites = await database.db.selectFrom('sites').select('calendar_id').execute();
    expect(sites.every((s) => s.calendar_id !== null)).toBe(true);
    const states = await database.db
      .selectFrom('sla_timers')
      .select(['state', sql<number>`count(*)::int`.as('n')])
      .groupBy('state')
      .execute();
    const byState = Object.fromEntries(states.map((s) => [s.state, s.n]));
    expect(byState.active).toBeGreaterThan(0);
    // Start-up does not rewrite history: warnings and breaches that fell due before the seed are
    // recorded without effect; only what falls due after it (here, in the first minute) is acted on.
    const { scanOnce } = await import('../sla/index.js');
    while ((await scanOnce(database, aMinuteLater)) > 0) {
      // act on what fell due in the minute after the seed
    }
    const actions = await database.db
      .selectFrom('sla_actions')
      .select([
        sql<number>`count(*) filter (where due_at < ${SEEDED_AT.toISOString()} and actions <> '[]'::jsonb)::int`.as(
          'actedOnHistory',
        ),
        sql<number>`count(*) filter (where due_at < ${SEEDED_AT.toISOString()})::int`.as('acknowledged'),
        sql<number>`count(*) filter (where due_at >= ${SEEDED_AT.toISOString()} and kind = 'breach')::int`.as(
          'liveBreaches',
        ),
      ])
      .executeTakeFirstOrThrow();
    expect(actions.acknowledged).toBeGreaterThan(0);
    expect(actions.actedOnHistory).toBe(0);
    const escalated = await database.db
      .selectFrom('tickets')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('queue', '=', 'SLA escalations')
      .executeTakeFirstOrThrow();
    expect(escalated.n).toBeLessThanOrEqual(actions.liveBreaches);
    const due = await database.db
      .selectFrom('tickets')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('sla_due_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(due.n).toBeGreaterThan(0);
  });

  it('reports SLA attainment for every vendor over the whole history, some targets met and some missed, equal to a count of the timers', async () => {
    // The walk above decided the seeded tickets' timers; the rollup counts them once the worker has
    // dispatched the sla.decided events it left.
    const { dispatchOnce } = await import('../../platform/outbox/dispatcher.js');
    const { outboxConsumers } = await import('../../outbox.js');
    while ((await dispatchOnce(database.db, outboxConsumers, config)) > 0) {}
    const report = await vendorReport();
    const { rows } = await sql<{ vendor_id: string; met: number; decided: number }>`
      select t.vendor_id::text,
        count(*) filter (where st.state = 'achieved' and st.stopped_at >= ${WINDOW.from} and st.stopped_at < ${WINDOW.to})::int as met,
        count(*) filter (where (st.state = 'achieved' and st.stopped_at >= ${WINDOW.from} and st.stopped_at < ${WINDOW.to})
          or (st.state = 'breached' and st.breached_at >= ${WINDOW.from} and st.breached_at < ${WINDOW.to}))::int as decided
      from sla_timers st join tickets t on t.id = st.ticket_id group by 1`.execute(database.db);
    const byVendor = new Map(rows.map((r) => [r.vendor_id, r]));
    for (const row of report.rows) {
      const sla = row.sla_attainment!;
      // Solved tickets carry their verdicts: hundreds per vendor, not only the open ones.
      expect(sla.denominator, `${row.label}`).toBeGreaterThan(300);
      expect(sla.value!, `${row.label}`).toBeGreaterThan(0.2);
      expect(sla.value!, `${row.label}`).toBeLessThan(1);
      expect({ met: sla.numerator, decided: sla.denominator }).toEqual({
        met: byVendor.get(row.key!)!.met,
        decided: byVendor.get(row.key!)!.decided,
      });
    }
  });
});

describe('QA in the demo', () => {
  it('has reviews of outsourced agents, a dispute in each state with the accepted one rescored, and a closed calibration', async () => {
    if (!outcome.seeded) throw new Error('not seeded');
    const reviews = await database.db
      .selectFrom('qa_reviews')
      .innerJoin('vendors', 'vendors.id', 'qa_reviews.vendor_id')
      .select(['qa_reviews.state', 'vendors.kind', 'qa_reviews.score_percent'])
      .execute();
    expect(reviews.length).toBe(outcome.counts.qaReviews);
    expect(reviews.length).toBeGreaterThan(20);
    expect(reviews.every((r) => r.state === 'submitted' && r.kind === 'outsourced')).toBe(true);
    // Scores spread: the demo shows strong and weak agents, not one number.
    const scores = reviews.map((r) => Number(r.score_percent));
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(20);
    const disputes = await database.db.selectFrom('qa_disputes').select(['state', 'revision_id']).execute();
    expect(disputes.map((d) => d.state).sort()).toEqual(['accepted', 'open', 'rejected']);
    expect(disputes.find((d) => d.state === 'accepted')!.revision_id).not.toBeNull();
    const sessions = await database.db.selectFrom('qa_calibration_sessions').select(['state']).execute();
    expect(sessions).toEqual([{ state: 'closed' }]);
    // Coaching: one session held with an action item done and followed up, one planned.
    const coaching = await database.db
      .selectFrom('qa_coaching_sessions')
      .select(['status', 'agent_id', 'review_ids'])
      .orderBy('status')
      .execute();
    expect(coaching.map((c) => c.status)).toEqual(['held', 'planned']);
    expect(coaching.every((c) => c.review_ids.length === 2)).toBe(true);
    const actions = await database.db
      .selectFrom('qa_coaching_actions')
      .select(['status', 'follow_up', 'completed_by'])
      .execute();
    expect(actions.filter((a) => a.status === 'done')).toHaveLength(1);
    expect(actions.find((a) => a.status === 'done')!.follow_up).not.toBeNull();
    // Sampling ran for last week: assignments waiting for the QA reviewer, none on a reviewed ticket.
    expect(outcome.counts.qaAssignments).toBeGreaterThan(10);
    const assignments = await database.db
      .selectFrom('qa_assignments')
      .leftJoin('qa_reviews', 'qa_reviews.ticket_id', 'qa_assignments.ticket_id')
      .select(['qa_assignments.reasons', 'qa_reviews.id as reviewed'])
      .execute();
    expect(assignments).toHaveLength(outcome.counts.qaAssignments ?? -1);
    expect(assignments.every((a) => a.reviewed === null)).toBe(true);
    expect(assignments.some((a) => a.reasons.length > 0)).toBe(true);
  });

  it('has the brand voice in English and its findings on agents’ replies, each pointing at the words', async () => {
    const findings = await database.db
      .selectFrom('qa_check_findings as f')
      .innerJoin('messages as m', 'm.id', 'f.message_id')
      .select(['f.check_name', 'f.span_start', 'f.span_end', 'm.body_text', 'm.author_kind'])
      .execute();
    const phrases = findings.filter((f) => f.check_name === 'forbidden_phrase');
    const promises = findings.filter((f) => f.check_name === 'forbidden_promise');
    expect(phrases.length).toBeGreaterThan(0);
    expect(promises.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.author_kind === 'agent')).toBe(true);
    for (const f of phrases)
      expect(f.body_text.slice(f.span_start!, f.span_end!).toLowerCase()).toBe('i am on it');
    for (const f of promises)
      expect(f.body_text.slice(f.span_start!, f.span_end!)).toMatch(/^within \d+–\d+ working days$/);
    // The voice sampling rule picked conversations for their findings.
    const byFinding = await database.db
      .selectFrom('qa_assignments')
      .select('reasons')
      .where(sql<boolean>`'check_finding' = any(reasons)`)
      .execute();
    expect(byFinding.length).toBeGreaterThan(0);
  });
});

describe('the in-house cost model in the demo', () => {
  it('prices the in-house team’s contacts of last month from its cost model', async () => {
    const admin = await database.db
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('role', '=', 'brand_admin')
      .executeTakeFirstOrThrow();
    const actor = {
      userId: admin.id,
      organizationId: admin.organization_id,
      role: 'brand_admin' as const,
      vendorId: null,
      siteId: null,
      teamId: null,
    };
    const figure = await withActor(database.db, actor, (tx) =>
      inhouseCostPerContactOf(tx, actor, '2026-10', SEEDED_AT),
    );
    expect(figure).toMatchObject({ currency: 'DKK', month_share: 1 });
    expect(figure!.denominator).toBeGreaterThan(100);
    expect(figure!.value_minor).toBe(figure!.numerator_minor / figure!.denominator);
  });
});

describe('masking in the demo', () => {
  it('masks customers for outsourced agents and team leads, never for the in-house team', async () => {
    const users = await database.db
      .selectFrom('users')
      .innerJoin('vendors', 'vendors.id', 'users.vendor_id')
      .select(['users.id', 'users.organization_id', 'users.role', 'users.vendor_id', 'vendors.kind'])
      .where('users.role', 'in', ['agent', 'team_lead'])
      .execute();
    const seen = await Promise.all(
      users.map(async (u) => {
        const actor = {
          userId: u.id,
          organizationId: u.organization_id,
          role: u.role,
          vendorId: u.vendor_id,
          siteId: null,
          teamId: null,
        };
        const masking = await withActor(database.db, actor, (tx) => maskingFor(tx, actor));
        return { kind: u.kind, masked: masking.on };
      }),
    );
    expect(seen.some((s) => s.kind === 'internal')).toBe(true);
    for (const s of seen) expect(s.masked).toBe(s.kind === 'outsourced');
  });
});

describe('billing in the demo', () => {
  it('has a contract per outsourced vendor and, once the SLA history is timed, last month approved with its credits and this month a draft', async () => {
    // The SLA walk above ended with sla.recomputed, dispatched by the attainment test: the demo's
    // invoices are made then, by the demo brand's admin.
    const invoices = await database.db
      .selectFrom('vendor_invoices')
      .innerJoin('vendor_contracts', 'vendor_contracts.id', 'vendor_invoices.contract_id')
      .innerJoin('vendors', 'vendors.id', 'vendor_contracts.vendor_id')
      .select([
        'vendors.name',
        'vendor_invoices.month',
        'vendor_invoices.status',
        'vendor_invoices.lines',
        'vendor_invoices.approved_by',
      ])
      .orderBy('vendors.name')
      .orderBy('month')
      .execute();
    const contracts = await database.db.selectFrom('vendor_contracts').select('vendor_id').execute();
    expect(contracts).toHaveLength(2);
    expect(invoices.map((i) => [i.name, i.month, i.status])).toEqual([
      ['Andes & Atlantic Support', '2026-10', 'approved'],
      ['Andes & Atlantic Support', '2026-11', 'draft'],
      ['Pacific Contact Solutions', '2026-10', 'approved'],
      ['Pacific Contact Solutions', '2026-11', 'draft'],
    ]);
    const admin = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@demo.tandem.test')
      .executeTakeFirstOrThrow();
    const approved = invoices.filter((i) => i.status === 'approved');
    for (const invoice of approved) {
      expect(invoice.approved_by).toBe(admin.id);
      const lines = invoice.lines as { kind: string; amount_minor: number; service_level?: unknown }[];
      expect(lines.filter((l) => l.kind === 'usage').length, invoice.name).toBeGreaterThan(0);
      // Every credit names the service level and the attainment behind it.
      for (const credit of lines.filter((l) => l.kind === 'credit')) {
        expect(credit.amount_minor).toBeLessThan(0);
        expect(credit.service_level).toBeDefined();
      }
    }
    // The demo shows a credit: at least one vendor missed a contract level last month.
    const credits = approved.flatMap((i) =>
      (i.lines as { kind: string }[]).filter((l) => l.kind === 'credit'),
    );
    expect(credits.length).toBeGreaterThan(0);
  });
});

describe('the demo desk', () => {
  it('spells every queue a ticket was ever in as the routing queue it names', async () => {
    const queues = await database.db.selectFrom('routing_queues').select('name').execute();
    const names = new Set(queues.map((q) => q.name));
    const used = await sql<{ queue: string }>`
      select queue from tickets
      union select before #>> '{}' from ticket_events where field = 'queue'
      union select after #>> '{}' from ticket_events where field = 'queue'
      union select after ->> 'queue' from ticket_events where field = 'created'`.execute(database.db);
    expect(used.rows.length).toBeGreaterThan(1);
    for (const { queue } of used.rows) expect(names, queue).toContain(queue);
  });

  it('takes mail to the support address in at once, as a ticket of the demo brand', async () => {
    if (!outcome.seeded) throw new Error('not seeded');
    const to = await findRecipient(database.db, 'support@demo.tandem.test');
    expect(to?.organizationId).toBe(outcome.organizationId);
    const raw = Buffer.from(
      [
        'From: Ada Walker <ada.walker@example.com>',
        'To: support@demo.tandem.test',
        'Subject: Where is my order?',
        'Message-ID: <demo-seed-test@example.com>',
        'Date: Fri, 20 Nov 2026 12:00:00 +0000',
        '',
        'My order has not arrived yet.',
        '',
      ].join('\r\n'),
    );
    const [result] = await receiveEmail({ db: database.db, config, store: new MemoryStore() }, raw, {
      mailFrom: 'ada.walker@example.com',
      recipients: [to!],
    });
    expect(result?.ticketId).toBeTruthy();
  });

  it('offers approved macros in every language the customers write in', async () => {
    const macros = await database.db.selectFrom('macros').select(['language', 'body', 'approved']).execute();
    for (const locale of LOCALES)
      expect(macros.filter((m) => m.language === locale && m.approved).length, locale).toBeGreaterThan(0);
    for (const m of macros) expect(unknownPlaceholders(m.body)).toEqual([]);
  });
});
