import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { weekOf } from './sampling.js';

/**
 * Automated check findings as automatic scorecard criteria and as a sampling filter
 * (docs/qa.md#automatic-criteria, #sampling). Findings are written here as the outbox consumer
 * writes them (owner), so each test knows exactly which exist.
 */

let t: TestContext;
let vendorA: string;
let vendorB: string;
let brandQa: TestUser;
let admin: TestUser;
let qaA: TestUser;
let qaB: TestUser;
let agentA: TestUser;
let agentA2: TestUser;
let agentB: TestUser;
let cardId: string;
const week = weekOf(new Date());

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, method: 'POST' | 'PATCH', url: string, body: unknown = {}) =>
  call(t.app, method, `/api/v1${url}`, { token: who.token, body });

const definition = {
  weighting: 'points',
  sections: [
    {
      id: 'reply',
      name: 'Reply',
      criteria: [
        { id: 'tone', name: 'Tone', scale: { kind: 'points', points: 5 } },
        {
          id: 'pii',
          name: 'No personal data',
          scale: { kind: 'binary' },
          critical: 'review',
          automatic: { checks: ['pii_leak'] },
        },
        {
          id: 'greet',
          name: 'Greets and closes',
          scale: { kind: 'binary' },
          automatic: { checks: ['missing_greeting', 'missing_closing'] },
        },
        {
          id: 'voice',
          name: 'Brand voice',
          scale: { kind: 'points', points: 3 },
          automatic: { checks: ['forbidden_phrase'] },
        },
      ],
    },
  ],
};

/** A ticket of the vendor handled by the agent (solved now when asked). */
async function ticketOf(agent: TestUser, vendorId: string, solve = false) {
  const ticket = await t.make.ticket(await t.make.customer(vendorId), vendorId, { conversation: true });
  await t.database.pool.query('update tickets set agent_id = $1 where id = $2', [agent.userId, ticket]);
  if (solve) {
    const res = await send(agent, 'PATCH', `/tickets/${ticket}`, { status: 'solved' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return ticket;
}

/** A finding as the qa-checks consumer stores it; dismissed when a reason is given. */
async function finding(
  ticket: string,
  agentId: string,
  vendorId: string,
  check: string,
  dismissReason?: string,
) {
  const { rows } = await t.database.pool.query<{ id: string }>(
    `insert into qa_check_findings
       (organization_id, vendor_id, ticket_id, message_id, agent_id, check_name, detail,
        dismissed_at, dismissed_by, dismiss_reason)
     select m.organization_id, $2, m.ticket_id, m.id, $3, $4, 'found in a test',
            case when $5::text is null then null else now() end,
            case when $5::text is null then null else $3::uuid end, $5
       from messages m where m.ticket_id = $1 order by m.created_at limit 1
     returning id`,
    [ticket, vendorId, agentId, check, dismissReason ?? null],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  brandQa = await t.make.user('qa_reviewer');
  admin = await t.make.user('brand_admin');
  qaA = await t.make.user('qa_reviewer', vendorA);
  qaB = await t.make.user('qa_reviewer', vendorB);
  agentA = await t.make.user('agent', vendorA);
  agentA2 = await t.make.user('agent', vendorA);
  agentB = await t.make.user('agent', vendorB);
  const card = await send(brandQa, 'POST', '/qa/scorecards', { name: 'Automatic', definition });
  expect(card.status, JSON.stringify(card.body)).toBe(201);
  cardId = card.body.id;
});
afterAll(() => t.close());

describe('automatic criteria', () => {
  it('the scorecard keeps the binding; an unknown check is refused by name', async () => {
    const read = await get(qaA, `/qa/scorecards/${cardId}`);
    expect(read.body.current_version.definition.sections[0].criteria[1].automatic).toEqual({
      checks: ['pii_leak'],
    });
    const bad = structuredClone(definition);
    (bad.sections[0]!.criteria[1]!.automatic as { checks: string[] }).checks = ['rude'];
    const res = await send(brandQa, 'POST', '/qa/scorecards', { name: 'Bad', definition: bad });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain(
      'body.definition.sections.0.criteria.1.automatic.checks.0',
    );
  });

  it('a draft is pre-scored from the reviewed agent’s open findings of its vendor, with the finding ids', async () => {
    const ticket = await ticketOf(agentA, vendorA);
    const pii = await finding(ticket, agentA.userId, vendorA, 'pii_leak');
    await finding(ticket, agentA.userId, vendorA, 'missing_greeting', 'greeted in the subject line');
    await finding(ticket, agentA2.userId, vendorA, 'forbidden_phrase'); // another agent's reply
    await finding(ticket, agentA.userId, vendorB, 'forbidden_phrase'); // another vendor's

    const draft = await send(qaA, 'POST', '/qa/reviews', { scorecard_id: cardId, ticket_id: ticket });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.answers).toEqual({
      pii: {
        value: 0,
        comment: null,
        message_id: null,
        source: 'automatic',
        automatic: { value: 0, finding_ids: [pii] },
      },
      greet: {
        value: 1,
        comment: null,
        message_id: null,
        source: 'automatic',
        automatic: { value: 1, finding_ids: [] },
      },
      voice: {
        value: 3,
        comment: null,
        message_id: null,
        source: 'automatic',
        automatic: { value: 3, finding_ids: [] },
      },
    });

    // Overriding needs a comment, and is kept as an override.
    const bare = await send(qaA, 'PATCH', `/qa/reviews/${draft.body.id}`, { answers: { pii: { value: 1 } } });
    expect(bare.status).toBe(422);
    expect(JSON.stringify(bare.body.errors)).toContain('body.answers.pii.comment');
    const overridden = await send(qaA, 'PATCH', `/qa/reviews/${draft.body.id}`, {
      answers: { pii: { value: 1, comment: 'The number is the order id, not a card' }, tone: { value: 4 } },
    });
    expect(overridden.status, JSON.stringify(overridden.body)).toBe(200);
    expect(overridden.body.answers.pii).toMatchObject({
      value: 1,
      source: 'overridden',
      automatic: { value: 0, finding_ids: [pii] },
    });
    expect(overridden.body.answers.tone).toEqual({ value: 4 });

    // Clearing an automatic answer pre-scores it again from the findings as they are now.
    const closing = await finding(ticket, agentA.userId, vendorA, 'missing_closing');
    const refreshed = await send(qaA, 'PATCH', `/qa/reviews/${draft.body.id}`, { answers: { greet: null } });
    expect(refreshed.body.answers.greet).toMatchObject({
      value: 0,
      source: 'automatic',
      automatic: { value: 0, finding_ids: [closing] },
    });

    const submitted = await send(qaA, 'POST', `/qa/reviews/${draft.body.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    // By points: tone 3/4 + pii 1 (overridden) + greet 0 + voice 1 = 2.75 of 4.
    expect(submitted.body.score).toMatchObject({ auto_failed: false, numerator: 2.75, denominator: 4 });
  });

  it('a finding on a review-critical automatic criterion fails the review; dismissing it later changes nothing', async () => {
    const ticket = await ticketOf(agentA, vendorA);
    const pii = await finding(ticket, agentA.userId, vendorA, 'pii_leak');
    const draft = await send(brandQa, 'POST', '/qa/reviews', {
      scorecard_id: cardId,
      ticket_id: ticket,
      answers: { tone: { value: 5 } },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const submitted = await send(brandQa, 'POST', `/qa/reviews/${draft.body.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.score).toMatchObject({ auto_failed: true, numerator: 0, percent: 0 });

    const dismissed = await send(qaA, 'POST', `/qa/check-findings/${pii}/dismiss`, { reason: 'test data' });
    expect(dismissed.status).toBe(200);
    const after = await get(brandQa, `/qa/reviews/${draft.body.id}`);
    expect(after.body.answers).toEqual(submitted.body.answers);
    expect(after.body.score).toEqual(submitted.body.score);

    // An accepted dispute may change the automatic answer; it then says overridden.
    const dispute = await send(agentA, 'POST', `/qa/reviews/${draft.body.id}/disputes`, {
      reason: 'That was the order number',
    });
    expect(dispute.status, JSON.stringify(dispute.body)).toBe(201);
    const accepted = await send(brandQa, 'POST', `/qa/disputes/${dispute.body.id}/accept`, {
      answers: { pii: { value: 1 } },
      comment: 'Not personal data',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const rescored = await get(brandQa, `/qa/reviews/${draft.body.id}`);
    expect(rescored.body.answers.pii).toMatchObject({
      value: 1,
      source: 'overridden',
      automatic: { value: 0, finding_ids: [pii] },
    });
    expect(rescored.body.score).toMatchObject({ auto_failed: false, numerator: 4, denominator: 4 });
    expect(rescored.body.revisions[0].answers.pii).toMatchObject({ value: 0, source: 'automatic' });
  });

  it('an override in the draft’s own answers needs a comment too; another vendor’s reviewer finds nothing', async () => {
    const ticket = await ticketOf(agentA, vendorA);
    await finding(ticket, agentA.userId, vendorA, 'forbidden_phrase');
    const bare = await send(brandQa, 'POST', '/qa/reviews', {
      scorecard_id: cardId,
      ticket_id: ticket,
      answers: { voice: { value: 3 } },
    });
    expect(bare.status).toBe(422);
    expect(JSON.stringify(bare.body.errors)).toContain('body.answers.voice.comment');
    const explained = await send(brandQa, 'POST', '/qa/reviews', {
      scorecard_id: cardId,
      ticket_id: ticket,
      answers: { voice: { value: 2, comment: 'Quoting the customer' } },
    });
    expect(explained.status).toBe(201);
    expect(explained.body.answers.voice).toMatchObject({
      value: 2,
      source: 'overridden',
      automatic: { value: 1 },
    });
    const foreign = await send(qaB, 'POST', '/qa/reviews', { scorecard_id: cardId, ticket_id: ticket });
    expect(foreign.status).toBe(404);
  });
});

describe('sampling on check findings', () => {
  it('picks exactly the tickets with open findings on the agent’s replies, of the kinds named, never twice', async () => {
    const open = await ticketOf(agentA, vendorA, true);
    const dismissedOnly = await ticketOf(agentA, vendorA, true);
    const clean = await ticketOf(agentA, vendorA, true);
    const otherAgents = await ticketOf(agentA, vendorA, true);
    const greeting = await ticketOf(agentA2, vendorA, true);
    const atB = await ticketOf(agentB, vendorB, true);
    while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
    // Only the findings written below exist.
    await t.database.pool.query('delete from qa_check_findings where ticket_id = any($1)', [
      [open, dismissedOnly, clean, otherAgents, greeting, atB],
    ]);
    await finding(open, agentA.userId, vendorA, 'pii_leak');
    await finding(open, agentA.userId, vendorA, 'forbidden_phrase');
    await finding(dismissedOnly, agentA.userId, vendorA, 'pii_leak', 'a false positive');
    await finding(otherAgents, agentA2.userId, vendorA, 'pii_leak');
    await finding(greeting, agentA2.userId, vendorA, 'missing_greeting');
    await finding(atB, agentB.userId, vendorB, 'pii_leak');

    const rule = await send(admin, 'POST', '/qa/sampling-rules', {
      name: 'Findings at A',
      scorecard_id: cardId,
      scope_vendor_id: vendorA,
      per_agent: 10,
      targets: { check_findings: {} },
      reviewer_ids: [brandQa.userId],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body.targets).toEqual({ check_findings: { checks: [] } });
    const run = await send(admin, 'POST', `/qa/sampling-rules/${rule.body.id}/run`, { week });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const picked = (run.body.assignments as { ticket_id: string; reasons: string[] }[])
      .map((a) => [a.ticket_id, a.reasons] as const)
      .sort();
    expect(picked).toEqual(
      [
        [open, ['check_finding']],
        [greeting, ['check_finding']],
      ].sort(),
    );

    const pii = await send(admin, 'POST', '/qa/sampling-rules', {
      name: 'Personal data anywhere',
      scorecard_id: cardId,
      per_agent: 10,
      targets: { check_findings: { checks: ['pii_leak'] } },
      reviewer_ids: [brandQa.userId],
    });
    expect(pii.status, JSON.stringify(pii.body)).toBe(201);
    const second = await send(admin, 'POST', `/qa/sampling-rules/${pii.body.id}/run`, { week });
    // `open` was sampled by the first rule: never twice.
    expect(second.body.assignments.map((a: { ticket_id: string }) => a.ticket_id)).toEqual([atB]);

    const all = await get(admin, '/qa/assignments?limit=500');
    const ids = all.body.items.map((a: { ticket_id: string }) => a.ticket_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(dismissedOnly);
    expect(ids).not.toContain(clean);
    expect(ids).not.toContain(otherAgents);
  });

  it('refuses an unknown check kind by name', async () => {
    const res = await send(admin, 'POST', '/qa/sampling-rules', {
      name: 'Bad',
      scorecard_id: cardId,
      per_agent: 1,
      targets: { check_findings: { checks: ['rude'] } },
      reviewer_ids: [brandQa.userId],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('body.targets.check_findings.checks.0');
  });
});
