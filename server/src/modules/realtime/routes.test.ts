import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { connectRealtime, type RealtimeClient } from '../../../test/realtime-client.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
let base: string;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  t = await startTestApp({
    TANDEM_REALTIME_HEARTBEAT_SECONDS: '0.3',
    TANDEM_REALTIME_MAX_CONNECTIONS_PER_USER: '3',
    TANDEM_REALTIME_MAX_BUFFERED_BYTES: '65536',
    TANDEM_REALTIME_AWAY_AFTER_SECONDS: '1',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.close();
});

async function connect(auth: Parameters<typeof connectRealtime>[1]) {
  const client = await connectRealtime(base, auth);
  clients.push(client);
  return client;
}

async function createTicket(user: TestUser, subject = 'Live') {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: user.token,
    body: {
      subject,
      channel: 'email',
      customer: { email: `${crypto.randomUUID()}@customer.test` },
      message: { body_text: 'Hello' },
    },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function login(user: TestUser) {
  const res = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email: user.email, password: TEST_PASSWORD },
  });
  expect(res.status).toBe(200);
  const cookies = res.response.cookies as Array<{ name: string; value: string }>;
  return {
    cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    csrf: res.body.csrfToken as string,
  };
}

describe('agent realtime socket', () => {
  it('pushes a ticket and its message created over REST to the vendor’s agents and the brand, never to another vendor', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const leadA = await t.make.user('team_lead', a.id);
    const agentB = await t.make.user('agent', b.id);
    const brand = await t.make.user('brand_analyst');
    const [clientA, clientB, clientBrand] = await Promise.all([
      connect({ token: leadA.token }),
      connect({ token: agentB.token }),
      connect({ token: brand.token }),
    ]);

    const ticket = await createTicket(agentA);
    const created = await clientA.waitFor((m) => m.type === 'event' && m.event.type === 'ticket.created');
    expect(created).toMatchObject({ v: 1, event: { subject_id: ticket.id, ticket_id: ticket.id } });
    const message = await clientA.waitFor((m) => m.event?.type === 'message.created');
    expect(message.event).toMatchObject({ subject_id: ticket.message.id, ticket_id: ticket.id });
    await clientBrand.waitFor((m) => m.event?.subject_id === ticket.id);

    // B's own ticket arrives after A's on the one ordered bus: by then A's would have arrived too.
    const ticketB = await createTicket(agentB);
    await clientB.waitFor((m) => m.event?.subject_id === ticketB.id);
    const seenByB = clientB.events().map((e) => e.ticket_id);
    expect(seenByB).not.toContain(ticket.id);
    expect(clientA.events().map((e) => e.ticket_id)).not.toContain(ticketB.id);
  });

  it('refuses a bad credential with 401 before the upgrade, and a token without tickets:read with 403', async () => {
    await expect(connectRealtime(base, { token: 'tdm_not-a-token' })).rejects.toMatchObject({ status: 401 });
    const refused = await connectRealtime(base, {}).catch((e) => e);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 401 });

    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const narrow = await call(t.app, 'POST', '/api/v1/tokens', {
      token: agent.token,
      body: { name: 'narrow', scopes: ['customers:read'] },
    });
    expect(narrow.status).toBe(201);
    await expect(connectRealtime(base, { token: narrow.body.token })).rejects.toMatchObject({ status: 403 });
  });

  it('takes the session cookie from our own origin only, and closes the socket when the session ends', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const { cookie, csrf } = await login(agent);
    await expect(connectRealtime(base, { cookie, origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
    const client = await connect({ cookie, origin: base });
    const out = await call(t.app, 'POST', '/api/v1/auth/logout', {
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.status).toBe(204);
    expect(await client.closed).toMatchObject({ code: 4001 });
  });

  it('closes a token’s socket once the token is revoked', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const issued = await call(t.app, 'POST', '/api/v1/tokens', {
      token: agent.token,
      body: { name: 'console', scopes: ['tickets:read'] },
    });
    expect(issued.status).toBe(201);
    const client = await connect({ token: issued.body.token });
    const revoked = await call(t.app, 'DELETE', `/api/v1/tokens/${issued.body.id}`, { token: agent.token });
    expect(revoked.status).toBe(200);
    expect(await client.closed).toMatchObject({ code: 4001 });
  });

  it('answers a flood of client messages with an error instead of acting on them', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const ticket = await createTicket(agent);
    const client = await connect({ token: agent.token });
    for (let i = 0; i < 25; i++)
      client.socket.send(JSON.stringify({ v: 1, type: 'viewing', ticket_id: ticket.id }));
    await client.waitFor((m) => m.type === 'error' && m.code === 'too_many_requests');
    await new Promise((r) => setTimeout(r, 1100)); // the budget refills every second
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.waitFor((m) => m.type === 'error' && m.code === 'invalid');
  });

  it('caps the sockets one user may hold open', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    for (let i = 0; i < 3; i++) await connect({ token: agent.token });
    await expect(connectRealtime(base, { token: agent.token })).rejects.toMatchObject({ status: 429 });
  });

  it('loses nothing over a dropped connection: the client catches up with GET /events after its last id', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const first = await connect({ token: agentA.token });
    const before = await createTicket(agentA, 'before the drop');
    const seen = await first.waitFor(
      (m) => m.event?.type === 'message.created' && m.event.ticket_id === before.id,
    );
    const lastId: number = seen.event.id;
    first.socket.terminate();
    await first.closed;

    // While A is away: a reply on A's ticket, a B ticket, and a new A ticket.
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${before.id}/messages`, {
      token: agentA.token,
      body: { body_text: 'We are on it' },
    });
    expect(reply.status).toBe(201);
    const foreign = await createTicket(agentB, 'not for A');
    const during = await createTicket(agentA, 'during the drop');

    await connect({ token: agentA.token });
    const missed = await call(t.app, 'GET', `/api/v1/events?after=${lastId}`, { token: agentA.token });
    expect(missed.status).toBe(200);
    const items = missed.body.items as any[];
    expect(items.map((e) => e.subject_id)).toEqual(
      expect.arrayContaining([reply.body.id, during.id, during.message.id]),
    );
    expect(items.map((e) => e.ticket_id)).not.toContain(foreign.id);
    expect(items.every((e) => e.id > lastId)).toBe(true);
    const ids = items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(missed.body.last_id).toBeGreaterThanOrEqual(Math.max(...ids));

    const bad = await call(t.app, 'GET', '/api/v1/events?after=soon', { token: agentA.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/after/);
  });

  it('tells the vendor a ticket moved away from only the ticket id, live and on catch-up', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const brand = await t.make.user('brand_admin');
    const ticket = await createTicket(agentA);
    const [clientA, clientB] = await Promise.all([
      connect({ token: agentA.token }),
      connect({ token: agentB.token }),
    ]);
    const { rows } = await t.database.pool.query('select max(id)::int as id from domain_events');
    const moved = await call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      token: brand.token,
      body: { vendor_id: b.id },
    });
    expect(moved.status).toBe(200);
    const away = await clientA.waitFor((m) => m.event?.type === 'ticket.moved_away');
    expect(away.event).toEqual({
      id: expect.any(Number),
      type: 'ticket.moved_away',
      subject_id: ticket.id,
      ticket_id: ticket.id,
      created_at: expect.any(String),
      payload: {},
    });
    const arrived = await clientB.waitFor((m) => m.event?.ticket_id === ticket.id);
    expect(arrived.event).toMatchObject({ type: 'ticket.updated', payload: { previousVendorId: a.id } });

    const caughtUp = await call(t.app, 'GET', `/api/v1/events?after=${rows[0].id}`, { token: agentA.token });
    expect(caughtUp.body.items).toEqual([away.event]);
  });

  it('relays viewing and typing signals with the agent’s name to those who may see the ticket', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const otherA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const ticket = await createTicket(agentA);
    const ticketB = await createTicket(agentB);
    const [typist, colleague, outsider] = await Promise.all([
      connect({ token: agentA.token }),
      connect({ token: otherA.token }),
      connect({ token: agentB.token }),
    ]);
    typist.socket.send(JSON.stringify({ v: 1, type: 'typing', ticket_id: ticket.id }));
    const signal = await colleague.waitFor(
      (m) => m.type === 'signal' && m.signal.type === 'ticket.agent_typing',
    );
    expect(signal.signal).toMatchObject({
      id: 0,
      subject_id: ticket.id,
      ticket_id: ticket.id,
      payload: { ticket_id: ticket.id, user_id: agentA.userId, display_name: expect.stringMatching(/agent/) },
    });
    typist.socket.send(JSON.stringify({ v: 1, type: 'stopped' }));
    await colleague.waitFor((m) => m.signal?.type === 'ticket.agent_stopped');

    // A signal on another vendor's ticket is refused as unknown; it reaches nobody.
    typist.socket.send(JSON.stringify({ v: 1, type: 'viewing', ticket_id: ticketB.id }));
    const refused = await typist.waitFor((m) => m.type === 'error');
    expect(refused).toMatchObject({ v: 1, code: 'not_found' });
    typist.socket.send(JSON.stringify({ v: 1, type: 'typing' }));
    const invalid = await typist.waitFor((m) => m.type === 'error' && m.code === 'invalid');
    expect(invalid.errors[0].path).toBe('ticket_id');

    outsider.socket.send(JSON.stringify({ v: 1, type: 'viewing', ticket_id: ticketB.id }));
    await outsider.waitFor((m) => m.signal?.type === 'ticket.agent_viewing');
    expect(outsider.signals().map((s) => s.ticket_id)).not.toContain(ticket.id);
    expect(colleague.signals().map((s) => s.ticket_id)).not.toContain(ticketB.id);
  });

  it('sets an online agent away once their last socket has been closed for the grace period', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const lead = await t.make.user('team_lead', vendor.id);
    await call(t.app, 'PUT', '/api/v1/presence', { token: agent.token, body: { status: 'online' } });
    const watcher = await connect({ token: lead.token });
    const socket = await connectRealtime(base, { token: agent.token });
    await new Promise((r) => setTimeout(r, 1200)); // connected past the grace: heartbeats keep it online
    const stillOnline = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('agent_presence')
        .select('status')
        .where('user_id', '=', agent.userId)
        .executeTakeFirstOrThrow(),
    );
    expect(stillOnline.status).toBe('online');
    await socket.close();
    const change = await watcher.waitFor(
      (m) => m.event?.type === 'presence.changed' && m.event.subject_id === agent.userId,
      // Generous: on a loaded 2-core machine the grace sweep and the bus can lag by seconds.
      20_000,
    );
    expect(change.event.payload).toMatchObject({ status: 'away', previous: 'online' });
  }, 40_000);
});
