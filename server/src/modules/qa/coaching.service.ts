import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { record } from '../audit/index.js';
import {
  actionCounts,
  actionStatusChange,
  canMove,
  dayIn,
  isOverdue,
  sessionReviewProblems,
} from './coaching.js';
import * as repo from './coaching.repository.js';
import type {
  coachingActionCreate,
  coachingActionListQuery,
  coachingActionPatch,
  coachingSessionCreate,
  coachingSessionHeld,
  coachingSessionListQuery,
  coachingSessionPatch,
} from './coaching.schemas.js';
import * as reviews from './repository.js';
import { audience, visibleReview } from './service.js';

/**
 * Coaching sessions from QA reviews, with action items. Coaches (qa:coach) are the brand's admins and
 * QA reviewers (every vendor), a vendor's admins and QA reviewers (its agents) and team leads (their
 * team's agents); row-level security keeps a vendor's users to their own rows, and the review
 * audience rule (service.ts) narrows agents to their own sessions and team leads to their team's.
 * The coached agent reads their sessions and may only mark their action items done or open again.
 * docs/qa.md "Coaching".
 */

type Session = NonNullable<Awaited<ReturnType<typeof repo.findSession>>>;
type Action = Awaited<ReturnType<typeof repo.listActions>>[number];

const coaches = (actor: Actor) => roleAllows(actor.role, 'qa:coach', actor.scopes);

const actionView = (a: Action, today: string) => ({
  id: a.id,
  session_id: a.session_id,
  vendor_id: a.vendor_id,
  agent_id: a.agent_id,
  description: a.description,
  due_date: a.due_date,
  status: a.status,
  overdue: isOverdue(a, today),
  completed_at: a.completed_at,
  completed_by: a.completed_by,
  follow_up: a.follow_up,
  created_at: a.created_at,
  updated_at: a.updated_at,
});

function sessionView({ organization_id: _, ...s }: Session, actions: Action[], today: string) {
  return {
    ...s,
    actions: actions.map((a) => actionView(a, today)),
    counts: actionCounts(actions, today),
  };
}

async function withActions(tx: Tx, sessions: Session[], today: string) {
  const actions = await repo.listActions(tx, { sessionIds: sessions.map((s) => s.id), today, limit: 10_000 });
  const by = new Map<string, Action[]>();
  for (const a of actions) by.set(a.session_id, [...(by.get(a.session_id) ?? []), a]);
  return sessions.map((s) => sessionView(s, by.get(s.id) ?? [], today));
}

async function visibleSession(tx: Tx, actor: Actor, id: string, options: { lock?: boolean } = {}) {
  const session = await repo.findSession(tx, id, options);
  if (!session) throw new NotFound('Coaching session', id);
  const who = audience(actor).audience;
  if (who && session.agent_id !== who.userId) {
    const agent = who.teamId ? await reviews.findUser(tx, session.agent_id) : undefined;
    if (!agent || agent.team_id !== who.teamId) throw new NotFound('Coaching session', id);
  }
  return session;
}

/** The coach must hold qa:coach, be active, and sit at the brand or at the coached agent's vendor. */
async function checkCoach(tx: Tx, coachId: string, vendorId: string | null) {
  const coach = await repo.coachCandidate(tx, coachId);
  if (!coach) throw new NotFound('User', coachId);
  const problem = !coach.active
    ? 'deactivated'
    : !roleAllows(coach.role, 'qa:coach')
      ? 'cannot coach (qa:coach)'
      : coach.vendor_id !== null && coach.vendor_id !== vendorId
        ? 'a user of another vendor'
        : null;
  if (problem)
    throw new Invalid('This user cannot coach the agent', [{ path: 'body.coach_id', message: problem }]);
}

function conflictUnlessMoves(session: Session, to: 'planned' | 'held' | 'cancelled') {
  if (!canMove(session.status, to))
    throw new Conflict(`A ${session.status} coaching session cannot become ${to}`);
}

export async function createSession(
  tx: Tx,
  actor: Actor,
  input: z.output<typeof coachingSessionCreate>,
  now = new Date(),
) {
  // Each review as the caller may read it: another vendor's (or another team's) is not found.
  const found = [];
  for (const id of input.review_ids) found.push(await visibleReview(tx, actor, id));
  const problems = sessionReviewProblems(found);
  if (problems.length) throw new Invalid('A session comes from submitted reviews of one agent', problems);
  const first = found[0]!;
  const coachId = input.coach_id ?? actor.userId;
  await checkCoach(tx, coachId, first.vendor_id);
  const session = await repo.insertSession(tx, {
    organization_id: actor.organizationId,
    vendor_id: first.vendor_id,
    agent_id: first.agent_id,
    coach_id: coachId,
    review_ids: input.review_ids,
    scheduled_at: input.scheduled_at ?? null,
    notes: input.notes ?? null,
    created_by: actor.userId,
  });
  await repo.insertActions(
    tx,
    input.actions.map((a) => ({
      organization_id: actor.organizationId,
      vendor_id: session.vendor_id,
      session_id: session.id,
      description: a.description,
      due_date: a.due_date,
    })),
  );
  await record(tx, actor, {
    action: 'qa_coaching_session.created',
    objectType: 'qa_coaching_session',
    objectId: session.id,
    vendorId: session.vendor_id,
    details: { agent_id: session.agent_id, review_ids: input.review_ids, actions: input.actions.length },
  });
  return (await withActions(tx, [session], dayIn(now, 'UTC')))[0]!;
}

export async function listSessions(
  tx: Tx,
  actor: Actor,
  query: z.output<typeof coachingSessionListQuery>,
  now = new Date(),
) {
  const today = dayIn(now, query.tz);
  const rows = await repo.listSessions(tx, {
    agentId: query.agent_id,
    coachId: query.coach_id,
    status: query.status,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    today,
    audience: audience(actor).audience,
    limit: query.limit,
  });
  return { items: await withActions(tx, rows, today) };
}

export async function getSession(tx: Tx, actor: Actor, id: string, tz: string, now = new Date()) {
  const session = await visibleSession(tx, actor, id);
  return (await withActions(tx, [session], dayIn(now, tz)))[0]!;
}

/** Changes only the fields the body names. */
export async function patchSession(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof coachingSessionPatch>,
  now = new Date(),
) {
  const session = await visibleSession(tx, actor, id, { lock: true });
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<
    z.output<typeof coachingSessionPatch>
  >;
  if (changes.status) conflictUnlessMoves(session, changes.status);
  if (session.status === 'held' && changes.scheduled_at !== undefined)
    throw new Conflict('A held coaching session keeps its scheduled time');
  if (changes.coach_id) await checkCoach(tx, changes.coach_id, session.vendor_id);
  const updated = Object.keys(changes).length ? await repo.updateSession(tx, id, changes) : session;
  if (Object.keys(changes).length)
    await record(tx, actor, {
      action: 'qa_coaching_session.updated',
      objectType: 'qa_coaching_session',
      objectId: id,
      vendorId: session.vendor_id,
      details: { changed: Object.keys(changes), ...(changes.status ? { status: changes.status } : {}) },
    });
  return (await withActions(tx, [updated], dayIn(now, 'UTC')))[0]!;
}

export async function holdSession(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof coachingSessionHeld>,
  now = new Date(),
) {
  const session = await visibleSession(tx, actor, id, { lock: true });
  if (session.status !== 'planned') throw new Conflict(`A ${session.status} coaching session cannot be held`);
  const updated = await repo.updateSession(tx, id, {
    status: 'held',
    held_at: input.held_at ?? now.toISOString(),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
  });
  await record(tx, actor, {
    action: 'qa_coaching_session.held',
    objectType: 'qa_coaching_session',
    objectId: id,
    vendorId: session.vendor_id,
    details: { held_at: updated.held_at },
  });
  return (await withActions(tx, [updated], dayIn(now, 'UTC')))[0]!;
}

export async function addAction(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  input: z.output<typeof coachingActionCreate>,
  now = new Date(),
) {
  const session = await visibleSession(tx, actor, sessionId, { lock: true });
  if (session.status === 'cancelled')
    throw new Conflict('A cancelled coaching session takes no action items');
  const [made] = await repo.insertActions(tx, [
    {
      organization_id: session.organization_id,
      vendor_id: session.vendor_id,
      session_id: session.id,
      description: input.description,
      due_date: input.due_date,
    },
  ]);
  await record(tx, actor, {
    action: 'qa_coaching_action.added',
    objectType: 'qa_coaching_action',
    objectId: made!.id,
    vendorId: session.vendor_id,
    details: { session_id: session.id, due_date: input.due_date },
  });
  const action = await repo.findAction(tx, made!.id);
  return actionView(action!, dayIn(now, 'UTC'));
}

/**
 * Changes only the fields named. The coached agent (no qa:coach) may change only the status of
 * their own action items; anything else is 403.
 */
export async function patchAction(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof coachingActionPatch>,
  now = new Date(),
) {
  const action = await repo.findAction(tx, id);
  if (!action) throw new NotFound('Coaching action', id);
  await visibleSession(tx, actor, action.session_id).catch(() => {
    throw new NotFound('Coaching action', id);
  });
  const named = Object.entries(input).filter(([, v]) => v !== undefined);
  if (!coaches(actor)) {
    if (action.agent_id !== actor.userId)
      throw new Forbidden('Only the coached agent or a coach changes an action item');
    const others = named.filter(([k]) => k !== 'status').map(([k]) => k);
    if (others.length)
      throw new Forbidden(`The coached agent may only mark an item done or open (not ${others.join(', ')})`);
  }
  if (action.session_status === 'cancelled') throw new Conflict('The coaching session was cancelled');
  const { status, ...rest } = Object.fromEntries(named) as Partial<z.output<typeof coachingActionPatch>>;
  const changes = {
    ...rest,
    ...(status ? (actionStatusChange(action.status, status, actor.userId, now) ?? {}) : {}),
  };
  if (Object.keys(changes).length) {
    await repo.updateAction(tx, id, changes);
    await record(tx, actor, {
      action: 'qa_coaching_action.updated',
      objectType: 'qa_coaching_action',
      objectId: id,
      vendorId: action.vendor_id,
      details: {
        session_id: action.session_id,
        changed: Object.keys(changes),
        ...(status ? { status } : {}),
      },
    });
  }
  const updated = await repo.findAction(tx, id);
  return actionView(updated!, dayIn(now, 'UTC'));
}

export async function listActions(
  tx: Tx,
  actor: Actor,
  query: z.output<typeof coachingActionListQuery>,
  now = new Date(),
) {
  const today = dayIn(now, query.tz);
  const rows = await repo.listActions(tx, {
    sessionIds: query.session_id ? [query.session_id] : undefined,
    agentId: query.agent_id,
    status: query.status,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    today,
    audience: audience(actor).audience,
    limit: query.limit,
  });
  return { items: rows.map((a) => actionView(a, today)) };
}
