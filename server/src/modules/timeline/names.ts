/**
 * The names a history entry's ids stand for, and what a reader may see of them. An entry stores ids
 * (agent_id, site_id, a routing decision's {queue_id, rule_id} …); the timeline answers them as names,
 * and an id the reader may not see (another vendor's agent, site or team, a brand user or a brand-only
 * routing rule for a vendor's reader) is replaced by a marker saying whose it is, never its id or name.
 */

export const REFERENCE_KINDS = {
  vendor_id: 'vendor',
  site_id: 'site',
  team_id: 'team',
  agent_id: 'user',
  customer_id: 'customer',
  queue_id: 'queue',
  rule_id: 'rule',
} as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[keyof typeof REFERENCE_KINDS];

/** What stands in for an id the reader may not see: whose it is, as far as the reader may know. */
export const HIDDEN_MARKERS = ['another_vendor', 'brand', 'hidden'] as const;
export type HiddenMarker = (typeof HIDDEN_MARKERS)[number];

export type References = Record<ReferenceKind, Set<string>>;

/** Names the reader may see (by id), and the markers for ids the reader may not see. */
export interface Resolution {
  names: ReadonlyMap<string, string>;
  /** Ids of users without a vendor (brand staff); hidden users not in it belong to another vendor. */
  brandUsers: ReadonlySet<string>;
}

interface Entry {
  field: string;
  before: unknown;
  after: unknown;
  actor_user_id: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyReferences = (): References => ({
  vendor: new Set(),
  site: new Set(),
  team: new Set(),
  user: new Set(),
  customer: new Set(),
  queue: new Set(),
  rule: new Set(),
});

const kindOf = (key: string): ReferenceKind | undefined =>
  Object.hasOwn(REFERENCE_KINDS, key) ? REFERENCE_KINDS[key as keyof typeof REFERENCE_KINDS] : undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Calls visit for every id a value holds: the value itself for an id field, else its id-named keys. */
function eachReference(field: string, value: unknown, visit: (kind: ReferenceKind, id: string) => void) {
  const own = kindOf(field);
  if (own) {
    if (typeof value === 'string') visit(own, value);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const kind = kindOf(key);
    if (kind && typeof inner === 'string') visit(kind, inner);
  }
}

/** Every id the entries mention, by kind, actors included. */
export function referencesOf(entries: readonly Entry[]): References {
  const refs = emptyReferences();
  for (const e of entries) {
    if (e.actor_user_id) refs.user.add(e.actor_user_id);
    for (const value of [e.before, e.after])
      eachReference(e.field, value, (kind, id) => {
        if (UUID.test(id)) refs[kind].add(id);
      });
  }
  return refs;
}

function marker(kind: ReferenceKind, id: string, resolution: Resolution): HiddenMarker {
  if (kind === 'user') return resolution.brandUsers.has(id) ? 'brand' : 'another_vendor';
  if (kind === 'vendor' || kind === 'site' || kind === 'team') return 'another_vendor';
  if (kind === 'rule') return 'brand';
  return 'hidden';
}

/**
 * One entry as the reader may see it: each id it holds is kept with its name when the reader may see
 * it, or replaced by a marker when not; the actor likewise.
 */
export function resolveEntry<E extends Entry>(
  entry: E,
  resolution: Resolution,
): Omit<E, 'before' | 'after' | 'actor_user_id'> & {
  before: unknown;
  after: unknown;
  actor_user_id: string | null;
  actor_hidden: 'brand' | 'another_vendor' | null;
  names: Record<string, string>;
} {
  const names: Record<string, string> = {};
  const swap = (kind: ReferenceKind, id: string): string => {
    const name = resolution.names.get(id);
    if (name === undefined) return marker(kind, id, resolution);
    names[id] = name;
    return id;
  };
  const redact = (value: unknown): unknown => {
    const own = kindOf(entry.field);
    if (own) return typeof value === 'string' ? swap(own, value) : value;
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        const kind = kindOf(key);
        return [key, kind && typeof inner === 'string' ? swap(kind, inner) : inner];
      }),
    );
  };
  const actor = entry.actor_user_id;
  const actorVisible = actor !== null && resolution.names.has(actor);
  return {
    ...entry,
    before: redact(entry.before),
    after: redact(entry.after),
    actor_user_id: actorVisible ? actor : null,
    actor_hidden:
      actor === null || actorVisible ? null : resolution.brandUsers.has(actor) ? 'brand' : 'another_vendor',
    names,
  };
}
