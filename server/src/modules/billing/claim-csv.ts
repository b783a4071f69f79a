import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import { claimLine } from './reconciliation.schemas.js';

/**
 * The vendor's own invoice as CSV: the columns of Tandem's invoice CSV export (layout.ts
 * `invoiceCsv`), so a vendor can download Tandem's invoice, change it and upload it back.
 * Required columns: kind, currency, model, channel, language, tier, quantity, rate_minor,
 * amount_minor; service_level and description are read when present; any other column (invoice_id,
 * month, status, unit, target_percent …) is ignored. Rows of kind `total` are checked against the
 * sum of the currency's lines and not kept. Pure: text in, lines or row-and-column errors out.
 */

export type ClaimLineInput = z.output<typeof claimLine>;

const REQUIRED = [
  'kind',
  'currency',
  'model',
  'channel',
  'language',
  'tier',
  'quantity',
  'rate_minor',
  'amount_minor',
] as const;
const NUMERIC = new Set(['tier', 'quantity', 'rate_minor', 'amount_minor']);
const READ = [...REQUIRED, 'service_level', 'description'] as const;

/** A cell as the JSON value it stands for: empty is null, a number column's text a number. */
function cell(column: string, text: string | undefined): unknown {
  const s = (text ?? '').trim();
  if (s === '') return null;
  if (NUMERIC.has(column) && /^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}

const at = (row: number, column: string, message: string): FieldError => ({
  path: `body.csv.${row}.${column}`,
  message: `row ${row}, column ${column}: ${message}`,
});

/**
 * The CSV's lines, or the errors naming each bad row (its line in the file, the header being row 1)
 * and column. Any error means no line is kept.
 */
export function parseClaimCsv(
  text: string,
): { ok: true; lines: ClaimLineInput[] } | { ok: false; errors: FieldError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { ok: false, errors: [{ path: 'body.csv', message: `not CSV: ${e.message}` }] };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ path: 'body.csv', message: 'empty: a header row is needed' }] };
  const columns = header.map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length)
    return {
      ok: false,
      errors: missing.map((c) => ({ path: 'body.csv.1', message: `row 1: the header lacks column ${c}` })),
    };

  const errors: FieldError[] = [];
  const lines: ClaimLineInput[] = [];
  const totals: Array<{ row: number; currency: unknown; amount: unknown }> = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const value = (c: string) => cell(c, cells[columns.indexOf(c)]);
    if (value('kind') === 'total') {
      totals.push({ row, currency: value('currency'), amount: value('amount_minor') });
      return;
    }
    const raw = Object.fromEntries(READ.filter((c) => columns.includes(c)).map((c) => [c, value(c)]));
    const parsed = claimLine.safeParse(raw);
    if (parsed.success) lines.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        errors.push(at(row, String(issue.path[0] ?? 'kind'), issue.message));
  });
  if (!errors.length)
    for (const t of totals) {
      const sum = lines.filter((l) => l.currency === t.currency).reduce((s, l) => s + l.amount_minor, 0);
      if (t.amount !== sum)
        errors.push(
          at(t.row, 'amount_minor', `the ${String(t.currency)} total is not the sum of its lines (${sum})`),
        );
    }
  if (!lines.length && !errors.length) errors.push({ path: 'body.csv', message: 'no lines' });
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}
