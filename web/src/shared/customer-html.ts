import DOMPurify from 'dompurify';

/**
 * Customer-supplied HTML (emails) is untrusted. It is cleaned with DOMPurify, every link is forced to
 * open in a new tab without an opener or referrer, and the result is shown only inside a sandboxed
 * iframe (no scripts, no same origin) through srcdoc — see SafeHtml.tsx. Never through innerHTML.
 */

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function instance() {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' || node.nodeName === 'AREA') {
      const href = node.getAttribute('href') ?? '';
      if (SAFE_LINK.test(href.trim())) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      } else {
        // javascript:, data:, relative links into Tandem: not a link any more.
        node.removeAttribute('href');
        node.removeAttribute('target');
      }
    } else if (node.hasAttribute?.('target')) {
      node.removeAttribute('target');
    }
  });
  return purifier;
}

const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sanitizeCustomerHtml(html: string): string {
  const purify = instance();
  // DOMPurify hands the input back untouched where it cannot work: show the markup as text instead.
  if (!purify.isSupported) return `<pre>${escapeText(html)}</pre>`;
  return purify.sanitize(html, {
    WHOLE_DOCUMENT: false,
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'base', 'meta', 'link', 'iframe', 'frame'],
    FORBID_ATTR: ['srcset', 'ping', 'formaction', 'action'],
    ALLOW_DATA_ATTR: false,
  });
}

/**
 * The iframe's whole document. Its own CSP (inside the app's, which it inherits) loads no remote
 * resource at all, so tracking pixels stay dark; <base target> is a second guard for links.
 */
export function customerHtmlDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<base target="_blank">
<style>body{font:14px/1.5 system-ui,sans-serif;color:#1a1b1e;margin:8px;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>
</head><body>${sanitizeCustomerHtml(html)}</body></html>`;
}

/** The sandbox tokens: popups so links open, escaping the sandbox so the opened page works normally. */
export const CUSTOMER_HTML_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';
