/** Which vendor owns which id, and where a response shows an id the caller's vendor must not see. */

export interface Owned {
  kind: string;
  /** The owning vendor; null for brand-level objects (queues, SLA policies, brand users). */
  vendorId: string | null;
}

export type Ownership = Map<string, Owned>;

/** True when `id` belongs to a vendor other than `vendorId` (brand-level objects are not foreign). */
export function isForeign(ownership: Ownership, id: string, vendorId: string): boolean {
  const owned = ownership.get(id);
  return owned !== undefined && owned.vendorId !== null && owned.vendorId !== vendorId;
}

export interface Leak {
  /** Where in the body, e.g. `items.3.vendor_id`. */
  path: string;
  id: string;
  kind: string;
  ownerVendorId: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every foreign id in a response body, with its path; strings are searched for embedded ids too. */
export function findForeignIds(
  body: unknown,
  ownership: Ownership,
  vendorId: string,
  path: string[] = [],
): Leak[] {
  if (typeof body === 'string') {
    const leaks: Leak[] = [];
    for (const match of body.matchAll(UUID)) {
      const id = match[0].toLowerCase();
      const owned = ownership.get(id);
      if (owned && isForeign(ownership, id, vendorId)) {
        leaks.push({ path: path.join('.'), id, kind: owned.kind, ownerVendorId: owned.vendorId as string });
      }
    }
    return leaks;
  }
  if (Array.isArray(body)) {
    return body.flatMap((v, i) => findForeignIds(v, ownership, vendorId, [...path, String(i)]));
  }
  if (body && typeof body === 'object') {
    return Object.entries(body).flatMap(([k, v]) => findForeignIds(v, ownership, vendorId, [...path, k]));
  }
  return [];
}

/** A stable text of an object for before/after comparison, ignoring keys that move on every read. */
export function snapshotText(value: unknown): string {
  const volatile = new Set(['updated_at', 'last_seen_at', 'now', 'generated_at']);
  return JSON.stringify(value, (key, v) => {
    if (volatile.has(key)) return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}
