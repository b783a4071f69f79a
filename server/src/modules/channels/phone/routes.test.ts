import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';

let t: TestContext;
let cti: TestUser;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_PHONE_DEFAULT_COUNTRY: 'DK' });
  cti = await t.make.user('brand_admin');
});
afterAll(() => t.close());

const post = (body: unknown, token = cti.token) =>
  call(t.app, 'POST', '/api/v1/channels/phone/events', { token, body });

async function countRows() {
  const { rows } = await t.database.pool.query(
    'select (select count(*)::int from calls) as calls, (select count(*)::int from tickets) as tickets, (select count(*)::int from messages) as messages, (select count(*)::int from call_events) as events',
  );
  return rows[0];
}

async function messagesOf(ticketId: string) {
  const res = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/messages?limit=50`, { token: cti.token });
  return res.body.items as any[];
}

describe('phone (CTI) events', () => {
  it('turns offered → answered → ended into one phone ticket with its call record and timeline', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const callId = `c-${crypto.randomUUID()}`;
    const offered = await post({
      event: 'offered',
      call_id: callId,
      occurred_at: '2026-11-23T09:00:00Z',
      caller_number: '20 12 34 56',
      caller_name: 'Freja Jensen',
      dialled_number: '+45 70 10 20 30',
      ivr_path: ['main', 'billing'],
      queue: 'billing',
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(200);
    expect(offered.body).toMatchObject({
      duplicate: false,
      call: {
        call_id: callId,
        status: 'offered',
        caller_number: '+4520123456',
        ivr_path: ['main', 'billing'],
      },
    });
    const ticketId = offered.body.call.ticket_id;

    const answered = await post({
      event: 'answered',
      call_id: callId,
      occurred_at: '2026-11-23T09:00:35Z',
      agent: { email: agent.email },
      wait_seconds: 35,
    });
    expect(answered.body.call).toMatchObject({
      status: 'answered',
      agent_id: agent.userId,
      wait_seconds: 35,
    });
    const ended = await post({
      event: 'ended',
      call_id: callId,
      occurred_at: '2026-11-23T09:06:00Z',
      talk_seconds: 290.5,
      hold_seconds: 20,
      wrap_up_seconds: 45,
      recording_url: 'https://recordings.example/c1.mp3',
    });
    expect(ended.body.call).toMatchObject({
      status: 'ended',
      ticket_id: ticketId,
      offered_at: '2026-11-23T09:00:00.000Z',
      answered_at: '2026-11-23T09:00:35.000Z',
      ended_at: '2026-11-23T09:06:00.000Z',
      talk_seconds: 290.5,
      hold_seconds: 20,
      wrap_up_seconds: 45,
      recording_url: 'https://recordings.example/c1.mp3',
    });

    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: cti.token });
    expect(ticket.body).toMatchObject({
      channel: 'phone',
      status: 'open',
      queue: 'billing',
      vendor_id: vendor.id,
      agent_id: agent.userId,
      customer: { display_name: 'Freja Jensen', identities: [{ kind: 'phone', value: '+4520123456' }] },
    });
    const timeline = await messagesOf(ticketId);
    expect(timeline.map((m) => [m.author_kind, m.channel, m.external_id])).toEqual([
      ['system', 'phone', `phone:${callId}:offered`],
      ['system', 'phone', `phone:${callId}:answered`],
      ['system', 'phone', `phone:${callId}:ended`],
    ]);
    expect(timeline[0].body_text).toContain('via IVR main › billing');
    expect(timeline[2].body_text).toContain('https://recordings.example/c1.mp3');

    // The agent of the vendor sees the call's ticket; another vendor's agent does not.
    const other = await t.make.user('agent', (await t.make.vendor()).id);
    expect((await call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: agent.token })).status).toBe(
      200,
    );
    expect((await call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: other.token })).status).toBe(
      404,
    );
    // And at the database: as the other vendor, the call and its events do not exist.
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true), set_config('role', 'tandem_app', true)",
        [t.organizationId, other.vendorId],
      );
      const calls = await client.query('select id from calls where call_id = $1', [callId]);
      const events = await client.query('select 1 from call_events where call_row_id = $1', [
        ended.body.call.id,
      ]);
      expect([calls.rowCount, events.rowCount]).toEqual([0, 0]);
      await client.query("select set_config('tandem.vendor_id', $1, true)", [vendor.id]);
      const own = await client.query('select id from calls where call_id = $1', [callId]);
      const ownEvents = await client.query('select 1 from call_events where call_row_id = $1', [
        ended.body.call.id,
      ]);
      expect([own.rowCount, ownEvents.rowCount]).toEqual([1, 3]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('stores a redelivered event once and changes nothing', async () => {
    const callId = `c-${crypto.randomUUID()}`;
    const event = { event: 'offered', call_id: callId, caller_number: '+4531313131' };
    const first = await post(event);
    const before = await countRows();
    const again = await post({ ...event, queue: 'changed' });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.call).toEqual(first.body.call);
    expect(await countRows()).toEqual(before);
  });

  it('makes one call and one ticket of the same event delivered concurrently', async () => {
    const callId = `c-${crypto.randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        post({ event: 'offered', call_id: callId, caller_number: '+4532323232' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => !r.body.duplicate)).toHaveLength(1);
    const { rows } = await t.database.pool.query(
      'select count(distinct ticket_id)::int as tickets, count(*)::int as calls from calls where call_id = $1',
      [callId],
    );
    expect(rows[0]).toEqual({ tickets: 1, calls: 1 });
  });

  it('keeps the record whole when ended arrives before answered', async () => {
    const agentVendor = await t.make.vendor();
    const agent = await t.make.user('agent', agentVendor.id);
    const callId = `c-${crypto.randomUUID()}`;
    await post({
      event: 'offered',
      call_id: callId,
      caller_number: '+4540404040',
      occurred_at: '2026-11-23T10:00:00Z',
    });
    await post({
      event: 'ended',
      call_id: callId,
      occurred_at: '2026-11-23T10:05:00Z',
      talk_seconds: 240,
      wait_seconds: 60,
    });
    const late = await post({
      event: 'answered',
      call_id: callId,
      occurred_at: '2026-11-23T10:01:00Z',
      agent: { id: agent.userId },
      wait_seconds: 59,
    });
    expect(late.body.call).toMatchObject({
      status: 'ended',
      answered_at: '2026-11-23T10:01:00.000Z',
      ended_at: '2026-11-23T10:05:00.000Z',
      talk_seconds: 240,
      wait_seconds: 60,
      agent_id: agent.userId,
    });
  });

  it('marks an abandoned call and its ticket', async () => {
    const callId = `c-${crypto.randomUUID()}`;
    await post({ event: 'offered', call_id: callId, caller_number: '+4550505050' });
    const gone = await post({ event: 'abandoned', call_id: callId, wait_seconds: 95 });
    expect(gone.body.call).toMatchObject({ status: 'abandoned', wait_seconds: 95, answered_at: null });
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${gone.body.call.ticket_id}`, {
      token: cti.token,
    });
    expect(ticket.body.tags).toContain('abandoned');
  });

  it('opens the ticket from whichever event comes first, even an abandonment', async () => {
    const callId = `c-${crypto.randomUUID()}`;
    const first = await post({
      event: 'abandoned',
      call_id: callId,
      caller_number: '+4570707070',
      wait_seconds: 12,
    });
    expect(first.body.call).toMatchObject({ status: 'abandoned', offered_at: null, wait_seconds: 12 });
    const late = await post({
      event: 'offered',
      call_id: callId,
      caller_number: '+4570707070',
      queue: 'sales',
    });
    expect(late.body.call).toMatchObject({
      status: 'abandoned',
      queue: 'sales',
      offered_at: expect.any(String),
    });
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${first.body.call.ticket_id}`, {
      token: cti.token,
    });
    expect(ticket.body.tags).toEqual(['abandoned']);
    expect((await messagesOf(first.body.call.ticket_id)).map((m) => m.external_id)).toEqual([
      `phone:${callId}:abandoned`,
      `phone:${callId}:offered`,
    ]);
  });

  it('files a second call from the same number under the same customer, as a new ticket', async () => {
    const a = await post({
      event: 'offered',
      call_id: `c-${crypto.randomUUID()}`,
      caller_number: '+45 60 60 60 60',
    });
    const b = await post({
      event: 'offered',
      call_id: `c-${crypto.randomUUID()}`,
      caller_number: '0045 60606060',
    });
    expect(b.body.call.customer_id).toBe(a.body.call.customer_id);
    expect(b.body.call.ticket_id).not.toBe(a.body.call.ticket_id);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await countRows();
    const badNumber = await post({ event: 'offered', call_id: 'x1', caller_number: '12' });
    expect(badNumber.status).toBe(422);
    expect(badNumber.response.headers['content-type']).toContain('application/problem+json');
    expect(badNumber.body.errors.map((e: any) => e.path)).toEqual(['body.caller_number']);
    const unknownAgent = await post({
      event: 'answered',
      call_id: 'x2',
      caller_number: '+4520123456',
      agent: { email: 'nobody@example.test' },
    });
    expect(unknownAgent.status).toBe(422);
    expect(unknownAgent.body.errors.map((e: any) => e.path)).toEqual(['body.agent.email']);
    const shape = await post({ event: 'rang', call_id: '', talk_seconds: -1 });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: any) => e.path).sort()).toEqual(
      ['body.call_id', 'body.event', 'body.talk_seconds'].sort(),
    );
    expect(await countRows()).toEqual(before);
  });

  it('needs a token with channels:ingest', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const res = await post({ event: 'offered', call_id: 'x3', caller_number: '+4520123456' }, agent.token);
    expect(res.status).toBe(403);
    expect((await post({ event: 'offered', call_id: 'x3' }, 'tdm_bogus')).status).toBe(401);
  });
});
