import PDFDocument from 'pdfkit';
import type { z } from 'zod';
import type { CsvTable } from '../../platform/http/csv.js';
import { type Doc, fileSlug, heading, latin1, table } from '../../platform/http/pdf.js';
import type { invoiceView } from './schemas.js';

/**
 * An invoice's exports, pure: the CSV table of its lines and totals, and its PDF (pdfkit, the
 * same helpers as the business review pack). Both are built from the API's invoice view, so
 * they carry its numbers. Amounts are integers in minor units; the PDF prints them in major
 * units with an exponent of 2 (no currency with another exponent is supported yet).
 */

export type InvoiceView = z.output<typeof invoiceView>;
export interface InvoiceDocument {
  invoice: InvoiceView;
  vendorName: string;
  contractName: string;
}

const MINOR_EXPONENT = 2;

/** An integer amount of minor units in major units, exactly: -10100 → "-101.00". */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(minor))).padStart(MINOR_EXPONENT + 1, '0');
  return `${sign}${digits.slice(0, -MINOR_EXPONENT)}.${digits.slice(-MINOR_EXPONENT)}`;
}

/** An amount with its currency: "909.00 EUR". */
export const money = (minor: number, currency: string) => `${formatMinor(minor)} ${currency}`;

/** A rate (minor units, up to 4 decimals) in major units: at least 2 decimals, more only when set. */
export function formatRate(rateMinor: number): string {
  const fixed = (rateMinor / 10 ** MINOR_EXPONENT).toFixed(MINOR_EXPONENT + 4);
  return fixed.replace(/(\.\d{2}\d*?)0+$/, '$1');
}

export const invoiceFilename = (d: InvoiceDocument, ext: 'csv' | 'pdf') =>
  `invoice-${fileSlug(d.vendorName, 'vendor')}-${d.invoice.month}${ext === 'pdf' ? '.pdf' : ''}`;

/** The CSV: one row per line, then one `total` row per currency; minor units with the currency. */
export function invoiceCsv(invoice: InvoiceView, filename: string): CsvTable {
  const header = [
    'invoice_id',
    'month',
    'status',
    'kind',
    'currency',
    'model',
    'channel',
    'language',
    'tier',
    'quantity',
    'unit',
    'rate_minor',
    'amount_minor',
    'description',
    'service_level',
    'target_percent',
    'actual_percent',
    'points',
  ];
  const head = [invoice.id, invoice.month, invoice.status];
  const rows: unknown[][] = invoice.lines.map((l) => [
    ...head,
    l.kind,
    l.currency,
    l.model,
    l.channel,
    l.language,
    l.tier,
    l.quantity,
    l.unit,
    l.rate_minor,
    l.amount_minor,
    l.description,
    l.service_level?.name,
    l.service_level?.target_percent,
    l.service_level?.actual_percent,
    l.service_level?.points,
  ]);
  for (const [currency, t] of Object.entries(invoice.totals))
    rows.push(
      [...head, 'total', currency, null, null, null, null, null, null, null, t.total_minor, 'total'].concat([
        null,
        null,
        null,
        null,
      ]),
    );
  return { filename, header, rows };
}

export function renderInvoice(d: InvoiceDocument, generatedAt = new Date()): Doc {
  const { invoice } = d;
  const draft = invoice.status === 'draft';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: latin1(`${draft ? 'DRAFT ' : ''}Invoice ${d.vendorName} ${invoice.month}`),
      Author: 'Tandem',
      CreationDate: generatedAt,
    },
  });

  if (draft) {
    doc.font('Helvetica-Bold').fontSize(16).fillColor('#c00000').text('DRAFT - not approved', 50);
    doc.fillColor('black').moveDown(0.3);
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(latin1(`Invoice: ${d.vendorName}`), 50);
  doc.font('Helvetica').fontSize(11);
  doc.text(latin1(`Contract: ${d.contractName}`));
  doc.text(`Month: ${invoice.month}`);
  doc.text(
    `Status: ${draft ? 'DRAFT' : 'approved'}` +
      (invoice.approved_at
        ? ` (approved at ${invoice.approved_at})`
        : ` (computed at ${invoice.computed_at})`),
  );
  doc.fontSize(9).text(`Invoice id: ${invoice.id}`);

  heading(doc, 'Lines');
  table(
    doc,
    [185, 60, 70, 70, 110],
    ['Line', 'Quantity', 'Unit', 'Rate', 'Amount'],
    invoice.lines
      .filter((l) => l.kind !== 'credit' && l.kind !== 'bonus')
      .map((l) => [
        l.description,
        String(l.quantity),
        l.unit,
        `${formatRate(l.rate_minor)} ${l.currency}`,
        money(l.amount_minor, l.currency),
      ]),
    ['left', 'right', 'left', 'right', 'right'],
  );

  const credits = invoice.lines.filter((l) => l.kind === 'credit' || l.kind === 'bonus');
  heading(doc, 'Service-level credits and bonuses');
  table(
    doc,
    [125, 55, 55, 50, 110, 100],
    ['Service level', 'Target', 'Actual', 'Points', 'Applied', 'Amount'],
    credits.map((l) => [
      `${l.kind === 'bonus' ? 'Bonus: ' : ''}${l.service_level?.name ?? l.description}`,
      l.service_level ? `${l.service_level.target_percent}%` : '',
      l.service_level ? `${l.service_level.actual_percent}%` : '',
      l.service_level ? String(l.service_level.points) : '',
      l.service_level
        ? `${l.service_level.percent_applied}% of fees${l.service_level.capped ? ' (capped)' : ''}`
        : '',
      money(l.amount_minor, l.currency),
    ]),
    ['left', 'right', 'right', 'right', 'left', 'right'],
  );
  for (const l of credits) doc.fontSize(8).text(latin1(l.description), 50, doc.y, { width: 495 });

  heading(doc, 'Totals');
  table(
    doc,
    [70, 110, 110, 110, 110],
    ['Currency', 'Fees', 'Credits', 'Bonuses', 'Total'],
    Object.entries(invoice.totals).map(([currency, t]) => [
      currency,
      money(t.fees_minor, currency),
      money(t.credits_minor, currency),
      money(t.bonuses_minor, currency),
      money(t.total_minor, currency),
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  );

  heading(doc, 'Notes');
  doc
    .fontSize(10)
    .text(
      latin1(invoice.notes.length ? invoice.notes.map((n) => `- ${n}`).join('\n') : '(no notes)'),
      50,
      doc.y,
      {
        width: 495,
      },
    );

  doc.end();
  return doc;
}
