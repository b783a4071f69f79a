import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { newVisitorId, signVisitorToken } from '../channels/chat/visitor-token.js';

const CHAT_SECRET = 'c'.repeat(40);
let t: TestContext;
let slug: string;
let ticketId: string;
let visitorToken: string;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_CHAT_SECRET: CHAT_SECRET });
  const vendor = await t.make.vendor();
  const customer = await t.make.customer();
  ticketId = await t.make.ticket(customer, vendor.id, { conversation: true });
  const visitorId = newVisitorId();
  visitorToken = signVisitorToken(CHAT_SECRET, t.organizationId, visitorId);
  slug = await withSystem(t.database.db, async (tx) => {
    await tx.updateTable('tickets').set({ channel: 'chat' }).where('id', '=', ticketId).execute();
    await tx
      .insertInto('chat_conversations')
      .values({ ticket_id: ticketId, organization_id: t.organizationId, visitor_id: visitorId })
      .execute();
    return (
      await tx
        .selectFrom('organizations')
        .select('slug')
        .where('id', '=', t.organizationId)
        .executeTakeFirstOrThrow()
    ).slug;
  });
});
afterAll(() => t.close());

describe('chat-end rating', () => {
  it('the visitor rates the chat once; a change needs the edit token and is kept as a version', async () => {
    const body = { organization: slug, visitor_token: visitorToken, ticket_id: ticketId, score: 2 };
    const first = await call(t.app, 'POST', '/api/v1/public/chat-ratings', { body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'csat', version: 1, score: 2 });
    const again = await call(t.app, 'POST', '/api/v1/public/chat-ratings', { body: { ...body, score: 5 } });
    expect(again.status).toBe(409);
    const edited = await call(t.app, 'POST', '/api/v1/public/chat-ratings', {
      body: { ...body, score: 4, comment: 'Fixed in the end', edit: first.body.edit_token },
    });
    expect(edited.body).toMatchObject({ version: 2, score: 4, comment: 'Fixed in the end' });
    const survey = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('surveys')
        .select(['via', 'ticket_id'])
        .where('id', '=', first.body.survey_id)
        .executeTakeFirstOrThrow(),
    );
    expect(survey).toEqual({ via: 'chat', ticket_id: ticketId });
  });

  it('another visitor, a forged token or another brand cannot rate the chat', async () => {
    const other = signVisitorToken(CHAT_SECRET, t.organizationId, newVisitorId());
    const base = { organization: slug, ticket_id: ticketId, score: 1 };
    expect(
      (await call(t.app, 'POST', '/api/v1/public/chat-ratings', { body: { ...base, visitor_token: other } }))
        .status,
    ).toBe(404);
    const forged = `${visitorToken.slice(0, -3)}abc`;
    const res = await call(t.app, 'POST', '/api/v1/public/chat-ratings', {
      body: { ...base, visitor_token: forged },
    });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].path).toBe('body.visitor_token');
    const wrongOrg = await call(t.app, 'POST', '/api/v1/public/chat-ratings', {
      body: { ...base, organization: 'no-such-brand', visitor_token: visitorToken },
    });
    expect(wrongOrg.status).toBe(404);
  });
});
