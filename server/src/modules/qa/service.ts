import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { changes, record } from '../audit/index.js';
import {
  automaticAnswers,
  automaticCriteria,
  type SettleProblem,
  type StoredAnswer,
  settleAutomatic,
} from './automatic.js';
import * as checks from './checks.repository.js';
import * as repo from './repository.js';
import * as sampling from './sampling.repository.js';
import type {
  definition as definitionSchema,
  reviewCreate,
  reviewListQuery,
  reviewPatch,
  scorecardCreate,
  scorecardUpdate,
  versionCreate,
} from './schemas.js';
import { type Answers, answerProblems, type ScorecardDefinition, scoreReview } from './scoring.js';

/**
 * QA scorecards and reviews. Brand admins and brand QA reviewers work on every vendor; a vendor's
 * QA reviewers and admins on their own vendor's tickets and scorecards (row-level security hides the
 * rest, so a foreign id is simply not found). Agents and team leads read submitted reviews of
 * themselves and of their team's agents.
 */

type Version = Awaited<ReturnType<typeof repo.versionsOf>>[number];
type Review = NonNullable<Awaited<ReturnType<typeof repo.findReview>>>;

export type { StoredAnswer } from './automatic.js';

const versionView = (v: Version) => ({
  id: v.id,
  scorecard_id: v.scorecard_id,
  version: v.version,
  definition: v.definition as z.output<typeof definitionSchema>,
  applies_to: { channels: v.channels, queues: v.queues, languages: v.languages },
  created_at: v.created_at,
});

async function scorecardWithVersions(
  tx: Tx,
  scorecard: NonNullable<Awaited<ReturnType<typeof repo.findScorecard>>>,
) {
  const versions = (await repo.versionsOf(tx, [scorecard.id])).map(versionView);
  return { ...scorecard, current_version: versions[versions.length - 1]!, versions };
}

export async function listScorecards(tx: Tx) {
  const scorecards = await repo.listScorecards(tx);
  const latest = new Map<string, Version>();
  for (const v of await repo.versionsOf(
    tx,
    scorecards.map((s) => s.id),
  ))
    latest.set(v.scorecard_id, v);
  return { items: scorecards.map((s) => ({ ...s, current_version: versionView(latest.get(s.id)!) })) };
}

export async function getScorecard(tx: Tx, id: string) {
  const scorecard = await repo.findScorecard(tx, id);
  if (!scorecard) throw new NotFound('Scorecard', id);
  return scorecardWithVersions(tx, scorecard);
}

export async function createScorecard(tx: Tx, actor: Actor, input: z.output<typeof scorecardCreate>) {
  let vendorId = input.vendor_id ?? null;
  if (actor.vendorId !== null) {
    // A vendor keeps internal scorecards of its own only; naming another vendor reveals nothing.
    if (vendorId !== null && vendorId !== actor.vendorId) throw new NotFound('Vendor', vendorId);
    vendorId = actor.vendorId;
  } else if (vendorId !== null) {
    const vendor = await tx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst();
    if (!vendor) throw new NotFound('Vendor', vendorId);
  }
  const scorecard = await repo.insertScorecard(tx, {
    organization_id: actor.organizationId,
    vendor_id: vendorId,
    name: input.name,
    created_by: actor.userId,
  });
  await addVersion(tx, actor, scorecard.id, 1, input);
  await record(tx, actor, {
    action: 'qa_scorecard.created',
    objectType: 'qa_scorecard',
    objectId: scorecard.id,
    vendorId,
    details: { name: input.name, version: 1, definition: input.definition, applies_to: input.applies_to },
  });
  return scorecardWithVersions(tx, scorecard);
}

function addVersion(
  tx: Tx,
  actor: Actor,
  scorecardId: string,
  version: number,
  input: z.output<typeof versionCreate>,
) {
  return repo.insertVersion(tx, {
    organization_id: actor.organizationId,
    scorecard_id: scorecardId,
    version,
    definition: JSON.stringify(input.definition),
    channels: input.applies_to.channels,
    queues: input.applies_to.queues,
    languages: input.applies_to.languages,
    created_by: actor.userId,
  });
}

/** A scorecard the actor may change: any for the brand; a vendor's own only. */
async function changeableScorecard(tx: Tx, actor: Actor, id: string) {
  const scorecard = await repo.findScorecard(tx, id, { lock: true });
  if (!scorecard) throw new NotFound('Scorecard', id);
  if (actor.vendorId !== null && scorecard.vendor_id !== actor.vendorId) {
    throw new Forbidden('Only the brand changes the brand’s scorecards', [
      { path: 'params.id', message: 'the brand’s scorecard' },
    ]);
  }
  return scorecard;
}

export async function updateScorecard(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof scorecardUpdate>,
) {
  const before = await changeableScorecard(tx, actor, id);
  const updated = await repo.updateScorecard(tx, id, input);
  if (!updated) throw new NotFound('Scorecard', id);
  await record(tx, actor, {
    action: 'qa_scorecard.updated',
    objectType: 'qa_scorecard',
    objectId: id,
    vendorId: before.vendor_id,
    details: { name: updated.name, changes: changes(before, updated, Object.keys(input)) },
  });
  return scorecardWithVersions(tx, updated);
}

/** Version N+1; earlier versions stay, and reviews keep the one they were drafted on. */
export async function createVersion(tx: Tx, actor: Actor, id: string, input: z.output<typeof versionCreate>) {
  const scorecard = await changeableScorecard(tx, actor, id);
  const versions = await repo.versionsOf(tx, [id]);
  const version = versions.length ? versions[versions.length - 1]!.version + 1 : 1;
  await addVersion(tx, actor, id, version, input);
  await record(tx, actor, {
    action: 'qa_scorecard.version_added',
    objectType: 'qa_scorecard',
    objectId: id,
    vendorId: scorecard.vendor_id,
    details: { name: scorecard.name, version, definition: input.definition, applies_to: input.applies_to },
  });
  return scorecardWithVersions(tx, scorecard);
}

// --- Reviews ---------------------------------------------------------------------------------------

const reviews = (actor: Actor) => roleAllows(actor.role, 'qa:review', actor.scopes);

/** Who sees which reviews, beyond row-level security's vendor wall. */
export function audience(actor: Actor) {
  if (reviews(actor)) return { submittedOnly: false, audience: undefined };
  if (actor.role === 'team_lead')
    return { submittedOnly: true, audience: { userId: actor.userId, teamId: actor.teamId } };
  if (actor.role === 'agent')
    return { submittedOnly: true, audience: { userId: actor.userId, teamId: null } };
  // Brand analysts and auditors: submitted reviews of every agent they can see.
  return { submittedOnly: true, audience: undefined };
}

export function reviewView(r: Review) {
  const { score_detail, ...rest } = r;
  return {
    ...rest,
    answers: r.answers as Record<string, StoredAnswer>,
    score: (score_detail ?? null) as never,
  };
}

export async function listReviews(tx: Tx, actor: Actor, query: z.output<typeof reviewListQuery>) {
  const rows = await repo.listReviews(tx, {
    agentId: query.agent_id,
    vendorId: query.vendor_id,
    ticketId: query.ticket_id,
    state: query.state,
    limit: query.limit,
    ...audience(actor),
  });
  return { items: rows.map(reviewView) };
}

export async function visibleReview(tx: Tx, actor: Actor, id: string, options: { lock?: boolean } = {}) {
  const review = await repo.findReview(tx, id, options);
  if (!review) throw new NotFound('Review', id);
  const who = audience(actor);
  if (who.submittedOnly && review.state !== 'submitted') throw new NotFound('Review', id);
  if (who.audience && review.agent_id !== who.audience.userId) {
    const agent = who.audience.teamId ? await repo.findUser(tx, review.agent_id) : undefined;
    if (!agent || agent.team_id !== who.audience.teamId) throw new NotFound('Review', id);
  }
  return review;
}

/** Applies a PATCH of answers: only the criteria named, and within one only the fields named. */
export function mergeAnswers(
  current: Record<string, StoredAnswer>,
  patch: Record<string, Partial<StoredAnswer> | null>,
): { merged: Record<string, StoredAnswer>; errors: FieldError[] } {
  const merged = { ...current };
  const errors: FieldError[] = [];
  for (const [id, change] of Object.entries(patch)) {
    if (change === null) {
      delete merged[id];
      continue;
    }
    const next: Partial<StoredAnswer> = { ...merged[id] };
    for (const [field, value] of Object.entries(change))
      if (value !== undefined) Object.assign(next, { [field]: value });
    if (next.value === undefined)
      errors.push({ path: `body.answers.${id}.value`, message: 'required for a new answer' });
    else merged[id] = next as StoredAnswer;
  }
  return { merged, errors };
}

/** Field errors for answers that do not fit the version, or anchor to messages of other tickets. */
export async function checkAnswers(
  tx: Tx,
  ticketId: string,
  definition: ScorecardDefinition,
  answers: Record<string, StoredAnswer>,
  named: string[],
) {
  const errors: FieldError[] = [];
  const values: Record<string, number | 'n/a'> = {};
  for (const id of named) if (answers[id]) values[id] = answers[id].value;
  for (const p of answerProblems(definition, values, { requireAll: false }))
    errors.push({ path: `body.answers.${p.criterionId}.value`, message: p.message });
  const anchors = named.flatMap((id) =>
    answers[id]?.message_id ? [[id, answers[id].message_id] as const] : [],
  );
  const found = await repo.messagesOfTicket(tx, ticketId, [...new Set(anchors.map(([, m]) => m))]);
  for (const [id, messageId] of anchors)
    if (!found.has(messageId))
      errors.push({ path: `body.answers.${id}.message_id`, message: 'not a message of the reviewed ticket' });
  if (errors.length) throw new Invalid('Some answers do not fit the scorecard', errors);
}

const overrideErrors = (problems: SettleProblem[]) => {
  if (problems.length)
    throw new Invalid(
      'An overridden automatic answer needs a comment',
      problems.map((p) => ({ path: `body.answers.${p.criterionId}.comment`, message: p.message })),
    );
};

/**
 * The automatic criteria's answers from the reviewed agent's open findings on the ticket, read now;
 * none read when the version has no automatic criterion.
 */
async function freshAutomatic(
  tx: Tx,
  definition: ScorecardDefinition,
  review: { ticket_id: string; agent_id: string; vendor_id: string | null },
) {
  if (!automaticCriteria(definition).length) return {};
  return automaticAnswers(
    definition,
    await checks.findingsOfReply(tx, review.ticket_id, review.agent_id, review.vendor_id),
  );
}

const applies = (list: string[], value: string | null) =>
  list.length === 0 || (value !== null && list.includes(value));

export async function createReview(tx: Tx, actor: Actor, input: z.output<typeof reviewCreate>) {
  const ticket = await repo.findTicket(tx, input.ticket_id);
  if (!ticket) throw new NotFound('Ticket', input.ticket_id);
  const scorecard = await repo.findScorecard(tx, input.scorecard_id);
  if (!scorecard) throw new NotFound('Scorecard', input.scorecard_id);
  const versions = await repo.versionsOf(tx, [scorecard.id]);
  const version = versions[versions.length - 1]!;
  const unfit = (message: string) => new Invalid(message, [{ path: 'body.scorecard_id', message }]);
  if (!scorecard.active) throw unfit('the scorecard is inactive');
  if (scorecard.vendor_id !== null && scorecard.vendor_id !== ticket.vendor_id)
    throw unfit('a vendor’s own scorecard reviews only that vendor’s tickets');
  if (
    !applies(version.channels, ticket.channel) ||
    !applies(version.queues, ticket.queue) ||
    !applies(version.languages, ticket.language)
  )
    throw unfit('the scorecard does not apply to this ticket’s channel, queue or language');
  const agentId = input.agent_id ?? ticket.agent_id;
  if (!agentId)
    throw new Invalid('Name the agent to review', [
      { path: 'body.agent_id', message: 'the ticket has no agent' },
    ]);
  const agent = await repo.findUser(tx, agentId);
  if (!agent) throw new NotFound('User', agentId);
  if (agent.vendor_id !== ticket.vendor_id)
    throw new Invalid('The agent does not work for the ticket’s vendor', [
      { path: 'body.agent_id', message: 'another vendor’s user' },
    ]);
  const definition = version.definition as ScorecardDefinition;
  const given = input.answers as Record<string, StoredAnswer>;
  await checkAnswers(tx, ticket.id, definition, given, Object.keys(given));
  const fresh = await freshAutomatic(tx, definition, {
    ticket_id: ticket.id,
    agent_id: agentId,
    vendor_id: ticket.vendor_id,
  });
  const { answers, problems } = settleAutomatic(definition, given, fresh);
  overrideErrors(problems);
  const review = await repo.insertReview(tx, {
    organization_id: actor.organizationId,
    scorecard_version_id: version.id,
    ticket_id: ticket.id,
    agent_id: agentId,
    vendor_id: ticket.vendor_id,
    reviewer_id: actor.userId,
    answers: JSON.stringify(answers),
    comment: input.comment ?? null,
  });
  return reviewView(review);
}

async function draft(tx: Tx, actor: Actor, id: string) {
  const review = await visibleReview(tx, actor, id, { lock: true });
  if (review.state !== 'draft')
    throw new Conflict('A submitted review no longer changes', [{ path: 'params.id', message: 'submitted' }]);
  const version = await repo.findVersion(tx, review.scorecard_version_id);
  return { review, definition: version!.definition as ScorecardDefinition };
}

export async function patchReview(tx: Tx, actor: Actor, id: string, input: z.output<typeof reviewPatch>) {
  const { review, definition } = await draft(tx, actor, id);
  const changes: { answers?: string; comment?: string | null } = {};
  if (input.answers !== undefined) {
    const { merged, errors } = mergeAnswers(review.answers as Record<string, StoredAnswer>, input.answers);
    if (errors.length) throw new Invalid('Some answers are incomplete', errors);
    const named = Object.keys(input.answers).filter((k) => input.answers![k] !== null);
    await checkAnswers(tx, review.ticket_id, definition, merged, named);
    // A cleared automatic criterion is pre-scored again from the findings as they are now.
    const cleared = Object.keys(input.answers).some((k) => input.answers![k] === null);
    const fresh = cleared ? await freshAutomatic(tx, definition, review) : {};
    const { answers, problems } = settleAutomatic(definition, merged, fresh);
    overrideErrors(problems);
    changes.answers = JSON.stringify(answers);
  }
  if (input.comment !== undefined) changes.comment = input.comment;
  if (!Object.keys(changes).length) return reviewView(review);
  return reviewView(await repo.updateReview(tx, id, changes));
}

/** Scores the answers on the review's own version and makes the review visible to the agent and lead. */
export async function submitReview(tx: Tx, actor: Actor, id: string) {
  const { review, definition } = await draft(tx, actor, id);
  const answers = review.answers as Record<string, StoredAnswer>;
  const values: Answers = Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.value]));
  const problems = answerProblems(definition, values, { requireAll: true });
  if (problems.length)
    throw new Invalid(
      'Answer every criterion before submitting',
      problems.map((p) => ({ path: `answers.${p.criterionId}`, message: p.message })),
    );
  const score = scoreReview(definition, values);
  // A sampled conversation's assignment is done once any review of it is submitted.
  await sampling.fulfil(tx, review.ticket_id, id);
  return reviewView(
    await repo.submitReview(tx, id, {
      score_numerator: score.numerator,
      score_denominator: score.denominator,
      score_percent: score.percent,
      auto_failed: score.auto_failed,
      score_detail: JSON.stringify(score),
    }),
  );
}
