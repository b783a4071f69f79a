/**
 * What the inbox search box sends, made ready for PostgreSQL's websearch_to_tsquery (which accepts
 * any text: quotes for phrases, "or", a leading "-" to exclude). This only cleans the text up: control
 * and formatting characters out, whitespace collapsed, length bounded. A search for "#1234" or "1234"
 * also matches that ticket number.
 */

export const MAX_SEARCH_CHARS = 200;

export interface SearchQuery {
  /** Text for websearch_to_tsquery('simple', …); null when nothing searchable is left. */
  text: string | null;
  /** The ticket number the query names, if it is one. */
  number: number | null;
}

// Cc: control, Cf: format (zero-width, bidi overrides), Co: private use, Cs: lone surrogates.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;

export function searchQuery(raw: string): SearchQuery {
  const text = raw.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const bounded = cut(text, MAX_SEARCH_CHARS);
  const numberMatch = /^#?(\d{1,15})$/.exec(bounded);
  const number = numberMatch ? Number(numberMatch[1]) : null;
  // Something a tsquery can hold: at least one letter or digit.
  const searchable = /[\p{L}\p{N}]/u.test(bounded);
  return { text: searchable ? bounded : null, number: number && number > 0 ? number : null };
}

/** At most `max` characters, never splitting a surrogate pair, without trailing space. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}
