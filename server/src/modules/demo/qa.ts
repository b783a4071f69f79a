import type { NewRow } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import {
  acceptDispute,
  checkReplies,
  closeSession,
  createCalibration,
  createCoachingSession,
  createReview,
  createSamplingRule,
  createScorecard,
  holdCoachingSession,
  lastWeek,
  patchCoachingAction,
  putVoiceRules,
  raiseDispute,
  rejectDispute,
  runRuleAsCreator,
  submitCalibrationScore,
  submitReview,
} from '../qa/index.js';
import { chance, createRng, int, type Rng } from './random.js';
import { agentRepliesSince } from './repository.js';

/**
 * The demo's QA programme: the brand's scorecard, a few weeks of submitted reviews of the outsourced
 * agents, disputes in each state (one accepted and rescored, one rejected, one open) and a closed
 * calibration session, so every QA screen and the IQS report show something. Everything goes
 * through the QA module's services, as a reviewer, an agent and the brand admin would.
 */

export const DEMO_SCORECARD = {
  name: 'Nordlys conversation quality',
  vendor_id: null,
  applies_to: { channels: [], queues: [], languages: [] },
  definition: {
    weighting: 'sections' as const,
    allow_above_100: false,
    sections: [
      {
        id: 'opening',
        name: 'Opening',
        weight: 1,
        bonus: false,
        criteria: [
          criterion('greeting', 'Greets the customer by name', { kind: 'binary' }),
          {
            ...criterion('verified', 'Verifies identity before account changes', { kind: 'binary' }),
            na_allowed: true,
          },
        ],
      },
      {
        id: 'solution',
        name: 'Solution',
        weight: 2,
        bonus: false,
        criteria: [
          {
            ...criterion('correct', 'Gives the correct answer', { kind: 'points', points: 5 }),
            weight: 2,
            critical: 'review' as const,
          },
          criterion('complete', 'Answers every question asked', { kind: 'points', points: 4 }),
        ],
      },
      {
        id: 'tone',
        name: 'Tone',
        weight: 1,
        bonus: false,
        criteria: [
          criterion('empathy', 'Acknowledges how the customer feels', { kind: 'points', points: 4 }),
          criterion('voice', 'Writes in the Nordlys voice', { kind: 'binary' }),
        ],
      },
      {
        id: 'extra',
        name: 'Extra mile',
        weight: 1,
        bonus: true,
        criteria: [criterion('proactive', 'Solves the next problem before it is asked', { kind: 'binary' })],
      },
    ],
  },
};

type Scale = { kind: 'binary' } | { kind: 'points'; points: 3 | 4 | 5 };
function criterion(id: string, name: string, scale: Scale) {
  return { id, name, scale, weight: 1, na_allowed: false, critical: 'none' as 'none' | 'review' | 'section' };
}

type DemoTicket = Pick<NewRow<'tickets'>, 'id' | 'vendor_id' | 'agent_id' | 'status' | 'created_at'>;

/** One reviewer's answers to the demo scorecard for an agent of the given skill (0..1). */
export function demoAnswers(rng: Rng, skill: number) {
  const points = (max: number) =>
    Math.max(1, Math.min(max, Math.round(1 + (max - 1) * skill + (rng() - 0.5) * 2)));
  const yes = (p: number) => (chance(rng, p) ? 1 : 0);
  return {
    greeting: { value: yes(0.6 + 0.35 * skill) },
    verified: { value: chance(rng, 0.5) ? ('n/a' as const) : yes(0.7 + 0.25 * skill) },
    // A wrong answer (the lowest value) fails the whole review: rare, and rarer for the skilled.
    correct: { value: chance(rng, 0.06 * (1 - skill)) ? 1 : Math.max(2, points(5)) },
    complete: { value: points(4) },
    empathy: { value: points(4) },
    voice: { value: yes(0.5 + 0.4 * skill) },
    proactive: { value: yes(0.15 + 0.3 * skill) },
  };
}

/**
 * Which conversations the demo reviews: solved or closed tickets of outsourced agents from the last
 * three weeks, a few per agent, oldest first. Pure.
 */
export function pickDemoReviews(
  tickets: readonly DemoTicket[],
  outsourced: ReadonlySet<string>,
  now: Date,
  perAgent = 2,
) {
  const from = now.getTime() - 21 * 86_400_000;
  const taken = new Map<string, number>();
  const picked: DemoTicket[] = [];
  for (const t of tickets) {
    if (!t.agent_id || !t.vendor_id || !outsourced.has(t.vendor_id)) continue;
    if (t.status !== 'solved' && t.status !== 'closed') continue;
    if (Date.parse(String(t.created_at)) < from) continue;
    const n = taken.get(t.agent_id) ?? 0;
    if (n >= perAgent) continue;
    taken.set(t.agent_id, n + 1);
    picked.push(t);
  }
  return picked;
}

/** reviewView types its score loosely (stored JSON); the demo only needs the percent. */
const percentOf = (review: { score: unknown }) =>
  (review.score as { percent: number | null } | null)?.percent ?? 0;

interface DemoPeople {
  admin: Actor;
  reviewer: Actor;
  /** Agents by id, as actors (a dispute is raised by the reviewed agent). */
  agents: Map<string, Actor>;
}

export async function seedDemoQa(
  tx: Tx,
  people: DemoPeople,
  tickets: readonly DemoTicket[],
  outsourced: ReadonlySet<string>,
  now: Date,
) {
  const rng = createRng(19);
  const scorecard = await createScorecard(tx, people.admin, DEMO_SCORECARD);
  const version = scorecard.versions[scorecard.versions.length - 1]!;
  const skill = new Map<string, number>();
  const reviews = [];
  for (const ticket of pickDemoReviews(tickets, outsourced, now)) {
    const agentId = ticket.agent_id!;
    if (!skill.has(agentId)) skill.set(agentId, 0.35 + 0.6 * rng());
    const draft = await createReview(tx, people.reviewer, {
      scorecard_id: scorecard.id,
      ticket_id: ticket.id!,
      answers: demoAnswers(rng, skill.get(agentId)!),
      comment: null,
    });
    reviews.push(await submitReview(tx, people.reviewer, draft.id));
  }
  // Disputes on the three lowest scores: one accepted and rescored, one rejected, one still open.
  const lowest = [...reviews].sort((a, b) => percentOf(a) - percentOf(b)).slice(0, 3);
  const outcomes = ['accept', 'reject', 'open'] as const;
  for (const [i, review] of lowest.entries()) {
    const agent = people.agents.get(review.agent_id);
    if (!agent) continue;
    const dispute = await raiseDispute(tx, agent, review.id, {
      criterion_id: i === 1 ? null : 'empathy',
      reason:
        i === 1
          ? 'The customer asked for a refund we are not allowed to give; I followed the policy.'
          : 'I apologised twice and offered a callback; please look at my second reply.',
    });
    if (outcomes[i] === 'accept')
      await acceptDispute(tx, people.admin, dispute.id, {
        answers: { empathy: { value: 4 } },
        comment: 'Agreed: the second reply acknowledges the delay clearly.',
      });
    else if (outcomes[i] === 'reject')
      await rejectDispute(tx, people.admin, dispute.id, {
        comment: 'The policy allows a goodwill voucher, which was not offered.',
      });
  }
  // A closed calibration: the admin and the QA reviewer (the benchmark) score three conversations blind.
  const calibrated = reviews.slice(-3).map((r) => r.ticket_id);
  if (calibrated.length) {
    const session = await createCalibration(tx, people.admin, {
      name: 'Monthly calibration',
      scorecard_version_id: version.id,
      ticket_ids: calibrated,
      participant_ids: [people.admin.userId, people.reviewer.userId],
      benchmark_reviewer_id: people.reviewer.userId,
    });
    for (const ticketId of calibrated)
      for (const [who, bias] of [
        [people.reviewer, 0.7],
        [people.admin, 0.7 + (int(rng, 0, 2) - 1) * 0.15],
      ] as const)
        await submitCalibrationScore(tx, who, session.id, ticketId, { answers: demoAnswers(rng, bias) });
    await closeSession(tx, people.admin, session.id);
  }
  const coaching = await seedDemoCoaching(tx, people, reviews, now);
  return {
    scorecardId: scorecard.id,
    scorecards: 1,
    reviews: reviews.length,
    disputes: lowest.length,
    calibrations: calibrated.length ? 1 : 0,
    coachingSessions: coaching,
  };
}

/** The day `days` after (or before) `now`, as a due date (YYYY-MM-DD, UTC). */
const dayFrom = (now: Date, days: number) =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Coaching for the two agents with the lowest mean review score, coached by the QA reviewer: the
 * weaker one's session was held last week (one action item done by the agent and followed up, one
 * overdue), the other's is planned for next week with one action item due after it.
 */
async function seedDemoCoaching(
  tx: Tx,
  people: DemoPeople,
  reviews: ReadonlyArray<{ id: string; agent_id: string; score: unknown }>,
  now: Date,
) {
  const byAgent = new Map<string, Array<{ id: string; percent: number }>>();
  for (const r of reviews)
    byAgent.set(r.agent_id, [...(byAgent.get(r.agent_id) ?? []), { id: r.id, percent: percentOf(r) }]);
  const mean = (rs: Array<{ percent: number }>) => rs.reduce((sum, r) => sum + r.percent, 0) / rs.length;
  const weakest = [...byAgent.entries()]
    .filter(([agentId]) => people.agents.has(agentId))
    .sort((a, b) => mean(a[1]) - mean(b[1]) || a[0].localeCompare(b[0]))
    .slice(0, 2);
  const [first, second] = weakest;
  if (first) {
    const held = await createCoachingSession(
      tx,
      people.reviewer,
      {
        review_ids: first[1].map((r) => r.id),
        scheduled_at: new Date(now.getTime() - 7 * 86_400_000).toISOString(),
        notes: 'Empathy and the refund policy: walked through both reviewed conversations.',
        actions: [
          { description: 'Re-read the refund and goodwill voucher policy', due_date: dayFrom(now, -4) },
          { description: 'Open each reply by acknowledging the delay', due_date: dayFrom(now, -1) },
        ],
      },
      now,
    );
    await holdCoachingSession(tx, people.reviewer, held.id, {}, now);
    const agent = people.agents.get(first[0])!;
    await patchCoachingAction(tx, agent, held.actions[0]!.id, { status: 'done' }, now);
    await patchCoachingAction(
      tx,
      people.reviewer,
      held.actions[0]!.id,
      { follow_up: 'Checked three replies since: the voucher was offered each time.' },
      now,
    );
  }
  if (second) {
    await createCoachingSession(
      tx,
      people.reviewer,
      {
        review_ids: second[1].map((r) => r.id),
        scheduled_at: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
        notes: null,
        actions: [
          { description: 'Use the identity check before account changes', due_date: dayFrom(now, 14) },
        ],
      },
      now,
    );
  }
  return weakest.length;
}

/**
 * Two sampling rules as a QA lead would set them up (two conversations per agent a week at random,
 * and one targeted at low CSAT or reopened tickets), run for last week, so the reviewer has
 * assignments waiting. Needs the KPI rollup built: sampling reads its per-ticket contributions.
 */
/**
 * The brand's voice in English, as a brand admin would set it on the voice-rules screen: a phrase the
 * brand finds too casual and a delivery promise it may not make. The checks then run over the last
 * three weeks of agents' English replies, as the outbox consumer does for every new one, so the demo
 * has findings to review, dismiss and sample on. Returns how many findings were made.
 */
export async function seedDemoVoice(tx: Tx, admin: Actor, now: Date) {
  await putVoiceRules(tx, admin, 'en', {
    forbidden_phrases: [{ kind: 'phrase', value: 'I am on it' }],
    forbidden_promises: [{ kind: 'regex', value: 'within \\d+\\s*[–-]\\s*\\d+ working days' }],
    greetings: [],
    closings: [],
  });
  const ids = await agentRepliesSince(tx, admin.organizationId, new Date(now.getTime() - 21 * 86_400_000));
  for (let i = 0; i < ids.length; i += 500) await checkReplies(tx, ids.slice(i, i + 500));
}

export async function seedDemoSampling(
  tx: Tx,
  admin: Actor,
  reviewerId: string,
  scorecardId: string,
  now: Date,
) {
  const week = lastWeek(now);
  let assignments = 0;
  for (const rule of [
    { name: 'Targeted: low CSAT or reopened', per_agent: 1, targets: { low_csat: true, reopened: true } },
    { name: 'Two a week per agent', per_agent: 2, targets: {} },
    { name: 'Brand voice findings', per_agent: 1, targets: { check_findings: { checks: [] } } },
  ]) {
    const made = await createSamplingRule(tx, admin, {
      ...rule,
      scorecard_id: scorecardId,
      scope_vendor_id: null,
      reviewer_ids: [reviewerId],
      due_days: 7,
      active: true,
    });
    assignments += (await runRuleAsCreator(tx, made.id, week, now))?.picked ?? 0;
  }
  return assignments;
}
