import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../../../test/chat-client.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { connectRealtime } from '../../../../test/realtime-client.js';
import { withSystem } from '../../../platform/db/transaction.js';

let t: TestContext;
let base: string;
let url: string;
let slug: string;
let brand: TestUser;
const sockets: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  t = await startTestApp({ TANDEM_CHAT_WAIT_SECONDS: '600' });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${base.replace('http', 'ws')}/api/v1/chat/socket`;
  slug = (
    await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('organizations')
        .select('slug')
        .where('id', '=', t.organizationId)
        .executeTakeFirstOrThrow(),
    )
  ).slug;
  brand = await t.make.user('brand_admin');
  // Someone online for chat, so chats stay live instead of going to email.
  const online = await t.make.user('agent', (await t.make.vendor()).id);
  await withSystem(t.database.db, (tx) =>
    tx
      .insertInto('agent_capacities')
      .values({ user_id: online.userId, channel: 'chat', max_concurrent: 3 })
      .execute(),
  );
  expect(
    (await call(t.app, 'PUT', '/api/v1/presence', { token: online.token, body: { status: 'online' } }))
      .status,
  ).toBe(200);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

async function startChat(text = 'Hi, my parcel is late') {
  const client = await ChatClient.connect(url);
  sockets.push(client);
  await client.hello(slug);
  client.send({ type: 'start', client_id: randomUUID().replaceAll('-', ''), name: 'Vera Visitor', text });
  await client.type('ack');
  const { conversation } = await client.type('conversation');
  return { client, ticketId: conversation.id as string };
}

/** What routing will do: give the chat to a vendor. */
async function route(ticketId: string, vendorId: string) {
  const res = await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
    token: brand.token,
    body: { vendor_id: vendorId },
  });
  expect(res.status).toBe(200);
}

async function waiting(user: TestUser) {
  const res = await call(t.app, 'GET', '/api/v1/chats?state=waiting', { token: user.token });
  expect(res.status).toBe(200);
  return (res.body.items as any[]).map((c) => c.id);
}

async function realtime(user: TestUser) {
  const client = await connectRealtime(base, { token: user.token });
  sockets.push(client);
  return client;
}

describe('live chats for agents', () => {
  it('offers a waiting chat only to those who may take it: the brand before routing, then the routed vendor', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const { ticketId } = await startChat();
    expect(await waiting(brand)).toContain(ticketId);
    expect(await waiting(agentA)).not.toContain(ticketId);
    await route(ticketId, a.id);
    expect(await waiting(agentA)).toContain(ticketId);
    expect(await waiting(agentB)).not.toContain(ticketId);
    expect(await waiting(brand)).not.toContain(ticketId);
    const [row] = (await call(t.app, 'GET', '/api/v1/chats', { token: agentA.token })).body.items.filter(
      (c: any) => c.id === ticketId,
    );
    expect(row).toMatchObject({
      visitor_name: 'Vera Visitor',
      mode: 'live',
      agent_id: null,
      vendor_id: a.id,
      last_message_preview: 'Hi, my parcel is late',
      waiting_since: expect.any(String),
    });
    const stolen = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/accept`, { token: agentB.token });
    expect(stolen.status).toBe(404);
    const bad = await call(t.app, 'GET', '/api/v1/chats?state=idle', { token: agentA.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^query\.state/);
  });

  it('gives a chat to exactly one of two agents accepting at once, with their site and team', async () => {
    const vendor = await t.make.vendor();
    const site = await t.make.site(vendor.id);
    const team = await t.make.team(vendor.id, site.id);
    const first = await t.make.user('agent', vendor.id, { siteId: site.id, teamId: team.id });
    const second = await t.make.user('agent', vendor.id, { siteId: site.id, teamId: team.id });
    const { client, ticketId } = await startChat();
    await route(ticketId, vendor.id);
    const results = await Promise.all(
      [first, second].map((agent) =>
        call(t.app, 'POST', `/api/v1/chats/${ticketId}/accept`, { token: agent.token }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results[0]!.status === 200 ? first : second;
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({ status: 409, errors: [{ path: 'params.ticketId' }] });
    const won = results.find((r) => r.status === 200)!.body;
    expect(won).toMatchObject({
      id: ticketId,
      agent_id: winner.userId,
      site_id: site.id,
      team_id: team.id,
      status: 'open',
    });
    const joined = await client.next((f) => f.type === 'message' && f.author === 'system');
    expect(joined.text).toMatch(/joined the chat/);
    // Accepting again is harmless; the chat is now the winner's active chat and no longer waiting.
    expect(
      (await call(t.app, 'POST', `/api/v1/chats/${ticketId}/accept`, { token: winner.token })).status,
    ).toBe(200);
    const active = await call(t.app, 'GET', '/api/v1/chats?state=active', { token: winner.token });
    expect(active.body.items.map((c: any) => c.id)).toEqual([ticketId]);
    expect(await waiting(winner)).not.toContain(ticketId);
    const history = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/events`, { token: winner.token });
    expect(history.body.items.map((e: any) => e.field)).toEqual(
      expect.arrayContaining(['agent_id', 'status']),
    );
  });

  it('carries messages both ways and the visitor’s typing to the vendor’s agents only', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const { client, ticketId } = await startChat();
    await route(ticketId, a.id);
    expect(
      (await call(t.app, 'POST', `/api/v1/chats/${ticketId}/accept`, { token: agentA.token })).status,
    ).toBe(200);
    const [socketA, socketB] = await Promise.all([realtime(agentA), realtime(agentB)]);

    client.send({ type: 'typing', typing: true });
    const typing = await socketA.waitFor(
      (m) => m.type === 'signal' && m.signal.type === 'chat.visitor_typing',
    );
    expect(typing.signal).toMatchObject({ ticket_id: ticketId, payload: { typing: true } });
    client.send({ type: 'message', client_id: randomUUID().replaceAll('-', ''), text: 'Are you there?' });
    const inbound = await socketA.waitFor(
      (m) => m.event?.type === 'message.created' && m.event.ticket_id === ticketId,
    );
    expect(inbound.event.payload).toMatchObject({ authorKind: 'customer', channel: 'chat' });
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agentA.token,
      body: { body_text: 'Yes, looking now' },
    });
    expect(reply.status).toBe(201);
    const seen = await client.next((f) => f.type === 'message' && f.author === 'agent');
    expect(seen).toMatchObject({ text: 'Yes, looking now', name: expect.stringMatching(/^agent /) });
    await socketA.waitFor((m) => m.event?.subject_id === reply.body.id);
    expect(
      socketB.messages.filter((m) => m.signal?.ticket_id === ticketId || m.event?.ticket_id === ticketId),
    ).toEqual([]);
  });

  it('ends a chat: the visitor is told, the ticket is solved, and only its agent or a supervisor may end it', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const colleague = await t.make.user('agent', a.id);
    const leadB = await t.make.user('team_lead', b.id);
    const { client, ticketId } = await startChat();
    await route(ticketId, a.id);
    await call(t.app, 'POST', `/api/v1/chats/${ticketId}/accept`, { token: agentA.token });
    expect((await call(t.app, 'POST', `/api/v1/chats/${ticketId}/end`, { token: leadB.token })).status).toBe(
      404,
    );
    const notMine = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/end`, { token: colleague.token });
    expect(notMine.status).toBe(403);
    const ended = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/end`, { token: agentA.token });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ ticket_id: ticketId, status: 'solved', ended_by: agentA.userId });
    const notice = await client.next((f) => f.type === 'message' && /ended the chat/.test(f.text));
    expect(notice.author).toBe('system');
    expect(await client.type('ended')).toEqual({ type: 'ended', conversation_id: ticketId });
    // Ending twice changes nothing; the visitor's next message in that chat is refused.
    expect((await call(t.app, 'POST', `/api/v1/chats/${ticketId}/end`, { token: agentA.token })).status).toBe(
      200,
    );
    const clientId = randomUUID().replaceAll('-', '');
    client.send({ type: 'message', client_id: clientId, text: 'one more thing' });
    const refused = await client.next((f) => f.type === 'error' && f.client_id === clientId);
    expect(refused.errors[0].path).toBe('frame.type');
    const active = await call(t.app, 'GET', '/api/v1/chats?state=active', { token: agentA.token });
    expect(active.body.items.map((c: any) => c.id)).not.toContain(ticketId);
    // A new start from the same visitor opens a new chat.
    client.send({
      type: 'start',
      client_id: randomUUID().replaceAll('-', ''),
      name: 'Vera',
      text: 'Hello again',
    });
    const next = await client.type('conversation');
    expect(next.conversation.id).not.toBe(ticketId);
  });
});

describe('live chats under the brand’s masking policy', () => {
  it('shows an outsourced agent the visitor masked, in the waiting list and when taking the chat', async () => {
    const vendor = await t.make.vendor({ kind: 'outsourced' });
    const agent = await t.make.user('agent', vendor.id);
    const policy = await call(t.app, 'PUT', '/api/v1/privacy/masking-policy', {
      token: brand.token,
      body: { masked_roles: ['agent'] },
    });
    expect(policy.status).toBe(200);
    try {
      const { ticketId } = await startChat('I am Vera Visitor, card 4242 4242 4242 4242');
      await route(ticketId, vendor.id);
      const list = await call(t.app, 'GET', '/api/v1/chats?state=waiting', { token: agent.token });
      const chat = (list.body.items as any[]).find((c) => c.id === ticketId);
      expect(chat).toMatchObject({ visitor_name: 'Vera V.' });
      expect(JSON.stringify(chat)).not.toContain('Visitor');
      expect(JSON.stringify(chat)).not.toContain('4242 4242 4242 4242');
      const taken = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/accept`, { token: agent.token });
      expect(taken.status).toBe(200);
      expect(taken.body.visitor_name).toBe('Vera V.');
      const asBrand = await call(t.app, 'GET', '/api/v1/chats?state=active', { token: brand.token });
      expect(asBrand.status).toBe(200);
    } finally {
      await call(t.app, 'PUT', '/api/v1/privacy/masking-policy', {
        token: brand.token,
        body: { masked_roles: [] },
      });
    }
  });
});
