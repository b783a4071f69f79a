import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { FAST_OUTBOX, startTestOutbox, waitFor } from '../../../../test/outbox.js';
import { withSystem } from '../../../platform/db/transaction.js';
import type { OutboxWorker } from '../../../platform/outbox/worker.js';

/** A real SMTP relay that records what it accepts and can be told to refuse (4xx/5xx). */
async function startRelay() {
  const received: Array<{ from: string; to: string[]; raw: string }> = [];
  const state = { refuse: null as null | { code: number; message: string } };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) {
          const err = Object.assign(new Error(state.refuse.message), { responseCode: state.refuse.code });
          return callback(err);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function reply(t: TestContext, agent: TestUser, ticketId: string, text: string) {
  const res = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
    token: agent.token,
    body: { body_text: text, body_html: `<p>${text}</p>` },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function messageOf(t: TestContext, user: TestUser, ticketId: string, messageId: string) {
  const res = await call(t.app, 'GET', `/api/v1/tickets/${ticketId}/messages`, { token: user.token });
  return res.body.items.find((m: { id: string }) => m.id === messageId);
}

describe('email out through a real SMTP relay', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let t: TestContext;
  let outbox: OutboxWorker;
  let agent: TestUser;
  let vendorId: string;

  beforeAll(async () => {
    relay = await startRelay();
    t = await startTestApp({
      ...FAST_OUTBOX,
      TANDEM_SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}`,
      TANDEM_MAIL_FROM: 'Brand Support <support@brand.example>',
    });
    outbox = startTestOutbox(t);
    vendorId = (await t.make.vendor()).id;
    agent = await t.make.user('agent', vendorId);
  });
  afterAll(async () => {
    await outbox.stop();
    await t.close();
    await relay.close();
  });

  it('sends an agent reply threaded under the customer’s latest mail, and marks it sent', async () => {
    const customerId = await t.make.customer(vendorId);
    const ticketId = await t.make.ticket(customerId, vendorId);
    const ticket = await withSystem(t.database.db, async (tx) => {
      // The inbound side stores each customer mail under its Message-ID.
      await tx
        .insertInto('messages')
        .values([
          {
            organization_id: t.organizationId,
            ticket_id: ticketId,
            author_kind: 'customer',
            author_customer_id: customerId,
            body_text: 'first',
            attachments: '[]',
            channel: 'email',
            external_id: 'email:first@customer.test',
            created_at: '2026-01-01T10:00:00Z',
          },
          {
            organization_id: t.organizationId,
            ticket_id: ticketId,
            author_kind: 'customer',
            author_customer_id: customerId,
            body_text: 'second',
            attachments: '[]',
            channel: 'email',
            external_id: 'email:<second@customer.test>',
            created_at: '2026-01-01T11:00:00Z',
          },
        ])
        .execute();
      return tx
        .selectFrom('tickets')
        .select(['number', 'subject'])
        .where('id', '=', ticketId)
        .executeTakeFirstOrThrow();
    });
    const before = relay.received.length;
    const messageId = await reply(t, agent, ticketId, 'Your refund is on its way.');
    const sent = await waitFor(async () => {
      const m = await messageOf(t, agent, ticketId, messageId);
      return m?.delivery_status === 'sent' ? m : null;
    });
    expect(sent.delivered_at).not.toBeNull();
    expect(sent.channel).toBe('email');
    expect(relay.received).toHaveLength(before + 1);
    const mail = relay.received.at(-1)!;
    expect(mail.from).toBe('support@brand.example');
    expect(mail.to).toEqual([`${customerId}@customer.test`]);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.messageId).toBe(`<tandem.${ticketId}.${messageId}@brand.example>`);
    expect(parsed.inReplyTo).toBe('<second@customer.test>');
    expect(parsed.references).toEqual(['<first@customer.test>', '<second@customer.test>']);
    expect(parsed.subject).toBe(`Re: ${ticket.subject} [#${ticket.number}]`);
    expect(parsed.text?.trim()).toBe('Your refund is on its way.');
    expect(parsed.html).toContain('<p>Your refund is on its way.</p>');
    expect(sent.external_id).toBe(`email:tandem.${ticketId}.${messageId}@brand.example`);

    // The next reply references the first one too.
    const next = await reply(t, agent, ticketId, 'One more thing.');
    await waitFor(async () => (await messageOf(t, agent, ticketId, next))?.delivery_status === 'sent');
    const second = await simpleParser(relay.received.at(-1)!.raw);
    expect(second.inReplyTo).toBe('<second@customer.test>');
    expect(second.references).toEqual([
      '<first@customer.test>',
      '<second@customer.test>',
      `<tandem.${ticketId}.${messageId}@brand.example>`,
    ]);
  });

  it('does not mail internal notes', async () => {
    const ticketId = await t.make.ticket(await t.make.customer(vendorId), vendorId);
    const before = relay.received.length;
    const res = await call(t.app, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      token: agent.token,
      body: { body_text: 'note to self', visibility: 'internal' },
    });
    await waitFor(async () =>
      withSystem(
        t.database.db,
        async (tx) =>
          (
            await tx
              .selectFrom('domain_events')
              .select('dispatched_at')
              .where('subject_id', '=', res.body.id)
              .executeTakeFirst()
          )?.dispatched_at,
      ),
    );
    expect((await messageOf(t, agent, ticketId, res.body.id)).delivery_status).toBeNull();
    expect(relay.received).toHaveLength(before);
  });

  it('retries a refusing relay with backoff, then fails visibly; an agent retry after recovery sends it', async () => {
    const ticketId = await t.make.ticket(await t.make.customer(vendorId), vendorId);
    relay.state.refuse = { code: 451, message: 'Try again later, mailbox busy' };
    const messageId = await reply(t, agent, ticketId, 'Sorry for the wait.');
    const failed = await waitFor(async () => {
      const m = await messageOf(t, agent, ticketId, messageId);
      return m?.delivery_status === 'failed' ? m : null;
    });
    expect(failed.delivery_error).toContain('mailbox busy');
    const delivery = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('email_deliveries')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow(),
    );
    expect(delivery.attempts).toBe(3);
    expect(delivery.status).toBe('failed');

    // Retrying before anything changed is refused for a message that is not failed.
    const other = await reply(t, agent, ticketId, 'pending one');
    relay.state.refuse = null;
    await waitFor(async () => (await messageOf(t, agent, ticketId, other))?.delivery_status === 'sent');
    const notFailed = await call(t.app, 'POST', `/api/v1/messages/${other}/retry-delivery`, {
      token: agent.token,
    });
    expect(notFailed.status).toBe(422);
    expect(notFailed.body.errors[0].path).toBe('params.id');

    const before = relay.received.length;
    const retry = await call(t.app, 'POST', `/api/v1/messages/${messageId}/retry-delivery`, {
      token: agent.token,
    });
    expect(retry.status).toBe(202);
    expect(retry.body.delivery_status).toBe('pending');
    outbox.wake();
    const sent = await waitFor(async () => {
      const m = await messageOf(t, agent, ticketId, messageId);
      return m?.delivery_status === 'sent' ? m : null;
    });
    expect(sent.delivery_error).toBeNull();
    expect(relay.received.length).toBe(before + 1);
  });

  it('lets no other vendor’s agent retry (or see) a reply', async () => {
    const ticketId = await t.make.ticket(await t.make.customer(vendorId), vendorId);
    relay.state.refuse = { code: 550, message: 'No such user here' };
    const messageId = await reply(t, agent, ticketId, 'Bounced.');
    await waitFor(async () => (await messageOf(t, agent, ticketId, messageId))?.delivery_status === 'failed');
    relay.state.refuse = null;
    const otherVendor = await t.make.vendor();
    const stranger = await t.make.user('agent', otherVendor.id);
    const res = await call(t.app, 'POST', `/api/v1/messages/${messageId}/retry-delivery`, {
      token: stranger.token,
    });
    expect(res.status).toBe(404);
  });
});

describe('email out without a relay (development capture)', () => {
  let t: TestContext;
  let outbox: OutboxWorker;

  beforeAll(async () => {
    t = await startTestApp({ ...FAST_OUTBOX, TANDEM_MAIL_FROM: 'help@dev.example' });
    outbox = startTestOutbox(t);
  });
  afterAll(async () => {
    await outbox.stop();
    await t.close();
  });

  it('captures the rendered mail for brand admins and marks the reply sent', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const admin = await t.make.user('brand_admin');
    const ticketId = await t.make.ticket(await t.make.customer(vendor.id), vendor.id);
    const messageId = await reply(t, agent, ticketId, 'Captured, not sent.');
    await waitFor(async () => (await messageOf(t, agent, ticketId, messageId))?.delivery_status === 'sent');
    const list = await call(t.app, 'GET', '/api/v1/dev/mail', { token: admin.token });
    expect(list.status).toBe(200);
    const item = list.body.items.find((m: { message_id: string }) => m.message_id === messageId);
    expect(item.message_id_header).toBe(`<tandem.${ticketId}.${messageId}@dev.example>`);
    const one = await call(t.app, 'GET', `/api/v1/dev/mail/${item.id}`, { token: admin.token });
    const parsed = await simpleParser(one.body.raw);
    expect(parsed.text?.trim()).toBe('Captured, not sent.');
    expect(parsed.messageId).toBe(item.message_id_header);

    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    expect((await call(t.app, 'GET', '/api/v1/dev/mail', { token: vendorAdmin.token })).status).toBe(403);
  });
});
