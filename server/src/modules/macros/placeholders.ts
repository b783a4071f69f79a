/**
 * Macro placeholders: `{{customer.name}}` and friends, spaces inside the braces allowed. Rendering is
 * one pass of string replacement over a fixed list of names — no expressions, no template engine that
 * could run code — and a value is never scanned again, so a customer called "{{agent.name}}" stays
 * just that text.
 */

export const PLACEHOLDERS = [
  'customer.name',
  'customer.first_name',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'agent.first_name',
  'brand.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/** Names between double braces that are not placeholders, in order of first appearance. */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const match of body.matchAll(PATTERN)) {
    if (!KNOWN.has(match[1]!)) unknown.add(match[1]!);
  }
  return [...unknown];
}

/** The first word of a name ("Ana Cruz" → "Ana"); the whole name when it has one word. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** Fills every known placeholder; unknown ones (which saving refuses) are left as written. */
export function renderMacro(body: string, values: PlaceholderValues): string {
  return body.replace(PATTERN, (whole, name: string) =>
    KNOWN.has(name) ? values[name as Placeholder] : whole,
  );
}
