import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../../../test/chat-client.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { withActor, withSystem } from '../../../platform/db/transaction.js';
import type { BusEvent } from '../../../platform/realtime/event-bus.js';

let t: TestContext;
let url: string;
let slug: string;
let brand: TestUser;
let agentName: string;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_CHAT_MESSAGES_PER_MINUTE: '20', TANDEM_CHAT_WAIT_SECONDS: '600' });
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address.replace('http', 'ws')}/api/v1/chat/socket`;
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
  // One agent online for chat, so chats stay live.
  const vendor = await t.make.vendor();
  const agent = await t.make.user('agent', vendor.id);
  await withSystem(t.database.db, (tx) =>
    tx
      .insertInto('agent_capacities')
      .values({ user_id: agent.userId, channel: 'chat', max_concurrent: 3 })
      .execute(),
  );
  expect(
    (await call(t.app, 'PUT', '/api/v1/presence', { token: agent.token, body: { status: 'online' } })).status,
  ).toBe(200);
  agentName = (
    await withSystem(t.database.db, (tx) =>
      tx.selectFrom('users').select('display_name').where('id', '=', brand.userId).executeTakeFirstOrThrow(),
    )
  ).display_name;
});
afterAll(() => t.close());

const cid = () => randomUUID().replaceAll('-', '');

async function visitor(extra: { token?: string; last_seq?: number; language?: string } = {}) {
  const client = await ChatClient.connect(url);
  const welcome = await client.hello(slug, extra);
  return { client, welcome };
}

/** A visitor with a chat in progress. */
async function startedChat(text = 'Hello, where is my order?', email?: string) {
  const { client, welcome } = await visitor({ language: 'en-GB' });
  const clientId = cid();
  client.send({
    type: 'start',
    client_id: clientId,
    name: 'Vera Visitor',
    text,
    ...(email ? { email } : {}),
  });
  const ack = await client.type('ack');
  const { conversation } = await client.type('conversation');
  return { client, welcome, ack, clientId, ticketId: conversation.id as string };
}

function storedMessages(ticketId: string) {
  return withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('messages')
      .select(['id', 'author_kind', 'body_text', 'external_id', 'chat_seq', 'visibility', 'channel'])
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .execute(),
  );
}

describe('visitor chat socket', () => {
  it('greets a new visitor with a signed token, starts a chat ticket and acks the first message', async () => {
    const { client, welcome, ack, clientId, ticketId } = await startedChat(
      'Hello, my order 1234 has not arrived yet',
      'vera@example.test',
    );
    expect(welcome).toMatchObject({ visitor_id: expect.any(String), token: expect.stringMatching(/^v1\./) });
    expect(welcome.conversation).toBeNull();
    expect(ack).toMatchObject({ client_id: clientId, id: expect.any(String), seq: 1 });
    // The visitor is also sent its own message, numbered like everything else it sees.
    const echoed = await client.next((f) => f.type === 'message' && f.seq === 1);
    expect(echoed).toMatchObject({ id: ack.id, client_id: clientId, author: 'visitor', name: null });

    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: brand.token });
    expect(ticket.status).toBe(200);
    expect(ticket.body).toMatchObject({
      channel: 'chat',
      subject: 'Hello, my order 1234 has not arrived yet',
    });
    const kinds = ticket.body.customer.identities.map((i: any) => `${i.kind}:${i.value}`);
    expect(kinds).toEqual(
      expect.arrayContaining([`chat_visitor:${welcome.visitor_id}`, 'email:vera@example.test']),
    );
    const stored = await storedMessages(ticketId);
    expect(stored).toEqual([
      expect.objectContaining({
        author_kind: 'customer',
        external_id: `chat:${clientId}`,
        chat_seq: 1,
        channel: 'chat',
      }),
    ]);
    client.close();
  });

  it('stores a resent client id once and acks it again with the same id and seq', async () => {
    const { client, ticketId } = await startedChat();
    const clientId = cid();
    client.send({ type: 'message', client_id: clientId, text: 'Are you there?' });
    client.send({ type: 'message', client_id: clientId, text: 'Are you there?' });
    const first = await client.next((f) => f.type === 'ack' && f.client_id === clientId);
    const second = await client.next((f) => f.type === 'ack' && f.client_id === clientId);
    expect(second).toEqual(first);
    const stored = await storedMessages(ticketId);
    expect(stored.filter((m) => m.external_id === `chat:${clientId}`)).toHaveLength(1);
    client.close();
  });

  it('pushes public agent replies with the agent name, never internal notes, and forwards agent typing', async () => {
    const { client, ticketId } = await startedChat();
    const note = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: brand.token,
      body: { body_text: 'internal: customer looks angry', visibility: 'internal' },
    });
    expect(note.status).toBe(201);
    const typing = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/typing`, {
      token: brand.token,
      body: { typing: true },
    });
    expect(typing.status).toBe(204);
    expect(await client.type('typing')).toEqual({
      type: 'typing',
      author: 'agent',
      name: agentName,
      typing: true,
    });
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: brand.token,
      body: { body_text: 'Hi! Let me check that for you.', visibility: 'public' },
    });
    expect(reply.status).toBe(201);
    const pushed = await client.next((f) => f.type === 'message' && f.author === 'agent');
    expect(pushed).toMatchObject({
      id: reply.body.id,
      seq: 2,
      name: agentName,
      text: 'Hi! Let me check that for you.',
    });
    // The note was written before the reply: had it been sent, it would have come first.
    expect(client.messages().map((m) => m.text)).not.toContain('internal: customer looks angry');
    client.close();
  });

  it('resumes after a dropped connection from the database: nothing lost, nothing twice', async () => {
    const { client, welcome, ticketId } = await startedChat();
    const reply = (text: string) =>
      call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
        token: brand.token,
        body: { body_text: text, visibility: 'public' },
      });
    await reply('First answer');
    const seen = await client.next((f) => f.type === 'message' && f.text === 'First answer');
    // A message goes out and the connection dies before its ack can arrive.
    const lostAck = cid();
    client.send({ type: 'message', client_id: lostAck, text: 'Did you find it?' });
    client.terminate();
    // While the visitor is away the agent answers twice and adds a note.
    await reply('Second answer');
    await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: brand.token,
      body: { body_text: 'note while away', visibility: 'internal' },
    });
    await reply('Third answer');

    const { client: again, welcome: back } = await visitor({ token: welcome.token, last_seq: seen.seq });
    expect(back.visitor_id).toBe(welcome.visitor_id);
    expect(back.conversation.id).toBe(ticketId);
    // The widget resends what it never saw acked; the server recognises it.
    again.send({ type: 'message', client_id: lostAck, text: 'Did you find it?' });
    const ack = await again.next((f) => f.type === 'ack' && f.client_id === lostAck);
    await again.next((f) => f.type === 'message' && f.text === 'Third answer');
    // Stored before the drop, it is replayed; stored only now, it is pushed like any new message.
    await again.next((f) => f.type === 'message' && f.client_id === lostAck);

    const replayed = again.messages();
    const seqs = replayed.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((s) => s > seen.seq)).toBe(true);
    expect(replayed.map((m) => m.text).sort()).toEqual(
      ['Did you find it?', 'Second answer', 'Third answer'].sort(),
    );
    const stored = await storedMessages(ticketId);
    expect(stored.filter((m) => m.external_id === `chat:${lostAck}`)).toEqual([
      expect.objectContaining({ id: ack.id, chat_seq: ack.seq }),
    ]);
    // Together, what the visitor saw before and after the drop is the whole public transcript, once.
    const publicSeqs = stored.filter((m) => m.visibility === 'public').map((m) => m.chat_seq);
    expect([...client.messages().map((m) => m.seq), ...seqs].sort((a, b) => a - b)).toEqual(
      [...publicSeqs].sort((a, b) => a! - b!),
    );
    again.close();
  });

  it('gives another visitor, a forged token or another brand’s token nothing of this chat', async () => {
    const { client, welcome, ticketId } = await startedChat('Private: my address is 1 Secret Lane');
    client.close();
    const other = await visitor();
    expect(other.welcome.conversation).toBeNull();
    expect(other.welcome.visitor_id).not.toBe(welcome.visitor_id);

    const forgedToken = `v1.${welcome.visitor_id}.${'A'.repeat(43)}`;
    const forged = await ChatClient.connect(url);
    forged.send({ type: 'hello', org: slug, token: forgedToken, last_seq: 0 });
    expect(await forged.type('error')).toMatchObject({
      code: 'invalid_token',
      errors: [{ path: 'frame.token' }],
    });
    const fresh = await forged.type('welcome');
    expect(fresh.visitor_id).not.toBe(welcome.visitor_id);
    expect(fresh.conversation).toBeNull();

    // A valid token of this brand is worth nothing at another brand.
    const otherOrg = await withSystem(t.database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Other', slug: `other-${cid().slice(0, 8)}` })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    const abroad = await ChatClient.connect(url);
    abroad.send({ type: 'hello', org: otherOrg.slug, token: welcome.token });
    expect(await abroad.type('error')).toMatchObject({ code: 'invalid_token' });
    expect((await abroad.type('welcome')).conversation).toBeNull();

    // Trying to reuse the victim's client id cannot reach into the victim's chat either.
    const victimMessages = await storedMessages(ticketId);
    other.client.send({
      type: 'start',
      client_id: victimMessages[0]!.external_id!.slice(5),
      name: 'x',
      text: 'hi there',
    });
    expect(await other.client.type('error')).toMatchObject({ errors: [{ path: 'frame.client_id' }] });
    for (const c of [other.client, forged, abroad]) {
      expect(c.messages().map((m) => m.text)).not.toContain('Private: my address is 1 Secret Lane');
      c.close();
    }
  });

  it('sends agent typing only for tickets the agent can see, and visitor typing with the ticket’s vendor', async () => {
    const vendorA = await t.make.vendor();
    const vendorB = await t.make.vendor();
    const agentB = await t.make.user('agent', vendorB.id);
    const { client, ticketId } = await startedChat();
    await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      token: brand.token,
      body: { vendor_id: vendorA.id },
    });
    const denied = await call(t.app, 'POST', `/api/v1/chats/${ticketId}/typing`, {
      token: agentB.token,
      body: {},
    });
    expect(denied.status).toBe(404);

    const heard: BusEvent[] = [];
    const unsubscribe = t.bus.subscribe((e) => {
      if (e.type === 'chat.visitor_typing') heard.push(e);
    });
    client.send({ type: 'typing', typing: true });
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(1);
    unsubscribe();
    expect(heard[0]).toMatchObject({
      vendor_id: vendorA.id,
      subject_id: ticketId,
      payload: { typing: true },
    });
    client.close();
  });

  it('shows a chat’s conversation row only to the vendor that has the ticket (row-level security)', async () => {
    const vendorA = await t.make.vendor();
    const vendorB = await t.make.vendor();
    const agentA = await t.make.user('agent', vendorA.id);
    const agentB = await t.make.user('agent', vendorB.id);
    const { client, ticketId } = await startedChat();
    await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      token: brand.token,
      body: { vendor_id: vendorA.id },
    });
    const visible = (agent: TestUser) =>
      withActor(t.database.db, agent, (tx) =>
        tx.selectFrom('chat_conversations').select('ticket_id').where('ticket_id', '=', ticketId).execute(),
      );
    expect(await visible(agentA)).toHaveLength(1);
    expect(await visible(agentB)).toHaveLength(0);
    const changed = await withActor(t.database.db, agentB, (tx) =>
      tx
        .updateTable('chat_conversations')
        .set({ mode: 'email' })
        .where('ticket_id', '=', ticketId)
        .executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    const read = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/messages`, { token: agentB.token });
    expect(read.status).toBe(404);
    client.close();
  });

  it('answers bad frames with an error frame naming the field and keeps the socket', async () => {
    const client = await ChatClient.connect(url);
    client.send({ type: 'message', client_id: cid(), text: 'before hello' });
    expect(await client.type('error')).toMatchObject({
      code: 'invalid_frame',
      errors: [{ path: 'frame.type' }],
    });
    client.send('{not json');
    expect(await client.type('error')).toMatchObject({ errors: [{ path: 'frame', message: 'not JSON' }] });
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.type('error')).toMatchObject({
      errors: [{ path: 'frame', message: 'binary frame' }],
    });
    client.send({ type: 'shout' });
    expect(await client.type('error')).toMatchObject({ errors: [{ path: 'frame.type' }] });
    await client.hello(slug);
    client.send({ type: 'start', client_id: 'short', text: 'hi' });
    expect(await client.type('error')).toMatchObject({
      client_id: 'short',
      errors: [{ path: 'frame.client_id' }],
    });
    client.send({ type: 'start', client_id: cid(), text: ' \u0007 ' });
    expect(await client.type('error')).toMatchObject({
      errors: [{ path: 'frame.text', message: 'empty message' }],
    });
    // Text PostgreSQL cannot store is refused at the socket, naming the field, before any write.
    client.send({ type: 'start', client_id: cid(), text: 'hi\u0000there' });
    expect(await client.type('error')).toMatchObject({
      code: 'invalid_frame',
      errors: [{ path: 'frame.text', message: expect.stringContaining('NUL') }],
    });
    client.send({ type: 'start', client_id: cid(), text: 'hi \ud83d' });
    expect(await client.type('error')).toMatchObject({ errors: [{ path: 'frame.text' }] });
    client.send({ type: 'start', client_id: cid(), text: 'x'.repeat(4001) });
    expect(await client.type('error')).toMatchObject({ errors: [{ path: 'frame.text' }] });
    client.send({ type: 'start', client_id: cid(), email: 'not-an-email', text: 'hello' });
    expect(await client.type('error')).toMatchObject({ errors: [{ path: 'frame.email' }] });
    client.send({ type: 'message', client_id: cid(), text: 'no chat yet' });
    expect(await client.type('error')).toMatchObject({
      errors: [{ path: 'frame.type', message: 'no chat in progress' }],
    });
    client.send({ type: 'ping' });
    expect(await client.type('pong')).toEqual({ type: 'pong' });
    client.close();
  });

  it('stores text only, without control characters, and limits how fast a visitor sends', async () => {
    const { client, ticketId } = await startedChat();
    const clientId = cid();
    client.send({ type: 'message', client_id: clientId, text: '<b>bold</b>\u202e\u0007 ok' });
    await client.next((f) => f.type === 'ack' && f.client_id === clientId);
    const stored = await storedMessages(ticketId);
    expect(stored.at(-1)!.body_text).toBe('<b>bold</b> ok');
    // The start and one message used 2 of a burst of 10.
    const ids = Array.from({ length: 10 }, cid);
    for (const id of ids) client.send({ type: 'message', client_id: id, text: `flood ${id}` });
    const limited = await client.next((f) => f.type === 'error' && f.code === 'too_many_requests');
    expect(ids).toContain(limited.client_id);
    client.close();
  });

  it('takes the language from the text when there is enough of it, else from the browser', async () => {
    const fr = await startedChat(
      'Bonjour, je voudrais savoir où en est ma commande. Elle devait arriver hier.',
    );
    const short = await startedChat('Hi');
    const languages = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('tickets')
        .select(['id', 'language'])
        .where('id', 'in', [fr.ticketId, short.ticketId])
        .execute(),
    );
    expect(Object.fromEntries(languages.map((r) => [r.id, r.language]))).toEqual({
      [fr.ticketId]: 'fr',
      [short.ticketId]: 'en',
    });
    fr.client.close();
    short.client.close();
  });
});
