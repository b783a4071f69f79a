import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
let vendorA: string;
let vendorB: string;
let siteA: string;
let teamA: string;
let brandQa: TestUser;
let analyst: TestUser;
let adminB: TestUser;
let agentA1: TestUser;
let agentA2: TestUser;
let agentB1: TestUser;
let cardId: string;

/** Four binary criteria of weight 1, scored by points: each pass is 25%. */
const CRITERIA = ['greeting', 'accuracy', 'tone', 'closing'];
const definition = {
  weighting: 'points',
  sections: [
    { id: 's', name: 'S', criteria: CRITERIA.map((id) => ({ id, name: id, scale: { kind: 'binary' } })) },
  ],
};

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });

/** A review by the brand's QA of a fresh ticket of the agent, with `passes` of 4 criteria passed. */
async function review(agent: TestUser, vendorId: string, passes: number, submit = true) {
  const ticket = await t.make.ticket(await t.make.customer(vendorId), vendorId, { conversation: true });
  await t.database.pool.query('update tickets set agent_id = $1 where id = $2', [agent.userId, ticket]);
  const answers = Object.fromEntries(CRITERIA.map((id, i) => [id, { value: i < passes ? 1 : 0 }]));
  const drafted = await send(brandQa, '/qa/reviews', { scorecard_id: cardId, ticket_id: ticket, answers });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  if (submit) expect((await send(brandQa, `/qa/reviews/${drafted.body.id}/submit`)).status).toBe(200);
  return drafted.body.id as string;
}

const FROM = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const TO = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const period = `from=${FROM}&to=${TO}&tz=UTC`;
const fig = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
  variant: expect.any(String),
});
const byKey = (rows: { key: string | null; iqs: unknown }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.iqs]));

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  siteA = (await t.make.site(vendorA)).id;
  teamA = (await t.make.team(vendorA, siteA)).id;
  brandQa = await t.make.user('qa_reviewer');
  analyst = await t.make.user('brand_analyst');
  adminB = await t.make.user('vendor_admin', vendorB);
  agentA1 = await t.make.user('agent', vendorA, { teamId: teamA, siteId: siteA });
  agentA2 = await t.make.user('agent', vendorA);
  agentB1 = await t.make.user('agent', vendorB);
  const card = await send(brandQa, '/qa/scorecards', { name: 'IQS', definition });
  cardId = card.body.id;

  // A1: 100, and 50 disputed and rescored to 75; a draft at 25 never counts.
  await review(agentA1, vendorA, 4);
  const disputed = await review(agentA1, vendorA, 2);
  await review(agentA1, vendorA, 1, false);
  const raised = await send(agentA1, `/qa/reviews/${disputed}/disputes`, {
    criterion_id: 'tone',
    reason: 'polite',
  });
  expect(raised.status).toBe(201);
  const accepted = await send(brandQa, `/qa/disputes/${raised.body.id}/accept`, {
    answers: { tone: { value: 1 } },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  // A2: 0 counts; 75 submitted last year is outside the period.
  await review(agentA2, vendorA, 0);
  const old = await review(agentA2, vendorA, 3);
  await t.database.pool.query(
    `update qa_reviews set submitted_at = now() - interval '1 year' where id = $1`,
    [old],
  );
  // B1: 50 and 100; a draft at 100 never counts.
  await review(agentB1, vendorB, 2);
  await review(agentB1, vendorB, 4);
  await review(agentB1, vendorB, 4, false);
});
afterAll(() => t.close());

describe('GET /qa/iqs', () => {
  it('by agent and by vendor equals the hand count: submitted only, current score, in the period', async () => {
    const agents = await get(brandQa, `/qa/iqs?${period}&group_by=agent`);
    expect(agents.status, JSON.stringify(agents.body)).toBe(200);
    expect(byKey(agents.body.rows)).toEqual({
      [agentA1.userId]: fig(175, 2),
      [agentA2.userId]: fig(0, 1),
      [agentB1.userId]: fig(150, 2),
    });
    expect(agents.body.total).toEqual(fig(325, 5));
    expect(agents.body.total.value).toBe(65);

    const vendors = await get(analyst, `/qa/iqs?${period}&group_by=vendor`);
    expect(vendors.status).toBe(200);
    expect(byKey(vendors.body.rows)).toEqual({ [vendorA]: fig(175, 3), [vendorB]: fig(150, 2) });
    expect(vendors.body.total).toEqual(fig(325, 5));
    expect(vendors.body.rows.every((r: { label: string | null }) => typeof r.label === 'string')).toBe(true);
  });

  it('by team and site from the agent’s user row; agents without one group under null', async () => {
    const teams = await get(brandQa, `/qa/iqs?${period}&group_by=team`);
    expect(byKey(teams.body.rows)).toEqual({ [teamA]: fig(175, 2), null: fig(150, 3) });
    const sites = await get(brandQa, `/qa/iqs?${period}&group_by=site&vendor_id=${vendorA}`);
    expect(byKey(sites.body.rows)).toEqual({ [siteA]: fig(175, 2), null: fig(0, 1) });
    expect(sites.body.total).toEqual(fig(175, 3));
  });

  it('CSV carries the same numbers as JSON', async () => {
    const json = await get(brandQa, `/qa/iqs?${period}&group_by=agent`);
    const csv = await get(brandQa, `/qa/iqs?${period}&group_by=agent&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.response.headers['content-type']).toContain('text/csv');
    const lines = csv.response.body.trim().split('\r\n');
    expect(lines[0]).toBe('key,label,numerator,denominator,value,variant');
    const expected = [
      ...json.body.rows.map(
        (r: { key: string; iqs: { numerator: number; denominator: number; value: number } }) => [
          r.key,
          r.iqs.numerator,
          r.iqs.denominator,
          r.iqs.value,
        ],
      ),
      ['total', json.body.total.numerator, json.body.total.denominator, json.body.total.value],
    ];
    const parsed = lines.slice(1).map((l: string) => {
      const c = l.split(',');
      return [c[0], Number(c[2]), Number(c[3]), Number(c[4])];
    });
    expect(parsed).toEqual(expected);
  });

  it('the KPI report carries the same IQS per vendor and agent, in JSON and CSV; other groupings have none', async () => {
    for (const group of ['vendor', 'agent', 'team'] as const) {
      const iqs = await get(brandQa, `/qa/iqs?${period}&group_by=${group}`);
      const kpis = await get(analyst, `/analytics/kpis?${period}&group_by=${group}`);
      expect(kpis.status, JSON.stringify(kpis.body)).toBe(200);
      // Every reviewed group has its row, with or without contacts in the period.
      const reported = Object.fromEntries(
        kpis.body.rows
          .filter((r: { iqs: { denominator: number } }) => r.iqs.denominator > 0)
          .map((r: { key: string | null; iqs: unknown }) => [r.key, r.iqs]),
      );
      expect(reported, group).toEqual(byKey(iqs.body.rows));
      expect(kpis.body.total_iqs).toEqual(iqs.body.total);
    }
    const csv = await get(analyst, `/analytics/kpis?${period}&group_by=vendor&format=csv`);
    const [header = '', ...lines] = csv.response.body.trim().split('\r\n');
    const cols = header.split(',');
    const at = (name: string) => cols.indexOf(name);
    expect(at('iqs')).toBeGreaterThan(0);
    const rowA = lines.find((l: string) => l.startsWith(vendorA))!.split(',');
    expect([Number(rowA[at('iqs_numerator')]), Number(rowA[at('iqs_denominator')])]).toEqual([175, 3]);
    const queues = await get(analyst, `/analytics/kpis?${period}&group_by=queue`);
    expect(queues.body.total_iqs).toBeNull();
    expect(queues.body.rows.every((r: { iqs: unknown }) => r.iqs === null)).toBe(true);
    // A vendor's admin gets its own vendor's IQS only.
    const own = await get(adminB, `/analytics/kpis?${period}&group_by=vendor`);
    expect(own.body.rows.map((r: { key: string }) => r.key)).toEqual([vendorB]);
    expect(own.body.total_iqs).toEqual(fig(150, 2));
  });

  it('a vendor’s admin sees its own vendor only, whatever ids of another vendor it sends', async () => {
    const own = await get(adminB, `/qa/iqs?${period}&group_by=agent`);
    expect(own.status).toBe(200);
    expect(byKey(own.body.rows)).toEqual({ [agentB1.userId]: fig(150, 2) });
    expect(own.body.total).toEqual(fig(150, 2));
    for (const q of [
      `vendor_id=${vendorA}`,
      `agent_id=${agentA1.userId}`,
      `team_id=${teamA}`,
      `site_id=${siteA}`,
    ]) {
      const foreign = await get(adminB, `/qa/iqs?${period}&group_by=vendor&${q}`);
      expect(foreign.status).toBe(200);
      expect(foreign.body.rows).toEqual([]);
      expect(foreign.body.total).toEqual(fig(0, 0));
    }
    const csv = await get(adminB, `/qa/iqs?${period}&group_by=vendor&vendor_id=${vendorA}&format=csv`);
    expect(csv.response.body).not.toContain(vendorA);
  });

  it('agents may not read it; bad input is problem+json naming the field', async () => {
    expect((await get(agentA1, `/qa/iqs?${period}`)).status).toBe(403);
    for (const [query, path] of [
      [`from=${TO}&to=${FROM}`, 'query.to'],
      [`from=${FROM}&to=${TO}&tz=Mars/Olympus`, 'query.tz'],
      [`from=yesterday&to=${TO}`, 'query.from'],
      [`${period}&group_by=queue`, 'query.group_by'],
      [`${period}&vendor_id=nope`, 'query.vendor_id'],
      [`from=${FROM}`, 'query.to'],
    ] as const) {
      const bad = await get(brandQa, `/qa/iqs?${query}`);
      // 400: the schema refuses it; 422: well formed but meaningless (an empty period).
      expect([400, 422], query).toContain(bad.status);
      expect(bad.response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});
