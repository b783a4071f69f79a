import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { attachmentStore } from '../../platform/storage/attachment-store.js';
import { verifyAll } from '../audit/index.js';
import { applyRetention } from './retention.js';

/**
 * Retention per channel (docs/privacy.md#retention), run with an injected clock: attachments older
 * than the channel's days go, closed tickets past the limit are redacted once, nothing else changes.
 */

let t: TestContext;
let brand: TestUser;
let vendorId: string;
const DAY = 86_400_000;
const q = (text: string, values: unknown[] = []) => t.database.pool.query(text, values);

beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
  vendorId = (await t.make.vendor()).id;
});
afterAll(() => t.close());

async function ticket(channel: string, text: string) {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: brand.token,
    body: {
      subject: `Subject ${text}`,
      channel,
      customer: { email: `${crypto.randomUUID()}@retention.test` },
      message: { body_text: text },
      vendor_id: vendorId,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; message: { id: string } };
}

const closeAt = (id: string, at: Date) =>
  q(`update tickets set status = 'closed', closed_at = $2 where id = $1`, [id, at.toISOString()]);

async function attach(ticketId: string, messageId: string, createdAt: Date) {
  const file = await attachmentStore(t.config).put(new TextEncoder().encode(crypto.randomUUID()));
  await q(
    `insert into attachments (organization_id, ticket_id, message_id, filename, declared_content_type, size, sha256, storage_key, created_at)
     values ($1, $2, $3, 'scan.txt', 'text/plain', 36, $4, $4, $5)`,
    [t.organizationId, ticketId, messageId, file.key, createdAt.toISOString()],
  );
  return file.key;
}

const bodyOf = async (ticketId: string) =>
  (await q(`select subject, status, closed_at, redacted_at from tickets where id = $1`, [ticketId])).rows[0];
const textsOf = async (ticketId: string) =>
  (await q(`select body_text from messages where ticket_id = $1`, [ticketId])).rows.map((r) => r.body_text);

describe('retention', () => {
  it('is set by brand admins only, per channel, and audited', async () => {
    const vendorAdmin = await t.make.user('vendor_admin', vendorId);
    const body = { policies: [{ channel: 'email', attachments_days: 7, redact_closed_after_days: 30 }] };
    const refused = await call(t.app, 'PUT', '/api/v1/privacy/retention', { token: vendorAdmin.token, body });
    expect(refused.status).toBe(403);
    const twice = await call(t.app, 'PUT', '/api/v1/privacy/retention', {
      token: brand.token,
      body: { policies: [body.policies[0], body.policies[0]] },
    });
    expect(twice.status).toBe(400);
    const set = await call(t.app, 'PUT', '/api/v1/privacy/retention', { token: brand.token, body });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const read = await call(t.app, 'GET', '/api/v1/privacy/retention', { token: brand.token });
    expect(read.body.policies).toEqual([{ ...body.policies[0], updated_at: expect.any(String) }]);
    const audit = await q(
      `select count(*)::int as n from audit_log where action = 'retention_policy.changed'`,
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('redacts closed tickets past the limit once, and deletes old attachments, by the given clock', async () => {
    const base = new Date();
    const old = await ticket('email', 'Closed long ago Marmaduke');
    const recent = await ticket('email', 'Closed lately Marmaduke');
    const open = await ticket('email', 'Still open Marmaduke');
    const chat = await ticket('chat', 'Chat has no policy Marmaduke');
    await closeAt(old.id, new Date(base.getTime() - 15 * DAY));
    await closeAt(recent.id, new Date(base.getTime() - 5 * DAY));
    await closeAt(chat.id, new Date(base.getTime() - 40 * DAY));
    const oldFile = await attach(open.id, open.message.id, new Date(base.getTime() - 10 * DAY));
    const newFile = await attach(open.id, open.message.id, base);
    const store = attachmentStore(t.config);

    // Today: no ticket has been closed 30 days; the 10-day-old attachment is past 7 days.
    const first = await applyRetention(t.database.db, store, base);
    expect(first).toEqual({ attachments: 1 });
    expect(await store.get(oldFile)).toBeNull();
    expect(await store.get(newFile)).not.toBeNull();
    expect((await bodyOf(old.id)).redacted_at).toBeNull();

    // Twenty days on: the ticket closed 35 days ago is redacted; 25 days, chat and open ones are not.
    const later = new Date(base.getTime() + 20 * DAY);
    const closedAt = (await bodyOf(old.id)).closed_at;
    const second = await applyRetention(t.database.db, store, later);
    expect(second).toMatchObject({ tickets: 1, messages: 1 });
    expect(await bodyOf(old.id)).toMatchObject({
      subject: '[erased]',
      status: 'closed',
      closed_at: closedAt,
    });
    expect((await bodyOf(old.id)).redacted_at).not.toBeNull();
    expect(await textsOf(old.id)).toEqual(['[erased]']);
    for (const kept of [recent, open, chat]) {
      expect((await textsOf(kept.id))[0]).toContain('Marmaduke');
      expect((await bodyOf(kept.id)).redacted_at).toBeNull();
    }
    expect(await store.get(newFile)).toBeNull();

    // Again: nothing left to do.
    expect(await applyRetention(t.database.db, store, later)).toEqual({});
    const applied = await q(`select count(*)::int as n from audit_log where action = 'retention.applied'`);
    expect(applied.rows[0].n).toBe(3);
    expect((await verifyAll(t.database.db)).ok).toBe(true);
  });
});
