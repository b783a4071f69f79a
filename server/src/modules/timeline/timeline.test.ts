import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_PHONE_DEFAULT_COUNTRY: 'DK' });
});
afterAll(() => t.close());

describe('ticket timeline', () => {
  it('merges messages, the phone call and history in time order, pages it, and hides it from other vendors', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const brand = await t.make.user('brand_admin');
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const callId = `c-${crypto.randomUUID()}`;
    const phone = (body: Record<string, unknown>) =>
      call(t.app, 'POST', '/api/v1/channels/phone/events', {
        token: brand.token,
        body: { call_id: callId, ...body },
      });
    const offered = await phone({
      event: 'offered',
      occurred_at: new Date(Date.now() - 60_000).toISOString(),
      caller_number: '20 12 34 56',
      caller_name: 'Freja Jensen',
      dialled_number: '+45 70 10 20 30',
      queue: 'billing',
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(200);
    const ticketId = offered.body.call.ticket_id;
    const moved = await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      token: brand.token,
      body: { vendor_id: a.id },
    });
    expect(moved.status).toBe(200);
    expect(
      (
        await phone({
          event: 'answered',
          occurred_at: new Date(Date.now() - 50_000).toISOString(),
          agent: { email: agentA.email },
          wait_seconds: 10,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await phone({
          event: 'ended',
          occurred_at: new Date(Date.now() - 20_000).toISOString(),
          talk_seconds: 30,
        })
      ).status,
    ).toBe(200);
    const note = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agentA.token,
      body: { body_text: 'Called back about the invoice', visibility: 'internal' },
    });
    expect(note.status).toBe(201);
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agentA.token,
      body: {
        body_text: 'Your refund is on its way',
        body_html: '<p>Your <b>refund</b><img src=x onerror=alert(1)></p>',
      },
    });
    expect(reply.status).toBe(201);

    const full = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/timeline?limit=500`, {
      token: agentA.token,
    });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    const items = full.body.items as any[];
    const ats = items.map((i) => Date.parse(i.at));
    expect(ats).toEqual([...ats].sort((x, y) => x - y));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['message', 'call', 'event']));
    const callItem = items.find((i) => i.kind === 'call');
    expect(callItem).toMatchObject({
      call_id: callId,
      direction: 'inbound',
      from: '+4520123456',
      to: '+45 70 10 20 30',
      outcome: 'answered',
      agent_id: agentA.userId,
      agent_name: expect.stringMatching(/^agent /),
      duration_seconds: 30,
      wait_seconds: 10,
      answered_at: expect.any(String),
      ended_at: expect.any(String),
    });
    const messages = items.filter((i) => i.kind === 'message');
    expect(messages.slice(-2)).toMatchObject([
      {
        visibility: 'internal',
        author_kind: 'agent',
        author_name: expect.stringMatching(/^agent /),
        channel: 'phone',
      },
      { visibility: 'public', text: 'Your refund is on its way', delivery_status: null },
    ]);
    expect(messages.at(-1).html).not.toContain('onerror');
    const vendorMove = items.find((i) => i.kind === 'event' && i.field === 'vendor_id');
    expect(vendorMove).toMatchObject({
      before: null,
      after: a.id,
      actor_kind: 'user',
      // The vendor's agent may not see brand staff in the users table, so neither here.
      actor_user_id: null,
      actor_hidden: 'brand',
      names: { [a.id]: a.name },
    });

    // Small pages add up to the whole timeline, each item once.
    const paged: string[] = [];
    let cursor = '';
    for (let i = 0; i < 50; i++) {
      const page = await call(
        t.app,
        'GET',
        `/api/v1/tickets/${ticketId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: agentA.token,
        },
      );
      expect(page.status).toBe(200);
      paged.push(...page.body.items.map((x: any) => `${x.kind}:${x.id}`));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    expect(paged).toEqual(items.map((x) => `${x.kind}:${x.id}`));

    const foreign = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/timeline`, { token: agentB.token });
    expect(foreign.status).toBe(404);
    const badCursor = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/timeline?cursor=bogus`, {
      token: agentA.token,
    });
    expect(badCursor.status).toBe(422);
    expect(badCursor.body.errors[0].path).toBe('query.cursor');
  });

  it('names who and what in history, and never shows a vendor user another vendor’s people, sites or teams', async () => {
    const a = await t.make.vendor({ name: 'Pacific Contact Solutions' });
    const b = await t.make.vendor({ name: 'Andes & Atlantic Support' });
    const siteA = await t.make.site(a.id, { name: 'Manila North' });
    const siteB = await t.make.site(b.id, { name: 'Bogotá Centro' });
    const teamA = await t.make.team(a.id, siteA.id);
    const teamB = await t.make.team(b.id, siteB.id);
    const brand = await t.make.user('brand_admin');
    const agentA = await t.make.user('agent', a.id, { siteId: siteA.id, teamId: teamA.id });
    const agentB = await t.make.user('agent', b.id, { siteId: siteB.id, teamId: teamB.id });
    const named = {
      [brand.userId]: 'Maria Santos',
      [agentA.userId]: 'Jon Berg',
      [agentB.userId]: 'Lucía Gómez',
    };
    await withSystem(t.database.db, async (tx) => {
      for (const [id, name] of Object.entries(named))
        await tx.updateTable('users').set({ display_name: name }).where('id', '=', id).execute();
    });
    const customer = await t.make.customer();
    const ticketId = await t.make.ticket(customer, a.id, { conversation: true });
    const patch = async (token: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, { token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await patch(brand.token, { site_id: siteA.id, team_id: teamA.id, agent_id: agentA.userId });
    await patch(agentA.token, { status: 'open', priority: 'high', tags: ['refund'] });
    const transfer = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/transfer`, {
      token: brand.token,
      body: { agent_id: agentB.userId, reason: 'Spanish speaker' },
    });
    expect(transfer.status, JSON.stringify(transfer.body)).toBe(200);
    await patch(agentB.token, { status: 'pending' });

    const asB = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/timeline?limit=500`, {
      token: agentB.token,
    });
    expect(asB.status, JSON.stringify(asB.body)).toBe(200);
    const text = JSON.stringify(asB.body);
    for (const secret of [
      a.id,
      a.name,
      siteA.id,
      siteA.name,
      teamA.id,
      teamA.name,
      agentA.userId,
      'Jon Berg',
    ])
      expect(text, `leaks ${secret}`).not.toContain(secret);
    // Brand staff are not another vendor's, but a vendor's reader does not see them either (as the users table).
    expect(text).not.toContain(brand.userId);
    expect(text).not.toContain('Maria Santos');
    const events = (asB.body.items as any[]).filter((i) => i.kind === 'event');
    const moved = events.find((e) => e.field === 'transfer');
    expect(moved).toMatchObject({
      actor_user_id: null,
      actor_name: null,
      actor_hidden: 'brand',
      before: { vendor_id: 'another_vendor', site_id: 'another_vendor', agent_id: 'another_vendor' },
      after: { vendor_id: b.id, site_id: siteB.id, team_id: teamB.id, agent_id: agentB.userId },
    });
    expect(moved.names).toMatchObject({
      [b.id]: b.name,
      [siteB.id]: siteB.name,
      [agentB.userId]: 'Lucía Gómez',
    });
    const statusByA = events.find((e) => e.field === 'status' && e.after === 'open');
    expect(statusByA).toMatchObject({
      actor_user_id: null,
      actor_name: null,
      actor_hidden: 'another_vendor',
    });
    const statusByB = events.find((e) => e.field === 'status' && e.after === 'pending');
    expect(statusByB).toMatchObject({
      actor_user_id: agentB.userId,
      actor_name: 'Lucía Gómez',
      actor_hidden: null,
    });

    const asBrand = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/timeline?limit=500`, {
      token: brand.token,
    });
    const brandEvents = (asBrand.body.items as any[]).filter((i) => i.kind === 'event');
    expect(brandEvents.find((e) => e.field === 'transfer')).toMatchObject({
      actor_name: 'Maria Santos',
      before: { vendor_id: a.id, agent_id: agentA.userId },
      names: { [a.id]: a.name, [agentA.userId]: 'Jon Berg', [b.id]: b.name, [teamA.id]: teamA.name },
    });
    expect(brandEvents.find((e) => e.field === 'agent_id')).toMatchObject({
      actor_name: 'Maria Santos',
      before: null,
      after: agentA.userId,
      names: { [agentA.userId]: 'Jon Berg' },
    });
  });
});
