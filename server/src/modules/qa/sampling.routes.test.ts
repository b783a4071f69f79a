import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { weekOf } from './sampling.js';
import { runRuleAsCreator } from './sampling.service.js';

let t: TestContext;
let vendorA: string;
let vendorB: string;
let agentA1: TestUser;
let agentA2: TestUser;
let agentB1: TestUser;
let brandQa: TestUser;
let admin: TestUser;
let vendorQaA: TestUser;
let adminB: TestUser;
let cardId: string;
let reopenedTicket: string;
const ticketsOf = new Map<string, string[]>();
const week = weekOf(new Date());

const send = (who: TestUser, method: 'POST' | 'PATCH', url: string, body: unknown = {}) =>
  call(t.app, method, `/api/v1${url}`, { token: who.token, body });
const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });

/** A ticket of the agent, solved by them now (and reopened and solved again when asked). */
async function solved(agent: TestUser, vendorId: string, reopen = false) {
  const ticket = await t.make.ticket(await t.make.customer(vendorId), vendorId, { conversation: true });
  await t.database.pool.query('update tickets set agent_id = $1 where id = $2', [agent.userId, ticket]);
  const status = async (s: string) =>
    expect((await send(agent, 'PATCH', `/tickets/${ticket}`, { status: s })).status).toBe(200);
  await status('solved');
  if (reopen) {
    await status('open');
    await status('solved');
  }
  ticketsOf.set(agent.userId, [...(ticketsOf.get(agent.userId) ?? []), ticket]);
  return ticket;
}

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  agentA1 = await t.make.user('agent', vendorA);
  agentA2 = await t.make.user('agent', vendorA);
  agentB1 = await t.make.user('agent', vendorB);
  brandQa = await t.make.user('qa_reviewer');
  admin = await t.make.user('brand_admin');
  vendorQaA = await t.make.user('qa_reviewer', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  cardId = (
    await send(brandQa, 'POST', '/qa/scorecards', {
      name: 'Sampled',
      definition: {
        weighting: 'points',
        sections: [{ id: 's', name: 'S', criteria: [{ id: 'ok', name: 'OK', scale: { kind: 'binary' } }] }],
      },
    })
  ).body.id;
  for (let i = 0; i < 3; i++) await solved(agentA1, vendorA);
  reopenedTicket = await solved(agentA1, vendorA, true);
  for (let i = 0; i < 2; i++) await solved(agentA2, vendorA);
  for (let i = 0; i < 3; i++) await solved(agentB1, vendorB);
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
});
afterAll(() => t.close());

type Assignment = {
  ticket_id: string;
  agent_id: string;
  reviewer_id: string;
  reasons: string[];
  vendor_id: string;
};

describe('QA sampling', () => {
  let targetedId: string;
  let randomId: string;

  it('a targeted rule picks only the reopened conversation, with the reason, for the vendor’s own reviewer', async () => {
    const rule = await send(admin, 'POST', '/qa/sampling-rules', {
      name: 'Reopened at A',
      scorecard_id: cardId,
      scope_vendor_id: vendorA,
      per_agent: 3,
      targets: { reopened: true },
      reviewer_ids: [vendorQaA.userId],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    targetedId = rule.body.id;
    const run = await send(admin, 'POST', `/qa/sampling-rules/${targetedId}/run`, { week });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.assignments.map((a: Assignment) => [a.ticket_id, a.reasons, a.reviewer_id])).toEqual([
      [reopenedTicket, ['reopened'], vendorQaA.userId],
    ]);
  });

  it('the vendor’s reviewer, who cannot read the brand’s rule, gets its scorecard with the assignment and drafts on it', async () => {
    const rules = await get(vendorQaA, '/qa/sampling-rules');
    expect(rules.body.items.map((r: { id: string }) => r.id)).not.toContain(targetedId);
    const mine = await get(vendorQaA, `/qa/assignments?reviewer_id=${vendorQaA.userId}&state=open`);
    expect(mine.status).toBe(200);
    expect(
      mine.body.items.map((a: Assignment & { scorecard_id: string }) => [a.ticket_id, a.scorecard_id]),
    ).toEqual([[reopenedTicket, cardId]]);
    const draft = await send(vendorQaA, 'POST', '/qa/reviews', {
      scorecard_id: mine.body.items[0].scorecard_id,
      ticket_id: reopenedTicket,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  });

  it('a random rule over every vendor: n per agent, never a conversation picked before, reviewers balanced; once per week', async () => {
    const rule = await send(brandQa, 'POST', '/qa/sampling-rules', {
      name: 'Two a week',
      scorecard_id: cardId,
      per_agent: 2,
      reviewer_ids: [brandQa.userId, admin.userId],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    randomId = rule.body.id;
    const run = await send(brandQa, 'POST', `/qa/sampling-rules/${randomId}/run`, { week });
    expect(run.status).toBe(200);
    const picks: Assignment[] = run.body.assignments;
    const perAgent = (id: string) => picks.filter((p) => p.agent_id === id);
    expect(perAgent(agentA1.userId)).toHaveLength(2);
    expect(perAgent(agentA2.userId)).toHaveLength(2);
    expect(perAgent(agentB1.userId)).toHaveLength(2);
    expect(picks.map((p) => p.ticket_id)).not.toContain(reopenedTicket);
    for (const p of picks) expect(ticketsOf.get(p.agent_id)).toContain(p.ticket_id);
    expect(picks.filter((p) => p.reviewer_id === brandQa.userId)).toHaveLength(3);
    expect(picks.every((p) => p.reasons.length === 0)).toBe(true);
    const again = await send(brandQa, 'POST', `/qa/sampling-rules/${randomId}/run`, { week });
    expect(again.body.already_ran).toBe(true);
    expect(again.body.assignments.map((a: Assignment) => a.ticket_id).sort()).toEqual(
      picks.map((p) => p.ticket_id).sort(),
    );
    // The weekly job's path (as the rule's creator) finds the week sampled too.
    const job = await withSystem(t.database.db, (tx) => runRuleAsCreator(tx, randomId, week));
    expect(job?.already_ran).toBe(true);
  });

  it('a submitted review of a sampled conversation marks its assignment done', async () => {
    const open = await get(brandQa, `/qa/assignments?reviewer_id=${brandQa.userId}&state=open`);
    const first: Assignment = open.body.items[0];
    const review = await send(brandQa, 'POST', '/qa/reviews', {
      scorecard_id: cardId,
      ticket_id: first.ticket_id,
      answers: { ok: { value: 1 } },
    });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    expect((await send(brandQa, 'POST', `/qa/reviews/${review.body.id}/submit`)).status).toBe(200);
    const done = await get(brandQa, `/qa/assignments?state=done`);
    expect(
      done.body.items.map((a: Assignment & { review_id: string }) => [a.ticket_id, a.review_id]),
    ).toEqual([[first.ticket_id, review.body.id]]);
    const stillOpen = await get(brandQa, `/qa/assignments?reviewer_id=${brandQa.userId}&state=open`);
    expect(stillOpen.body.items).toHaveLength(open.body.items.length - 1);
  });

  it('a vendor sees its own agents’ assignments and its own rules only; another vendor’s ids are not found', async () => {
    const mine = await get(adminB, '/qa/assignments');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBe(2);
    expect(mine.body.items.every((a: Assignment) => a.vendor_id === vendorB)).toBe(true);
    expect((await get(adminB, '/qa/sampling-rules')).body.items).toEqual([]);
    expect((await send(adminB, 'PATCH', `/qa/sampling-rules/${randomId}`, { per_agent: 9 })).status).toBe(
      404,
    );
    expect((await send(adminB, 'POST', `/qa/sampling-rules/${targetedId}/run`, {})).status).toBe(404);
    const foreignScope = await send(adminB, 'POST', '/qa/sampling-rules', {
      name: 'Peek',
      scorecard_id: cardId,
      scope_vendor_id: vendorA,
      per_agent: 1,
      reviewer_ids: [adminB.userId],
    });
    expect(foreignScope.status).toBe(404);
    const foreignReviewer = await send(adminB, 'POST', '/qa/sampling-rules', {
      name: 'Borrow',
      scorecard_id: cardId,
      per_agent: 1,
      reviewer_ids: [vendorQaA.userId],
    });
    expect(foreignReviewer.status).toBe(422);
    expect(foreignReviewer.body.errors[0].path).toBe('body.reviewer_ids.0');
    // Its own rule samples its own agents, whatever the week holds at other vendors.
    const own = await send(adminB, 'POST', '/qa/sampling-rules', {
      name: 'Own',
      scorecard_id: cardId,
      per_agent: 5,
      reviewer_ids: [adminB.userId],
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.scope_vendor_id).toBe(vendorB);
    const run = await send(adminB, 'POST', `/qa/sampling-rules/${own.body.id}/run`, { week });
    expect(run.body.assignments.map((a: Assignment) => a.agent_id)).toEqual([agentB1.userId]);
  });

  it('agents may not read assignments; bad input names the field; a PATCH changes only what it names', async () => {
    expect((await get(agentA1, '/qa/assignments')).status).toBe(403);
    const tuesday = await send(admin, 'POST', `/qa/sampling-rules/${randomId}/run`, { week: '2026-12-08' });
    expect(tuesday.status).toBe(400);
    expect(tuesday.body.errors[0].path).toBe('body.week');
    const badTarget = await send(admin, 'POST', '/qa/sampling-rules', {
      name: 'Bad',
      scorecard_id: cardId,
      per_agent: 1,
      targets: { long_aht_seconds: -5 },
      reviewer_ids: [admin.userId],
    });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.errors[0].path).toBe('body.targets.long_aht_seconds');
    const patched = await send(admin, 'PATCH', `/qa/sampling-rules/${randomId}`, { active: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, per_agent: 2, name: 'Two a week' });
  });
});
