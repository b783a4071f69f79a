import type { Tx } from '../../platform/db/transaction.js';
import type { Dimension } from './contribution.js';
import type { Figure } from './kpis/ratio.js';

/**
 * Where SLA attainment joins the KPI report. The SLA module owns the timers and the five
 * service-level variants; it registers one function that answers, for a period and a grouping
 * column, the attainment per group value (null key: none set). Until it does, the report leaves
 * `sla_attainment` null and says so in its notes.
 */
export type SlaAttainmentSource = (
  tx: Tx,
  query: { from: string; to: string; column: Dimension; vendorId: string | null },
) => Promise<Map<string | null, Figure>>;

let source: SlaAttainmentSource | undefined;

export function provideSlaAttainment(fn: SlaAttainmentSource | undefined) {
  source = fn;
}

export function slaAttainmentSource(): SlaAttainmentSource | undefined {
  return source;
}
