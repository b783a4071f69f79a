import type { TimelineItem } from './queries';

/**
 * One history entry as a plain sentence: who did it, what changed, from what to what, by name. The
 * server answers each id the reader may see with its name (in `names`) and replaces any other with a
 * marker ("another_vendor", "brand", "hidden"); this turns both into words and never prints raw JSON.
 */
export type HistoryEntry = Extract<TimelineItem, { kind: 'event' }>;

type Kind = 'vendor' | 'site' | 'team' | 'user' | 'customer' | 'queue' | 'rule';
const KEY_KINDS: Record<string, Kind> = {
  vendor_id: 'vendor',
  site_id: 'site',
  team_id: 'team',
  agent_id: 'user',
  customer_id: 'customer',
  queue_id: 'queue',
  rule_id: 'rule',
};

const HIDDEN: Record<Kind, Record<string, string>> = {
  vendor: { another_vendor: 'another vendor' },
  site: { another_vendor: 'a site of another vendor' },
  team: { another_vendor: 'a team of another vendor' },
  user: { another_vendor: 'an agent of another vendor', brand: 'someone at the brand' },
  customer: { hidden: 'another customer' },
  queue: {},
  rule: { brand: 'a routing rule' },
};
const UNKNOWN: Record<Kind, string> = {
  vendor: 'an unknown vendor',
  site: 'an unknown site',
  team: 'an unknown team',
  user: 'an unknown agent',
  customer: 'an unknown customer',
  queue: 'an unknown queue',
  rule: 'an unknown rule',
};

const WORDS: Record<string, string> = {
  on_hold: 'on hold',
  first_response_at: 'the first response',
  custom_fields: 'the custom fields',
};

/** A stored code (status, priority, channel, field name) in words: "on_hold" reads "on hold". */
export const words = (code: string) => WORDS[code] ?? code.replace(/_id$/, '').replace(/_/g, ' ');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function historySentence(entry: HistoryEntry): string {
  return `${who(entry)} ${what(entry)}`;
}

/** Who did it: the user's name, "Tandem" for the system, "The customer". */
export function who(entry: HistoryEntry): string {
  if (entry.actor_kind === 'system') return 'Tandem';
  if (entry.actor_kind === 'customer') return 'The customer';
  if (entry.actor_name) return entry.actor_name;
  if (entry.actor_hidden === 'brand') return 'Someone at the brand';
  if (entry.actor_hidden === 'another_vendor') return 'An agent of another vendor';
  return 'Someone';
}

function what(entry: HistoryEntry): string {
  const { field, before, after } = entry;
  const name = (kind: Kind, value: unknown) => nameOf(entry, kind, value);
  switch (field) {
    case 'created':
      return isRecord(after) && text(after.channel)
        ? `created the ticket by ${words(String(after.channel))}`
        : 'created the ticket';
    case 'status':
    case 'priority':
    case 'channel':
      return change(`the ${field}`, code(before), code(after));
    case 'language':
      return change(
        'the language',
        text(before) && languageName(String(before)),
        text(after) && languageName(String(after)),
      );
    case 'queue':
      return queueChange(entry);
    case 'tags':
      return tagChange(before, after);
    case 'custom_fields':
      return customFieldChange(entry);
    case 'vendor_id':
      return move(name('vendor', before), name('vendor', after));
    case 'site_id':
      return move(titled(entry, 'site', before), titled(entry, 'site', after));
    case 'team_id':
      return move(titled(entry, 'team', before), titled(entry, 'team', after));
    case 'agent_id': {
      const from = name('user', before);
      const to = name('user', after);
      if (!to) return from ? `unassigned ${from}` : 'unassigned the ticket';
      return from ? `reassigned the ticket from ${from} to ${to}` : `assigned the ticket to ${to}`;
    }
    case 'customer_id':
      return change('the customer', name('customer', before), name('customer', after));
    case 'first_response_at':
      return 'sent the first response';
    case 'assignment':
      return assignment(entry);
    case 'transfer': {
      const reason = isRecord(after) && text(after.reason) ? `: “${after.reason}”` : '';
      return `transferred the ticket from ${holder(entry, before)} to ${holder(entry, after)}${reason}`;
    }
    case 'requeued': {
      const reason = isRecord(after) && text(after.reason) ? ` (${after.reason})` : '';
      return `re-queued the ticket${reason}, taking it from ${holder(entry, before)}`;
    }
    case 'routing_overflow': {
      const queue = isRecord(after) ? name('queue', after.queue_id) : null;
      return `let other vendors and sites take the ticket${queue ? ` in queue ${queue}` : ''} (overflow)`;
    }
    default:
      if (field.endsWith('_at')) return after ? `recorded ${words(field)}` : `cleared ${words(field)}`;
      return change(words(field), describe(entry, before), describe(entry, after));
  }
}

const code = (v: unknown) => (text(v) ? words(String(v)) : null);

function change(subject: string, from: string | null, to: string | null): string {
  if (from && to) return `changed ${subject} from ${from} to ${to}`;
  if (to) return `set ${subject} to ${to}`;
  if (from) return `cleared ${subject} (was ${from})`;
  return `changed ${subject}`;
}

function move(from: string | null, to: string | null): string {
  if (from && to) return `moved the ticket from ${from} to ${to}`;
  if (to) return `moved the ticket to ${to}`;
  if (from) return `removed the ticket from ${from}`;
  return 'moved the ticket';
}

/** "site Manila North" for a named one; "a site of another vendor" as it is for a hidden one. */
function titled(entry: HistoryEntry, kind: 'site' | 'team', value: unknown): string | null {
  const name = nameOf(entry, kind, value);
  return name && typeof value === 'string' && entry.names[value] !== undefined ? `${kind} ${name}` : name;
}

/** The name of an id the entry holds, the words for a hidden one, or null for none. */
export function nameOf(entry: HistoryEntry, kind: Kind, value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const hidden = HIDDEN[kind][value];
  if (hidden) return hidden;
  return entry.names[value] ?? UNKNOWN[kind];
}

function queueOf(entry: HistoryEntry, value: unknown): string | null {
  if (isRecord(value)) return describe(entry, value.queue) ?? nameOf(entry, 'queue', value.queue_id);
  return typeof value === 'string' ? describe(entry, value) : null;
}

function queueChange(entry: HistoryEntry): string {
  const from = queueOf(entry, entry.before);
  const to = queueOf(entry, entry.after);
  if (isRecord(entry.after)) {
    // A routing decision: {queue, queue_id, rule_id}.
    const rule = nameOf(entry, 'rule', entry.after.rule_id);
    const by = !rule ? '' : entry.after.rule_id === 'brand' ? ' (by a routing rule)' : ` (rule “${rule}”)`;
    return `routed the ticket ${from ? `from queue ${from} ` : ''}to queue ${to ?? 'none'}${by}`;
  }
  if (from && to) return `moved the ticket from queue ${from} to queue ${to}`;
  if (to) return `put the ticket in queue ${to}`;
  if (from) return `took the ticket out of queue ${from}`;
  return 'changed the queue';
}

function tagChange(before: unknown, after: unknown): string {
  const old = Array.isArray(before) ? before.map(String) : [];
  const now = Array.isArray(after) ? after.map(String) : [];
  const added = now.filter((t) => !old.includes(t));
  const removed = old.filter((t) => !now.includes(t));
  const parts = [
    ...(added.length ? [`added ${added.length === 1 ? 'tag' : 'tags'} ${list(added)}`] : []),
    ...(removed.length ? [`removed ${removed.length === 1 ? 'tag' : 'tags'} ${list(removed)}`] : []),
  ];
  return parts.length ? list(parts) : 'changed the tags';
}

function customFieldChange(entry: HistoryEntry): string {
  const old = isRecord(entry.before) ? entry.before : {};
  const now = isRecord(entry.after) ? entry.after : {};
  const parts: string[] = [];
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    const from = describe(entry, old[key]);
    const to = describe(entry, now[key]);
    if (from === to) continue;
    parts.push(change(key, from, to));
  }
  return parts.length ? list(parts) : 'changed the custom fields';
}

/** Who holds the ticket in an assignment snapshot: the agent, else the team, vendor or queue. */
function holder(entry: HistoryEntry, value: unknown): string {
  if (!isRecord(value)) return 'nobody';
  const vendor = nameOf(entry, 'vendor', value.vendor_id);
  const at = vendor && value.vendor_id !== 'another_vendor' ? ` (${vendor})` : '';
  const agent = nameOf(entry, 'user', value.agent_id);
  if (agent) return `${agent}${value.agent_id === 'another_vendor' ? '' : at}`;
  const team = nameOf(entry, 'team', value.team_id);
  if (team) return `team ${team}${value.team_id === 'another_vendor' ? '' : at}`;
  if (vendor) return vendor;
  const queue = text(value.queue);
  return queue ? `queue ${queue}` : 'nobody';
}

function assignment(entry: HistoryEntry): string {
  const after = isRecord(entry.after) ? entry.after : {};
  const queue = text(after.queue);
  const via = text(after.via);
  return `assigned the ticket to ${holder(entry, after)}${queue ? ` from queue ${queue}` : ''}${via ? ` (${via})` : ''}`;
}

/** Any value in words: ids by name, lists joined, objects as "key: value" pairs — never JSON. */
export function describe(entry: HistoryEntry, value: unknown, key?: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const kind = key ? KEY_KINDS[key] : undefined;
  if (kind) return nameOf(entry, kind, value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && UUID.test(value)) return entry.names[value] ?? 'an unknown record';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => describe(entry, v)).filter((v): v is string => v !== null);
    return items.length ? list(items) : null;
  }
  if (isRecord(value)) {
    const pairs = Object.entries(value)
      .map(([k, v]) => [k, describe(entry, v, k)] as const)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${words(k)}: ${v}`);
    return pairs.length ? pairs.join(', ') : null;
  }
  return String(value);
}
