import { z } from 'zod';
import { Invalid } from '../errors.js';

/** Keyset pagination: the cursor is the last row's sort value and id, opaque to clients. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Rows per page (1–200).'),
  cursor: z.string().max(500).optional().describe('nextCursor from the previous page.'),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export interface CursorPosition {
  value: string | number | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [unknown, string];
      if (value === null || typeof value === 'string' || typeof value === 'number') return { value, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new Invalid('The cursor is not one this API issued', [
    { path: 'query.cursor', message: 'malformed cursor' },
  ]);
}

/** Cuts a page fetched with limit + 1 rows and builds the next cursor from the last row kept. */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
  sortValue: (row: T) => string | number | null,
) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ value: sortValue(last), id: last.id }) : null;
  return { items, nextCursor };
}
