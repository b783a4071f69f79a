import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { placeHeartbeat } from './handle-time.js';
import * as repo from './repository.js';
import type { heartbeats } from './schemas.js';

const FUTURE_SLACK_MS = 60_000;
const MAX_AGE_MS = 24 * 3_600_000;

/**
 * Folds the console's heartbeats into activity spans of the signed-in agent: a beat within the idle
 * threshold of the ticket's latest span in the same state extends it, anything else starts a new
 * span. A replayed batch lands inside spans it already made and changes nothing.
 */
export async function recordHeartbeats(
  tx: Tx,
  actor: Actor,
  input: z.output<typeof heartbeats>,
  idleSeconds: number,
) {
  const now = Date.now();
  input.heartbeats.forEach((h, i) => {
    const at = Date.parse(h.at);
    if (at > now + FUTURE_SLACK_MS || at < now - MAX_AGE_MS) {
      throw new Invalid('A heartbeat is outside the accepted time', [
        {
          path: `body.heartbeats.${i}.at`,
          message: 'must be within the last 24 hours and not in the future',
        },
      ]);
    }
  });
  const ids = [...new Set(input.heartbeats.map((h) => h.ticket_id))];
  const visible = new Set((await repo.visibleTickets(tx, ids)).map((t) => t.id));
  const missing = input.heartbeats.findIndex((h) => !visible.has(h.ticket_id));
  if (missing >= 0) throw new NotFound('Ticket', input.heartbeats[missing]!.ticket_id);

  let started = 0;
  const ordered = [...input.heartbeats].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const beat of ordered) {
    const at = new Date(beat.at).toISOString();
    const latest = await repo.spanBefore(tx, actor.userId, beat.ticket_id, at);
    const placement = placeHeartbeat(
      latest && {
        state: latest.state,
        startedAt: Date.parse(latest.started_at),
        lastAt: Date.parse(latest.last_at),
      },
      { state: beat.state, at: Date.parse(at) },
      idleSeconds * 1000,
    );
    if (placement === 'extend') await repo.extendSpan(tx, latest!.id, at);
    if (placement === 'new') {
      await repo.startSpan(tx, {
        organizationId: actor.organizationId,
        vendorId: actor.vendorId,
        agentId: actor.userId,
        ticketId: beat.ticket_id,
        state: beat.state,
        at,
      });
      started += 1;
    }
  }
  // The KPI rollup re-reads these tickets' handle time (and that of tickets open beside them).
  for (const ticketId of ids)
    await emit(tx, {
      organizationId: actor.organizationId,
      vendorId: actor.vendorId,
      type: 'activity.recorded',
      subjectId: ticketId,
      payload: { ticketId },
    });
  return { accepted: input.heartbeats.length, spans_started: started };
}
