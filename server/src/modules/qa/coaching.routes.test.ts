import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
let vendorA: string;
let brandQa: TestUser;
let qaA: TestUser;
let adminB: TestUser;
let agentA1: TestUser;
let agentA2: TestUser;
let leadA: TestUser;
let leadOther: TestUser;
let agentB: TestUser;
let cardId: string;
/** Submitted reviews: two of agent A1, one of A2, one of vendor B's agent; and a draft of A1. */
let a1Reviews: string[];
let a2Review: string;
let bReview: string;
let a1Draft: string;

// Due dates far from any day the suite may run on: the first is always overdue, the second never.
const LONG_AGO = '2000-01-03';
const FAR_AHEAD = '2999-12-31';

const definition = {
  weighting: 'points',
  sections: [{ id: 's', name: 'S', criteria: [{ id: 'c', name: 'C', scale: { kind: 'binary' } }] }],
};

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });
const patch = (who: TestUser, url: string, body: unknown) =>
  call(t.app, 'PATCH', `/api/v1${url}`, { token: who.token, body });

async function review(reviewer: TestUser, vendorId: string, agent: TestUser, submit = true) {
  const ticket = await t.make.ticket(await t.make.customer(vendorId), vendorId, { conversation: true });
  const drafted = await send(reviewer, '/qa/reviews', {
    scorecard_id: cardId,
    ticket_id: ticket,
    agent_id: agent.userId,
    answers: { c: { value: 0, comment: 'missed the refund policy' } },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  if (submit) expect((await send(reviewer, `/qa/reviews/${drafted.body.id}/submit`)).status).toBe(200);
  return drafted.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  const vendorB = (await t.make.vendor()).id;
  const teamA = (await t.make.team(vendorA)).id;
  const teamA2 = (await t.make.team(vendorA)).id;
  brandQa = await t.make.user('qa_reviewer');
  qaA = await t.make.user('qa_reviewer', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  agentA1 = await t.make.user('agent', vendorA, { teamId: teamA });
  agentA2 = await t.make.user('agent', vendorA, { teamId: teamA2 });
  leadA = await t.make.user('team_lead', vendorA, { teamId: teamA });
  leadOther = await t.make.user('team_lead', vendorA, { teamId: teamA2 });
  agentB = await t.make.user('agent', vendorB);
  cardId = (await send(brandQa, '/qa/scorecards', { name: 'Coaching', definition })).body.id;
  a1Reviews = [await review(qaA, vendorA, agentA1), await review(brandQa, vendorA, agentA1)];
  a2Review = await review(qaA, vendorA, agentA2);
  a1Draft = await review(qaA, vendorA, agentA1, false);
  bReview = await review(brandQa, vendorB, agentB);
});
afterAll(() => t.close());

async function plan(who: TestUser = qaA, body: Record<string, unknown> = {}) {
  const res = await send(who, '/qa/coaching-sessions', {
    review_ids: a1Reviews,
    scheduled_at: '2026-12-14T09:00:00Z',
    notes: 'Refund policy',
    actions: [
      { description: 'Read the refund policy again', due_date: LONG_AGO },
      { description: 'Shadow a senior agent for one shift', due_date: FAR_AHEAD },
    ],
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('QA coaching', () => {
  it('plans a session from submitted reviews of one agent, with action items and their overdue state', async () => {
    const session = await plan();
    expect(session).toMatchObject({
      agent_id: agentA1.userId,
      coach_id: qaA.userId,
      vendor_id: vendorA,
      review_ids: a1Reviews,
      status: 'planned',
      held_at: null,
      counts: { open: 2, done: 0, overdue: 1 },
    });
    expect(session.actions.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    // The brand's QA plans for any vendor's agent, naming the vendor's own reviewer as coach.
    const brand = await plan(brandQa, { coach_id: qaA.userId, actions: [] });
    expect(brand).toMatchObject({ vendor_id: vendorA, coach_id: qaA.userId, actions: [] });
  });

  it('the agent and their team lead read it; other agents and other teams’ leads do not', async () => {
    const session = await plan();
    for (const who of [agentA1, leadA, qaA, brandQa]) {
      expect((await get(who, `/qa/coaching-sessions/${session.id}`)).status, who.role).toBe(200);
      const listed = await get(who, '/qa/coaching-sessions');
      expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(session.id);
    }
    for (const who of [agentA2, leadOther]) {
      expect((await get(who, `/qa/coaching-sessions/${session.id}`)).status, who.role).toBe(404);
      const listed = await get(who, '/qa/coaching-sessions');
      expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(session.id);
      const actions = await get(who, `/qa/coaching-actions?session_id=${session.id}`);
      expect(actions.body.items).toEqual([]);
    }
    // Read-only for the agent: no planning, no changes to the session (403).
    expect((await send(agentA1, '/qa/coaching-sessions', { review_ids: a1Reviews })).status).toBe(403);
    expect((await patch(agentA1, `/qa/coaching-sessions/${session.id}`, { notes: 'mine' })).status).toBe(403);
    expect((await send(agentA1, `/qa/coaching-sessions/${session.id}/held`)).status).toBe(403);
  });

  it('the agent marks their own action item done, and changes nothing else', async () => {
    const session = await plan();
    const overdue = session.actions[0];
    const wording = await patch(agentA1, `/qa/coaching-actions/${overdue.id}`, { description: 'Nothing' });
    expect(wording.status).toBe(403);
    expect((await patch(agentA2, `/qa/coaching-actions/${overdue.id}`, { status: 'done' })).status).toBe(404);
    const listed = await get(agentA1, `/qa/coaching-actions?overdue=true&session_id=${session.id}`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([overdue.id]);

    const done = await patch(agentA1, `/qa/coaching-actions/${overdue.id}`, { status: 'done' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, completed_by: agentA1.userId });
    expect(done.body.completed_at).not.toBeNull();
    const after = await get(agentA1, `/qa/coaching-actions?overdue=true&session_id=${session.id}`);
    expect(after.body.items).toEqual([]);

    // The coach follows up; naming only the follow-up keeps the status and due date.
    const followed = await patch(qaA, `/qa/coaching-actions/${overdue.id}`, {
      follow_up: 'Checked: done well',
    });
    expect(followed.body).toMatchObject({
      status: 'done',
      due_date: LONG_AGO,
      follow_up: 'Checked: done well',
    });
    const reopened = await patch(leadA, `/qa/coaching-actions/${overdue.id}`, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', completed_at: null, overdue: true });
  });

  it('a PATCH changes only the fields it names', async () => {
    const session = await plan();
    const notes = await patch(qaA, `/qa/coaching-sessions/${session.id}`, { notes: 'Moved to Tuesday' });
    expect(notes.status).toBe(200);
    expect(notes.body).toMatchObject({
      notes: 'Moved to Tuesday',
      scheduled_at: session.scheduled_at,
      coach_id: qaA.userId,
      status: 'planned',
    });
    const time = await patch(leadA, `/qa/coaching-sessions/${session.id}`, {
      scheduled_at: '2026-12-15T10:00:00Z',
    });
    expect(time.body).toMatchObject({ notes: 'Moved to Tuesday', coach_id: qaA.userId });
    expect(Date.parse(time.body.scheduled_at)).toBe(Date.parse('2026-12-15T10:00:00Z'));
    const cleared = await patch(qaA, `/qa/coaching-sessions/${session.id}`, { notes: null });
    expect(cleared.body).toMatchObject({ notes: null, coach_id: qaA.userId });
    expect(Date.parse(cleared.body.scheduled_at)).toBe(Date.parse('2026-12-15T10:00:00Z'));
  });

  it('holding a session: once; then it keeps its time and cannot be cancelled (409)', async () => {
    const session = await plan();
    const held = await send(qaA, `/qa/coaching-sessions/${session.id}/held`, { notes: 'Went well' });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', notes: 'Went well' });
    expect(held.body.held_at).not.toBeNull();
    expect((await send(qaA, `/qa/coaching-sessions/${session.id}/held`)).status).toBe(409);
    const cancel = await patch(qaA, `/qa/coaching-sessions/${session.id}`, { status: 'cancelled' });
    expect(cancel.status).toBe(409);
    expect(cancel.response.headers['content-type']).toMatch(/application\/problem\+json/);
    const added = await send(qaA, `/qa/coaching-sessions/${session.id}/actions`, {
      description: 'Use the macro for refunds',
      due_date: FAR_AHEAD,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ session_id: session.id, agent_id: agentA1.userId, status: 'open' });
    const filtered = await get(qaA, `/qa/coaching-sessions?status=held&agent_id=${agentA1.userId}`);
    expect(filtered.body.items.map((s: { id: string }) => s.id)).toContain(session.id);
    expect(filtered.body.items.every((s: { status: string }) => s.status === 'held')).toBe(true);
  });

  it('another vendor’s users find no session, and cannot plan one on a foreign review (404)', async () => {
    const session = await plan();
    expect((await get(adminB, `/qa/coaching-sessions/${session.id}`)).status).toBe(404);
    expect((await patch(adminB, `/qa/coaching-sessions/${session.id}`, { notes: 'x' })).status).toBe(404);
    expect((await send(adminB, `/qa/coaching-sessions/${session.id}/held`)).status).toBe(404);
    expect(
      (
        await send(adminB, `/qa/coaching-sessions/${session.id}/actions`, {
          description: 'x',
          due_date: FAR_AHEAD,
        })
      ).status,
    ).toBe(404);
    expect(
      (await patch(adminB, `/qa/coaching-actions/${session.actions[0].id}`, { status: 'done' })).status,
    ).toBe(404);
    expect((await get(adminB, '/qa/coaching-sessions')).body.items).toEqual([]);
    expect((await get(adminB, '/qa/coaching-actions')).body.items).toEqual([]);
    const foreign = await send(adminB, '/qa/coaching-sessions', { review_ids: [a1Reviews[0]] });
    expect(foreign.status).toBe(404);
    const mixed = await send(adminB, '/qa/coaching-sessions', { review_ids: [bReview, a1Reviews[0]] });
    expect(mixed.status).toBe(404);
    // A lead of another team cannot plan on reviews they cannot read either.
    expect((await send(leadOther, '/qa/coaching-sessions', { review_ids: a1Reviews })).status).toBe(404);
    // Vendor B plans on its own review.
    const own = await send(adminB, '/qa/coaching-sessions', { review_ids: [bReview] });
    expect(own.status).toBe(201);
    expect((await get(qaA, `/qa/coaching-sessions/${own.body.id}`)).status).toBe(404);
  });

  it('422 at the field for domain input (two agents, a draft, a foreign coach); 400 at the field for a malformed body', async () => {
    const twoAgents = await send(qaA, '/qa/coaching-sessions', { review_ids: [a1Reviews[0], a2Review] });
    expect(twoAgents.status).toBe(422);
    expect(twoAgents.response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(twoAgents.body.errors).toEqual([
      { path: 'body.review_ids.1', message: 'a review of another agent' },
    ]);
    const draft = await send(qaA, '/qa/coaching-sessions', { review_ids: [a1Draft] });
    expect(draft.status).toBe(422);
    expect(draft.body.errors[0].path).toBe('body.review_ids.0');
    const coach = await send(brandQa, '/qa/coaching-sessions', {
      review_ids: a1Reviews,
      coach_id: adminB.userId,
    });
    expect(coach.status).toBe(422);
    expect(coach.body.errors[0].path).toBe('body.coach_id');
    const notCoach = await send(qaA, '/qa/coaching-sessions', {
      review_ids: a1Reviews,
      coach_id: agentA2.userId,
    });
    expect(notCoach.status).toBe(422);
    expect(notCoach.body.errors[0].path).toBe('body.coach_id');
    const due = await send(qaA, '/qa/coaching-sessions', {
      review_ids: a1Reviews,
      actions: [{ description: 'x', due_date: '2026-02-30' }],
    });
    expect(due.status).toBe(400);
    expect(due.body.errors[0].path).toBe('body.actions.0.due_date');
    const empty = await send(qaA, '/qa/coaching-sessions', { review_ids: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('body.review_ids');
    const session = await plan();
    const badPatch = await patch(qaA, `/qa/coaching-actions/${session.actions[0].id}`, { due_date: 'soon' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.errors[0].path).toBe('body.due_date');
    const badTz = await get(qaA, '/qa/coaching-actions?tz=Mars/Olympus');
    expect(badTz.status).toBe(400);
    expect(badTz.body.errors[0].path).toBe('query.tz');
  });
});
