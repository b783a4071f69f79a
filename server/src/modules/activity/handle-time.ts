/**
 * Handle time from the console's activity, as pure functions. An activity span is one agent's
 * unbroken attention to one ticket (focused, composing or on a call), built from heartbeats that
 * are never more than the idle threshold apart: a longer gap ends the span, so idle time never
 * counts. When an agent has several tickets active at once, each instant is split equally between
 * them, so an agent's handle time over all tickets equals the time they were active at all.
 */
export interface ActivitySpan {
  ticketId: string;
  /** epoch ms */
  start: number;
  end: number;
}

/** Seconds of handle time per ticket for one agent's spans (any order, may overlap). */
export function splitHandleTime(spans: readonly ActivitySpan[]): Map<string, number> {
  const points: { at: number; ticketId: string; delta: 1 | -1 }[] = [];
  for (const s of spans) {
    if (!(s.end > s.start)) continue;
    points.push(
      { at: s.start, ticketId: s.ticketId, delta: 1 },
      { at: s.end, ticketId: s.ticketId, delta: -1 },
    );
  }
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  // A ticket may have overlapping spans of its own (two tabs): it is active while any is open.
  const open = new Map<string, number>();
  const result = new Map<string, number>();
  let previous = points[0]?.at ?? 0;
  for (const p of points) {
    if (p.at > previous && open.size > 0) {
      const share = (p.at - previous) / 1000 / open.size;
      for (const id of open.keys()) result.set(id, (result.get(id) ?? 0) + share);
    }
    previous = p.at;
    const n = (open.get(p.ticketId) ?? 0) + p.delta;
    if (n > 0) open.set(p.ticketId, n);
    else open.delete(p.ticketId);
  }
  return result;
}

/** Seconds during which the agent was active on anything: the union of the spans. */
export function activeSeconds(spans: readonly ActivitySpan[]): number {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const s of sorted) {
    if (Number.isNaN(curEnd) || s.start > curEnd) {
      if (!Number.isNaN(curEnd)) total += curEnd - curStart;
      curStart = s.start;
      curEnd = s.end;
    } else curEnd = Math.max(curEnd, s.end);
  }
  if (!Number.isNaN(curEnd)) total += curEnd - curStart;
  return total / 1000;
}

/** The reference's voice handle time: talk + hold + after-call work (wrap-up). */
export function callHandleSeconds(call: {
  talk_seconds: number | string | null;
  hold_seconds: number | string | null;
  wrap_up_seconds: number | string | null;
}): number {
  return Number(call.talk_seconds ?? 0) + Number(call.hold_seconds ?? 0) + Number(call.wrap_up_seconds ?? 0);
}

export type HeartbeatState = 'focused' | 'composing' | 'on_call';

/**
 * What a heartbeat does to the agent's latest span on the ticket: extend it (same state, within
 * the idle threshold), or start a new one. Pure, so the storage rule is tested without a database.
 */
export function placeHeartbeat(
  latest: { state: HeartbeatState; startedAt: number; lastAt: number } | undefined,
  beat: { state: HeartbeatState; at: number },
  idleMs: number,
): 'extend' | 'inside' | 'new' {
  if (!latest) return 'new';
  if (beat.at >= latest.startedAt && beat.at <= latest.lastAt) return 'inside';
  if (beat.at > latest.lastAt && beat.at - latest.lastAt <= idleMs) {
    return beat.state === latest.state ? 'extend' : 'new';
  }
  return 'new';
}
