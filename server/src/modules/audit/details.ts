/** Field names whose values never enter the audit log: only that they changed. */
const SECRET = /password|secret|token_hash|^token$|api_key|private/i;

/**
 * Before and after of the named fields that changed, for an entry's details. Secret fields are
 * noted as changed without their values. Keys come from the request (a PATCH's own keys).
 */
export function changes(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  keys: Iterable<string>,
): Record<string, { before: unknown; after: unknown } | 'changed'> {
  const out: Record<string, { before: unknown; after: unknown } | 'changed'> = {};
  for (const key of keys) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    out[key] = SECRET.test(key) ? 'changed' : { before: b, after: a };
  }
  return out;
}

/** An object's fields for a created or deleted entry, without secrets. */
export function snapshot(row: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (!SECRET.test(key) && row[key] !== undefined) out[key] = row[key];
  return out;
}
