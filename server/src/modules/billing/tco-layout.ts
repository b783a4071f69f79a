import PDFDocument from 'pdfkit';
import type { z } from 'zod';
import { type Doc, heading, latin1, table } from '../../platform/http/pdf.js';
import { money } from './layout.js';
import type { tcoResult } from './tco.schemas.js';

/**
 * The TCO comparison as a PDF, pure: built from the API's answer (`POST /billing/tco`), so it
 * prints the JSON's numbers: each option alone, each mix part by part with its total, and every
 * assumption. Amounts in major units with their currency (invoice PDF's `money`); cost per
 * contact to the cent of the base currency.
 */

export type TcoResult = z.output<typeof tcoResult>;

const perContact = (minor: number | null, currency: string) =>
  minor === null ? '-' : `${(minor / 100).toFixed(2)} ${currency}`;
const base = (minor: number | null, currency: string) => (minor === null ? '-' : money(minor, currency));

export function renderTco(r: TcoResult, generatedAt = new Date()): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Cost comparison ${r.month}`, Author: 'Tandem', CreationDate: generatedAt },
  });
  doc.font('Helvetica-Bold').fontSize(20).text(`Cost comparison: ${r.month}`, 50);
  doc.font('Helvetica').fontSize(11);
  doc.text(`Contacts forecast: ${r.contacts}`);
  doc.text(`Workload hours: ${r.workload_hours}`);
  doc.text(`Base currency: ${r.base_currency}`);

  const cur = r.base_currency;
  heading(doc, 'Options (the whole forecast each)');
  table(
    doc,
    [140, 60, 105, 105, 85],
    ['Option', 'Contacts', 'Total', `Total (${cur})`, `Per contact (${cur})`],
    r.options.map((o) => [
      o.name,
      String(o.contacts),
      money(o.total_minor, o.currency),
      base(o.total_base_minor, cur),
      perContact(o.cost_per_contact_base_minor, cur),
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  );

  for (const m of r.mixes) {
    heading(doc, `Mix: ${m.name}`);
    table(
      doc,
      [120, 45, 55, 95, 95, 85],
      ['Part', 'Share', 'Contacts', 'Total', `Total (${cur})`, `Per contact (${cur})`],
      [
        ...m.parts.map((p) => [
          p.name,
          `${p.percent}%`,
          String(p.contacts),
          money(p.total_minor, p.currency),
          base(p.total_base_minor, cur),
          perContact(p.cost_per_contact_base_minor, cur),
        ]),
        [
          'Mix total',
          '100%',
          String(r.contacts),
          '',
          base(m.total_base_minor, cur),
          perContact(m.cost_per_contact_base_minor, cur),
        ],
      ],
      ['left', 'right', 'right', 'right', 'right', 'right'],
    );
  }

  heading(doc, 'Assumptions');
  doc
    .fontSize(10)
    .text(latin1(r.assumptions.map((a) => `- ${a}`).join('\n') || '(none)'), 50, doc.y, { width: 495 });
  doc.end();
  return doc;
}
