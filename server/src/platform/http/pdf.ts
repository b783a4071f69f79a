/**
 * The PDF helpers every printed document shares (pdfkit, built-in Helvetica): Latin-1 text,
 * section headings, simple tables, and the whole document in memory.
 */

export type Doc = PDFKit.PDFDocument;

const ASCII_FOR: Record<string, string> = {
  '—': '-',
  '–': '-',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '…': '...',
  '→': '->',
};
/** Latin-1 only (the built-in fonts): common punctuation as ASCII, anything else reads as "?". */
export const latin1 = (s: string) =>
  [...s]
    .map((c) => ASCII_FOR[c] ?? (c === '\n' || c === '\t' || /[ -~\u00a0-\u00ff]/.test(c) ? c : '?'))
    .join('');

export function heading(doc: Doc, text: string) {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(latin1(text), 50).font('Helvetica').fontSize(9);
  doc.moveDown(0.3);
}

/**
 * A simple table: fixed column widths, a bold header row, a new page when the page is full.
 * `align` per column (default left); amounts read best right-aligned.
 */
export function table(
  doc: Doc,
  widths: number[],
  header: string[],
  rows: string[][],
  align: ('left' | 'right')[] = [],
) {
  const rowHeight = 14;
  const draw = (cells: string[], bold: boolean) => {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = 50;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(latin1(cell), x, y, {
        width: (widths[i] ?? 80) - 6,
        height: rowHeight - 2,
        ellipsis: true,
        align: align[i] ?? 'left',
      });
      x += widths[i] ?? 80;
    });
    doc.x = 50;
    doc.y = y + rowHeight;
  };
  draw(header, true);
  for (const row of rows) draw(row, false);
  if (rows.length === 0) draw(['(none)'], false);
  doc.font('Helvetica');
}

/** The whole PDF in memory (for a mail attachment or a test). */
export async function pdfBytes(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of doc) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file name safe in a Content-Disposition header: ASCII letters, digits and dashes. */
export function fileSlug(name: string, fallback: string) {
  return (
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || fallback
  );
}
