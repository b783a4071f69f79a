import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
let lead: TestUser;
let bench: TestUser;
let r1: TestUser;
let r2: TestUser;
let outsider: TestUser;
let agentA: TestUser;
let adminB: TestUser;
let qaB: TestUser;
let ticketA: string;
let ticketA2: string;
let ticketB: string;
let versionId: string;

/** a: 5 points, weight 2; b: binary; c: binary, N/A allowed — calibration.test.ts's hand-computed card. */
const definition = {
  weighting: 'points',
  sections: [
    {
      id: 's',
      name: 'S',
      criteria: [
        { id: 'a', name: 'A', scale: { kind: 'points', points: 5 }, weight: 2 },
        { id: 'b', name: 'B', scale: { kind: 'binary' } },
        { id: 'c', name: 'C', scale: { kind: 'binary' }, na_allowed: true },
      ],
    },
  ],
};

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });
const answers = (a: number, b: number, c: number | 'n/a') => ({
  answers: { a: { value: a }, b: { value: b }, c: { value: c } },
});

async function session(who: TestUser, body: Record<string, unknown> = {}) {
  return send(who, '/qa/calibrations', {
    name: 'December calibration',
    scorecard_version_id: versionId,
    ticket_ids: [ticketA, ticketB],
    participant_ids: [r1.userId, r2.userId],
    benchmark_reviewer_id: bench.userId,
    ...body,
  });
}

beforeAll(async () => {
  t = await startTestApp();
  const vendorA = (await t.make.vendor()).id;
  const vendorB = (await t.make.vendor()).id;
  lead = await t.make.user('qa_reviewer');
  bench = await t.make.user('qa_reviewer');
  r1 = await t.make.user('qa_reviewer');
  r2 = await t.make.user('qa_reviewer');
  outsider = await t.make.user('qa_reviewer');
  agentA = await t.make.user('agent', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  qaB = await t.make.user('qa_reviewer', vendorB);
  ticketA = await t.make.ticket(await t.make.customer(vendorA), vendorA, { conversation: true });
  ticketA2 = await t.make.ticket(await t.make.customer(vendorA), vendorA, { conversation: true });
  ticketB = await t.make.ticket(await t.make.customer(vendorB), vendorB, { conversation: true });
  const card = await send(lead, '/qa/scorecards', { name: 'Calibration card', definition });
  versionId = card.body.current_version.id;
});
afterAll(() => t.close());

describe('QA calibration sessions', () => {
  it('scores blind, closes with alignment equal to the hand computation, and grades the graders', async () => {
    const created = await session(lead);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body.participant_ids.sort()).toEqual([r1.userId, r2.userId, bench.userId].sort());
    const t1 = ticketA;
    const t2 = ticketB;
    const score = (who: TestUser, ticket: string, body: unknown) =>
      send(who, `/qa/calibrations/${id}/tickets/${ticket}/scores`, body);
    expect((await score(bench, t1, answers(5, 1, 'n/a'))).status).toBe(201);
    expect((await score(bench, t2, answers(3, 0, 1))).status).toBe(201);
    expect((await score(r1, t1, answers(4, 1, 'n/a'))).status).toBe(201);

    // Blind: r1 has scored t1, yet sees only their own score; progress counts without values.
    const blind = await get(r1, `/qa/calibrations/${id}`);
    expect(blind.body.scores.map((s: { reviewer_id: string }) => s.reviewer_id)).toEqual([r1.userId]);
    expect(blind.body.progress).toContainEqual({ ticket_id: t1, submitted: 2 });
    expect(blind.body.result).toBeNull();
    expect((await get(lead, `/qa/calibrations/${id}`)).body.scores).toEqual([]);

    expect((await score(r1, t1, answers(5, 1, 'n/a'))).status).toBe(409);
    expect((await score(outsider, t1, answers(5, 1, 'n/a'))).status).toBe(403);
    expect((await score(r1, ticketA2, answers(5, 1, 'n/a'))).status).toBe(404);
    const incomplete = await score(r1, t2, { answers: { a: { value: 3 }, b: { value: 1 } } });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.answers.c.value']);
    expect((await score(r1, t2, answers(3, 1, 1))).status).toBe(201);
    expect((await score(r2, t1, answers(1, 0, 1))).status).toBe(201);

    expect((await send(r1, `/qa/calibrations/${id}/close`)).status).toBe(403);
    const closed = await send(lead, `/qa/calibrations/${id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.scores).toHaveLength(5);
    const by = new Map(
      closed.body.result.reviewers.map((r: { reviewer_id: string }) => [r.reviewer_id, r] as const),
    );
    // r1: t1 2.5/3 (c both N/A, left out), t2 3/4 → 5.5/7; r2: t1 0/4 (c against N/A aligns 0).
    expect(by.get(r1.userId)).toMatchObject({ numerator: 5.5, denominator: 7, conversations: 2 });
    expect((by.get(r1.userId) as { percent: number }).percent).toBeCloseTo((100 * 5.5) / 7, 9);
    expect(by.get(r2.userId)).toMatchObject({ numerator: 0, denominator: 4, percent: 0, conversations: 1 });
    expect(by.get(bench.userId)).toMatchObject({ benchmark: true, percent: 100 });
    expect(closed.body.result.criteria).toEqual([
      { id: 'a', numerator: 3.5, denominator: 6, percent: (100 * 3.5) / 6 },
      { id: 'b', numerator: 1, denominator: 3, percent: 100 / 3 },
      { id: 'c', numerator: 1, denominator: 2, percent: 50 },
    ]);
    expect((await get(r2, `/qa/calibrations/${id}`)).body.scores).toHaveLength(5);
    expect((await score(r2, t2, answers(3, 0, 1))).status).toBe(409);

    const graders = await get(lead, '/qa/calibrations/graders');
    expect(graders.status).toBe(200);
    const mean = new Map(graders.body.items.map((g: { reviewer_id: string }) => [g.reviewer_id, g] as const));
    expect((mean.get(r1.userId) as { mean_alignment: number }).mean_alignment).toBeCloseTo(
      (100 * 5.5) / 7,
      9,
    );
    expect(mean.get(r2.userId)).toEqual({ reviewer_id: r2.userId, sessions: 1, mean_alignment: 0 });
    expect(mean.has(bench.userId)).toBe(false);

    // Calibration scores are not reviews: nothing reaches IQS or an agent's reviews.
    const { rows } = await t.database.pool.query('select count(*)::int as n from qa_reviews');
    expect(rows[0].n).toBe(0);
    expect((await get(lead, '/qa/reviews')).body.items).toEqual([]);
  });

  it('refuses bad input naming the field', async () => {
    const empty = await session(lead, { ticket_ids: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toContain('body.ticket_ids');
    const agent = await session(lead, { participant_ids: [r1.userId, agentA.userId] });
    expect(agent.status).toBe(422);
    expect(agent.body.errors).toEqual([{ path: 'body.participant_ids.1', message: 'not a QA reviewer' }]);
    const vendorReviewer = await session(lead, { participant_ids: [qaB.userId] });
    expect(vendorReviewer.status).toBe(422);
    expect(vendorReviewer.body.errors[0].path).toBe('body.participant_ids.0');
    expect((await session(agentA)).status).toBe(403);
  });

  it('keeps vendors apart: a vendor sees no brand session and cannot name another vendor’s ids', async () => {
    const brand = await session(lead);
    const id = brand.body.id;
    for (const who of [adminB, qaB]) {
      expect((await get(who, `/qa/calibrations/${id}`)).status).toBe(404);
      expect((await get(who, '/qa/calibrations')).body.items).toEqual([]);
      expect(
        (await send(who, `/qa/calibrations/${id}/tickets/${ticketB}/scores`, answers(1, 1, 1))).status,
      ).toBe(404);
      expect((await send(who, `/qa/calibrations/${id}/close`)).status).toBe(404);
      expect((await get(who, '/qa/calibrations/graders')).body.items).toEqual([]);
    }
    const base = {
      scorecard_version_id: versionId,
      participant_ids: [qaB.userId],
      benchmark_reviewer_id: adminB.userId,
    };
    const foreignTicket = await session(adminB, { ...base, ticket_ids: [ticketB, ticketA] });
    expect(foreignTicket.status).toBe(404);
    expect(JSON.stringify(foreignTicket.body)).not.toContain('vendor');
    const foreignReviewer = await session(adminB, {
      ...base,
      ticket_ids: [ticketB],
      participant_ids: [r1.userId],
    });
    expect(foreignReviewer.status).toBe(404);
    const own = await session(adminB, { ...base, ticket_ids: [ticketB] });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.vendor_id).toBe(adminB.vendorId);
    const { rows } = await t.database.pool.query(
      'select count(*)::int as n from qa_calibration_tickets where ticket_id = $1 and vendor_id is not null',
      [ticketA],
    );
    expect(rows[0].n).toBe(0);
  });
});
