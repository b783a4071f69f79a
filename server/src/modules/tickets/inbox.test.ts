import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withActor } from '../../platform/db/transaction.js';
import { searchQuery } from './search-query.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

let n = 0;
async function create(user: TestUser, overrides: Record<string, unknown> = {}) {
  n++;
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: user.token,
    body: {
      subject: `Question ${n}`,
      channel: 'email',
      customer: { email: `inbox${n}-${Date.now()}@example.com`, name: 'Ana Cruz' },
      message: { body_text: 'Hello there' },
      ...overrides,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function list(user: TestUser, query: string) {
  const res = await call(t.app, 'GET', `/api/v1/tickets?${query}`, { token: user.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
}

describe('inbox search', () => {
  it('finds tickets by subject, by customer message and by internal note, within the caller’s vendor only', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const bySubject = await create(agentA, { subject: 'Zebrafish tank leaking' });
    const byMessage = await create(agentA, { message: { body_text: 'My aquarium zebrafish arrived sick' } });
    const byNote = await create(agentA);
    const note = await call(t.app, 'POST', `/api/v1/tickets/${byNote.id}/messages`, {
      token: agentA.token,
      body: { body_text: 'Supplier says zebrafish batch 7 was bad', visibility: 'internal' },
    });
    expect(note.status).toBe(201);
    const other = await create(agentB, { subject: 'zebrafish for vendor B' });
    await create(agentA, { subject: 'Nothing to do with fish' });

    const found = await list(agentA, 'q=zebrafish');
    expect(found.map((r) => r.id).sort()).toEqual([bySubject.id, byMessage.id, byNote.id].sort());
    expect((await list(agentB, 'q=zebrafish')).map((r) => r.id)).toEqual([other.id]);
    const brand = await t.make.user('brand_analyst');
    expect((await list(brand, 'q=zebrafish')).map((r) => r.id)).toEqual(
      expect.arrayContaining([bySubject.id, byMessage.id, byNote.id, other.id]),
    );
    // websearch syntax: a phrase, and an exclusion.
    expect((await list(agentA, 'q=%22zebrafish%20arrived%22')).map((r) => r.id)).toEqual([byMessage.id]);
    expect((await list(agentA, 'q=zebrafish%20-tank')).map((r) => r.id).sort()).toEqual(
      [byMessage.id, byNote.id].sort(),
    );
    // A ticket number, with or without #; another vendor's number finds nothing.
    expect((await list(agentA, `q=%23${bySubject.number}`)).map((r) => r.id)).toEqual([bySubject.id]);
    expect(await list(agentA, `q=${other.number}`)).toEqual([]);
    // Nothing searchable in the box matches nothing; an empty box filters nothing.
    expect(await list(agentA, 'q=%22%22%20-')).toEqual([]);
    expect((await list(agentA, 'q=%20')).length).toBeGreaterThanOrEqual(4);
  });

  it('pages search results by keyset without gaps or repeats', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await create(agent, { subject: `Pagination kumquat ${i}` })).id);
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const res = await call(
        t.app,
        'GET',
        `/api/v1/tickets?q=kumquat&limit=2&sort=-created_at${cursor ? `&cursor=${cursor}` : ''}`,
        { token: agent.token },
      );
      seen.push(...res.body.items.map((r: any) => r.id));
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('never fails in PostgreSQL, whatever the search box holds', async () => {
    const brand = await t.make.user('brand_admin');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), async (raw) => {
        const q = searchQuery(raw);
        if (q.text === null) return;
        await withActor(t.database.db, brand, (tx) =>
          sql`select websearch_to_tsquery('simple', ${q.text})`.execute(tx),
        );
      }),
      { numRuns: 60 },
    );
    const res = await call(
      t.app,
      'GET',
      `/api/v1/tickets?q=${encodeURIComponent('"a" | !(b & c):* <-> \\\'')}`,
      {
        token: brand.token,
      },
    );
    expect(res.status).toBe(200);
  });
});

describe('inbox views and rows', () => {
  it('mine, team and unassigned narrow to the caller, its team, and tickets without an agent', async () => {
    const vendor = await t.make.vendor();
    const other = await t.make.vendor();
    const site = await t.make.site(vendor.id);
    const team = await t.make.team(vendor.id, site.id);
    const me = await t.make.user('agent', vendor.id, { siteId: site.id, teamId: team.id });
    const mate = await t.make.user('agent', vendor.id, { teamId: team.id });
    const loner = await t.make.user('agent', vendor.id);
    const outsider = await t.make.user('agent', other.id);
    const mine = await create(me, { agent_id: me.userId, team_id: team.id, queue: 'returns' });
    const mates = await create(me, { agent_id: mate.userId, team_id: team.id });
    const unassigned = await create(me, { queue: 'returns' });
    const unassignedOther = await create(me, { queue: 'billing' });
    const foreign = await create(outsider);

    expect((await list(me, 'view=mine')).map((r) => r.id)).toEqual([mine.id]);
    expect((await list(me, 'view=team')).map((r) => r.id).sort()).toEqual([mine.id, mates.id].sort());
    const pile = (await list(me, 'view=unassigned')).map((r) => r.id);
    expect(pile.sort()).toEqual([unassigned.id, unassignedOther.id].sort());
    expect(pile).not.toContain(foreign.id);
    expect((await list(me, 'view=unassigned&queue=returns')).map((r) => r.id)).toEqual([unassigned.id]);
    expect((await list(me, 'view=all')).map((r) => r.id)).not.toContain(foreign.id);
    // In no team, "my team" is the caller's own scope (as view=all), never another vendor's tickets.
    const lonerTeam = (await list(loner, 'view=team')).map((r) => r.id).sort();
    expect(lonerTeam).toEqual((await list(loner, 'view=all')).map((r) => r.id).sort());
    expect(lonerTeam).toEqual(expect.arrayContaining([mine.id, mates.id, unassigned.id]));
    expect(lonerTeam).not.toContain(foreign.id);
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const adminTeam = (await list(vendorAdmin, 'view=team')).map((r) => r.id);
    expect(adminTeam).toContain(mine.id);
    expect(adminTeam).not.toContain(foreign.id);
    const bad = await call(t.app, 'GET', '/api/v1/tickets?view=everything', { token: me.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^query\.view/);
  });

  it('takes several statuses, channels and priorities, comma-separated or repeated', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const urgent = await create(agent, { priority: 'urgent', channel: 'web', tags: ['multi'] });
    const high = await create(agent, { priority: 'high', channel: 'api', tags: ['multi'] });
    const low = await create(agent, { priority: 'low', channel: 'email', tags: ['multi'] });
    await call(t.app, 'PATCH', `/api/v1/tickets/${high.id}`, {
      token: agent.token,
      body: { status: 'pending' },
    });
    const ids = async (q: string) => (await list(agent, `tag=multi&${q}`)).map((r) => r.id).sort();
    expect(await ids('priority=urgent,high')).toEqual([urgent.id, high.id].sort());
    expect(await ids('channel=web&channel=email')).toEqual([urgent.id, low.id].sort());
    expect(await ids('status=pending')).toEqual([high.id]);
    expect(await ids('status=new,pending&priority=low')).toEqual([low.id]);
    const bad = await call(t.app, 'GET', '/api/v1/tickets?status=open,bogus', { token: agent.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^query\.status/);
  });

  it('carries what an inbox row shows: agent and customer names and the latest message on one line', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const ticket = await create(agent, { agent_id: agent.userId, tags: ['rowtest'] });
    await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      token: agent.token,
      body: { body_text: `Thanks!\n\n   We are   looking into it. ${'x'.repeat(300)}` },
    });
    const [row] = await list(agent, 'tag=rowtest');
    expect(row).toMatchObject({
      id: ticket.id,
      number: ticket.number,
      agent_id: agent.userId,
      agent_name: expect.stringMatching(/^agent /),
      customer_name: 'Ana Cruz',
      vendor_id: vendor.id,
      last_message_author_kind: 'agent',
      last_message_visibility: 'public',
      last_message_at: expect.any(String),
    });
    expect(row.last_message_preview).toMatch(/^Thanks! We are looking into it\. x+$/);
    expect(row.last_message_preview).toHaveLength(140);
  });
});

describe('customer history', () => {
  it('lists the customer’s tickets on every channel the caller may see, newest first', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const email = `history-${Date.now()}@example.com`;
    const first = await create(agentA, { customer: { email }, channel: 'email' });
    const second = await create(agentA, { customer: { email }, channel: 'web' });
    // The brand routes the customer's API contact to B (B could not reach A's customer by naming it).
    const admin = await t.make.user('brand_admin');
    const theirs = await create(admin, { customer: { email }, channel: 'api', vendor_id: b.id });
    expect(theirs.customer_id).toBe(first.customer_id);
    const seenByB = await call(t.app, 'GET', `/api/v1/customers/${first.customer_id}/tickets`, {
      token: agentB.token,
    });
    expect(seenByB.body.items.map((r: any) => r.id)).toEqual([theirs.id]);

    const mine = await call(t.app, 'GET', `/api/v1/customers/${first.customer_id}/tickets`, {
      token: agentA.token,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: any) => r.id)).toEqual([second.id, first.id]);
    expect(mine.body.items[0]).toMatchObject({ channel: 'web', customer_name: expect.any(String) });
    const brand = await t.make.user('brand_analyst');
    const all = await call(t.app, 'GET', `/api/v1/customers/${first.customer_id}/tickets`, {
      token: brand.token,
    });
    expect(all.body.items.map((r: any) => r.id)).toEqual([theirs.id, second.id, first.id]);
    // A vendor that has no ticket of a customer does not see that customer at all.
    const c = await t.make.vendor();
    const outsider = await t.make.user('agent', c.id);
    const hidden = await call(t.app, 'GET', `/api/v1/customers/${first.customer_id}/tickets`, {
      token: outsider.token,
    });
    expect(hidden.status).toBe(404);
  });
});
