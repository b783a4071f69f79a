import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { type ScorecardDefinition, scoreReview } from './scoring.js';

let t: TestContext;
let vendorA: string;
let vendorB: string;
let brandQa: TestUser;
let qaA: TestUser;
let adminA: TestUser;
let qaB: TestUser;
let agentA1: TestUser;
let agentA2: TestUser;
let leadA: TestUser;
let ticketA: string;
let ticketB: string;
let messageA: string;
let messageB: string;

/** Two sections weighted 30/70; the first has a section-critical criterion, the second allows N/A. */
const definition = {
  weighting: 'sections',
  sections: [
    {
      id: 'opening',
      name: 'Opening',
      weight: 30,
      criteria: [
        { id: 'greeting', name: 'Greets the customer', scale: { kind: 'binary' } },
        { id: 'verify', name: 'Verifies identity', scale: { kind: 'binary' }, critical: 'section' },
      ],
    },
    {
      id: 'solution',
      name: 'Solution',
      weight: 70,
      criteria: [
        { id: 'accuracy', name: 'Accurate answer', scale: { kind: 'points', points: 5 }, weight: 3 },
        { id: 'tone', name: 'Tone', scale: { kind: 'points', points: 4 }, na_allowed: true },
      ],
    },
  ],
};

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const send = (who: TestUser, method: 'POST' | 'PATCH', url: string, body?: unknown) =>
  call(t.app, method, `/api/v1${url}`, { token: who.token, body: body ?? {} });

async function scorecard(who: TestUser, body: Record<string, unknown> = {}) {
  const res = await send(who, 'POST', '/qa/scorecards', { name: 'Chat quality', definition, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  const teamA = (await t.make.team(vendorA)).id;
  brandQa = await t.make.user('qa_reviewer');
  qaA = await t.make.user('qa_reviewer', vendorA);
  adminA = await t.make.user('vendor_admin', vendorA);
  qaB = await t.make.user('qa_reviewer', vendorB);
  agentA1 = await t.make.user('agent', vendorA, { teamId: teamA });
  agentA2 = await t.make.user('agent', vendorA);
  leadA = await t.make.user('team_lead', vendorA, { teamId: teamA });
  ticketA = await t.make.ticket(await t.make.customer(vendorA), vendorA, { conversation: true });
  ticketB = await t.make.ticket(await t.make.customer(vendorB), vendorB, { conversation: true });
  await t.database.pool.query('update tickets set agent_id = $1 where id = $2', [agentA1.userId, ticketA]);
  const message = async (ticket: string) =>
    (await t.database.pool.query('select id from messages where ticket_id = $1', [ticket])).rows[0].id;
  messageA = await message(ticketA);
  messageB = await message(ticketB);
});
afterAll(() => t.close());

describe('QA scorecards', () => {
  it('creates a scorecard at version 1 and versions it to 2, keeping version 1', async () => {
    const card = await scorecard(brandQa);
    expect(card).toMatchObject({ vendor_id: null, active: true, current_version: { version: 1 } });
    const changed = { ...definition, weighting: 'points' };
    const v2 = await send(brandQa, 'POST', `/qa/scorecards/${card.id}/versions`, {
      definition: changed,
      applies_to: { channels: ['email'] },
    });
    expect(v2.status).toBe(201);
    expect(v2.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(v2.body.current_version).toMatchObject({ version: 2, applies_to: { channels: ['email'] } });
    expect(v2.body.versions[0].definition.weighting).toBe('sections');
    const read = await get(agentA1, `/qa/scorecards/${card.id}`);
    expect(read.status).toBe(200);
    expect(read.body.versions).toHaveLength(2);
    const list = await get(qaA, '/qa/scorecards');
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(card.id);
  });

  it('refuses a bad definition with the field at fault', async () => {
    const dup = structuredClone(definition);
    dup.sections[1]!.criteria[0]!.id = 'greeting';
    const res = await send(brandQa, 'POST', '/qa/scorecards', { name: 'Bad', definition: dup });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(
      'body.definition.sections.1.criteria.0.id',
    );
  });

  it('keeps a vendor’s internal scorecards to that vendor; a vendor cannot change the brand’s', async () => {
    const internal = await scorecard(qaA, { vendor_id: null });
    expect(internal.vendor_id).toBe(vendorA);
    expect((await get(qaB, `/qa/scorecards/${internal.id}`)).status).toBe(404);
    const list = await get(qaB, '/qa/scorecards');
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(internal.id);
    const intoA = await send(qaB, 'POST', '/qa/scorecards', {
      name: 'Into A',
      definition,
      vendor_id: vendorA,
    });
    expect(intoA.status).toBe(404);
    const brand = await scorecard(brandQa);
    const version = await send(qaA, 'POST', `/qa/scorecards/${brand.id}/versions`, { definition });
    expect(version.status).toBe(403);
    const foreign = await send(qaB, 'PATCH', `/qa/scorecards/${internal.id}`, { active: false });
    expect(foreign.status).toBe(404);
    expect((await get(qaA, `/qa/scorecards/${internal.id}`)).body.active).toBe(true);
  });
});

describe('QA reviews', () => {
  it('drafts, answers and submits a review scored by scoring.ts on the version it was drafted on', async () => {
    const card = await scorecard(brandQa);
    const drafted = await send(qaA, 'POST', '/qa/reviews', {
      scorecard_id: card.id,
      ticket_id: ticketA,
      answers: { greeting: { value: 1, comment: 'warm', message_id: messageA } },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    expect(drafted.body).toMatchObject({
      state: 'draft',
      agent_id: agentA1.userId,
      vendor_id: vendorA,
      version: 1,
    });
    // A new version after drafting: the review stays on version 1.
    await send(brandQa, 'POST', `/qa/scorecards/${card.id}/versions`, {
      definition: { ...definition, weighting: 'points' },
    });
    const id = drafted.body.id;
    const incomplete = await send(qaA, 'POST', `/qa/reviews/${id}/submit`);
    expect(incomplete.status).toBe(422);
    const patched = await send(qaA, 'PATCH', `/qa/reviews/${id}`, {
      answers: { verify: { value: 1 }, accuracy: { value: 4 }, tone: { value: 'n/a' } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const submitted = await send(qaA, 'POST', `/qa/reviews/${id}/submit`);
    expect(submitted.status).toBe(200);
    const expected = scoreReview(card.versions[0].definition as ScorecardDefinition, {
      greeting: 1,
      verify: 1,
      accuracy: 4,
      tone: 'n/a',
    });
    // 30 × 1 + 70 × 0.75 = 82.5 of 100.
    expect(expected.percent).toBeCloseTo(82.5, 9);
    expect(submitted.body).toMatchObject({ state: 'submitted', version: 1, score: expected });
    expect(submitted.body.submitted_at).toEqual(expect.any(String));
    const { rows } = await t.database.pool.query(
      'select score_numerator, score_denominator, score_percent, auto_failed from qa_reviews where id = $1',
      [id],
    );
    expect(rows[0]).toEqual({
      score_numerator: expected.numerator,
      score_denominator: expected.denominator,
      score_percent: expected.percent,
      auto_failed: false,
    });
    const again = await send(qaA, 'PATCH', `/qa/reviews/${id}`, { comment: 'late' });
    expect(again.status).toBe(409);
  });

  it('drafts only where the scorecard applies: its channels, queues and languages', async () => {
    const chatOnly = await scorecard(brandQa, { applies_to: { channels: ['chat'] } });
    const refused = await send(qaA, 'POST', '/qa/reviews', { scorecard_id: chatOnly.id, ticket_id: ticketA });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('body.scorecard_id');
    const inactive = await scorecard(brandQa);
    await send(brandQa, 'PATCH', `/qa/scorecards/${inactive.id}`, { active: false });
    const off = await send(qaA, 'POST', '/qa/reviews', { scorecard_id: inactive.id, ticket_id: ticketA });
    expect(off.status).toBe(422);
    const emailEnglish = await scorecard(brandQa, { applies_to: { channels: ['email', 'chat'] } });
    const drafted = await send(qaA, 'POST', '/qa/reviews', {
      scorecard_id: emailEnglish.id,
      ticket_id: ticketA,
    });
    expect(drafted.status).toBe(201);
  });

  it('a PATCH changes only the fields it names', async () => {
    const card = await scorecard(brandQa);
    const drafted = await send(brandQa, 'POST', '/qa/reviews', {
      scorecard_id: card.id,
      ticket_id: ticketA,
      comment: 'overall',
      answers: { greeting: { value: 1, comment: 'warm', message_id: messageA }, verify: { value: 0 } },
    });
    const id = drafted.body.id;
    const value = await send(brandQa, 'PATCH', `/qa/reviews/${id}`, { answers: { greeting: { value: 0 } } });
    expect(value.body.answers).toEqual({
      greeting: { value: 0, comment: 'warm', message_id: messageA },
      verify: { value: 0 },
    });
    expect(value.body.comment).toBe('overall');
    const comment = await send(brandQa, 'PATCH', `/qa/reviews/${id}`, { comment: 'changed' });
    expect(comment.body.answers).toEqual(value.body.answers);
    expect(comment.body.comment).toBe('changed');
    const cleared = await send(brandQa, 'PATCH', `/qa/reviews/${id}`, { answers: { verify: null } });
    expect(Object.keys(cleared.body.answers)).toEqual(['greeting']);
  });

  it('refuses answers off the scale, N/A where not allowed and anchors to another ticket’s message', async () => {
    const card = await scorecard(brandQa);
    const drafted = await send(qaA, 'POST', '/qa/reviews', { scorecard_id: card.id, ticket_id: ticketA });
    const id = drafted.body.id;
    const res = await send(qaA, 'PATCH', `/qa/reviews/${id}`, {
      answers: {
        accuracy: { value: 6 },
        greeting: { value: 'n/a' },
        tone: { value: 2, message_id: messageB },
        nope: { value: 1 },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.answers.accuracy.value',
      'body.answers.greeting.value',
      'body.answers.nope.value',
      'body.answers.tone.message_id',
    ]);
    expect((await get(qaA, `/qa/reviews/${id}`)).body.answers).toEqual({});
  });

  it('shows submitted reviews to the agent and their team lead only; drafts to reviewers only', async () => {
    const card = await scorecard(brandQa);
    const drafted = await send(adminA, 'POST', '/qa/reviews', {
      scorecard_id: card.id,
      ticket_id: ticketA,
      answers: { greeting: { value: 1 }, verify: { value: 0 }, accuracy: { value: 5 }, tone: { value: 4 } },
    });
    expect(drafted.status).toBe(201);
    const id = drafted.body.id;
    for (const who of [agentA1, leadA, agentA2])
      expect((await get(who, `/qa/reviews/${id}`)).status).toBe(404);
    const submitted = await send(adminA, 'POST', `/qa/reviews/${id}/submit`);
    // verify is section-critical: the opening section is 0, the solution section 100% → 70%.
    expect(submitted.body.score.percent).toBeCloseTo(70, 9);
    expect(submitted.body.score.sections[0].auto_failed).toBe(true);
    for (const who of [agentA1, leadA]) {
      expect((await get(who, `/qa/reviews/${id}`)).status).toBe(200);
      const list = await get(who, '/qa/reviews');
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(id);
      expect(list.body.items.every((r: { state: string }) => r.state === 'submitted')).toBe(true);
    }
    expect((await get(agentA2, `/qa/reviews/${id}`)).status).toBe(404);
    expect((await get(agentA2, '/qa/reviews')).body.items).toEqual([]);
    expect(
      (await send(agentA1, 'POST', '/qa/reviews', { scorecard_id: card.id, ticket_id: ticketA })).status,
    ).toBe(403);
    const filtered = await get(brandQa, `/qa/reviews?agent_id=${agentA1.userId}&state=submitted`);
    expect(filtered.body.items.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('keeps vendors apart: by URL and by ids in bodies', async () => {
    const card = await scorecard(brandQa);
    const drafted = await send(qaA, 'POST', '/qa/reviews', { scorecard_id: card.id, ticket_id: ticketA });
    const id = drafted.body.id;
    const before = (
      await t.database.pool.query('select to_jsonb(r) as row from qa_reviews r where id = $1', [id])
    ).rows[0];
    expect((await get(qaB, `/qa/reviews/${id}`)).status).toBe(404);
    expect((await send(qaB, 'PATCH', `/qa/reviews/${id}`, { comment: 'mine' })).status).toBe(404);
    expect((await send(qaB, 'POST', `/qa/reviews/${id}/submit`)).status).toBe(404);
    const list = await get(qaB, `/qa/reviews?vendor_id=${vendorA}`);
    expect(list.body.items).toEqual([]);
    const onForeignTicket = await send(qaB, 'POST', '/qa/reviews', {
      scorecard_id: card.id,
      ticket_id: ticketA,
    });
    expect(onForeignTicket.status).toBe(404);
    const foreignAgent = await send(qaB, 'POST', '/qa/reviews', {
      scorecard_id: card.id,
      ticket_id: ticketB,
      agent_id: agentA1.userId,
    });
    expect(foreignAgent.status).toBe(404);
    expect(JSON.stringify(foreignAgent.body)).not.toContain(vendorA);
    const internalA = await scorecard(qaA);
    const onForeignCard = await send(qaB, 'POST', '/qa/reviews', {
      scorecard_id: internalA.id,
      ticket_id: ticketB,
      agent_id: (await t.make.user('agent', vendorB)).userId,
    });
    expect(onForeignCard.status).toBe(404);
    const after = (
      await t.database.pool.query('select to_jsonb(r) as row from qa_reviews r where id = $1', [id])
    ).rows[0];
    expect(after).toEqual(before);
    const { rows } = await t.database.pool.query(
      'select count(*)::int as n from qa_reviews where vendor_id = $1',
      [vendorB],
    );
    expect(rows[0].n).toBe(0);
  });

  it('holds at the database too: a vendor’s transaction sees none of another vendor’s reviews', async () => {
    const card = await scorecard(brandQa);
    await send(qaA, 'POST', '/qa/reviews', { scorecard_id: card.id, ticket_id: ticketA });
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [t.organizationId, vendorB],
      );
      await client.query('set local role tandem_app');
      expect((await client.query('select 1 from qa_reviews')).rowCount).toBe(0);
      expect((await client.query("update qa_reviews set comment = 'x'")).rowCount).toBe(0);
      await expect(client.query('update qa_scorecard_versions set version = 9')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
