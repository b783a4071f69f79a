import { findPii, maskValue, type PiiSpan } from './pii.js';

/**
 * What an outsourced agent under the brand's masking policy sees of a customer (docs/privacy.md#masking).
 * Pure, no I/O: the modules that show customer data call these on their views when the viewer's
 * Masking (service.ts) says so.
 */

export type IdentityKind = 'email' | 'phone' | 'chat_visitor' | 'external';

/** The first name stays (agents greet the customer by it); every further name becomes its initial. */
export function maskName(name: string): string {
  const text = maskText(name, []);
  if (text !== name) return text;
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return name.trim();
  return [words[0], ...words.slice(1).map((w) => `${[...w][0] ?? ''}.`)].join(' ');
}

/** An identity as a masked viewer sees it; a chat visitor id is an opaque random id and stays. */
export function maskIdentity(kind: IdentityKind, value: string): string {
  switch (kind) {
    case 'email':
      return value.includes('@') ? maskValue('email', value) : maskValue('phone', value);
    case 'phone':
    case 'external':
      return maskValue('phone', value);
    case 'chat_visitor':
      return value;
  }
}

/** A value the customer record names, to find in free text even where its shape alone would not. */
export interface KnownValue {
  kind: IdentityKind | 'surname';
  value: string;
}

/** What of a customer record to look for in text: its emails, phones and ids, and its further names. */
export function knownValuesOf(customer: {
  display_name: string;
  identities: readonly { kind: string; value: string }[];
}): KnownValue[] {
  const known: KnownValue[] = [];
  for (const identity of customer.identities) {
    if (identity.kind === 'chat_visitor') continue;
    known.push({ kind: identity.kind as IdentityKind, value: identity.value });
  }
  for (const word of customer.display_name.trim().split(/\s+/).slice(1)) {
    if ([...word].length >= 2) known.push({ kind: 'surname', value: word });
  }
  return known;
}

type Span = { start: number; end: number; replace: (found: string) => string };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function knownSpans(text: string, known: readonly KnownValue[]): Span[] {
  const spans: Span[] = [];
  for (const { kind, value } of known) {
    const v = value.trim();
    if ([...v].length < (kind === 'surname' ? 2 : 4)) continue;
    // Names as whole words; identities wherever they appear (an email inside a longer string still leaks).
    const pattern =
      kind === 'surname'
        ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(v)}(?![\\p{L}\\p{N}])`, 'giu')
        : new RegExp(escapeRegExp(v), 'giu');
    for (const m of text.matchAll(pattern)) {
      spans.push({
        start: m.index,
        end: m.index + m[0].length,
        replace: (found) => (kind === 'surname' ? `${[...found][0] ?? ''}.` : maskIdentity(kind, found)),
      });
    }
  }
  return spans;
}

/**
 * The text with every piece of personal data masked: what the detector finds by shape and checksum,
 * and the customer's own identities and further names wherever they appear. Detector findings win
 * where both claim the same characters; the rest are applied longest first, never overlapping.
 */
export function maskText(text: string, known: readonly KnownValue[]): string {
  const detected: Span[] = findPii(text).map((s: PiiSpan) => ({
    start: s.start,
    end: s.end,
    replace: (found) => maskValue(s.kind, found),
  }));
  const extra = knownSpans(text, known).sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept = [...detected];
  for (const span of extra) {
    if (kept.some((k) => span.start < k.end && k.start < span.end)) continue;
    kept.push(span);
  }
  kept.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of kept) {
    out += text.slice(at, span.start) + span.replace(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}

/** A customer record (or a ticket's summary of it) as the viewer sees it. */
export function maskedCustomer<
  T extends { id: string; display_name: string; identities?: { kind: string; value: string }[] },
>(masking: { masks(customerId: string): boolean }, customer: T): T {
  if (!masking.masks(customer.id)) return customer;
  return {
    ...customer,
    display_name: maskName(customer.display_name),
    ...(customer.identities
      ? {
          identities: customer.identities.map((i) => ({
            ...i,
            value: maskIdentity(i.kind as IdentityKind, i.value),
          })),
        }
      : {}),
  };
}
