import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { attachmentStore } from '../../platform/storage/attachment-store.js';
import { verifyAll } from '../audit/index.js';

/**
 * GDPR export and erasure of one customer (docs/privacy.md#export-and-erasure). The proof: after an
 * erasure, no text, JSON, array or search column of any table in the public schema holds the
 * customer's email, phone, names, subject or message text — a table added later is scanned too.
 */

let t: TestContext;
let brand: TestUser;
let agent: TestUser;
let vendorAdmin: TestUser;
let vendorId: string;

const EMAIL = 'zephyrine.quill@erase.test';
const PHONE = '+4521436587';
const FIRST = 'Zephyrine';
const LAST = 'Quillfeather';
const SUBJECT = 'Zanzibar blender refund';
const SECRET = 'Quokkaberry';
/** Kept by design: none. A table or column named here would be a documented exception. */
const KEPT: string[] = [];

const q = (text: string, values: unknown[] = []) => t.database.pool.query(text, values);

beforeAll(async () => {
  t = await startTestApp({ TANDEM_PHONE_DEFAULT_COUNTRY: 'DK' });
  brand = await t.make.user('brand_admin');
  const vendor = await t.make.vendor();
  vendorId = vendor.id;
  agent = await t.make.user('agent', vendorId);
  vendorAdmin = await t.make.user('vendor_admin', vendorId);
});
afterAll(() => t.close());

async function ticketFor(email: string, name: string, subject: string, text: string, channel = 'email') {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: brand.token,
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: { subject, channel, customer: { email, name }, message: { body_text: text }, vendor_id: vendorId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; customer_id: string; message: { id: string } };
}

/** A customer with something in every table a customer reaches, through the API where one exists. */
async function buildCustomer() {
  const first = await ticketFor(EMAIL, `${FIRST} ${LAST}`, SUBJECT, `Hi, ${SECRET} order, call ${PHONE}`);
  const customerId = first.customer_id;
  const reply = await call(t.app, 'POST', `/api/v1/tickets/${first.id}/messages`, {
    token: agent.token,
    body: { body_text: `Dear ${FIRST} ${LAST}, about ${SECRET}`, body_html: `<p>Dear ${FIRST}</p>` },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  const renamed = await call(t.app, 'PATCH', `/api/v1/tickets/${first.id}`, {
    token: brand.token,
    body: { custom_fields: { note: `${SECRET} for ${FIRST} ${LAST}` } },
  });
  expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  const customer = await call(t.app, 'PATCH', `/api/v1/customers/${customerId}`, {
    token: brand.token,
    body: { display_name: `${FIRST} ${LAST}` },
  });
  expect(customer.status, JSON.stringify(customer.body)).toBe(200);
  const phone = await call(t.app, 'POST', `/api/v1/customers/${customerId}/identities`, {
    token: brand.token,
    body: { kind: 'phone', value: PHONE },
  });
  expect(phone.status, JSON.stringify(phone.body)).toBe(201);
  const callEvent = await call(t.app, 'POST', '/api/v1/channels/phone/events', {
    token: brand.token,
    body: { event: 'offered', call_id: crypto.randomUUID(), caller_number: PHONE, vendor_id: vendorId },
  });
  expect(callEvent.status, JSON.stringify(callEvent.body)).toBe(200);
  expect(callEvent.body.call.customer_id).toBe(customerId);
  // A second customer, merged into the first: their data is erased with them.
  const merged = await ticketFor(
    `${FIRST.toLowerCase()}@old-mail.test`,
    FIRST,
    'Old account',
    `${SECRET} again`,
  );
  const merge = await call(t.app, 'POST', `/api/v1/customers/${customerId}/merge`, {
    token: brand.token,
    body: { source_customer_id: merged.customer_id },
  });
  expect(merge.status, JSON.stringify(merge.body)).toBe(200);
  const chat = await ticketFor(EMAIL, FIRST, 'Chat', `${SECRET} by chat`, 'chat');

  // Rows the channels' workers and intakes write, inserted as they would leave them.
  const org = t.organizationId;
  const store = attachmentStore(t.config);
  const file = await store.put(
    new TextEncoder().encode(`${FIRST} ${LAST} passport scan ${crypto.randomUUID()}`),
  );
  const raw = await store.put(
    new TextEncoder().encode(`From: ${EMAIL}\r\n\r\n${SECRET} ${crypto.randomUUID()}`),
  );
  await q(
    `insert into attachments (organization_id, ticket_id, message_id, filename, declared_content_type, size, sha256, storage_key)
     values ($1, $2, $3, $4, 'text/plain', 10, $5, $5)`,
    [org, first.id, first.message.id, `${LAST}-passport.txt`, file.key],
  );
  await q(
    `update messages set attachments = jsonb_build_array(jsonb_build_object('name', $2::text, 'size', 10)) where id = $1`,
    [first.message.id, `${LAST}-passport.txt`],
  );
  await q(
    `insert into email_intake (organization_id, sender, recipient, message_id_header, outcome, ticket_id, message_id, raw_key)
     values ($1, $2, 'support@brand.test', $3, 'ticket', $4, $5, $6)`,
    [org, EMAIL, `<${crypto.randomUUID()}@erase.test>`, first.id, first.message.id, raw.key],
  );
  await q(
    `insert into email_deliveries (message_id, organization_id, ticket_id, recipient) values ($1, $2, $3, $4)`,
    [reply.body.id, org, first.id, EMAIL],
  );
  await q(
    `insert into captured_mail (organization_id, message_id, ticket_id, mail_from, mail_to, subject, message_id_header, raw)
     values ($1, $2, $3, 'support@brand.test', $4, $5, '<x@brand.test>', $6)`,
    [org, reply.body.id, first.id, EMAIL, SUBJECT, `To: ${EMAIL}\r\n\r\nDear ${FIRST}`],
  );
  await q(
    `insert into chat_conversations (ticket_id, organization_id, visitor_id, visitor_name, email)
     values ($1, $2, $3, $4, $5)`,
    [chat.id, org, `visitor-${crypto.randomUUID()}`, `${FIRST} ${LAST}`, EMAIL],
  );
  const survey = await q(
    `insert into surveys (organization_id, kind, via, ticket_id, customer_id, recipient, vendor_id, delivery_status)
     values ($1, 'csat', 'email', $2, $3, $4, $5, 'sent') returning id`,
    [org, first.id, customerId, EMAIL, vendorId],
  );
  await q(
    `insert into survey_responses (survey_id, organization_id, vendor_id, version, score, comment)
     values ($1, $2, $3, 1, 4, $4)`,
    [survey.rows[0].id, org, vendorId, `${SECRET} was fine, ${FIRST} here`],
  );
  const subscription = await q(
    `insert into webhook_subscriptions (organization_id, url, event_types, secret)
     values ($1, 'https://hooks.example.test/in', '{message.created}', 'not-a-real-secret') returning id`,
    [org],
  );
  const event = await q(`select id from domain_events where organization_id = $1 order by id desc limit 1`, [
    org,
  ]);
  await q(
    `insert into webhook_deliveries (organization_id, subscription_id, event_id, event_type, message_id, body)
     values ($1, $2, $3, 'message.created', $4, $5)`,
    [
      org,
      subscription.rows[0].id,
      event.rows[0].id,
      reply.body.id,
      JSON.stringify({ body_text: `Dear ${FIRST}` }),
    ],
  );
  await q(
    `insert into pii_reveals (organization_id, vendor_id, user_id, customer_id, ticket_id, reason, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + interval '15 minutes')`,
    [org, vendorId, agent.userId, customerId, first.id, `Customer ${FIRST} asks about ${SECRET}`],
  );
  return {
    customerId,
    mergedId: merged.customer_id,
    ticketIds: [first.id, merged.id, chat.id],
    fileKeys: [file.key, raw.key],
  };
}

/** A bystander whose data must survive the erasure untouched. */
const BYSTANDER = 'bystander.ok@erase.test';

/** Every text-like column of every table in the public schema with the rows that mention a needle. */
async function findEverywhere(needles: string[]) {
  const { rows: columns } = await q(
    `select table_name, column_name from information_schema.columns c
     join information_schema.tables t using (table_schema, table_name)
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'tsvector', 'USER-DEFINED'))
     order by 1, 2`,
  );
  expect(columns.length).toBeGreaterThan(100);
  const patterns = needles.map((n) => `%${n.toLowerCase()}%`);
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    const { rows } = await q(
      `select count(*)::int as n from "${table_name}" where lower("${column_name}"::text) like any($1)`,
      [patterns],
    );
    if (rows[0].n > 0) hits.push(`${table_name}.${column_name} (${rows[0].n})`);
  }
  return hits;
}

async function kpiReport() {
  const rebuilt = await call(t.app, 'POST', '/api/v1/analytics/rollup/rebuild', { token: brand.token });
  expect(rebuilt.status, JSON.stringify(rebuilt.body)).toBe(200);
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const res = await call(t.app, 'GET', `/api/v1/analytics/kpis?from=${from}&to=${to}&group_by=vendor`, {
    token: brand.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('GDPR export and erasure of one customer', () => {
  it('exports, then erases every trace in every table, keeping KPIs and the audit chain', async () => {
    const built = await buildCustomer();
    await ticketFor(BYSTANDER, 'Bea Stander', 'Unrelated', 'Nothing to do with the other one');

    const exported = await call(t.app, 'GET', `/api/v1/customers/${built.customerId}/export`, {
      token: brand.token,
    });
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    const doc = exported.body;
    expect(doc.customers).toHaveLength(2);
    expect(doc.identities.map((i: any) => i.value)).toEqual(expect.arrayContaining([EMAIL, PHONE]));
    expect(doc.tickets).toHaveLength(4);
    expect(JSON.stringify(doc.messages)).toContain(SECRET);
    expect(doc.attachments).toHaveLength(1);
    expect(doc.calls).toHaveLength(1);
    expect(doc.chats[0].email).toBe(EMAIL);
    expect(doc.surveys[0].responses[0].comment).toContain(SECRET);
    expect(doc.emails_received[0].sender).toBe(EMAIL);
    expect(JSON.stringify(doc)).not.toContain(BYSTANDER);

    const needles = [EMAIL, PHONE, FIRST, LAST, SUBJECT, SECRET, `${FIRST.toLowerCase()}@old-mail.test`];
    const hitsBefore = await findEverywhere(needles);
    // The scan sees the customer everywhere the build put them, so an empty scan later means erased.
    const tablesBefore = new Set(hitsBefore.map((h) => h.split('.')[0]));
    for (const table of [
      'attachments',
      'call_events',
      'calls',
      'captured_mail',
      'chat_conversations',
      'customer_identities',
      'customers',
      'domain_events',
      'email_deliveries',
      'email_intake',
      'idempotency_keys',
      'messages',
      'pii_reveals',
      'survey_responses',
      'surveys',
      'ticket_events',
      'tickets',
      'webhook_deliveries',
    ])
      expect(tablesBefore, table).toContain(table);
    const kpisBefore = await kpiReport();

    const refused = await call(t.app, 'POST', `/api/v1/customers/${built.customerId}/erase`, {
      token: brand.token,
      body: { reason: `Request from ${EMAIL}` },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('body.reason');

    const mergedAway = await call(t.app, 'POST', `/api/v1/customers/${built.mergedId}/erase`, {
      token: brand.token,
      body: { reason: 'GDPR request DSR-2026-0042' },
    });
    expect(mergedAway.status).toBe(409);
    expect(mergedAway.body.detail).toContain(built.customerId);

    const erased = await call(t.app, 'POST', `/api/v1/customers/${built.customerId}/erase`, {
      token: brand.token,
      body: { reason: 'GDPR request DSR-2026-0042' },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.counts).toMatchObject({ customers: 2, customer_identities: 3, tickets: 4, calls: 1 });
    expect(erased.body.files_deleted).toBe(2);

    const hits = (await findEverywhere(needles)).filter((h) => !KEPT.some((k) => h.startsWith(k)));
    expect(hits).toEqual([]);
    expect(await findEverywhere([BYSTANDER])).not.toEqual([]);
    for (const key of built.fileKeys) expect(await attachmentStore(t.config).get(key)).toBeNull();

    // Ticket rows, times and statuses stay: the KPI report is the same figure for figure.
    expect(await kpiReport()).toEqual(kpisBefore);
    const tickets = await q(`select count(*)::int as n from tickets where id = any($1)`, [built.ticketIds]);
    expect(tickets.rows[0].n).toBe(3);

    // In the audit chain with counts and the reason, and the chain still verifies.
    const audit = await q(
      `select details from audit_log where action = 'customer.erased' and object_id = $1`,
      [built.customerId],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].details).toMatchObject({ reason: 'GDPR request DSR-2026-0042' });
    const exports = await q(`select count(*)::int as n from audit_log where action = 'export.json'`);
    expect(exports.rows[0].n).toBe(1);
    expect((await verifyAll(t.database.db)).ok).toBe(true);

    // Twice: 409, nothing written.
    const again = await call(t.app, 'POST', `/api/v1/customers/${built.customerId}/erase`, {
      token: brand.token,
      body: { reason: 'GDPR request DSR-2026-0042' },
    });
    expect(again.status).toBe(409);
    const after = await call(t.app, 'GET', `/api/v1/customers/${built.customerId}/export`, {
      token: brand.token,
    });
    expect(after.body.erased_at).toBe(erased.body.erased_at);
    expect(after.body.identities).toEqual([]);
  });

  it('refuses vendor users (403) and unknown customers (404)', async () => {
    const { customer_id: customerId } = await ticketFor(
      'vendor.case@erase.test',
      'Vera Case',
      'Case',
      'Hello there',
    );
    for (const user of [agent, vendorAdmin]) {
      const exp = await call(t.app, 'GET', `/api/v1/customers/${customerId}/export`, { token: user.token });
      expect(exp.status, JSON.stringify(exp.body)).toBe(403);
      const erase = await call(t.app, 'POST', `/api/v1/customers/${customerId}/erase`, {
        token: user.token,
        body: { reason: 'GDPR request DSR-2026-0043' },
      });
      expect(erase.status).toBe(403);
    }
    const missing = await call(t.app, 'GET', `/api/v1/customers/${crypto.randomUUID()}/export`, {
      token: brand.token,
    });
    expect(missing.status).toBe(404);
  });
});
