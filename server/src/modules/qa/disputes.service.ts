import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { settleAutomatic } from './automatic.js';
import * as repo from './disputes.repository.js';
import * as reviews from './repository.js';
import type { disputeAccept, disputeCreate, disputeListQuery, disputeReject } from './schemas.js';
import { type Answers, answerProblems, type ScorecardDefinition, scoreReview } from './scoring.js';
import {
  audience,
  checkAnswers,
  mergeAnswers,
  reviewView,
  type StoredAnswer,
  visibleReview,
} from './service.js';

/**
 * Disputes of submitted QA reviews. The agent's side raises them (the reviewed agent, their team
 * lead, their vendor admin: whoever sees the review and holds qa:dispute); the brand's QA reviewers
 * and admins resolve them. Accepting rescores the review as a new revision and keeps every earlier
 * one; rejecting keeps the score with the brand's comment. One open dispute per review at a time.
 */

type Dispute = Awaited<ReturnType<typeof repo.findDispute>> & {};
type Revision = Awaited<ReturnType<typeof repo.revisionsOf>>[number];

const revisionView = (r: Revision) => {
  const { score_detail, ...rest } = r;
  return { ...rest, answers: r.answers as Record<string, StoredAnswer>, score: score_detail as never };
};

/** A review as GET /qa/reviews/{id} shows it: with its disputes and its revisions. */
export async function reviewDetail(tx: Tx, actor: Actor, id: string) {
  const review = await visibleReview(tx, actor, id);
  const [disputes, revisions] = await Promise.all([repo.disputesOfReview(tx, id), repo.revisionsOf(tx, id)]);
  return { ...reviewView(review), disputes, revisions: revisions.map(revisionView) };
}

export async function raiseDispute(
  tx: Tx,
  actor: Actor,
  reviewId: string,
  input: z.output<typeof disputeCreate>,
) {
  if (actor.vendorId === null)
    throw new Forbidden(
      'Disputes come from the reviewed agent’s side: the agent, their team lead or vendor admin',
    );
  const review = await visibleReview(tx, actor, reviewId, { lock: true });
  if (review.state !== 'submitted')
    throw new Conflict('Only a submitted review can be disputed', [
      { path: 'params.id', message: 'a draft' },
    ]);
  if (await repo.findOpenDispute(tx, reviewId))
    throw new Conflict('The review already has an open dispute', [
      { path: 'params.id', message: 'an open dispute exists' },
    ]);
  const criterionId = input.criterion_id ?? null;
  if (criterionId !== null) {
    const version = await reviews.findVersion(tx, review.scorecard_version_id);
    const definition = version!.definition as ScorecardDefinition;
    if (!definition.sections.some((s) => s.criteria.some((c) => c.id === criterionId)))
      throw new Invalid('No such criterion on the review’s scorecard version', [
        { path: 'body.criterion_id', message: 'not a criterion of this review' },
      ]);
  }
  return repo.insertDispute(tx, {
    organization_id: actor.organizationId,
    review_id: review.id,
    vendor_id: review.vendor_id,
    agent_id: review.agent_id,
    criterion_id: criterionId,
    reason: input.reason,
    raised_by: actor.userId,
  });
}

export async function listDisputes(tx: Tx, actor: Actor, query: z.output<typeof disputeListQuery>) {
  const filter = { reviewId: query.review_id, agentId: query.agent_id, audience: audience(actor).audience };
  const [items, counted] = await Promise.all([
    repo.listDisputes(tx, { ...filter, state: query.state, limit: query.limit }),
    repo.countDisputes(tx, filter),
  ]);
  const counts = { open: 0, accepted: 0, rejected: 0 };
  for (const c of counted) counts[c.state] = Number(c.n);
  return { items, counts };
}

async function visibleDispute(tx: Tx, actor: Actor, id: string, options: { lock?: boolean } = {}) {
  const dispute = await repo.findDispute(tx, id, options);
  if (!dispute) throw new NotFound('Dispute', id);
  // The dispute is visible exactly when its review is.
  await visibleReview(tx, actor, dispute.review_id).catch((e: unknown) => {
    throw e instanceof NotFound ? new NotFound('Dispute', id) : e;
  });
  return dispute;
}

export const getDispute = (tx: Tx, actor: Actor, id: string) => visibleDispute(tx, actor, id);

async function openForResolution(tx: Tx, actor: Actor, id: string): Promise<Dispute> {
  if (actor.vendorId !== null) throw new Forbidden('The brand’s QA reviewers and admins resolve disputes');
  const dispute = await visibleDispute(tx, actor, id, { lock: true });
  if (dispute.state !== 'open')
    throw new Conflict(`The dispute is already ${dispute.state}`, [
      { path: 'params.id', message: dispute.state },
    ]);
  return dispute;
}

export async function rejectDispute(tx: Tx, actor: Actor, id: string, input: z.output<typeof disputeReject>) {
  await openForResolution(tx, actor, id);
  return repo.resolveDispute(tx, id, {
    state: 'rejected',
    resolution_comment: input.comment,
    resolved_by: actor.userId,
  });
}

/** Rescores the review: revision 1 keeps the score as submitted, the next holds the new one. */
export async function acceptDispute(tx: Tx, actor: Actor, id: string, input: z.output<typeof disputeAccept>) {
  const dispute = await openForResolution(tx, actor, id);
  const review = await visibleReview(tx, actor, dispute.review_id, { lock: true });
  const version = await reviews.findVersion(tx, review.scorecard_version_id);
  const definition = version!.definition as ScorecardDefinition;
  const { merged: changed, errors } = mergeAnswers(
    review.answers as Record<string, StoredAnswer>,
    input.answers,
  );
  if (errors.length) throw new Invalid('Some answers are incomplete', errors);
  await checkAnswers(tx, review.ticket_id, definition, changed, Object.keys(input.answers));
  // An automatic answer changed on a dispute says so (overridden); the resolution's comment says why.
  const merged = settleAutomatic(definition, changed, {}, { requireComment: false }).answers;
  const values: Answers = Object.fromEntries(Object.entries(merged).map(([k, a]) => [k, a.value]));
  const problems = answerProblems(definition, values, { requireAll: true });
  if (problems.length)
    throw new Invalid(
      'The rescore must answer every criterion',
      problems.map((p) => ({ path: `body.answers.${p.criterionId}`, message: p.message })),
    );
  const score = scoreReview(definition, values);
  const earlier = await repo.revisionsOf(tx, review.id);
  const common = { organization_id: actor.organizationId, review_id: review.id, vendor_id: review.vendor_id };
  if (earlier.length === 0) {
    const stored = await repo.storedScore(tx, review.id);
    await repo.insertRevision(tx, {
      ...common,
      revision: 1,
      answers: JSON.stringify(stored.answers),
      score_numerator: stored.score_numerator!,
      score_denominator: stored.score_denominator!,
      score_percent: stored.score_percent,
      auto_failed: stored.auto_failed!,
      score_detail: JSON.stringify(stored.score_detail),
      created_by: stored.reviewer_id,
      created_at: stored.submitted_at!,
    });
  }
  const revision = await repo.insertRevision(tx, {
    ...common,
    revision: Math.max(1, ...earlier.map((r) => r.revision)) + 1,
    answers: JSON.stringify(merged),
    score_numerator: score.numerator,
    score_denominator: score.denominator,
    score_percent: score.percent,
    auto_failed: score.auto_failed,
    score_detail: JSON.stringify(score),
    dispute_id: dispute.id,
    created_by: actor.userId,
  });
  await reviews.updateReview(tx, review.id, {
    answers: JSON.stringify(merged),
    score_numerator: score.numerator,
    score_denominator: score.denominator,
    score_percent: score.percent,
    auto_failed: score.auto_failed,
    score_detail: JSON.stringify(score),
  });
  return repo.resolveDispute(tx, id, {
    state: 'accepted',
    resolution_comment: input.comment ?? null,
    resolved_by: actor.userId,
    revision_id: revision.id,
  });
}
