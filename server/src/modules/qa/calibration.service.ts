import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { graderMeans, type SessionAlignment, sessionAlignment } from './calibration.js';
import * as repo from './calibration.repository.js';
import * as reviews from './repository.js';
import type { calibrationCreate, calibrationListQuery, calibrationScoreCreate } from './schemas.js';
import { type Answers, answerProblems, type ScorecardDefinition } from './scoring.js';

/**
 * Calibration sessions. A QA lead (qa:manage) picks a scorecard version, conversations, reviewers
 * and one benchmark reviewer; each participant scores each conversation once, blind: while the
 * session is open nobody reads anyone else's scores, only how many have scored. On close the lead's
 * session computes alignment (calibration.ts) and keeps it; then every score is shown. Scores live
 * apart from qa_reviews, so calibration never reaches IQS or an agent's reviews.
 */

type Session = NonNullable<Awaited<ReturnType<typeof repo.findSession>>>;
type Answer = { value: number | 'n/a'; comment?: string | null };

const summary = ({ result: _result, ...s }: Session) => s;

export async function listSessions(tx: Tx, query: z.output<typeof calibrationListQuery>) {
  return { items: (await repo.listSessions(tx, query.state)).map(summary) };
}

async function visibleSession(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const session = await repo.findSession(tx, id, options);
  if (!session) throw new NotFound('Calibration session', id);
  return session;
}

export async function getSession(tx: Tx, actor: Actor, id: string) {
  const session = await visibleSession(tx, id);
  const [members, progress, scores] = await Promise.all([
    repo.membersOf(tx, id),
    repo.progressOf(tx, id),
    // The blind rule: while open, only the actor's own scores.
    repo.scoresOf(tx, id, session.state === 'closed' ? undefined : actor.userId),
  ]);
  const counted = new Map(progress.map((p) => [p.ticket_id, Number(p.n)]));
  return {
    ...summary(session),
    ticket_ids: members.ticketIds,
    participant_ids: members.participantIds,
    progress: members.ticketIds.map((ticket_id) => ({ ticket_id, submitted: counted.get(ticket_id) ?? 0 })),
    scores: scores.map((s) => ({ ...s, answers: s.answers as Record<string, Answer> })),
    result: (session.result ?? null) as SessionAlignment | null,
  };
}

export async function createSession(tx: Tx, actor: Actor, input: z.output<typeof calibrationCreate>) {
  const version = await reviews.findVersion(tx, input.scorecard_version_id);
  if (!version) throw new NotFound('Scorecard version', input.scorecard_version_id);
  const scorecard = await reviews.findScorecard(tx, version.scorecard_id);
  // Tickets as the actor sees them: another vendor's id is simply not found.
  const errors: FieldError[] = [];
  for (const [i, id] of input.ticket_ids.entries()) {
    const ticket = await reviews.findTicket(tx, id);
    if (!ticket) throw new NotFound('Ticket', id);
    if (scorecard?.vendor_id && ticket.vendor_id !== scorecard.vendor_id)
      errors.push({
        path: `body.ticket_ids.${i}`,
        message: 'a vendor’s own scorecard scores only its tickets',
      });
  }
  const participantIds = [...new Set([...input.participant_ids, input.benchmark_reviewer_id])];
  const users = new Map((await repo.usersWithRoles(tx, participantIds)).map((u) => [u.id, u]));
  for (const [i, id] of participantIds.entries()) {
    const user = users.get(id);
    if (!user) throw new NotFound('User', id);
    const path =
      i < input.participant_ids.length ? `body.participant_ids.${i}` : 'body.benchmark_reviewer_id';
    if (!roleAllows(user.role, 'qa:review')) errors.push({ path, message: 'not a QA reviewer' });
    else if (user.vendor_id !== actor.vendorId)
      errors.push({ path, message: actor.vendorId ? 'not of your vendor' : 'not a brand user' });
  }
  if (errors.length) throw new Invalid('The session does not fit together', errors);
  const session = await repo.insertSession(
    tx,
    {
      organization_id: actor.organizationId,
      vendor_id: actor.vendorId,
      name: input.name,
      scorecard_version_id: version.id,
      benchmark_reviewer_id: input.benchmark_reviewer_id,
      created_by: actor.userId,
    },
    input.ticket_ids,
    participantIds,
  );
  return getSession(tx, actor, session.id);
}

/** A participant's score of one conversation: complete, once, and only while the session is open. */
export async function submitScore(
  tx: Tx,
  actor: Actor,
  id: string,
  ticketId: string,
  input: z.output<typeof calibrationScoreCreate>,
) {
  const session = await visibleSession(tx, id, { lock: true });
  if (session.state !== 'open')
    throw new Conflict('The session is closed', [{ path: 'params.id', message: 'closed' }]);
  const members = await repo.membersOf(tx, id);
  if (!members.participantIds.includes(actor.userId))
    throw new Forbidden('Only the session’s participants score', [
      { path: 'params.id', message: 'not a participant' },
    ]);
  if (!members.ticketIds.includes(ticketId)) throw new NotFound('Conversation of this session', ticketId);
  const version = await reviews.findVersion(tx, session.scorecard_version_id);
  const values: Answers = Object.fromEntries(Object.entries(input.answers).map(([k, a]) => [k, a.value]));
  const problems = answerProblems(version!.definition as ScorecardDefinition, values, { requireAll: true });
  if (problems.length)
    throw new Invalid(
      'Answer every criterion of the scorecard version',
      problems.map((p) => ({ path: `body.answers.${p.criterionId}.value`, message: p.message })),
    );
  const stored = await repo.insertScore(tx, {
    organization_id: actor.organizationId,
    vendor_id: session.vendor_id,
    session_id: id,
    ticket_id: ticketId,
    reviewer_id: actor.userId,
    answers: JSON.stringify(input.answers),
  });
  if (!stored)
    throw new Conflict('You have scored this conversation already; scores do not change', [
      { path: 'params.ticketId', message: 'already scored' },
    ]);
  return { ...stored, answers: stored.answers as Record<string, Answer> };
}

/** Closes the session (its creator only) and keeps the alignment figures. */
export async function closeSession(tx: Tx, actor: Actor, id: string) {
  const session = await visibleSession(tx, id, { lock: true });
  if (session.created_by !== actor.userId)
    throw new Forbidden('Only the lead who created the session closes it', [
      { path: 'params.id', message: 'not yours' },
    ]);
  if (session.state !== 'open')
    throw new Conflict('The session is closed', [{ path: 'params.id', message: 'closed' }]);
  const version = await reviews.findVersion(tx, session.scorecard_version_id);
  const scores = await repo.scoresOf(tx, id);
  const result = sessionAlignment(
    version!.definition as ScorecardDefinition,
    session.benchmark_reviewer_id,
    scores.map((s) => ({
      ticketId: s.ticket_id,
      reviewerId: s.reviewer_id,
      answers: Object.fromEntries(
        Object.entries(s.answers as Record<string, Answer>).map(([k, a]) => [k, a.value]),
      ),
    })),
  );
  await repo.closeSession(tx, id, JSON.stringify(result));
  return getSession(tx, actor, id);
}

/** Grade the grader: each reviewer's mean alignment across the closed sessions the actor can see. */
export async function graders(tx: Tx) {
  const results = await repo.closedResults(tx);
  return { items: graderMeans(results.map((r) => r.result as SessionAlignment)) };
}
