import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

/**
 * Every path that opens a ticket (the API, phone, the public web form, social) goes through the one
 * intake: the same "created" history fields and the same ticket.created and message.created payload
 * shapes, whichever channel the contact came by. (Email and chat are covered by their own tests.)
 */

let t: TestContext;
let brand: TestUser;
let slug: string;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_PHONE_DEFAULT_COUNTRY: 'DK' });
  brand = await t.make.user('brand_admin');
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

async function byApi() {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: brand.token,
    body: {
      subject: 'By API',
      channel: 'api',
      customer: { email: `${crypto.randomUUID()}@customer.test` },
      message: { body_text: 'Hello' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function byPhone() {
  const res = await call(t.app, 'POST', '/api/v1/channels/phone/events', {
    token: brand.token,
    body: { event: 'offered', call_id: crypto.randomUUID(), caller_number: '+4520123456' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.call.ticket_id as string;
}

async function byWebForm() {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/tickets',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      organization: slug,
      name: 'Web Customer',
      email: `${crypto.randomUUID()}@customer.test`,
      subject: 'By web',
      message: 'Hi',
    }),
  });
  expect(res.statusCode, res.body).toBe(202);
  const number = Number(JSON.parse(res.body).reference.slice(1));
  const { rows } = await t.database.pool.query('select id from tickets where number = $1', [number]);
  return rows[0].id as string;
}

async function bySocial(threadId: string = crypto.randomUUID()) {
  const res = await call(t.app, 'POST', '/api/v1/channels/social/inbound', {
    token: brand.token,
    body: {
      channel: 'instagram',
      thread_id: threadId,
      message_id: crypto.randomUUID(),
      author: { id: crypto.randomUUID(), name: 'Jane Doe', handle: '@jane' },
      text: 'Where is my order?',
      attachments: [],
      sent_at: '2026-11-23T10:00:00Z',
    },
  });
  expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  return res.body.ticket_id as string;
}

async function leftBehind(ticketId: string) {
  const q = (sql: string) => t.database.pool.query(sql, [ticketId]).then((r) => r.rows);
  const [created] = await q(`select after from ticket_events where ticket_id = $1 and field = 'created'`);
  const [opened] = await q(
    `select payload from domain_events where type = 'ticket.created' and subject_id = $1`,
  );
  const [message] = await q(
    `select e.payload from domain_events e join messages m on m.id = e.subject_id
     where e.type = 'message.created' and m.ticket_id = $1`,
  );
  return { created: created.after, opened: opened.payload, message: message.payload };
}

const keys = (o: object) => Object.keys(o).sort();

describe('one intake', () => {
  it('leaves the same history fields and event shapes on every channel', async () => {
    const written = [];
    for (const open of [byApi, byPhone, byWebForm, () => bySocial()])
      written.push(await leftBehind(await open()));
    const [api, ...others] = written;
    expect(keys(api!.created)).toEqual([
      'agent_id',
      'channel',
      'language',
      'priority',
      'queue',
      'site_id',
      'status',
      'tags',
      'team_id',
      'vendor_id',
    ]);
    expect(keys(api!.opened)).toEqual(['channel', 'customerId', 'newCustomer', 'number']);
    expect(keys(api!.message)).toEqual([
      'authorKind',
      'channel',
      'firstResponse',
      'sentAt',
      'ticketId',
      'visibility',
    ]);
    for (const other of others) {
      expect(keys(other.created)).toEqual(keys(api!.created));
      expect(keys(other.opened)).toEqual(keys(api!.opened));
      expect(keys(other.message)).toEqual(keys(api!.message));
    }
    expect(written.map((w) => w.opened.channel)).toEqual(['api', 'phone', 'web', 'social']);
    expect(written.map((w) => w.message.channel)).toEqual(['api', 'phone', 'web', 'social']);
    expect(written.map((w) => w.opened.newCustomer)).toEqual([true, true, true, true]);
    expect(written[3]!.message.sentAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('reopens a solved ticket when the customer writes again, on a channel that once left it solved', async () => {
    const thread = crypto.randomUUID();
    const ticketId = await bySocial(thread);
    const solved = await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      token: brand.token,
      body: { status: 'solved' },
    });
    expect(solved.status, JSON.stringify(solved.body)).toBe(200);
    expect(await bySocial(thread)).toBe(ticketId);
    const after = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: brand.token });
    expect(after.body.status).toBe('open');
  });
});
