import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../../../test/chat-client.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { withSystem } from '../../../platform/db/transaction.js';

let t: TestContext;
let url: string;
let slug: string;
let brand: TestUser;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_CHAT_WAIT_SECONDS: '1' });
  url = `${(await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/api/v1/chat/socket`;
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
});
afterAll(() => t.close());

const cid = () => randomUUID().replaceAll('-', '');

async function start(email?: string) {
  const client = await ChatClient.connect(url);
  await client.hello(slug, { language: 'en' });
  client.send({
    type: 'start',
    client_id: cid(),
    name: 'Ola',
    text: 'Is anyone there?',
    ...(email ? { email } : {}),
  });
  await client.type('ack');
  const { conversation } = await client.type('conversation');
  return { client, conversation };
}

const ticketOf = (id: string) =>
  withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('tickets')
      .select(['channel', 'customer_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );

describe('chat when no agent is available', () => {
  it('turns into an email ticket at once, asks for the address and ties the chat to its owner', async () => {
    const { client, conversation } = await start();
    expect(conversation).toMatchObject({ mode: 'email', email: null });
    const notice = await client.next((f) => f.type === 'message' && f.author === 'system');
    expect(notice.text).toMatch(/No one is available.*Leave your email address/);
    expect((await ticketOf(conversation.id)).channel).toBe('email');

    // The address already belongs to a customer: the chat becomes theirs.
    const known = await t.make.customer();
    client.send({ type: 'email', email: ` ${known.toUpperCase()}@CUSTOMER.TEST ` });
    const updated = await client.next((f) => f.type === 'conversation' && f.conversation.email);
    expect(updated.conversation).toMatchObject({ mode: 'email', email: `${known}@customer.test` });
    const thanks = await client.next(
      (f) => f.type === 'message' && /We will answer by email at/.test(f.text),
    );
    expect(thanks.text).toContain(`${known}@customer.test`);
    expect((await ticketOf(conversation.id)).customer_id).toBe(known);
    const history = await call(t.app, 'GET', `/api/v1/tickets/${conversation.id}/events`, {
      token: brand.token,
    });
    expect(history.body.items.map((e: any) => e.field)).toEqual(['created', 'channel', 'customer_id']);
    client.close();
  });

  it('goes to email when nobody answers in TANDEM_CHAT_WAIT_SECONDS, but not once an agent answered', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    await withSystem(t.database.db, (tx) =>
      tx
        .insertInto('agent_capacities')
        .values({ user_id: agent.userId, channel: 'chat', max_concurrent: 2 })
        .execute(),
    );
    await call(t.app, 'PUT', '/api/v1/presence', { token: agent.token, body: { status: 'online' } });

    const unanswered = await start('ola@example.test');
    const answered = await start('other@example.test');
    expect([unanswered.conversation.mode, answered.conversation.mode]).toEqual(['live', 'live']);
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${answered.conversation.id}/messages`, {
      token: brand.token,
      body: { body_text: 'Hi, I am here', visibility: 'public' },
    });
    expect(reply.status).toBe(201);
    await answered.client.next((f) => f.type === 'message' && f.author === 'agent');

    const changed = await unanswered.client.next(
      (f) => f.type === 'conversation' && f.conversation.mode === 'email',
    );
    expect(changed.conversation.email).toBe('ola@example.test');
    const notice = await unanswered.client.next((f) => f.type === 'message' && f.author === 'system');
    expect(notice.text).toBe(
      'No one is available to chat right now. We will answer by email at ola@example.test.',
    );
    expect((await ticketOf(unanswered.conversation.id)).channel).toBe('email');

    // The answered chat's deadline has passed too; it stays a live chat.
    await sleep(Math.max(0, Date.parse(answered.conversation.created_at) + 1500 - Date.now()));
    answered.client.send({ type: 'ping' });
    await answered.client.type('pong');
    expect(
      answered.client.frames.filter((f) => f.type === 'conversation').map((f) => f.conversation.mode),
    ).toEqual(['live']);
    expect((await ticketOf(answered.conversation.id)).channel).toBe('chat');
    unanswered.client.close();
    answered.client.close();
  });
});
