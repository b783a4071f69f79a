/**
 * One order for a ticket's messages, calls and history, so a page boundary falls in the same place
 * whichever source an item came from: by time (milliseconds), then messages before calls before
 * events, then by key (uuid text, or a zero-padded history id) in code-unit order — the order of
 * PostgreSQL's "C" collation, which the queries use.
 */

export const KIND_RANK = { message: 0, call: 1, event: 2 } as const;
export type Kind = keyof typeof KIND_RANK;

export interface Position {
  at: string;
  rank: number;
  key: string;
}

export function comparePositions(a: Position, b: Position): number {
  const at = Date.parse(a.at) - Date.parse(b.at);
  if (at !== 0) return at;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The first `limit` of several lists, each already in order and each fetched with one extra row. */
export function mergePage<T extends { position: Position }>(lists: T[][], limit: number) {
  const all = lists.flat().sort((a, b) => comparePositions(a.position, b.position));
  const items = all.slice(0, limit);
  return { items, more: all.length > limit };
}

export function eventKey(id: number | string): string {
  return String(id).padStart(20, '0');
}

export type CallOutcome = 'ringing' | 'in_progress' | 'answered' | 'missed' | 'abandoned';

/** What became of a call, from its status and whether anyone answered. */
export function callOutcome(status: string, answeredAt: string | null): CallOutcome {
  if (status === 'abandoned') return 'abandoned';
  if (status === 'offered') return 'ringing';
  if (status === 'answered') return 'in_progress';
  return answeredAt ? 'answered' : 'missed';
}
