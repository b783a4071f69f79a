import { type RawBuilder, sql } from 'kysely';

/**
 * What one customer's erasure reaches (docs/privacy.md#export-and-erasure). The privacy module builds
 * it; each module that owns a table erases its own rows within it, in the erasure's one transaction.
 */
export interface ErasureScope {
  organizationId: string;
  /** The customer and every customer merged into it. */
  customerIds: string[];
  ticketIds: string[];
  messageIds: string[];
  /**
   * A case-insensitive regular expression (PostgreSQL ARE) matching the customer's own strings —
   * emails, phone numbers, external ids, names, ticket subjects — as written and as escaped in JSON,
   * or null when there is none. Used to scrub copies of them in free text and JSON.
   */
  pattern: string | null;
}

/** What an erased value reads as. */
export const ERASED = '[erased]';

function escapeRegex(value: string) {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The scope's pattern for some values. Values shorter than four characters are left out: scrubbing
 * "Al" everywhere would eat unrelated words, and such a value identifies no one on its own.
 */
export function patternOf(values: Iterable<string>): string | null {
  const forms = new Set<string>();
  for (const raw of values) {
    const value = raw.trim();
    if (value.length < 4) continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  if (!forms.size) return null;
  // Longest first, so a full name is replaced before the first name inside it.
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
}

/** A text column with every match of the pattern replaced. */
export function scrubText(column: string, pattern: string): RawBuilder<string> {
  return sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}, ${ERASED}, 'gi')`;
}

/** A JSON column with every match replaced inside its strings (the replacement holds no quote). */
export function scrubJson(column: string, pattern: string): RawBuilder<string> {
  return sql<string>`regexp_replace(${sql.ref(column)}::text, ${pattern}, ${ERASED}, 'gi')::jsonb`;
}

/** Whether a column (any type, read as text) mentions the pattern. */
export function mentions(column: string, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)}::text ~* ${pattern}`;
}

/** Rows an UPDATE or DELETE touched. */
export function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}
