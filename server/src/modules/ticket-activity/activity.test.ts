import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { connectRealtime, type RealtimeClient } from '../../../test/realtime-client.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
let base: string;
const sockets: RealtimeClient[] = [];
beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await t.close();
});

async function ticketOf(user: TestUser) {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: user.token,
    body: {
      subject: 'Collision',
      channel: 'email',
      customer: { email: `collide-${Date.now()}-${Math.random()}@example.com` },
      message: { body_text: 'Hello' },
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const say = (user: TestUser, ticketId: string, state: string) =>
  call(t.app, 'POST', `/api/v1/tickets/${ticketId}/activity`, { token: user.token, body: { state } });

describe('collision signals', () => {
  it('tells the other agents of the ticket’s vendor who is viewing and typing, and nobody else', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const viewer = await t.make.user('agent', a.id);
    const colleague = await t.make.user('agent', a.id);
    const outsider = await t.make.user('agent', b.id);
    const analyst = await t.make.user('brand_analyst');
    const ticketId = await ticketOf(viewer);
    const [colleagueSocket, outsiderSocket, brandSocket] = await Promise.all(
      [colleague, outsider, analyst].map((u) => connectRealtime(base, { token: u.token })),
    );
    sockets.push(colleagueSocket!, outsiderSocket!, brandSocket!);

    const viewing = await say(viewer, ticketId, 'viewing');
    expect(viewing.status, JSON.stringify(viewing.body)).toBe(200);
    expect(viewing.body.items).toEqual([
      expect.objectContaining({
        user_id: viewer.userId,
        state: 'viewing',
        display_name: expect.stringMatching(/^agent /),
      }),
    ]);
    const signal = await colleagueSocket!.waitFor((m) => m.signal?.type === 'ticket.agent_viewing');
    expect(signal.signal).toMatchObject({
      ticket_id: ticketId,
      payload: { user_id: viewer.userId, state: 'viewing', display_name: expect.stringMatching(/^agent /) },
    });
    await brandSocket!.waitFor((m) => m.signal?.ticket_id === ticketId);

    expect(
      (await say(colleague, ticketId, 'typing')).body.items.map((i: any) => [i.user_id, i.state]),
    ).toEqual([
      [colleague.userId, 'typing'],
      [viewer.userId, 'viewing'],
    ]);
    const now = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/activity`, { token: viewer.token });
    expect(now.body.items).toHaveLength(2);
    expect((await say(viewer, ticketId, 'left')).body.items.map((i: any) => i.user_id)).toEqual([
      colleague.userId,
    ]);
    await colleagueSocket!.waitFor((m) => m.signal?.type === 'ticket.agent_stopped');

    // Another vendor: no signal, no list, no write.
    expect(outsiderSocket!.signals().filter((s) => s.ticket_id === ticketId)).toEqual([]);
    expect(
      (await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/activity`, { token: outsider.token })).status,
    ).toBe(404);
    expect((await say(outsider, ticketId, 'viewing')).status).toBe(404);
    const bad = await say(viewer, ticketId, 'dancing');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.state');
  });

  it('forgets an entry once it expires, so a closed tab does not haunt the ticket', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const other = await t.make.user('agent', vendor.id);
    const ticketId = await ticketOf(agent);
    await say(agent, ticketId, 'viewing');
    await withSystem(t.database.db, (tx) =>
      tx
        .updateTable('ticket_activity')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('ticket_id', '=', ticketId)
        .execute(),
    );
    const now = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/activity`, { token: other.token });
    expect(now.body.items).toEqual([]);
    // The next write sweeps the expired row away.
    await say(other, ticketId, 'viewing');
    const { rows } = await t.database.pool.query('select user_id from ticket_activity where ticket_id = $1', [
      ticketId,
    ]);
    expect(rows.map((r) => r.user_id)).toEqual([other.userId]);
  });
});
