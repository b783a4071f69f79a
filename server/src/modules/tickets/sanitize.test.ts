import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from './sanitize.js';

describe('sanitizeMessageHtml', () => {
  const cases: Array<[string, string, string]> = [
    ['keeps formatting', '<p>Hi <b>there</b><br>ok</p>', '<p>Hi <b>there</b><br />ok</p>'],
    ['drops a script and its text', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['drops a style block', '<style>body{display:none}</style><p>x</p>', '<p>x</p>'],
    [
      'drops event handlers',
      '<img src="https://x.test/a.png" onerror="alert(1)">',
      '<img src="https://x.test/a.png" />',
    ],
    [
      'drops javascript: links',
      '<a href="javascript:alert(1)">x</a>',
      '<a rel="noopener noreferrer nofollow" target="_blank">x</a>',
    ],
    [
      'drops obfuscated javascript: links',
      '<a href="jav&#x09;ascript:alert(1)">x</a>',
      '<a rel="noopener noreferrer nofollow" target="_blank">x</a>',
    ],
    ['drops data: images', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img />'],
    ['drops iframes', '<iframe src="https://evil.test"></iframe>ok', 'ok'],
    ['drops inline styles', '<p style="background:url(javascript:alert(1))">x</p>', '<p>x</p>'],
    ['drops svg with script', '<svg><script>alert(1)</script></svg>x', 'x'],
    ['drops forms', '<form action="https://evil.test"><input name="p"></form>y', 'y'],
    ['escapes a broken tag', '<<script>alert(1)//<</script>', '&lt;'],
    [
      'marks links as external',
      '<a href="https://help.example.com" target="_self" rel="opener">help</a>',
      '<a href="https://help.example.com" target="_blank" rel="noopener noreferrer nofollow">help</a>',
    ],
    [
      'keeps mailto links',
      '<a href="mailto:a@b.co">mail</a>',
      '<a href="mailto:a@b.co" rel="noopener noreferrer nofollow" target="_blank">mail</a>',
    ],
    [
      'drops protocol-relative links',
      '<a href="//evil.test">x</a>',
      '<a rel="noopener noreferrer nofollow" target="_blank">x</a>',
    ],
    ['drops meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.test">z', 'z'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(sanitizeMessageHtml(input)).toBe(expected);
  });

  it('never lets a script tag, handler or javascript: URL through', () => {
    const fragment = fc.constantFrom(
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">',
      '<svg onload=alert(1)>',
      '<p>',
      'text',
      '"',
      '<',
      '>',
      '<body onload=alert(1)>',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const out = sanitizeMessageHtml(parts.join('')).toLowerCase();
        expect(out).not.toMatch(/<script|<svg|<body|\son\w+=|javascript:/);
      }),
    );
  });
});
