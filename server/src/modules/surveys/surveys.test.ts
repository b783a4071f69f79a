import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { surveySender } from './sender.js';

let t: TestContext;
let vendorA: string;
let vendorB: string;
let agentA: TestUser;
let leadA: TestUser;
let leadB: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_SURVEY_THROTTLE_DAYS: '30' });
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  agentA = await t.make.user('agent', vendorA);
  leadA = await t.make.user('team_lead', vendorA);
  leadB = await t.make.user('team_lead', vendorB);
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

async function drainOutbox() {
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
}
const sendSurveys = () =>
  surveySender.sendDue({
    database: t.database,
    config: t.config,
    logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
  });

/** A vendor-A ticket solved through the API, its survey mailed into the capture; returns the survey link. */
async function solvedTicketSurvey(customerId: string) {
  const ticketId = await t.make.ticket(customerId, vendorA, { conversation: true });
  const solved = await call(t.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
    token: agentA.token,
    body: { status: 'solved' },
  });
  expect(solved.status).toBe(200);
  await drainOutbox();
  await sendSurveys();
  const mail = await withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('captured_mail as m')
      .innerJoin('surveys as s', 's.id', 'm.survey_id')
      .select(['m.raw', 's.id'])
      .where('s.ticket_id', '=', ticketId)
      .executeTakeFirst(),
  );
  return { ticketId, mail };
}

describe('CSAT after solve', () => {
  let link: string;
  let surveyId: string;
  let ticketId: string;

  it('a solved ticket sends an email with one-click 1–5 links to the captured mail', async () => {
    const customer = await t.make.customer();
    const result = await solvedTicketSurvey(customer);
    ticketId = result.ticketId;
    expect(result.mail).toBeTruthy();
    surveyId = result.mail!.id;
    const parsed = await simpleParser(result.mail!.raw);
    const links = [...(parsed.text ?? '').matchAll(/(\d): (http\S+)/g)].map((m) => [m[1], m[2]]);
    expect(links.map((l) => l[0])).toEqual(['1', '2', '3', '4', '5']);
    link = new URL(links[3]![1]!).pathname + new URL(links[3]![1]!).search; // score=4
    expect(link).toMatch(/^\/s\/[\w-]+\.[\w-]+\?score=4$/);
    const survey = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirstOrThrow(),
    );
    expect(survey).toMatchObject({ kind: 'csat', vendor_id: vendorA, delivery_status: 'sent' });
  });

  it('the page asks without recording, with a CSP and no script', async () => {
    const page = await t.app.inject({ method: 'GET', url: link.split('?')[0]! });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.body).not.toMatch(/<script/i);
    expect(page.body).toContain('?score=5');
  });

  let editToken: string;
  it('one click records the rating; the same link cannot answer again', async () => {
    const first = await call(t.app, 'GET', link, { headers: { accept: 'application/json' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, score: 4, kind: 'csat' });
    editToken = first.body.edit_token;
    const reused = await call(t.app, 'GET', link.replace('score=4', 'score=1'), {
      headers: { accept: 'application/json' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.errors[0].path).toBe('params.token');
    const posted = await call(t.app, 'POST', link.split('?')[0]!, {
      body: { score: 1 },
      headers: { accept: 'application/json' },
    });
    expect(posted.status).toBe(409);
  });

  it('a forged token is refused and records nothing', async () => {
    const [path] = link.split('?');
    const forged = `${path!.slice(0, -2)}xx?score=5`;
    const res = await call(t.app, 'GET', forged, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    const html = await t.app.inject({ method: 'GET', url: forged });
    expect(html.statusCode).toBe(404);
    expect(html.headers['content-type']).toMatch(/text\/html/);
  });

  it('the comment form (HTML form post with the edit token) adds a version; every version is kept', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: link.split('?')[0]!,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        score: '5',
        comment: 'Quick <b>refund</b>, thanks',
        edit: editToken,
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Quick &#60;b&#62;refund&#60;/b&#62;, thanks');
    expect(res.body).not.toContain('<b>refund');
    const bad = await call(t.app, 'POST', link.split('?')[0]!, {
      body: { score: 3, edit: `${editToken}x` },
      headers: { accept: 'application/json' },
    });
    expect(bad.status).toBe(403);
    const detail = await call(t.app, 'GET', `/api/v1/surveys/${surveyId}`, { token: admin.token });
    expect(detail.body.versions.map((v: { score: number }) => v.score)).toEqual([4, 5]);
    expect(detail.body.versions[1].comment).toBe('Quick <b>refund</b>, thanks');
  });

  it('comments are searchable, and only by the vendor that handled the contact', async () => {
    const a = await call(t.app, 'GET', '/api/v1/surveys/responses?q=refund', { token: leadA.token });
    expect(a.status).toBe(200);
    expect(a.body.items.map((i: { survey_id: string }) => i.survey_id)).toEqual([surveyId]);
    expect(a.body.items[0]).toMatchObject({ version: 2, score: 5 });
    const b = await call(t.app, 'GET', '/api/v1/surveys/responses?q=refund', { token: leadB.token });
    expect(b.body.items).toEqual([]);
    const detailB = await call(t.app, 'GET', `/api/v1/surveys/${surveyId}`, { token: leadB.token });
    expect(detailB.status).toBe(404);
    const none = await call(t.app, 'GET', '/api/v1/surveys/responses?q=delivery', { token: admin.token });
    expect(none.body.items).toEqual([]);
    const agent = await call(t.app, 'GET', '/api/v1/surveys/responses', { token: agentA.token });
    expect(agent.status).toBe(403);
  });

  it('the rating reaches the KPI rollup for vendor A only, with the response rate beside it', async () => {
    await drainOutbox();
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const url = `/api/v1/analytics/kpis?from=${from}&to=${to}&group_by=vendor`;
    const a = await call(t.app, 'GET', url, { token: leadA.token });
    expect(a.status).toBe(200);
    expect(a.body.rows.map((r: { key: string }) => r.key)).toEqual([vendorA]);
    expect(a.body.total.csat).toMatchObject({
      value: 1,
      numerator: 1,
      denominator: 1,
      variant: 'csat.top2_of_5',
    });
    expect(a.body.total.survey_response_rate).toMatchObject({ value: 1, denominator: 1 });
    const b = await call(t.app, 'GET', url, { token: leadB.token });
    expect(b.body.rows).toEqual([]);
    const csvB = await t.app.inject({
      method: 'GET',
      url: `${url}&format=csv`,
      headers: { authorization: `Bearer ${leadB.token}` },
    });
    expect(csvB.headers['content-type']).toMatch(/text\/csv/);
    expect(csvB.body).not.toContain(vendorA);
    const csvAdmin = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${admin.token}`, accept: 'text/csv' },
    });
    expect(csvAdmin.body.split('\r\n')[0]).toContain('csat [csat.top2_of_5]');
    expect(csvAdmin.body).toContain(vendorA);
  });

  it('the same customer is not surveyed again within the throttle period', async () => {
    const survey = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('surveys').select('customer_id').where('id', '=', surveyId).executeTakeFirstOrThrow(),
    );
    const again = await solvedTicketSurvey(survey.customer_id);
    expect(again.mail).toBeUndefined();
    expect(ticketId).not.toBe(again.ticketId);
  });
});
