import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { FAST_OUTBOX, startTestOutbox, waitFor } from '../../../test/outbox.js';
import type { OutboxWorker } from '../../platform/outbox/worker.js';

describe('several workers on one database', () => {
  let t: TestContext;
  let workers: OutboxWorker[];
  const hits: string[] = [];
  let server: ReturnType<typeof createServer>;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).event_id);
        // A slow endpoint widens the window in which a second worker could take the same delivery.
        setTimeout(() => res.writeHead(200).end(), 30);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    t = await startTestApp(FAST_OUTBOX);
    workers = [startTestOutbox(t), startTestOutbox(t), startTestOutbox(t)];
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('sends each event to a subscription exactly once', async () => {
    const admin = await t.make.user('brand_admin');
    const sub = await call(t.app, 'POST', '/api/v1/webhooks', {
      token: admin.token,
      body: { url, event_types: ['ticket.created'] },
    });
    expect(sub.status).toBe(201);
    const created = [];
    for (let i = 0; i < 30; i++) {
      const res = await call(t.app, 'POST', '/api/v1/tickets', {
        token: admin.token,
        body: {
          subject: `Order ${i}`,
          channel: 'api',
          customer: { external_id: `crm-${i}` },
          message: { body_text: 'Where is it?' },
        },
      });
      expect(res.status).toBe(201);
      created.push(res.body.id);
    }
    await waitFor(async () => hits.length >= 30);
    // Give a duplicate (if any) time to arrive before judging.
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toHaveLength(30);
    expect(new Set(hits).size).toBe(30);
    const log = await call(t.app, 'GET', `/api/v1/webhooks/${sub.body.id}/deliveries?limit=100`, {
      token: admin.token,
    });
    expect(log.body.items).toHaveLength(30);
    expect(
      log.body.items.every(
        (d: { status: string; attempts: number }) => d.status === 'succeeded' && d.attempts === 1,
      ),
    ).toBe(true);
  });
});
