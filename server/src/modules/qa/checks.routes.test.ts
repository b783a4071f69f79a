import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';

let t: TestContext;
let brandAdmin: TestUser;
let brandQa: TestUser;
let qaA: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let agentA: TestUser;
let agentB: TestUser;
let ticketA: string;
let ticketB: string;

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, method: 'POST' | 'PUT', url: string, body: unknown) =>
  call(t.app, method, `/api/v1${url}`, { token: who.token, body });
const dispatch = async () => {
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
};
const reply = async (who: TestUser, ticket: string, text: string, visibility = 'public') => {
  const res = await send(who, 'POST', `/tickets/${ticket}/messages`, { body_text: text, visibility });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const checksOf = (items: { check: string }[]) => items.map((f) => f.check).sort();

beforeAll(async () => {
  t = await startTestApp();
  const vendorA = (await t.make.vendor()).id;
  const vendorB = (await t.make.vendor()).id;
  brandAdmin = await t.make.user('brand_admin');
  brandQa = await t.make.user('qa_reviewer');
  qaA = await t.make.user('qa_reviewer', vendorA);
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  agentA = await t.make.user('agent', vendorA);
  agentB = await t.make.user('agent', vendorB);
  ticketA = await t.make.ticket(await t.make.customer(vendorA), vendorA, { conversation: true });
  ticketB = await t.make.ticket(await t.make.customer(vendorB), vendorB, { conversation: true });
  await t.database.pool.query(`update tickets set language = 'en' where id = any($1)`, [[ticketA, ticketB]]);
});
afterAll(() => t.close());

describe('QA voice rules', () => {
  it('a brand admin sets them per language; nobody else may; every QA user reads them', async () => {
    const everywhere = await send(brandAdmin, 'PUT', '/qa/voice-rules/*', {
      forbidden_phrases: [{ kind: 'phrase', value: 'calm down' }],
      forbidden_promises: [{ kind: 'regex', value: 'refund (?:you )?within \\d+ days?' }],
    });
    expect(everywhere.status, JSON.stringify(everywhere.body)).toBe(200);
    expect(everywhere.body).toMatchObject({ language: '*', greetings: [], updated_by: brandAdmin.userId });
    const english = await send(brandAdmin, 'PUT', '/qa/voice-rules/en', {
      greetings: [{ kind: 'phrase', value: 'Hi' }],
      closings: [{ kind: 'phrase', value: 'Kind regards' }],
    });
    expect(english.status).toBe(200);

    for (const who of [brandQa, adminA]) {
      const refused = await send(who, 'PUT', '/qa/voice-rules/en', { greetings: [] });
      expect(refused.status).toBe(403);
    }
    const badRegex = await send(brandAdmin, 'PUT', '/qa/voice-rules/en', {
      forbidden_phrases: [{ kind: 'regex', value: '(unclosed' }],
    });
    expect(badRegex.status).toBe(400);
    expect(JSON.stringify(badRegex.body.errors)).toContain('forbidden_phrases');

    const read = await get(qaA, '/qa/voice-rules');
    expect(read.status).toBe(200);
    expect(read.body.items.map((r: { language: string }) => r.language)).toEqual(['*', 'en']);
    expect(read.body.items[1].greetings).toEqual([{ kind: 'phrase', value: 'Hi' }]);
    expect((await get(agentA, '/qa/voice-rules')).status).toBe(403);
  });
});

describe('QA check findings', () => {
  let messageA: string;

  it('checks each public agent reply once from the outbox; internal notes and customers are not checked', async () => {
    messageA = await reply(agentA, ticketA, 'Please calm down. Your card 4242 4242 4242 4242 is on file.');
    await reply(agentA, ticketA, 'internal: calm down', 'internal');
    await reply(agentB, ticketB, 'Hi there, we will refund you within 3 days. Kind regards');
    await dispatch();

    const brand = await get(brandQa, '/qa/check-findings');
    expect(brand.status, JSON.stringify(brand.body)).toBe(200);
    const onA = brand.body.items.filter((f: { ticket_id: string }) => f.ticket_id === ticketA);
    expect(checksOf(onA)).toEqual(['forbidden_phrase', 'missing_closing', 'missing_greeting', 'pii_leak']);
    const leak = onA.find((f: { check: string }) => f.check === 'pii_leak');
    expect(leak).toMatchObject({
      message_id: messageA,
      agent_id: agentA.userId,
      span: { start: 28, end: 47 },
    });
    expect(leak.detail).toContain('**** **** **** 4242');
    expect(leak.detail).not.toContain('4242 4242');
    const onB = brand.body.items.filter((f: { ticket_id: string }) => f.ticket_id === ticketB);
    expect(checksOf(onB)).toEqual(['forbidden_promise']);

    // Replayed events find the message checked already: no second set of findings.
    await t.database.pool.query('update domain_events set dispatched_at = null');
    await dispatch();
    const again = await get(brandQa, '/qa/check-findings');
    expect(again.body.items).toHaveLength(brand.body.items.length);
  });

  it('shows a vendor only its own findings', async () => {
    const a = await get(qaA, '/qa/check-findings');
    expect(a.status).toBe(200);
    expect(a.body.items.length).toBeGreaterThan(0);
    expect(a.body.items.every((f: { ticket_id: string }) => f.ticket_id === ticketA)).toBe(true);
    const b = await get(adminB, '/qa/check-findings');
    expect(checksOf(b.body.items)).toEqual(['forbidden_promise']);
    const foreign = await get(adminB, `/qa/check-findings?ticket_id=${ticketA}`);
    expect(foreign.body.items).toEqual([]);
  });

  it('filters by ticket, agent, check and dismissal, and pages by keyset', async () => {
    const leaks = await get(brandQa, `/qa/check-findings?check=pii_leak&ticket_id=${ticketA}`);
    expect(checksOf(leaks.body.items)).toEqual(['pii_leak']);
    const byAgent = await get(brandQa, `/qa/check-findings?agent_id=${agentB.userId}`);
    expect(checksOf(byAgent.body.items)).toEqual(['forbidden_promise']);
    const future = await get(brandQa, '/qa/check-findings?from=2999-01-01T00:00:00Z');
    expect(future.body.items).toEqual([]);

    const all = (await get(brandQa, '/qa/check-findings')).body.items.map((f: { id: string }) => f.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(
        brandQa,
        `/qa/check-findings?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((f) => f.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('a vendor QA dismisses its own vendor’s finding with a reason, once; another vendor cannot', async () => {
    const leak = (await get(qaA, '/qa/check-findings?check=pii_leak')).body.items[0];
    const foreign = await send(adminB, 'POST', `/qa/check-findings/${leak.id}/dismiss`, { reason: 'no' });
    expect(foreign.status).toBe(404);
    const byAgent = await send(agentA, 'POST', `/qa/check-findings/${leak.id}/dismiss`, { reason: 'mine' });
    expect(byAgent.status).toBe(403);
    const empty = await send(qaA, 'POST', `/qa/check-findings/${leak.id}/dismiss`, { reason: ' ' });
    expect(empty.status).toBe(400);

    const dismissed = await send(qaA, 'POST', `/qa/check-findings/${leak.id}/dismiss`, {
      reason: 'A test card the customer asked us to confirm',
    });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    expect(dismissed.body).toMatchObject({ dismissed_by: qaA.userId, dismiss_reason: expect.any(String) });
    expect(dismissed.body.dismissed_at).toEqual(expect.any(String));
    const twice = await send(brandQa, 'POST', `/qa/check-findings/${leak.id}/dismiss`, { reason: 'again' });
    expect(twice.status).toBe(409);

    const open = await get(brandQa, `/qa/check-findings?dismissed=false&ticket_id=${ticketA}`);
    expect(open.body.items.map((f: { id: string }) => f.id)).not.toContain(leak.id);
    const closed = await get(brandQa, '/qa/check-findings?dismissed=true');
    expect(closed.body.items.map((f: { id: string }) => f.id)).toEqual([leak.id]);
  });
});
