import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one CSV writer: every table a screen shows can be downloaded as the API's CSV of the same
 * numbers. Quoting is csv-stringify's (RFC 4180, CRLF lines); the formula guard is ours.
 */

export { csvFormat } from './csv-format.js';

/** A table to download: its file name (without .csv), header and one array of cells per line. */
export interface CsvTable {
  filename: string;
  header: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/** A cell as text, with a leading =, +, - or @ neutralised: a spreadsheet would run it as a formula. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
}

/** Header and rows as CSV text: CRLF after every line, quotes only where a cell needs them. */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const records = [header, ...rows].map((cells) => cells.map(csvCell));
  return stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** `?format=csv`, or no format and an Accept header naming text/csv. */
export function wantsCsv(request: FastifyRequest): boolean {
  const format = (request.query as { format?: string } | undefined)?.format;
  if (format !== undefined) return format === 'csv';
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

/**
 * A route's answer: the JSON body, or when the caller asked for CSV the same body as a table.
 * The table is built from the body itself, so both carry the same numbers and the same scoping.
 */
export function jsonOrCsv<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  body: T,
  table: (body: T) => CsvTable,
): T | FastifyReply {
  if (!wantsCsv(request)) return body;
  const { filename, header, rows } = table(body);
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}.csv"`)
    .send(csvText(header, rows) as never); // text, not the JSON schema
}
