import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { openDatabase } from '../../platform/db/database.js';
import { withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { recomputeOnce, scanOnce } from './scanner.js';

let t: TestContext;
let admin: TestUser;
let vendorA: string;
let vendorB: string;
let backupVendor: string;
let agentA: TestUser;
let agentB: TestUser;
let vendorAdminA: TestUser;

const dispatch = async () => {
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {
    // drain
  }
};

/** Moves a new ticket back in time, as if created `minutes` ago (its history has no changes yet; ticket_events are immutable). */
async function age(ticketId: string, minutes: number) {
  const shift = sql.raw(`interval '${minutes} minutes'`);
  await withSystem(t.database.db, async (tx) => {
    await sql`update tickets set created_at = created_at - ${shift} where id = ${ticketId}`.execute(tx);
    await sql`update messages set created_at = created_at - ${shift} where ticket_id = ${ticketId}`.execute(
      tx,
    );
  });
}

async function createTicket(user: TestUser, body: Record<string, unknown> = {}) {
  const r = await call(t.app, 'POST', '/api/v1/tickets', {
    token: user.token,
    body: {
      subject: 'Where is my order?',
      channel: 'email',
      customer: { email: `c${Math.random()}@example.test` },
      message: { body_text: 'Hello' },
      ...body,
    },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  backupVendor = (await t.make.vendor({ name: 'Backup BPO' })).id;
  agentA = await t.make.user('agent', vendorA);
  agentB = await t.make.user('agent', vendorB);
  vendorAdminA = await t.make.user('vendor_admin', vendorA);
  await t.make.user('team_lead', vendorA);
});
afterAll(() => t.close());

describe('SLA policies', () => {
  it('only brand admins write policies; everyone in the brand reads them; bad input names the field', async () => {
    const body = {
      name: 'VIP chat',
      position: 1,
      conditions: { channels: ['chat'], tiers: ['vip'] },
      targets: [{ metric: 'first_reply', priority: 'normal', minutes: 5, business: false }],
    };
    expect(
      (await call(t.app, 'POST', '/api/v1/sla-policies', { token: vendorAdminA.token, body })).status,
    ).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/sla-policies', { token: agentA.token, body })).status).toBe(
      403,
    );
    const created = await call(t.app, 'POST', '/api/v1/sla-policies', { token: admin.token, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'VIP chat', warn_percent: 75 });
    const bad = await call(t.app, 'POST', '/api/v1/sla-policies', {
      token: admin.token,
      body: {
        ...body,
        name: 'Bad',
        targets: [{ metric: 'first_reply', priority: 'normal', minutes: -1, business: false }],
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('targets');
    const dup = await call(t.app, 'POST', '/api/v1/sla-policies', {
      token: admin.token,
      body: { ...body, name: 'Dup', targets: [body.targets[0], body.targets[0]] },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].path).toBe('body.targets.1');
    const list = await call(t.app, 'GET', '/api/v1/sla-policies', { token: agentB.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain('VIP chat');
    const patch = await call(t.app, 'PATCH', `/api/v1/sla-policies/${created.body.id}`, {
      token: vendorAdminA.token,
      body: { position: 9 },
    });
    expect(patch.status).toBe(403);
    const del = await call(t.app, 'DELETE', `/api/v1/sla-policies/${created.body.id}`, {
      token: admin.token,
    });
    expect(del.status).toBe(204);
  });
});

describe('live timers and breach actions', () => {
  let policyId: string;
  beforeAll(async () => {
    const r = await call(t.app, 'POST', '/api/v1/sla-policies', {
      token: admin.token,
      body: {
        name: 'Email default',
        position: 10,
        conditions: { channels: ['email'] },
        targets: [
          { metric: 'first_reply', priority: 'normal', minutes: 60, business: false },
          { metric: 'first_reply', priority: 'high', minutes: 30, business: false },
          { metric: 'full_resolution', priority: 'normal', minutes: 2880, business: false },
          { metric: 'full_resolution', priority: 'high', minutes: 1440, business: false },
        ],
        warn_percent: 75,
        breach_actions: { notify: true, raise_priority: true, move_to_queue: 'escalations', webhook: true },
      },
    });
    expect(r.status).toBe(201);
    policyId = r.body.id;
  });

  it('shows active timers to the ticket’s vendor, and 404 to another vendor', async () => {
    const id = await createTicket(agentA);
    const mine = await call(t.app, 'GET', `/api/v1/tickets/${id}/sla`, { token: agentA.token });
    expect(mine.status).toBe(200);
    expect(mine.body.policy).toMatchObject({ id: policyId });
    const first = mine.body.timers.find((x: { metric: string }) => x.metric === 'first_reply');
    expect(first).toMatchObject({ state: 'active', target_minutes: 60, cycle: 1 });
    expect(first.remaining_ms).toBeGreaterThan(59 * 60_000);
    expect((await call(t.app, 'GET', `/api/v1/tickets/${id}/sla`, { token: agentB.token })).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/tickets/${id}/sla`)).status).toBe(401);
  });

  it('keeps tickets.sla_due_at for the inbox sort, through the outbox', async () => {
    const late = await createTicket(agentA);
    const soon = await createTicket(agentA, { priority: 'high' });
    await dispatch();
    const list = await call(t.app, 'GET', '/api/v1/tickets?sort=sla_due_at&limit=200', {
      token: agentA.token,
    });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((x: { id: string }) => x.id);
    expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(late));
    const row = list.body.items.find((x: { id: string }) => x.id === soon);
    expect(Date.parse(row.sla_due_at) - Date.now()).toBeLessThan(31 * 60_000);
    // Vendor B's inbox never lists vendor A's tickets.
    const other = await call(t.app, 'GET', '/api/v1/tickets?sort=sla_due_at', { token: agentB.token });
    expect(other.body.items.map((x: { id: string }) => x.id)).not.toContain(soon);
  });

  it('a reply achieves first reply; the reply is not re-judged later', async () => {
    const id = await createTicket(agentA);
    await call(t.app, 'POST', `/api/v1/tickets/${id}/messages`, {
      token: agentA.token,
      body: { body_text: 'On it' },
    });
    const r = await call(t.app, 'GET', `/api/v1/tickets/${id}/sla`, { token: agentA.token });
    expect(r.body.timers.find((x: { metric: string }) => x.metric === 'first_reply').state).toBe('achieved');
  });

  it('acts on a breach once: notifies, raises priority, re-queues, emits webhook and requeue events', async () => {
    const id = await createTicket(agentA);
    await age(id, 90);
    await dispatch();
    const handled = await scanOnce(t.database);
    expect(handled).toBeGreaterThan(0);
    // A second scan (a restart, another process) finds nothing left to do.
    await scanOnce(t.database);
    await scanOnce(t.database);
    const actions = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('sla_actions').selectAll().where('ticket_id', '=', id).orderBy('id').execute(),
    );
    // Found already breached: the stale warning is skipped, the breach acted on.
    expect(actions.map((a) => `${a.metric}/${a.kind}`)).toEqual(['first_reply/breach']);
    expect(actions[0]!.actions).toEqual(['notify', 'raise_priority', 'move_to_queue']);
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${id}`, { token: agentA.token });
    expect(ticket.body).toMatchObject({ priority: 'high', queue: 'escalations', agent_id: null });
    const events = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('domain_events').select(['type', 'payload']).where('subject_id', '=', id).execute(),
    );
    const types = events.map((e) => e.type);
    expect(types.filter((x) => x === 'sla.breached')).toHaveLength(1);
    // The verdict changed once (running → missed): the KPI rollup hears of it once.
    expect(types.filter((x) => x === 'sla.decided')).toHaveLength(1);
    expect(types.filter((x) => x === 'ticket.requeued')).toHaveLength(1);
    expect(events.find((e) => e.type === 'ticket.requeued')!.payload).toMatchObject({ reason: 'sla_breach' });
    // The vendor's admin and team lead were told; the other vendor's people were not.
    const mine = await call(t.app, 'GET', '/api/v1/notifications', { token: vendorAdminA.token });
    expect(
      mine.body.items.some(
        (n: { ticket_id: string; kind: string }) => n.ticket_id === id && n.kind === 'sla.breach',
      ),
    ).toBe(true);
    const theirs = await call(t.app, 'GET', '/api/v1/notifications', { token: agentB.token });
    expect(theirs.body.items).toEqual([]);
    const read = await call(t.app, 'POST', `/api/v1/notifications/${mine.body.items[0].id}/read`, {
      token: agentB.token,
    });
    expect(read.status).toBe(404);
    // After the priority raise the timer shows the new (high) target, still breached.
    await dispatch();
    const sla = await call(t.app, 'GET', `/api/v1/tickets/${id}/sla`, { token: agentA.token });
    expect(sla.body.timers.find((x: { metric: string }) => x.metric === 'first_reply')).toMatchObject({
      state: 'breached',
      target_minutes: 30,
    });
  });

  it('hides a breach notification once its ticket moved to another vendor, and refuses to mark it read', async () => {
    const id = await createTicket(agentA);
    await age(id, 90);
    await dispatch();
    await scanOnce(t.database);
    const about = async (user: TestUser) =>
      (await call(t.app, 'GET', '/api/v1/notifications', { token: user.token })).body.items.filter(
        (n: { ticket_id: string }) => n.ticket_id === id,
      );
    const before = await about(vendorAdminA);
    expect(before.map((n: { kind: string }) => n.kind)).toContain('sla.breach');
    const moved = await call(t.app, 'POST', `/api/v1/tickets/${id}/transfer`, {
      token: admin.token,
      body: { agent_id: agentB.userId, reason: 'specialist' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await about(vendorAdminA)).toEqual([]);
    const unread = await call(t.app, 'GET', '/api/v1/notifications?unread=true', {
      token: vendorAdminA.token,
    });
    expect(unread.body.items.map((n: { ticket_id: string }) => n.ticket_id)).not.toContain(id);
    const read = await call(t.app, 'POST', `/api/v1/notifications/${before[0].id}/read`, {
      token: vendorAdminA.token,
    });
    expect(read.status).toBe(404);
  });

  it('warns at the policy’s share of the target, before the breach', async () => {
    const id = await createTicket(agentA);
    await age(id, 50); // 75% of 60 minutes is 45
    await dispatch();
    await scanOnce(t.database);
    const actions = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('sla_actions').select(['metric', 'kind', 'due_at']).where('ticket_id', '=', id).execute(),
    );
    expect(actions.map((a) => `${a.metric}/${a.kind}`)).toEqual(['first_reply/warning']);
    const ticket = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('tickets')
        .select(['priority', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
    expect(ticket.priority).toBe('normal');
    expect(Date.parse(actions[0]!.due_at) - Date.parse(ticket.created_at)).toBe(45 * 60_000);
    const timers = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('sla_timers')
        .select(['metric', 'next_action_at', 'due_at'])
        .where('ticket_id', '=', id)
        .where('metric', '=', 'first_reply')
        .executeTakeFirstOrThrow(),
    );
    // The next action is now the breach at the due time.
    expect(timers.next_action_at).toBe(timers.due_at);
  });

  it('moves a breached ticket to a backup vendor when the policy says so', async () => {
    const policy = await call(t.app, 'POST', '/api/v1/sla-policies', {
      token: admin.token,
      body: {
        name: 'Backup on breach',
        position: 5,
        conditions: { tags: ['backup-test'] },
        targets: [{ metric: 'first_reply', priority: 'normal', minutes: 10, business: false }],
        warn_percent: null,
        breach_actions: { backup_vendor_id: backupVendor },
      },
    });
    expect(policy.status).toBe(201);
    const id = await createTicket(agentA, { tags: ['backup-test'] });
    await age(id, 20);
    await dispatch();
    await scanOnce(t.database);
    const moved = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('tickets')
        .select(['vendor_id', 'agent_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
    expect(moved).toEqual({ vendor_id: backupVendor, agent_id: null });
    expect((await call(t.app, 'GET', `/api/v1/tickets/${id}/sla`, { token: agentA.token })).status).toBe(404);
  });

  it('a policy change re-times open tickets in the background', async () => {
    const id = await createTicket(agentA);
    await dispatch();
    await call(t.app, 'PATCH', `/api/v1/sla-policies/${policyId}`, {
      token: admin.token,
      body: {
        targets: [
          { metric: 'first_reply', priority: 'normal', minutes: 15, business: false },
          { metric: 'first_reply', priority: 'high', minutes: 10, business: false },
        ],
      },
    });
    await dispatch();
    while ((await recomputeOnce(t.database)) > 0) {
      // walk every open ticket
    }
    const stored = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('sla_timers').selectAll().where('ticket_id', '=', id).execute(),
    );
    expect(stored.map((s) => [s.metric, s.target_minutes])).toEqual([['first_reply', 15]]);
  });
});

describe.skipIf(!process.env.TANDEM_TEST_DATABASE_URL)('two processes (PostgreSQL)', () => {
  it('two scanners on one database act on each breach exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await createTicket(agentA, { tags: ['two-process'] }));
    for (const id of ids) await age(id, 600);
    await dispatch();
    // A second pool on the same database plays the second process.
    const other = await openDatabase(
      { ...t.config, TANDEM_DATABASE_URL: t.database.connectionString },
      createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
    );
    try {
      await Promise.all([
        scanOnce(t.database),
        scanOnce(other),
        scanOnce(t.database),
        scanOnce(other),
        scanOnce(t.database),
        scanOnce(other),
      ]);
      const rows = await withSystem(t.database.db, (tx) =>
        tx
          .selectFrom('sla_actions')
          .select(['ticket_id', 'metric', 'kind'])
          .where('ticket_id', 'in', ids)
          .execute(),
      );
      const breaches = rows.filter((r) => r.kind === 'breach' && r.metric === 'first_reply');
      expect(breaches).toHaveLength(ids.length);
      const events = await withSystem(t.database.db, (tx) =>
        tx
          .selectFrom('domain_events')
          .select('subject_id')
          .where('type', '=', 'sla.breached')
          .where('subject_id', 'in', ids)
          .execute(),
      );
      expect(events.filter((e) => e.subject_id)).toHaveLength(rows.filter((r) => r.kind === 'breach').length);
    } finally {
      await other.close();
    }
  });
});
