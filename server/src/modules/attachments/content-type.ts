import { fileTypeFromBuffer } from 'file-type';

/**
 * What a stored file really is, and how it may be served. Browsers must never render a customer's
 * upload as HTML or script in Tandem's origin, so only a few inert types are served as themselves
 * and everything else downloads as application/octet-stream.
 */

/** Types served as sniffed; SVG is left out on purpose (it can carry script). */
const SERVED_AS_IS = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'application/pdf',
  'text/plain',
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Control bytes that never occur in text (everything below space except tab, LF, FF, CR). */
const BINARY = new Set([...Array(32).keys()].filter((b) => ![9, 10, 12, 13].includes(b)));

/**
 * The content type from the bytes (magic numbers via file-type). Plain text has no magic number: it
 * counts as text/plain only when it is valid UTF-8 without binary control bytes. null: unrecognised.
 */
export async function sniffContentType(bytes: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime;
  if (bytes.some((b) => BINARY.has(b))) return null;
  try {
    utf8.decode(bytes);
    return 'text/plain';
  } catch {
    return null;
  }
}

export function servedContentType(sniffed: string | null): string {
  if (sniffed && SERVED_AS_IS.has(sniffed))
    return sniffed === 'text/plain' ? 'text/plain; charset=utf-8' : sniffed;
  return 'application/octet-stream';
}

/**
 * Content-Disposition: attachment with an RFC 6266 filename: a plain-ASCII fallback (quotes, back
 * slashes, controls and path separators replaced) and the exact name as RFC 8187 filename*.
 */
export function contentDisposition(filename: string): string {
  const name = filename.replace(/[\\/]/g, '_').trim() || 'attachment';
  const fallback = name.replace(/[^\x20-\x7e]|["%;\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
