import type {
  Channel,
  Priority,
  SlaPolicyConditions,
  SlaPolicyTarget,
  TicketStatus,
} from '../../platform/db/schema.js';
import { SLA_METRICS, type SlaMetric, type Targets } from './timers.js';

/** Policy choice and the ticket state it is chosen on: pure, so the order rule is table-testable. */

export interface PolicyView {
  id: string;
  position: number;
  conditions: SlaPolicyConditions;
  targets: SlaPolicyTarget[];
  warn_percent: number | null;
}

/** The ticket fields policies match on, at one moment of its history. */
export interface TicketState {
  status: TicketStatus;
  priority: Priority;
  channel: Channel;
  queue: string | null;
  tags: string[];
  vendor_id: string | null;
  tier: string;
}

const listMatches = <T>(list: readonly T[] | undefined, value: T | null) =>
  !list?.length || (value !== null && list.includes(value));

export function matches(conditions: SlaPolicyConditions, t: TicketState): boolean {
  return (
    listMatches(conditions.priorities, t.priority) &&
    listMatches(conditions.channels, t.channel) &&
    listMatches(conditions.queues, t.queue) &&
    listMatches(conditions.tiers, t.tier) &&
    listMatches(conditions.vendor_ids, t.vendor_id) &&
    (!conditions.tags?.length || conditions.tags.some((tag) => t.tags.includes(tag)))
  );
}

/** The first policy, in order, whose conditions match; policies must come sorted by position. */
export function choosePolicy<P extends PolicyView>(policies: readonly P[], t: TicketState): P | null {
  return policies.find((p) => matches(p.conditions, t)) ?? null;
}

/** A policy's targets for one priority. */
export function targetsFor(policy: PolicyView | null, priority: Priority): Targets {
  const targets: Targets = {};
  if (!policy) return targets;
  for (const t of policy.targets) {
    if (t.priority === priority && (SLA_METRICS as readonly string[]).includes(t.metric)) {
      targets[t.metric as SlaMetric] = { minutes: t.minutes, business: t.business };
    }
  }
  return targets;
}
