import PDFDocument from 'pdfkit';
import { type Doc, heading, latin1, pdfBytes, table } from '../../platform/http/pdf.js';
import type { FigureKind, PackFigure, ReviewPack } from './pack.js';

/**
 * The PDF layout of a review pack: pure, from a ReviewPack to a pdfkit document (a readable stream
 * of the PDF bytes). The standard Helvetica font carries Latin-1 only, so text keeps to it.
 */

export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function formatValue(kind: FigureKind, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  switch (kind) {
    case 'seconds':
      return formatSeconds(value);
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'nps':
      return `${value > 0 ? '+' : ''}${value.toFixed(0)}`;
    case 'ces':
      return value.toFixed(2);
    case 'count':
      return String(value);
  }
}

const parts = (kind: FigureKind, f: PackFigure) =>
  kind === 'count' ? '' : `${kind === 'seconds' ? Math.round(f.numerator) : f.numerator} / ${f.denominator}`;

export function renderPack(pack: ReviewPack): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: latin1(`Monthly business review ${pack.vendor.name} ${pack.month}`),
      Author: 'Tandem',
      CreationDate: new Date(pack.generatedAt),
    },
  });

  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(latin1(`Monthly business review: ${pack.vendor.name}`));
  doc.font('Helvetica').fontSize(11);
  doc.text(`Month: ${pack.month} (${pack.tz})`);
  doc.text(`Generated at: ${pack.generatedAt}`);
  doc.fontSize(9).text(`Period: ${pack.from} to ${pack.to} (end exclusive)`);

  heading(doc, 'Scorecard');
  doc.text(`Contacts: ${pack.contacts}`);
  doc.moveDown(0.3);
  table(
    doc,
    [120, 65, 100, 210],
    ['Figure', 'Value', 'Num. / den.', 'Definition'],
    pack.scorecard.map((l) => [
      l.label,
      formatValue(l.kind, l.figure.value),
      parts(l.kind, l.figure),
      l.kind === 'count' ? '' : l.figure.variant,
    ]),
  );
  doc.text(
    `Backlog at ${pack.backlog.at}: ${pack.backlog.open} open` +
      (pack.backlog.oldestSeconds === null ? '' : `, oldest ${formatSeconds(pack.backlog.oldestSeconds)}`),
    50,
  );

  heading(doc, 'Weekly trend (weeks from Monday, cut to the month)');
  table(
    doc,
    [80, 60, 100, 100, 70, 90],
    ['Week of', 'Contacts', 'First response', 'Resolution', 'CSAT', 'SLA met'],
    pack.weeks.map((w) => [
      w.start,
      String(w.contacts),
      formatValue('seconds', w.firstResponse.value),
      formatValue('seconds', w.resolution.value),
      formatValue('share', w.csat.value),
      `${formatValue('share', w.sla.value)} (${w.sla.numerator}/${w.sla.denominator})`,
    ]),
  );

  heading(doc, 'Contract service levels (calendar month, UTC)');
  table(
    doc,
    [170, 60, 60, 150, 60],
    ['Target', 'Target %', 'Actual %', 'Verdict', 'Contacts'],
    pack.serviceLevels.map((s) => [
      s.name,
      `${s.targetPercent}%`,
      s.actualPercent === null ? 'n/a' : `${s.actualPercent}%`,
      s.met === null
        ? 'no decided contacts'
        : s.met
          ? 'met'
          : `missed by ${(s.targetPercent - (s.actualPercent ?? 0)).toFixed(2)} points`,
      String(s.contactsCounted),
    ]),
  );
  if (pack.misses.length) {
    doc.moveDown(0.5).text('Contacts that missed a threshold:', 50);
    table(
      doc,
      [150, 60, 60, 130, 70, 60],
      ['Target', 'Ticket', 'Channel', 'Created', 'Outcome', 'Wait'],
      pack.misses.map((m) => [
        m.target,
        `#${m.number}`,
        m.channel,
        m.createdAt,
        m.outcome,
        formatSeconds(m.waitMs / 1000),
      ]),
    );
  }

  heading(doc, 'Top contact reasons (tags of tickets created in the month)');
  table(
    doc,
    [250, 80],
    ['Tag', 'Tickets'],
    pack.topReasons.map((r) => [r.tag, String(r.count)]),
  );

  heading(doc, 'Comments');
  doc.fontSize(10).text(latin1(pack.comments || '(no comments)'), 50, doc.y, { width: 495 });

  doc.end();
  return doc;
}

/** The whole PDF in memory (for a mail attachment). */
export async function renderPackBytes(pack: ReviewPack): Promise<Buffer> {
  return pdfBytes(renderPack(pack));
}
