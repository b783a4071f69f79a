import type { Priority, TicketStatus } from '../../platform/db/schema.js';

/** The fields of a ticket a PATCH may change, as stored. */
export interface TicketFields {
  status: TicketStatus;
  priority: Priority;
  language: string | null;
  queue: string | null;
  tags: string[];
  custom_fields: Record<string, unknown>;
  vendor_id: string | null;
  site_id: string | null;
  team_id: string | null;
  agent_id: string | null;
  solved_at: string | null;
  closed_at: string | null;
}

export type FieldChange = { field: keyof TicketFields; before: unknown; after: unknown };

const CHANGEABLE = [
  'status',
  'priority',
  'language',
  'queue',
  'tags',
  'custom_fields',
  'vendor_id',
  'site_id',
  'team_id',
  'agent_id',
] as const;
type Changeable = (typeof CHANGEABLE)[number];

/** Assignments below the vendor belong to that vendor, so moving the ticket clears them. */
const VENDOR_BOUND = ['site_id', 'team_id', 'agent_id'] as const;
const DONE: TicketStatus[] = ['solved', 'closed'];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What a PATCH changes: the column values to write and one history entry per changed field. Fields
 * sent with their current value change nothing. Solving stamps solved_at, closing stamps closed_at,
 * and reopening clears both, so the SLA clock and reports see the ticket's real state.
 */
export function planTicketChange(
  current: TicketFields,
  input: Partial<Pick<TicketFields, Changeable>>,
  now: string,
): { values: Partial<TicketFields>; changes: FieldChange[] } {
  const next: Partial<Pick<TicketFields, Changeable>> = {};
  for (const field of CHANGEABLE) {
    const value = input[field];
    if (value === undefined) continue;
    const normalised = field === 'tags' ? [...(value as string[])].sort() : value;
    const before = field === 'tags' ? [...current.tags].sort() : current[field];
    if (!same(before, normalised)) Object.assign(next, { [field]: value });
  }
  if (next.vendor_id !== undefined) {
    for (const field of VENDOR_BOUND) {
      if (input[field] === undefined && current[field] !== null) next[field] = null;
    }
  }
  const changes: FieldChange[] = Object.entries(next).map(([field, after]) => ({
    field: field as Changeable,
    before: current[field as Changeable],
    after,
  }));
  const values: Partial<TicketFields> = { ...next };
  if (next.status === 'solved') {
    values.solved_at = current.solved_at ?? now;
    if (current.closed_at) values.closed_at = null;
  }
  if (next.status === 'closed') {
    values.closed_at = now;
    values.solved_at = current.solved_at ?? now;
  }
  if (next.status && !DONE.includes(next.status) && DONE.includes(current.status)) {
    values.solved_at = null;
    values.closed_at = null;
  }
  return { values, changes };
}
