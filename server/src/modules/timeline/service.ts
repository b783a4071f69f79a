import type { Tx } from '../../platform/db/transaction.js';
import { Invalid } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import { getTicket } from '../tickets/index.js';
import { type Resolution, referencesOf, resolveEntry } from './names.js';
import { callOutcome, eventKey, KIND_RANK, mergePage, type Position } from './order.js';
import * as repo from './repository.js';
import type { TimelineItem } from './schemas.js';

/** The names the reader may see among the ids the entries hold, and which hidden users are brand staff. */
async function resolutionOf(tx: Tx, entries: Parameters<typeof referencesOf>[0]): Promise<Resolution> {
  const refs = referencesOf(entries);
  const names = await repo.visibleNames(tx, refs);
  const hiddenUsers = [...refs.user].filter((id) => !names.has(id));
  return { names, brandUsers: await repo.brandUsers(tx, hiddenUsers) };
}

/**
 * History entries (ticket_events rows) as the reader may see them, for the ticket history API: an id
 * of a row the reader may not see (another vendor's vendor, site, team or agent; a brand-only rule)
 * becomes the marker the timeline uses, and a hidden actor becomes null.
 */
export async function historySeenByReader<
  E extends { field: string; before: unknown; after: unknown; actor_user_id: string | null },
>(tx: Tx, entries: E[]): Promise<E[]> {
  if (entries.length === 0) return entries;
  const resolution = await resolutionOf(tx, entries);
  return entries.map((e) => {
    const seen = resolveEntry(e, resolution);
    return { ...e, before: seen.before, after: seen.after, actor_user_id: seen.actor_user_id };
  });
}

/** A ticket's messages, calls and history as one list, oldest first, in pages. */
export async function timeline(tx: Tx, ticketId: string, limit: number, cursor: string | undefined) {
  await getTicket(tx, ticketId);
  const from = positionOf(cursor);
  const [messages, calls, events] = await Promise.all([
    repo.messages(tx, ticketId, limit, from),
    repo.calls(tx, ticketId, limit, from),
    repo.events(tx, ticketId, limit, from),
  ]);
  const resolution = await resolutionOf(tx, events);
  const page = mergePage<{ position: Position; item: TimelineItem }>(
    [
      messages.map((m) => ({
        position: { at: m.at, rank: KIND_RANK.message, key: m.id },
        item: messageOut(m),
      })),
      calls.map((c) => ({ position: { at: c.at, rank: KIND_RANK.call, key: c.id }, item: callOut(c) })),
      events.map((e) => ({
        position: { at: e.at, rank: KIND_RANK.event, key: eventKey(e.id) },
        item: eventOut(resolveEntry(e, resolution)),
      })),
    ],
    limit,
  );
  const last = page.items[page.items.length - 1];
  return {
    items: page.items.map((entry) => entry.item),
    nextCursor:
      page.more && last
        ? encodeCursor({ value: last.position.at, id: `${last.position.rank}|${last.position.key}` })
        : null,
  };
}

function positionOf(cursor: string | undefined): Position | undefined {
  const decoded = decodeCursor(cursor);
  if (!decoded) return undefined;
  const match = /^([0-2])\|([0-9a-f-]{1,36})$/.exec(decoded.id);
  if (!match || typeof decoded.value !== 'string' || Number.isNaN(Date.parse(decoded.value))) {
    throw new Invalid('The cursor is not one this API issued', [
      { path: 'query.cursor', message: 'malformed cursor' },
    ]);
  }
  return { at: decoded.value, rank: Number(match[1]), key: match[2]! };
}

const seconds = (v: string | null) => (v === null ? null : Number(v));

function messageOut(m: Awaited<ReturnType<typeof repo.messages>>[number]): TimelineItem {
  return {
    kind: 'message',
    id: m.id,
    at: m.at,
    visibility: m.visibility,
    author_kind: m.author_kind,
    author_user_id: m.author_user_id,
    author_customer_id: m.author_customer_id,
    author_name: m.author_name,
    channel: m.channel as 'email',
    text: m.body_text,
    html: m.body_html,
    attachments: m.attachments.map((a) => ({
      ...(typeof a.id === 'string' ? { id: a.id } : {}),
      name: String(a.name ?? ''),
      contentType: String(a.contentType ?? 'application/octet-stream'),
      size: Number(a.size ?? 0),
      ...(typeof a.url === 'string' ? { url: a.url } : {}),
    })),
    delivery_status: m.delivery_status,
    delivery_error: m.delivery_error,
  };
}

function callOut(c: Awaited<ReturnType<typeof repo.calls>>[number]): TimelineItem {
  const talk = seconds(c.talk_seconds);
  const measured =
    c.answered_at && c.ended_at ? (Date.parse(c.ended_at) - Date.parse(c.answered_at)) / 1000 : null;
  return {
    kind: 'call',
    id: c.id,
    at: c.at,
    call_id: c.call_id,
    direction: c.direction,
    from: c.caller_number,
    to: c.dialled_number,
    queue: c.queue,
    agent_id: c.agent_id,
    agent_name: c.agent_name,
    started_at: c.offered_at,
    answered_at: c.answered_at,
    ended_at: c.ended_at,
    duration_seconds: talk ?? measured,
    wait_seconds: seconds(c.wait_seconds),
    hold_seconds: seconds(c.hold_seconds),
    outcome: callOutcome(c.status, c.answered_at),
    recording_url: c.recording_url,
  };
}

function eventOut(
  e: ReturnType<typeof resolveEntry<Awaited<ReturnType<typeof repo.events>>[number]>>,
): TimelineItem {
  return {
    kind: 'event',
    id: e.id,
    at: e.at,
    field: e.field,
    before: e.before,
    after: e.after,
    actor_kind: e.actor_kind,
    actor_user_id: e.actor_user_id,
    actor_name: e.actor_user_id === null ? null : e.actor_name,
    actor_hidden: e.actor_hidden,
    names: e.names,
  };
}
