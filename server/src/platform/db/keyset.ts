import { type SelectQueryBuilder, sql } from 'kysely';
import type { CursorPosition } from '../http/pagination.js';

/**
 * Orders by (column, id) and continues after the cursor with a row comparison, which one index on
 * (column, id) serves. Fetches limit + 1 rows so toPage() can tell whether another page exists.
 */
export function keysetPage<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  column: string,
  direction: 'asc' | 'desc',
  limit: number,
  cursor: CursorPosition | undefined,
  idColumn = 'id',
): SelectQueryBuilder<DB, TB, O> {
  let q = qb;
  if (cursor) {
    const op = direction === 'asc' ? sql.raw('>') : sql.raw('<');
    q = q.where(
      sql<boolean>`(${sql.ref(column)}, ${sql.ref(idColumn)}) ${op} (${cursor.value}, ${cursor.id})`,
    );
  }
  return q
    .orderBy(sql.ref(column), direction)
    .orderBy(sql.ref(idColumn), direction)
    .limit(limit + 1);
}
