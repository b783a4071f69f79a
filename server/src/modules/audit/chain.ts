import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain, without I/O. Each entry's hash is SHA-256 over the previous entry's
 * hash and the entry's canonical serialisation, so changing, removing, reordering or inserting any
 * stored entry breaks the chain at that entry's seq. See docs/audit.md.
 */

/** The prev_hash of an organization's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: everything stored except its id and its own hash. */
export interface ChainEntry {
  organization_id: string;
  seq: number;
  /** An ISO 8601 timestamp; normalised to milliseconds UTC before hashing. */
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string;
  vendor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  details: unknown;
}

export interface StoredEntry extends ChainEntry {
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth; undefined object members are dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${members.join(',')}}`;
}

/** The entry as hashed: fixed key order, ISO timestamp in UTC, explicit nulls. */
export function canonicalEntry(entry: ChainEntry): string {
  return canonicalJson({
    organization_id: entry.organization_id,
    seq: entry.seq,
    occurred_at: new Date(entry.occurred_at).toISOString(),
    actor_user_id: entry.actor_user_id ?? null,
    actor_label: entry.actor_label,
    vendor_id: entry.vendor_id ?? null,
    action: entry.action,
    object_type: entry.object_type,
    object_id: entry.object_id ?? null,
    details: entry.details ?? null,
  });
}

export function hashEntry(prevHash: string, entry: ChainEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(entry)).digest('hex');
}

/** Where a verified stretch of chain ends: the next entry must have seq + 1 and link to hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

export type BreakReason = 'seq' | 'prev_hash' | 'hash';
export type ChainVerdict =
  | { ok: true; head: ChainHead; count: number }
  | { ok: false; seq: number; reason: BreakReason; message: string; count: number };

/**
 * Walks entries in stored order from `from` (the head of the stretch verified before, for paging)
 * and returns the first broken link: the seq where the chain should continue and why it does not.
 * A missing or reordered entry shows as a seq other than the expected one; an edited entry as a
 * hash that no longer matches its fields; a relinked one as a prev_hash other than the last hash.
 */
export function verifyChain(entries: Iterable<StoredEntry>, from: ChainHead = EMPTY_HEAD): ChainVerdict {
  let head = from;
  let count = 0;
  for (const e of entries) {
    const expected = head.seq + 1;
    if (e.seq !== expected)
      return {
        ok: false,
        seq: expected,
        reason: 'seq',
        message: `expected seq ${expected}, found ${e.seq} (an entry is missing or out of order)`,
        count,
      };
    if (e.prev_hash !== head.hash)
      return {
        ok: false,
        seq: e.seq,
        reason: 'prev_hash',
        message: `prev_hash ${e.prev_hash} is not the hash of seq ${head.seq} (${head.hash})`,
        count,
      };
    const actual = hashEntry(e.prev_hash, e);
    if (actual !== e.hash)
      return {
        ok: false,
        seq: e.seq,
        reason: 'hash',
        message: `stored hash ${e.hash} does not match the entry's fields (${actual}): the entry was changed`,
        count,
      };
    head = { seq: e.seq, hash: e.hash };
    count++;
  }
  return { ok: true, head, count };
}

/** Links entries into a chain after `from`: their seq, prev_hash and hash. */
export function link(entries: Omit<ChainEntry, 'seq'>[], from: ChainHead = EMPTY_HEAD): StoredEntry[] {
  let head = from;
  return entries.map((e) => {
    const entry = { ...e, seq: head.seq + 1 };
    const hash = hashEntry(head.hash, entry);
    const stored = { ...entry, prev_hash: head.hash, hash };
    head = { seq: entry.seq, hash };
    return stored;
  });
}
