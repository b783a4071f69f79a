import { logNormal, type Rng } from './random.js';
import type { Roster } from './roster.js';
import type { ActivitySpanRow, MessageRow } from './tickets.js';

const MINUTE = 60_000;

/**
 * The console's attention around each public agent reply: reading the ticket (focused), then
 * writing (composing) up to the moment the reply is sent; on chat, the live conversation after it.
 */
export function attentionSpans(
  messages: readonly MessageRow[],
  roster: Roster,
  now: number,
  live: boolean,
  rng: Rng,
): ActivitySpanRow[] {
  const spans: ActivitySpanRow[] = [];
  const opened = Date.parse(messages[0]!.created_at!);
  let previous = opened;
  for (const m of messages) {
    if (m.author_kind !== 'agent' || m.visibility !== 'public' || !m.author_user_id) continue;
    const at = Date.parse(m.created_at!);
    if (at > now) continue;
    const agent = roster.agents.find((a) => a.id === m.author_user_id)!;
    const composing = (live ? logNormal(rng, 15, 0.5) : logNormal(rng, 150, 0.5)) * 1000;
    const reading = live ? 0 : logNormal(rng, 70, 0.6) * 1000;
    const writeFrom = Math.max(previous, at - composing);
    const readFrom = Math.max(previous, writeFrom - reading);
    const span = (state: 'focused' | 'composing', from: number, to: number) => {
      if (to > from)
        spans.push({
          organization_id: m.organization_id,
          vendor_id: agent.vendorId,
          agent_id: agent.id,
          ticket_id: m.ticket_id,
          state,
          started_at: new Date(Math.floor(from)).toISOString(),
          last_at: new Date(Math.floor(to)).toISOString(),
        });
    };
    span('focused', readFrom, writeFrom);
    span('composing', writeFrom, at);
    previous = at;
    if (live) {
      const until = Math.min(now, at + logNormal(rng, 6 * MINUTE, 0.5));
      span('focused', at, until);
      previous = until;
    }
  }
  return spans;
}
