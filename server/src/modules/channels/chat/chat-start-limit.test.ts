import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../../../test/chat-client.js';
import { startTestApp, type TestContext } from '../../../../test/harness.js';
import { withSystem } from '../../../platform/db/transaction.js';

let t: TestContext;
let url: string;
let slug: string;

beforeAll(async () => {
  // Loopback is the trusted proxy, so each test visitor can name its own address in X-Forwarded-For.
  t = await startTestApp({ TANDEM_CHAT_STARTS_PER_HOUR: '2', TANDEM_TRUSTED_PROXIES: '127.0.0.1' });
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
});
afterAll(() => t.close());

/** A new visitor (no token) from `address` sends the pre-chat form; returns the first answer to it. */
async function startFrom(address: string) {
  const client = await ChatClient.connect(url, { 'x-forwarded-for': address });
  await client.hello(slug);
  const clientId = randomUUID().replaceAll('-', '');
  client.send({ type: 'start', client_id: clientId, name: 'Vera Visitor', text: 'Where is my order?' });
  const answer = await client.next(
    (f) => (f.type === 'ack' || f.type === 'error') && f.client_id === clientId,
  );
  return { client, answer };
}

describe('new chats per client address', () => {
  it('refuses a start beyond the hourly allowance with an error frame in words, per address', async () => {
    const first = await startFrom('203.0.113.7');
    const second = await startFrom('203.0.113.7');
    expect(first.answer.type).toBe('ack');
    expect(second.answer.type).toBe('ack');
    const third = await startFrom('203.0.113.7');
    expect(third.answer).toMatchObject({ type: 'error', code: 'too_many_chats' });
    expect(third.answer.message).toMatch(/too many chats .* try again later/i);
    // A chat in progress goes on: its own next message is not a new chat.
    const clientId = randomUUID().replaceAll('-', '');
    first.client.send({ type: 'message', client_id: clientId, text: 'Any news?' });
    expect(await first.client.next((f) => f.client_id === clientId && f.type !== 'message')).toMatchObject({
      type: 'ack',
    });
    // Another address has its own allowance.
    const elsewhere = await startFrom('198.51.100.23');
    expect(elsewhere.answer.type).toBe('ack');
    for (const c of [first, second, third, elsewhere]) c.client.close();
  });
});
