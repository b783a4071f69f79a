import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
let vendorA: string;
let brandQa: TestUser;
let brandAdmin: TestUser;
let qaA: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let agentA1: TestUser;
let agentA2: TestUser;
let leadA: TestUser;
let agentB: TestUser;
let ticketA: string;
let cardId: string;

/** Four binary criteria of weight 1, scored by points: each is 25%. */
const definition = {
  weighting: 'points',
  sections: [
    {
      id: 's',
      name: 'S',
      criteria: ['greeting', 'accuracy', 'tone', 'closing'].map((id) => ({
        id,
        name: id,
        scale: { kind: 'binary' },
      })),
    },
  ],
};

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });

/** A review of agent A1 on ticket A, scored 50% (greeting and accuracy pass), submitted unless asked. */
async function review(options: { submit?: boolean } = {}) {
  const drafted = await send(qaA, '/qa/reviews', {
    scorecard_id: cardId,
    ticket_id: ticketA,
    answers: {
      greeting: { value: 1 },
      accuracy: { value: 1 },
      tone: { value: 0, comment: 'curt' },
      closing: { value: 0 },
    },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  if (options.submit === false) return drafted.body.id as string;
  const submitted = await send(qaA, `/qa/reviews/${drafted.body.id}/submit`);
  expect(submitted.status).toBe(200);
  return drafted.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  const vendorB = (await t.make.vendor()).id;
  const teamA = (await t.make.team(vendorA)).id;
  brandQa = await t.make.user('qa_reviewer');
  brandAdmin = await t.make.user('brand_admin');
  qaA = await t.make.user('qa_reviewer', vendorA);
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  agentA1 = await t.make.user('agent', vendorA, { teamId: teamA });
  agentA2 = await t.make.user('agent', vendorA);
  leadA = await t.make.user('team_lead', vendorA, { teamId: teamA });
  agentB = await t.make.user('agent', vendorB);
  ticketA = await t.make.ticket(await t.make.customer(vendorA), vendorA, { conversation: true });
  await t.database.pool.query('update tickets set agent_id = $1 where id = $2', [agentA1.userId, ticketA]);
  const card = await send(brandQa, '/qa/scorecards', { name: 'Disputes', definition });
  cardId = card.body.id;
});
afterAll(() => t.close());

describe('QA disputes', () => {
  it('the agent disputes a criterion; the brand accepts with a rescore kept as a new revision', async () => {
    const id = await review();
    const raised = await send(agentA1, `/qa/reviews/${id}/disputes`, {
      criterion_id: 'tone',
      reason: 'The customer was abusive; I stayed polite',
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    expect(raised.body).toMatchObject({ state: 'open', criterion_id: 'tone', agent_id: agentA1.userId });
    const again = await send(leadA, `/qa/reviews/${id}/disputes`, { reason: 'me too' });
    expect(again.status).toBe(409);
    expect(again.response.headers['content-type']).toMatch(/application\/problem\+json/);

    const accepted = await send(brandQa, `/qa/disputes/${raised.body.id}/accept`, {
      answers: { tone: { value: 1 } },
      comment: 'Agreed on listening to the call',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', resolved_by: brandQa.userId });
    expect(accepted.body.revision_id).toEqual(expect.any(String));

    const detail = await get(agentA1, `/qa/reviews/${id}`);
    expect(detail.status).toBe(200);
    // 3 of 4 binary criteria now pass: 75%; revision 1 keeps the submitted 50%.
    expect(detail.body.score.percent).toBeCloseTo(75, 9);
    expect(detail.body.answers.tone).toEqual({ value: 1, comment: 'curt' });
    expect(detail.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(detail.body.revisions[0].score.percent).toBeCloseTo(50, 9);
    expect(detail.body.revisions[0].answers.tone.value).toBe(0);
    expect(detail.body.revisions[1]).toMatchObject({
      dispute_id: raised.body.id,
      id: accepted.body.revision_id,
    });
    expect(detail.body.disputes).toHaveLength(1);
    const { rows } = await t.database.pool.query('select score_percent from qa_reviews where id = $1', [id]);
    expect(rows[0].score_percent).toBeCloseTo(75, 9);

    // Resolved: a second dispute may be raised, and it counts in the history.
    expect((await send(brandQa, `/qa/disputes/${raised.body.id}/reject`, { comment: 'late' })).status).toBe(
      409,
    );
    const second = await send(adminA, `/qa/reviews/${id}/disputes`, { reason: 'closing too' });
    expect(second.status).toBe(201);
    const list = await get(agentA1, `/qa/disputes?review_id=${id}`);
    expect(list.body.counts).toEqual({ open: 1, accepted: 1, rejected: 0 });
    const open = await get(brandQa, `/qa/disputes?review_id=${id}&state=open`);
    expect(open.body.items.map((d: { id: string }) => d.id)).toEqual([second.body.id]);
  });

  it('rejects with a comment: the score stands and no revision is made', async () => {
    const id = await review();
    const raised = await send(leadA, `/qa/reviews/${id}/disputes`, { reason: 'Unfair' });
    expect(raised.status).toBe(201);
    const noComment = await send(brandAdmin, `/qa/disputes/${raised.body.id}/reject`, {});
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors.map((e: { path: string }) => e.path)).toContain('body.comment');
    const rejected = await send(brandAdmin, `/qa/disputes/${raised.body.id}/reject`, {
      comment: 'The answer was inaccurate',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      state: 'rejected',
      resolution_comment: 'The answer was inaccurate',
    });
    const detail = await get(leadA, `/qa/reviews/${id}`);
    expect(detail.body.score.percent).toBeCloseTo(50, 9);
    expect(detail.body.revisions).toEqual([]);
    expect(detail.body.disputes.map((d: { state: string }) => d.state)).toEqual(['rejected']);
  });

  it('refuses a dispute on a draft (409), an unknown criterion (422) and disputes from the brand side (403)', async () => {
    const draft = await review({ submit: false });
    const res = await send(adminA, `/qa/reviews/${draft}/disputes`, { reason: 'early' });
    expect(res.status).toBe(409);
    expect(res.response.headers['content-type']).toMatch(/application\/problem\+json/);
    const id = await review();
    const unknown = await send(agentA1, `/qa/reviews/${id}/disputes`, { criterion_id: 'nope', reason: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.criterion_id');
    expect((await send(brandQa, `/qa/reviews/${id}/disputes`, { reason: 'x' })).status).toBe(403);
    const raised = await send(agentA1, `/qa/reviews/${id}/disputes`, { reason: 'x' });
    // Only the brand resolves: a vendor's own reviewer or admin may not.
    expect((await send(adminA, `/qa/disputes/${raised.body.id}/reject`, { comment: 'no' })).status).toBe(403);
    const offScale = await send(brandQa, `/qa/disputes/${raised.body.id}/accept`, {
      answers: { tone: { value: 7 } },
    });
    expect(offScale.status).toBe(422);
    expect(offScale.body.errors[0].path).toBe('body.answers.tone.value');
    const empty = await send(brandQa, `/qa/disputes/${raised.body.id}/accept`, { answers: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('body.answers');
  });

  it('an agent sees and disputes only their own reviews', async () => {
    const id = await review();
    const raised = await send(agentA1, `/qa/reviews/${id}/disputes`, { reason: 'mine' });
    expect((await send(agentA2, `/qa/reviews/${id}/disputes`, { reason: 'not mine' })).status).toBe(404);
    expect((await get(agentA2, `/qa/disputes/${raised.body.id}`)).status).toBe(404);
    expect((await get(agentA2, '/qa/disputes')).body).toEqual({
      items: [],
      counts: { open: 0, accepted: 0, rejected: 0 },
    });
    expect((await get(leadA, `/qa/disputes/${raised.body.id}`)).status).toBe(200);
  });

  it('keeps vendors apart: vendor B cannot see, dispute or resolve vendor A’s, by URL or by ids in bodies', async () => {
    const id = await review();
    const raised = await send(agentA1, `/qa/reviews/${id}/disputes`, { reason: 'A’s' });
    const before = (
      await t.database.pool.query('select to_jsonb(d) as row from qa_disputes d where id = $1', [
        raised.body.id,
      ])
    ).rows[0];
    for (const who of [adminB, agentB]) {
      expect((await send(who, `/qa/reviews/${id}/disputes`, { reason: 'B’s' })).status).toBe(404);
      expect((await get(who, `/qa/disputes/${raised.body.id}`)).status).toBe(404);
      expect((await get(who, `/qa/reviews/${id}`)).status).toBe(404);
      const list = await get(who, `/qa/disputes?review_id=${id}&agent_id=${agentA1.userId}`);
      expect(list.body.items).toEqual([]);
      expect(JSON.stringify(list.body)).not.toContain(vendorA);
    }
    expect((await send(adminB, `/qa/disputes/${raised.body.id}/reject`, { comment: 'no' })).status).toBe(403);
    const after = (
      await t.database.pool.query('select to_jsonb(d) as row from qa_disputes d where id = $1', [
        raised.body.id,
      ])
    ).rows[0];
    expect(after).toEqual(before);
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [t.organizationId, adminB.vendorId],
      );
      await client.query('set local role tandem_app');
      expect((await client.query('select 1 from qa_disputes')).rowCount).toBe(0);
      expect((await client.query('select 1 from qa_review_revisions')).rowCount).toBe(0);
      await expect(client.query('update qa_review_revisions set revision = 9')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
