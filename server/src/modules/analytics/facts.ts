import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';
import { callHandleSeconds, splitHandleTime } from '../activity/index.js';
import { slaVerdictsOf } from '../sla/index.js';
import type { Dims, SurveyFacts, TicketFacts } from './contribution.js';

/** Reads the raw facts the contribution functions need, for many units at once (owner transaction). */

const ms = (t: string | Date | null) => (t === null ? null : new Date(t).getTime());
const ASSIGNMENT_FIELDS = ['status', 'vendor_id', 'site_id', 'queue'];

export async function loadTicketFacts(tx: Tx, ticketIds: readonly string[]): Promise<TicketFacts[]> {
  if (!ticketIds.length) return [];
  const tickets = await tx.selectFrom('tickets').selectAll().where('id', 'in', ticketIds).execute();
  if (!tickets.length) return [];
  const ids = tickets.map((t) => t.id);
  const [changes, calls, spans, siblings, internal, verdicts] = await Promise.all([
    tx
      .selectFrom('ticket_events')
      .select(['ticket_id', 'field', 'before', 'after', 'created_at', 'id'])
      .where('ticket_id', 'in', ids)
      .where('field', 'in', ASSIGNMENT_FIELDS)
      .orderBy('id')
      .execute(),
    tx.selectFrom('calls').selectAll().where('ticket_id', 'in', ids).execute(),
    activityShares(tx, ids),
    tx
      .selectFrom('tickets')
      .select(['id', 'customer_id', 'tags', 'created_at'])
      .where(
        'customer_id',
        'in',
        tickets.map((t) => t.customer_id),
      )
      .execute(),
    tx.selectFrom('vendors').select('id').where('kind', '=', 'internal').execute(),
    slaVerdictsOf(tx, ids),
  ]);
  const internalVendors = new Set(internal.map((v) => v.id));
  return tickets.map((t) => ({
    id: t.id,
    customerId: t.customer_id,
    tags: t.tags,
    status: t.status,
    createdAt: ms(t.created_at)!,
    firstResponseAt: ms(t.first_response_at),
    dims: dimsOf(t),
    changes: changes
      .filter((c) => c.ticket_id === t.id)
      .map((c) => ({ at: ms(c.created_at)!, field: c.field, before: c.before, after: c.after })),
    customerTickets: siblings
      .filter((s) => s.customer_id === t.customer_id && s.id !== t.id)
      .map((s) => ({ id: s.id, customerId: s.customer_id, tags: s.tags, createdAt: ms(s.created_at)! })),
    internalVendors,
    activityMs: spans.get(t.id)?.ms ?? 0,
    firstActivityAt: spans.get(t.id)?.first ?? null,
    slaVerdicts: (verdicts.get(t.id) ?? []).map((v) => ({ met: v.met, decidedAt: v.decidedAt.getTime() })),
    // Only this ticket's calls: a batch reads the calls of many tickets at once.
    calls: calls
      .filter((c) => c.ticket_id === t.id)
      .map((c) => ({
        offeredAt: ms(c.offered_at),
        answeredAt: ms(c.answered_at),
        abandonedAt: ms(c.abandoned_at),
        waitMs: c.wait_seconds === null ? null : Number(c.wait_seconds) * 1000,
        handleMs: callHandleSeconds(c) * 1000,
      })),
  }));
}

export function dimsOf(t: {
  vendor_id: string | null;
  site_id: string | null;
  team_id: string | null;
  agent_id: string | null;
  queue: string | null;
  channel: string | null;
  language: string | null;
  priority: string | null;
}): Dims {
  return {
    vendor_id: t.vendor_id,
    site_id: t.site_id,
    team_id: t.team_id,
    agent_id: t.agent_id,
    queue: t.queue,
    channel: t.channel,
    language: t.language,
    priority: t.priority,
  };
}

/**
 * Each ticket's share of its agents' active time. The split needs every span of the same agents
 * that overlaps the ticket's spans, since concurrent tickets share the time.
 */
async function activityShares(tx: Tx, ticketIds: readonly string[]) {
  const own = await tx
    .selectFrom('activity_spans')
    .select(['agent_id', sql<string>`min(started_at)`.as('from'), sql<string>`max(last_at)`.as('to')])
    .where('ticket_id', 'in', ticketIds)
    .groupBy('agent_id')
    .execute();
  const result = new Map<string, { ms: number; first: number }>();
  for (const agent of own) {
    const spans = await tx
      .selectFrom('activity_spans')
      .select(['ticket_id', 'started_at', 'last_at'])
      .where('agent_id', '=', agent.agent_id)
      .where('last_at', '>=', agent.from)
      .where('started_at', '<=', agent.to)
      .execute();
    const shares = splitHandleTime(
      spans.map((s) => ({ ticketId: s.ticket_id, start: ms(s.started_at)!, end: ms(s.last_at)! })),
    );
    for (const s of spans) {
      if (!ticketIds.includes(s.ticket_id)) continue;
      const cur = result.get(s.ticket_id) ?? { ms: 0, first: Number.POSITIVE_INFINITY };
      cur.first = Math.min(cur.first, ms(s.started_at)!);
      result.set(s.ticket_id, cur);
    }
    for (const [ticketId, seconds] of shares) {
      const cur = result.get(ticketId);
      if (cur) cur.ms += seconds * 1000;
    }
  }
  return result;
}

export async function loadSurveyFacts(
  tx: Tx,
  surveyIds: readonly string[],
): Promise<(SurveyFacts & { id: string })[]> {
  if (!surveyIds.length) return [];
  const rows = await tx
    .selectFrom('surveys as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('survey_responses as r')
        .select('r.score')
        .whereRef('r.survey_id', '=', 's.id')
        .orderBy('r.version', 'desc')
        .limit(1)
        .as('score'),
    )
    .where('s.id', 'in', surveyIds)
    .execute();
  return rows.map((s) => ({
    id: s.id,
    kind: s.kind,
    dims: dimsOf(s),
    sentAt: ms(s.sent_at),
    answeredAt: ms(s.answered_at),
    score: s.score ?? null,
  }));
}
