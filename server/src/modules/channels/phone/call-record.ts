import type { CallEvent } from '../../../platform/db/schema.js';

/**
 * How one CTI event changes a call record. Telephony systems deliver events late, twice or out of
 * order (ended before answered), so the record is rebuilt from all events received rather than
 * overwritten by the newest: each stage keeps its own timestamp, the status is the furthest stage
 * reached, and any order of the same events gives the same record.
 */

export interface CallFacts {
  caller_number: string | null;
  dialled_number: string | null;
  ivr_path: string[];
  queue: string | null;
  agent_id: string | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  hold_seconds: number | null;
  wrap_up_seconds: number | null;
  recording_url: string | null;
}

export interface CallRecord extends CallFacts {
  status: CallEvent;
  offered_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  abandoned_at: string | null;
}

export interface IncomingEvent extends Partial<CallFacts> {
  event: CallEvent;
  occurred_at: string;
}

/** Stage order: abandoned and ended both close a call; an abandoned call was never answered. */
const RANK: Record<CallEvent, number> = { offered: 0, answered: 1, ended: 2, abandoned: 3 };

const STAMP = {
  offered: 'offered_at',
  answered: 'answered_at',
  ended: 'ended_at',
  abandoned: 'abandoned_at',
} as const;

export const EMPTY_CALL: CallRecord = {
  status: 'offered',
  caller_number: null,
  dialled_number: null,
  ivr_path: [],
  queue: null,
  agent_id: null,
  wait_seconds: null,
  talk_seconds: null,
  hold_seconds: null,
  wrap_up_seconds: null,
  recording_url: null,
  offered_at: null,
  answered_at: null,
  ended_at: null,
  abandoned_at: null,
};

const FACTS = [
  'caller_number',
  'dialled_number',
  'queue',
  'agent_id',
  'wait_seconds',
  'talk_seconds',
  'hold_seconds',
  'wrap_up_seconds',
  'recording_url',
] as const;

/**
 * The call record from every event received for it. Events are applied in stage order, not arrival
 * order, and a later stage's value wins over an earlier one's (the ended event's totals are final);
 * a missing value never erases one. So the record depends only on the set of events received.
 */
export function recordOf(events: readonly IncomingEvent[]): CallRecord {
  const next: CallRecord = { ...EMPTY_CALL, ivr_path: [] };
  for (const incoming of [...events].sort((a, b) => RANK[a.event] - RANK[b.event])) {
    for (const field of FACTS) {
      const value = incoming[field];
      if (value !== undefined && value !== null) (next as unknown as Record<string, unknown>)[field] = value;
    }
    if (incoming.ivr_path?.length) next.ivr_path = [...incoming.ivr_path];
    next[STAMP[incoming.event]] = incoming.occurred_at;
    next.status = incoming.event;
  }
  return next;
}
