/**
 * Vendor allocation: a largest-deficit (smooth weighted round-robin) allocator. Every contact adds
 * each eligible vendor's target share (renormalised over the eligible vendors) to its deficit; the
 * vendor with the largest deficit gets the contact and pays 1. Deterministic: ties go to the larger
 * share, then the smaller vendor id. See docs/decisions/0005-routing.md for the ±2 pp argument.
 */
export interface VendorShare {
  vendorId: string;
  /** Target share in percent (0–100); 0 means the allocator never picks the vendor. */
  share: number;
  /** Target minus actual, in contacts; persisted between decisions. */
  deficit: number;
}

export interface Allocation {
  /** The vendor that gets the contact; null when no vendor with a share is eligible. */
  vendorId: string | null;
  /** New deficits of the vendors that took part (eligible ones); others keep theirs. */
  deficits: Map<string, number>;
}

export function allocate(shares: readonly VendorShare[], eligible: ReadonlySet<string>): Allocation {
  const taking = shares.filter((s) => s.share > 0 && eligible.has(s.vendorId));
  const total = taking.reduce((sum, s) => sum + s.share, 0);
  const deficits = new Map<string, number>();
  if (total <= 0) return { vendorId: null, deficits };
  let best: VendorShare | null = null;
  let bestDeficit = Number.NEGATIVE_INFINITY;
  for (const s of taking) {
    const d = s.deficit + s.share / total;
    deficits.set(s.vendorId, d);
    if (
      d > bestDeficit + 1e-12 ||
      (Math.abs(d - bestDeficit) <= 1e-12 &&
        best !== null &&
        (s.share > best.share || (s.share === best.share && s.vendorId < best.vendorId)))
    ) {
      best = s;
      bestDeficit = d;
    }
  }
  if (!best) return { vendorId: null, deficits };
  deficits.set(best.vendorId, bestDeficit - 1);
  return { vendorId: best.vendorId, deficits };
}

/** Target share of each eligible vendor, renormalised over the eligible ones (fractions of 1). */
export function effectiveShares(
  shares: readonly VendorShare[],
  eligible: ReadonlySet<string>,
): Map<string, number> {
  const taking = shares.filter((s) => s.share > 0 && eligible.has(s.vendorId));
  const total = taking.reduce((sum, s) => sum + s.share, 0);
  return new Map(taking.map((s) => [s.vendorId, total > 0 ? s.share / total : 0]));
}
