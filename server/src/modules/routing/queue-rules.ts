import type { Channel, RuleConditions } from '../../platform/db/schema.js';

/** What the rules look at, gathered from the ticket, its customer and the address it was sent to. */
export interface TicketFacts {
  channel: Channel;
  language: string | null;
  tags: readonly string[];
  tier: string | null;
  segment: string | null;
  customFields: Record<string, unknown>;
  supportAddress: string | null;
  dataRegion: string | null;
}

export interface QueueRule {
  id: string;
  position: number;
  queueId: string;
  active: boolean;
  conditions: RuleConditions;
}

const lower = (v: string) => v.toLowerCase();

function oneOf(list: readonly string[] | undefined, value: string | null): boolean {
  if (!list || list.length === 0) return true;
  return value !== null && list.map(lower).includes(lower(value));
}

/** Whether every condition the rule states holds; an absent or empty condition matches anything. */
export function ruleMatches(conditions: RuleConditions, t: TicketFacts): boolean {
  if (!oneOf(conditions.channels, t.channel)) return false;
  // A language condition matches on the primary subtag too: 'pt' matches 'pt-BR'.
  if (conditions.languages?.length) {
    const language = t.language ? lower(t.language) : null;
    const primary = language?.split('-')[0] ?? null;
    const wanted = conditions.languages.map(lower);
    if (!language || !(wanted.includes(language) || (primary !== null && wanted.includes(primary))))
      return false;
  }
  if (conditions.tags_any?.length) {
    const tags = new Set(t.tags.map(lower));
    if (!conditions.tags_any.some((tag) => tags.has(lower(tag)))) return false;
  }
  if (!oneOf(conditions.tiers, t.tier)) return false;
  if (!oneOf(conditions.segments, t.segment)) return false;
  if (!oneOf(conditions.support_addresses, t.supportAddress)) return false;
  if (!oneOf(conditions.data_regions, t.dataRegion)) return false;
  for (const [key, expected] of Object.entries(conditions.custom_fields ?? {})) {
    if (t.customFields[key] !== expected) return false;
  }
  return true;
}

/** The queue of the first active rule (by position, then id) that matches; null when none does. */
export function matchQueue(
  rules: readonly QueueRule[],
  t: TicketFacts,
): { queueId: string; ruleId: string } | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    if (rule.active && ruleMatches(rule.conditions, t)) return { queueId: rule.queueId, ruleId: rule.id };
  }
  return null;
}
