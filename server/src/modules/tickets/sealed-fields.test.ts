import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { EncryptionError } from '../../platform/crypto/envelope.js';
import { keyringOf } from '../../platform/crypto/keyring.js';
import { resealAll, rotateKeys } from '../encryption/index.js';
import { customFieldContext, openFields, SEALED, sealFields, UNREADABLE } from './sealed-fields.js';

/**
 * The brand's sealed custom fields (docs/security.md#encryption-at-rest), against the real database
 * (PGlite, or PostgreSQL with TANDEM_TEST_DATABASE_URL): the plaintext of a sealed field is nowhere in
 * the database, the brand reads it, a masked agent does not, routing cannot match on it, and values
 * stored before the field was listed are sealed by the sweep.
 */

let t: TestContext;
let admin: TestUser;
let maskedAgent: TestUser;
let vendorId: string;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_KEK: randomBytes(32).toString('base64') });
  admin = await t.make.user('brand_admin');
  const outsourced = await t.make.vendor({ kind: 'outsourced' });
  vendorId = outsourced.id;
  maskedAgent = await t.make.user('agent', outsourced.id);
  const policy = await call(t.app, 'PUT', '/api/v1/privacy/masking-policy', {
    token: admin.token,
    body: { masked_roles: ['agent'] },
  });
  expect(policy.status, JSON.stringify(policy.body)).toBe(200);
});
afterAll(() => t.close());

async function sealKeys(keys: string[]) {
  const res = await call(t.app, 'PUT', '/api/v1/privacy/sealed-custom-fields', {
    token: admin.token,
    body: { keys },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Every table a ticket's values could land in, each row as PostgreSQL prints it. */
async function rowsContaining(plaintext: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['tickets', 'ticket_events', 'domain_events', 'idempotency_keys', 'audit_log']) {
    const { rows } = await t.database.pool.query<{ row: string }>(
      `select r::text as row from ${table} r where r::text like $1`,
      [`%${plaintext}%`],
    );
    found.push(...rows.map((r) => `${table}: ${r.row}`));
  }
  return found;
}

async function rawCustomFields(id: string): Promise<Record<string, unknown>> {
  const { rows } = await t.database.pool.query<{ custom_fields: Record<string, unknown> }>(
    'select custom_fields from tickets where id = $1',
    [id],
  );
  return rows[0]!.custom_fields;
}

let n = 0;
async function createTicket(customFields: Record<string, unknown>, headers: Record<string, string> = {}) {
  n++;
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: admin.token,
    headers,
    body: {
      subject: `Account question ${n}`,
      channel: 'email',
      vendor_id: vendorId,
      customer: { email: `sealed.${n}@example.com` },
      message: { body_text: 'Please check my account.' },
      custom_fields: customFields,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; custom_fields: Record<string, unknown> };
}

describe('sealed custom fields', () => {
  it('lets the brand choose the sealed fields, audited, and shows the choice', async () => {
    const before = await call(t.app, 'GET', '/api/v1/privacy/sealed-custom-fields', { token: admin.token });
    expect(before.body).toEqual({ keys: [], updated_at: null });
    const set = await sealKeys(['national_id', 'account_number', 'national_id']);
    expect(set.keys).toEqual(['account_number', 'national_id']);
    const agentPut = await call(t.app, 'PUT', '/api/v1/privacy/sealed-custom-fields', {
      token: maskedAgent.token,
      body: { keys: [] },
    });
    expect(agentPut.status).toBe(403);
    const { rows } = await t.database.pool.query(
      `select details from audit_log where action = 'sealed_custom_fields.changed' and organization_id = $1`,
      [t.organizationId],
    );
    expect(rows.at(-1)?.details).toEqual({ before: [], after: ['account_number', 'national_id'] });
  });

  it('stores no plaintext of a sealed field anywhere, and reads it back to the brand only', async () => {
    const nationalId = `NID-${randomUUID().slice(0, 8)}-first`;
    const account = 90_817_263_541;
    const created = await createTicket(
      { national_id: nationalId, account_number: account, order: 'A-1' },
      { 'idempotency-key': `sealed-${randomUUID()}` },
    );
    expect(created.custom_fields).toEqual({ national_id: nationalId, account_number: account, order: 'A-1' });
    const stored = await rawCustomFields(created.id);
    expect(stored.national_id).toMatch(/^tdm1:/);
    expect(stored.account_number).toMatch(/^tdm1:/);
    expect(stored.order).toBe('A-1');

    const nextId = `NID-${randomUUID().slice(0, 8)}-second`;
    const patched = await call(t.app, 'PATCH', `/api/v1/tickets/${created.id}`, {
      token: admin.token,
      body: { custom_fields: { national_id: nextId, account_number: account, order: 'A-2' } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.custom_fields).toEqual({
      national_id: nextId,
      account_number: account,
      order: 'A-2',
    });

    for (const plaintext of [nationalId, nextId, String(account)])
      expect(await rowsContaining(plaintext), plaintext).toEqual([]);

    const read = await call(t.app, 'GET', `/api/v1/tickets/${created.id}`, { token: admin.token });
    expect(read.body.custom_fields).toEqual({ national_id: nextId, account_number: account, order: 'A-2' });
    const list = await call(t.app, 'GET', '/api/v1/tickets?limit=200', { token: admin.token });
    const listed = list.body.items.find((i: { id: string }) => i.id === created.id);
    expect(listed.custom_fields.national_id).toBe(nextId);

    const history = await call(t.app, 'GET', `/api/v1/tickets/${created.id}/events`, { token: admin.token });
    const change = history.body.items.find((e: { field: string }) => e.field === 'custom_fields');
    expect(change.before).toEqual({ national_id: SEALED, account_number: SEALED, order: 'A-1' });
    expect(change.after).toEqual({ national_id: SEALED, account_number: SEALED, order: 'A-2' });

    for (const url of [`/api/v1/tickets/${created.id}`, '/api/v1/tickets?limit=200']) {
      const masked = await call(t.app, 'GET', url, { token: maskedAgent.token });
      expect(masked.status).toBe(200);
      const text = JSON.stringify(masked.body);
      expect(text).not.toContain(nextId);
      expect(text).not.toContain(String(account));
      expect(text).not.toContain('tdm1:');
    }
    const masked = await call(t.app, 'GET', `/api/v1/tickets/${created.id}`, { token: maskedAgent.token });
    expect(masked.body.custom_fields).toEqual({ national_id: '***', account_number: '***', order: 'A-2' });

    // The console sends the whole object back when one field is edited: "***" keeps the sealed value.
    const agentEdit = await call(t.app, 'PATCH', `/api/v1/tickets/${created.id}`, {
      token: maskedAgent.token,
      body: { custom_fields: { ...masked.body.custom_fields, order: 'A-3' } },
    });
    expect(agentEdit.status, JSON.stringify(agentEdit.body)).toBe(200);
    expect(agentEdit.body.custom_fields).toEqual({ national_id: '***', account_number: '***', order: 'A-3' });
    const afterEdit = await call(t.app, 'GET', `/api/v1/tickets/${created.id}`, { token: admin.token });
    expect(afterEdit.body.custom_fields).toEqual({
      national_id: nextId,
      account_number: account,
      order: 'A-3',
    });

    // The customer's own export holds the value, opened like the API.
    const exported = await call(t.app, 'GET', `/api/v1/customers/${read.body.customer_id}/export`, {
      token: admin.token,
    });
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    expect(exported.body.tickets[0].custom_fields.national_id).toBe(nextId);
  });

  it('seals a sealed field the public web form posts', async () => {
    const { rows } = await t.database.pool.query<{ slug: string }>(
      'select slug from organizations where id = $1',
      [t.organizationId],
    );
    const nationalId = `NID-${randomUUID().slice(0, 8)}-form`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        organization: rows[0]!.slug,
        name: 'Form Customer',
        email: `${randomUUID()}@customer.test`,
        subject: 'From the form',
        message: 'My id is in the field.',
        fields: { national_id: nationalId, product: 'Kettle' },
      }),
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(await rowsContaining(nationalId)).toEqual([]);
    const { rows: stored } = await t.database.pool.query<{ id: string }>(
      `select id from tickets where custom_fields ->> 'product' = 'Kettle' and organization_id = $1`,
      [t.organizationId],
    );
    const read = await call(t.app, 'GET', `/api/v1/tickets/${stored[0]!.id}`, { token: admin.token });
    expect(read.body.custom_fields).toEqual({ national_id: nationalId, product: 'Kettle' });
  });

  it('answers with a placeholder, not an error, for a sealed value that does not open', async () => {
    const a = await createTicket({ national_id: 'NID-moved' });
    const b = await createTicket({ order: 'B-1' });
    // A's sealed value copied onto B: bound to A, it does not open on B.
    const sealedOfA = (await rawCustomFields(a.id)).national_id;
    await t.database.pool.query(
      `update tickets set custom_fields = jsonb_build_object('national_id', $2::text) where id = $1`,
      [b.id, sealedOfA],
    );
    const read = await call(t.app, 'GET', `/api/v1/tickets/${b.id}`, { token: admin.token });
    expect(read.status).toBe(200);
    expect(read.body.custom_fields).toEqual({ national_id: UNREADABLE });
    const list = await call(t.app, 'GET', '/api/v1/tickets?limit=200', { token: admin.token });
    expect(list.status).toBe(200);
  });

  it('refuses a routing rule that matches on a sealed field, at the field', async () => {
    const queue = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: admin.token,
      body: { name: `Sealed ${randomUUID().slice(0, 6)}` },
    });
    expect(queue.status, JSON.stringify(queue.body)).toBe(201);
    const rule = await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: admin.token,
      body: { position: 1, queue_id: queue.body.id, conditions: { custom_fields: { national_id: 'X' } } },
    });
    expect(rule.status).toBe(422);
    expect(rule.body.errors).toEqual([
      expect.objectContaining({ path: 'body.conditions.custom_fields.national_id' }),
    ]);
    // And the other way round: a field a rule matches on cannot be sealed.
    const ok = await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: admin.token,
      body: { position: 2, queue_id: queue.body.id, conditions: { custom_fields: { plan: 'gold' } } },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const refused = await call(t.app, 'PUT', '/api/v1/privacy/sealed-custom-fields', {
      token: admin.token,
      body: { keys: ['national_id', 'account_number', 'plan'] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.keys.2' })]);
  });

  it('seals values stored before their field was listed, and rotation re-seals them', async () => {
    const legacy = `LEG-${randomUUID().slice(0, 8)}`;
    const ticket = await createTicket({ legacy_ref: `${legacy}-old` });
    const patched = await call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      token: admin.token,
      body: { custom_fields: { legacy_ref: legacy } },
    });
    expect(patched.status).toBe(200);
    expect((await rowsContaining(legacy)).length).toBeGreaterThan(0);

    await sealKeys(['national_id', 'account_number', 'legacy_ref']);
    const swept = await resealAll(t.database, t.config);
    expect(swept.customFields).toBeGreaterThanOrEqual(1);
    const sealed = (await rawCustomFields(ticket.id)).legacy_ref as string;
    expect(sealed).toMatch(/^tdm1:/);
    expect(await rowsContaining(legacy)).toEqual([]);

    const rotation = await rotateKeys(t.database, t.config);
    expect(rotation.resealed.customFields).toBeGreaterThanOrEqual(1);
    const resealed = (await rawCustomFields(ticket.id)).legacy_ref as string;
    expect(resealed).toMatch(new RegExp(`^tdm1:${rotation.newKeyId}:`));
    const read = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: admin.token });
    expect(read.body.custom_fields).toEqual({ legacy_ref: legacy });
  });
});

describe('sealFields and openFields', () => {
  const json = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.array(fc.string(), { maxLength: 3 }),
  );
  const key = fc.string({ minLength: 1, maxLength: 20 });

  it('round-trips any value, and a value moved to another ticket or key does not open', async () => {
    const keyring = keyringOf(t.database.db, t.config);
    await keyring.ready();
    await fc.assert(
      fc.asyncProperty(key, key, json, async (k, other, value) => {
        const id = randomUUID();
        const sealed = sealFields(keyring, id, { [k]: value }, [k]);
        expect(sealed[k]).toMatch(/^tdm1:/);
        expect(await openFields(keyring, id, sealed)).toEqual({ [k]: value });
        expect(await openFields(keyring, randomUUID(), sealed)).toEqual({ [k]: UNREADABLE });
        await expect(keyring.open(sealed[k] as string, customFieldContext(randomUUID(), k))).rejects.toThrow(
          EncryptionError,
        );
        if (other !== k)
          expect(await openFields(keyring, id, { [other]: sealed[k] })).toEqual({ [other]: UNREADABLE });
      }),
      { numRuns: 60 },
    );
  });
});
