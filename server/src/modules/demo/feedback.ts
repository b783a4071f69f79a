import type { NewRow } from '../../platform/db/schema.js';
import type { SitePerformance } from './performance.js';
import { chance, int, logNormal, normal, type Rng, uuid } from './random.js';
import type { TicketRow } from './tickets.js';

/**
 * Surveys after a solve, in the shape the surveys module writes: CSAT on most solved tickets (in the
 * widget for chat, by email otherwise), NPS and CES on some, about a third answered. Each survey
 * carries the ticket's handling at the time it was sent, as the real sender copies it.
 */

export type SurveyRow = NewRow<'surveys'> & { id: string };
export type SurveyResponseRow = NewRow<'survey_responses'>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function surveysFor(
  ticket: TicketRow,
  recipient: string,
  solvedAt: number,
  now: number,
  performance: SitePerformance,
  rng: Rng,
): { surveys: SurveyRow[]; responses: SurveyResponseRow[] } {
  const surveys: SurveyRow[] = [];
  const responses: SurveyResponseRow[] = [];
  const chat = ticket.channel === 'chat';
  const kinds = (['csat', 'nps', 'ces'] as const).filter((kind) =>
    chance(rng, kind === 'csat' ? 0.9 : kind === 'nps' ? 0.35 : 0.3),
  );
  const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
  for (const kind of kinds) {
    const sentAt = solvedAt + (chat ? logNormal(rng, 20_000, 0.3) : logNormal(rng, 20 * MINUTE, 0.5));
    if (sentAt > now) continue;
    const answeredAt = sentAt + (chat ? logNormal(rng, 40_000, 0.5) : logNormal(rng, 3 * HOUR, 1.2));
    const answered = chance(rng, chat ? performance.responseRate * 1.5 : performance.responseRate);
    const id = uuid(rng);
    const score = scoreOf(kind, performance, rng);
    const done = answered && answeredAt <= now;
    surveys.push({
      id,
      organization_id: ticket.organization_id,
      kind,
      via: chat && kind === 'csat' ? 'chat' : 'email',
      ticket_id: ticket.id,
      customer_id: ticket.customer_id,
      recipient: chat && kind === 'csat' ? null : recipient,
      vendor_id: ticket.vendor_id ?? null,
      site_id: ticket.site_id ?? null,
      team_id: ticket.team_id ?? null,
      agent_id: ticket.agent_id ?? null,
      queue: ticket.queue ?? null,
      channel: ticket.channel ?? null,
      language: ticket.language ?? null,
      priority: ticket.priority ?? null,
      delivery_status: 'sent',
      attempts: 1,
      next_attempt_at: iso(sentAt),
      sent_at: iso(sentAt),
      answered_at: done ? iso(answeredAt) : null,
      created_at: iso(solvedAt),
    });
    if (done)
      responses.push({
        survey_id: id,
        organization_id: ticket.organization_id,
        vendor_id: ticket.vendor_id ?? null,
        version: 1,
        score,
        comment: null,
        created_at: iso(answeredAt),
      });
  }
  return { surveys, responses };
}

/** CSAT 1–5, NPS 0–10, CES 1–7 (lower is easier), drawn from the site's performance. */
function scoreOf(kind: 'csat' | 'nps' | 'ces', p: SitePerformance, rng: Rng): number {
  if (kind === 'csat') return chance(rng, p.csatGood) ? (chance(rng, 0.6) ? 5 : 4) : int(rng, 1, 3);
  if (kind === 'nps') {
    const r = rng();
    if (r < p.npsPromoters) return int(rng, 9, 10);
    if (r < p.npsPromoters + p.npsDetractors) return int(rng, 0, 6);
    return int(rng, 7, 8);
  }
  return Math.min(7, Math.max(1, Math.round(p.effort + 1.2 * normal(rng))));
}
