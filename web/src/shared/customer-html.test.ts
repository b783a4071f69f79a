// @vitest-environment jsdom
// DOMPurify needs a complete DOM (happy-dom's makes it report itself unsupported).
import { describe, expect, it } from 'vitest';
import { CUSTOMER_HTML_SANDBOX, customerHtmlDocument, sanitizeCustomerHtml } from './customer-html';

const parse = (html: string) => new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;

describe('customer HTML', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const clean = sanitizeCustomerHtml(
      '<p onclick="steal()">Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>' +
        '<a href="javascript:alert(3)">click</a><iframe src="https://evil.test"></iframe>' +
        '<form action="https://evil.test"><input name="pw"></form><svg><script>alert(4)</script></svg>',
    );
    expect(clean).not.toMatch(/script|onclick|onerror|javascript:|iframe|<form|<input/i);
    const body = parse(clean);
    expect(body.textContent).toContain('Hi');
    expect(body.querySelector('a')?.hasAttribute('href')).toBe(false);
  });

  it('forces every web link to a new tab without opener or referrer', () => {
    const body = parse(
      sanitizeCustomerHtml(
        '<a href="https://shop.test/order/1" target="_self">order</a> <a href="mailto:a@b.test" rel="opener">mail</a>',
      ),
    );
    const links = [...body.querySelectorAll('a')];
    expect(links).toHaveLength(2);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(links[0]!.getAttribute('href')).toBe('https://shop.test/order/1');
  });

  it('drops relative links into Tandem and targets on other elements', () => {
    const body = parse(sanitizeCustomerHtml('<a href="/api/v1/tokens">x</a><div target="_top">y</div>'));
    expect(body.querySelector('a')?.hasAttribute('href')).toBe(false);
    expect(body.querySelector('div')?.hasAttribute('target')).toBe(false);
  });

  it('is a working DOMPurify here, so these tests prove something', async () => {
    const { default: DOMPurify } = await import('dompurify');
    expect(DOMPurify(window).isSupported).toBe(true);
  });

  it('wraps the clean HTML in a document that loads nothing remote, for a sandbox without scripts', () => {
    const doc = customerHtmlDocument('<p>Hello <img src="https://tracker.test/pixel.gif"></p>');
    expect(doc).toContain("default-src 'none'");
    expect(doc).toContain('<base target="_blank">');
    expect(doc).toContain('Hello');
    expect(CUSTOMER_HTML_SANDBOX.split(' ').sort()).toEqual([
      'allow-popups',
      'allow-popups-to-escape-sandbox',
    ]);
    expect(CUSTOMER_HTML_SANDBOX).not.toMatch(/allow-scripts|allow-same-origin/);
  });
});
