import type { z } from 'zod';
import type { CsvTable } from '../../platform/http/csv.js';
import type { attainmentReport, missesReport } from './service-level-schemas.js';

/** The month's contract service levels as CSV: the same rows, numbers and scoping as the JSON answer. */
export function attainmentTable(month: string, report: z.output<typeof attainmentReport>): CsvTable {
  return {
    filename: `service-levels-${month}`,
    header: [
      'target_id',
      'target',
      'vendor_id',
      'site_id',
      'variant',
      'target_percent',
      'actual_percent',
      'met',
      'contacts',
      'missed',
    ],
    rows: report.items.map((r) => [
      r.target.id,
      r.target.name,
      r.target.vendor_id,
      r.site_id,
      r.variant,
      r.target_percent,
      r.actual_percent,
      r.met,
      r.contacts_counted,
      r.missed,
    ]),
  };
}

/** The contacts that missed a target's threshold in the month. */
export function missesTable(month: string, report: z.output<typeof missesReport>): CsvTable {
  return {
    filename: `service-level-misses-${month}`,
    header: ['ticket_id', 'number', 'channel', 'created_at', 'outcome', 'wait_ms'],
    rows: report.items.map((m) => [m.ticket_id, m.number, m.channel, m.created_at, m.outcome, m.wait_ms]),
  };
}
