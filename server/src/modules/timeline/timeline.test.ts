import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';

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
      actor_user_id: brand.userId,
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
});
