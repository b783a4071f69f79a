import type { NewRow } from '../../platform/db/schema.js';
import type { TicketRow } from './tickets.js';

/**
 * A phone ticket's call record, in the shape the CTI intake (channels/phone) leaves once every
 * event has arrived: offered, then answered and ended, or abandoned. A call still ringing or still
 * talking at `now` shows only the stages reached so far.
 */

export type CallRow = NewRow<'calls'>;

/** The brand's support line, the number every demo call was dialled to. */
export const SUPPORT_LINE = '+4570203040';

export interface CallPlan {
  ticket: TicketRow;
  callId: string;
  callerNumber: string | null;
  queue: string;
  /** the IVR option the caller chose */
  topic: string;
  offeredAt: number;
  waitSeconds: number;
  abandoned: boolean;
  agentId: string | null;
  talkSeconds: number;
  holdSeconds: number;
  wrapUpSeconds: number;
  now: number;
}

const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
const round1 = (s: number) => Math.round(s * 10) / 10;

export function callFor(p: CallPlan): CallRow {
  const base = {
    organization_id: p.ticket.organization_id,
    call_id: p.callId,
    ticket_id: p.ticket.id,
    customer_id: p.ticket.customer_id,
    direction: 'inbound' as const,
    caller_number: p.callerNumber,
    dialled_number: SUPPORT_LINE,
    ivr_path: ['support', p.topic],
    queue: p.queue,
    offered_at: iso(p.offeredAt),
    recording_url: null,
    created_at: iso(p.offeredAt),
  };
  const decided = p.offeredAt + p.waitSeconds * 1000;
  const empty = {
    agent_id: null,
    answered_at: null,
    ended_at: null,
    abandoned_at: null,
    wait_seconds: null,
    talk_seconds: null,
    hold_seconds: null,
    wrap_up_seconds: null,
  };
  if (decided > p.now || (!p.abandoned && !p.agentId))
    return { ...base, ...empty, status: 'offered', updated_at: iso(p.offeredAt) };
  if (p.abandoned)
    return {
      ...base,
      ...empty,
      status: 'abandoned',
      abandoned_at: iso(decided),
      wait_seconds: round1(p.waitSeconds),
      updated_at: iso(decided),
    };
  const ended = decided + (p.talkSeconds + p.holdSeconds) * 1000;
  const answered = {
    ...base,
    ...empty,
    agent_id: p.agentId,
    answered_at: iso(decided),
    wait_seconds: round1(p.waitSeconds),
  };
  if (ended > p.now) return { ...answered, status: 'answered', updated_at: iso(decided) };
  return {
    ...answered,
    status: 'ended',
    ended_at: iso(ended),
    talk_seconds: round1(p.talkSeconds),
    hold_seconds: round1(p.holdSeconds),
    wrap_up_seconds: round1(p.wrapUpSeconds),
    updated_at: iso(ended),
  };
}
