import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { FAST_OUTBOX, startTestOutbox, waitFor } from '../../../../test/outbox.js';
import type { OutboxWorker } from '../../../platform/outbox/worker.js';
import { verifySignature } from '../../webhooks/index.js';

/** A social bridge's endpoint: records what Tandem sends back; `status` sets the answer. */
async function startBridge() {
  const received: Array<{ raw: string; body: any; signature: string }> = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ raw, body: JSON.parse(raw), signature: String(req.headers['tandem-signature']) });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tandem`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const post = (author = 'u-1', thread = 't-1', id = 'm-1', text = 'Where is my order?') => ({
  channel: 'instagram',
  thread_id: thread,
  message_id: id,
  author: { id: author, name: 'Jane Doe', handle: '@jane' },
  text,
  attachments: [{ url: 'https://cdn.example/photo.jpg', filename: 'photo.jpg', content_type: 'image/jpeg' }],
  sent_at: '2026-11-23T10:00:00Z',
});

describe('social channel', () => {
  let t: TestContext;
  let outbox: OutboxWorker;
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  let admin: TestUser;
  let vendorId: string;
  let agent: TestUser;

  beforeAll(async () => {
    bridge = await startBridge();
    t = await startTestApp(FAST_OUTBOX);
    outbox = startTestOutbox(t);
    admin = await t.make.user('brand_admin');
    vendorId = (await t.make.vendor()).id;
    agent = await t.make.user('agent', vendorId);
  });
  afterAll(async () => {
    await outbox.stop();
    await t.close();
    await bridge.close();
  });

  const inbound = (body: unknown, token = admin.token) =>
    call(t.app, 'POST', '/api/v1/channels/social/inbound', { token, body });

  async function messageOf(ticketId: string, messageId: string) {
    const res = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/messages`, { token: admin.token });
    return res.body.items.find((m: { id: string }) => m.id === messageId);
  }

  it('opens one ticket per thread, continues it, and stores a redelivered message once', async () => {
    const first = await inbound(post('u-1', 't-1', 'm-1'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created_ticket: true, duplicate: false });
    expect(first.body.message).toMatchObject({
      channel: 'social',
      external_id: 'social:instagram:m-1',
      author_kind: 'customer',
      body_text: 'Where is my order?',
      attachments: [{ name: 'photo.jpg', contentType: 'image/jpeg', url: 'https://cdn.example/photo.jpg' }],
    });
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${first.body.ticket_id}`, {
      token: admin.token,
    });
    expect(ticket.body).toMatchObject({ channel: 'social', subject: 'Where is my order?' });
    expect(ticket.body.customer.identities).toContainEqual({ kind: 'external', value: 'instagram:u-1' });

    const { rows: events } = await t.database.pool.query(
      "select payload from domain_events where type = 'message.created' and subject_id = $1",
      [first.body.message.id],
    );
    expect(events[0].payload.sentAt).toBe('2026-11-23T10:00:00.000Z');

    const again = await inbound(post('u-1', 't-1', 'm-1'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, ticket_id: first.body.ticket_id });
    expect(again.body.message.id).toBe(first.body.message.id);

    const next = await inbound(post('u-1', 't-1', 'm-2', 'Any news?'));
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ created_ticket: false, ticket_id: first.body.ticket_id });
    const messages = await call(t.app, 'GET', `/api/v1/tickets/${first.body.ticket_id}/messages`, {
      token: admin.token,
    });
    expect(messages.body.items).toHaveLength(2);

    const concurrent = await Promise.all([1, 2, 3].map(() => inbound(post('u-9', 't-9', 'm-9'))));
    expect(concurrent.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(concurrent.map((r) => r.body.message.id)).size).toBe(1);

    const other = await inbound(post('u-1', 't-2', 'm-3'));
    expect(other.body.created_ticket).toBe(true);
    expect(other.body.ticket_id).not.toBe(first.body.ticket_id);
  });

  it('takes posts only from tokens with channels:ingest, and names the field at fault', async () => {
    const vendorAdmin = await t.make.user('vendor_admin', vendorId);
    expect((await inbound(post(), vendorAdmin.token)).status).toBe(403);
    expect((await inbound(post(), agent.token)).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/channels/social/inbound', { body: post() })).status).toBe(401);
    const cases: Array<[unknown, string]> = [
      [{ ...post(), author: { name: 'no id' } }, 'body.author.id'],
      [{ ...post(), text: '', attachments: [] }, 'body.text'],
      [{ ...post(), channel: 'Insta Gram!' }, 'body.channel'],
      [
        {
          ...post(),
          attachments: [{ url: 'javascript:alert(1)', filename: 'x', content_type: 'text/html' }],
        },
        'body.attachments.0.url',
      ],
      [{ ...post(), sent_at: 'yesterday' }, 'body.sent_at'],
    ];
    for (const [body, path] of cases) {
      const res = await inbound(body);
      expect(res.status, path).toBe(400);
      expect(res.response.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('sends an agent’s public reply back to the network’s bridge as a signed social.reply', async () => {
    const sub = await call(t.app, 'POST', '/api/v1/webhooks', {
      token: admin.token,
      body: { url: bridge.url, event_types: ['social.reply'], networks: ['instagram'] },
    });
    expect(sub.status).toBe(201);
    const opened = await inbound(post('u-5', 'thread-5', 'm-50', 'Hi there'));
    const ticketId = opened.body.ticket_id;
    await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      token: admin.token,
      body: { vendor_id: vendorId },
    });
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body_text: 'Hello Jane, it ships today.' },
    });
    expect(reply.status).toBe(201);
    const sent = await waitFor(async () => {
      const m = await messageOf(ticketId, reply.body.id);
      return m?.delivery_status === 'sent' ? m : null;
    });
    expect(sent.channel).toBe('social');
    const got = bridge.received.find(
      (r) => r.body.type === 'social.reply' && r.body.data.message.id === reply.body.id,
    )!;
    expect(verifySignature(got.signature, sub.body.secret, got.raw, Math.floor(Date.now() / 1000))).toBe(
      true,
    );
    expect(got.body.data).toMatchObject({
      network: 'instagram',
      thread_id: 'thread-5',
      ticket_id: ticketId,
      message: { body_text: 'Hello Jane, it ships today.' },
    });

    // An internal note never leaves.
    const before = bridge.received.length;
    const note = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body_text: 'customer seems upset', visibility: 'internal' },
    });
    expect(note.status).toBe(201);
    const follow = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body_text: 'Anything else?' },
    });
    await waitFor(async () => (await messageOf(ticketId, follow.body.id))?.delivery_status === 'sent');
    const after = bridge.received.slice(before).map((r) => r.body.data.message.body_text);
    expect(after).toEqual(['Anything else?']);
  });

  it('fails a reply visibly when the bridge keeps refusing or none is subscribed; retry sends it', async () => {
    bridge.state.status = 502;
    const opened = await inbound(post('u-6', 'thread-6', 'm-60', 'Hello?'));
    const ticketId = opened.body.ticket_id;
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: admin.token,
      body: { body_text: 'We are here.' },
    });
    const failed = await waitFor(async () => {
      const m = await messageOf(ticketId, reply.body.id);
      return m?.delivery_status === 'failed' ? m : null;
    });
    expect(failed.delivery_error).toContain('HTTP 502');
    bridge.state.status = 200;
    const retry = await call(t.app, 'POST', `/api/v1/messages/${reply.body.id}/retry-delivery`, {
      token: admin.token,
    });
    expect(retry.status).toBe(202);
    outbox.wake();
    await waitFor(async () => (await messageOf(ticketId, reply.body.id))?.delivery_status === 'sent');

    const elsewhere = await inbound({ ...post('u-7', 'thread-7', 'm-70', 'Hi'), channel: 'tiktok' });
    const orphan = await call(t.app, 'POST', `/api/v1/tickets/${elsewhere.body.ticket_id}/messages`, {
      token: admin.token,
      body: { body_text: 'Nobody will carry this.' },
    });
    const unsent = await waitFor(async () => {
      const m = await messageOf(elsewhere.body.ticket_id, orphan.body.id);
      return m?.delivery_status === 'failed' ? m : null;
    });
    expect(unsent.delivery_error).toContain('No webhook subscribed to social.reply for tiktok');
  });
});
