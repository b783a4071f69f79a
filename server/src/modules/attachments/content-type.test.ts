import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentDisposition, servedContentType, sniffContentType } from './content-type.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('attachment content types', () => {
  it('sniffs from the bytes, not the name or the declared type', async () => {
    expect(await sniffContentType(PNG)).toBe('image/png');
    expect(await sniffContentType(Buffer.from('%PDF-1.7\n1 0 obj\n'))).toBe('application/pdf');
    expect(await sniffContentType(Buffer.from('Hello, Grüße\n'))).toBe('text/plain');
    expect(await sniffContentType(Buffer.from([0x01, 0x02, 0x03, 0x00, 0x80, 0x81]))).toBeNull();
    expect(await sniffContentType(Buffer.alloc(10, 7))).toBeNull();
  });

  it.each([
    ['image/png', 'image/png'],
    ['application/pdf', 'application/pdf'],
    ['text/plain', 'text/plain; charset=utf-8'],
    ['image/svg+xml', 'application/octet-stream'],
    ['text/html', 'application/octet-stream'],
    ['application/zip', 'application/octet-stream'],
    [null, 'application/octet-stream'],
  ] as Array<[string | null, string]>)('serves %s as %s', (sniffed, served) => {
    expect(servedContentType(sniffed)).toBe(served);
  });

  it('writes an RFC 6266 filename that cannot break out of the header, for any name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (name) => {
        const header = contentDisposition(name);
        const match =
          /^attachment; filename="([\x20-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]*)$/.exec(
            header,
          );
        expect(match, header).not.toBeNull();
        expect(match![1]).not.toMatch(/["\\/;%]/);
        expect(decodeURIComponent(match![2]!)).toBe(name.replace(/[\\/]/g, '_').trim() || 'attachment');
      }),
    );
    expect(contentDisposition('../../etc/passwd')).toBe(
      `attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`,
    );
  });
});
