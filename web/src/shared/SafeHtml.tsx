import { useMemo } from 'react';
import { CUSTOMER_HTML_SANDBOX, customerHtmlDocument } from './customer-html';

/** Customer HTML in a sandboxed iframe without scripts or same-origin access (see customer-html.ts). */
export function SafeHtml({ html, title, textLength }: { html: string; title: string; textLength: number }) {
  const doc = useMemo(() => customerHtmlDocument(html), [html]);
  // Without scripts the frame cannot report its height; estimate from the text, let the user resize.
  const height = Math.min(600, Math.max(90, Math.ceil(textLength / 90) * 22 + 40));
  return (
    <iframe
      title={title}
      srcDoc={doc}
      sandbox={CUSTOMER_HTML_SANDBOX}
      referrerPolicy="no-referrer"
      style={{ width: '100%', height, border: 0, resize: 'vertical', display: 'block' }}
    />
  );
}
