import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { FAST_OUTBOX, startTestOutbox, waitFor } from '../../../test/outbox.js';
import type { OutboxWorker } from '../../platform/outbox/worker.js';
import { verifySignature } from './signature.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A real HTTP endpoint; `answer` decides each response status (default 204). */
async function startReceiver() {
  const received: Received[] = [];
  const state = { answer: (_r: Received): number => 204 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const item = { path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) };
      received.push(item);
      const status = state.answer(item);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 300 ? 'endpoint is down' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('outbound webhooks', () => {
  let t: TestContext;
  let outbox: OutboxWorker;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: TestUser;
  let vendorA: string;
  let vendorB: string;
  let adminA: TestUser;
  let adminB: TestUser;
  let agentA: TestUser;
  let agentB: TestUser;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp(FAST_OUTBOX);
    outbox = startTestOutbox(t);
    admin = await t.make.user('brand_admin');
    vendorA = (await t.make.vendor()).id;
    vendorB = (await t.make.vendor()).id;
    adminA = await t.make.user('vendor_admin', vendorA);
    adminB = await t.make.user('vendor_admin', vendorB);
    agentA = await t.make.user('agent', vendorA);
    agentB = await t.make.user('agent', vendorB);
  });
  afterAll(async () => {
    await outbox.stop();
    await t.close();
    await receiver.close();
  });

  async function subscribe(user: TestUser, path: string, body: Record<string, unknown> = {}) {
    const res = await call(t.app, 'POST', '/api/v1/webhooks', {
      token: user.token,
      body: { url: receiver.url(path), ...body },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string; vendor_id: string | null };
  }

  async function replyOn(agent: TestUser, vendorId: string, text: string) {
    const ticketId = await t.make.ticket(await t.make.customer(vendorId), vendorId);
    const res = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body_text: text, visibility: 'internal' },
    });
    expect(res.status).toBe(201);
    return { ticketId, messageId: res.body.id as string };
  }

  it('POSTs each matching event signed with the subscription secret, shown only once', async () => {
    const sub = await subscribe(admin, '/brand', { event_types: ['message.created'] });
    expect(sub.secret).toMatch(/^whsec_/);
    expect(sub.vendor_id).toBeNull();
    const shown = await call(t.app, 'GET', `/api/v1/webhooks/${sub.id}`, { token: admin.token });
    expect(shown.status).toBe(200);
    expect(shown.body.secret).toBeUndefined();

    const { messageId, ticketId } = await replyOn(agentA, vendorA, 'signed note');
    const got = await waitFor(async () =>
      receiver.received.find((r) => r.path === '/brand' && r.body.subject_id === messageId),
    );
    expect(got.headers['tandem-event']).toBe('message.created');
    const signature = got.headers['tandem-signature'] as string;
    expect(verifySignature(signature, sub.secret, got.raw, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature(signature, 'whsec_wrong', got.raw, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature(signature, sub.secret, `${got.raw} `, Math.floor(Date.now() / 1000))).toBe(false);
    expect(got.body).toMatchObject({
      type: 'message.created',
      vendor_id: vendorA,
      data: { ticketId, message: { id: messageId, body_text: 'signed note' } },
    });

    const log = await waitFor(async () => {
      const res = await call(t.app, 'GET', `/api/v1/webhooks/${sub.id}/deliveries`, { token: admin.token });
      return res.body.items.find((d: { status: string }) => d.status === 'succeeded');
    });
    expect(got.headers['tandem-delivery']).toBe(log.id);
    expect(log).toMatchObject({ attempts: 1, response_status: 204, next_attempt_at: null, last_error: null });
    expect(log.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('retries a failing endpoint with backoff until it answers 2xx, and gives up after the last attempt', async () => {
    let calls = 0;
    receiver.state.answer = (r) => (r.path === '/flaky' && ++calls < 3 ? 503 : 204);
    const sub = await subscribe(admin, '/flaky', { event_types: ['message.*'] });
    const { messageId } = await replyOn(agentA, vendorA, 'retry me');
    const done = await waitFor(async () => {
      const res = await call(t.app, 'GET', `/api/v1/webhooks/${sub.id}/deliveries`, { token: admin.token });
      return res.body.items.find((d: { status: string }) => d.status === 'succeeded');
    });
    expect(done.attempts).toBe(3);
    const hits = receiver.received.filter((r) => r.path === '/flaky' && r.body.subject_id === messageId);
    expect(hits).toHaveLength(3);
    // Every retry is the same delivery with the same body.
    expect(new Set(hits.map((h) => h.headers['tandem-delivery'])).size).toBe(1);
    expect(new Set(hits.map((h) => h.raw)).size).toBe(1);

    receiver.state.answer = (r) => (r.path === '/down' ? 500 : 204);
    const down = await subscribe(admin, '/down', { event_types: ['message.created'] });
    await replyOn(agentA, vendorA, 'nobody home');
    const failed = await waitFor(async () => {
      const res = await call(t.app, 'GET', `/api/v1/webhooks/${down.id}/deliveries?status=failed`, {
        token: admin.token,
      });
      return res.body.items[0];
    });
    expect(failed).toMatchObject({ attempts: 3, response_status: 500, next_attempt_at: null });
    expect(failed.last_error).toContain('HTTP 500: endpoint is down');

    // Redeliver on demand once the endpoint is back.
    receiver.state.answer = () => 204;
    const again = await call(t.app, 'POST', `/api/v1/webhooks/${down.id}/deliveries/${failed.id}/redeliver`, {
      token: admin.token,
    });
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('pending');
    outbox.wake();
    await waitFor(async () => {
      const res = await call(t.app, 'GET', `/api/v1/webhooks/${down.id}/deliveries?status=succeeded`, {
        token: admin.token,
      });
      return res.body.items[0];
    });
    await call(t.app, 'PATCH', `/api/v1/webhooks/${down.id}`, {
      token: admin.token,
      body: { active: false },
    });
    await call(t.app, 'PATCH', `/api/v1/webhooks/${sub.id}`, { token: admin.token, body: { active: false } });
  });

  it('keeps vendors apart: a vendor’s subscription hears only its own events, and sees only its own log', async () => {
    const subA = await subscribe(adminA, '/vendor-a', { event_types: ['*'] });
    expect(subA.vendor_id).toBe(vendorA);
    const forB = await call(t.app, 'POST', '/api/v1/webhooks', {
      token: adminA.token,
      body: { url: receiver.url('/sneaky'), vendor_id: vendorB },
    });
    expect(forB.status).toBe(422);
    expect(forB.body.errors[0].path).toBe('body.vendor_id');

    const b = await replyOn(agentB, vendorB, 'vendor B secret');
    const a = await replyOn(agentA, vendorA, 'vendor A note');
    await waitFor(async () =>
      receiver.received.find((r) => r.path === '/vendor-a' && r.body.subject_id === a.messageId),
    );
    // Let anything else already dispatched arrive, then check nothing of B reached A.
    await waitFor(async () => {
      const res = await call(t.app, 'GET', `/api/v1/webhooks/${subA.id}/deliveries?status=pending`, {
        token: adminA.token,
      });
      return res.body.items.length === 0;
    });
    const atA = receiver.received.filter((r) => r.path === '/vendor-a');
    expect(atA.length).toBeGreaterThan(0);
    expect(atA.every((r) => r.body.vendor_id === vendorA)).toBe(true);
    expect(atA.some((r) => r.body.subject_id === b.messageId || r.raw.includes('vendor B secret'))).toBe(
      false,
    );

    // B cannot see, change, delete or read the log of A's subscription; the list shows only B's own.
    for (const [method, url] of [
      ['GET', `/api/v1/webhooks/${subA.id}`],
      ['PATCH', `/api/v1/webhooks/${subA.id}`],
      ['DELETE', `/api/v1/webhooks/${subA.id}`],
      ['GET', `/api/v1/webhooks/${subA.id}/deliveries`],
    ] as const) {
      const res = await call(t.app, method, url, {
        token: adminB.token,
        ...(method === 'PATCH' ? { body: { active: false } } : {}),
      });
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    const listB = await call(t.app, 'GET', '/api/v1/webhooks', { token: adminB.token });
    expect(listB.body.items.map((s: { id: string }) => s.id)).not.toContain(subA.id);
    const listBrand = await call(t.app, 'GET', '/api/v1/webhooks', { token: admin.token });
    expect(listBrand.body.items.map((s: { id: string }) => s.id)).toContain(subA.id);
    // Agents do not manage webhooks.
    expect((await call(t.app, 'GET', '/api/v1/webhooks', { token: agentA.token })).status).toBe(403);

    const deleted = await call(t.app, 'DELETE', `/api/v1/webhooks/${subA.id}`, { token: adminA.token });
    expect(deleted.status).toBe(204);
  });

  it('masks the previous vendor in a ticket.transferred sent to the next vendor’s subscription', async () => {
    await subscribe(admin, '/brand-moves', { event_types: ['ticket.transferred'] });
    await subscribe(adminB, '/vendor-b-moves', { event_types: ['ticket.transferred'] });
    const ticketId = await t.make.ticket(await t.make.customer(vendorA), vendorA);
    const moved = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/transfer`, {
      token: admin.token,
      body: { vendor_id: vendorB, reason: 'specialist' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const at = (path: string) =>
      waitFor(async () => receiver.received.find((r) => r.path === path && r.body.subject_id === ticketId));
    const forB = await at('/vendor-b-moves');
    expect(forB.body.data).toMatchObject({ vendor_id: vendorB, previousVendorId: 'another_vendor' });
    expect(forB.raw).not.toContain(vendorA);
    const forBrand = await at('/brand-moves');
    expect(forBrand.body.data.previousVendorId).toBe(vendorA);
  });

  it('refuses bad subscriptions with problem+json naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'ftp://example.com/hook' }, 'body.url'],
      [{ url: 'not a url' }, 'body.url'],
      [{ url: 'https://user:pw@example.com/hook' }, 'body.url'],
      [{ url: receiver.url('/x'), event_types: ['Ticket Created'] }, 'body.event_types.0'],
      [{ url: receiver.url('/x'), event_types: [] }, 'body.event_types'],
      [{ url: receiver.url('/x'), networks: ['Insta gram'] }, 'body.networks.0'],
    ];
    for (const [body, path] of cases) {
      const res = await call(t.app, 'POST', '/api/v1/webhooks', { token: admin.token, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.response.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

describe('webhook SSRF protection', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await startTestApp({ TANDEM_WEBHOOK_ALLOW_PRIVATE: 'false' });
  });
  afterAll(() => t.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s unless private targets are allowed', async (url) => {
    const admin = await t.make.user('brand_admin');
    const res = await call(t.app, 'POST', '/api/v1/webhooks', { token: admin.token, body: { url } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('body.url');
  });
});
