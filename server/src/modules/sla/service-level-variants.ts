/**
 * Service level ("answered within a threshold T") in the five variants of the KPI reference. Pure:
 * the attainment report counts contacts into these buckets and this turns them into percentages, so
 * the arithmetic a credit note rests on is one small function with a table test.
 */

export const SERVICE_LEVEL_VARIANTS = [1, 2, 3, 4, 5] as const;
export type ServiceLevelVariant = (typeof SERVICE_LEVEL_VARIANTS)[number];

export const VARIANT_FORMULAS: Record<ServiceLevelVariant, string> = {
  1: 'Aw / A (answered only)',
  2: 'Aw / (A + B) (all offered)',
  3: '(Aw + Bw) / (A + B) (abandons within T count as met)',
  4: 'Aw / (A + Ba) (abandons within T ignored)',
  5: 'Aw / (A + B - Bs) (short abandons excluded)',
};

export interface ContactCounts {
  /** A: answered */
  answered: number;
  /** Aw: answered within T */
  answeredWithin: number;
  /** B: abandoned */
  abandoned: number;
  /** Bw: abandoned within T */
  abandonedWithin: number;
  /** Bs: short abandons (under the short-abandon threshold); a subset of Bw when that is ≤ T */
  shortAbandons: number;
}

/** The share met (0–1) for a variant, or null when nothing counts (no contacts in the denominator). */
export function serviceLevel(c: ContactCounts, variant: ServiceLevelVariant): number | null {
  const abandonedAfter = c.abandoned - c.abandonedWithin;
  const [met, offered] = {
    1: [c.answeredWithin, c.answered],
    2: [c.answeredWithin, c.answered + c.abandoned],
    3: [c.answeredWithin + c.abandonedWithin, c.answered + c.abandoned],
    4: [c.answeredWithin, c.answered + abandonedAfter],
    5: [c.answeredWithin, c.answered + c.abandoned - c.shortAbandons],
  }[variant] as [number, number];
  return offered > 0 ? met / offered : null;
}

/** One contact's outcome, as the report classifies it. */
export type ContactOutcome = { kind: 'answered'; waitMs: number } | { kind: 'abandoned'; waitMs: number };

/** Counts contacts into the buckets for threshold T and the short-abandon threshold. */
export function countContacts(
  outcomes: Iterable<ContactOutcome>,
  thresholdMs: number,
  shortAbandonMs: number,
): ContactCounts {
  const c: ContactCounts = {
    answered: 0,
    answeredWithin: 0,
    abandoned: 0,
    abandonedWithin: 0,
    shortAbandons: 0,
  };
  for (const o of outcomes) {
    if (o.kind === 'answered') {
      c.answered++;
      if (o.waitMs <= thresholdMs) c.answeredWithin++;
    } else {
      c.abandoned++;
      if (o.waitMs <= thresholdMs) c.abandonedWithin++;
      if (o.waitMs < shortAbandonMs) c.shortAbandons++;
    }
  }
  return c;
}
